//! CreateWorkspaces: "Creates one or more WorkSpaces. This operation is asynchronous and
//! returns before the WorkSpaces are created."
//!
//! The whole request is checked against the model first (1 to 25 WorkspaceRequests, each with
//! DirectoryId, UserName and BundleId of the reference patterns and lengths, enums, tags,
//! WorkspaceName): a violation is a ValidationException and nothing is created. Then each
//! request stands alone: one that breaks a service rule is a FailedRequest with the service's
//! error code and message, the others are created in PENDING (PendingRequests) and become
//! AVAILABLE after the transition time.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::tags::check_tags;
use super::workspaces_modify::check_properties;
use super::{parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::store::{ConnState, Connection, RegionStore, WorkspaceNext, WorkspaceRec};
use crate::sim::types::{
    Millis, Tag, Workspace, WorkspaceBundle, WorkspaceProperties, WorkspaceState,
};
use crate::sim::validate::{item, pattern, Violations};

/// The `WorkspaceRequest` shape; it is echoed back in a FailedCreateWorkspaceRequest.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct WorkspaceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    directory_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bundle_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    volume_encryption_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_volume_encryption_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    root_volume_encryption_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    workspace_properties: Option<WorkspaceProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    workspace_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateRequest {
    workspaces: Option<Vec<WorkspaceRequest>>,
}

/// The `FailedCreateWorkspaceRequest` shape.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Failed {
    workspace_request: WorkspaceRequest,
    error_code: String,
    error_message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CreateResponse {
    failed_requests: Vec<Failed>,
    pending_requests: Vec<Workspace>,
}

