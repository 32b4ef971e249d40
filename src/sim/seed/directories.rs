//! The directories of a generated Region, registered with WorkSpaces.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::{region_code, DIRECTORIES};
use super::{hex, ipv4, upper, uuid};
use crate::sim::store::RegionStore;
use crate::sim::types::*;

/// A registered directory as the WorkSpaces generator needs it.
pub struct DirInfo {
    pub id: String,
    pub subnets: [String; 2],
    /// First address of each subnet's /18 block.
    pub subnet_base: [u32; 2],
    pub kms_key: String,
    pub domain: &'static str,
}

/// The `i`th directory, registered with WorkSpaces, with two subnets and its tags.
pub fn directory(rng: &mut ChaCha8Rng, i: usize, store: &mut RegionStore) -> DirInfo {
    let names = directory_names(i);
    let id = loop {
        let id = format!("d-90{}", hex(rng, 8));
        if !store.resource_exists(&id) {
            break id;
        }
    };
    let octet = 16 + (i as u32 % 200);
    let subnet_base = [
        (10 << 24) | (octet << 16),
        (10 << 24) | (octet << 16) | (64 << 8),
    ];
    let subnets = [
        format!("subnet-{}", hex(rng, 17)),
        format!("subnet-{}", hex(rng, 17)),
    ];
    let dir = registered(rng, store, &id, &names, &subnets, subnet_base);
    store.directories.insert(id.clone(), dir);
    store.merge_tags(
        &id,
        &[
            Tag::new("Environment", "prod"),
            Tag::new("ManagedBy", "it-desktops"),
        ],
    );
    DirInfo {
        kms_key: format!(
            "arn:aws:kms:{}:{}:key/{}",
            store.region,
            store.account_id,
            uuid(rng)
        ),
        id,
        subnets,
        subnet_base,
        domain: DIRECTORIES[i % DIRECTORIES.len()].0,
    }
}

/// A directory's (domain, NetBIOS name, type, label): `DIRECTORIES` in turn, numbered from
/// the second round on.
fn directory_names(i: usize) -> (String, String, &'static str, String) {
    let (domain, short, kind, label) = DIRECTORIES[i % DIRECTORIES.len()];
    if i < DIRECTORIES.len() {
        return (
            domain.to_string(),
            short.to_string(),
            kind,
            label.to_string(),
        );
    }
    let n = i / DIRECTORIES.len() + 1;
    (
        format!("{n}.{domain}"),
        format!("{short}{n}"),
        kind,
        format!("{label} {n}"),
    )
}

/// The directory `id` as DescribeWorkspaceDirectories lists it. A Simple AD directory makes
/// its users local administrators and offers fewer devices and self-service permissions.
fn registered(
    rng: &mut ChaCha8Rng,
    store: &RegionStore,
    id: &str,
    (domain, short, kind, label): &(String, String, &'static str, String),
    subnets: &[String; 2],
    subnet_base: [u32; 2],
) -> WorkspaceDirectory {
    let simple = *kind == "SIMPLE_AD";
    let dc_path: Vec<String> = domain.split('.').map(|p| format!("DC={p}")).collect();
    WorkspaceDirectory {
        directory_id: id.to_string(),
        alias: format!("{}-{}", short.to_lowercase(), hex(rng, 4)),
        directory_name: domain.clone(),
        registration_code: format!("SL{}+{}", region_code(&store.region), upper(rng, 6)),
        subnet_ids: subnets.to_vec(),
        dns_ip_addresses: vec![ipv4(subnet_base[0] + 10), ipv4(subnet_base[1] + 10)],
        customer_user_name: if simple {
            "Administrator"
        } else {
            "svc-workspaces"
        }
        .to_string(),
        iam_role_id: format!(
            "arn:aws:iam::{}:role/workspaces_DefaultRole",
            store.account_id
        ),
        directory_type: kind.to_string(),
        workspace_security_group_id: format!("sg-{}", hex(rng, 17)),
        state: "REGISTERED".to_string(),
        workspace_creation_properties: DefaultWorkspaceCreationProperties {
            enable_internet_access: rng.random_bool(0.3),
            enable_maintenance_mode: true,
            user_enabled_as_local_administrator: simple,
            default_ou: Some(format!("OU=WorkSpaces,{}", dc_path.join(","))),
            custom_security_group_id: None,
        },
        ip_group_ids: if rng.random_bool(0.5) {
            vec![format!("wsipg-{}", super::random_id36(rng, 9))]
        } else {
            vec![]
        },
        workspace_access_properties: access_properties(simple),
        tenancy: "SHARED".to_string(),
        selfservice_permissions: selfservice_permissions(simple),
        saml_properties: SamlProperties {
            status: "DISABLED".to_string(),
            relay_state_parameter_name: "RelayState".to_string(),
        },
        certificate_based_auth_properties: CertificateBasedAuthProperties {
            status: "DISABLED".to_string(),
        },
        endpoint_encryption_mode: "STANDARD_TLS".to_string(),
        user_identity_type: "AWS_DIRECTORY_SERVICE".to_string(),
        workspace_type: "PERSONAL".to_string(),
        workspace_directory_name: label.clone(),
        workspace_directory_description: Some(format!("WorkSpaces for {domain}")),
    }
}

/// The device types a directory's users may connect from: all but web and zero clients
/// for Simple AD, never thin clients.
fn access_properties(simple: bool) -> WorkspaceAccessProperties {
    let allow = |yes: bool| if yes { "ALLOW" } else { "DENY" }.to_string();
    WorkspaceAccessProperties {
        device_type_windows: allow(true),
        device_type_osx: allow(true),
        device_type_web: allow(!simple),
        device_type_ios: allow(true),
        device_type_android: allow(true),
        device_type_chrome_os: allow(true),
        device_type_zero_client: allow(!simple),
        device_type_linux: allow(true),
        device_type_work_spaces_thin_client: allow(false),
    }
}

/// What users may do themselves: restart always, switch running mode never, the rest except
/// on Simple AD.
fn selfservice_permissions(simple: bool) -> SelfservicePermissions {
    let enabled = |yes: bool| if yes { "ENABLED" } else { "DISABLED" }.to_string();
    SelfservicePermissions {
        restart_workspace: enabled(true),
        increase_volume_size: enabled(!simple),
        change_compute_type: enabled(!simple),
        switch_running_mode: enabled(false),
        rebuild_workspace: enabled(!simple),
    }
}

/// Users each directory has who have no WorkSpace yet, named `new.user001`, `new.user002`…
/// (a fixed pattern, so tests and demos can name users CreateWorkspaces will accept).
pub const UNASSIGNED_USERS: usize = 150;

/// The name of the `n`th (1-based) user without a WorkSpace in every directory.
pub fn unassigned_user(n: usize) -> String {
    format!("new.user{n:03}")
}

/// Every directory's users: those of its generated WorkSpaces and `UNASSIGNED_USERS` more.
pub fn register_users(store: &mut RegionStore) {
    let mut users: std::collections::HashMap<String, std::collections::BTreeSet<String>> = store
        .directories
        .keys()
        .map(|d| {
            (
                d.clone(),
                (1..=UNASSIGNED_USERS).map(unassigned_user).collect(),
            )
        })
        .collect();
    for rec in store.workspaces.values() {
        if let Some(set) = users.get_mut(&rec.ws.directory_id) {
            set.insert(rec.ws.user_name.to_lowercase());
        }
    }
    store.directory_users = users;
}
