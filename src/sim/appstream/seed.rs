//! Deterministic WorkSpaces Applications resources for one account and Region: the same seed,
//! account and Region always give the same images, fleets, stacks and sessions, placed
//! relative to the moment the store is first used. `SimConfig::size` scales the counts
//! (about 12 private images, 4 fleets and 3 stacks at the default 300).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::store::{AppStore, FleetRec, ImageRec, StackRec};
use super::types::{
    fleet_state, image_state, Application, ApplicationSettings, ComputeCapacityStatus, Fleet,
    Image, ImagePermissions, NetworkAccessConfiguration, ResourceError, Session, Stack,
    StateChangeReason, StorageConnector, UserSetting, VpcConfig,
};
use crate::sim::seed::{fnv64, rng_for, DAY, HOUR, MINUTE};
use crate::sim::types::{epoch_seconds, Millis};

/// What every account's and Region's resources are generated from.
#[derive(Debug, Clone)]
pub struct SeedParams {
    pub seed: u64,
    pub size: usize,
    /// The default account; any other account's images are shared with it, and its own
    /// shared image goes to the demo's second account.
    pub default_account: String,
    pub transition: Millis,
}

/// The agent version CreateUpdatedImage installs; images running an older one have an
/// update available (LatestAppstreamAgentVersion FALSE).
pub const LATEST_AGENT: &str = "02-18-2025";
const OLDER_AGENTS: &[&str] = &["06-12-2024", "09-05-2024", "11-20-2024"];

/// The account the seeded shared image is shared with.
pub const SHARED_WITH_DEFAULT: &str = "210987654321";
/// Owner of the image other accounts share with every emulated account (Visibility SHARED).
pub const PARTNER_ACCOUNT: &str = "444455556666";

/// (short name, Platform, base image prefix, days since the base image's release).
const BASES: &[(&str, &str, &str, u64)] = &[
    (
        "ws2019",
        "WINDOWS_SERVER_2019",
        "AppStream-WinServer2019",
        40,
    ),
    (
        "ws2022",
        "WINDOWS_SERVER_2022",
        "AppStream-WinServer2022",
        25,
    ),
    (
        "ws2016",
        "WINDOWS_SERVER_2016",
        "AppStream-WinServer2016",
        120,
    ),
    ("al2", "AMAZON_LINUX2", "AppStream-AmazonLinux2", 70),
];

/// (name prefix, display name, applications: (Name, DisplayName, LaunchPath)).
type Catalog = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);
const CATALOG: &[Catalog] = &[
    (
        "finance-apps",
        "Finance apps",
        &[
            (
                "Excel",
                "Microsoft Excel",
                r"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE",
            ),
            (
                "SAPGUI",
                "SAP GUI",
                r"C:\Program Files\SAP\FrontEnd\SAPgui\saplogon.exe",
            ),
        ],
    ),
    (
        "eng-tools",
        "Engineering tools",
        &[
            (
                "VSCode",
                "Visual Studio Code",
                r"C:\Program Files\Microsoft VS Code\Code.exe",
            ),
            ("Putty", "PuTTY", r"C:\Program Files\PuTTY\putty.exe"),
            (
                "Firefox",
                "Firefox",
                r"C:\Program Files\Mozilla Firefox\firefox.exe",
            ),
        ],
    ),
    (
        "design-suite",
        "Design suite",
        &[
            (
                "Blender",
                "Blender",
                r"C:\Program Files\Blender Foundation\Blender\blender.exe",
            ),
            ("GIMP", "GIMP", r"C:\Program Files\GIMP 2\bin\gimp-2.10.exe"),
        ],
    ),
    (
        "sales-crm",
        "Sales CRM",
        &[
            (
                "Chrome",
                "Google Chrome",
                r"C:\Program Files\Google\Chrome\Application\chrome.exe",
            ),
            (
                "Teams",
                "Microsoft Teams",
                r"C:\Program Files\Microsoft\Teams\ms-teams.exe",
            ),
        ],
    ),
    (
        "data-science",
        "Data science",
        &[
            (
                "RStudio",
                "RStudio",
                r"C:\Program Files\RStudio\rstudio.exe",
            ),
            (
                "Jupyter",
                "JupyterLab",
                r"C:\ProgramData\Anaconda3\Scripts\jupyter-lab.exe",
            ),
        ],
    ),
    (
        "call-center",
        "Call center",
        &[
            (
                "Softphone",
                "Softphone",
                r"C:\Program Files\Softphone\softphone.exe",
            ),
            (
                "Chrome",
                "Google Chrome",
                r"C:\Program Files\Google\Chrome\Application\chrome.exe",
            ),
        ],
    ),
];

