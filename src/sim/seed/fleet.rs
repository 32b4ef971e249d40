//! The WorkSpaces of a generated Region: users, computer names, addresses in the directory's
//! subnets, bundles, running modes, a realistic mix of states, connection history and tags.

use std::collections::HashSet;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{BundleInfo, Catalog};
use super::directories::DirInfo;
use super::names::{FIRST_NAMES, LAST_NAMES, TEAMS, WORKSPACE_ERRORS};
use super::{fnv64, fresh_id, ipv4, upper, weighted, FleetParams, DAY, HOUR, MINUTE};
use crate::sim::store::{ConnState, Connection, RegionStore, WorkspaceRec};
use crate::sim::types::*;

/// Usable host offsets in a /18 subnet (AWS reserves the first four and the last).
const SUBNET_HOSTS: u32 = (1 << 14) - 5;

/// Each directory's share of the WorkSpaces: the first has more.
fn directory_weights(catalog: &Catalog) -> Vec<u32> {
    (0..catalog.dirs.len())
        .map(|i| if i == 0 { 5 } else { 3 })
        .collect()
}

/// Where a WorkSpace is placed: its directory, bundle, user, subnet and address.
struct Seat<'a> {
    dir: &'a DirInfo,
    bundle: &'a BundleInfo,
    user: String,
    subnet: usize,
    ip: u32,
}

/// Draws seats: users unique per directory, addresses handed out in order per subnet.
struct Seating {
    dir_weights: Vec<u32>,
    bundle_weights: Vec<u32>,
    users: HashSet<(usize, String)>,
    /// Next host offset per (directory, subnet).
    next_host: Vec<[u32; 2]>,
}

impl Seating {
    fn new(catalog: &Catalog, size: usize) -> Seating {
        Seating {
            dir_weights: directory_weights(catalog),
            bundle_weights: catalog.bundles.iter().map(|b| b.weight).collect(),
            users: HashSet::with_capacity(size),
            next_host: vec![[4u32; 2]; catalog.dirs.len()],
        }
    }

    fn next<'a>(&mut self, rng: &mut ChaCha8Rng, catalog: &'a Catalog) -> Seat<'a> {
        let d = weighted(rng, &self.dir_weights);
        let dir = &catalog.dirs[d];
        let bundle = &catalog.bundles[weighted(rng, &self.bundle_weights)];
        let user = unique_user(rng, d, &mut self.users);
        let subnet = rng.random_range(0..2);
        let host = &mut self.next_host[d][subnet];
        let ip = dir.subnet_base[subnet] + 4 + (*host - 4) % SUBNET_HOSTS;
        *host += 1;
        Seat {
            dir,
            bundle,
            user,
            subnet,
            ip,
        }
    }
}

pub fn populate(
    rng: &mut ChaCha8Rng,
    params: &FleetParams,
    now: Millis,
    catalog: &Catalog,
    store: &mut RegionStore,
) {
    let mut seating = Seating::new(catalog, params.size);
    // States come from a low-discrepancy sequence, so even a small fleet has its share of
    // each (listing order is by random ID, so the spread does not show).
    let phase: f64 = rng.random();

    for i in 0..params.size {
        let seat = seating.next(rng, catalog);
        let id = fresh_id(rng, store, "ws-", 9);
        let r = (phase + i as f64 * 0.618_033_988_749_895).fract();
        let ws = workspace(rng, &id, &seat, r);
        let conn = connection(rng, ws.state, now);
        store.workspaces.insert(
            id.clone(),
            WorkspaceRec {
                ws,
                conn,
                state_since: now - rng.random_range(HOUR..30 * DAY),
                pending: None,
                rebuilt: created_at(&id, now),
            },
        );
        if rng.random_bool(0.6) {
            store.tags.insert(id, workspace_tags(rng, &seat.user));
        }
    }
}

/// The WorkSpace `id` at `seat`; `r` (uniform in 0..1) picks its state.
fn workspace(rng: &mut ChaCha8Rng, id: &str, seat: &Seat, r: f64) -> Workspace {
    let props = properties(rng, seat.bundle);
    let auto_stop = props.running_mode.as_deref() == Some("AUTO_STOP");
    let state = pick_state(rng, r, auto_stop);
    let (error_code, error_message) = if state == WorkspaceState::Error {
        let (c, m) = WORKSPACE_ERRORS[rng.random_range(0..WORKSPACE_ERRORS.len())];
        (Some(c.to_string()), Some(m.to_string()))
    } else {
        (None, None)
    };
    let encrypted = rng.random_bool(0.35);
    let windows = seat.bundle.os_name.starts_with("WINDOWS");
    let computer_name = if windows {
        format!("WSAMZN-{}", upper(rng, 8))
    } else {
        format!("A-{}", upper(rng, 8))
    };
    Workspace {
        workspace_id: id.to_string(),
        directory_id: seat.dir.id.clone(),
        user_name: seat.user.clone(),
        ip_address: Some(ipv4(seat.ip)),
        state,
        bundle_id: seat.bundle.id.clone(),
        subnet_id: Some(seat.dir.subnets[seat.subnet].clone()),
        error_message,
        error_code,
        computer_name: Some(computer_name),
        volume_encryption_key: encrypted.then(|| seat.dir.kms_key.clone()),
        user_volume_encryption_enabled: encrypted,
        root_volume_encryption_enabled: encrypted,
        workspace_name: None,
        workspace_properties: props,
        modification_states: vec![],
        data_replication_settings: None,
    }
}

