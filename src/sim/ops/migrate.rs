//! MigrateWorkspace: "recreates the WorkSpace by using a new root volume from the target bundle
//! image and the user volume from the last available snapshot of the original WorkSpace".
//!
//! The source goes to UPDATING (it is being recreated) and a new WorkSpace, with a new ID, the
//! target bundle and the source's user, directory, subnet, user volume and tags, appears in
//! PENDING. After the transition time the target is AVAILABLE and the source TERMINATED, then
//! gone, as after TerminateWorkspaces; the answer names both (SourceWorkspaceId,
//! TargetWorkspaceId).
//!
//! Errors are the operation's in the model: ResourceNotFoundException (WorkSpace or bundle),
//! OperationInProgressException (the WorkSpace is being modified or migrated),
//! ResourceUnavailableException (a WorkSpace in a state that cannot migrate, or a bundle whose
//! image is not AVAILABLE), OperationNotSupportedException (migration to or from Linux, which
//! the service does not offer), InvalidParameterValuesException (the bundle it already has).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::store::{ConnState, RegionStore, WorkspaceNext, WorkspaceRec};
use crate::sim::types::{ImageState, Millis, WorkspaceBundle, WorkspaceState};
use crate::sim::validate::{pattern, Violations};

use WorkspaceState::*;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MigrateRequest {
    source_workspace_id: Option<String>,
    bundle_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MigrateResponse {
    source_workspace_id: String,
    target_workspace_id: String,
}

pub fn migrate(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: MigrateRequest = parse(body)?;
    let mut v = Violations::new();
    v.required_pattern(
        "sourceWorkspaceId",
        &req.source_workspace_id,
        pattern::WORKSPACE_ID,
    );
    v.required_pattern("bundleId", &req.bundle_id, pattern::BUNDLE_ID);
    v.finish()?;
    let source = req.source_workspace_id.unwrap_or_default();
    let bundle_id = req.bundle_id.unwrap_or_default();
    ctx.with_store(|store| {
        let rec = store.workspaces.get(&source).ok_or_else(|| {
            ApiError::not_found(
                &source,
                format!("The WorkSpace {source} could not be found."),
            )
        })?;
        let bundle = store.bundles.get(&bundle_id).ok_or_else(|| {
            ApiError::not_found(
                &bundle_id,
                format!("The bundle {bundle_id} could not be found."),
            )
        })?;
        check(store, rec, bundle)?;
        let (rec, bundle) = (rec.clone(), bundle.clone());
        let target = store.new_id("ws-", 9);
        let new = target_record(store, &rec, &bundle, &target, ctx.now);
        store.workspaces.insert(target.clone(), new);
        if let Some(tags) = store.tags.get(&source).cloned() {
            store.tags.insert(target.clone(), tags);
        }
        if let Some(rec) = store.workspaces.get_mut(&source) {
            rec.conn.state = ConnState::Disconnected;
        }
        store.begin_workspace_transition(
            &source,
            Updating,
            WorkspaceNext::State(Terminated),
            ctx.now,
        );
        store.begin_workspace_transition(
            &target,
            Pending,
            WorkspaceNext::State(Available),
            ctx.now,
        );
        reply(&MigrateResponse {
            source_workspace_id: source.clone(),
            target_workspace_id: target,
        })
    })
}

/// The service's rules, in the order it applies them.
fn check(
    store: &RegionStore,
    rec: &WorkspaceRec,
    bundle: &WorkspaceBundle,
) -> Result<(), ApiError> {
    let id = &rec.ws.workspace_id;
    let bundle_id = &bundle.bundle_id;
    if rec.ws.state == Updating || !rec.ws.modification_states.is_empty() {
        return Err(ApiError::in_progress(format!(
            "The WorkSpace {id} is being modified or migrated. Try again in a moment."
        )));
    }
    if !matches!(rec.ws.state, Available | Stopped) {
        return Err(ApiError::unavailable(
            id,
            format!(
                "The WorkSpace {id} is {}; only AVAILABLE or STOPPED WorkSpaces can be migrated.",
                rec.ws.state.as_str()
            ),
        ));
    }
    if &rec.ws.bundle_id == bundle_id {
        return Err(ApiError::invalid_parameter(format!(
            "The WorkSpace {id} already uses the bundle {bundle_id}."
        )));
    }
    let from = rec
        .ws
        .workspace_properties
        .operating_system_name
        .as_deref()
        .unwrap_or("WINDOWS_10");
    let to = store
        .bundle_os
        .get(bundle_id)
        .map_or("WINDOWS_10", String::as_str);
    if !from.starts_with("WINDOWS") || !to.starts_with("WINDOWS") {
        return Err(ApiError::not_supported(
            format!("Migration from {from} to {to} is not supported; only Windows WorkSpaces can be migrated."),
            "UnsupportedMigration",
        ));
    }
    // A custom bundle whose image is still being built (or failed) cannot be launched from.
    if let Some(image) = store.images.get(&bundle.image_id) {
        if image.image.state != ImageState::Available {
            return Err(ApiError::unavailable(
                bundle_id,
                format!(
                    "The image {} of bundle {bundle_id} is {}.",
                    image.image.image_id,
                    image.image.state.as_str()
                ),
            ));
        }
    }
    Ok(())
}

/// The new WorkSpace: the source's identity and user volume on the target bundle's compute
/// type, root volume and operating system.
fn target_record(
    store: &RegionStore,
    rec: &WorkspaceRec,
    bundle: &WorkspaceBundle,
    target: &str,
    now: Millis,
) -> WorkspaceRec {
    let mut new = rec.clone();
    new.ws.workspace_id = target.to_string();
    new.ws.bundle_id = bundle.bundle_id.clone();
    new.ws.error_code = None;
    new.ws.error_message = None;
    new.ws.modification_states.clear();
    let props = &mut new.ws.workspace_properties;
    props.compute_type_name = Some(bundle.compute_type.name.clone());
    props.root_volume_size_gib = bundle.root_storage.capacity.parse().ok();
    if let Some(os) = store.bundle_os.get(&bundle.bundle_id) {
        props.operating_system_name = Some(os.clone());
    }
    new.conn.state = ConnState::Disconnected;
    new.pending = None;
    new.state_since = now;
    new.rebuilt = now;
    new
}