/// A service rule a request broke: FailedRequests' ErrorCode and ErrorMessage.
struct Refusal(&'static str, String);

pub fn create_workspaces(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: CreateRequest = parse(body)?;
    let mut v = Violations::new();
    if v.required("workspaces", &req.workspaces) {
        let list = req.workspaces.as_deref().unwrap_or_default();
        v.count("workspaces", list.len(), 1, 25);
        for (i, w) in list.iter().enumerate() {
            check_request(&mut v, &item("workspaces", i), w);
        }
    }
    v.finish()?;
    let requests = req.workspaces.unwrap_or_default();
    ctx.with_store(|store| {
        let mut out = CreateResponse {
            failed_requests: vec![],
            pending_requests: vec![],
        };
        for r in requests {
            match refusal(store, &r) {
                Some(Refusal(code, message)) => out.failed_requests.push(Failed {
                    workspace_request: r,
                    error_code: code.to_string(),
                    error_message: message,
                }),
                None => out.pending_requests.push(create(store, &r, ctx.now)),
            }
        }
        reply(&out)
    })
}

/// The model's constraints on one `WorkspaceRequest` at `m`.
fn check_request(v: &mut Violations, m: &str, w: &WorkspaceRequest) {
    v.required_pattern(
        &format!("{m}.directoryId"),
        &w.directory_id,
        pattern::DIRECTORY_ID,
    );
    if let Some(d) = &w.directory_id {
        v.length(&format!("{m}.directoryId"), d, 10, Some(65));
    }
    let user = format!("{m}.userName");
    if v.required(&user, &w.user_name) {
        v.length(&user, w.user_name.as_deref().unwrap_or(""), 1, Some(63));
    }
    v.required_pattern(&format!("{m}.bundleId"), &w.bundle_id, pattern::BUNDLE_ID);
    if let Some(p) = &w.workspace_properties {
        check_properties(v, &format!("{m}.workspaceProperties"), p);
    }
    if let Some(tags) = &w.tags {
        check_tags(v, &format!("{m}.tags"), tags);
    }
    if let Some(n) = &w.workspace_name {
        v.pattern(&format!("{m}.workspaceName"), n, pattern::WORKSPACE_NAME);
    }
}

/// The service's rules for one request, in the order it applies them; None = it is created.
fn refusal(store: &RegionStore, r: &WorkspaceRequest) -> Option<Refusal> {
    let dir = r.directory_id.as_deref().unwrap_or_default();
    let user = r.user_name.as_deref().unwrap_or_default();
    let bundle_id = r.bundle_id.as_deref().unwrap_or_default();
    let Some(d) = store.directories.get(dir) else {
        return Some(Refusal(
            "ResourceNotFound.Directory",
            format!("The directory {dir} could not be found."),
        ));
    };
    if d.state != "REGISTERED" {
        return Some(Refusal(
            "InvalidResourceState.Directory",
            format!("The directory {dir} is {}; it must be REGISTERED.", d.state),
        ));
    }
    let Some(bundle) = store.bundles.get(bundle_id) else {
        return Some(Refusal(
            "ResourceNotFound.Bundle",
            format!("The bundle {bundle_id} could not be found."),
        ));
    };
    if !store.directory_has_user(dir, user) {
        return Some(Refusal(
            "ResourceNotFound.User",
            format!("The user {user} could not be found in the directory {dir}."),
        ));
    }
    if let Some(rec) = store.workspace_of_user(dir, user) {
        return Some(Refusal(
            "ResourceExists.Workspace",
            format!(
                "The user {user} already has the WorkSpace {} in the directory {dir}.",
                rec.ws.workspace_id
            ),
        ));
    }
    properties_refusal(r, bundle).map(|m| Refusal("InvalidParameterValuesException", m))
}

/// Running mode, auto-stop timeout, volume sizes and encryption of one request.
fn properties_refusal(r: &WorkspaceRequest, bundle: &WorkspaceBundle) -> Option<String> {
    let p = r.workspace_properties.clone().unwrap_or_default();
    let mode = p.running_mode.as_deref().unwrap_or("ALWAYS_ON");
    if mode == "MANUAL" {
        return Some(
            "The MANUAL running mode is only supported by Amazon WorkSpaces Core.".to_string(),
        );
    }
    if let Some(t) = p.running_mode_auto_stop_timeout_in_minutes {
        if mode != "AUTO_STOP" {
            return Some(
                "RunningModeAutoStopTimeoutInMinutes applies only to AUTO_STOP WorkSpaces"
                    .to_string(),
            );
        }
        if t < 60 || t % 60 != 0 {
            return Some(
                "RunningModeAutoStopTimeoutInMinutes must be a positive multiple of 60".to_string(),
            );
        }
    }
    let bundle_root: i64 = bundle.root_storage.capacity.parse().unwrap_or(80);
    let bundle_user: i64 = bundle.user_storage.capacity.parse().unwrap_or(10);
    if let Some(n) = p.root_volume_size_gib {
        if n < bundle_root || n > 2000 {
            return Some(format!(
                "The root volume must be between the bundle's {bundle_root} GiB and 2000 GiB; requested {n} GiB."
            ));
        }
    }
    if let Some(n) = p.user_volume_size_gib {
        if n < bundle_user.min(10) || n > 2000 {
            return Some(format!(
                "The user volume must be between 10 GiB and 2000 GiB; requested {n} GiB."
            ));
        }
    }
    let encrypted = r.user_volume_encryption_enabled == Some(true)
        || r.root_volume_encryption_enabled == Some(true);
    if encrypted && r.volume_encryption_key.as_deref().unwrap_or("").is_empty() {
        return Some("Volume encryption needs a VolumeEncryptionKey (a KMS key).".to_string());
    }
    None
}

/// The new WorkSpace, PENDING until the transition time has passed.
fn create(store: &mut RegionStore, r: &WorkspaceRequest, now: Millis) -> Workspace {
    let dir = r.directory_id.clone().unwrap_or_default();
    let bundle_id = r.bundle_id.clone().unwrap_or_default();
    let bundle = store.bundles.get(&bundle_id).cloned();
    let subnet = store
        .directories
        .get(&dir)
        .and_then(|d| d.subnet_ids.first().cloned());
    let id = store.new_id("ws-", 9);
    let props = new_properties(store, r, bundle.as_ref());
    let ws = Workspace {
        workspace_id: id.clone(),
        directory_id: dir,
        user_name: r.user_name.clone().unwrap_or_default(),
        ip_address: None,
        state: WorkspaceState::Pending,
        bundle_id,
        subnet_id: subnet,
        error_message: None,
        error_code: None,
        computer_name: None,
        volume_encryption_key: r.volume_encryption_key.clone(),
        user_volume_encryption_enabled: r.user_volume_encryption_enabled.unwrap_or(false),
        root_volume_encryption_enabled: r.root_volume_encryption_enabled.unwrap_or(false),
        workspace_name: r.workspace_name.clone(),
        workspace_properties: props,
        modification_states: vec![],
        data_replication_settings: None,
    };
    store.workspaces.insert(
        id.clone(),
        WorkspaceRec {
            ws,
            conn: Connection {
                state: ConnState::Disconnected,
                last_known: None,
                check_lag_ms: 0,
            },
            state_since: now,
            pending: None,
            rebuilt: now,
        },
    );
    if let Some(tags) = r.tags.as_ref().filter(|t| !t.is_empty()) {
        store.merge_tags(&id, tags);
    }
    store.begin_workspace_transition(
        &id,
        WorkspaceState::Pending,
        WorkspaceNext::State(WorkspaceState::Available),
        now,
    );
    store.workspaces[&id].ws.clone()
}

/// The request's properties over the bundle's compute type, volumes and operating system;
/// AUTO_STOP defaults to a 60-minute timeout.
fn new_properties(
    store: &RegionStore,
    r: &WorkspaceRequest,
    bundle: Option<&WorkspaceBundle>,
) -> WorkspaceProperties {
    let p = r.workspace_properties.clone().unwrap_or_default();
    let mode = p
        .running_mode
        .clone()
        .unwrap_or_else(|| "ALWAYS_ON".to_string());
    let timeout =
        (mode == "AUTO_STOP").then(|| p.running_mode_auto_stop_timeout_in_minutes.unwrap_or(60));
    let capacity = |s: Option<&str>| s.and_then(|c| c.parse().ok());
    WorkspaceProperties {
        running_mode: Some(mode),
        running_mode_auto_stop_timeout_in_minutes: timeout,
        root_volume_size_gib: p
            .root_volume_size_gib
            .or_else(|| capacity(bundle.map(|b| b.root_storage.capacity.as_str()))),
        user_volume_size_gib: p
            .user_volume_size_gib
            .or_else(|| capacity(bundle.map(|b| b.user_storage.capacity.as_str()))),
        compute_type_name: bundle.map(|b| b.compute_type.name.clone()),
        protocols: Some(p.protocols.unwrap_or_else(|| vec!["WSP".to_string()])),
        operating_system_name: bundle
            .and_then(|b| store.bundle_os.get(&b.bundle_id).cloned())
            .or(Some("WINDOWS_10".to_string())),
        global_accelerator: None,
    }
}
