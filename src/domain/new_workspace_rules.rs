//! The rules one CreateWorkspaces `WorkspaceRequest` must meet before it is sent: the model's
//! constraints (DirectoryId and BundleId patterns, UserName 1–63 characters, RunningMode,
//! WorkspaceName pattern; tags by `domain::tagging`, the `T` action's rules) and the service's
//! documented rules (AUTO_STOP timeout a multiple of 60 minutes; root volume 80 GiB or more,
//! user volume 10 GiB or more, at most 2000 GiB; encryption needs a KMS key). Each error names
//! the rule broken.

use regex::Regex;
use std::sync::OnceLock;

use super::NewWorkspace;

fn matches(cell: &'static OnceLock<Regex>, pattern: &str, s: &str) -> bool {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
        .is_match(s)
}

/// `DirectoryId`: `^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)`, 10–65 characters.
pub fn directory_id(s: &str) -> Result<(), String> {
    static P: OnceLock<Regex> = OnceLock::new();
    if (10..=65).contains(&s.len()) && matches(&P, r"^(d-[0-9a-f]{8,63}|wsd-[0-9a-z]{8,63})$", s) {
        Ok(())
    } else {
        Err(format!(
            "directory '{s}' is not a directory ID (d-… or wsd-…)"
        ))
    }
}

/// `BundleId`: `^wsb-[0-9a-z]{8,63}$`.
pub fn bundle_id(s: &str) -> Result<(), String> {
    static P: OnceLock<Regex> = OnceLock::new();
    if matches(&P, r"^wsb-[0-9a-z]{8,63}$", s) {
        Ok(())
    } else {
        Err(format!("bundle '{s}' is not a bundle ID (wsb-…)"))
    }
}

/// `UserName`: 1–63 characters.
pub fn user_name(s: &str) -> Result<(), String> {
    match s.chars().count() {
        0 => Err("a user name is required".into()),
        1..=63 => Ok(()),
        n => Err(format!(
            "user name '{s}' is {n} characters; at most 63 are allowed"
        )),
    }
}

/// `WorkspaceName`: `^[a-zA-Z0-9_()][a-zA-Z0-9_.()-]{1,63}$` (empty: none).
pub fn workspace_name(s: &str) -> Result<(), String> {
    static P: OnceLock<Regex> = OnceLock::new();
    if s.is_empty() || matches(&P, r"^[a-zA-Z0-9_()][a-zA-Z0-9_.()-]{1,63}$", s) {
        Ok(())
    } else {
        Err(format!(
            "WorkSpace name '{s}': 2–64 letters, digits and _ . ( ) -, not starting with . or -"
        ))
    }
}

/// `RunningMode`: AUTO_STOP or ALWAYS_ON (MANUAL is for WorkSpaces Core only), read in any
/// case.
pub fn running_mode(s: &str) -> Result<String, String> {
    let up = s.trim().to_ascii_uppercase().replace('-', "_");
    match up.as_str() {
        "AUTO_STOP" | "ALWAYS_ON" => Ok(up),
        "MANUAL" => Err("running mode MANUAL is only for Amazon WorkSpaces Core".into()),
        _ => Err(format!(
            "running mode '{s}' must be AUTO_STOP (hourly) or ALWAYS_ON (monthly)"
        )),
    }
}

/// A whole number of GiB or minutes.
pub fn number(s: &str, what: &str) -> Result<i32, String> {
    s.trim()
        .parse::<i32>()
        .map_err(|_| format!("{what} '{s}' is not a whole number"))
}

/// `Tags`: `key=value, …`, read and checked by the tag edit's parser (`TagEdit::parse_new`),
/// where the model's key and value rules and the 50-tag limit are kept; `-key` is refused.
pub fn tags(s: &str) -> Result<Vec<(String, String)>, String> {
    super::tagging::TagEdit::parse_new(s)
}

/// Every rule for one request, the first broken one as the error.
pub fn request(r: &NewWorkspace) -> Result<(), String> {
    directory_id(&r.directory_id)?;
    bundle_id(&r.bundle_id)?;
    user_name(&r.user_name)?;
    running_mode(&r.running_mode)?;
    if let Some(t) = r.auto_stop_minutes {
        if r.running_mode != "AUTO_STOP" {
            return Err("an auto-stop timeout applies only to AUTO_STOP".into());
        }
        if t < 60 || t % 60 != 0 {
            return Err(format!(
                "auto-stop timeout {t} minutes must be a positive multiple of 60"
            ));
        }
    }
    if let Some(n) = r.root_volume_gib {
        if !(80..=2000).contains(&n) {
            return Err(format!("root volume {n} GiB must be 80–2000 GiB"));
        }
    }
    if let Some(n) = r.user_volume_gib {
        if !(10..=2000).contains(&n) {
            return Err(format!("user volume {n} GiB must be 10–2000 GiB"));
        }
    }
    if r.encrypted && r.kms_key.trim().is_empty() {
        return Err("volume encryption needs a KMS key".into());
    }
    workspace_name(&r.workspace_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> NewWorkspace {
        NewWorkspace {
            directory_id: "d-9000000001".into(),
            user_name: "jane.doe".into(),
            bundle_id: "wsb-abcdefgh1".into(),
            running_mode: "AUTO_STOP".into(),
            ..NewWorkspace::default()
        }
    }

    #[test]
    fn each_rule_names_what_it_refuses() {
        assert_eq!(request(&good()), Ok(()));
        let with = |f: fn(&mut NewWorkspace)| {
            let mut r = good();
            f(&mut r);
            request(&r).unwrap_err()
        };
        assert!(with(|r| r.bundle_id = "bundle".into()).contains("not a bundle ID"));
        assert!(with(|r| r.user_name = "u".repeat(64)).contains("at most 63"));
        assert!(with(|r| r.auto_stop_minutes = Some(45)).contains("multiple of 60"));
        assert!(with(|r| r.root_volume_gib = Some(50)).contains("80–2000"));
        assert!(with(|r| r.encrypted = true).contains("KMS key"));
        assert!(with(|r| r.workspace_name = "-x".into()).contains("WorkSpace name"));
        assert_eq!(running_mode("always-on"), Ok("ALWAYS_ON".into()));
        assert!(running_mode("MANUAL").is_err());
        assert_eq!(
            tags("Team=x, Env = prod"),
            Ok(vec![
                ("Team".into(), "x".into()),
                ("Env".into(), "prod".into())
            ])
        );
        assert!(tags("aws:x=1").unwrap_err().contains("reserved"));
        assert!(tags("-Team").unwrap_err().contains("no tags to remove"));
    }
}
