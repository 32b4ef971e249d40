//! `:export csv|json PATH`: the active pane's view (filtered and sorted as shown, every
//! column) written to a file. Parsing happens in the key handler; writing in the run loop.

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

pub const USAGE: &str = "usage: :export csv|json PATH  (or :export PATH.csv / PATH.json)";

/// Whether a `:` command is an export (so the prompt routes it here).
pub fn is_export(cmd: &str) -> bool {
    let mut words = cmd.split_whitespace();
    words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("export"))
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

/// One row as a JSON object, keys in column order.
struct JsonRow<'a>(&'a [&'static str], &'a [String]);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter().zip(self.1) {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The file's bytes.
pub fn render(
    format: Format,
    headers: &[&'static str],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, String> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(vec![]);
            w.write_record(headers).map_err(|e| e.to_string())?;
            for r in rows {
                w.write_record(r).map_err(|e| e.to_string())?;
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

/// Write the export; the answer is the notice for the status line.
pub fn write(
    format: Format,
    path: &Path,
    plural: &str,
    headers: &[&'static str],
    rows: &[Vec<String>],
) -> String {
    let result = render(format, headers, rows)
        .and_then(|bytes| std::fs::write(path, bytes).map_err(|e| e.to_string()));
    match result {
        Ok(()) => format!("exported {} {plural} to {}", rows.len(), path.display()),
        Err(e) => format!("export to {} failed: {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
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

    use crate::app::pane::PaneState;
    use crate::app::panes::AnyPane;
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
    fn csv_and_json_hold_the_filtered_sorted_view_with_every_column() {
        let j = Joined::default();
        let ctx = ctx_of(&j, 0, 30);
        let p = pane(&j);
        let (headers, rows) = p.export_rows(&ctx);
        let titles: Vec<&str> = Workspace::columns().iter().map(|c| c.name.title).collect();
        assert_eq!(headers, titles);
        assert_eq!(rows.len(), 2);

        let dir = std::env::temp_dir().join(format!("wsfleet-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();

        let csv_path = dir.join("view.csv");
        let notice = write(Format::Csv, &csv_path, p.plural(), &headers, &rows);
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
        assert_eq!(read, rows);
        assert_eq!(read[0][0], "ws-aaaaaaaa4");
        assert_eq!(read[1][0], "ws-aaaaaaaa2");
        assert_eq!(read[1][1], "yan, \"the\" admin");

        let json_path = dir.join("view.json");
        write(Format::Json, &json_path, p.plural(), &headers, &rows);
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
        let arr = v.as_array().unwrap();
        assert_eq!(arr.len(), 2);
        for (obj, row) in arr.iter().zip(&rows) {
            let obj = obj.as_object().unwrap();
            assert_eq!(obj.len(), titles.len());
            for (t, cell) in titles.iter().zip(row) {
                assert_eq!(obj[*t], serde_json::Value::String(cell.clone()));
            }
        }
        assert_eq!(arr[0]["ID"], "ws-aaaaaaaa4");
        assert_eq!(arr[0]["STATE"], "STOPPED");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_write_error_becomes_the_notice() {
        let notice = write(
            Format::Csv,
            Path::new("/nonexistent-dir/x.csv"),
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
