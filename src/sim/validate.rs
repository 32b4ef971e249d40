//! Model-constraint checks: required members, patterns, lengths, ranges, array sizes and enum
//! values, as each member's entry in the reference states them.
//!
//! Violations are collected and reported together the way AWS's JSON services do:
//! `ValidationException: 2 validation errors detected: Value '26' at 'limit' failed to satisfy
//! constraint: Member must have value less than or equal to 25; ...`. Member paths are the
//! camelCase member names, list items as `name.N.member` (1-based).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

use super::error::ApiError;

/// Patterns quoted from the reference.
pub mod pattern {
    pub const WORKSPACE_ID: &str = r"^ws-[0-9a-z]{8,63}$";
    pub const IMAGE_ID: &str = r"wsi-[0-9a-z]{9,63}$";
    pub const BUNDLE_ID: &str = r"^wsb-[0-9a-z]{8,63}$";
    pub const DIRECTORY_ID: &str = r"^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)";
    pub const POOL_ID: &str = r"^wspool-[0-9a-z]{9}$";
    pub const SESSION_ID: &str = r"[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}";
    pub const ACCOUNT_ID: &str = r"^\d{12}$";
    pub const REGION: &str = r"^[-0-9a-z]{1,31}$";
    /// Image Name. The reference prints `\\-`, the JSON-escaped form of `\-` (a hyphen).
    pub const IMAGE_NAME: &str = r"^[a-zA-Z0-9_./()\-]+$";
    /// Image, pool and UpdateResult descriptions.
    pub const DESCRIPTION: &str = r"^[a-zA-Z0-9_./() -]+$";
    pub const WORKSPACE_NAME: &str = r"^[a-zA-Z0-9_()][a-zA-Z0-9_.()-]{1,63}$";
    pub const DIRECTORY_NAME: &str = r"^[a-zA-Z0-9][a-zA-Z0-9_.\s-]{1,64}$";
    pub const DIRECTORY_FILTER_VALUE: &str = r"^[0-9a-zA-Z\*\.\\/\?\-_]{0,64}$";
    pub const POOL_FILTER_VALUE: &str = r"^[A-Za-z0-9][A-Za-z0-9_.-]+$";
    pub const SETTINGS_GROUP: &str = r"^[A-Za-z0-9_./()!*'-]+$";
}

/// Compiled patterns, anchored for a whole-value match as AWS applies them.
fn compiled(p: &'static str) -> Regex {
    static CACHE: LazyLock<Mutex<HashMap<&'static str, Regex>>> = LazyLock::new(Default::default);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(p)
        .or_insert_with(|| Regex::new(&format!("^(?:{p})$")).expect("reference pattern compiles"))
        .clone()
}

/// Whole-value match of `value` against a reference pattern.
pub fn matches(value: &str, p: &'static str) -> bool {
    compiled(p).is_match(value)
}

/// Collected constraint violations for one request.
#[derive(Debug, Default)]
pub struct Violations {
    list: Vec<String>,
}

impl Violations {
    pub fn new() -> Violations {
        Violations::default()
    }

    fn push(&mut self, value: &str, member: &str, constraint: String) {
        self.list.push(format!(
            "Value {value} at '{member}' failed to satisfy constraint: Member must {constraint}"
        ));
    }

    /// `Required: Yes`.
    pub fn required<T>(&mut self, member: &str, value: &Option<T>) -> bool {
        if value.is_none() {
            self.push("null", member, "not be null".to_string());
            return false;
        }
        true
    }

    /// `Required: Yes` with a `Pattern: ...`: the pattern is checked only when the member is
    /// there (the service reports one violation for a missing member, not two).
    pub fn required_pattern(&mut self, member: &str, value: &Option<String>, p: &'static str) {
        if self.required(member, value) {
            self.pattern(member, value.as_deref().unwrap_or(""), p);
        }
    }

    /// `Pattern: ...`.
    pub fn pattern(&mut self, member: &str, value: &str, p: &'static str) {
        if !matches(value, p) {
            self.push(
                &quote(value),
                member,
                format!("satisfy regular expression pattern: {p}"),
            );
        }
    }

    /// `Length Constraints: Minimum length of min. Maximum length of max.` (characters).
    pub fn length(&mut self, member: &str, value: &str, min: usize, max: Option<usize>) {
        let n = value.chars().count();
        if n < min {
            self.push(
                &quote(value),
                member,
                format!("have length greater than or equal to {min}"),
            );
        } else if let Some(max) = max.filter(|&m| n > m) {
            self.push(
                &quote(value),
                member,
                format!("have length less than or equal to {max}"),
            );
        }
    }

    /// `Valid Range: Minimum value of min. Maximum value of max.`
    pub fn range(&mut self, member: &str, value: i64, min: i64, max: Option<i64>) {
        if value < min {
            self.push(
                &quote(&value.to_string()),
                member,
                format!("have value greater than or equal to {min}"),
            );
        } else if let Some(max) = max.filter(|&m| value > m) {
            self.push(
                &quote(&value.to_string()),
                member,
                format!("have value less than or equal to {max}"),
            );
        }
    }

