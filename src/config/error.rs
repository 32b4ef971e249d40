use std::fmt;
use std::path::{Path, PathBuf};

/// A config file wsfleet cannot use: where, which key, and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigError {
    Invalid {
        path: PathBuf,
        line: usize,
        key: Option<String>,
        message: String,
    },
    Unreadable {
        path: PathBuf,
        reason: String,
    },
}

impl std::error::Error for ConfigError {}

impl fmt::Display for ConfigError {
    /// Everything here may come from the file (a key, a value quoted in the message, even the
    /// path): control characters are shown escaped, never sent to the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Invalid {
                path,
                line,
                key,
                message,
            } => {
                write!(f, "{}:{line}: ", printable(&path.display().to_string()))?;
                if let Some(k) = key {
                    write!(f, "key `{}`: ", printable(k))?;
                }
                write!(f, "{}", printable(message))
            }
            ConfigError::Unreadable { path, reason } => write!(
                f,
                "{}: cannot read: {}",
                printable(&path.display().to_string()),
                printable(reason)
            ),
        }
    }
}

/// `s` with every control character (ESC, BEL, CR, …) written as `\u{1b}`: a file's bytes
/// must not move the cursor, set a title or ring a bell when an error shows them.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Like [`printable`], but line breaks stay: for messages of several lines printed on the
/// terminal (setup errors from the credential chain, the service or a file).
pub fn printable_lines(s: &str) -> String {
    s.split('\n').map(printable).collect::<Vec<_>>().join("\n")
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The key assigned on a line, if the line is `key = value`.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (k, _) = l.split_once('=')?;
    let k = k.trim().trim_matches('"');
    (!k.is_empty() && !k.starts_with('#')).then(|| k.to_string())
}

impl ConfigError {
    pub fn from_toml(path: &Path, text: &str, e: &toml::de::Error) -> Self {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            key: key_on_line(text, line),
            message: e.message().trim().to_string(),
        }
    }

    /// The same place, with `message` as it is (not "must be …").
    pub fn reworded(self, message: &str) -> Self {
        match self {
            ConfigError::Invalid {
                path, line, key, ..
            } => ConfigError::Invalid {
                path,
                line,
                key,
                message: message.to_string(),
            },
            other => other,
        }
    }

    /// A value that parsed but breaks a rule; points at the line where `key` is set.
    pub fn for_key(path: &Path, text: &str, key: &str, allowed: &str) -> Self {
        let line = text
            .lines()
            .position(|l| {
                l.split_once('=').is_some_and(|(k, _)| {
                    k.trim().trim_matches('"') == key && !l.trim_start().starts_with('#')
                })
            })
            .map(|i| i + 1)
            .unwrap_or(1);
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            key: Some(key.to_string()),
            message: format!("must be {allowed}"),
        }
    }
}

#[cfg(test)]
mod control_bytes {
    use super::*;

    #[test]
    fn control_bytes_from_a_file_are_shown_escaped() {
        let e = ConfigError::Invalid {
            path: "c.toml".into(),
            line: 2,
            key: Some("\u{1b}[31mred".into()),
            message: "unknown field `\u{1b}]0;owned\u{7}`".into(),
        };
        let shown = e.to_string();
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(shown.contains("\\u{1b}[31mred"), "{shown}");
    }
}
