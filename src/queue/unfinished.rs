//! One entry of the unfinished-jobs journal (`journal`): a job not finished, what it never
//! sent, and what may or may not have been acted on. Read by the journal, by a campaign
//! folding its jobs back in (`campaign`), and by the start that records a dead process's jobs
//! (`recovery`); it reads only `job`.

use serde::{Deserialize, Serialize};

use crate::domain::{Action, Outcome};

use super::job::{CampaignTag, Counts, Target};

/// The code of a target that was in a call when wsfleet ended.
pub const NO_ANSWER: &str = "NoAnswerRecorded";

/// Why a target that was in a call is unknown, as `journal::load` and a campaign's fold say
/// it. (`recovery` says it its own way: `recovery::IN_FLIGHT`.)
pub const IN_FLIGHT: &str = "may or may not have been applied: wsfleet ended while this call \
                             was in flight";

/// The journal's profile name for jobs that name none.
pub const DEFAULT_PROFILE: &str = "default";

/// One job that has not finished, as the journal holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnfinishedJob {
    /// Unique across runs: what `discard` and `QueueHandle::resume` name.
    pub key: String,
    /// The job's number in the run that wrote it.
    pub job: u64,
    pub action: Action,
    /// For people reading the file; not read back.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub operation: String,
    pub profile: Option<String>,
    pub region: String,
    pub queued_at: i64,
    pub updated_at: i64,
    /// queued | running | paused | interrupted. `interrupted`: wsfleet stopped it on the way
    /// out. Anything else, read back: wsfleet ended without recording how (crash, SIGKILL).
    pub state: String,
    /// Never sent: safe to send again after a fresh precheck (`resume_spec`).
    pub not_sent: Vec<Target>,
    /// In a call when the file was written. `journal::load` moves them to `unknown`
    /// (`settle_in_flight`): the process that made the call is gone, and whether the call went
    /// out is not known.
    #[serde(default)]
    pub in_flight: Vec<Target>,
    /// Sent, with no clear answer: never to be sent again by a resume; check them by hand.
    #[serde(default)]
    pub unknown: Vec<UnknownTarget>,
    /// The campaign the job is a step of: resumed with its campaign, not on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<CampaignTag>,
    /// What the job had recorded when the file was written, and its calls: the `finished`
    /// line the next start writes for a job whose process died (`recovery`) carries them.
    #[serde(default)]
    pub counts: Counts,
    #[serde(default)]
    pub calls: u32,
}

/// `state` of a job whose process died, once the next start has recorded its outcomes and
/// `finished` line (`recovery::recover`).
pub const ENDED: &str = "ended";

impl UnfinishedJob {
    /// True when wsfleet recorded the interruption itself; false when it died (crash, kill).
    pub fn interrupted(&self) -> bool {
        self.state == "interrupted"
    }

    /// True when the process running it died and no start has recorded it yet.
    pub fn unrecorded(&self) -> bool {
        !matches!(self.state.as_str(), "interrupted" | ENDED)
    }

    /// Its targets that were in a call when the file was written become unknown, `why` (the
    /// only place that happens: `journal::load`, and `recovery` once it has recorded them).
    pub fn settle_in_flight(&mut self, why: &str) {
        let flying = std::mem::take(&mut self.in_flight);
        self.unknown
            .extend(flying.into_iter().map(|t| UnknownTarget::no_answer(t, why)));
    }
}

/// A resource whose call went out without a clear answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownTarget {
    pub id: String,
    pub label: String,
    pub code: String,
    pub message: String,
}

impl UnknownTarget {
    /// A target that was in a call when its process ended: no answer was recorded, and the
    /// call may or may not have reached the service (`why`: `IN_FLIGHT` or
    /// `recovery::IN_FLIGHT`).
    pub fn no_answer(t: Target, why: &str) -> Self {
        Self {
            id: t.id,
            label: t.label,
            code: NO_ANSWER.into(),
            message: why.into(),
        }
    }

    /// Its outcome, for the audit log and a campaign's record.
    pub fn outcome(&self) -> Outcome {
        Outcome::Unknown {
            code: self.code.clone(),
            message: self.message.clone(),
        }
    }
}
