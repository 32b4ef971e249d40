//! The catalog of a generated Region: its directories (from `directories`), images, bundles,
//! pools and pool sessions.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::directories::{self, DirInfo};
use super::names::{
    ImageSpec, AMAZON_BUNDLES, CUSTOM_BUNDLES, OWNED_IMAGES, PARTNER_ACCOUNT, POOL_NAMES,
    SHARED_IN_IMAGE, TEAMS,
};
use super::{fresh_id, hex, ipv4, uuid, FleetParams, DAY, HOUR, MINUTE};
use crate::sim::store::{ImageRec, PoolRec, RegionStore};
use crate::sim::types::*;

/// A bundle WorkSpaces can be launched from.
pub struct BundleInfo {
    pub id: String,
    pub compute: &'static str,
    pub os_name: &'static str,
    pub root: u32,
    pub user: u32,
    pub weight: u32,
}

pub struct Catalog {
    pub dirs: Vec<DirInfo>,
    pub bundles: Vec<BundleInfo>,
}

/// Directories, images and bundles.
pub fn build(
    rng: &mut ChaCha8Rng,
    params: &FleetParams,
    now: Millis,
    store: &mut RegionStore,
) -> Catalog {
    let dir_count = (3 + params.size / 10_000).min(200);
    let dirs = (0..dir_count)
        .map(|i| directories::directory(rng, i, store))
        .collect();
    let image_ids = images(rng, now, store);
    let bundles = bundles(rng, now, &image_ids, store);
    Catalog { dirs, bundles }
}

/// The six images; returns the IDs of the owned ones in OWNED_IMAGES order.
fn images(rng: &mut ChaCha8Rng, now: Millis, store: &mut RegionStore) -> Vec<String> {
    let account = store.account_id.clone();
    let mut owned = Vec::new();
    for spec in OWNED_IMAGES {
        let id = add_image(rng, now, spec, &account, store);
        store.merge_tags(&id, &[Tag::new("Team", TEAMS[owned.len() % TEAMS.len()])]);
        owned.push(id);
    }
    add_image(rng, now, &SHARED_IN_IMAGE, PARTNER_ACCOUNT, store);
    owned
}

fn add_image(
    rng: &mut ChaCha8Rng,
    now: Millis,
    spec: &ImageSpec,
    owner: &str,
    store: &mut RegionStore,
) -> String {
    let id = fresh_id(rng, store, "wsi-", 9);
    let created = now - spec.days_old * DAY - rng.random_range(0..DAY);
    let windows = spec.os_name.starts_with("WINDOWS");
    let image = WorkspaceImage {
        image_id: id.clone(),
        name: spec.name.to_string(),
        description: Some(spec.description.to_string()),
        operating_system: OperatingSystem {
            kind: if windows { "WINDOWS" } else { "LINUX" }.to_string(),
        },
        state: if spec.error {
            ImageState::Error
        } else {
            ImageState::Available
        },
        required_tenancy: "DEFAULT".to_string(),
        created: epoch_seconds(created),
        owner_account_id: owner.to_string(),
        updates: spec.update.map(|available| UpdateResult {
            update_available: available,
            description: available.then(|| {
                "WorkSpaces agent and driver updates are available for this image".to_string()
            }),
        }),
        error_code: spec.error.then(|| "ImageCreationFailed".to_string()),
        error_message: spec.error.then(|| {
            "The image could not be created because the source WorkSpace stopped responding"
                .to_string()
        }),
        error_details: spec.error.then(|| {
            vec![ErrorDetails {
                error_code: "InsufficientDiskSpace".to_string(),
                error_message: "The source WorkSpace needs at least 12 GiB of free space on C:"
                    .to_string(),
            }]
        }),
    };
    store.images.insert(
        id.clone(),
        ImageRec {
            image,
            os_name: spec.os_name.to_string(),
            shared_with: spec.shared_with.iter().map(|s| s.to_string()).collect(),
            created,
            pending: None,
        },
    );
    id
}

