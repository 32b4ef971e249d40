//! Dialog input checks, before anything is sent. Each rule comes from the WorkSpaces API
//! reference for the operation that will receive the value; the error says the rule broken.

use regex::Regex;
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// UpdateWorkspaceImagePermission.SharedAccountId (`AwsAccount`, `^\d{12}$`): an AWS account
/// ID, exactly 12 ASCII digits (Rust's `\d` would take any Unicode digit, e.g. Arabic-Indic).
pub fn account_id(s: &str) -> Result<String, String> {
    static P: OnceLock<Regex> = OnceLock::new();
    let s = s.trim();
    if re(&P, r"^[0-9]{12}$").is_match(s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{s}' is not an AWS account ID: it must be exactly 12 digits"
        ))
    }
}

/// Image names (`WorkspaceImageName` of CreateWorkspaceImage, CreateUpdatedWorkspaceImage,
/// CopyWorkspaceImage): 1–64 characters of ASCII letters, digits and _ . / ( ) -. The
/// reference writes the class as `()\\-`, an escaped hyphen; read literally it would also
/// allow a backslash, which the service refuses.
pub fn image_name(s: &str) -> Result<String, String> {
    static P: OnceLock<Regex> = OnceLock::new();
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 64 {
        return Err("an image name must be 1 to 64 characters".into());
    }
    if !re(&P, r"^[a-zA-Z0-9_./()\-]+$").is_match(s) {
        return Err(
            "an image name may only use letters, digits and _ . / ( ) - (no spaces)".into(),
        );
    }
    Ok(s.to_string())
}

/// Image descriptions: 1–256 characters of letters, digits, spaces and _ . / ( ) -.
pub fn image_description(s: &str) -> Result<String, String> {
    static P: OnceLock<Regex> = OnceLock::new();
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 256 {
        return Err("a description must be 1 to 256 characters".into());
    }
    if !re(&P, r"^[a-zA-Z0-9_./() -]+$").is_match(s) {
        return Err("a description may only use letters, digits, spaces and _ . / ( ) -".into());
    }
    Ok(s.to_string())
}

/// A region name such as us-east-1 or us-gov-west-1 (CopyWorkspaceImage.SourceRegion is
/// 1–31 characters; the shape below is how every AWS region is named).
pub fn region(s: &str) -> Result<String, String> {
    static P: OnceLock<Regex> = OnceLock::new();
    let s = s.trim();
    if s.len() <= 31 && re(&P, r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$").is_match(s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{s}' is not a region name like us-east-1 or eu-west-2"
        ))
    }
}

/// UpdateWorkspacesPool Capacity.DesiredUserSessions: a whole number, at least 0.
pub fn capacity(s: &str) -> Result<i32, String> {
    match s.trim().parse::<i32>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err(format!(
            "'{}' is not a number of user sessions (0 or more)",
            s.trim()
        )),
    }
}

/// WorkSpaces Applications `Name` (images, fleets: `^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$`):
/// ASCII letters and digits first, then letters, digits, _ . - up to 101 characters.
pub fn app_name(s: &str) -> Result<String, String> {
    static P: OnceLock<Regex> = OnceLock::new();
    let s = s.trim();
    if re(&P, r"^[a-zA-Z0-9][a-zA-Z0-9_.\-]{0,100}$").is_match(s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{s}' is not a valid name: 1 to 101 letters, digits, _ . - starting with a letter or digit"
        ))
    }
}

/// WorkSpaces Applications `Description` (at most 256) and `DisplayName` (at most 100):
/// optional, no control characters.
pub fn app_text(s: &str, what: &str, max: usize) -> Result<String, String> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(format!("{what} must be at most {max} characters"));
    }
    if s.chars().any(char::is_control) {
        return Err(format!("{what} must not contain control characters"));
    }
    Ok(s.to_string())
}

