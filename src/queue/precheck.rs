//! Preconditions: which resources an action can act on in their current state, checked before
//! anything is sent so the confirmation dialog can say how many will be skipped and why.
//! Rules come from the Amazon WorkSpaces API Reference; each cites its operation. They are
//! pure functions of what the last refresh showed; the service has the final word and its
//! refusals come back as per-resource failures.

use crate::domain::{
    Action, PoolSession, TargetKind, Workspace, WorkspaceBundle, WorkspaceDirectory,
    WorkspaceImage, WorkspaceState, WorkspacesPool,
};

use super::job::{Plan, Target};

/// A resource an action can be checked against.
pub trait Precheck {
    fn kind(&self) -> TargetKind;
    fn target(&self) -> Target;
    fn check(&self, action: &Action) -> Result<(), String>;
    /// Whether CreateTags / DeleteTags may be sent to it (`precheck_tags`).
    fn check_tags(&self) -> Result<(), String> {
        super::precheck_tags::taggable(self.kind())
    }
}

/// Split `targets` into those to send and those the action cannot apply to now.
pub fn plan<'a, T: Precheck + 'a>(
    action: &Action,
    targets: impl IntoIterator<Item = &'a T>,
) -> Plan {
    let mut plan = Plan::default();
    for t in targets {
        let checked = if t.kind() == action.target_kind() {
            match action {
                // Tags take any resource of a taggable kind (`precheck_tags`).
                Action::SetTags { .. } => t.check_tags(),
                _ => t.check(action),
            }
        } else {
            Err(format!(
                "{action} does not apply to {}",
                kind_name(t.kind())
            ))
        };
        match checked {
            Ok(()) => plan.to_send.push(t.target()),
            Err(reason) => plan.skipped.push((t.target(), reason)),
        }
    }
    plan
}

fn kind_name(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Workspace => "WorkSpaces",
        TargetKind::Image => "images",
        TargetKind::Bundle => "bundles",
        TargetKind::Pool => "pools",
        TargetKind::PoolSession => "pool sessions",
        TargetKind::Directory => "directories",
        TargetKind::AppImage => "WorkSpaces Applications images",
        TargetKind::AppFleet => "fleets",
        TargetKind::AppSession => "streaming sessions",
    }
}

/// "STOPPED: reboot needs AVAILABLE or UNHEALTHY".
fn needs(state: &str, action: &Action, allowed: &str) -> String {
    format!("{state}: {action} needs {allowed}")
}

/// The WorkSpace operations' rules. `Ok` means worth sending.
pub fn check_workspace(action: &Action, ws: &Workspace) -> Result<(), String> {
    ignored_in_maintenance(action, ws)?;
    match action {
        Action::Reboot
        | Action::Rebuild
        | Action::Restore
        | Action::Start
        | Action::Stop
        | Action::Terminate => check_power(action, ws),
        Action::SetRunningMode(mode) => check_running_mode(action, ws, mode),
        // ModifyWorkspaceProperties: the admin guide's rules (`domain::modify`).
        Action::ModifyProperties(change) => change.check(ws),
        Action::AdminMaintenance(on) => check_maintenance(action, ws, *on),
        // CreateWorkspaceImage: from an AVAILABLE WorkSpace. It must also run Windows, which
        // the describe call does not tell us here; the service refuses the others.
        Action::CreateImage { .. } => match ws.state {
            WorkspaceState::Available => Ok(()),
            _ => Err(needs(ws.state.as_str(), action, "AVAILABLE")),
        },
        Action::Migrate { bundle_id } => check_migrate(action, ws, bundle_id),
        _ => Err(format!("{action} does not apply to WorkSpaces")),
    }
}

/// ModifyWorkspaceState: "WorkSpaces in this state do not respond to requests to reboot,
/// stop, start, rebuild, or restore."
fn ignored_in_maintenance(action: &Action, ws: &Workspace) -> Result<(), String> {
    if ws.state == WorkspaceState::AdminMaintenance
        && matches!(
            action,
            Action::Reboot | Action::Start | Action::Stop | Action::Rebuild | Action::Restore
        )
    {
        return Err(format!(
            "{}: a WorkSpace in admin maintenance ignores {action}; turn maintenance off first",
            ws.state.as_str()
        ));
    }
    Ok(())
}

