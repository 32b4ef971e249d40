//! Wire shapes of the WorkSpaces API ("Data Types" in the API reference).
//!
//! The store keeps these structs directly, so a response serializes exactly as the service
//! sends it: PascalCase members, absent optional members left out, timestamps as epoch
//! seconds (JSON numbers), enums as their string values.

mod bundle;
mod directory;
mod image;
mod pool;
mod workspace;

pub use bundle::*;
pub use directory::*;
pub use image::*;
pub use pool::*;
pub use workspace::*;

use serde::{Deserialize, Serialize};

/// `Tag` (reference "Tag"): Key 1..127 characters, Value up to 255.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Tag {
    pub fn new(key: &str, value: &str) -> Tag {
        Tag {
            key: Some(key.to_string()),
            value: Some(value.to_string()),
        }
    }
}

/// Members whose shape is `Timestamp` anywhere in the WorkSpaces model (2015-04-08), for the
/// RPC v2 CBOR encoder, which sends them as tag 1 around epoch seconds (the SDKs refuse an
/// untagged number there). No member name is a timestamp in one shape and something else in
/// another, so a name is enough; `tests::the_list_matches_the_model` keeps it complete.
pub const TIMESTAMP_MEMBERS: &[&str] = &[
    "ConnectionStateCheckTimestamp",
    "Created",
    "CreatedAt",
    "CreationTime",
    "ExpirationTime",
    "LastKnownUserConnectionTimestamp",
    "LastUpdatedTime",
    "RecoverySnapshotTime",
    "SnapshotTime",
    "StartTime",
];

/// Epoch milliseconds, the store's clock unit.
pub type Millis = u64;

/// Timestamps go on the wire as epoch seconds with a fractional part.
pub fn epoch_seconds(ms: Millis) -> f64 {
    ms as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::io::Read;

    use serde_json::Value;

    /// Every member whose target shape is a timestamp, and every member that is not, by name.
    fn members_by_kind(model: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
        let shapes = model["shapes"].as_object().unwrap();
        let (mut ts, mut other) = (BTreeSet::new(), BTreeSet::new());
        for shape in shapes.values() {
            let Some(members) = shape["members"].as_object() else {
                continue;
            };
            for (name, m) in members {
                let target = &shapes[m["shape"].as_str().unwrap()];
                if target["type"] == "timestamp" {
                    ts.insert(name.clone());
                } else {
                    other.insert(name.clone());
                }
            }
        }
        (ts, other)
    }

    /// Loads `../shared/specs/workspaces-2015-04-08.service.json.gz` (beside the repository, as
    /// on every developer machine and in CI) with the system `gzip`, and checks that
    /// TIMESTAMP_MEMBERS is exactly the model's timestamp members, none of which is anything
    /// else elsewhere. Skips with a message where the model is not there.
    #[test]
    fn the_list_matches_the_model() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/specs/workspaces-2015-04-08.service.json.gz");
        if !path.exists() {
            eprintln!("skipped: {} is not there", path.display());
            return;
        }
        let out = std::process::Command::new("gzip")
            .arg("-dc")
            .arg(&path)
            .output()
            .expect("gzip runs");
        assert!(out.status.success(), "gzip -dc {}", path.display());
        let mut text = String::new();
        out.stdout.as_slice().read_to_string(&mut text).unwrap();
        let model: Value = serde_json::from_str(&text).unwrap();
        let (ts, other) = members_by_kind(&model);
        let listed: BTreeSet<String> = super::TIMESTAMP_MEMBERS
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(listed, ts, "TIMESTAMP_MEMBERS against the model");
        assert!(
            ts.is_disjoint(&other),
            "a timestamp member name is also used for another shape: {:?}",
            ts.intersection(&other).collect::<Vec<_>>()
        );
    }
}
