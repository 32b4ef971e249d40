//! The queue pane (`:queue`): every job with its progress; Enter lists its per-resource
//! outcomes.

use crate::domain::StateClass;
use crate::table::format::{clock, clock_date, short_id};
use crate::table::resource::{col, num_key, Column, Ctx, Resource};
use crate::table::Keyed;

/// One job as the queue pane shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JobRow {
    /// The job number as text (the table key).
    pub key: String,
    pub job: u64,
    pub action: String,
    pub operation: String,
    pub region: String,
    pub total: usize,
    pub done: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub skipped: usize,
    pub cancelled: usize,
    /// Sent in a call that may have acted, with no answer to tell (never resent).
    pub unknown: usize,
    /// Resources in calls that went out.
    pub sent: usize,
    /// queued | running | paused | done | cancelled | refused | interrupted
    pub state: String,
    /// Why a job is paused or was refused (empty otherwise).
    pub reason: String,
    /// Every count in words ("675 sent: 675 succeeded; 1146 cancelled").
    pub summary: String,
    pub calls: u32,
    pub started: Option<i64>,
    pub finished: Option<i64>,
}

impl Keyed for JobRow {
    fn key(&self) -> &str {
        &self.key
    }
}

fn duration(j: &JobRow, ctx: &Ctx) -> Option<i64> {
    j.started.map(|s| j.finished.unwrap_or(ctx.now) - s)
}

static JOB_COLUMNS: &[Column<JobRow>] = &[
    col::<JobRow>("JOB", &["job", "id"], 5, 0, |j, _| j.job.to_string())
        .sorted(|j, _| num_key(Some(j.job as f64))),
    col::<JobRow>("ACTION", &["action"], 24, 0, |j, _| j.action.clone()),
    col::<JobRow>("STATE", &["state"], 9, 0, |j, _| j.state.clone()).coloured(),
    col::<JobRow>("PROGRESS", &["progress", "done"], 11, 0, |j, _| {
        format!("{}/{}", j.done, j.total)
    })
    .sorted(|j, _| num_key(Some(j.done as f64))),
    col::<JobRow>("FAILED", &["failed", "failures"], 6, 0, |j, _| {
        j.failed.to_string()
    })
    .sorted(|j, _| num_key(Some(j.failed as f64))),
    col::<JobRow>("UNKNOWN", &["unknown"], 7, 0, |j, _| j.unknown.to_string())
        .sorted(|j, _| num_key(Some(j.unknown as f64))),
    col::<JobRow>("SKIPPED", &["skipped"], 7, 1, |j, _| j.skipped.to_string()),
    col::<JobRow>("CANCELLED", &["cancelled"], 9, 1, |j, _| {
        j.cancelled.to_string()
    }),
    col::<JobRow>("SENT", &["sent"], 6, 2, |j, _| j.sent.to_string()),
    col::<JobRow>("STARTED", &["started"], 8, 1, |j, _| {
        j.started.map(clock).unwrap_or_default()
    })
    .time()
    .sorted(|j, _| num_key(j.started.map(|t| t as f64))),
    col::<JobRow>("TOOK", &["took", "duration"], 6, 1, |j, ctx| {
        duration(j, ctx)
            .map(|d| format!("{d}s"))
            .unwrap_or_default()
    })
    .sorted(|j, ctx| num_key(duration(j, ctx).map(|d| d as f64)))
    .live(),
    col::<JobRow>("CALLS", &["calls"], 5, 2, |j, _| j.calls.to_string()),
    col::<JobRow>("REGION", &["region"], 14, 2, |j, _| j.region.clone()),
    col::<JobRow>("OPERATION", &["operation", "op"], 30, 3, |j, _| {
        j.operation.clone()
    }),
    // 50, not the 40 of other free text: a campaign's wave and the key that reopens its step
    // ("wave 2 of 3: W on image wsi-… to confirm") get the room before the low-priority
    // columns do, whole at 200 columns beside the campaign's jobs.
    col::<JobRow>("WHY", &["why", "reason"], 50, 1, |j, _| j.reason.clone()),
    col::<JobRow>("OUTCOMES", &["outcomes", "summary"], 50, 3, |j, _| {
        j.summary.clone()
    }),
];

