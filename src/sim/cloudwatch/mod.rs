//! Amazon CloudWatch (API 2010-08-01) in the emulator, for the metrics Amazon WorkSpaces
//! publishes: GetMetricData and ListMetrics over the AWS/WorkSpaces namespace, served on the
//! same port as WorkSpaces. `aws-sdk-cloudwatch` speaks Smithy RPC v2 CBOR to
//! `/service/GraniteServiceVersion20100801/operation/<Operation>` (with
//! `x-amzn-query-mode: true`, the model's `awsQueryCompatible`), so errors also carry
//! `x-amzn-query-error: <Code>;Sender`, from which that SDK takes the error code.
//!
//! The series are not stored: each is computed, deterministically, from the WorkSpace as the
//! WorkSpaces store has it (its connection status, last connection, running mode, when it was
//! created) and a usage profile drawn from its ID (`usage`): office hours, rare or heavy
//! users. Calls go through the same pipeline as the other services (faults, latency, a token
//! bucket of its own per account and Region under the signing name `monitoring`,
//! error_rate, the request log with `"service":"monitoring"`).
//!
//! Layout: `errors` (the model's error codes), `query` (GetMetricData's input, checked against
//! the model and the documented limits), `usage` (who uses a WorkSpace when), `series` (one
//! metric's hourly samples and their statistics per period), `get_metric_data` (the operation
//! and its NextToken paging), `list_metrics`, `fleets` (the AWS/AppStream series of the
//! WorkSpaces Applications fleets), `context` (what an operation reads: both services' stores).

mod context;
mod errors;
mod fleets;
mod get_metric_data;
mod list_metrics;
mod query;
mod series;
mod usage;

use context::op;
pub use context::{Ctx, CwOp, CwTable};

/// The X-Amz-Target prefix and RPC v2 service name of CloudWatch (`targetPrefix`).
pub const SERVICE: &str = "GraniteServiceVersion20100801";
/// The SigV4 signing name (`endpointPrefix`), also the IAM action prefix and the key of the
/// throttling bucket.
pub const SIGNING_NAME: &str = "monitoring";

/// Members whose shape is a timestamp, tagged as such in RPC v2 CBOR answers.
pub const TIMESTAMP_MEMBERS: &[&str] = &["Timestamps", "StartTime", "EndTime"];

/// The operations served. CloudWatch reads the WorkSpaces stores and the WorkSpaces
/// Applications stores (`Ctx`): the metrics describe the WorkSpaces and fleets there.
pub static OPERATIONS: CwTable = CwTable(&[
    op("GetMetricData", get_metric_data::get_metric_data),
    op("ListMetrics", list_metrics::list_metrics),
]);
