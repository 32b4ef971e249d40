//! The files wsfleet keeps for the user (the audit log, the unfinished-jobs journal, the
//! warm-start cache, the `:` history, exports): opened without following a symbolic link and
//! without blocking, and only if they are regular files (a FIFO, a device, a socket or a
//! directory in their place is refused with what it is: reading a FIFO waits forever for a
//! writer, and writing to /dev/full would change a device); written 0600 as a new file renamed
//! into place, so wsfleet never changes the mode of a file it did not create. One place for
//! the rule, so every such file keeps it.

use std::fs::{DirBuilder, File, Metadata, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, OpenOptionsExt};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a file that is not a regular file is, in words ("a FIFO"); `None` for a regular
/// file.
pub fn not_regular(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_symlink() {
        Some("a symbolic link")
    } else {
        Some("not a regular file")
    }
}

fn link() -> std::io::Error {
    std::io::Error::other("a symbolic link, which is never followed")
}

fn refused(what: &str) -> std::io::Error {
    std::io::Error::other(format!("{what}, not a regular file: refused"))
}

/// Open `path` with `options`: never through a symbolic link, never blocking (a FIFO opened
/// for reading waits for a writer), and only a regular file. What is in the way is looked at
/// before opening (opening a device can act on it) and the opened file again after.
pub fn open_regular(options: &mut OpenOptions, path: &Path) -> std::io::Result<File> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(link()),
        Ok(meta) => {
            if let Some(what) = not_regular(&meta) {
                return Err(refused(what));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let file = options
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => link(),
            Some(libc::ENXIO) => refused("a FIFO or socket"),
            _ => e,
        })?;
    if let Some(what) = not_regular(&file.metadata()?) {
        return Err(refused(what));
    }
    Ok(file)
}

/// The file's bytes; `None` when there is none. A symbolic link is refused, never followed
/// (it could point at another user's file), as is anything but a regular file: the error
/// says so.
pub fn read_no_follow(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let opened = open_regular(OpenOptions::new().read(true), path);
    let mut bytes = vec![];
    match opened.and_then(|mut f| f.read_to_end(&mut bytes)) {
        Ok(_) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Replace `file` (in `dir`, created 0700 if missing) with `bytes`. Each write has a
/// temporary file of its own (process ID and a counter), so two writers never share one;
/// the rename makes the new content appear whole or not at all, and replaces a link itself,
/// never what it points at.
pub fn write_atomically(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    create_private_dir(dir)?;
    replace(file, bytes)
}

/// `dir` and any missing parents, created 0700 (never with the umask's looser mode).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

/// Replace `file` with `bytes`: a new 0600 file beside it, renamed over it. Whatever stood
/// there (a link, a file of another mode) is replaced, never written through or chmodded.
pub fn replace(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
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
