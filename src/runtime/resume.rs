//! Resuming a job of the unfinished-jobs journal: re-read its never-sent targets as they are
//! now and plan again with the queue's preconditions; the app then opens the ordinary
//! confirmation for what is still eligible (`Msg::Resumable`). A target with an outcome
//! (sent, or unknown) is never among them (`journal::resume_spec`).

use crate::app::{Msg, Resumable};
use crate::domain::{ServiceError, TargetKind, UpdateCheck};
use crate::queue::journal::{self, UnfinishedJob};
use crate::queue::{CheckedImage, QueueHandle};
use crate::service::{all_pages, WorkspacesService};
use tokio::sync::mpsc::UnboundedSender;

/// At start: have the queue record the journal's dead jobs (before it accepts any job: the
/// request is queued now), then read the unfinished campaigns and jobs of `profile` and tell
/// the app (`Msg::Campaigns`, `Msg::Unfinished`), with a notice per entry set aside.
pub fn offer_unfinished(
    queue: &QueueHandle,
    dir: std::path::PathBuf,
    profile: String,
    tx: UnboundedSender<Msg>,
) {
    let recovered = queue.recover(profile.clone());
    tokio::spawn(async move {
        match recovered.await {
            Ok(r) => {
                for line in r.set_aside {
                    let _ = tx.send(Msg::Notice(line));
                }
            }
            Err(e) => {
                let _ = tx.send(Msg::Notice(format!(
                    "jobs ended by a crash not recorded yet ({e}); tried again at the next start"
                )));
            }
        }
        let loaded = tokio::task::spawn_blocking(move || {
            // Campaigns first, each folded with its own jobs, which leave the journal: the
            // campaign resumes them. The other jobs are offered one by one.
            let campaigns = super::campaign_io::load_and_fold(&dir, &profile);
            (campaigns, journal::load(&dir, &profile))
        })
        .await;
        if let Ok((campaigns, jobs)) = loaded {
            let _ = tx.send(Msg::Campaigns(campaigns));
            let _ = tx.send(Msg::Unfinished(jobs));
        }
    });
}

/// Re-read `job`'s targets in `svc`'s Region and hand the plan to the app for confirmation.
pub async fn reread(job: UnfinishedJob, svc: WorkspacesService, tx: UnboundedSender<Msg>) {
    if matches!(job.action, crate::domain::Action::CreateWorkspaces(_)) {
        return super::resume_create::reread(job, svc, tx).await;
    }
    let ids: Vec<String> = job.not_sent.iter().map(|t| t.id.clone()).collect();
    let mut workspaces = vec![];
    let spec = match job.action.target_kind() {
        // DescribeWorkspaces by WorkspaceIds: 25 per call.
        TargetKind::Workspace => {
            for chunk in ids.chunks(25) {
                match svc.describe_workspaces_by_id(chunk).await {
                    Ok(found) => workspaces.extend(found),
                    Err(e) => return failed(&tx, &job, e),
                }
            }
            journal::resume_spec(&job, &workspaces)
        }
        // Images and pools are few: page through them all and keep the job's.
        TargetKind::Image => match all_pages(|t| svc.describe_images_page(t)).await {
            Ok(rows) => journal::resume_spec(&job, &rows),
            Err(e) => return failed(&tx, &job, e),
        },
        TargetKind::Bundle => match all_pages(|t| svc.describe_bundles_page(None, t)).await {
            Ok(rows) => journal::resume_spec(&job, &rows),
            Err(e) => return failed(&tx, &job, e),
        },
        TargetKind::Pool => match all_pages(|t| svc.describe_pools_page(t)).await {
            Ok(rows) => journal::resume_spec(&job, &rows),
            Err(e) => return failed(&tx, &job, e),
        },
        TargetKind::Directory => match all_pages(|t| svc.describe_directories_page(t)).await {
            Ok(rows) => journal::resume_spec(&job, &rows),
            Err(e) => return failed(&tx, &job, e),
        },
        TargetKind::PoolSession | TargetKind::AppSession => return sessions_not_resumed(&job, &tx),
        TargetKind::AppImage | TargetKind::AppFleet => {
            let Some(apps) = svc.apps() else {
                let e = ServiceError::new(
                    crate::domain::ErrorKind::NotSupported,
                    "NotConnected",
                    "WorkSpaces Applications is not connected",
                );
                return failed(&tx, &job, e);
            };
            if job.action.target_kind() == TargetKind::AppFleet {
                match all_pages(|t| apps.describe_app_fleets_page(t)).await {
                    Ok(rows) => journal::resume_spec(&job, &rows),
                    Err(e) => return failed(&tx, &job, e),
                }
            } else {
                match all_pages(|t| apps.describe_app_images_page(t)).await {
                    // The update check that allowed the job was made before it stopped; the
                    // service has the last word on whether the update is still there.
                    Ok(rows) => {
                        let seen = UpdateCheck::Available { at: 0 };
                        let checked: Vec<CheckedImage> = rows
                            .iter()
                            .map(|image| CheckedImage {
                                image,
                                update: Some(&seen),
                            })
                            .collect();
                        journal::resume_spec(&job, &checked)
                    }
                    Err(e) => return failed(&tx, &job, e),
                }
            }
        }
    };
    let _ = tx.send(Msg::Resumable(Box::new(Resumable {
        targets: spec.targets,
        skipped: spec.skipped,
        workspaces,
        job,
        create: None,
    })));
}

fn sessions_not_resumed(job: &UnfinishedJob, tx: &UnboundedSender<Msg>) {
    let _ = tx.send(Msg::Notice(format!(
        "{}: sessions cannot be re-read by ID; the job stays in the journal",
        job.action.name()
    )));
}

fn failed(tx: &UnboundedSender<Msg>, job: &UnfinishedJob, e: ServiceError) {
    let _ = tx.send(Msg::Notice(format!(
        "resume of {} not started (re-read failed: {e}); the job stays in the journal",
        job.action.name()
    )));
}
