//! The users of a create job: a comma list, or a CSV file (`@PATH` in the form), turned into
//! one `NewWorkspace` per user, every line checked before anything is sent.
//!
//! CSV format: a header row naming the columns, then one WorkSpace per line. Columns (any
//! order; only `user` is required): `user, directory, bundle, running_mode,
//! auto_stop_minutes, root_volume_gib, user_volume_gib, encrypted, kms_key, tags,
//! workspace_name`. A blank cell takes the form's value. `tags` is `key=value, …` (quote the
//! cell). `encrypted` is yes/no (true/false). Line numbers count the header as line 1.

use std::collections::HashMap;

use super::new_workspace_rules as rules;
use super::NewWorkspace;

/// The columns a CSV file may have.
pub const COLUMNS: &[&str] = &[
    "user",
    "directory",
    "bundle",
    "running_mode",
    "auto_stop_minutes",
    "root_volume_gib",
    "user_volume_gib",
    "encrypted",
    "kms_key",
    "tags",
    "workspace_name",
];

/// One user's request and the line it came from (for a comma list: its position, 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub line: usize,
    pub request: NewWorkspace,
}

/// The requests from a comma list of user names, all with the form's values.
pub fn from_list(list: &str, form: &NewWorkspace) -> Result<Vec<Line>, Vec<String>> {
    let lines: Vec<Line> = list
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .enumerate()
        .map(|(i, u)| Line {
            line: i + 1,
            request: NewWorkspace {
                user_name: u.to_string(),
                ..form.clone()
            },
        })
        .collect();
    check_all(lines, "user")
}

/// The requests from CSV text: blank cells take `form`'s values.
pub fn from_csv(text: &str, form: &NewWorkspace) -> Result<Vec<Line>, Vec<String>> {
    let mut rd = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(|c| c.to_ascii_lowercase()).collect(),
        Err(e) => return Err(vec![format!("line 1: {e}")]),
    };
    if let Some(bad) = header.iter().find(|c| !COLUMNS.contains(&c.as_str())) {
        return Err(vec![format!(
            "line 1: unknown column '{bad}'; the columns are {}",
            COLUMNS.join(", ")
        )]);
    }
    if !header.iter().any(|c| c == "user") {
        return Err(vec!["line 1: the header has no 'user' column".into()]);
    }
    let mut lines = vec![];
    let mut errors = vec![];
    for rec in rd.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.line() as usize);
                errors.push(format!("line {at}: {e}"));
                continue;
            }
        };
        let at = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let cells: HashMap<&str, &str> = header
            .iter()
            .map(String::as_str)
            .zip(rec.iter())
            .filter(|(_, v)| !v.is_empty())
            .collect();
        match apply(&cells, form) {
            Ok(request) => lines.push(Line { line: at, request }),
            Err(e) => errors.push(format!("line {at}: {e}")),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    check_all(lines, "line")
}

/// The form's values with the line's cells over them.
fn apply(cells: &HashMap<&str, &str>, form: &NewWorkspace) -> Result<NewWorkspace, String> {
    let mut r = form.clone();
    r.user_name = cells.get("user").unwrap_or(&"").to_string();
    for (&col, &v) in cells {
        match col {
            "directory" => r.directory_id = v.to_string(),
            "bundle" => r.bundle_id = v.to_string(),
            "running_mode" => {
                r.running_mode = rules::running_mode(v)?;
                if r.running_mode != "AUTO_STOP" && !cells.contains_key("auto_stop_minutes") {
                    r.auto_stop_minutes = None;
                }
            }
            "auto_stop_minutes" => r.auto_stop_minutes = Some(rules::number(v, "auto-stop")?),
            "root_volume_gib" => r.root_volume_gib = Some(rules::number(v, "root volume")?),
            "user_volume_gib" => r.user_volume_gib = Some(rules::number(v, "user volume")?),
            "encrypted" => r.encrypted = yes_no(v)?,
            "kms_key" => r.kms_key = v.to_string(),
            "tags" => r.tags = rules::tags(v)?,
            "workspace_name" => r.workspace_name = v.to_string(),
            _ => {}
        }
    }
    Ok(r)
}

fn yes_no(v: &str) -> Result<bool, String> {
    match v.to_ascii_lowercase().as_str() {
        "yes" | "true" | "y" | "1" => Ok(true),
        "no" | "false" | "n" | "0" => Ok(false),
        _ => Err(format!("encrypted '{v}' must be yes or no")),
    }
}

/// Every request against the rules, and no two for the same user and directory (both line
/// numbers named). `what` is "line" (CSV) or "user" (a comma list's position).
fn check_all(lines: Vec<Line>, what: &str) -> Result<Vec<Line>, Vec<String>> {
    let mut errors = vec![];
    let mut seen: HashMap<String, usize> = HashMap::new();
    for l in &lines {
        if let Err(e) = rules::request(&l.request) {
            errors.push(format!("{what} {}: {e}", l.line));
            continue;
        }
        if let Some(first) = seen.insert(l.request.target_id(), l.line) {
            errors.push(format!(
                "{what}s {first} and {}: two WorkSpaces for {} in {}",
                l.line, l.request.user_name, l.request.directory_id
            ));
        }
    }
    if lines.is_empty() {
        errors.push("no users given".into());
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NewWorkspace {
        NewWorkspace {
            directory_id: "d-9000000001".into(),
            bundle_id: "wsb-abcdefgh1".into(),
            running_mode: "AUTO_STOP".into(),
            auto_stop_minutes: Some(60),
            ..NewWorkspace::default()
        }
    }

    #[test]
    fn blank_cells_take_the_form_values_and_cells_override_them() {
        let csv = "user,bundle,running_mode,tags\n\
                   ann,,,\n\
                   bob,wsb-zzzzzzzz9,always_on,\"Team=a, Env=b\"\n";
        let lines = from_csv(csv, &form()).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].line, 2);
        assert_eq!(lines[0].request.bundle_id, "wsb-abcdefgh1");
        assert_eq!(lines[0].request.auto_stop_minutes, Some(60));
        let bob = &lines[1].request;
        assert_eq!(
            (bob.bundle_id.as_str(), bob.running_mode.as_str()),
            ("wsb-zzzzzzzz9", "ALWAYS_ON")
        );
        assert_eq!(bob.auto_stop_minutes, None);
        assert_eq!(bob.tags.len(), 2);
    }

    #[test]
    fn refusals_name_the_line_and_the_rule_and_duplicates_both_lines() {
        let csv = "user,root_volume_gib\nann,\nbob,50\nann,\n";
        let errs = from_csv(csv, &form()).unwrap_err();
        assert_eq!(
            errs,
            vec![
                "line 3: root volume 50 GiB must be 80–2000 GiB".to_string(),
                "lines 2 and 4: two WorkSpaces for ann in d-9000000001".to_string(),
            ]
        );
        let errs = from_csv("name\nx\n", &form()).unwrap_err();
        assert!(errs[0].starts_with("line 1: unknown column 'name'"));
        let errs = from_list("ann, Ann", &form()).unwrap_err();
        assert_eq!(
            errs,
            vec!["users 1 and 2: two WorkSpaces for Ann in d-9000000001"]
        );
    }
}
