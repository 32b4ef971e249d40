//! The files wsfleet keeps for the user (the unfinished-jobs journal, the warm-start cache,
//! the `:` history): read without following a symbolic link, written 0600 as a new file
//! renamed into place. One place for the rule, so every such file keeps it.

use std::fs::{DirBuilder, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The file's bytes; `None` when there is none. A symbolic link is refused, never followed
/// (it could point at another user's file): the error says so.
pub fn read_no_follow(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let opened = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path);
    let mut bytes = vec![];
    match opened.and_then(|mut f| f.read_to_end(&mut bytes)) {
        Ok(_) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => Err(std::io::Error::other(
            "a symbolic link, which is never followed",
        )),
        Err(e) => Err(e),
    }
}

/// Replace `file` (in `dir`, created 0700 if missing) with `bytes`. Each write has a
/// temporary file of its own (process ID and a counter), so two writers never share one;
/// the rename makes the new content appear whole or not at all, and replaces a link itself,
/// never what it points at.
pub fn write_atomically(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = OpenOptions::new()
            .create_new(true)
            .write(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        std::fs::rename(&tmp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