/// (fleet name prefix, the CATALOG image prefix it streams).
const FLEET_PREFIXES: &[(&str, &str)] = &[
    ("finance", "finance-apps"),
    ("engineering", "eng-tools"),
    ("design", "design-suite"),
    ("sales", "sales-crm"),
    ("support", "call-center"),
    ("lab", "data-science"),
];
const STACK_PREFIXES: &[&str] = &["finance", "engineering", "design", "sales", "support"];
const FIRST: &[&str] = &[
    "alice", "bob", "carmen", "dmitri", "emeka", "fatima", "grace", "hiro",
];
const LAST: &[&str] = &[
    "martin", "okafor", "silva", "tanaka", "novak", "haddad", "kim", "roth",
];

/// Generates the resources of `account` in `region` as of `now`.
pub fn generate(params: &SeedParams, account: &str, region: &str, now: Millis) -> AppStore {
    let seed = params.seed ^ fnv64(account);
    let mut rng = rng_for(seed, region, "appstream");
    let mut store = AppStore::new(region, account, params.transition);
    let bases = public_images(&mut store, now);
    private_images(&mut rng, params, &mut store, &bases, now);
    fleets(&mut rng, params, &mut store, now);
    stacks(&mut rng, params, &mut store, now);
    sessions(&mut rng, &mut store, now);
    store
}

fn date(ms: Millis) -> String {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map(|d| d.format("%m-%d-%Y").to_string())
        .unwrap_or_default()
}