    /// `Array Members: Minimum number of min item(s). Maximum number of max items.`
    pub fn count(&mut self, member: &str, len: usize, min: usize, max: usize) {
        let shown = format!("'[{len} items]'");
        if len < min {
            self.push(
                &shown,
                member,
                format!("have length greater than or equal to {min}"),
            );
        } else if len > max {
            self.push(
                &shown,
                member,
                format!("have length less than or equal to {max}"),
            );
        }
    }

    /// `Valid Values: A | B | C`.
    pub fn one_of(&mut self, member: &str, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.push(
                &quote(value),
                member,
                format!("satisfy enum value set: [{}]", allowed.join(", ")),
            );
        }
    }

    /// NextToken: `Length Constraints: Minimum length of 1. Maximum length of 2048.`
    pub fn next_token(&mut self, value: &Option<String>) {
        if let Some(t) = value {
            self.length("nextToken", t, 1, Some(2048));
        }
    }

    /// Ok, or one ValidationException listing every violation.
    pub fn finish(self) -> Result<(), ApiError> {
        match self.list.len() {
            0 => Ok(()),
            1 => Err(ApiError::validation(format!(
                "1 validation error detected: {}",
                self.list[0]
            ))),
            n => Err(ApiError::validation(format!(
                "{n} validation errors detected: {}",
                self.list.join("; ")
            ))),
        }
    }
}

/// Values are quoted, and long ones shortened, in messages.
fn quote(value: &str) -> String {
    if value.chars().count() > 80 {
        let head: String = value.chars().take(77).collect();
        format!("'{head}...'")
    } else {
        format!("'{value}'")
    }
}

/// `name.N.member` for the N-th (0-based `i`) item of a list member.
pub fn item(list: &str, i: usize) -> String {
    format!("{list}.{}.member", i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_patterns_match_whole_values() {
        assert!(matches("ws-abcd1234", pattern::WORKSPACE_ID));
        assert!(!matches("ws-abc", pattern::WORKSPACE_ID));
        assert!(!matches("ws-SHOUTING1", pattern::WORKSPACE_ID));
        assert!(!matches("xws-abcd1234", pattern::WORKSPACE_ID));
        // The reference's image pattern has no leading ^; AWS still matches the whole value.
        assert!(matches("wsi-abcd12345", pattern::IMAGE_ID));
        assert!(!matches("xwsi-abcd12345", pattern::IMAGE_ID));
        assert!(!matches("wsi-abcd1234", pattern::IMAGE_ID));
        assert!(matches("d-906734e7f1", pattern::DIRECTORY_ID));
        assert!(matches("wsd-abcd1234z", pattern::DIRECTORY_ID));
        assert!(!matches("d-", pattern::DIRECTORY_ID));
        assert!(!matches("d-ZZZZZZZZ", pattern::DIRECTORY_ID));
        assert!(matches("wspool-abc123xyz", pattern::POOL_ID));
        assert!(!matches("wspool-abc123xy", pattern::POOL_ID));
        assert!(matches("123456789012", pattern::ACCOUNT_ID));
        assert!(!matches("12345678901x", pattern::ACCOUNT_ID));
        assert!(matches(
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            pattern::SESSION_ID
        ));
        assert!(!matches("not-a-uuid", pattern::SESSION_ID));
    }

    #[test]
    fn names_and_descriptions() {
        assert!(matches("golden-2024.1", pattern::IMAGE_NAME));
        assert!(matches("win10_(v2)/x", pattern::IMAGE_NAME));
        assert!(!matches("has space", pattern::IMAGE_NAME));
        assert!(!matches("semi;colon", pattern::IMAGE_NAME));
        assert!(matches("Golden image (test)", pattern::DESCRIPTION));
        assert!(!matches("angle <brackets>", pattern::DESCRIPTION));
    }

    #[test]
    fn violations_are_collected_in_aws_style() {
        let mut v = Violations::new();
        v.range("limit", 26, 1, Some(25));
        let e = v.finish().unwrap_err();
        assert_eq!(e.code, "ValidationException");
        assert_eq!(
            e.message,
            "1 validation error detected: Value '26' at 'limit' failed to satisfy constraint: \
             Member must have value less than or equal to 25"
        );

        let mut v = Violations::new();
        v.required::<String>("workspaceId", &None);
        v.count("rebootWorkspaceRequests", 26, 1, 25);
        v.one_of(
            "workspaceState",
            "STOPPED",
            &["AVAILABLE", "ADMIN_MAINTENANCE"],
        );
        v.length("name", &"n".repeat(65), 1, Some(64));
        let e = v.finish().unwrap_err();
        assert!(e.message.starts_with("4 validation errors detected: "));
        assert!(e.message.contains("Member must not be null"));
        assert!(e
            .message
            .contains("enum value set: [AVAILABLE, ADMIN_MAINTENANCE]"));

        let mut ok = Violations::new();
        ok.range("limit", 25, 1, Some(25));
        ok.length("name", "x", 1, Some(64));
        ok.count("ids", 1, 1, 25);
        ok.next_token(&Some("t".into()));
        assert!(ok.finish().is_ok());
    }
}
