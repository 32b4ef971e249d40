//! DescribeAccount: the account's Bring Your Own License configuration.

use serde_json::{json, Value};

use super::{parse, Ctx};
use crate::sim::error::ApiError;

/// BYOL is not enabled for the emulated account, as for most accounts.
pub fn describe_account(_ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let _: serde_json::Map<String, Value> = parse(body)?;
    Ok(json!({ "DedicatedTenancySupport": "DISABLED" }))
}
