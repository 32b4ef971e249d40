//! An image update campaign (issue 17): create the updated image (CreateUpdatedWorkspaceImage)
//! and follow it to AVAILABLE, point the chosen bundles at it (UpdateWorkspaceBundle), then
//! roll the WorkSpaces on those bundles in waves (RebuildWorkspaces or MigrateWorkspace).
//!
//! A campaign is not a second queue: every call goes out as an ordinary job of the queue
//! (audited before sending, journaled, one outcome per resource), tagged with the campaign's
//! key (`CampaignTag`). This record only says which step and wave the campaign is at and what
//! became of each bundle and WorkSpace, and is kept in the unfinished-jobs journal beside the
//! jobs (`journal::put_campaign`), so a campaign survives exit and restart. Pure state: the app
//! drives it from queue events and says when to persist it.

use serde::{Deserialize, Serialize};

use crate::domain::{Action, Outcome};

pub use super::job::CampaignTag;
use super::job::Target;
use super::unfinished::{UnfinishedJob, UnknownTarget, IN_FLIGHT};

/// How the WorkSpaces get the new image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Roll {
    /// RebuildWorkspaces (1 per call): same WorkSpace ID, root volume from the bundle's image,
    /// user volume from the last snapshot.
    Rebuild,
    /// MigrateWorkspace to this bundle (1 per call): a new WorkSpace ID.
    Migrate { bundle_id: String },
}

impl Roll {
    pub fn action(&self) -> Action {
        match self {
            Roll::Rebuild => Action::Rebuild,
            Roll::Migrate { bundle_id } => Action::Migrate {
                bundle_id: bundle_id.clone(),
            },
        }
    }
}

/// The administrator's choices for step 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WavePlan {
    pub roll: Roll,
    /// WorkSpaces per wave (at least 1).
    pub wave_size: usize,
    /// Seconds between the end of one wave and the start of the next.
    pub pause_secs: u64,
    /// Stop when more than this percentage of a wave fails (failed or unknown).
    pub stop_over_percent: u32,
    /// WorkSpaces whose user is connected: true rolls them in the last waves, false skips them.
    pub connected_last: bool,
    /// Stop the campaign before a wave while any WorkSpace not yet sent has a connected user
    /// (the stop rule "any WorkSpace with a connected user unless allowed").
    #[serde(default)]
    pub stop_on_connected: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// CreateUpdatedWorkspaceImage sent or to be sent.
    CreateImage,
    /// Following the new image until AVAILABLE.
    WaitImage,
    /// UpdateWorkspaceBundle for the chosen bundles (waits for confirmation first).
    Bundles,
    /// Rolling the WorkSpaces in waves (waits for confirmation first).
    Roll,
    Done,
    Stopped,
}

impl Step {
    pub fn label(&self) -> &'static str {
        match self {
            Step::CreateImage => "step 1 of 3: image",
            Step::WaitImage => "step 1 of 3: image, being made",
            Step::Bundles => "step 2 of 3: bundles",
            Step::Roll => "step 3 of 3: WorkSpaces",
            Step::Done => "done",
            Step::Stopped => "stopped",
        }
    }

    /// "step 3 of 3": where the action's name already says what the step does (its jobs).
    pub fn short_label(&self) -> &'static str {
        match self {
            Step::CreateImage | Step::WaitImage => "step 1 of 3",
            Step::Bundles => "step 2 of 3",
            Step::Roll => "step 3 of 3",
            Step::Done => "done",
            Step::Stopped => "stopped",
        }
    }
}

/// One resource of the campaign (a bundle or a WorkSpace) and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub label: String,
    /// WorkSpaces: the bundle it is on.
    #[serde(default)]
    pub bundle_id: String,
    /// WorkSpaces: its user was connected when the roll was planned.
    #[serde(default)]
    pub connected: bool,
    /// The wave it was put in (1-based); `None` while not yet sent.
    pub wave: Option<usize>,
    /// succeeded | failed | skipped | cancelled | unknown, as `Outcome::label`.
    pub outcome: Option<String>,
    /// The error, the reason, or what was created (MigrateWorkspace's new WorkSpace ID).
    #[serde(default)]
    pub detail: String,
}