/// WorkSpaces Applications `Tags` (CreateUpdatedImage newImageTags): `key=value` pairs
/// separated by commas, at most 50; a key of 1–128 characters not starting with `aws:`, a
/// value of up to 256, both letters, digits, spaces and _ . : / = + - @ (Unicode letters
/// allowed, as the model's `\p{L}` says). An empty field is no tags.
pub fn app_tags(s: &str) -> Result<Vec<(String, String)>, String> {
    static P: OnceLock<Regex> = OnceLock::new();
    let allowed = re(&P, r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$");
    let mut out: Vec<(String, String)> = vec![];
    for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() || key.chars().count() > 128 {
            return Err(format!("tag key '{key}' must be 1 to 128 characters"));
        }
        if key.to_ascii_lowercase().starts_with("aws:") {
            return Err(format!("tag key '{key}' may not start with aws:"));
        }
        if value.chars().count() > 256 {
            return Err(format!(
                "the value of tag {key} must be at most 256 characters"
            ));
        }
        if !allowed.is_match(key) || !allowed.is_match(value) {
            return Err(format!(
                "tag {key}: letters, digits, spaces and _ . : / = + - @ only"
            ));
        }
        if out.iter().any(|(k, _)| k == key) {
            return Err(format!("tag key {key} is given twice"));
        }
        out.push((key.to_string(), value.to_string()));
    }
    if out.len() > 50 {
        return Err("at most 50 tags".into());
    }
    Ok(out)
}

