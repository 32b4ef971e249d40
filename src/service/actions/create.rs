//! CreateWorkspaces: one call for up to 25 users, answered per request. A FailedRequest is
//! matched back to its target by directory and user name (the service echoes the
//! WorkspaceRequest), a PendingRequest likewise, and succeeds with the new WorkSpace's ID.
//! A request the answer names in neither list is `Unknown`: the call went out and nothing
//! says what became of it. Also the lookup a resume makes before anything is sent again:
//! DescribeWorkspaces by DirectoryId and UserName.

use super::build_error;
use crate::domain::{
    target_id, CreateRequests, NewWorkspace, Outcome, ResourceResult, ServiceError, Workspace,
};
use crate::service::read::{read_in_line, Line};
use crate::service::sdk_call::send_once;
use crate::service::workspaces::workspace_from_sdk;
use crate::service::WorkspacesService;
use aws_sdk_workspaces::types::{
    RunningMode, Tag, Workspace as SdkWorkspace, WorkspaceProperties, WorkspaceRequest,
};

impl WorkspacesService {
    /// One CreateWorkspaces call for the targets `ids` of `all`.
    pub(super) async fn create_workspaces(
        &self,
        all: &CreateRequests,
        ids: &[String],
    ) -> Result<Vec<ResourceResult>, ServiceError> {
        let mut requests = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(r) = all.get(id) else {
                return Err(missing(id));
            };
            requests.push(request(r)?);
        }
        let out = send_once!(self
            .client
            .create_workspaces()
            .set_workspaces(Some(requests)))?;
        Ok(answers(ids, out.failed_requests(), out.pending_requests()))
    }

    /// The WorkSpace `user` has in `directory`, if any (DescribeWorkspaces with DirectoryId
    /// and UserName): the precheck for users not loaded, and a resume's lookup of an
    /// unknown create.
    pub async fn workspace_of_user(
        &self,
        directory: &str,
        user: &str,
    ) -> Result<Option<Workspace>, ServiceError> {
        self.workspace_of_user_in(directory, user, Line::Normal)
            .await
    }

    /// `workspace_of_user` for the create form's precheck (users the table cannot vouch
    /// for): only with the calls a running job leaves (`RateBudget::acquire_leftover`), as
    /// the other lookups for an open dialog, so a running job keeps its rate.
    pub async fn workspace_of_user_leftover(
        &self,
        directory: &str,
        user: &str,
    ) -> Result<Option<Workspace>, ServiceError> {
        self.workspace_of_user_in(directory, user, Line::Leftover)
            .await
    }

    async fn workspace_of_user_in(
        &self,
        directory: &str,
        user: &str,
        line: Line,
    ) -> Result<Option<Workspace>, ServiceError> {
        let out = read_in_line(&self.budget, self.read_retry, line, || {
            self.client
                .describe_workspaces()
                .directory_id(directory)
                .user_name(user)
                .send()
        })
        .await?;
        Ok(out
            .workspaces()
            .iter()
            .find(|w| w.state().map(|s| s.as_str()) != Some("TERMINATED"))
            .map(|w| workspace_from_sdk(w, &self.region)))
    }
}

fn missing(id: &str) -> ServiceError {
    ServiceError::new(
        crate::domain::ErrorKind::InvalidInput,
        "InvalidRequest",
        format!("no request for {id} in the job: nothing was sent"),
    )
}

/// The SDK's WorkspaceRequest for one `NewWorkspace`.
fn request(r: &NewWorkspace) -> Result<WorkspaceRequest, ServiceError> {
    let mut props = WorkspaceProperties::builder()
        .running_mode(RunningMode::from(r.running_mode.as_str()))
        .set_running_mode_auto_stop_timeout_in_minutes(r.auto_stop_minutes)
        .set_root_volume_size_gib(r.root_volume_gib)
        .set_user_volume_size_gib(r.user_volume_gib);
    if r.running_mode != "AUTO_STOP" {
        props = props.set_running_mode_auto_stop_timeout_in_minutes(None);
    }
    let mut tags = Vec::with_capacity(r.tags.len());
    for (k, v) in &r.tags {
        tags.push(
            Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(build_error)?,
        );
    }
    let mut b = WorkspaceRequest::builder()
        .directory_id(&r.directory_id)
        .user_name(&r.user_name)
        .bundle_id(&r.bundle_id)
        .workspace_properties(props.build())
        .set_tags((!tags.is_empty()).then_some(tags));
    if r.encrypted {
        b = b
            .volume_encryption_key(&r.kms_key)
            .root_volume_encryption_enabled(true)
            .user_volume_encryption_enabled(true);
    }
    if !r.workspace_name.is_empty() {
        b = b.workspace_name(&r.workspace_name);
    }
    b.build().map_err(build_error)
}

/// One result per target, from FailedRequests and PendingRequests matched by directory and
/// user name.
fn answers(
    ids: &[String],
    failed: &[aws_sdk_workspaces::types::FailedCreateWorkspaceRequest],
    pending: &[SdkWorkspace],
) -> Vec<ResourceResult> {
    ids.iter()
        .map(|id| {
            let outcome = if let Some(f) = failed.iter().find(|f| {
                f.workspace_request()
                    .is_some_and(|r| &target_id(r.directory_id(), r.user_name()) == id)
            }) {
                Outcome::Failed {
                    code: f.error_code().unwrap_or("UnknownError").to_string(),
                    message: f.error_message().unwrap_or_default().to_string(),
                }
            } else if let Some(w) = pending.iter().find(|w| {
                &target_id(w.directory_id().unwrap_or(""), w.user_name().unwrap_or("")) == id
            }) {
                Outcome::Succeeded {
                    result: w.workspace_id().map(str::to_string),
                }
            } else {
                Outcome::Unknown {
                    code: "NotInAnswer".into(),
                    message: "CreateWorkspaces answered without this user; the WorkSpace may \
                              have been created"
                        .into(),
                }
            };
            ResourceResult {
                id: id.clone(),
                outcome,
            }
        })
        .collect()
}

/// What a resume learns of a create job's unknown users before anything is sent again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnknownCreates {
    /// Found: the lost call created it. (target, the WorkSpace's ID): succeeded.
    pub found: Vec<(crate::queue::Target, String)>,
    /// Not found: still unknown (the call may yet be creating it, or never reached the
    /// service); offered for sending again only with typing, never automatically.
    pub not_found: Vec<crate::queue::Target>,
}

impl WorkspacesService {
    /// Each of `unknown` (targets `directory/user`) looked up by directory and user name
    /// (DescribeWorkspaces), one call per user.
    pub async fn check_unknown_creates(
        &self,
        unknown: &[crate::queue::Target],
    ) -> Result<UnknownCreates, ServiceError> {
        let mut out = UnknownCreates::default();
        for t in unknown {
            let Some((dir, user)) = crate::domain::split_target_id(&t.id) else {
                out.not_found.push(t.clone());
                continue;
            };
            match self.workspace_of_user(dir, user).await? {
                Some(w) => out.found.push((t.clone(), w.id)),
                None => out.not_found.push(t.clone()),
            }
        }
        Ok(out)
    }
}
