//! The Regions of one account context at run time: each Region's service, with its own rate
//! budget (WorkSpaces throttles per account and Region), and its refresh tasks. `:region`
//! adds and removes Regions; `:ctx` replaces the whole context.

use super::refresh::{Intervals, Refreshers, SweepCounter};
use crate::app::Msg;
use crate::panes::PaneKind;
use crate::queue::ActionApi;
use crate::service::{Connector, WorkspacesService};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};
use tokio::sync::mpsc::UnboundedSender;

/// What every Region's service is built with.
#[derive(Debug, Clone)]
pub struct FleetSettings {
    pub rate: f64,
    pub burst: u32,
    pub read_only: bool,
    pub every: Intervals,
}

/// Action APIs by (profile, Region). Entries outlive a profile switch, so a job confirmed
/// before the switch still runs in the account it was confirmed in.
pub type ApiRegistry = Arc<RwLock<HashMap<(String, String), Arc<dyn ActionApi>>>>;

struct RegionRuntime {
    svc: WorkspacesService,
    refreshers: Refreshers,
}

pub struct Fleet {
    connector: Connector,
    /// In a view of several profiles, each profile's context: a place "PROFILE/REGION" is
    /// served by its profile's (`domain::place`). Empty with one profile.
    accounts: BTreeMap<String, Connector>,
    /// The context's name: the profile, or the profiles joined by '+'. Jobs name it.
    profile: String,
    settings: FleetSettings,
    tx: UnboundedSender<Msg>,
    sweeps: SweepCounter,
    regions: BTreeMap<String, RegionRuntime>,
    apis: ApiRegistry,
}

impl Fleet {
    pub fn new(
        connector: Connector,
        profile: String,
        settings: FleetSettings,
        tx: UnboundedSender<Msg>,
    ) -> Self {
        Self {
            connector,
            accounts: BTreeMap::new(),
            profile,
            settings,
            tx,
            sweeps: SweepCounter::default(),
            regions: BTreeMap::new(),
            apis: ApiRegistry::default(),
        }
    }

    /// A view of several profiles: places "PROFILE/REGION" of these profiles are served by
    /// their own context (call before `set_regions`).
    pub fn with_accounts(mut self, accounts: Vec<(String, Connector)>) -> Self {
        self.accounts = accounts.into_iter().collect();
        self
    }

    /// The registry the queue looks jobs' APIs up in.
    pub fn apis(&self) -> ApiRegistry {
        self.apis.clone()
    }

    pub fn connector(&self) -> &Connector {
        &self.connector
    }

    /// Show exactly these places (Regions, or "PROFILE/REGION" with several profiles): new
    /// ones start refreshing at once, removed ones stop.
    pub fn set_regions(&mut self, regions: &[String]) {
        self.regions.retain(|r, _| regions.contains(r));
        for region in regions {
            if !self.regions.contains_key(region) {
                self.start_region(region);
            }
        }
    }

    /// Another account context, same Regions: everything restarts against it.
    pub fn switch(&mut self, connector: Connector, profile: String) {
        let regions: Vec<String> = self.regions.keys().cloned().collect();
        self.regions.clear();
        self.accounts.clear();
        self.connector = connector;
        self.profile = profile;
        self.set_regions(&regions);
    }

    fn start_region(&mut self, region: &str) {
        let s = &self.settings;
        // A place names its profile only in a view of several, whose contexts are all in
        // `accounts` (a Region name never holds a '/': `validate::region`).
        let connector = crate::domain::place::profile(region)
            .and_then(|p| self.accounts.get(p))
            .unwrap_or(&self.connector);
        let svc = connector
            .service(region, s.rate, s.burst)
            .with_read_only(s.read_only);
        let api: Arc<dyn ActionApi> = Arc::new(svc.clone());
        if let Ok(mut apis) = self.apis.write() {
            apis.insert((self.profile.clone(), region.to_string()), api);
        }
        let refreshers =
            Refreshers::start(svc.clone(), self.tx.clone(), &s.every, self.sweeps.clone());
        self.regions
            .insert(region.to_string(), RegionRuntime { svc, refreshers });
    }

    /// The service of a Region shown now.
    pub fn svc(&self, region: &str) -> Option<&WorkspacesService> {
        self.regions.get(region).map(|r| &r.svc)
    }

    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// Start every Region's sweeps now.
    pub fn refresh_now(&self) {
        for r in self.regions.values() {
            r.refreshers.refresh_now();
        }
    }

    /// Start one pane's sweep of one Region now.
    pub fn refresh_pane(&self, region: &str, pane: PaneKind) {
        if let Some(r) = self.regions.get(region) {
            r.refreshers.refresh_pane(pane);
        }
    }
}

/// The queue's lookup: the action API of a job's profile and Region.
pub fn lookup(
    apis: ApiRegistry,
    default_profile: String,
) -> impl Fn(Option<&str>, &str) -> Option<Arc<dyn ActionApi>> + Send + Sync + 'static {
    move |profile, region| {
        let profile = profile.unwrap_or(&default_profile).to_string();
        apis.read()
            .ok()?
            .get(&(profile, region.to_string()))
            .cloned()
    }
}
