//! Sending one batch: the call, its resends, and exactly one outcome per ID whatever the
//! service answers (or does not).
//!
//! Which answer leads where:
//! - an answer: one outcome per ID (FailedRequests become Failed, the rest Succeeded);
//! - NotSent (connection refused, DNS, TLS, credentials): the request never left, so the batch
//!   is sent again, without limit; after `PausePolicy::not_sent_limit` in a row the job pauses
//!   and probes the endpoint with the batch at growing intervals;
//! - throttled or 503: certainly not applied, sent again up to `RetryPolicy::max_tries` calls,
//!   then Failed ("not applied; gave up");
//! - anything else that may have acted (500, timeout, dropped connection, unreadable answer):
//!   Unknown, never sent again;
//! - no answer before a shutdown's deadline: Unknown.

use std::panic::AssertUnwindSafe;

use futures::future::BoxFuture;
use futures::FutureExt;

use crate::domain::{Action, Outcome, ResourceResult};
use crate::domain::{ErrorKind, ServiceError};

use super::control::{secs, HaltSwitch, PausePolicy};
use super::failure::failure_outcome;
use super::ActionApi;
use crate::domain::throttle::{certainly_not_applied, RetryPolicy};

/// Split a job's IDs into API calls at the operation's limit (`Action::batch_size`).
pub fn batches<'a>(action: &Action, ids: &'a [String]) -> Vec<&'a [String]> {
    ids.chunks(action.batch_size().max(1)).collect()
}

/// What the job does around each call: record it first, and say when it pauses.
pub(crate) trait Hooks: Send {
    /// Before call `attempt` (1 for a batch's first) of `ids`: record it (the audit log's
    /// `sending` line) and mark it in flight. False: the job was halted before it could be
    /// recorded, so it must not be sent.
    fn before_call<'a>(&'a mut self, ids: &'a [String], attempt: u32) -> BoxFuture<'a, bool>;
    /// The call certainly did not apply (NotSent, throttled, 503): the IDs are unsent again.
    fn unsent_again(&mut self, ids: &[String]);
    fn paused(&mut self, reason: String);
    /// The endpoint answered again after a pause.
    fn resumed(&mut self);
}

/// Sends a job's batches one at a time; keeps what spans batches (the NotSent streak).
pub(crate) struct Sender<'a> {
    pub api: &'a dyn ActionApi,
    pub action: &'a Action,
    pub retry: &'a RetryPolicy,
    pub pause: &'a PausePolicy,
    pub halt: &'a HaltSwitch,
    /// NotSent answers in a row, across batches.
    pub not_sent_streak: u32,
}

/// What became of one batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sent {
    /// Every ID has its outcome. `reached`: a call went out that the service got or may have
    /// got. `gave_up`: a shutdown's deadline passed with the call unanswered (Unknown).
    Answered {
        results: Vec<ResourceResult>,
        calls: u32,
        reached: bool,
        gave_up: bool,
    },
    /// Halted before the batch was sent (or while it waited to be sent again): nothing of it
    /// was applied. `calls` were made and certainly not applied.
    Halted { calls: u32 },
}

impl Sender<'_> {
    pub async fn send(&mut self, hooks: &mut dyn Hooks, ids: &[String]) -> Sent {
        let mut calls = 0;
        // Calls the service answered (throttled, 503): what `max_tries` limits.
        let mut answered = 0;
        let mut attempt = 0;
        loop {
            if self.halt.is_halted() {
                return Sent::Halted { calls };
            }
            attempt += 1;
            if !hooks.before_call(ids, attempt).await {
                return Sent::Halted { calls };
            }
            calls += 1;
            let answer = tokio::select! {
                biased;
                answer = call(self.api, self.action, ids) => answer,
                _ = self.halt.deadline_passed() => {
                    return Sent::Answered {
                        results: all(ids, &no_answer()),
                        calls,
                        reached: true,
                        gave_up: true,
                    };
                }
            };
            let err = match answer {
                Ok(results) => {
                    self.answered(hooks);
                    return Sent::Answered {
                        results: one_per_id(ids, results),
                        calls,
                        reached: true,
                        gave_up: false,
                    };
                }
                Err(err) => err,
            };
            let wait = if err.kind == ErrorKind::NotSent {
                hooks.unsent_again(ids);
                self.not_sent_streak += 1;
                let limit = self.pause.not_sent_limit.max(1);
                if self.not_sent_streak >= limit {
                    let wait = self.pause.probe_wait(self.not_sent_streak - limit + 1);
                    hooks.paused(format!(
                        "endpoint unreachable, retrying in {} s: {}",
                        secs(wait),
                        err.message
                    ));
                    wait
                } else {
                    self.retry.jittered(self.not_sent_streak)
                }
            } else {
                self.answered(hooks);
                answered += 1;
                if !certainly_not_applied(&err) || answered >= self.retry.max_tries.max(1) {
                    return Sent::Answered {
                        results: all(ids, &failure_outcome(&err, answered)),
                        calls,
                        reached: true,
                        gave_up: false,
                    };
                }
                hooks.unsent_again(ids);
                self.retry.jittered(answered)
            };
            if !self.halt.sleep(wait).await {
                return Sent::Halted { calls };
            }
        }
    }

    /// The endpoint answered: a pause for it is over.
    fn answered(&mut self, hooks: &mut dyn Hooks) {
        if self.not_sent_streak >= self.pause.not_sent_limit.max(1) {
            hooks.resumed();
        }
        self.not_sent_streak = 0;
    }
}

/// One call. A panicking ActionApi is a bug, but the job must still give every ID one outcome;
/// it may have acted, so it is a Retryable (ambiguous) error.
async fn call(
    api: &dyn ActionApi,
    action: &Action,
    ids: &[String],
) -> Result<Vec<ResourceResult>, ServiceError> {
    AssertUnwindSafe(api.execute(action, ids))
        .catch_unwind()
        .await
        .unwrap_or_else(|_| {
            Err(ServiceError::new(
                ErrorKind::Retryable,
                "InternalError",
                "the call failed inside wsfleet",
            ))
        })
}

fn no_answer() -> Outcome {
    Outcome::Unknown {
        code: "Interrupted".into(),
        message: "may or may not have been applied: wsfleet stopped before the call answered"
            .into(),
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
