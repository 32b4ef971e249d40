//! `:export csv|json PATH`: the active pane's view (filtered and sorted as shown, every
//! column) written to a file. Parsing happens in the key handler; writing in the run loop.

use crate::table::resource::CellValue;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    fn from_word(w: &str) -> Option<Format> {
        match w.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

pub const USAGE: &str =
    "usage: :export csv|json PATH  (or :export PATH.csv / PATH.json; :export! overwrites)";

/// Whether a `:` command is an export (so the prompt routes it here).
pub fn is_export(cmd: &str) -> bool {
    let mut words = cmd.split_whitespace();
    words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("export") || w.eq_ignore_ascii_case("export!"))
}

/// `:export! …` overwrites an existing file (k9s style); `:export …` never does.
pub fn is_forced(cmd: &str) -> bool {
    cmd.split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("export!"))
}

/// Parse `export csv PATH`, `export json PATH` or `export PATH.csv|PATH.json`.
pub fn parse(cmd: &str) -> Result<(Format, PathBuf), String> {
    let rest = cmd
        .trim()
        .split_once(char::is_whitespace)
        .map(|(_, r)| r.trim())
        .unwrap_or("");
    if rest.is_empty() {
        return Err(USAGE.into());
    }
    let (first, after) = match rest.split_once(char::is_whitespace) {
        Some((f, a)) => (f, a.trim()),
        None => (rest, ""),
    };
    if let Some(format) = Format::from_word(first) {
        if after.is_empty() {
            return Err(USAGE.into());
        }
        return Ok((format, expand_home(after)));
    }
    let ext = Path::new(rest)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_word);
    match ext {
        Some(format) => Ok((format, expand_home(rest))),
        None => Err(USAGE.into()),
    }
}

/// `~/x` means under the home directory, as in a shell.
fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

/// One row as a JSON object, keys in column order: numbers as numbers, times as ISO 8601
/// strings, nothing known as null.
pub struct JsonRow<'a>(pub &'a [&'static str], pub &'a [CellValue]);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter().zip(self.1) {
            let value = match v {
                CellValue::Number(n) => json_number(*n),
                CellValue::Empty => serde_json::Value::Null,
                other => serde_json::Value::String(other.text()),
            };
            m.serialize_entry(k, &value)?;
        }
        m.end()
    }
}

/// A number as JSON: whole numbers (counts, days, GiB) as integers, others as floats;
/// NaN and infinities (never exported: see `Column::value`) as null.
fn json_number(n: f64) -> serde_json::Value {
    // Below 2^53 every whole f64 is an exact i64.
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        return serde_json::Value::from(n as i64);
    }
    serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// The file's bytes.
pub fn render(
    format: Format,
    headers: &[&'static str],
    rows: &[Vec<CellValue>],
) -> Result<Vec<u8>, String> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(vec![]);
            w.write_record(headers).map_err(|e| e.to_string())?;
            for r in rows {
                let cells = r.iter().map(CellValue::text);
                w.write_record(cells).map_err(|e| e.to_string())?;
            }
            w.into_inner().map_err(|e| e.to_string())
        }
        Format::Json => {
            let objs: Vec<JsonRow> = rows.iter().map(|r| JsonRow(headers, r)).collect();
            let mut out = serde_json::to_vec_pretty(&objs).map_err(|e| e.to_string())?;
            out.push(b'\n');
            Ok(out)
        }
    }
}

