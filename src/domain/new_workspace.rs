//! A WorkSpace to create: CreateWorkspaces' `WorkspaceRequest`, one per user.
//!
//! CreateWorkspaces takes up to 25 requests per call and answers per request (FailedRequests,
//! PendingRequests), keyed by directory and user name: there is no WorkSpace ID until it is
//! created. A job's target for one request is therefore `directory/user` (`target_id`), which
//! is what its outcome, the journal and the audit log name; the new WorkSpace's ID is the
//! succeeded outcome's result.

use serde::{Deserialize, Serialize};

/// One `WorkspaceRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NewWorkspace {
    pub directory_id: String,
    pub user_name: String,
    pub bundle_id: String,
    /// RunningMode: "AUTO_STOP" or "ALWAYS_ON".
    pub running_mode: String,
    /// RunningModeAutoStopTimeoutInMinutes (AUTO_STOP only).
    pub auto_stop_minutes: Option<i32>,
    /// RootVolumeSizeGib; None = the bundle's.
    pub root_volume_gib: Option<i32>,
    /// UserVolumeSizeGib; None = the bundle's.
    pub user_volume_gib: Option<i32>,
    /// RootVolumeEncryptionEnabled and UserVolumeEncryptionEnabled, with `kms_key`.
    pub encrypted: bool,
    /// VolumeEncryptionKey (a KMS key ID or ARN).
    pub kms_key: String,
    pub tags: Vec<(String, String)>,
    /// WorkspaceName; empty = none.
    pub workspace_name: String,
}

impl NewWorkspace {
    /// The job target's ID: `directory/user` (user names are not case-sensitive, so lower
    /// case).
    pub fn target_id(&self) -> String {
        target_id(&self.directory_id, &self.user_name)
    }
}

/// `directory/user`, the key of one user's request in a create job.
pub fn target_id(directory_id: &str, user_name: &str) -> String {
    format!("{directory_id}/{}", user_name.to_lowercase())
}

/// The directory and user a target ID names.
pub fn split_target_id(id: &str) -> Option<(&str, &str)> {
    id.split_once('/')
}

/// The requests of one create job, in the order they were given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreateRequests {
    pub requests: Vec<NewWorkspace>,
}

impl CreateRequests {
    /// The request behind a target ID.
    pub fn get(&self, id: &str) -> Option<&NewWorkspace> {
        self.requests.iter().find(|r| r.target_id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_directory_and_lower_case_user() {
        let r = NewWorkspace {
            directory_id: "d-9000000001".into(),
            user_name: "Jane.Doe".into(),
            ..NewWorkspace::default()
        };
        assert_eq!(r.target_id(), "d-9000000001/jane.doe");
        assert_eq!(
            split_target_id(&r.target_id()),
            Some(("d-9000000001", "jane.doe"))
        );
        let all = CreateRequests {
            requests: vec![r.clone()],
        };
        assert_eq!(all.get("d-9000000001/jane.doe"), Some(&r));
    }
}