fn hex(rng: &mut ChaCha8Rng, len: usize) -> String {
    (0..len)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

fn uuid(rng: &mut ChaCha8Rng) -> String {
    let h = hex(rng, 32);
    format!(
        "{}-{}-4{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        ["8", "9", "a", "b"][rng.random_range(0..4)],
        &h[17..20],
        &h[20..32]
    )
}

fn families(platform: &str) -> Vec<String> {
    let mut f = vec!["GENERAL_PURPOSE", "MEMORY_OPTIMIZED", "COMPUTE_OPTIMIZED"];
    if platform.starts_with("WINDOWS") {
        f.push("GRAPHICS_G4");
    }
    f.into_iter().map(String::from).collect()
}

/// The AWS base images (Visibility PUBLIC, ARNs without an account); returns their ARNs in
/// `BASES` order.
fn public_images(store: &mut AppStore, now: Millis) -> Vec<String> {
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
fn private_images(
    rng: &mut ChaCha8Rng,
    params: &SeedParams,
    store: &mut AppStore,
    bases: &[String],
    now: Millis,
) {
    let count = (params.size / 25).clamp(6, 40);
    let failed = 3 + rng.random_range(0..count - 3);
    let account = store.account_id.clone();
    let share_with = if account == params.default_account {
        SHARED_WITH_DEFAULT.to_string()
    } else {
        params.default_account.clone()
    };
    for i in 0..count {
        let (prefix, display, apps) = CATALOG[i % CATALOG.len()];
        let b = if i % 5 == 4 {
            3
        } else {
            rng.random_range(0..3)
        };
        let (short, platform, ..) = BASES[b];
        let name = format!("{prefix}-{short}-v{}", i / CATALOG.len() + 1);
        let created = now - rng.random_range(3..300) * DAY - rng.random_range(0..DAY);
        // The first image has an update available and the second is current, so every
        // store has both; the rest are drawn.
        let update = match i {
            0 => true,
            1 => false,
            _ => rng.random_bool(0.5),
        };
        let state = if i == failed {
            image_state::FAILED
        } else {
            image_state::AVAILABLE
        };
        let shared = i == 2;
        let mut image = Image {
            name: name.clone(),
            arn: store.arn("image", &account, &name),
            base_image_arn: Some(bases[b].clone()),
            display_name: Some(format!("{display} ({short})")),
            state: state.to_string(),
            visibility: "PRIVATE".to_string(),
            image_builder_supported: true,
            image_builder_name: Some(format!("{prefix}-builder")),
            platform: platform.to_string(),
            description: Some(format!("{display} for {short} fleets")),
            state_change_reason: None,
            applications: apps
                .iter()
                .map(|(app, shown, path)| Application {
                    name: app.to_string(),
                    display_name: shown.to_string(),
                    launch_path: path.to_string(),
                    enabled: true,
                    platforms: vec![platform.to_string()],
                    instance_families: families(platform),
                })
                .collect(),
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
            image_shared_with_others: if shared { "TRUE" } else { "FALSE" }.to_string(),
            image_type: "CUSTOM".to_string(),
        };
        if state == image_state::FAILED {
            image.state_change_reason = Some(StateChangeReason {
                code: "INTERNAL_ERROR".to_string(),
                message: "The image could not be created from the image builder.".to_string(),
            });
            image.image_errors.push(ResourceError {
                error_code: "INTERNAL_SERVICE_ERROR".to_string(),
                error_message: "Image creation failed: the image builder stopped responding."
                    .to_string(),
                error_timestamp: epoch_seconds(created + 40 * MINUTE),
            });
        }
        let mut shared_with = std::collections::BTreeMap::new();
        if shared {
            shared_with.insert(
                share_with.clone(),
                ImagePermissions {
                    allow_fleet: Some(true),
                    allow_image_builder: Some(false),
                },
            );
        }
        store.images.insert(
            name,
            ImageRec {
                image,
                owner: account.clone(),
                shared_with,
                available_at: None,
            },
        );
    }
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

/// Fleets of mixed types on AVAILABLE private images (the team's own image where there is
/// one): the first RUNNING, the second STOPPED, the rest drawn; every third is ELASTIC (no
/// image of its own).
fn fleets(rng: &mut ChaCha8Rng, params: &SeedParams, store: &mut AppStore, now: Millis) {
    let count = (params.size / 75).clamp(4, 40);
    let usable: Vec<(String, String, String)> = store
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
        .collect();
    let account = store.account_id.clone();
    for i in 0..count {
        let (prefix, catalog) = FLEET_PREFIXES[i % FLEET_PREFIXES.len()];
        let name = match i / FLEET_PREFIXES.len() {
            0 => format!("{prefix}-fleet"),
            n => format!("{prefix}-fleet-{}", n + 1),
        };
        let fleet_type = match i % 3 {
            0 => "ALWAYS_ON",
            1 => "ON_DEMAND",
            _ => "ELASTIC",
        };
        let state = match i {
            0 => fleet_state::RUNNING,
            1 => fleet_state::STOPPED,
            _ if rng.random_bool(0.7) => fleet_state::RUNNING,
            _ => fleet_state::STOPPED,
        };
        let (image, platform) = if fleet_type == "ELASTIC" {
            (None, "WINDOWS_SERVER_2019".to_string())
        } else {
            let drawn = &usable[rng.random_range(0..usable.len())];
            let (n, a, p) = usable
                .iter()
                .find(|(n, ..)| n.starts_with(catalog))
                .unwrap_or(drawn)
                .clone();
            (Some((n, a)), p)
        };
        let desired = rng.random_range(2..=10);
        let created = now - rng.random_range(10..400) * DAY;
        let fleet = Fleet {
            arn: store.arn("fleet", &account, &name),
            name: name.clone(),
            display_name: format!("{} fleet", prefix[..1].to_uppercase() + &prefix[1..]),
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
                desired: if fleet_type == "ELASTIC" { 0 } else { desired },
                running: 0,
                in_use: 0,
                available: 0,
            },
            max_user_duration_in_seconds: 57_600,
            disconnect_timeout_in_seconds: 900,
            idle_disconnect_timeout_in_seconds: 600,
            state: state.to_string(),
            vpc_config: VpcConfig {
                subnet_ids: vec![format!("subnet-0{}", hex(rng, 16))],
                security_group_ids: vec![format!("sg-0{}", hex(rng, 16))],
            },
            created_time: epoch_seconds(created),
            fleet_errors: vec![],
            enable_default_internet_access: false,
            stream_view: "APP".to_string(),
            platform,
            max_concurrent_sessions: (fleet_type == "ELASTIC").then_some(50),
            max_sessions_per_instance: None,
        };
        store.fleets.insert(
            name,
            FleetRec {
                fleet,
                pending: None,
                capacity_at: None,
            },
        );
    }
}

/// Stacks; each fleet is associated with its team's stack, or with one in turn when its team
/// has none.
fn stacks(rng: &mut ChaCha8Rng, params: &SeedParams, store: &mut AppStore, now: Millis) {
    let count = (params.size / 100).clamp(3, 30);
    let account = store.account_id.clone();
    let fleets: Vec<String> = store.fleets.keys().cloned().collect();
    let names: Vec<String> = (0..count)
        .map(|i| {
            let prefix = STACK_PREFIXES[i % STACK_PREFIXES.len()];
            match i / STACK_PREFIXES.len() {
                0 => format!("{prefix}-stack"),
                n => format!("{prefix}-stack-{}", n + 1),
            }
        })
        .collect();
    let stack_of = |f: usize, fleet: &str| {
        let own = fleet.replacen("-fleet", "-stack", 1);
        if names.contains(&own) {
            own
        } else {
            names[f % count].clone()
        }
    };
    for (i, name) in names.iter().enumerate() {
        let prefix = STACK_PREFIXES[i % STACK_PREFIXES.len()];
        let stack = Stack {
            arn: store.arn("stack", &account, name),
            name: name.clone(),
            display_name: format!("{} apps", prefix[..1].to_uppercase() + &prefix[1..]),
            description: Some(format!("Applications for the {prefix} team")),
            created_time: epoch_seconds(now - rng.random_range(10..400) * DAY),
            storage_connectors: vec![StorageConnector {
                connector_type: "HOMEFOLDERS".to_string(),
            }],
            user_settings: [
                "CLIPBOARD_COPY_FROM_LOCAL_DEVICE",
                "FILE_DOWNLOAD",
                "PRINTING_TO_LOCAL_DEVICE",
            ]
            .iter()
            .map(|a| UserSetting {
                action: a.to_string(),
                permission: if rng.random_bool(0.6) {
                    "ENABLED"
                } else {
                    "DISABLED"
                }
                .to_string(),
            })
            .collect(),
            application_settings: ApplicationSettings { enabled: false },
            stack_errors: vec![],
        };
        let associated = fleets
            .iter()
            .enumerate()
            .filter(|(f, fleet)| stack_of(*f, fleet) == *name)
            .map(|(_, fleet)| fleet.clone())
            .collect();
        store.stacks.insert(
            name.clone(),
            StackRec {
                stack,
                fleets: associated,
            },
        );
    }
}

/// Streaming sessions on the RUNNING fleets, through the stack each fleet is associated with.
fn sessions(rng: &mut ChaCha8Rng, store: &mut AppStore, now: Millis) {
    let running: Vec<(String, i32, i32)> = store
        .fleets
        .values()
        .filter(|f| f.fleet.state == fleet_state::RUNNING)
        .map(|f| {
            let cap = f.fleet.compute_capacity_status.desired.max(8);
            (
                f.fleet.name.clone(),
                cap,
                f.fleet.max_user_duration_in_seconds,
            )
        })
        .collect();
    for (fleet, cap, max_duration) in running {
        let Some(stack) = store
            .stacks
            .values()
            .find(|s| s.fleets.contains(&fleet))
            .map(|s| s.stack.name.clone())
        else {
            continue;
        };
        let n = rng.random_range(1..=cap.min(6));
        for _ in 0..n {
            let auth = ["API", "SAML", "USERPOOL"][rng.random_range(0..3)];
            let user = format!(
                "{}.{}@example.com",
                FIRST[rng.random_range(0..FIRST.len())],
                LAST[rng.random_range(0..LAST.len())]
            );
            let start = now - rng.random_range(5 * MINUTE..8 * HOUR);
            let id = uuid(rng);
            let session = Session {
                id: id.clone(),
                user_id: user,
                stack_name: stack.clone(),
                fleet_name: fleet.clone(),
                state: if rng.random_bool(0.9) {
                    "ACTIVE"
                } else {
                    "PENDING"
                }
                .to_string(),
                connection_state: if rng.random_bool(0.8) {
                    "CONNECTED"
                } else {
                    "NOT_CONNECTED"
                }
                .to_string(),
                start_time: epoch_seconds(start),
                max_expiration_time: epoch_seconds(start + max_duration as Millis * 1000),
                authentication_type: auth.to_string(),
                network_access_configuration: NetworkAccessConfiguration {
                    eni_private_ip_address: format!(
                        "10.{}.{}.{}",
                        rng.random_range(0..16),
                        rng.random_range(0..256),
                        rng.random_range(4..255)
                    ),
                    eni_id: format!("eni-0{}", hex(rng, 16)),
                },
                instance_id: format!("i-0{}", hex(rng, 16)),
            };
            store.sessions.insert(id, session);
        }
        store.sync_capacity(&fleet);
    }
    let names: Vec<String> = store.fleets.keys().cloned().collect();
    for name in names {
        store.sync_capacity(&name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> SeedParams {
        SeedParams {
            seed: 42,
            size: 300,
            default_account: "123456789012".into(),
            transition: 3_000,
        }
    }

    const NOW: Millis = 1_760_000_000_000;

    fn fingerprint(s: &AppStore) -> String {
        let images: Vec<_> = s.images.values().map(|i| &i.image).collect();
        let fleets: Vec<_> = s.fleets.values().map(|f| &f.fleet).collect();
        let sessions: Vec<_> = s.sessions.values().collect();
        serde_json::to_string(&(images, fleets, sessions)).unwrap()
    }

    #[test]
    fn same_seed_same_resources_and_accounts_differ() {
        let a = generate(&params(), "123456789012", "us-east-1", NOW);
        let b = generate(&params(), "123456789012", "us-east-1", NOW);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let dev = generate(&params(), "210987654321", "us-east-1", NOW);
        assert_ne!(fingerprint(&a), fingerprint(&dev));
    }

    #[test]
    fn default_shape() {
        let s = generate(&params(), "123456789012", "us-east-1", NOW);
        let private: Vec<_> = s
            .images
            .values()
            .filter(|i| i.image.visibility == "PRIVATE")
            .collect();
        assert_eq!(private.len(), 12);
        assert_eq!(
            private
                .iter()
                .filter(|i| i.image.state == image_state::FAILED)
                .count(),
            1
        );
        assert!(private
            .iter()
            .any(|i| i.image.latest_appstream_agent_version == "FALSE"));
        assert!(private
            .iter()
            .any(|i| i.image.latest_appstream_agent_version == "TRUE"));
        assert!(private
            .iter()
            .any(|i| i.shared_with.contains_key(SHARED_WITH_DEFAULT)));
        let public: Vec<_> = s
            .images
            .values()
            .filter(|i| i.image.visibility == "PUBLIC")
            .collect();
        assert_eq!(public.len(), 4);
        assert!(public[0].image.arn.contains("::image/AppStream-"));
        assert_eq!(s.fleets.len(), 4);
        let states: Vec<_> = s.fleets.values().map(|f| f.fleet.state.as_str()).collect();
        assert!(states.contains(&"RUNNING") && states.contains(&"STOPPED"));
        assert_eq!(s.stacks.len(), 3);
        assert!(s.stacks.values().all(|st| !st.fleets.is_empty()));
        assert!(!s.sessions.is_empty());
        for f in s.fleets.values() {
            let cap = f.fleet.compute_capacity_status;
            let sessions = s
                .sessions
                .values()
                .filter(|x| x.fleet_name == f.fleet.name)
                .count() as i32;
            assert_eq!(cap.in_use, sessions, "{}", f.fleet.name);
            if let Some(image) = &f.fleet.image_name {
                assert_eq!(s.images[image].image.state, image_state::AVAILABLE);
            }
        }
    }
}
