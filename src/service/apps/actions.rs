//! The WorkSpaces Applications actions: one `Action` on one image, fleet or session becomes
//! exactly one call, with the same rules as WorkSpaces' (`service::actions`): read-only
//! refuses before the budget or the network (except a dry run, which changes nothing), an
//! urgent budget token first, a throttle slows the budget down, the SDK never retries, and a
//! refusal is `Failed` for the resource while only Throttled, Retryable and NotSent stay
//! errors for the queue to judge.

use super::{name_of, AppsService};
use crate::domain::{
    Action, ErrorKind, Outcome, ResourceResult, ServiceError, UPDATE_AVAILABLE, UPDATE_NONE,
};
use crate::service::actions::{not_handled_here, read_only_error, settle};
use crate::service::sdk_call::send_once;
use aws_sdk_appstream::types::{ComputeCapacity, ImagePermissions};

/// The new name a dry run proposes (CreateUpdatedImage requires one; nothing is created).
fn dry_run_name(image: &str) -> String {
    let mut name: String = image.chars().take(90).collect();
    name.push_str("-update-check");
    name
}

impl AppsService {
    /// Send one action for one resource (`ids` holds one image or fleet ARN, or session ID).
    pub async fn run_apps_action(
        &self,
        action: &Action,
        ids: &[String],
    ) -> Result<Vec<ResourceResult>, ServiceError> {
        if self.read_only && !action.changes_nothing() {
            return Err(read_only_error());
        }
        let Some(id) = ids.first() else {
            return Ok(vec![]);
        };
        if ids.len() > 1 {
            return Err(ServiceError::new(
                ErrorKind::InvalidInput,
                "BatchTooLarge",
                format!("{} takes one resource per call", action.operation()),
            ));
        }
        self.budget.acquire_urgent().await;
        let result = self.send_apps_call(action, id).await;
        if matches!(&result, Err(e) if e.kind == ErrorKind::Throttled) {
            self.budget.throttled();
        }
        match result {
            Ok(result) => Ok(vec![ResourceResult {
                id: id.clone(),
                outcome: Outcome::Succeeded { result },
            }]),
            Err(e) => settle(ids, e),
        }
    }

    /// The one call; `Ok(Some(_))` names what it created or found.
    async fn send_apps_call(
        &self,
        action: &Action,
        id: &str,
    ) -> Result<Option<String>, ServiceError> {
        let name = name_of(id);
        match action {
            Action::CheckAppImageUpdate => self.check_image_update(name).await.map(Some),
            Action::CreateUpdatedAppImage { .. } => {
                self.create_updated_image(action, name).await.map(Some)
            }
            Action::ShareAppImage { .. }
            | Action::UnshareAppImage { .. }
            | Action::DeleteAppImage => self.image_call(action, name).await.map(|()| None),
            Action::SwitchFleetImage { .. }
            | Action::SetFleetCapacity(_)
            | Action::StartFleet
            | Action::StopFleet => self.fleet_call(action, name).await.map(|()| None),
            Action::ExpireSession => {
                send_once!(self.client.expire_session().session_id(id))?;
                Ok(None)
            }
            other => Err(not_handled_here(other)),
        }
    }

    /// CreateUpdatedImage with DryRun: whether image `name` has an update (`UPDATE_AVAILABLE`
    /// or `UPDATE_NONE`); nothing is created.
    async fn check_image_update(&self, name: &str) -> Result<String, ServiceError> {
        let out = send_once!(self
            .client
            .create_updated_image()
            .existing_image_name(name)
            .new_image_name(dry_run_name(name))
            .dry_run(true))?;
        let word = if out.can_update_image() == Some(true) {
            UPDATE_AVAILABLE
        } else {
            UPDATE_NONE
        };
        Ok(word.to_string())
    }

    /// CreateUpdatedImage: the new image's name, as the service answers it (or as asked).
    /// Empty description, display name and tags are left out.
    async fn create_updated_image(
        &self,
        action: &Action,
        name: &str,
    ) -> Result<String, ServiceError> {
        let Action::CreateUpdatedAppImage {
            description,
            display_name,
            tags,
            ..
        } = action
        else {
            return Err(not_handled_here(action));
        };
        let new_name = action.new_image_name(name).unwrap_or_default();
        let out = send_once!(self
            .client
            .create_updated_image()
            .existing_image_name(name)
            .new_image_name(&new_name)
            .set_new_image_description((!description.is_empty()).then(|| description.clone()))
            .set_new_image_display_name((!display_name.is_empty()).then(|| display_name.clone()))
            .set_new_image_tags((!tags.is_empty()).then(|| tags.iter().cloned().collect()))
            .dry_run(false))?;
        let created = out.image().and_then(|i| i.name()).unwrap_or(&new_name);
        Ok(created.to_string())
    }

    /// Sharing an image with an account (UpdateImagePermissions: fleets and image builders
    /// may use it), unsharing it (DeleteImagePermissions), deleting it (DeleteImage).
    async fn image_call(&self, action: &Action, name: &str) -> Result<(), ServiceError> {
        let c = &self.client;
        match action {
            Action::ShareAppImage { account_id } => {
                let allow = ImagePermissions::builder()
                    .allow_fleet(true)
                    .allow_image_builder(true)
                    .build();
                send_once!(c
                    .update_image_permissions()
                    .name(name)
                    .shared_account_id(account_id)
                    .image_permissions(allow))?;
            }
            Action::UnshareAppImage { account_id } => {
                send_once!(c
                    .delete_image_permissions()
                    .name(name)
                    .shared_account_id(account_id))?;
            }
            Action::DeleteAppImage => {
                send_once!(c.delete_image().name(name))?;
            }
            other => return Err(not_handled_here(other)),
        }
        Ok(())
    }

    /// UpdateFleet (image or capacity), StartFleet, StopFleet.
    async fn fleet_call(&self, action: &Action, name: &str) -> Result<(), ServiceError> {
        let c = &self.client;
        match action {
            // UpdateFleet sends only what changes, so the fleet's other settings stay.
            Action::SwitchFleetImage { image } => {
                send_once!(c.update_fleet().name(name).image_name(image))?;
            }
            Action::SetFleetCapacity(n) => {
                let capacity = ComputeCapacity::builder().desired_instances(*n).build();
                send_once!(c.update_fleet().name(name).compute_capacity(capacity))?;
            }
            Action::StartFleet => {
                send_once!(c.start_fleet().name(name))?;
            }
            Action::StopFleet => {
                send_once!(c.stop_fleet().name(name))?;
            }
            other => return Err(not_handled_here(other)),
        }
        Ok(())
    }
}
