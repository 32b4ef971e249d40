//! DescribeWorkspaceSnapshots (what a restore or rebuild goes back to) and DescribeWorkspaceImages
//! by ID (following one image, such as a campaign's updated image, until it settles). Reads:
//! each call takes a token of the region's budget (`WorkspacesService::read`).

use super::images::image_from_sdk;
use super::WorkspacesService;
use crate::domain::{ServiceError, WorkspaceImage, WorkspaceSnapshots};

impl WorkspacesService {
    /// DescribeWorkspaceSnapshots for one WorkSpace (the operation takes one WorkspaceId).
    pub async fn describe_workspace_snapshots(
        &self,
        workspace_id: &str,
    ) -> Result<WorkspaceSnapshots, ServiceError> {
        let out = self
            .read(|| {
                self.client
                    .describe_workspace_snapshots()
                    .workspace_id(workspace_id)
                    .send()
            })
            .await?;
        let times = |s: &[aws_sdk_workspaces::types::Snapshot]| -> Vec<i64> {
            let mut t: Vec<i64> = s
                .iter()
                .filter_map(|s| s.snapshot_time().map(|t| t.secs()))
                .collect();
            t.sort_unstable_by(|a, b| b.cmp(a));
            t
        };
        Ok(WorkspaceSnapshots {
            restore: times(out.restore_snapshots()),
            rebuild: times(out.rebuild_snapshots()),
        })
    }

    /// One image by ID (DescribeWorkspaceImages ImageIds); `None` when it does not exist.
    pub async fn describe_image(
        &self,
        image_id: &str,
    ) -> Result<Option<WorkspaceImage>, ServiceError> {
        let out = self
            .read(|| {
                self.client
                    .describe_workspace_images()
                    .image_ids(image_id)
                    .send()
            })
            .await?;
        Ok(out
            .images()
            .iter()
            .find(|i| i.image_id() == Some(image_id))
            .map(|i| image_from_sdk(i, &self.region)))
    }
}
