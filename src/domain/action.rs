//! Actions an administrator takes on resources, and what became of each resource.

use std::fmt;

/// What kind of resource an action works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TargetKind {
    Workspace,
    Image,
    /// A WorkSpaces bundle (UpdateWorkspaceBundle).
    Bundle,
    Pool,
    PoolSession,
    /// A registered directory (CreateTags / DeleteTags only).
    Directory,
    /// WorkSpaces Applications resources.
    AppImage,
    AppFleet,
    AppSession,
}

/// One action, with its parameters. Each maps to one WorkSpaces operation. Serialized (as
/// the enum's variant name with its parameters) in the queue's journal of unfinished jobs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Action {
    /// RebootWorkspaces (25 per call).
    Reboot,
    /// RebuildWorkspaces (1 per call).
    Rebuild,
    /// StartWorkspaces (25 per call).
    Start,
    /// StopWorkspaces (25 per call).
    Stop,
    /// TerminateWorkspaces (25 per call).
    Terminate,
    /// RestoreWorkspace (1 per call).
    Restore,
    /// ModifyWorkspaceProperties with RunningMode "AUTO_STOP" or "ALWAYS_ON" (1 per call).
    SetRunningMode(String),
    /// ModifyWorkspaceProperties with the properties the form set (1 per call; `modify`).
    ModifyProperties(super::PropertyChange),
    /// ModifyWorkspaceState: true → ADMIN_MAINTENANCE, false → AVAILABLE (1 per call).
    AdminMaintenance(bool),
    /// CreateWorkspaceImage from a WorkSpace (1 per call).
    CreateImage { name: String, description: String },
    /// UpdateWorkspaceImagePermission AllowCopyImage=true (1 image per call).
    ShareImage { account_id: String },
    /// UpdateWorkspaceImagePermission AllowCopyImage=false (1 image per call).
    UnshareImage { account_id: String },
    /// CreateUpdatedWorkspaceImage (1 per call).
    CreateUpdatedImage { name: String, description: String },
    /// CopyWorkspaceImage, called in `destination_region` with SourceRegion set (1 per call).
    CopyImage {
        name: String,
        description: String,
        destination_region: String,
    },
    /// DeleteWorkspaceImage (1 per call).
    DeleteImage,
    /// UpdateWorkspaceBundle: point the bundle at `image_id` (1 bundle per call). New
    /// WorkSpaces get the image at once; existing ones when rebuilt or migrated.
    UpdateBundle { image_id: String },
    /// MigrateWorkspace to `bundle_id` (1 WorkSpace per call): the WorkSpace is recreated with
    /// a new ID from the bundle's image, keeping its user volume.
    Migrate { bundle_id: String },
    /// StartWorkspacesPool (1 per call).
    StartPool,
    /// StopWorkspacesPool (1 per call).
    StopPool,
    /// UpdateWorkspacesPool Capacity.DesiredUserSessions (1 per call).
    SetPoolCapacity(i32),
    /// TerminateWorkspacesPoolSession (1 per call).
    TerminateSession,
    /// WorkSpaces Applications CreateUpdatedImage with dryRun=true: whether an update is
    /// available (`canUpdateImage`); creates nothing (1 image per call).
    CheckAppImageUpdate,
    /// WorkSpaces Applications CreateUpdatedImage: a new image named from `name_template`
    /// (`{name}` is the image's name, `{yyyymmdd}` the `date` the form was filled), so every
    /// image of the job gets its own name and a resumed job the same ones (1 per call).
    CreateUpdatedAppImage {
        name_template: String,
        date: String,
        description: String,
        display_name: String,
        /// newImageTags, as typed (`key=value`).
        #[serde(default)]
        tags: Vec<(String, String)>,
    },
    /// UpdateImagePermissions (allowFleet and allowImageBuilder) for an account (1 per call).
    ShareAppImage { account_id: String },
    /// DeleteImagePermissions for an account (1 per call).
    UnshareAppImage { account_id: String },
    /// DeleteImage (1 per call).
    DeleteAppImage,
    /// UpdateFleet with ImageName (1 fleet per call).
    SwitchFleetImage { image: String },
    /// StartFleet (1 per call).
    StartFleet,
    /// StopFleet (1 per call).
    StopFleet,
    /// UpdateFleet ComputeCapacity.DesiredInstances (1 per call).
    SetFleetCapacity(i32),
    /// ExpireSession (1 per call).
    ExpireSession,
    /// CreateWorkspaces (25 per call): one WorkSpace per user; targets are `directory/user`
    /// (`NewWorkspace::target_id`). Not idempotent: an unknown answer is never resent.
    CreateWorkspaces(Box<super::CreateRequests>),
    /// Tags in bulk on resources of kind `on` (`domain::tagging`): CreateTags with `add`
    /// when there is something to add, then DeleteTags with `remove` when there is something
    /// to remove; one resource per batch (both operations take one ResourceId).
    SetTags {
        on: TargetKind,
        add: Vec<(String, String)>,
        remove: Vec<String>,
    },
}

