//! The command queue: every action becomes a job, split into API batches at the API's limits,
//! paced through the account's rate budget (before refreshes), resent only when the service
//! certainly did not act, and reported per resource. Every target of every job gets exactly one
//! outcome, whatever happens (cancel, shutdown, endpoint down, audit log failing), and nothing
//! is sent that the audit log did not record first.
//!
//! Its rooms, each reading only those listed before it (`modcycles.py --inside queue`):
//!
//! - `job`: what the app submits (`JobSpec`, from a `Plan`), targets, job states and counts;
//!   reads only `domain`.
//! - `precheck`, `precheck_apps`: which resources an action can act on now (`plan`), before
//!   confirming.
//! - `view`: the events the app gets back (`QueueEvent`), a per-job `JobView` kept from them.
//! - `unfinished`: one entry of the journal (`UnfinishedJob`); what was in flight becomes
//!   unknown there and only there.
//! - `campaign`: an image update campaign's record, folded with its journaled jobs.
//! - `journal_aside`, `journal`: the unfinished jobs (and campaigns) on disk, to resume what
//!   was never sent; entries not understood are set aside.
//! - `control`, `failure`, `batch`: halts and pauses; a failed call's outcome; one batch's
//!   calls and resends.
//! - `audit`: one JSON line per job, per call about to be sent, and per resource outcome.
//! - `summary`: the queue at a glance, and what a stop recorded.
//! - `recovery`: at start, the jobs of a process that died, recorded.
//! - `shared`: what every job shares (services, audit log, settings, the app's channel).
//! - `exec`: one job's run: audit before each call, pauses, outcomes, journal.
//! - `runner`: `spawn` → `QueueHandle`; one job at a time per region, in submission order;
//!   cancel, shutdown, and a summary of what is running.
//!
//! Pacing: the queue does not take tokens itself. Each `ActionApi::execute` is one API call,
//! and the implementation waits on its region's `RateBudget::acquire_urgent` before making it
//! (as every service call waits on `acquire`), so resends and probes of an unreachable
//! endpoint are paced too, and actions go ahead of refreshes.

mod audit;
mod batch;
pub mod campaign;
mod control;
mod exec;
mod failure;
mod job;
pub mod journal;
mod journal_aside;
mod precheck;
mod precheck_apps;
mod precheck_shares;
mod precheck_tags;
pub mod recovery;
mod runner;
mod shared;
mod summary;
mod unfinished;
mod view;

pub use crate::domain::throttle::{certainly_not_applied, RetryPolicy};
pub use audit::{AuditContext, AuditLog};
pub use batch::batches;
pub use control::{PausePolicy, QueueConfig};
pub use failure::failure_outcome;
pub use job::{CampaignTag, Counts, JobId, JobSpec, JobState, Plan, Target};
pub use journal::aside_path;
pub use precheck::{
    check_bundle, check_image, check_pool, check_session, check_workspace, plan, Precheck,
};
pub use precheck_apps::{check_app_fleet, check_app_image, check_app_session, CheckedImage};
pub use precheck_shares::{check_unshare, skip_not_shared};
pub use recovery::Recovered;
pub use runner::{spawn, spawn_configured, spawn_with, QueueHandle};
pub use summary::{QueueSummary, StopReport};
pub use unfinished::{UnfinishedJob, UnknownTarget};
pub use view::{JobView, QueueEvent, ResourceRow};

use crate::domain::ServiceError;
use crate::domain::{Action, ResourceResult};
use futures::future::BoxFuture;

/// What the queue needs from the service layer: send one batch of one action. Implemented by
/// `WorkspacesService`; tests may fake it.
///
/// Contract: `ids.len() <= action.batch_size()`. `Ok` carries one result per ID (FailedRequests
/// become `Outcome::Failed` with the service's ErrorCode and ErrorMessage; the rest succeeded,
/// with what the call created, if anything). `Err` means the whole call failed; its `kind`
/// tells the queue whether the request never left (NotSent: sent again, the job pauses if it
/// goes on), whether the service certainly did not act (Throttled, or a 503
/// ServiceUnavailable: sent again a few times), or whether it may have acted (500, timeout,
/// dropped connection: never sent again, every ID in the batch is reported unknown).
pub trait ActionApi: Send + Sync + 'static {
    fn execute<'a>(
        &'a self,
        action: &'a Action,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ResourceResult>, ServiceError>>;
}
