//! Resuming a create job (`Command::ResumeJob` of a CreateWorkspaces entry). Its targets are
//! users (`directory/user`), not resources to re-read by ID, and CreateWorkspaces is not
//! idempotent: every user is looked up by directory and user name first (DescribeWorkspaces,
//! `WorkspacesService::check_unknown_creates`). The unknown ones (their call's answer was
//! lost) go to the app as found (with the WorkSpace's ID) or not; the never-sent ones found
//! are skipped with the ID, the others offered through the ordinary confirmation. A lookup
//! that fails offers nothing: the entry stays in the journal.

use crate::app::{Msg, Resumable};
use crate::domain::split_target_id;
use crate::queue::journal::UnfinishedJob;
use crate::queue::Target;
use crate::service::WorkspacesService;
use tokio::sync::mpsc::UnboundedSender;

pub async fn reread(job: UnfinishedJob, svc: WorkspacesService, tx: UnboundedSender<Msg>) {
    let unknown: Vec<Target> = (job.unknown.iter())
        .map(|u| Target::new(u.id.clone(), u.label.clone()))
        .chain(job.in_flight.iter().cloned())
        .collect();
    let checked = match svc.check_unknown_creates(&unknown).await {
        Ok(c) => c,
        Err(e) => return failed(&tx, &job, e),
    };
    let unsent = match svc.check_unknown_creates(&job.not_sent).await {
        Ok(c) => c,
        Err(e) => return failed(&tx, &job, e),
    };
    let skipped = (unsent.found.into_iter())
        .map(|(t, id)| {
            let (dir, user) = split_target_id(&t.id).unwrap_or(("", ""));
            let user = if t.label.is_empty() { user } else { &t.label };
            let why = format!("{user} already has {id} in {dir}");
            (t, why)
        })
        .collect();
    let _ = tx.send(Msg::Resumable(Box::new(Resumable {
        job,
        targets: unsent.not_found,
        skipped,
        workspaces: vec![],
        create: Some(Box::new(checked)),
    })));
}

fn failed(tx: &UnboundedSender<Msg>, job: &UnfinishedJob, e: crate::domain::ServiceError) {
    let _ = tx.send(Msg::Notice(format!(
        "resume of create not started: looking its {} users up by directory and user failed \
         ({}: {}); nothing sent, the job stays in the journal",
        job.not_sent.len() + job.unknown.len() + job.in_flight.len(),
        e.code,
        e.message
    )));
}