/// A tagged WorkSpace's Team, Environment, CostCenter and Owner.
fn workspace_tags(rng: &mut ChaCha8Rng, user: &str) -> Vec<Tag> {
    let team = TEAMS[rng.random_range(0..TEAMS.len())];
    let env = if rng.random_bool(0.8) { "prod" } else { "dev" };
    let cost_center = format!("CC-{}", 1000 + rng.random_range(0..40) * 10);
    vec![
        Tag::new("Team", team),
        Tag::new("Environment", env),
        Tag::new("CostCenter", &cost_center),
        Tag::new("Owner", user),
    ]
}

/// When a generated WorkSpace was created (or last rebuilt): one to thirteen months ago,
/// derived from its ID rather than drawn from the generator, so the rest of the fleet is the
/// same as before snapshot times were kept.
fn created_at(id: &str, now: Millis) -> Millis {
    now - 31 * DAY - fnv64(id) % (365 * DAY)
}

/// `first.last`, with a number appended when the directory already has that user.
fn unique_user(rng: &mut ChaCha8Rng, dir: usize, users: &mut HashSet<(usize, String)>) -> String {
    let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
    let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
    let base = format!("{first}.{last}");
    let mut name = base.clone();
    let mut n = 2;
    while !users.insert((dir, name.clone())) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

fn properties(rng: &mut ChaCha8Rng, bundle: &BundleInfo) -> WorkspaceProperties {
    let auto_stop = rng.random_bool(0.7);
    let graphics = bundle.compute.starts_with("GRAPHICS");
    let protocol = if graphics || rng.random_bool(0.6) {
        "WSP"
    } else {
        "PCOIP"
    };
    WorkspaceProperties {
        running_mode: Some(if auto_stop { "AUTO_STOP" } else { "ALWAYS_ON" }.to_string()),
        running_mode_auto_stop_timeout_in_minutes: auto_stop
            .then(|| [60, 60, 60, 120, 180][rng.random_range(0..5)]),
        root_volume_size_gib: Some(i64::from(bundle.root)),
        user_volume_size_gib: Some(i64::from(bundle.user)),
        compute_type_name: Some(bundle.compute.to_string()),
        protocols: Some(vec![protocol.to_string()]),
        operating_system_name: Some(bundle.os_name.to_string()),
        global_accelerator: None,
    }
}

/// Mostly AVAILABLE, about a quarter of AUTO_STOP WorkSpaces STOPPED, and a few UNHEALTHY,
/// IMPAIRED, ERROR and ADMIN_MAINTENANCE; `r` is uniform in 0..1.
fn pick_state(rng: &mut ChaCha8Rng, r: f64, auto_stop: bool) -> WorkspaceState {
    match r {
        r if r < 0.025 => WorkspaceState::Error,
        r if r < 0.045 => WorkspaceState::Unhealthy,
        r if r < 0.055 => WorkspaceState::Impaired,
        r if r < 0.075 => WorkspaceState::AdminMaintenance,
        _ if auto_stop && rng.random_bool(0.25) => WorkspaceState::Stopped,
        _ => WorkspaceState::Available,
    }
}

/// Connection history: last user connections spread over the past 90 days (recent ones more
/// likely), some users never connected, a third of AVAILABLE WorkSpaces in use right now.
fn connection(rng: &mut ChaCha8Rng, state: WorkspaceState, now: Millis) -> Connection {
    let connected = state == WorkspaceState::Available && rng.random_bool(0.35);
    let last_known = if connected {
        Some(now - rng.random_range(MINUTE..10 * HOUR))
    } else if rng.random_bool(0.07) {
        None
    } else {
        let x: f64 = rng.random();
        Some(now - (x * x * (90 * DAY) as f64) as Millis - rng.random_range(0..HOUR))
    };
    Connection {
        state: if connected {
            ConnState::Connected
        } else {
            ConnState::Disconnected
        },
        last_known: last_known.map(|t| t.max(now - 90 * DAY)),
        check_lag_ms: rng.random_range(0..5 * MINUTE),
    }
}