fn bundles(
    rng: &mut ChaCha8Rng,
    now: Millis,
    image_ids: &[String],
    store: &mut RegionStore,
) -> Vec<BundleInfo> {
    let account = store.account_id.clone();
    let mut out = Vec::new();
    let custom_weights = [40, 25, 20, 15];
    for (i, (name, desc, image, compute, root, user)) in CUSTOM_BUNDLES.iter().enumerate() {
        let id = fresh_id(rng, store, "wsb-", 9);
        let created = now - (380 - 60 * i as u64) * DAY;
        store.bundles.insert(
            id.clone(),
            bundle(
                &id,
                name,
                Some(desc),
                &account,
                &image_ids[*image],
                compute,
                *root,
                *user,
                created,
                now - rng.random_range(1..60) * DAY,
            ),
        );
        store.merge_tags(&id, &[Tag::new("Team", TEAMS[i % TEAMS.len()])]);
        let os_name = OWNED_IMAGES[*image].os_name;
        store.bundle_os.insert(id.clone(), os_name.to_string());
        out.push(BundleInfo {
            id,
            compute,
            os_name,
            root: *root,
            user: *user,
            weight: custom_weights[i] * 4,
        });
    }
    for (name, compute, os_name, root, user) in AMAZON_BUNDLES {
        let id = fresh_id(rng, store, "wsb-", 9);
        let image = format!("wsi-{}", super::random_id36(rng, 9));
        let created = now - 700 * DAY;
        let desc = format!("{} desktop provided by AWS", compute.replace('_', "."));
        store.bundles.insert(
            id.clone(),
            bundle(
                &id,
                name,
                Some(&desc),
                "AMAZON",
                &image,
                compute,
                *root,
                *user,
                created,
                now - 90 * DAY,
            ),
        );
        store.bundle_os.insert(id.clone(), os_name.to_string());
        out.push(BundleInfo {
            id,
            compute,
            os_name,
            root: *root,
            user: *user,
            weight: 11,
        });
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn bundle(
    id: &str,
    name: &str,
    description: Option<&str>,
    owner: &str,
    image_id: &str,
    compute: &str,
    root: u32,
    user: u32,
    created: Millis,
    updated: Millis,
) -> WorkspaceBundle {
    WorkspaceBundle {
        bundle_id: id.to_string(),
        name: name.to_string(),
        owner: owner.to_string(),
        description: description.map(str::to_string),
        image_id: image_id.to_string(),
        root_storage: Storage {
            capacity: root.to_string(),
        },
        user_storage: Storage {
            capacity: user.to_string(),
        },
        compute_type: ComputeType {
            name: compute.to_string(),
        },
        last_updated_time: epoch_seconds(updated.max(created)),
        creation_time: epoch_seconds(created),
        state: "AVAILABLE".to_string(),
        bundle_type: "REGULAR".to_string(),
    }
}

/// Pools: the first is ALWAYS_ON and RUNNING with sessions, the second AUTO_STOP and STOPPED
/// (so both StartWorkspacesPool and StopWorkspacesPool have something to act on); larger
/// fleets get more, RUNNING ones.
pub fn pools(
    rng: &mut ChaCha8Rng,
    params: &FleetParams,
    now: Millis,
    catalog: &Catalog,
    store: &mut RegionStore,
) {
    let count = 2 + params.size / 10_000;
    let windows_bundle = catalog.bundles[0].id.clone();
    for i in 0..count {
        let id = fresh_id(rng, store, "wspool-", 9);
        let name = match POOL_NAMES.get(i) {
            Some(n) => n.to_string(),
            None => format!("pool-{i}"),
        };
        let (mode, state) = match i {
            0 => ("ALWAYS_ON", PoolState::Running),
            1 => ("AUTO_STOP", PoolState::Stopped),
            _ if rng.random_bool(0.5) => ("AUTO_STOP", PoolState::Running),
            _ => ("ALWAYS_ON", PoolState::Running),
        };
        let desired = [10, 5][i % 2] + rng.random_range(0..6);
        let dir = &catalog.dirs[i % catalog.dirs.len()];
        let created = now - (200 - (i as u64 * 17) % 180) * DAY;
        let settings = i == 0;
        let pool = WorkspacesPool {
            pool_id: id.clone(),
            pool_arn: format!(
                "arn:aws:workspaces:{}:{}:workspacespool/{id}",
                store.region, store.account_id
            ),
            capacity_status: CapacityStatus {
                available_user_sessions: 0,
                desired_user_sessions: desired,
                actual_user_sessions: 0,
                active_user_sessions: 0,
            },
            pool_name: name.clone(),
            description: Some(format!("Shared desktops for {}", name.replace('-', " "))),
            state,
            created_at: epoch_seconds(created),
            bundle_id: windows_bundle.clone(),
            directory_id: dir.id.clone(),
            errors: vec![],
            application_settings: Some(ApplicationSettingsResponse {
                status: if settings { "ENABLED" } else { "DISABLED" }.to_string(),
                settings_group: settings.then(|| name.clone()),
                s3_bucket_name: settings.then(|| app_settings_bucket(store, rng)),
            }),
            timeout_settings: Some(TimeoutSettings {
                disconnect_timeout_in_seconds: Some(900),
                idle_disconnect_timeout_in_seconds: Some(900),
                max_user_duration_in_seconds: Some(28_800),
            }),
            running_mode: mode.to_string(),
        };
        store.pools.insert(
            id.clone(),
            PoolRec {
                pool,
                created,
                pending: None,
            },
        );
        store.merge_tags(&id, &[Tag::new("Team", "support")]);
        if state == PoolState::Running {
            let n = (desired as usize / 2 + rng.random_range(0..3)).min(desired as usize);
            for k in 0..n {
                add_session(rng, now, &id, dir, k, store);
            }
        }
        store.sync_pool_capacity(&id);
    }
}

/// The S3 bucket WorkSpaces creates for persistent application settings.
pub fn app_settings_bucket(store: &RegionStore, rng: &mut impl Rng) -> String {
    format!(
        "wspool-app-settings-{}-{}-{}",
        store.region,
        store.account_id,
        super::random_id36(rng, 6)
    )
}

fn add_session(
    rng: &mut ChaCha8Rng,
    now: Millis,
    pool_id: &str,
    dir: &DirInfo,
    k: usize,
    store: &mut RegionStore,
) {
    let first = super::names::FIRST_NAMES[rng.random_range(0..super::names::FIRST_NAMES.len())];
    let last = super::names::LAST_NAMES[rng.random_range(0..super::names::LAST_NAMES.len())];
    let start = now - rng.random_range(5 * MINUTE..6 * HOUR);
    let session = WorkspacesPoolSession {
        authentication_type: "SAML".to_string(),
        connection_state: if rng.random_bool(0.8) {
            "CONNECTED"
        } else {
            "NOT_CONNECTED"
        }
        .to_string(),
        session_id: uuid(rng),
        instance_id: format!("i-{}", hex(rng, 17)),
        pool_id: pool_id.to_string(),
        expiration_time: epoch_seconds(start + 8 * HOUR),
        network_access_configuration: NetworkAccessConfiguration {
            eni_private_ip_address: ipv4(dir.subnet_base[0] + (128 << 8) + 10 + k as u32),
            eni_id: format!("eni-{}", hex(rng, 17)),
        },
        start_time: epoch_seconds(start),
        user_id: format!("{first}.{last}@{}", dir.domain),
    };
    store.sessions.insert(session.session_id.clone(), session);
}
