//! The campaign's side effects: its record in the unfinished-jobs journal, and following its
//! updated image (DescribeWorkspaceImages by ID) until it leaves PENDING.

use std::path::Path;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::app::Msg;
use crate::queue::campaign::Campaign;
use crate::queue::journal::{self, DEFAULT_PROFILE};
use crate::service::WorkspacesService;

/// How often the updated image is read while PENDING (CreateUpdatedWorkspaceImage takes
/// tens of minutes on AWS; the emulator a few seconds). Each read is one budgeted call.
const FOLLOW_EVERY: Duration = Duration::from_secs(5);

pub fn save(dir: &Path, c: &Campaign) -> Result<(), String> {
    journal::put_campaign(dir, c.profile.as_deref().unwrap_or(DEFAULT_PROFILE), c)
}

/// The unfinished campaigns of `profile`, each folded with its own journaled jobs
/// (`Campaign::fold_journal`), which then leave the journal: the campaign resends what they
/// never sent, and never what may have been applied. Unreadable: none (the jobs' own load
/// reports the error).
pub fn load_and_fold(dir: &Path, profile: &str) -> Vec<Campaign> {
    let Ok(mut campaigns) = journal::load_campaigns(dir, profile) else {
        return vec![];
    };
    let jobs = journal::load(dir, profile).unwrap_or_default();
    for c in &mut campaigns {
        let own: Vec<_> = jobs
            .iter()
            .filter(|j| j.campaign.as_ref().is_some_and(|t| t.key == c.key))
            .cloned()
            .collect();
        c.fold_journal(&own);
        // Recorded folded before its jobs go, so a crash in between loses nothing.
        if journal::put_campaign(dir, profile, c).is_ok() {
            for j in &own {
                let _ = journal::discard(dir, profile, &j.key);
            }
        }
    }
    campaigns
}

/// Read the image until it is no longer PENDING (or cannot be read three times in a row).
pub async fn follow_image(
    svc: WorkspacesService,
    key: String,
    image_id: String,
    tx: UnboundedSender<Msg>,
) {
    let mut failures = 0;
    loop {
        let result = svc.describe_image(&image_id).await;
        let settled = match &result {
            Ok(Some(img)) => img.state != "PENDING",
            Ok(None) => true,
            Err(_) => {
                failures += 1;
                failures >= 3
            }
        };
        if settled {
            let _ = tx.send(Msg::CampaignImage { key, result });
            return;
        }
        if result.is_ok() {
            failures = 0;
        }
        tokio::time::sleep(FOLLOW_EVERY).await;
    }
}