/// An updated image's name from a template such as `{name}-{yyyymmdd}` (`{name}` the image's
/// name, `{yyyymmdd}` the day the form was filled): `P` on an image and the campaign form's
/// default both name the new image this way.
pub fn updated_image_name(template: &str, image: &str, date: &str) -> String {
    template
        .replace("{name}", image)
        .replace("{yyyymmdd}", date)
}

impl Action {
    /// The WorkSpaces operation this action calls.
    pub fn operation(&self) -> &'static str {
        match self {
            Action::Reboot => "RebootWorkspaces",
            Action::Rebuild => "RebuildWorkspaces",
            Action::Start => "StartWorkspaces",
            Action::Stop => "StopWorkspaces",
            Action::Terminate => "TerminateWorkspaces",
            Action::Restore => "RestoreWorkspace",
            Action::SetRunningMode(_) | Action::ModifyProperties(_) => "ModifyWorkspaceProperties",
            Action::AdminMaintenance(_) => "ModifyWorkspaceState",
            Action::CreateImage { .. } => "CreateWorkspaceImage",
            Action::ShareImage { .. } | Action::UnshareImage { .. } => {
                "UpdateWorkspaceImagePermission"
            }
            Action::CreateUpdatedImage { .. } => "CreateUpdatedWorkspaceImage",
            Action::CopyImage { .. } => "CopyWorkspaceImage",
            Action::DeleteImage => "DeleteWorkspaceImage",
            Action::UpdateBundle { .. } => "UpdateWorkspaceBundle",
            Action::Migrate { .. } => "MigrateWorkspace",
            Action::StartPool => "StartWorkspacesPool",
            Action::StopPool => "StopWorkspacesPool",
            Action::SetPoolCapacity(_) => "UpdateWorkspacesPool",
            Action::TerminateSession => "TerminateWorkspacesPoolSession",
            Action::CheckAppImageUpdate | Action::CreateUpdatedAppImage { .. } => {
                "CreateUpdatedImage"
            }
            Action::ShareAppImage { .. } => "UpdateImagePermissions",
            Action::UnshareAppImage { .. } => "DeleteImagePermissions",
            Action::DeleteAppImage => "DeleteImage",
            Action::SwitchFleetImage { .. } | Action::SetFleetCapacity(_) => "UpdateFleet",
            Action::StartFleet => "StartFleet",
            Action::StopFleet => "StopFleet",
            Action::ExpireSession => "ExpireSession",
            Action::CreateWorkspaces(_) => "CreateWorkspaces",
            Action::SetTags { add, remove, .. } => match (add.is_empty(), remove.is_empty()) {
                (false, true) => "CreateTags",
                (true, false) => "DeleteTags",
                // Both calls, CreateTags first (see `service::actions::tags`).
                _ => "CreateTags+DeleteTags",
            },
        }
    }

    /// Whether it ends or interrupts a user's session on a WorkSpace, so who is connected
    /// (DescribeWorkspacesConnectionStatus) matters to its confirmation: the TUI's and
    /// `wsfleet do`'s.
    pub fn disrupts_sessions(&self) -> bool {
        matches!(
            self,
            Action::Reboot
                | Action::Rebuild
                | Action::Stop
                | Action::Terminate
                | Action::Restore
                | Action::AdminMaintenance(true)
        )
    }

    /// Short verb for the queue pane and the audit log.
    pub fn name(&self) -> String {
        match self {
            Action::Reboot => "reboot".into(),
            Action::Rebuild => "rebuild".into(),
            Action::Start => "start".into(),
            Action::Stop => "stop".into(),
            Action::Terminate => "terminate".into(),
            Action::Restore => "restore".into(),
            Action::SetRunningMode(m) => format!("running-mode {m}"),
            Action::ModifyProperties(c) => format!("modify {}", c.summary()),
            Action::AdminMaintenance(true) => "maintenance on".into(),
            Action::AdminMaintenance(false) => "maintenance off".into(),
            Action::CreateImage { .. } => "create image".into(),
            Action::ShareImage { account_id } => format!("share with {account_id}"),
            Action::UnshareImage { account_id } => format!("unshare from {account_id}"),
            Action::CreateUpdatedImage { .. } => "create updated image".into(),
            Action::CopyImage {
                destination_region, ..
            } => format!("copy to {destination_region}"),
            Action::DeleteImage => "delete image".into(),
            Action::UpdateBundle { image_id } => format!("point bundle at {image_id}"),
            Action::Migrate { bundle_id } => format!("migrate to {bundle_id}"),
            Action::StartPool => "start pool".into(),
            Action::StopPool => "stop pool".into(),
            Action::SetPoolCapacity(n) => format!("capacity {n}"),
            Action::TerminateSession => "terminate session".into(),
            Action::CheckAppImageUpdate => "check for updates".into(),
            Action::CreateUpdatedAppImage { .. } => "create updated image".into(),
            Action::ShareAppImage { account_id } => format!("share with {account_id}"),
            Action::UnshareAppImage { account_id } => format!("unshare from {account_id}"),
            Action::DeleteAppImage => "delete image".into(),
            Action::SwitchFleetImage { image } => format!("switch to image {image}"),
            Action::StartFleet => "start fleet".into(),
            Action::StopFleet => "stop fleet".into(),
            Action::SetFleetCapacity(n) => format!("capacity {n}"),
            Action::ExpireSession => "expire session".into(),
            Action::CreateWorkspaces(_) => "create".into(),
            Action::SetTags { .. } => {
                format!("tags {}", self.tag_edit().unwrap_or_default().describe())
            }
        }
    }

    pub fn target_kind(&self) -> TargetKind {
        match self {
            Action::Reboot
            | Action::Rebuild
            | Action::Start
            | Action::Stop
            | Action::Terminate
            | Action::Restore
            | Action::SetRunningMode(_)
            | Action::ModifyProperties(_)
            | Action::AdminMaintenance(_)
            | Action::Migrate { .. }
            | Action::CreateImage { .. }
            | Action::CreateWorkspaces(_) => TargetKind::Workspace,
            Action::UpdateBundle { .. } => TargetKind::Bundle,
            Action::ShareImage { .. }
            | Action::UnshareImage { .. }
            | Action::CreateUpdatedImage { .. }
            | Action::CopyImage { .. }
            | Action::DeleteImage => TargetKind::Image,
            Action::StartPool | Action::StopPool | Action::SetPoolCapacity(_) => TargetKind::Pool,
            Action::TerminateSession => TargetKind::PoolSession,
            Action::CheckAppImageUpdate
            | Action::CreateUpdatedAppImage { .. }
            | Action::ShareAppImage { .. }
            | Action::UnshareAppImage { .. }
            | Action::DeleteAppImage => TargetKind::AppImage,
            Action::SwitchFleetImage { .. }
            | Action::StartFleet
            | Action::StopFleet
            | Action::SetFleetCapacity(_) => TargetKind::AppFleet,
            Action::ExpireSession => TargetKind::AppSession,
            Action::SetTags { on, .. } => *on,
        }
    }

    /// Whether this is a WorkSpaces Applications operation (the `appstream` service, with a
    /// rate budget of its own per account and Region).
    pub fn is_apps(&self) -> bool {
        matches!(
            self.target_kind(),
            TargetKind::AppImage | TargetKind::AppFleet | TargetKind::AppSession
        )
    }

    /// The tag edit of `SetTags`.
    pub fn tag_edit(&self) -> Option<super::tagging::TagEdit> {
        match self {
            Action::SetTags { add, remove, .. } => Some(super::tagging::TagEdit {
                add: add.clone(),
                remove: remove.clone(),
            }),
            _ => None,
        }
    }

    /// A call that changes nothing (a dry run), so `--read-only` allows it.
    pub fn changes_nothing(&self) -> bool {
        matches!(self, Action::CheckAppImageUpdate)
    }

    /// The name the updated copy of `image` gets: CreateUpdatedAppImage's from its template,
    /// CreateUpdatedWorkspaceImage's the one given (its confirmation names it).
    pub fn new_image_name(&self, image: &str) -> Option<String> {
        match self {
            Action::CreateUpdatedAppImage {
                name_template,
                date,
                ..
            } => Some(updated_image_name(name_template, image, date)),
            Action::CreateUpdatedImage { name, .. } => Some(name.clone()),
            _ => None,
        }
    }

    /// Resources per API call: the batch operations take 25 WorkSpaces (RebootWorkspaces,
    /// StartWorkspaces, StopWorkspaces, TerminateWorkspaces); RebuildWorkspaces and
    /// RestoreWorkspace take one, as do all the single-resource operations.
    pub fn batch_size(&self) -> usize {
        match self {
            Action::Reboot
            | Action::Start
            | Action::Stop
            | Action::Terminate
            | Action::CreateWorkspaces(_) => 25,
            _ => 1,
        }
    }

    /// Destructive actions lose data or access and need the count (or a word) typed to
    /// confirm: rebuild, migrate, restore, terminate, delete image, terminate session, unshare.
    pub fn is_destructive(&self) -> bool {
        matches!(
            self,
            Action::Rebuild
                | Action::Migrate { .. }
                | Action::Restore
                | Action::Terminate
                | Action::DeleteImage
                | Action::TerminateSession
                | Action::UnshareImage { .. }
                | Action::DeleteAppImage
                | Action::ExpireSession
                | Action::UnshareAppImage { .. }
        )
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// What became of one resource in a job: exactly one per resource, whatever happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The service accepted it. `result` is what the call created, when it created something:
    /// the new image's ID for CreateWorkspaceImage, CreateUpdatedWorkspaceImage and
    /// CopyWorkspaceImage (so it can be re-read by ID), the new WorkSpace's ID for
    /// MigrateWorkspace (TargetWorkspaceId); `None` for every other operation.
    Succeeded { result: Option<String> },
    /// The service refused it (FailedRequests, or a whole-call error for single-resource
    /// operations): error code and message as the service sent them. Also a call that was
    /// certainly not applied and will not be sent again (throttled until the queue gave up,
    /// no client for the region, the audit log could not record it), said in the message.
    Failed { code: String, message: String },
    /// Not sent: its state does not allow the action.
    Skipped { reason: String },
    /// Not sent: the job was cancelled ("cancelled by user, not sent") or wsfleet stopped
    /// ("interrupted, not sent") before its batch went out. Safe to send again later.
    Cancelled { reason: String },
    /// A call went out and no clear answer came back (a 500, a timeout, a dropped connection,
    /// an unreadable answer, or wsfleet exited first): the service may or may not have acted.
    /// Never sent again; the administrator must look.
    Unknown { code: String, message: String },
}

