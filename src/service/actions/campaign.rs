//! The two mutating calls an image update campaign adds: UpdateWorkspaceBundle (point a bundle
//! at the updated image) and MigrateWorkspace (recreate a WorkSpace from a bundle's image).
//! Both are single-resource operations that fail the whole call, like the image ones.

use super::not_handled_here;
use crate::domain::{Action, ServiceError};
use crate::service::sdk_call::send_once;
use crate::service::WorkspacesService;

impl WorkspacesService {
    /// One call; `Ok` carries MigrateWorkspace's TargetWorkspaceId (the new WorkSpace), and
    /// nothing for UpdateWorkspaceBundle.
    pub(super) async fn campaign_action(
        &self,
        action: &Action,
        id: &str,
    ) -> Result<Option<String>, ServiceError> {
        let c = &self.client;
        match action {
            // UpdateWorkspaceBundle: BundleId and ImageId; "existing WorkSpaces aren't
            // automatically updated when you update the bundle" — hence the campaign's step 3.
            Action::UpdateBundle { image_id } => {
                send_once!(c.update_workspace_bundle().bundle_id(id).image_id(image_id))?;
                Ok(None)
            }
            // MigrateWorkspace: SourceWorkspaceId and BundleId; the answer's TargetWorkspaceId
            // is the WorkSpace that replaces the source.
            Action::Migrate { bundle_id } => Ok(send_once!(c
                .migrate_workspace()
                .source_workspace_id(id)
                .bundle_id(bundle_id))?
            .target_workspace_id),
            other => Err(not_handled_here(other)),
        }
    }
}
