//! A confirmed `Command::Submit` as the queue takes it: the job's spec and the journal key of
//! the unfinished job it resumes. One conversion for the executor's every path (a new job, a
//! resumed one, a resumed create with settled outcomes), so what a test submits is what the
//! runtime submits.

use super::msg::Command;
use crate::queue::{JobSpec, Plan};

impl Command {
    /// The queue's job for a `Submit` (None for any other command).
    pub fn into_job(self) -> Option<(JobSpec, Option<String>)> {
        let Command::Submit {
            action,
            profile,
            region,
            targets,
            skipped,
            campaign,
            resumes,
        } = self
        else {
            return None;
        };
        let plan = Plan {
            to_send: targets,
            skipped,
        };
        let spec = JobSpec {
            profile: Some(profile),
            campaign,
            ..JobSpec::new(action, region, plan)
        };
        Some((spec, resumes))
    }
}
