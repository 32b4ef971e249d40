//! Journal entries this wsfleet will not act on (an unknown action, parameters no form would
//! accept, a bad Region, another profile's entry: a file edited by hand or by another
//! version) are moved, whole and with the reason, to `unfinished-<profile>.set-aside.json`
//! beside the journal, and said once. Never resumed, never deleted silently: the user can
//! read them there.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// An entry of the journal that cannot be acted on, and why.
pub(super) type Aside = (serde_json::Value, String);

#[derive(Debug, Default, Serialize, Deserialize)]
struct AsideFile {
    entries: Vec<AsideEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct AsideEntry {
    /// When it was set aside (Unix seconds).
    at: i64,
    why: String,
    entry: serde_json::Value,
}

/// Append `aside` to the profile's set-aside file `file` (`journal::aside_path`) in `dir`; a
/// line per entry for the notice ("the 'Foo' entry (key …): why — kept in PATH"). Fails (and
/// the journal is then not rewritten) when the file cannot be written: an entry is never lost.
pub(super) fn set_aside(dir: &Path, file: &Path, aside: Vec<Aside>) -> Result<Vec<String>, String> {
    if aside.is_empty() {
        return Ok(vec![]);
    }
    let mut kept: AsideFile = match crate::private_file::read_no_follow(file) {
        Ok(Some(bytes)) => serde_json::from_slice(&bytes)
            .map_err(|e| format!("{}: not readable: {e}", file.display()))?,
        Ok(None) => AsideFile::default(),
        Err(e) => return Err(format!("{}: {e}", file.display())),
    };
    let now = chrono::Utc::now().timestamp();
    let mut said = vec![];
    for (entry, why) in aside {
        let key = entry.get("key").and_then(|k| k.as_str()).unwrap_or("?");
        said.push(format!(
            "journal entry {key} set aside ({why}): kept in {}",
            file.display()
        ));
        kept.entries.push(AsideEntry {
            at: now,
            why,
            entry,
        });
    }
    let text = serde_json::to_vec_pretty(&kept).map_err(|e| e.to_string())?;
    crate::private_file::write_atomically(dir, file, &text)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(said)
}