/// The batch operations' states: reboot, rebuild, restore, start, stop, terminate.
fn check_power(action: &Action, ws: &Workspace) -> Result<(), String> {
    use WorkspaceState::*;
    let state = &ws.state;
    let s = state.as_str();
    match action {
        // RebootWorkspaces: AVAILABLE, UNHEALTHY, or REBOOTING stuck for over 20 minutes. We
        // cannot tell how long it has been rebooting, so leave REBOOTING alone.
        Action::Reboot => match state {
            Available | Unhealthy => Ok(()),
            Rebooting => Err(format!(
                "{s}: already rebooting (reboot again only if stuck for over 20 minutes)"
            )),
            _ => Err(needs(s, action, "AVAILABLE or UNHEALTHY")),
        },
        // RebuildWorkspaces: AVAILABLE, ERROR, UNHEALTHY, STOPPED, or REBOOTING.
        Action::Rebuild => match state {
            Available | Error | Unhealthy | Stopped | Rebooting => Ok(()),
            _ => Err(needs(
                s,
                action,
                "AVAILABLE, ERROR, UNHEALTHY, STOPPED or REBOOTING",
            )),
        },
        // RestoreWorkspace: AVAILABLE, ERROR, UNHEALTHY, or STOPPED.
        Action::Restore => match state {
            Available | Error | Unhealthy | Stopped => Ok(()),
            _ => Err(needs(s, action, "AVAILABLE, ERROR, UNHEALTHY or STOPPED")),
        },
        // StartWorkspaces: running mode AutoStop or Manual, and STOPPED.
        Action::Start => match state {
            Stopped => stoppable_mode(ws, action),
            _ => Err(needs(s, action, "STOPPED")),
        },
        // StopWorkspaces: running mode AutoStop or Manual, and AVAILABLE, IMPAIRED,
        // UNHEALTHY, or ERROR.
        Action::Stop => match state {
            Available | Impaired | Unhealthy | Error => stoppable_mode(ws, action),
            _ => Err(needs(s, action, "AVAILABLE, IMPAIRED, UNHEALTHY or ERROR")),
        },
        // TerminateWorkspaces: "any state except SUSPENDED".
        Action::Terminate => match state {
            Suspended => Err(format!("{s}: a suspended WorkSpace cannot be terminated")),
            _ => Ok(()),
        },
        _ => Err(format!("{action} does not apply to WorkSpaces")),
    }
}

/// ModifyWorkspaceProperties lists InvalidResourceStateException without the states; the
/// service (and our emulator) accept AVAILABLE or STOPPED, and a STOPPED WorkSpace must be
/// started before it can be ALWAYS_ON.
fn check_running_mode(action: &Action, ws: &Workspace, mode: &str) -> Result<(), String> {
    use WorkspaceState::*;
    let s = ws.state.as_str();
    if ws.running_mode == mode {
        Err(format!("already {mode}"))
    } else if !matches!(ws.state, Available | Stopped) {
        Err(needs(s, action, "AVAILABLE or STOPPED"))
    } else if ws.state == Stopped && mode == "ALWAYS_ON" {
        Err(format!("{s}: start it before making it ALWAYS_ON"))
    } else {
        Ok(())
    }
}

/// ModifyWorkspaceState: AVAILABLE ↔ ADMIN_MAINTENANCE (`on`: into maintenance).
fn check_maintenance(action: &Action, ws: &Workspace, on: bool) -> Result<(), String> {
    use WorkspaceState::*;
    let s = ws.state.as_str();
    match (on, &ws.state) {
        (true, Available) | (false, AdminMaintenance) => Ok(()),
        (true, AdminMaintenance) => Err(format!("{s}: already in admin maintenance")),
        (true, _) => Err(needs(s, action, "AVAILABLE")),
        (false, _) => Err(needs(s, action, "ADMIN_MAINTENANCE")),
    }
}

