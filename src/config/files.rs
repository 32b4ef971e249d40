//! Reading the config and theme files: only regular files under 1 MiB, as UTF-8. A theme
//! symlinked to `/dev/zero` or a FIFO would otherwise be read until memory runs out (or
//! forever), and a binary file deserves its byte offset, not a parser's confusion.

use std::io::Read;
use std::path::Path;

/// The largest config or theme file read.
pub const MAX_BYTES: u64 = 1 << 20;

/// Why a file could not be read as text.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    /// Anything else, in words that name the problem (the caller names the file).
    Refused(String),
}

/// The file's text, if it is a regular file of at most `MAX_BYTES` in UTF-8.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::NotFound),
        Err(e) => return Err(ReadError::Refused(e.to_string())),
    };
    if !meta.is_file() {
        return Err(ReadError::Refused("not a regular file".into()));
    }
    if meta.len() > MAX_BYTES {
        return Err(ReadError::Refused(format!(
            "{} bytes: larger than the {MAX_BYTES} bytes a config or theme may be",
            meta.len()
        )));
    }
    let mut bytes = vec![];
    // Read at most one byte past the limit, in case the file grew since `metadata`.
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| ReadError::Refused(e.to_string()))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::Refused(format!(
            "larger than the {MAX_BYTES} bytes a config or theme may be"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Refused(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("wsfleet-files-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d.join(name)
    }

    #[test]
    fn only_small_regular_utf8_files_are_read() {
        let ok = temp("ok.toml");
        std::fs::write(&ok, "a = 1\n").unwrap();
        assert_eq!(read_text(&ok).unwrap(), "a = 1\n");
        assert_eq!(read_text(&temp("missing.toml")), Err(ReadError::NotFound));
        let Err(ReadError::Refused(why)) = read_text(Path::new("/dev/zero")) else {
            panic!("a device is refused");
        };
        assert_eq!(why, "not a regular file");
        let dir = temp("a-folder");
        std::fs::create_dir_all(&dir).unwrap();
        assert!(matches!(read_text(&dir), Err(ReadError::Refused(_))));
        let binary = temp("binary.toml");
        std::fs::write(&binary, b"key = 1\n\xff\xfe").unwrap();
        assert_eq!(
            read_text(&binary),
            Err(ReadError::Refused(
                "not UTF-8 text (invalid byte at offset 8)".into()
            ))
        );
        let huge = temp("huge.toml");
        std::fs::write(&huge, vec![b'#'; (MAX_BYTES + 1) as usize]).unwrap();
        assert!(matches!(read_text(&huge), Err(ReadError::Refused(w)) if w.contains("larger")));
    }
}