impl Member {
    pub fn new(t: &Target) -> Self {
        Self {
            id: t.id.clone(),
            label: t.label.clone(),
            bundle_id: String::new(),
            connected: false,
            wave: None,
            outcome: None,
            detail: String::new(),
        }
    }

    fn record(&mut self, outcome: &Outcome) {
        self.outcome = Some(outcome.label().to_string());
        self.detail = match outcome {
            Outcome::Succeeded { result } => result.clone().unwrap_or_default(),
            Outcome::Failed { code, message } | Outcome::Unknown { code, message } => {
                format!("{code}: {message}")
            }
            Outcome::Skipped { reason } | Outcome::Cancelled { reason } => reason.clone(),
        };
    }

    fn failed(&self) -> bool {
        matches!(self.outcome.as_deref(), Some("failed" | "unknown"))
    }
}

/// The persisted campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub key: String,
    pub profile: Option<String>,
    pub region: String,
    /// The image the bundles are on now.
    pub old_image: String,
    /// Its name, which names the campaign wherever it is shown (the key keeps the ID). Empty
    /// in a record an older wsfleet wrote: the ID names it then.
    #[serde(default)]
    pub old_image_name: String,
    /// The updated image, once known (created, or given).
    pub new_image: Option<String>,
    /// CreateUpdatedWorkspaceImage's Name and Description (step 1).
    #[serde(default)]
    pub image_name: String,
    #[serde(default)]
    pub image_description: String,
    pub step: Step,
    /// Why the campaign stopped, when it did.
    #[serde(default)]
    pub stopped: Option<String>,
    pub bundles: Vec<Member>,
    pub workspaces: Vec<Member>,
    pub plan: Option<WavePlan>,
    /// Waves started so far.
    pub wave: usize,
    /// Campaign jobs accepted and not finished, by the queue's job number in this run.
    #[serde(default)]
    pub open_jobs: Vec<u64>,
    /// Epoch seconds before which the next wave must not start (the pause).
    #[serde(default)]
    pub next_wave_at: Option<i64>,
    /// A step is planned and waits for the administrator's confirmation.
    #[serde(default)]
    pub awaiting_confirmation: bool,
}

impl Campaign {
    pub fn tag(&self, step: impl Into<String>) -> CampaignTag {
        CampaignTag {
            key: self.key.clone(),
            step: step.into(),
        }
    }

    /// The WorkSpaces of the roll in the order they are sent: those whose user is not
    /// connected first (by ID), then the connected ones — or none of those when they are
    /// skipped (`skipped_connected` lists them).
    fn roll_order(&self) -> Vec<usize> {
        let Some(plan) = &self.plan else {
            return vec![];
        };
        let mut idle: Vec<usize> = vec![];
        let mut busy: Vec<usize> = vec![];
        for (i, m) in self.workspaces.iter().enumerate() {
            if m.connected {
                busy.push(i)
            } else {
                idle.push(i)
            }
        }
        if plan.connected_last {
            idle.extend(busy);
        }
        idle
    }

    /// Connected WorkSpaces the plan skips, not yet recorded: they get a `skipped` outcome
    /// (sent to the queue as skipped targets, so the audit log records it).
    pub fn skipped_connected(&mut self) -> Vec<(Target, String)> {
        let Some(plan) = &self.plan else {
            return vec![];
        };
        if plan.connected_last {
            return vec![];
        }
        let mut out = vec![];
        for m in self.workspaces.iter_mut() {
            if m.connected && m.outcome.is_none() && m.wave.is_none() {
                let reason = "user connected: the campaign skips connected users".to_string();
                m.record(&Outcome::Skipped {
                    reason: reason.clone(),
                });
                out.push((Target::new(&m.id, &m.label), reason));
            }
        }
        out
    }