/// MigrateWorkspace: ResourceUnavailableException for a WorkSpace that is not AVAILABLE or
/// STOPPED, InvalidParameterValuesException for the bundle it already has.
fn check_migrate(action: &Action, ws: &Workspace, bundle_id: &str) -> Result<(), String> {
    if ws.bundle_id == bundle_id {
        return Err(format!(
            "already on {bundle_id}: migrate needs another bundle"
        ));
    }
    match ws.state {
        WorkspaceState::Available | WorkspaceState::Stopped => Ok(()),
        _ => Err(needs(ws.state.as_str(), action, "AVAILABLE or STOPPED")),
    }
}

/// UpdateWorkspaceBundle: only the account's own bundles can be changed (ResourceNotFound
/// for Amazon's), and pointing one at the image it has already changes nothing.
pub fn check_bundle(action: &Action, bundle: &WorkspaceBundle) -> Result<(), String> {
    match action {
        Action::UpdateBundle { image_id } => {
            if bundle.is_amazon() {
                Err("an Amazon bundle cannot be changed".into())
            } else if bundle.image_id == *image_id {
                Err(format!("already on {image_id}"))
            } else {
                Ok(())
            }
        }
        _ => Err(format!("{action} does not apply to bundles")),
    }
}

/// StartWorkspaces/StopWorkspaces: "running mode of AutoStop or Manual".
fn stoppable_mode(ws: &Workspace, action: &Action) -> Result<(), String> {
    match ws.running_mode.as_str() {
        "AUTO_STOP" | "MANUAL" => Ok(()),
        "" => Err(format!("{action} needs running mode AUTO_STOP or MANUAL")),
        m => Err(format!(
            "{m}: {action} needs running mode AUTO_STOP or MANUAL"
        )),
    }
}

/// The image operations' rules.
pub fn check_image(action: &Action, img: &WorkspaceImage) -> Result<(), String> {
    let s = img.state.as_str();
    match action {
        // UpdateWorkspaceImagePermission: only an AVAILABLE image can be shared. Unsharing is
        // left to the service in any state: it is how a shared image gets ready for deletion.
        Action::ShareImage { .. } if s != "AVAILABLE" => Err(needs(s, action, "AVAILABLE")),
        Action::ShareImage { .. } | Action::UnshareImage { .. } => Ok(()),
        // CreateUpdatedWorkspaceImage: the source must be AVAILABLE and report
        // Updates.UpdateAvailable; only Windows images can be updated this way.
        Action::CreateUpdatedImage { .. } => {
            if s != "AVAILABLE" {
                Err(needs(s, action, "AVAILABLE"))
            } else if img.os_type == "LINUX" {
                Err("only Windows images can be updated".into())
            } else if !img.update_available {
                Err("no WorkSpaces updates available for this image".into())
            } else {
                Ok(())
            }
        }
        // CopyWorkspaceImage: an image that is not AVAILABLE cannot be copied yet.
        Action::CopyImage { .. } => match s {
            "AVAILABLE" => Ok(()),
            _ => Err(needs(s, action, "AVAILABLE")),
        },
        // DeleteWorkspaceImage: "you must first delete any bundles that are associated with
        // the image and unshare the image". We know the shares only once they were fetched.
        Action::DeleteImage => {
            if s == "PENDING" {
                Err(format!("{s}: wait until the image is AVAILABLE or ERROR"))
            } else if !img.shared_with.is_empty() {
                Err(format!(
                    "shared with {} account(s): unshare it first",
                    img.shared_with.len()
                ))
            } else {
                Ok(())
            }
        }
        _ => Err(format!("{action} does not apply to images")),
    }
}

