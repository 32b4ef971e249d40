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

/// Epoch milliseconds, the store's clock unit.
pub type Millis = u64;

/// Timestamps go on the wire as epoch seconds with a fractional part.
pub fn epoch_seconds(ms: Millis) -> f64 {
    ms as f64 / 1000.0
}
