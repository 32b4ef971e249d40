//! Images: the AWS base images, each team's private images and the image a partner account
//! shares with every emulated account.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{BASES, CATALOG, OLDER_AGENTS};
use super::{families, SeedParams, LATEST_AGENT, PARTNER_ACCOUNT, SHARED_WITH_DEFAULT};
use crate::sim::appstream::store::{AppStore, ImageRec};
use crate::sim::appstream::types::{
    image_state, Application, Image, ImagePermissions, ResourceError, StateChangeReason,
};
use crate::sim::seed::{DAY, MINUTE};
use crate::sim::types::{epoch_seconds, Millis};

/// A base image's release date as its name carries it (MM-DD-YYYY).
fn date(ms: Millis) -> String {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map(|d| d.format("%m-%d-%Y").to_string())
        .unwrap_or_default()
}

/// The private image shared with another account (ImageSharedWithOthers TRUE).
const SHARED_IMAGE: usize = 2;

/// The AWS base images (Visibility PUBLIC, ARNs without an account); returns their ARNs in
/// `BASES` order.
pub fn public_images(store: &mut AppStore, now: Millis) -> Vec<String> {
    let mut arns = Vec::new();
    for (_, platform, prefix, days) in BASES {
        let released = now - days * DAY;
        let name = format!("{prefix}-{}", date(released));
        let arn = store.arn("image", "", &name);
        arns.push(arn.clone());
        store.images.insert(
            name.clone(),
            ImageRec {
                image: Image {
                    name: name.clone(),
                    arn,
                    base_image_arn: None,
                    display_name: Some(format!("{} (base image)", prefix.replace('-', " "))),
                    state: image_state::AVAILABLE.to_string(),
                    visibility: "PUBLIC".to_string(),
                    image_builder_supported: true,
                    image_builder_name: None,
                    platform: platform.to_string(),
                    description: Some(format!("Base image released {}", date(released))),
                    state_change_reason: None,
                    applications: vec![],
                    created_time: epoch_seconds(released),
                    public_base_image_released_date: Some(epoch_seconds(released)),
                    appstream_agent_version: LATEST_AGENT.to_string(),
                    image_permissions: None,
                    image_errors: vec![],
                    latest_appstream_agent_version: "TRUE".to_string(),
                    supported_instance_families: families(platform),
                    image_shared_with_others: "FALSE".to_string(),
                    image_type: "NATIVE".to_string(),
                },
                owner: "AWS".to_string(),
                shared_with: Default::default(),
                available_at: None,
            },
        );
    }
    arns
}

/// Private images (one FAILED, one shared with another account, a mix of images with an
/// agent update available and current ones) and one image another account shares.
pub fn private_images(
    rng: &mut ChaCha8Rng,
    params: &SeedParams,
    store: &mut AppStore,
    bases: &[String],
    now: Millis,
) {
    let count = (params.size / 25).clamp(6, 40);
    let failed = 3 + rng.random_range(0..count - 3);
    let account = store.account_id.clone();
    // The default account's image goes to the demo's second account, which sees it (SHARED)
    // whether or not the default account was used first; any other account's goes to the
    // partner account, which the emulator does not serve. So what an account sees never
    // depends on which other accounts happened to be used before it.
    let share_with = if account == params.default_account {
        SHARED_WITH_DEFAULT
    } else {
        PARTNER_ACCOUNT
    };
    for i in 0..count {
        let image = private_image(rng, store, bases, i, i == failed, now);
        let mut shared_with = std::collections::BTreeMap::new();
        if i == SHARED_IMAGE {
            shared_with.insert(
                share_with.to_string(),
                ImagePermissions {
                    allow_fleet: Some(true),
                    allow_image_builder: Some(false),
                },
            );
        }
        let rec = ImageRec {
            image,
            owner: account.clone(),
            shared_with,
            available_at: None,
        };
        store.images.insert(rec.image.name.clone(), rec);
    }
    partner_image(store, bases, now);
}

