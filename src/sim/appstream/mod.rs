//! WorkSpaces Applications (formerly AppStream 2.0, API 2016-12-01) in the emulator, served on
//! the same port as WorkSpaces: the server picks the service by the X-Amz-Target prefix
//! (`PhotonAdminProxyService.` for awsJson1.1, as the AWS CLI sends it) or by the RPC v2 CBOR
//! route (`/service/PhotonAdminProxyService/operation/<Operation>`, which `aws-sdk-appstream`
//! uses). Requests go through the same pipeline as WorkSpaces calls (faults, latency,
//! throttling with a token bucket of its own per account and Region, error_rate, request log).
//!
//! Layout: `types` (wire shapes), `store` (one account's resources in one Region and their
//! lazy state machine), `accounts` (how `sim::stores` generates them), `seed`
//! (deterministic generator), `errors` (the model's error names), `ops` (one file per group
//! of operations and the dispatch table).

mod accounts;
mod errors;
mod ops;
mod seed;
mod store;
mod types;

pub use accounts::AppStores;
pub use ops::{resource_ids, Ctx, OPERATIONS};
pub use seed::SeedParams;
pub use types::TIMESTAMP_MEMBERS;

/// The X-Amz-Target prefix and RPC v2 service name of WorkSpaces Applications.
pub const SERVICE: &str = "PhotonAdminProxyService";
/// The SigV4 signing name, which is also the IAM action prefix.
pub const SIGNING_NAME: &str = "appstream";
