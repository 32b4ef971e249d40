//! Tags in bulk (CreateTags / DeleteTags): the one-line edit an administrator types
//! (`key=value, -key, …`), checked against the `Tag` shape of the WorkSpaces model before
//! anything is sent, and applied to a resource's known tags once the service accepted it.
//!
//! The model's rules: `TagKey` 1–127 characters, `TagValue` 0–255, `TagKeyList` members
//! non-empty; "Each WorkSpaces resource can have a maximum of 50 tags" (CreateTags). Keys
//! starting with `aws:` are reserved by AWS for its own tags. The model gives no character
//! pattern, so none is enforced beyond what the edit's own syntax needs: `,` separates
//! entries, the first `=` ends a key, and a leading `-` removes.

use super::Tag;

/// At most this many tags on one WorkSpaces resource (CreateTags).
pub const MAX_TAGS: usize = 50;

/// What the form shows as its rule.
pub const RULE: &str = "key=value adds or changes, -key removes; comma between; \
key 1-127, value 0-255 characters, no aws: keys, at most 50 tags per resource";

/// One edit of a resource's tags: keys to set (added, or value changed) and keys to remove.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TagEdit {
    pub add: Vec<(String, String)>,
    pub remove: Vec<String>,
}

fn check_key(key: &str) -> Result<(), String> {
    let n = key.chars().count();
    if n == 0 || n > 127 {
        return Err(format!("tag key '{key}' must be 1 to 127 characters"));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(format!(
            "tag key '{key}': keys starting with aws: are reserved"
        ));
    }
    if key.chars().any(char::is_control) {
        return Err(format!("tag key '{key}' has a control character"));
    }
    Ok(())
}

