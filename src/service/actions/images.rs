//! Actions on images: UpdateWorkspaceImagePermission, CreateUpdatedWorkspaceImage,
//! CopyWorkspaceImage, DeleteWorkspaceImage.
//!
//! CreateUpdatedWorkspaceImage and CopyWorkspaceImage answer with the new image's ID; it is
//! returned as the call's result (`Outcome::Succeeded { result }`), so the app can show it and
//! re-read the new PENDING image by ID (in the destination region for a copy).

use super::not_handled_here;
use crate::domain::{Action, ServiceError};
use crate::service::sdk_call::send_once;
use crate::service::{Region, WorkspacesService};

impl WorkspacesService {
    /// One call; `Ok` carries the new image's ID for the operations that create one.
    pub(super) async fn image_action(
        &self,
        action: &Action,
        id: &str,
    ) -> Result<Option<String>, ServiceError> {
        let c = &self.client;
        let created = match action {
            Action::ShareImage { account_id } | Action::UnshareImage { account_id } => {
                let allow = matches!(action, Action::ShareImage { .. });
                send_once!(c
                    .update_workspace_image_permission()
                    .image_id(id)
                    .allow_copy_image(allow)
                    .shared_account_id(account_id))?;
                None
            }
            Action::CreateUpdatedImage { name, description } => {
                send_once!(c
                    .create_updated_workspace_image()
                    .source_image_id(id)
                    .name(name)
                    .description(description))?
                .image_id
            }
            Action::CopyImage {
                name,
                description,
                destination_region,
            } => {
                // "CopyWorkspaceImage" is called in the destination region and names the
                // source with SourceRegion. Description is optional (1–256 characters when
                // sent), so an empty one is left out. The call is paced by this (source)
                // region's budget: that is the budget the caller acquired for this action.
                send_once!(self
                    .client_for_region(destination_region)
                    .copy_workspace_image()
                    .source_image_id(id)
                    .source_region(self.aws_region())
                    .name(name)
                    .set_description(Some(description.clone()).filter(|d| !d.is_empty())))?
                .image_id
            }
            Action::DeleteImage => {
                send_once!(c.delete_workspace_image().image_id(id))?;
                None
            }
            other => return Err(not_handled_here(other)),
        };
        Ok(created)
    }

    /// A client like this one (credentials, endpoint override, retry and timeout settings) for
    /// another region. Built per call: copies are rare, and caching would have to outlive a
    /// profile switch.
    fn client_for_region(&self, region: &str) -> aws_sdk_workspaces::Client {
        if region == self.aws_region() {
            return self.client.clone();
        }
        let conf = self
            .client
            .config()
            .to_builder()
            .region(Region::new(region.to_string()))
            .build();
        aws_sdk_workspaces::Client::from_conf(conf)
    }
}
