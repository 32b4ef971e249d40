//! One Region's fleet: WorkSpaces, directories, bundles, images, pools, sessions and tags.
//!
//! Records keep the wire structs (`types`) so responses serialize exactly; the extra fields
//! next to them drive the state machine (`machine.rs`), which is evaluated lazily from
//! timestamps whenever a request touches the store.

mod machine;

pub use machine::{Pending, WorkspaceNext};

use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::types::{
    epoch_seconds, ImageState, Millis, PoolState, Tag, Workspace, WorkspaceBundle,
    WorkspaceConnectionStatus, WorkspaceDirectory, WorkspaceImage, WorkspaceState, WorkspacesPool,
    WorkspacesPoolSession,
};

/// Whether the user is connected to an AVAILABLE WorkSpace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnState {
    Connected,
    Disconnected,
}

/// What DescribeWorkspacesConnectionStatus reports for a WorkSpace.
#[derive(Debug, Clone)]
pub struct Connection {
    pub state: ConnState,
    /// LastKnownUserConnectionTimestamp; None = the user never connected.
    pub last_known: Option<Millis>,
    /// How long before "now" the last connection check ran.
    pub check_lag_ms: Millis,
}

#[derive(Debug, Clone)]
pub struct WorkspaceRec {
    pub ws: Workspace,
    pub conn: Connection,
    /// When the WorkSpace entered its current state (RebootWorkspaces' 20-minute rule).
    pub state_since: Millis,
    pub pending: Option<Pending<WorkspaceNext>>,
    /// When it was created, or last rebuilt: the time of its RebuildSnapshots (the user
    /// volume as it was then), and the start of its 12-hourly RestoreSnapshots
    /// (DescribeWorkspaceSnapshots).
    pub rebuilt: Millis,
}

#[derive(Debug, Clone)]
pub struct ImageRec {
    pub image: WorkspaceImage,
    /// The WorkspaceProperties.OperatingSystemName WorkSpaces built from it report.
    pub os_name: String,
    /// Accounts the image is shared with (ImagePermissions), in the order they were added.
    pub shared_with: Vec<String>,
    pub created: Millis,
    pub pending: Option<Pending<ImageState>>,
}

impl ImageRec {
    /// Listing order: oldest first, then by ID.
    pub fn sort_key(&self) -> String {
        format!("{:015}|{}", self.created, self.image.image_id)
    }
}

#[derive(Debug, Clone)]
pub struct PoolRec {
    pub pool: WorkspacesPool,
    pub created: Millis,
    pub pending: Option<Pending<PoolState>>,
}

impl PoolRec {
    /// Listing order: oldest first, then by ID.
    pub fn sort_key(&self) -> String {
        format!("{:015}|{}", self.created, self.pool.pool_id)
    }
}

/// When a WorkSpace's volumes and compute type last changed (none: not since it was created).
/// DescribeWorkspaces does not report these; the emulator keeps them for
/// ModifyWorkspaceProperties' windows (`ops::workspaces_modify_rules`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModifyHistory {
    pub volume: Option<Millis>,
    pub compute_up: Option<Millis>,
    pub compute_down: Option<Millis>,
}

/// The fleet of one account in one Region.
#[derive(Debug)]
pub struct RegionStore {
    pub region: String,
    pub account_id: String,
    /// How long a transitional state lasts (SimConfig::transition).
    pub transition: Millis,
    pub workspaces: BTreeMap<String, WorkspaceRec>,
    pub directories: BTreeMap<String, WorkspaceDirectory>,
    /// Custom bundles (Owner = account) and public ones (Owner = AMAZON).
    pub bundles: BTreeMap<String, WorkspaceBundle>,
    /// The OperatingSystemName of each bundle's WorkSpaces (WorkspaceBundle does not carry
    /// it, and a public bundle's image is not in the store): MigrateWorkspace's rules.
    pub bundle_os: HashMap<String, String>,
    pub images: BTreeMap<String, ImageRec>,
    pub pools: BTreeMap<String, PoolRec>,
    pub sessions: BTreeMap<String, WorkspacesPoolSession>,
    pub tags: HashMap<String, Vec<Tag>>,
    /// When each WorkSpace's volumes and compute type last changed (ModifyWorkspaceProperties'
    /// 6-hour and 30-day windows), by WorkSpace ID.
    pub modified: HashMap<String, ModifyHistory>,
    /// The users each directory knows (lower case: user names are not case-sensitive),
    /// with or without a WorkSpace: CreateWorkspaces' "user not found" rule.
    pub directory_users: HashMap<String, BTreeSet<String>>,
    timers: BinaryHeap<std::cmp::Reverse<machine::Timer>>,
    next_seq: u64,
    /// IDs for resources created at run time (deterministic per seed and Region).
    rng: ChaCha8Rng,
}