    /// Before each wave: the connection status of the WorkSpaces not yet sent, from the app's
    /// current data (DescribeWorkspacesConnectionStatus), not from when the roll was planned.
    pub fn refresh_connected(&mut self, is_connected: impl Fn(&str) -> bool) {
        for m in self.workspaces.iter_mut() {
            if m.outcome.is_none() && m.wave.is_none() {
                m.connected = is_connected(&m.id);
            }
        }
    }

    /// The stop rule on connected users: `Err` names a WorkSpace not yet sent whose user is
    /// connected, when the plan does not allow them.
    pub fn check_connected(&self) -> Result<(), String> {
        if !self.plan.as_ref().is_some_and(|p| p.stop_on_connected) {
            return Ok(());
        }
        match self
            .workspaces
            .iter()
            .find(|m| m.connected && m.outcome.is_none() && m.wave.is_none())
        {
            Some(m) => Err(format!("{} ({}) has a connected user", m.id, m.label)),
            None => Ok(()),
        }
    }

    /// How many waves the roll takes in all (those sent and those to come).
    pub fn wave_count(&self) -> usize {
        let size = self.plan.as_ref().map_or(1, |p| p.wave_size.max(1));
        let left = self
            .roll_order()
            .into_iter()
            .filter(|&i| self.workspaces[i].wave.is_none() && self.workspaces[i].outcome.is_none())
            .count();
        self.wave + left.div_ceil(size)
    }

    /// Start the next wave: its WorkSpaces, in order, now marked with the wave's number.
    /// Empty when every WorkSpace has been sent (or recorded).
    pub fn next_wave(&mut self) -> Vec<Target> {
        let size = self.plan.as_ref().map_or(1, |p| p.wave_size.max(1));
        let picked: Vec<usize> = self
            .roll_order()
            .into_iter()
            .filter(|&i| self.workspaces[i].wave.is_none() && self.workspaces[i].outcome.is_none())
            .take(size)
            .collect();
        if picked.is_empty() {
            return vec![];
        }
        self.wave += 1;
        self.next_wave_at = None;
        picked
            .into_iter()
            .map(|i| {
                let m = &mut self.workspaces[i];
                m.wave = Some(self.wave);
                Target::new(&m.id, &m.label)
            })
            .collect()
    }

    /// One outcome the queue reported for a campaign job: the bundle or WorkSpace it is for.
    pub fn record(&mut self, id: &str, outcome: &Outcome) {
        if let Some(m) = self
            .workspaces
            .iter_mut()
            .chain(self.bundles.iter_mut())
            .find(|m| m.id == id)
        {
            m.record(outcome);
        }
    }

    /// A resource of a step's job the queue cancelled before sending it because wsfleet is
    /// quitting (`q` then `y`): never sent, so it is unsent again and the campaign, resumed at
    /// the next start, plans it in a later wave. A wave of which nothing went out is not
    /// counted.
    pub fn put_back(&mut self, id: &str) {
        let Some(m) = self
            .workspaces
            .iter_mut()
            .chain(self.bundles.iter_mut())
            .find(|m| m.id == id)
        else {
            return;
        };
        m.wave = None;
        m.outcome = None;
        m.detail.clear();
        if self.wave > 0 && !self.workspaces.iter().any(|m| m.wave == Some(self.wave)) {
            self.wave -= 1;
        }
    }

    /// The current wave has ended: apply the stop rule. `Err` carries why the campaign stops.
    pub fn check_wave(&self) -> Result<(), String> {
        let Some(plan) = &self.plan else {
            return Ok(());
        };
        let wave: Vec<&Member> = self
            .workspaces
            .iter()
            .filter(|m| m.wave == Some(self.wave))
            .collect();
        let failed = wave.iter().filter(|m| m.failed()).count();
        if wave.is_empty() {
            return Ok(());
        }
        // Integer form of failed / size > N %.
        if failed * 100 > plan.stop_over_percent as usize * wave.len() {
            return Err(format!(
                "wave {}: {failed} of {} failed, more than {}%",
                self.wave,
                wave.len(),
                plan.stop_over_percent
            ));
        }
        Ok(())
    }