/// The `i`th private image: a team's catalog on a drawn base image (every fifth on Amazon
/// Linux 2). The first has an agent update available and the second is current, so every
/// store has both; the rest are drawn.
fn private_image(
    rng: &mut ChaCha8Rng,
    store: &AppStore,
    bases: &[String],
    i: usize,
    failed: bool,
    now: Millis,
) -> Image {
    let (prefix, display, apps) = CATALOG[i % CATALOG.len()];
    let b = if i % 5 == 4 {
        3
    } else {
        rng.random_range(0..3)
    };
    let (short, platform, ..) = BASES[b];
    let name = format!("{prefix}-{short}-v{}", i / CATALOG.len() + 1);
    let created = now - rng.random_range(3..300) * DAY - rng.random_range(0..DAY);
    let update = match i {
        0 => true,
        1 => false,
        _ => rng.random_bool(0.5),
    };
    let state = if failed {
        image_state::FAILED
    } else {
        image_state::AVAILABLE
    };
    let mut image = Image {
        arn: store.arn("image", &store.account_id, &name),
        name,
        base_image_arn: Some(bases[b].clone()),
        display_name: Some(format!("{display} ({short})")),
        state: state.to_string(),
        visibility: "PRIVATE".to_string(),
        image_builder_supported: true,
        image_builder_name: Some(format!("{prefix}-builder")),
        platform: platform.to_string(),
        description: Some(format!("{display} for {short} fleets")),
        state_change_reason: None,
        applications: applications(apps, platform),
        created_time: epoch_seconds(created),
        public_base_image_released_date: None,
        appstream_agent_version: if update {
            OLDER_AGENTS[rng.random_range(0..OLDER_AGENTS.len())]
        } else {
            LATEST_AGENT
        }
        .to_string(),
        image_permissions: None,
        image_errors: vec![],
        latest_appstream_agent_version: if update { "FALSE" } else { "TRUE" }.to_string(),
        supported_instance_families: families(platform),
        image_shared_with_others: if i == SHARED_IMAGE { "TRUE" } else { "FALSE" }.to_string(),
        image_type: "CUSTOM".to_string(),
    };
    if failed {
        record_failure(&mut image, created);
    }
    image
}

/// A catalog's (Name, DisplayName, LaunchPath) as the image's enabled Applications.
fn applications(apps: &[(&str, &str, &str)], platform: &str) -> Vec<Application> {
    apps.iter()
        .map(|(app, shown, path)| Application {
            name: app.to_string(),
            display_name: shown.to_string(),
            launch_path: path.to_string(),
            enabled: true,
            platforms: vec![platform.to_string()],
            instance_families: families(platform),
        })
        .collect()
}

/// Why a FAILED image failed: its StateChangeReason and ImageErrors.
fn record_failure(image: &mut Image, created: Millis) {
    image.state_change_reason = Some(StateChangeReason {
        code: "INTERNAL_ERROR".to_string(),
        message: "The image could not be created from the image builder.".to_string(),
    });
    image.image_errors.push(ResourceError {
        error_code: "INTERNAL_SERVICE_ERROR".to_string(),
        error_message: "Image creation failed: the image builder stopped responding.".to_string(),
        error_timestamp: epoch_seconds(created + 40 * MINUTE),
    });
}

/// The image the partner account shares with every emulated account (Visibility SHARED).
fn partner_image(store: &mut AppStore, bases: &[String], now: Millis) {
    let name = "partner-base-ws2022".to_string();
    let created = now - 60 * DAY;
    store.images.insert(
        name.clone(),
        ImageRec {
            image: Image {
                name: name.clone(),
                arn: store.arn("image", PARTNER_ACCOUNT, &name),
                base_image_arn: Some(bases[1].clone()),
                display_name: Some("Partner base (ws2022)".to_string()),
                state: image_state::AVAILABLE.to_string(),
                visibility: "SHARED".to_string(),
                image_builder_supported: true,
                image_builder_name: None,
                platform: "WINDOWS_SERVER_2022".to_string(),
                description: Some("Shared by the partner account".to_string()),
                state_change_reason: None,
                applications: vec![],
                created_time: epoch_seconds(created),
                public_base_image_released_date: None,
                appstream_agent_version: LATEST_AGENT.to_string(),
                image_permissions: Some(ImagePermissions {
                    allow_fleet: Some(true),
                    allow_image_builder: Some(true),
                }),
                image_errors: vec![],
                latest_appstream_agent_version: "TRUE".to_string(),
                supported_instance_families: families("WINDOWS_SERVER_2022"),
                image_shared_with_others: "FALSE".to_string(),
                image_type: "CUSTOM".to_string(),
            },
            owner: PARTNER_ACCOUNT.to_string(),
            shared_with: Default::default(),
            available_at: None,
        },
    );
}