/// The parameters of an action read back from a file (the unfinished-jobs journal), held to
/// the rules the dialogs hold typed input to: a file edited by hand must not send what no
/// form would. Actions without parameters always pass.
pub fn action(a: &crate::domain::Action) -> Result<(), String> {
    use crate::domain::Action as A;
    // WorkspaceImageId (`^wsi-[0-9a-z]{9,63}$`) and BundleId (`^wsb-[0-9a-z]{8,63}$`).
    let id = |s: &str, prefix: &str, min: usize| {
        let rest = s.strip_prefix(prefix).unwrap_or("");
        let ok = (min..=63).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
        if ok {
            Ok(())
        } else {
            Err(format!("'{s}' is not a {prefix} ID"))
        }
    };
    let capacity_ok = |n: i32| {
        if n >= 0 {
            Ok(())
        } else {
            Err(format!("capacity {n} is below 0"))
        }
    };
    match a {
        A::SetRunningMode(mode) if mode != "AUTO_STOP" && mode != "ALWAYS_ON" => Err(format!(
            "'{mode}' is not a running mode (AUTO_STOP or ALWAYS_ON)"
        )),
        A::CreateImage { name, description } | A::CreateUpdatedImage { name, description } => {
            image_name(name)
                .and(image_description(description))
                .map(drop)
        }
        A::CopyImage {
            name,
            description,
            destination_region,
        } => image_name(name)
            .and(image_description(description))
            .and(region(destination_region))
            .map(drop),
        A::ShareImage { account_id: acct }
        | A::UnshareImage { account_id: acct }
        | A::ShareAppImage { account_id: acct }
        | A::UnshareAppImage { account_id: acct } => account_id(acct).map(drop),
        A::ModifyProperties(change) => change.check_form(),
        A::UpdateBundle { image_id } => id(image_id, "wsi-", 9),
        A::Migrate { bundle_id } => id(bundle_id, "wsb-", 8),
        A::SetPoolCapacity(n) | A::SetFleetCapacity(n) => capacity_ok(*n),
        A::SwitchFleetImage { image } => app_name(image).map(drop),
        A::CreateUpdatedAppImage {
            description,
            display_name,
            tags,
            ..
        } => {
            app_text(description, "the description", 256)?;
            app_text(display_name, "the display name", 100)?;
            let typed: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            app_tags(&typed.join(",")).map(drop)
        }
        A::SetTags { .. } => a.tag_edit().map_or(Ok(()), |e| e.check()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_names_follow_the_model_pattern() {
        assert_eq!(app_name(" Office-2026.1_a ").unwrap(), "Office-2026.1_a");
        assert!(app_name(&"a".repeat(101)).is_ok());
        for bad in [
            "",
            "-lead",
            "a b",
            "a/b",
            "a\\b",
            "ａ",
            "café",
            &"a".repeat(102),
        ] {
            assert!(app_name(bad).is_err(), "{bad:?}");
        }
        assert!(app_text(&"x".repeat(256), "a description", 256).is_ok());
        assert!(app_text(&"x".repeat(257), "a description", 256).is_err());
        assert!(app_text("a\u{1b}b", "a description", 256).is_err());
        assert_eq!(
            app_tags(" Team=Finance , Patch=2026-11,Empty").unwrap(),
            vec![
                ("Team".to_string(), "Finance".to_string()),
                ("Patch".to_string(), "2026-11".to_string()),
                ("Empty".to_string(), String::new()),
            ]
        );
        assert_eq!(app_tags("").unwrap(), vec![]);
        for bad in ["aws:x=1", "=v", "a=b,a=c", "k=v\u{1b}", "k;=v"] {
            assert!(app_tags(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn account_ids_are_twelve_digits() {
        assert_eq!(account_id(" 123456789012 ").unwrap(), "123456789012");
        for bad in ["12345678901", "1234567890123", "12345678901a", ""] {
            assert!(account_id(bad).unwrap_err().contains("12 digits"), "{bad}");
        }
    }

    #[test]
    fn hostile_values_are_refused_per_field() {
        // Unicode digits, full-width digits, a zero-width space, control bytes.
        for bad in [
            "١٢٣٤٥٦٧٨٩٠١٢",
            "１２３４５６７８９０１２",
            "123456\u{200b}789012",
            "12345678901\u{1b}",
        ] {
            assert!(account_id(bad).is_err(), "{bad:?}");
        }
        for bad in ["a\\b", "ｗｉｎ", "a\u{1b}[31m", "café", "a\nb", "a\u{0}b"] {
            assert!(image_name(bad).is_err(), "{bad:?}");
            assert!(image_description(bad).is_err(), "{bad:?}");
        }
        for bad in [
            "us-east-1\u{1b}",
            "ＵＳ-east-1",
            "us-east-1;rm",
            &"a".repeat(100),
        ] {
            assert!(region(bad).is_err(), "{bad:?}");
        }
        for bad in ["-1", "٣", "1e3", "2147483648", "", " "] {
            assert!(capacity(bad).is_err(), "{bad:?}");
        }
        // DesiredUserSessions: "Minimum value of 0", no maximum in the reference.
        assert_eq!(capacity("2147483647"), Ok(i32::MAX));
    }

    #[test]
    fn image_names_follow_the_reference_pattern() {
        assert!(image_name("Win11-Golden_v2.1(test)/x").is_ok());
        assert!(image_name("has space").unwrap_err().contains("no spaces"));
        assert!(image_name("").unwrap_err().contains("1 to 64"));
        assert!(image_name(&"a".repeat(65)).unwrap_err().contains("1 to 64"));
        assert!(image_name("semi;colon").is_err());
    }

    #[test]
    fn descriptions_allow_spaces_but_not_other_punctuation() {
        assert!(image_description("Finance golden image (v3)").is_ok());
        assert!(image_description("no, commas").is_err());
        assert!(image_description(&"a".repeat(257)).is_err());
    }

    #[test]
    fn regions_and_capacities() {
        assert!(region("eu-west-1").is_ok());
        assert!(region("us-gov-west-1").is_ok());
        assert!(region("EU-WEST-1").is_err());
        assert!(region("moon-1").is_err());
        assert_eq!(capacity("12").unwrap(), 12);
        assert!(capacity("-1").is_err());
        assert!(capacity("ten").is_err());
    }
}
