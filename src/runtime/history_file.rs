//! The `:` history on disk: one command per line in the data folder (beside the
//! unfinished-jobs journal), written 0600 as a new file renamed into place, and read without
//! following a symbolic link, as every file wsfleet keeps.

use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

const FILE: &str = "command-history";
/// More than `app::history::KEEP` lines of any sane length: a bigger file is not ours.
const MAX_BYTES: u64 = 64 * 1024;

/// The saved commands, oldest first; none when there is no file or it cannot be read.
pub fn load(dir: &Path) -> Vec<String> {
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(dir.join(FILE));
    let mut text = String::new();
    match opened.and_then(|f| f.take(MAX_BYTES).read_to_string(&mut text)) {
        Ok(_) => text.lines().map(str::to_string).collect(),
        Err(_) => vec![],
    }
}

/// Replace the saved commands with `entries`.
pub fn save(dir: &Path, entries: &[String]) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let tmp = dir.join(format!(".{FILE}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        for e in entries {
            // A command is one line (the prompt takes no newline); be sure of it.
            writeln!(f, "{}", e.replace(['\n', '\r'], " "))?;
        }
        f.flush()?;
        std::fs::rename(&tmp, dir.join(FILE))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_commands_come_back_and_a_link_is_not_followed() {
        let dir = std::env::temp_dir().join(format!("wsfleet-history-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(load(&dir).is_empty());
        save(&dir, &["ws".into(), "sort user desc".into()]).unwrap();
        assert_eq!(load(&dir), ["ws", "sort user desc"]);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join(FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::remove_file(dir.join(FILE)).unwrap();
        std::fs::write(dir.join("elsewhere"), "secret\n").unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join(FILE)).unwrap();
        assert!(load(&dir).is_empty(), "never read through a link");
        std::fs::remove_dir_all(&dir).ok();
    }
}
