//! The `:` history on disk: one command per line in the data folder (beside the
//! unfinished-jobs journal), written 0600 as a new file renamed into place, and read without
//! following a symbolic link, as every file wsfleet keeps.

use crate::private_file::{read_no_follow, write_atomically};
use std::path::Path;

const FILE: &str = "command-history";
/// More than `app::history::KEEP` lines of any sane length: a bigger file is not ours.
const MAX_BYTES: usize = 64 * 1024;

/// The saved commands, oldest first; none when there is no file or it cannot be read.
pub fn load(dir: &Path) -> Vec<String> {
    match read_no_follow(&dir.join(FILE)) {
        Ok(Some(bytes)) if bytes.len() <= MAX_BYTES => String::from_utf8_lossy(&bytes)
            .lines()
            .map(str::to_string)
            .collect(),
        _ => vec![],
    }
}

/// Replace the saved commands with `entries`.
pub fn save(dir: &Path, entries: &[String]) -> std::io::Result<()> {
    // A command is one line (the prompt takes no newline); be sure of it.
    let text: String = entries
        .iter()
        .map(|e| format!("{}\n", e.replace(['\n', '\r'], " ")))
        .collect();
    write_atomically(dir, &dir.join(FILE), text.as_bytes())
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
