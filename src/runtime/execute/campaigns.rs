//! Image update campaigns: their record in the journal, their updated image followed until
//! it leaves PENDING, and the pause between waves (`runtime::campaign_io`).

use super::{misrouted, Executor};
use crate::app::{Command, Msg};
use crate::queue::journal;
use crate::runtime::campaign_io;
use std::time::Duration;

impl Executor {
    pub(super) fn campaigns(&self, c: Command) {
        let tx = self.tx.clone();
        match c {
            Command::SaveCampaign(c) => {
                // Written before the step's job is submitted (the next command), so a
                // restart always finds the record of what was about to be sent.
                if let Some(dir) = &self.journal_dir {
                    if let Err(e) = campaign_io::save(dir, &c) {
                        let _ = tx.send(Msg::Notice(format!("campaign not saved: {e}")));
                    }
                }
            }
            Command::RemoveCampaign { profile, key } => {
                if let Some(dir) = &self.journal_dir {
                    let profile = profile.unwrap_or_else(|| journal::DEFAULT_PROFILE.into());
                    if let Err(e) = journal::remove_campaign(dir, &profile, &key) {
                        let _ = tx.send(Msg::Notice(format!("campaign: {e}")));
                    }
                }
            }
            Command::FollowImage {
                key,
                region,
                image_id,
            } => {
                let Some(svc) = self.svc(&region) else { return };
                tokio::spawn(campaign_io::follow_image(svc, key, image_id, tx));
            }
            Command::WakeCampaign { key, after_secs } => {
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_secs(after_secs)).await;
                    let _ = tx.send(Msg::CampaignWake(key));
                });
            }
            other => misrouted("campaigns", &other),
        }
    }
}
