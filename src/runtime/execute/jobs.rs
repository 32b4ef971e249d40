//! Jobs: a confirmed action handed to the queue, a job cancelled, and the unfinished jobs of
//! an earlier session resumed (re-read first) or discarded from the journal.

use super::{misrouted, Executor};
use crate::app::{Command, Msg, State};
use crate::queue::{journal, JobId, JobSpec, Plan};

impl Executor {
    pub(super) fn jobs(&self, state: &State, c: Command) {
        match c {
            Command::Submit {
                action,
                profile,
                region,
                targets,
                skipped,
                campaign,
                resumes,
            } => {
                let plan = Plan {
                    to_send: targets,
                    skipped,
                };
                let spec = JobSpec {
                    profile: Some(profile),
                    campaign,
                    ..JobSpec::new(action, region, plan)
                };
                match resumes {
                    // Recorded in the same journal write that takes the old entry out.
                    Some(key) => self.queue.resume(key, spec),
                    None => self.queue.submit(spec),
                };
            }
            Command::ResumeCreate { submit, settled } => match *submit {
                Command::Submit {
                    action,
                    profile,
                    region,
                    targets,
                    skipped,
                    campaign,
                    resumes,
                } => {
                    let plan = Plan {
                        to_send: targets,
                        skipped,
                    };
                    let spec = JobSpec {
                        profile: Some(profile),
                        campaign,
                        ..JobSpec::new(action, region, plan)
                    };
                    // Recorded with the settled outcomes, in the same journal write that
                    // takes the old entry out.
                    self.queue.submit_settled(spec, resumes, settled);
                }
                other => misrouted("jobs", &other),
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
