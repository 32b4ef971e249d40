//! Fleets of mixed types on the teams' AVAILABLE private images.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::FLEET_PREFIXES;
use super::{capitalized, hex, numbered, SeedParams};
use crate::sim::appstream::store::{AppStore, FleetRec};
use crate::sim::appstream::types::{
    fleet_state, image_state, ComputeCapacityStatus, Fleet, VpcConfig,
};
use crate::sim::seed::DAY;
use crate::sim::types::{epoch_seconds, Millis};

/// An image a fleet can stream: (Name, Arn, Platform).
type Usable = (String, String, String);

/// Fleets of mixed types on AVAILABLE private images (the team's own image where there is
/// one): the first RUNNING, the second STOPPED, the rest drawn; every third is ELASTIC (no
/// image of its own).
pub fn fleets(rng: &mut ChaCha8Rng, params: &SeedParams, store: &mut AppStore, now: Millis) {
    let count = (params.size / 75).clamp(4, 40);
    let usable = usable_images(store);
    for i in 0..count {
        let fleet = fleet(rng, store, &usable, i, now);
        store.fleets.insert(
            fleet.name.clone(),
            FleetRec {
                fleet,
                pending: None,
                capacity_at: None,
            },
        );
    }
}

/// The account's own AVAILABLE images.
fn usable_images(store: &AppStore) -> Vec<Usable> {
    store
        .images
        .values()
        .filter(|i| i.owner == store.account_id && i.image.state == image_state::AVAILABLE)
        .map(|i| {
            (
                i.image.name.clone(),
                i.image.arn.clone(),
                i.image.platform.clone(),
            )
        })
        .collect()
}

/// The `i`th fleet.
fn fleet(
    rng: &mut ChaCha8Rng,
    store: &AppStore,
    usable: &[Usable],
    i: usize,
    now: Millis,
) -> Fleet {
    let (prefix, catalog) = FLEET_PREFIXES[i % FLEET_PREFIXES.len()];
    let name = numbered(prefix, "fleet", i / FLEET_PREFIXES.len());
    let fleet_type = match i % 3 {
        0 => "ALWAYS_ON",
        1 => "ON_DEMAND",
        _ => "ELASTIC",
    };
    let elastic = fleet_type == "ELASTIC";
    let state = match i {
        0 => fleet_state::RUNNING,
        1 => fleet_state::STOPPED,
        _ if rng.random_bool(0.7) => fleet_state::RUNNING,
        _ => fleet_state::STOPPED,
    };
    let (image, platform) = if elastic {
        (None, "WINDOWS_SERVER_2019".to_string())
    } else {
        let (name, arn, platform) = team_image(rng, usable, catalog);
        (Some((name, arn)), platform)
    };
    let desired = rng.random_range(2..=10);
    let created = now - rng.random_range(10..400) * DAY;
    Fleet {
        arn: store.arn("fleet", &store.account_id, &name),
        name,
        display_name: format!("{} fleet", capitalized(prefix)),
        description: Some(format!("{fleet_type} fleet for the {prefix} team")),
        image_name: image.as_ref().map(|(n, _)| n.clone()),
        image_arn: image.map(|(_, a)| a),
        instance_type: [
            "stream.standard.medium",
            "stream.standard.large",
            "stream.memory.large",
        ][rng.random_range(0..3)]
        .to_string(),
        fleet_type: fleet_type.to_string(),
        compute_capacity_status: ComputeCapacityStatus {
            desired: if elastic { 0 } else { desired },
            running: 0,
            in_use: 0,
            available: 0,
        },
        max_user_duration_in_seconds: 57_600,
        disconnect_timeout_in_seconds: 900,
        idle_disconnect_timeout_in_seconds: 600,
        state: state.to_string(),
        vpc_config: Some(VpcConfig {
            subnet_ids: vec![format!("subnet-0{}", hex(rng, 16))],
            security_group_ids: vec![format!("sg-0{}", hex(rng, 16))],
        }),
        created_time: epoch_seconds(created),
        fleet_errors: vec![],
        enable_default_internet_access: false,
        stream_view: "APP".to_string(),
        platform,
        max_concurrent_sessions: elastic.then_some(50),
        max_sessions_per_instance: None,
        domain_join_info: None,
        iam_role_arn: None,
        usb_device_filter_strings: None,
        session_script_s3_location: None,
        root_volume_config: None,
        disable_imdsv1: None,
    }
}

/// The team's own image (named after its `catalog`), else one drawn. The draw is made either
/// way, so every store draws the same number of times.
fn team_image(rng: &mut ChaCha8Rng, usable: &[Usable], catalog: &str) -> Usable {
    let drawn = &usable[rng.random_range(0..usable.len())];
    usable
        .iter()
        .find(|(n, ..)| n.starts_with(catalog))
        .unwrap_or(drawn)
        .clone()
}