impl Resource for JobRow {
    const NOUN: &'static str = "job";
    const PLURAL: &'static str = "jobs";

    fn columns() -> &'static [Column<Self>] {
        JOB_COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(match self.state.as_str() {
            "done" if self.failed == 0 => StateClass::Healthy,
            "done" => StateClass::Bad,
            "cancelled" => StateClass::Stopped,
            _ => StateClass::Transitional,
        })
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    fn detail(&self, ctx: &Ctx) -> Vec<(&'static str, String)> {
        vec![
            ("Job", self.job.to_string()),
            ("Action", self.action.clone()),
            ("Operation", self.operation.clone()),
            ("Region", self.region.clone()),
            ("State", self.state.clone()),
            // Whole here, near the top (the detail view wraps), however narrow the WHY
            // column is.
            ("Why", self.reason.clone()),
            ("Resources", self.total.to_string()),
            ("Done", self.done.to_string()),
            ("Succeeded", self.succeeded.to_string()),
            ("Failed", self.failed.to_string()),
            ("Skipped", self.skipped.to_string()),
            ("Cancelled", self.cancelled.to_string()),
            ("API calls", self.calls.to_string()),
            ("Started", self.started.map(clock_date).unwrap_or_default()),
            (
                "Finished",
                self.finished.map(clock_date).unwrap_or_default(),
            ),
            (
                "Took",
                duration(self, ctx)
                    .map(|d| format!("{d}s"))
                    .unwrap_or_default(),
            ),
            // Whole here (the detail view wraps), however narrow the OUTCOMES column is.
            ("Outcomes", self.summary.clone()),
        ]
    }
}

/// One resource's outcome in a job.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutcomeRow {
    pub id: String,
    pub label: String,
    /// succeeded | failed | skipped | cancelled | pending
    pub outcome: String,
    pub code: String,
    /// The service's message, or why it was skipped.
    pub message: String,
}

impl Keyed for OutcomeRow {
    fn key(&self) -> &str {
        &self.id
    }
}

static OUTCOME_COLUMNS: &[Column<OutcomeRow>] = &[
    // An identifier: sorted bytewise as the title's `sort:RESOURCE↑` reads (a natural sort
    // put `ws-1a…` before `ws-12…`, which looks unsorted), and never cut.
    col::<OutcomeRow>("RESOURCE", &["id", "resource"], 16, 0, |o, _| {
        short_id(&o.id).to_string()
    })
    .id(),
    col::<OutcomeRow>("NAME", &["name", "user", "label"], 16, 0, |o, _| {
        o.label.clone()
    }),
    col::<OutcomeRow>("OUTCOME", &["outcome", "state"], 9, 0, |o, _| {
        o.outcome.clone()
    })
    .coloured(),
    col::<OutcomeRow>("CODE", &["code", "error"], 24, 1, |o, _| o.code.clone()),
    col::<OutcomeRow>("MESSAGE", &["message", "reason"], 40, 1, |o, _| {
        o.message.clone()
    }),
];

impl Resource for OutcomeRow {
    const NOUN: &'static str = "outcome";
    const PLURAL: &'static str = "outcomes";

    fn columns() -> &'static [Column<Self>] {
        OUTCOME_COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(match self.outcome.as_str() {
            "succeeded" => StateClass::Healthy,
            "failed" => StateClass::Bad,
            "pending" => StateClass::Transitional,
            _ => StateClass::Stopped,
        })
    }

    fn state_text(&self) -> &str {
        &self.outcome
    }

    fn detail(&self, _ctx: &Ctx) -> Vec<(&'static str, String)> {
        vec![
            ("Resource", self.id.clone()),
            ("Name", self.label.clone()),
            ("Outcome", self.outcome.clone()),
            ("ErrorCode", self.code.clone()),
            ("Message", self.message.clone()),
        ]
    }
}