impl Outcome {
    /// Succeeded with nothing created.
    pub fn succeeded() -> Self {
        Outcome::Succeeded { result: None }
    }

    pub fn cancelled(reason: impl Into<String>) -> Self {
        Outcome::Cancelled {
            reason: reason.into(),
        }
    }

    /// The error code and the message (or reason) as the audit log and `wsfleet do`'s
    /// outcome lines record them.
    pub fn code_and_message(&self) -> (Option<&str>, Option<&str>) {
        match self {
            Outcome::Failed { code, message } | Outcome::Unknown { code, message } => {
                (Some(code.as_str()), Some(message.as_str()))
            }
            Outcome::Skipped { reason } | Outcome::Cancelled { reason } => {
                (None, Some(reason.as_str()))
            }
            Outcome::Succeeded { .. } => (None, None),
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Succeeded { .. } => "succeeded",
            Outcome::Failed { .. } => "failed",
            Outcome::Skipped { .. } => "skipped",
            Outcome::Cancelled { .. } => "cancelled",
            Outcome::Unknown { .. } => "unknown",
        }
    }

    /// What the call created (see `Succeeded`).
    pub fn result(&self) -> Option<&str> {
        match self {
            Outcome::Succeeded { result } => result.as_deref(),
            _ => None,
        }
    }
}

