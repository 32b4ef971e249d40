//! Sending one batch: the call, its retries, and exactly one outcome per ID whatever the
//! service answers.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use tokio::sync::watch;

use crate::domain::{Action, Outcome, ResourceResult};
use crate::domain::{ErrorKind, ServiceError};

use super::retry::{certainly_not_applied, failure_outcome, RetryPolicy};
use super::ActionApi;

/// Split a job's IDs into API calls at the operation's limit (`Action::batch_size`).
pub fn batches<'a>(action: &Action, ids: &'a [String]) -> Vec<&'a [String]> {
    ids.chunks(action.batch_size().max(1)).collect()
}

/// A job's cancel switch. A watch channel rather than a bare flag so a retry wait ends at
/// once on cancel instead of sleeping out its backoff.
#[derive(Debug, Clone)]
pub struct CancelFlag(Arc<watch::Sender<bool>>);

impl Default for CancelFlag {
    fn default() -> Self {
        Self(Arc::new(watch::channel(false).0))
    }
}

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.0.borrow()
    }

    async fn wait(&self) {
        let mut rx = self.0.subscribe();
        let _ = rx.wait_for(|c| *c).await;
    }
}

/// What became of one batch, and how many calls it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchReport {
    pub results: Vec<ResourceResult>,
    pub calls: u32,
}

/// Send one batch, resending it only while the service certainly did not act (throttled or
/// 503), up to `policy.max_tries` calls. A cancel during a retry wait stops the resending:
/// nothing was applied, so those resources are Cancelled. A call already made is never made
/// again after it may have acted.
pub async fn send_batch(
    api: &dyn ActionApi,
    action: &Action,
    ids: &[String],
    policy: &RetryPolicy,
    cancel: &CancelFlag,
) -> BatchReport {
    let mut calls = 0;
    loop {
        calls += 1;
        // A panicking ActionApi is a bug, but the job must still give every ID one outcome.
        let answer = AssertUnwindSafe(api.execute(action, ids))
            .catch_unwind()
            .await
            .unwrap_or_else(|_| {
                Err(ServiceError::new(
                    ErrorKind::Retryable,
                    "InternalError",
                    "the call failed inside wsfleet",
                ))
            });
        let err = match answer {
            Ok(results) => {
                return BatchReport {
                    results: one_per_id(ids, results),
                    calls,
                }
            }
            Err(err) => err,
        };
        if !certainly_not_applied(&err) || calls >= policy.max_tries.max(1) {
            let outcome = failure_outcome(&err, calls);
            return BatchReport {
                results: all(ids, &outcome),
                calls,
            };
        }
        let wait = policy.jittered(calls);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = cancel.wait() => {}
        }
        if cancel.is_cancelled() {
            return BatchReport {
                results: all(ids, &Outcome::cancelled(CANCELLED)),
                calls,
            };
        }
    }
}

/// Why a resource the user's cancel kept from being sent has no other outcome.
pub const CANCELLED: &str = "cancelled by user, not sent";

pub fn all(ids: &[String], outcome: &Outcome) -> Vec<ResourceResult> {
    ids.iter()
        .map(|id| ResourceResult {
            id: id.clone(),
            outcome: outcome.clone(),
        })
        .collect()
}

/// Exactly one result per sent ID, in sent order: the service's result for it, or Unknown if
/// it gave none (the call went out, so the resource may have been acted on).
/// Results for IDs we did not send are dropped.
fn one_per_id(ids: &[String], mut results: Vec<ResourceResult>) -> Vec<ResourceResult> {
    ids.iter()
        .map(|id| match results.iter().position(|r| r.id == *id) {
            Some(i) => results.swap_remove(i),
            None => ResourceResult {
                id: id.clone(),
                outcome: Outcome::Unknown {
                    code: "NoResult".into(),
                    message: "may or may not have been applied: the service reported nothing \
                              for this resource"
                        .into(),
                },
            },
        })
        .collect()
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
