//! The executor: carries out everything `update` asks for, the one place where commands
//! become work. `execute` sorts each command to the handler for its kind of work (one file
//! each); results come back to `update` as messages.

mod accounts;
mod campaigns;
mod exports;
mod jobs;
mod loads;
mod lookups;
pub mod metrics;
mod sweeps;

pub use accounts::Control;

use super::fleet::Fleet;
use super::rereads::Rereads;
use crate::app::{Command, Effects, Msg, State};
use crate::queue::QueueHandle;
use crate::service::{AppsService, WorkspacesService};
use std::path::PathBuf;
use tokio::sync::mpsc::UnboundedSender;

/// It owns what has effects: the Regions' services and refreshers, the re-reads, the queue.
pub struct Executor {
    pub fleet: Fleet,
    rereads: Rereads,
    tx: UnboundedSender<Msg>,
    ctl: UnboundedSender<Control>,
    pub queue: QueueHandle,
    /// Where the warm-start snapshot is saved (None: not at all).
    pub cache_dir: Option<PathBuf>,
    /// Where the unfinished-jobs journal is.
    journal_dir: Option<PathBuf>,
}

impl Executor {
    pub fn new(
        fleet: Fleet,
        queue: QueueHandle,
        tx: UnboundedSender<Msg>,
        ctl: UnboundedSender<Control>,
        cache_dir: Option<PathBuf>,
        journal_dir: Option<PathBuf>,
    ) -> Executor {
        Executor {
            fleet,
            rereads: Rereads::default(),
            tx,
            ctl,
            queue,
            cache_dir,
            journal_dir,
        }
    }

    /// Start every command of one `update`; returns whether to redraw.
    pub fn carry_out(&mut self, state: &State, effects: Effects) -> bool {
        for c in effects.commands {
            self.execute(state, c);
        }
        effects.redraw
    }

    /// The re-read round: the WorkSpaces actions touched, read again by ID.
    pub fn reread(&mut self, state: &State) {
        self.rereads.tick(state, |r| self.fleet.svc(r), &self.tx);
    }

    /// Start the work a command asks for, by its kind.
    fn execute(&mut self, state: &State, c: Command) {
        use Command as C;
        match c {
            C::RefreshAll
            | C::RefreshPane { .. }
            | C::Reread { .. }
            | C::SaveCache(_)
            | C::SetRegions(_) => self.sweeps(state, c),
            C::ListProfiles | C::SwitchProfile(_) => self.accounts(c),
            C::LoadMetrics {
                region,
                workspace_id,
            } => {
                if let Some(svc) = self.svc(&region) {
                    tokio::spawn(metrics::load(svc, workspace_id, self.tx.clone()));
                }
            }
            C::LoadFleetMetrics { region, arn } => {
                if let Some(svc) = self.svc(&region) {
                    tokio::spawn(metrics::load_fleet(svc, arn, self.tx.clone()));
                }
            }
            C::LoadUsage { region, ids } => {
                if let Some(svc) = self.svc(&region) {
                    tokio::spawn(metrics::load_usage(svc, ids, self.tx.clone()));
                }
            }
            C::LoadTags { .. }
            | C::LoadFleetTags { .. }
            | C::LoadSnapshots { .. }
            | C::LoadImageShares { .. }
            | C::LoadAppImageShares { .. }
            | C::LoadAppSessions { .. }
            | C::LoadSessions { .. } => self.loads(c),
            C::LookupWorkspaces { .. }
            | C::LookupConnections { .. }
            | C::LookupCreateUsers { .. } => self.lookups(state, c),
            C::Submit { .. }
            | C::ResumeCreate { .. }
            | C::CancelJob(_)
            | C::ResumeJob(_)
            | C::DiscardJob { .. } => self.jobs(state, c),
            C::SaveCampaign(_)
            | C::RemoveCampaign { .. }
            | C::FollowImage { .. }
            | C::WakeCampaign { .. } => self.campaigns(c),
            C::Copy(_) | C::Export { .. } | C::SaveHistory(_) => self.exports(c),
        }
    }

    /// The WorkSpaces service of `region`; None, said, when the Region is not shown any more
    /// (the command was made before a `:region` took it away).
    fn svc(&self, region: &str) -> Option<WorkspacesService> {
        let svc = self.fleet.svc(region).cloned();
        if svc.is_none() {
            let _ = self
                .tx
                .send(Msg::Notice(format!("{region} is not shown any more")));
        }
        svc
    }

    /// WorkSpaces Applications of `region`, if the Region is shown and connected to it.
    fn apps(&self, region: &str) -> Option<AppsService> {
        self.svc(region).and_then(|s| s.apps().cloned())
    }
}

/// A command `execute` sorted to the wrong handler: a mistake in its `match`, never input.
fn misrouted(handler: &str, c: &Command) {
    debug_assert!(false, "{handler} was handed {c:?}");
}
