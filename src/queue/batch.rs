//! Sending one batch: the call, its retries, and exactly one outcome per ID whatever the
//! service answers.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use tokio::sync::watch;

use crate::domain::throttle::RetryPolicy;
use crate::domain::{Action, Outcome, ResourceResult};
use crate::domain::{ErrorKind, ServiceError};

use super::failure::failure_outcome;
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
/// 503), up to `policy.max_tries` calls (`RetryPolicy::send_again`). A cancel during a retry
/// wait stops the resending: nothing was applied, so those resources are Cancelled. A call
/// already made is never made again after it may have acted.
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
        let Some(wait) = policy.send_again(&err, calls) else {
            let outcome = failure_outcome(&err, calls);
            return BatchReport {
                results: all(ids, &outcome),
                calls,
            };
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = cancel.wait() => {}
        }
        if cancel.is_cancelled() {
            return BatchReport {
                results: all(ids, &Outcome::Cancelled),
                calls,
            };
        }
    }
}

pub fn all(ids: &[String], outcome: &Outcome) -> Vec<ResourceResult> {
    ids.iter()
        .map(|id| ResourceResult {
            id: id.clone(),
            outcome: outcome.clone(),
        })
        .collect()
}

/// Exactly one result per sent ID, in sent order: the service's result for it, or a failure
/// if it gave none (the call went out, so the resource may have been acted on).
/// Results for IDs we did not send are dropped.
fn one_per_id(ids: &[String], mut results: Vec<ResourceResult>) -> Vec<ResourceResult> {
    ids.iter()
        .map(|id| match results.iter().position(|r| r.id == *id) {
            Some(i) => results.swap_remove(i),
            None => ResourceResult {
                id: id.clone(),
                outcome: Outcome::Failed {
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
