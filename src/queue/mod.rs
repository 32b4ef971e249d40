//! The command queue: every action becomes a job, split into API batches at the API's limits,
//! paced through the account's rate budget (before refreshes), retried only when the service
//! certainly did not act, and reported per resource. Every job and outcome goes to the audit log.
//!
//! - `precheck`: which resources an action can act on now (`plan`), before confirming.
//! - `job`: what the app submits (`JobSpec`), the events it gets back, a per-job `JobView`.
//! - `runner`: `spawn` → `QueueHandle`; one job at a time per region, in submission order.
//! - `batch`: batches at the API's limits; resend only throttled/503 calls, as the throttle
//!   policy (`domain::throttle`) says.
//! - `failure`: what a failure that is not resent means for each resource.
//! - `audit`: one JSON line per job and per resource outcome.
//!
//! Pacing: the queue does not take tokens itself. Each `ActionApi::execute` is one API call,
//! and the implementation waits on its region's `RateBudget::acquire_urgent` before making it
//! (as every service call waits on `acquire`), so resends are paced too and actions go ahead
//! of refreshes.

mod audit;
mod batch;
mod failure;
mod job;
mod precheck;
mod runner;

pub use crate::domain::throttle::RetryPolicy;
pub use audit::{AuditContext, AuditLog};
pub use batch::{batches, send_batch, BatchReport, CancelFlag};
pub use failure::failure_outcome;
pub use job::{Counts, JobId, JobSpec, JobState, JobView, QueueEvent, ResourceRow, Target};
pub use precheck::{check_image, check_pool, check_session, check_workspace, plan, Plan, Precheck};
pub use runner::{spawn, spawn_with, QueueHandle};

use crate::domain::ServiceError;
use crate::domain::{Action, ResourceResult};
use futures::future::BoxFuture;

/// What the queue needs from the service layer: send one batch of one action. Implemented by
/// `WorkspacesService`; tests may fake it.
///
/// Contract: `ids.len() <= action.batch_size()`. `Ok` carries one result per ID (FailedRequests
/// become `Outcome::Failed` with the service's ErrorCode and ErrorMessage; the rest succeeded).
/// `Err` means the whole call failed; its `kind` tells the queue whether the service certainly
/// did not act (Throttled, or a 503 ServiceUnavailable), in which case the queue may send the
/// batch again, or whether it may have acted (500, timeout, dropped connection), in which case it
/// must not, and every ID in the batch is reported failed.
pub trait ActionApi: Send + Sync + 'static {
    fn execute<'a>(
        &'a self,
        action: &'a Action,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ResourceResult>, ServiceError>>;
}
