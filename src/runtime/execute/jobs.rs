//! Jobs: a confirmed action handed to the queue, a job cancelled, and the unfinished jobs of
//! an earlier session resumed (re-read first) or discarded from the journal.

use super::{misrouted, Executor};
use crate::app::{Command, Msg, State};
use crate::queue::{journal, JobId};

impl Executor {
    pub(super) fn jobs(&self, state: &State, c: Command) {
        match c {
            c @ Command::Submit { .. } => match c.into_job() {
                // Recorded in the same journal write that takes the old entry out.
                Some((spec, Some(key))) => {
                    self.queue.resume(key, spec);
                }
                Some((spec, None)) => {
                    self.queue.submit(spec);
                }
                None => {}
            },
            // Recorded with the settled outcomes, in the same journal write that takes the
            // old entry out.
            Command::ResumeCreate { submit, settled } => match (*submit).into_job() {
                Some((spec, resumes)) => {
                    self.queue.submit_settled(spec, resumes, settled);
                }
                None => debug_assert!(false, "a resumed create without its Submit"),
            },
            Command::CancelJob(job) => self.queue.cancel(JobId(job)),
            Command::ResumeJob(job) => {
                let Some(svc) = self.svc(&job.region) else {
                    return;
                };
                tokio::spawn(crate::runtime::resume::reread(*job, svc, self.tx.clone()));
            }
            Command::DiscardJob { profile, key } => {
                let profile = profile.unwrap_or_else(|| state.context_name());
                self.discard(profile, key);
            }
            other => misrouted("jobs", &other),
        }
    }

    /// Take an unfinished job out of the journal, off the UI thread, and say how it went.
    fn discard(&self, profile: String, key: String) {
        let Some(dir) = self.journal_dir.clone() else {
            return;
        };
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let notice = match journal::discard(&dir, &profile, &key) {
                Ok(()) => "unfinished job discarded".to_string(),
                Err(e) => format!("could not discard the unfinished job: {e}"),
            };
            let _ = tx.send(Msg::Notice(notice));
        });
    }
}
