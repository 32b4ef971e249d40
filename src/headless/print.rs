//! `wsfleet get`'s output: the `:export` values (`app::export::render`) as CSV, a JSON array
//! or JSON lines, an aligned table for people, or IDs one per line to pipe into scripts.

use crate::app::export::{self, Format};
use crate::cli::GetOutput;
use crate::table::resource::CellValue;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// The chosen columns of the view, in the chosen order.
pub fn project(
    headers: &[&'static str],
    rows: Vec<Vec<CellValue>>,
    shown: &[usize],
) -> (Vec<&'static str>, Vec<Vec<CellValue>>) {
    let headers = shown.iter().map(|&i| headers[i]).collect();
    let rows = rows
        .into_iter()
        .map(|r| shown.iter().map(|&i| r[i].clone()).collect())
        .collect();
    (headers, rows)
}

/// The bytes `get` prints for `rows` (every output but `ids`).
pub fn render(
    output: GetOutput,
    headers: &[&'static str],
    rows: &[Vec<CellValue>],
) -> Result<Vec<u8>, String> {
    match output {
        GetOutput::Csv => export::render(Format::Csv, headers, rows),
        GetOutput::Json => export::render(Format::Json, headers, rows),
        GetOutput::Jsonl => json_lines(headers, rows),
        GetOutput::Table => Ok(table(headers, rows).into_bytes()),
        GetOutput::Ids => Err("IDs are printed from the rows' keys".into()),
    }
}

/// One compact JSON object per line, with exactly `:export json`'s keys (in column order)
/// and values.
fn json_lines(headers: &[&'static str], rows: &[Vec<CellValue>]) -> Result<Vec<u8>, String> {
    let mut out = vec![];
    for r in rows {
        serde_json::to_writer(&mut out, &export::JsonRow(headers, r)).map_err(|e| e.to_string())?;
        out.push(b'\n');
    }
    Ok(out)
}

/// Columns padded to their widest cell, two spaces apart; control characters from the
/// service escaped (a cell must not move a terminal's cursor).
fn table(headers: &[&'static str], rows: &[Vec<CellValue>]) -> String {
    let cell = |v: &CellValue| crate::config::printable_lines(&v.text()).replace('\n', "\\n");
    let texts: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(cell).collect()).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for r in &texts {
        for (w, t) in widths.iter_mut().zip(r) {
            *w = (*w).max(t.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut l = String::new();
        for (i, (t, w)) in cells.zip(&widths).enumerate() {
            if i + 1 < widths.len() {
                l.push_str(t);
                l.push_str(&" ".repeat(w - t.width() + 2));
            } else {
                l.push_str(t);
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().copied());
    for r in &texts {
        line(&mut r.iter().map(String::as_str));
    }
    out
}

/// Write to stdout; a reader that went away (`| head`) ends the output quietly.
pub fn emit(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_hold_the_export_values_one_object_a_line() {
        let rows = vec![
            vec![CellValue::Text("ws-1".into()), CellValue::Number(80.0)],
            vec![CellValue::Text("ws-2".into()), CellValue::Empty],
        ];
        let out = render(GetOutput::Jsonl, &["ID", "ROOT"], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"ID\":\"ws-1\",\"ROOT\":80}\n{\"ID\":\"ws-2\",\"ROOT\":null}\n"
        );
    }

    #[test]
    fn the_table_is_aligned_and_escapes_control_characters() {
        let rows = vec![
            vec![
                CellValue::Text("ws-1".into()),
                CellValue::Text("a\u{1b}b".into()),
            ],
            vec![CellValue::Text("ws-22222".into()), CellValue::Empty],
        ];
        let out = render(GetOutput::Table, &["ID", "USER"], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ID        USER\nws-1      a\\u{1b}b\nws-22222\n"
        );
    }
}