    /// Stop: every WorkSpace not yet sent is recorded as not sent with `why`; returns them so
    /// the queue can record the same in the audit log (as skipped targets of a job).
    pub fn stop(&mut self, why: &str) -> Vec<(Target, String)> {
        self.step = Step::Stopped;
        self.stopped = Some(why.to_string());
        self.awaiting_confirmation = false;
        let reason = format!("campaign stopped ({why}): not sent");
        let mut out = vec![];
        for m in self.workspaces.iter_mut().chain(self.bundles.iter_mut()) {
            if m.outcome.is_none() && m.wave.is_none() {
                m.record(&Outcome::Skipped {
                    reason: reason.clone(),
                });
                out.push((Target::new(&m.id, &m.label), reason.clone()));
            }
        }
        out
    }

    /// After a restart: fold this campaign's jobs from the journal back into it. Never-sent
    /// resources become unsent again (the next wave re-plans them); those in flight or unknown
    /// are recorded unknown and never resent; a resource that was handed to a job and has no
    /// outcome here nor an entry in any job is recorded unknown too ("sent or not: not
    /// recorded"), because its job may have finished after the record was last written.
    pub fn fold_journal(&mut self, jobs: &[UnfinishedJob]) {
        self.open_jobs.clear();
        let mut unsent: Vec<&str> = vec![];
        for j in jobs {
            unsent.extend(j.not_sent.iter().map(|t| t.id.as_str()));
            let flying = j
                .in_flight
                .iter()
                .map(|t| UnknownTarget::no_answer(t.clone(), IN_FLIGHT));
            for u in j.unknown.iter().cloned().chain(flying) {
                self.record(&u.id, &u.outcome());
            }
        }
        for m in self.workspaces.iter_mut().chain(self.bundles.iter_mut()) {
            if m.outcome.is_some() {
                continue;
            }
            if unsent.contains(&m.id.as_str()) {
                m.wave = None;
            } else if m.wave.is_some() {
                m.record(&Outcome::Unknown {
                    code: "NotRecorded".into(),
                    message: "sent or not: wsfleet ended before recording the answer \
                              (see the audit log); not sent again"
                        .into(),
                });
            }
        }
    }

    /// Counts for the queue pane and the status line: (succeeded, failed or unknown, skipped
    /// or cancelled, not yet sent).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for m in &self.workspaces {
            match m.outcome.as_deref() {
                Some("succeeded") => c.0 += 1,
                Some("failed" | "unknown") => c.1 += 1,
                Some(_) => c.2 += 1,
                None => c.3 += 1,
            }
        }
        c
    }

    /// What names the campaign: its image's name (the ID when the name is not known).
    pub fn title(&self) -> &str {
        if self.old_image_name.is_empty() {
            &self.old_image
        } else {
            &self.old_image_name
        }
    }

    /// The updated image's name (given, or looked up when its ID was given), else its ID.
    pub fn new_title(&self) -> &str {
        match (self.image_name.as_str(), &self.new_image) {
            ("", Some(id)) => id,
            ("", None) => "(new image)",
            (name, _) => name,
        }
    }

    /// "step 3 of 3: WorkSpaces, wave 2 of 3": the step, and the wave once waves have begun.
    pub fn step_text(&self) -> String {
        let mut s = self.step.label().to_string();
        if self.step == Step::Roll || self.wave > 0 {
            s.push_str(&format!(", wave {} of {}", self.wave, self.wave_count()));
        }
        s
    }

    /// "campaign golden → golden-20261207: step 3 of 3: WorkSpaces, wave 2 of 3; 2 ok,
    /// 1 failed, 0 skipped, 3 to go".
    pub fn summary(&self) -> String {
        let (ok, bad, skipped, left) = self.counts();
        let mut s = format!(
            "campaign {} → {}: {}",
            self.title(),
            self.new_title(),
            self.step_text()
        );
        s.push_str(&format!(
            "; {ok} ok, {bad} failed or unknown, {skipped} skipped, {left} to go"
        ));
        if let Some(why) = &self.stopped {
            s.push_str(&format!(" — stopped: {why}"));
        }
        s
    }
}

#[cfg(test)]
#[path = "campaign_tests.rs"]
mod tests;