fn check_value(key: &str, value: &str) -> Result<(), String> {
    if value.chars().count() > 255 {
        return Err(format!(
            "the value of tag {key} must be at most 255 characters"
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("the value of tag {key} has a control character"));
    }
    Ok(())
}

impl TagEdit {
    /// Read `env=prod, owner=, -legacy`. `key=` sets an empty value; a bare `key` is an
    /// error (it would be unclear whether it adds or removes).
    pub fn parse(s: &str) -> Result<Self, String> {
        let edit = Self::read(s, true)?;
        edit.check()?;
        Ok(edit)
    }

    /// The tags of a new WorkSpace (CreateWorkspaces' `Tags`, the create form and CSV):
    /// `key=value, …` read and checked by the same rules as an edit; nothing typed is no
    /// tags, and `-key` is refused (a new WorkSpace has no tag to remove).
    pub fn parse_new(s: &str) -> Result<Vec<(String, String)>, String> {
        let edit = Self::read(s, false)?;
        edit.check_keys_and_values()?;
        Ok(edit.add)
    }

    /// The entries of `s`; `removals`: whether `-key` may be one.
    fn read(s: &str, removals: bool) -> Result<Self, String> {
        let mut edit = TagEdit::default();
        for entry in s.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if let Some(key) = entry.strip_prefix('-') {
                if !removals {
                    return Err(format!(
                        "'{entry}': a new WorkSpace has no tags to remove; write key=value"
                    ));
                }
                edit.remove.push(key.trim().to_string());
            } else if let Some((key, value)) = entry.split_once('=') {
                edit.add
                    .push((key.trim().to_string(), value.trim().to_string()));
            } else if removals {
                return Err(format!(
                    "'{entry}': write key=value to add or change, -key to remove"
                ));
            } else {
                return Err(format!("tag '{entry}': write key=value"));
            }
        }
        Ok(edit)
    }

    /// The model's rules, and an edit that says one thing per key.
    pub fn check(&self) -> Result<(), String> {
        if self.add.is_empty() && self.remove.is_empty() {
            return Err("type at least one key=value or -key".into());
        }
        self.check_keys_and_values()
    }

    /// `TagKey`, `TagValue`, one entry per key, at most `MAX_TAGS` added.
    fn check_keys_and_values(&self) -> Result<(), String> {
        let mut seen: Vec<&str> = vec![];
        let keys = (self.add.iter().map(|(k, _)| k)).chain(self.remove.iter());
        for key in keys {
            check_key(key)?;
            if seen.contains(&key.as_str()) {
                return Err(format!("tag key {key} is named twice"));
            }
            seen.push(key);
        }
        for (k, v) in &self.add {
            check_value(k, v)?;
        }
        if self.add.len() > MAX_TAGS {
            return Err(format!(
                "{} tags to add: a resource holds at most {MAX_TAGS}",
                self.add.len()
            ));
        }
        Ok(())
    }

    /// How many tags a resource with `tags` would have after the edit (CreateTags is sent
    /// before DeleteTags, so the limit applies before the removals).
    pub fn count_after_add(&self, tags: &[Tag]) -> usize {
        let new = (self.add.iter())
            .filter(|(k, _)| !tags.iter().any(|t| &t.key == k))
            .count();
        tags.len() + new
    }

    /// `tags` after the service accepted the whole edit.
    pub fn apply(&self, tags: &mut Vec<Tag>) {
        for (k, v) in &self.add {
            match tags.iter_mut().find(|t| &t.key == k) {
                Some(t) => t.value = v.clone(),
                None => tags.push(Tag {
                    key: k.clone(),
                    value: v.clone(),
                }),
            }
        }
        tags.retain(|t| !self.remove.contains(&t.key));
    }

    /// `env=prod, -legacy`: how the confirmation and the queue name it.
    pub fn describe(&self) -> String {
        let add = self.add.iter().map(|(k, v)| format!("{k}={v}"));
        let remove = self.remove.iter().map(|k| format!("-{k}"));
        add.chain(remove).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(k: &str, v: &str) -> Tag {
        Tag {
            key: k.into(),
            value: v.into(),
        }
    }

    #[test]
    fn an_edit_reads_adds_changes_and_removals() {
        let e = TagEdit::parse(" env=prod, owner= , -legacy,, cost=a=b ").unwrap();
        assert_eq!(
            e.add,
            vec![
                ("env".to_string(), "prod".to_string()),
                ("owner".to_string(), String::new()),
                ("cost".to_string(), "a=b".to_string())
            ]
        );
        assert_eq!(e.remove, vec!["legacy".to_string()]);
        assert_eq!(e.describe(), "env=prod, owner=, cost=a=b, -legacy");
    }

    #[test]
    fn the_model_rules_are_checked_before_anything_is_sent() {
        for (bad, says) in [
            ("", "at least one"),
            ("env", "key=value"),
            ("=x", "1 to 127"),
            ("-", "1 to 127"),
            (&format!("{}=v", "k".repeat(128)), "1 to 127"),
            (&format!("k={}", "v".repeat(256)), "at most 255"),
            ("aws:createdBy=x", "reserved"),
            ("-AWS:foo", "reserved"),
            ("env=a, env=b", "named twice"),
            ("env=a, -env", "named twice"),
        ] {
            let e = TagEdit::parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
        assert!(TagEdit::parse(&format!("{}={}", "k".repeat(127), "v".repeat(255))).is_ok());
        let many: Vec<String> = (0..51).map(|i| format!("k{i}=v")).collect();
        assert!(TagEdit::parse(&many.join(","))
            .unwrap_err()
            .contains("at most 50"));
    }

    /// A create's tags (issue 27): the same rules, no removals, nothing typed is no tags.
    #[test]
    fn a_new_workspace_takes_additions_only() {
        assert_eq!(TagEdit::parse_new(" , "), Ok(vec![]));
        assert_eq!(
            TagEdit::parse_new("Team=x, Env = prod"),
            Ok(vec![
                ("Team".to_string(), "x".to_string()),
                ("Env".to_string(), "prod".to_string())
            ])
        );
        for (bad, says) in [
            ("env=a, -old", "no tags to remove"),
            ("env", "tag 'env': write key=value"),
            ("aws:x=1", "reserved"),
            ("env=a, env=b", "named twice"),
        ] {
            let e = TagEdit::parse_new(bad).unwrap_err();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
        let many: Vec<String> = (0..51).map(|i| format!("k{i}=v")).collect();
        assert!(TagEdit::parse_new(&many.join(","))
            .unwrap_err()
            .contains("at most 50"));
    }

    #[test]
    fn the_limit_counts_only_new_keys_and_apply_merges() {
        let e = TagEdit::parse("env=prod, team=a, -old").unwrap();
        let mut tags = vec![tag("env", "test"), tag("old", "1")];
        assert_eq!(e.count_after_add(&tags), 3);
        e.apply(&mut tags);
        assert_eq!(tags, vec![tag("env", "prod"), tag("team", "a")]);
    }
}