/// Write the export; the answer is the notice for the status line. The file is created 0600
/// (it names users), never through a symbolic link, and an existing one is replaced only when
/// `force` (`:export!`).
pub fn write(
    format: Format,
    path: &Path,
    force: bool,
    plural: &str,
    headers: &[&'static str],
    rows: &[Vec<CellValue>],
) -> String {
    let result = render(format, headers, rows).and_then(|bytes| save(path, force, &bytes));
    match result {
        Ok(()) => format!("exported {} {plural} to {}", rows.len(), path.display()),
        Err(e) => format!("export to {} failed: {e}", path.display()),
    }
}

/// A new file is created 0600 (never through a link); with `force` an existing regular file
/// is replaced by a new one renamed over it, so its old mode, or a device's, is never changed;
/// anything but a regular file (a FIFO would block, /dev/full is the machine's) is refused.
fn save(path: &Path, force: bool, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            Err("it is a symbolic link, which is never written through".into())
        }
        Ok(meta) => match crate::private_file::not_regular(&meta) {
            Some(what) => Err(format!("it is {what}, not a regular file: not written")),
            None if !force => Err("the file exists (:export! overwrites it)".into()),
            None => crate::private_file::replace(path, bytes).map_err(|e| e.to_string()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW)
                .open(path)
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::AlreadyExists => {
                        "the file exists (:export! overwrites it)".to_string()
                    }
                    _ => e.to_string(),
                })?;
            f.write_all(bytes).map_err(|e| e.to_string())
        }
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_numbers_are_json_integers_and_unknown_cells_are_null() {
        assert_eq!(json_number(0.0).to_string(), "0");
        assert_eq!(json_number(59.0).to_string(), "59");
        assert_eq!(json_number(2.5).to_string(), "2.5");
        assert_eq!(json_number(f64::NAN), serde_json::Value::Null);
        let col = crate::table::resource::col::<u8>("TAGS", &[], 4, 0, |_, _| {
            crate::table::resource::UNKNOWN.into()
        });
        let joined = crate::app::state::Joined::default();
        let ctx = crate::app::state::ctx_of(&joined, 0, 30);
        assert_eq!(col.value(&0, &ctx), CellValue::Empty);
    }

    use super::*;

    #[test]
    fn parses_format_and_path_or_path_with_extension() {
        assert_eq!(
            parse("export csv /tmp/a b.txt"),
            Ok((Format::Csv, PathBuf::from("/tmp/a b.txt")))
        );
        assert_eq!(
            parse("export JSON out"),
            Ok((Format::Json, PathBuf::from("out")))
        );
        assert_eq!(
            parse("export /tmp/x.csv"),
            Ok((Format::Csv, PathBuf::from("/tmp/x.csv")))
        );
        assert_eq!(
            parse("export x.json"),
            Ok((Format::Json, PathBuf::from("x.json")))
        );
        for bad in [
            "export",
            "export csv",
            "export xml /tmp/x",
            "export /tmp/x.txt",
        ] {
            assert_eq!(parse(bad), Err(USAGE.to_string()), "{bad}");
        }
        assert!(is_export("export csv x") && is_export("EXPORT") && !is_export("exports"));
    }

    use crate::app::model::pane::PaneState;
    use crate::app::model::panes::AnyPane;
    use crate::app::state::{ctx_of, Joined};
    use crate::domain::{Workspace, WorkspaceState};
    use crate::table::resource::Resource;

    fn pane(joined: &Joined) -> PaneState<Workspace> {
        let ws = |id: &str, user: &str, state| Workspace {
            id: id.into(),
            user_name: user.into(),
            state,
            ..Default::default()
        };
        let mut p = PaneState::default();
        p.apply_page(
            "",
            1,
            vec![
                ws("ws-aaaaaaaa1", "zoe", WorkspaceState::Available),
                ws(
                    "ws-aaaaaaaa2",
                    "yan, \"the\" admin",
                    WorkspaceState::Stopped,
                ),
                ws("ws-aaaaaaaa3", "xia", WorkspaceState::Unhealthy),
                ws("ws-aaaaaaaa4", "wil", WorkspaceState::Stopped),
            ],
        );
        p.finish_sweep("", 1, 0);
        let ctx = ctx_of(joined, 0, 30);
        // Stopped only, by user: wil before yan.
        p.sort.column = 1;
        p.set_filter("state=stopped", &ctx).unwrap();
        p
    }

    #[test]
    fn cells_are_exported_as_values() {
        assert_eq!(
            CellValue::Time(1_796_000_000).text(),
            "2026-11-30T00:53:20Z"
        );
        assert_eq!(CellValue::Number(80.0).text(), "80");
        assert_eq!(CellValue::Number(2.5).text(), "2.5");
        assert_eq!(CellValue::Empty.text(), "");
        let row = [
            CellValue::Number(80.0),
            CellValue::Time(0),
            CellValue::Empty,
            CellValue::Text("AVAILABLE".into()),
        ];
        let json = serde_json::to_value(JsonRow(&["ROOT", "CREATED", "LAST", "STATE"], &row));
        assert_eq!(
            json.unwrap(),
            serde_json::json!({
                "ROOT": 80,
                "CREATED": "1970-01-01T00:00:00Z",
                "LAST": null,
                "STATE": "AVAILABLE"
            })
        );
    }

    #[test]
    fn csv_and_json_hold_the_filtered_sorted_view_with_every_column() {
        let j = Joined::default();
        let ctx = ctx_of(&j, 0, 30);
        let p = pane(&j);
        let (headers, rows) = p.export_rows(&ctx);
        let titles: Vec<&str> = Workspace::columns().iter().map(|c| c.name.title).collect();
        assert_eq!(headers, titles);
        assert_eq!(rows.len(), 2);

        let dir = std::env::temp_dir().join(format!("wsfleet-export-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();

        let csv_path = dir.join("view.csv");
        let notice = write(Format::Csv, &csv_path, false, p.plural(), &headers, &rows);
        assert_eq!(
            notice,
            format!("exported 2 WorkSpaces to {}", csv_path.display())
        );
        let mut r = csv::Reader::from_path(&csv_path).unwrap();
        let read_headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(read_headers, titles);
        let read: Vec<Vec<String>> = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        let as_text: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(CellValue::text).collect())
            .collect();
        assert_eq!(read, as_text);
        assert_eq!(read[0][0], "ws-aaaaaaaa4");
        assert_eq!(read[1][0], "ws-aaaaaaaa2");
        assert_eq!(read[1][1], "yan, \"the\" admin");

        let json_path = dir.join("view.json");
        write(Format::Json, &json_path, false, p.plural(), &headers, &rows);
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
        let arr = v.as_array().unwrap();
        assert_eq!(arr.len(), 2);
        for (obj, row) in arr.iter().zip(&rows) {
            let obj = obj.as_object().unwrap();
            assert_eq!(obj.len(), titles.len());
            for (t, cell) in titles.iter().zip(row) {
                let want = match cell {
                    CellValue::Number(n) => json_number(*n),
                    CellValue::Empty => serde_json::Value::Null,
                    other => serde_json::Value::String(other.text()),
                };
                assert_eq!(obj[*t], want, "{t}");
            }
        }
        assert_eq!(arr[0]["ID"], "ws-aaaaaaaa4");
        assert_eq!(arr[0]["STATE"], "STOPPED");
        // Created 0600: an export names users.
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&csv_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // An existing file is not overwritten without `!`; a link is never written through.
        let again = write(Format::Csv, &csv_path, false, p.plural(), &headers, &rows);
        assert!(
            again.ends_with("the file exists (:export! overwrites it)"),
            "{again}"
        );
        let forced = write(Format::Csv, &csv_path, true, p.plural(), &headers, &rows);
        assert!(forced.starts_with("exported 2"), "{forced}");
        let link = dir.join("link.csv");
        std::os::unix::fs::symlink(&json_path, &link).unwrap();
        let through = write(Format::Csv, &link, true, p.plural(), &headers, &rows);
        assert!(through.ends_with("never written through"), "{through}");
        assert!(is_forced("export! csv x") && !is_forced("export csv x"));
        assert!(is_export("export! x.csv"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn only_a_regular_file_is_written_and_a_device_is_never_touched() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("wsfleet-export-fifo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // A FIFO would block the writer until someone reads it: refused at once.
        let fifo = dir.join("pipe.csv");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo on a path of our own temporary directory.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let said = write(Format::Csv, &fifo, true, "WorkSpaces", &["ID"], &[]);
        assert!(
            said.ends_with("it is a FIFO, not a regular file: not written"),
            "{said}"
        );
        // /dev/full keeps its mode (it was once chmodded 0600 for the whole machine).
        let before = std::fs::metadata("/dev/full").unwrap().permissions().mode();
        let said = write(Format::Csv, Path::new("/dev/full"), true, "W", &["ID"], &[]);
        assert!(said.contains("a character device"), "{said}");
        assert_eq!(
            std::fs::metadata("/dev/full").unwrap().permissions().mode(),
            before
        );
        // An existing file is replaced by a new 0600 one, never chmodded in place: a hard
        // link to the old one still has the old bytes and mode.
        let old = dir.join("old.csv");
        std::fs::write(&old, "old\n").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        let other = dir.join("other-name");
        std::fs::hard_link(&old, &other).unwrap();
        let said = write(Format::Csv, &old, true, "W", &["ID"], &[]);
        assert!(said.starts_with("exported 0"), "{said}");
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "ID\n");
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "old\n");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(&old), mode(&other)), (0o600, 0o644));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_write_error_becomes_the_notice() {
        let notice = write(
            Format::Csv,
            Path::new("/nonexistent-dir/x.csv"),
            false,
            "WorkSpaces",
            &["ID"],
            &[],
        );
        assert!(
            notice.starts_with("export to /nonexistent-dir/x.csv failed:"),
            "{notice}"
        );
    }
}