impl RegionStore {
    pub fn new(region: &str, account_id: &str, transition: Millis, rng: ChaCha8Rng) -> Self {
        RegionStore {
            region: region.to_string(),
            account_id: account_id.to_string(),
            transition,
            workspaces: BTreeMap::new(),
            directories: BTreeMap::new(),
            bundles: BTreeMap::new(),
            bundle_os: HashMap::new(),
            images: BTreeMap::new(),
            pools: BTreeMap::new(),
            sessions: BTreeMap::new(),
            tags: HashMap::new(),
            modified: HashMap::new(),
            directory_users: HashMap::new(),
            timers: BinaryHeap::new(),
            next_seq: 0,
            rng,
        }
    }

    /// A fresh `prefix` + `len` characters of [0-9a-z] ID, unique in this store.
    pub fn new_id(&mut self, prefix: &str, len: usize) -> String {
        loop {
            let id = format!("{prefix}{}", random_id36(&mut self.rng, len));
            if !self.resource_exists(&id) {
                return id;
            }
        }
    }

    /// Whether `id` names a WorkSpace, directory, bundle, image or pool of this Region
    /// (the resources CreateTags/DescribeTags/DeleteTags accept).
    pub fn resource_exists(&self, id: &str) -> bool {
        self.workspaces.contains_key(id)
            || self.images.contains_key(id)
            || self.bundles.contains_key(id)
            || self.directories.contains_key(id)
            || self.pools.contains_key(id)
    }

    /// Whether directory `dir` has the user `user` (case-insensitive).
    pub fn directory_has_user(&self, dir: &str, user: &str) -> bool {
        self.directory_users
            .get(dir)
            .is_some_and(|u| u.contains(&user.to_lowercase()))
    }

    /// The WorkSpace (not TERMINATED) the user has in directory `dir`, if any.
    pub fn workspace_of_user(&self, dir: &str, user: &str) -> Option<&WorkspaceRec> {
        self.workspaces.values().find(|r| {
            r.ws.directory_id == dir
                && r.ws.user_name.eq_ignore_ascii_case(user)
                && r.ws.state != WorkspaceState::Terminated
        })
    }

    /// Images owned by this account.
    pub fn owned_image_count(&self) -> usize {
        self.images
            .values()
            .filter(|i| i.image.owner_account_id == self.account_id)
            .count()
    }

    /// The row DescribeWorkspacesConnectionStatus returns. "The connection state is unknown
    /// if the WorkSpace is stopped" (`WorkspaceConnectionStatus`); users cannot be connected
    /// while the WorkSpace is rebooting, being rebuilt or in maintenance.
    pub fn connection_status(rec: &WorkspaceRec, now: Millis) -> WorkspaceConnectionStatus {
        use WorkspaceState::*;
        let state = match rec.ws.state {
            Available => match rec.conn.state {
                ConnState::Connected => "CONNECTED",
                ConnState::Disconnected => "DISCONNECTED",
            },
            AdminMaintenance | Maintenance | Rebooting | Rebuilding | Restoring | Updating
            | Impaired | Unhealthy | Suspended => "DISCONNECTED",
            _ => "UNKNOWN",
        };
        WorkspaceConnectionStatus {
            workspace_id: rec.ws.workspace_id.clone(),
            connection_state: state.to_string(),
            connection_state_check_timestamp: epoch_seconds(
                now.saturating_sub(rec.conn.check_lag_ms),
            ),
            last_known_user_connection_timestamp: rec.conn.last_known.map(epoch_seconds),
        }
    }

    /// Sets the tags of a resource, replacing values of existing keys.
    pub fn merge_tags(&mut self, resource_id: &str, new: &[Tag]) {
        let tags = self.tags.entry(resource_id.to_string()).or_default();
        for t in new {
            match tags.iter_mut().find(|old| old.key == t.key) {
                Some(old) => old.value = t.value.clone(),
                None => tags.push(t.clone()),
            }
        }
    }
}

/// `len` random characters of [0-9a-z], the alphabet of WorkSpaces resource IDs.
pub fn random_id36(rng: &mut impl Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}