/// The pool operations' rules.
pub fn check_pool(action: &Action, pool: &WorkspacesPool) -> Result<(), String> {
    let s = pool.state.as_str();
    let auto_stop = |ok: Result<(), String>| match pool.running_mode.as_str() {
        "AUTO_STOP" => ok,
        m => Err(format!("{m}: {action} needs running mode AUTO_STOP")),
    };
    match action {
        // StartWorkspacesPool: running mode AutoStop and STOPPED.
        Action::StartPool => match s {
            "STOPPED" => auto_stop(Ok(())),
            _ => Err(needs(s, action, "STOPPED")),
        },
        // StopWorkspacesPool: running mode AutoStop; a pool runs as RUNNING (the reference
        // text lists WorkSpace states, which a pool never has).
        Action::StopPool => match s {
            "RUNNING" => auto_stop(Ok(())),
            _ => Err(needs(s, action, "RUNNING")),
        },
        // UpdateWorkspacesPool: OperationInProgressException while the pool changes state.
        Action::SetPoolCapacity(n) => {
            if pool.capacity.is_some_and(|c| c.desired == *n) {
                Err(format!("already {n} desired sessions"))
            } else {
                match s {
                    "RUNNING" | "STOPPED" => Ok(()),
                    _ => Err(needs(s, action, "RUNNING or STOPPED")),
                }
            }
        }
        _ => Err(format!("{action} does not apply to pools")),
    }
}

/// TerminateWorkspacesPoolSession lists no state rule: any session may be ended.
pub fn check_session(action: &Action, _session: &PoolSession) -> Result<(), String> {
    match action {
        Action::TerminateSession => Ok(()),
        _ => Err(format!("{action} does not apply to pool sessions")),
    }
}

impl Precheck for Workspace {
    fn kind(&self) -> TargetKind {
        TargetKind::Workspace
    }
    fn target(&self) -> Target {
        Target::new(&self.id, &self.user_name)
    }
    fn check(&self, action: &Action) -> Result<(), String> {
        check_workspace(action, self)
    }
    fn check_tags(&self) -> Result<(), String> {
        super::precheck_tags::workspace(&self.state)
    }
}

impl Precheck for WorkspaceImage {
    fn kind(&self) -> TargetKind {
        TargetKind::Image
    }
    fn target(&self) -> Target {
        Target::new(&self.id, &self.name)
    }
    fn check(&self, action: &Action) -> Result<(), String> {
        check_image(action, self)
    }
}

impl Precheck for WorkspaceBundle {
    fn kind(&self) -> TargetKind {
        TargetKind::Bundle
    }
    fn target(&self) -> Target {
        Target::new(&self.id, &self.name)
    }
    fn check(&self, action: &Action) -> Result<(), String> {
        check_bundle(action, self)
    }
    /// CreateTags takes "custom bundles": Amazon's own are not the account's to tag.
    fn check_tags(&self) -> Result<(), String> {
        if self.is_amazon() {
            return Err("an Amazon bundle: only your own bundles take tags".into());
        }
        Ok(())
    }
}

impl Precheck for WorkspacesPool {
    fn kind(&self) -> TargetKind {
        TargetKind::Pool
    }
    fn target(&self) -> Target {
        Target::new(&self.id, &self.name)
    }
    fn check(&self, action: &Action) -> Result<(), String> {
        check_pool(action, self)
    }
}

impl Precheck for PoolSession {
    fn kind(&self) -> TargetKind {
        TargetKind::PoolSession
    }
    fn target(&self) -> Target {
        Target::new(&self.id, &self.user_id)
    }
    fn check(&self, action: &Action) -> Result<(), String> {
        check_session(action, self)
    }
}

/// Directories take only tags (`Precheck::check_tags`).
impl Precheck for WorkspaceDirectory {
    fn kind(&self) -> TargetKind {
        TargetKind::Directory
    }
    fn target(&self) -> Target {
        Target::new(&self.id, &self.alias)
    }
    fn check(&self, action: &Action) -> Result<(), String> {
        Err(format!("{action} does not apply to directories"))
    }
}

#[cfg(test)]
#[path = "precheck_tests.rs"]
mod tests;