/// The service's answer for one resource of one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceResult {
    pub id: String,
    pub outcome: Outcome,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_sizes_follow_the_api_limits() {
        assert_eq!(Action::Reboot.batch_size(), 25);
        assert_eq!(Action::Terminate.batch_size(), 25);
        assert_eq!(Action::Rebuild.batch_size(), 1);
        assert_eq!(Action::Restore.batch_size(), 1);
    }

    #[test]
    fn an_updated_app_image_is_named_from_the_template() {
        let a = Action::CreateUpdatedAppImage {
            name_template: "{name}-{yyyymmdd}".into(),
            date: "20261130".into(),
            description: String::new(),
            display_name: String::new(),
            tags: vec![],
        };
        assert_eq!(
            a.new_image_name("Office").as_deref(),
            Some("Office-20261130")
        );
        assert!(a.is_apps() && !a.changes_nothing());
        assert!(Action::CheckAppImageUpdate.changes_nothing());
        assert_eq!(Action::Reboot.new_image_name("x"), None);
    }

    #[test]
    fn destructive_actions_are_the_ones_that_lose_data_or_access() {
        assert!(Action::Rebuild.is_destructive());
        assert!(Action::UnshareImage {
            account_id: "1".into()
        }
        .is_destructive());
        assert!(!Action::Reboot.is_destructive());
        assert!(!Action::ShareImage {
            account_id: "1".into()
        }
        .is_destructive());
    }
}
