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
use crate::service::actions::{read_only_error, settle};
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
        let c = &self.client;
        let name = name_of(id);
        match action {
            Action::CheckAppImageUpdate => {
                let out = c
                    .create_updated_image()
                    .existing_image_name(name)
                    .new_image_name(dry_run_name(name))
                    .dry_run(true)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                let word = if out.can_update_image() == Some(true) {
                    UPDATE_AVAILABLE
                } else {
                    UPDATE_NONE
                };
                Ok(Some(word.to_string()))
            }
            Action::CreateUpdatedAppImage {
                description,
                display_name,
                tags,
                ..
            } => {
                let new_name = action.new_image_name(name).unwrap_or_default();
                let out = c
                    .create_updated_image()
                    .existing_image_name(name)
                    .new_image_name(&new_name)
                    .set_new_image_description(
                        (!description.is_empty()).then(|| description.clone()),
                    )
                    .set_new_image_display_name(
                        (!display_name.is_empty()).then(|| display_name.clone()),
                    )
                    .set_new_image_tags((!tags.is_empty()).then(|| tags.iter().cloned().collect()))
                    .dry_run(false)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                let created = out.image().and_then(|i| i.name()).unwrap_or(&new_name);
                Ok(Some(created.to_string()))
            }
            Action::ShareAppImage { account_id } => {
                let allow = ImagePermissions::builder()
                    .allow_fleet(true)
                    .allow_image_builder(true)
                    .build();
                c.update_image_permissions()
                    .name(name)
                    .shared_account_id(account_id)
                    .image_permissions(allow)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                Ok(None)
            }
            Action::UnshareAppImage { account_id } => {
                c.delete_image_permissions()
                    .name(name)
                    .shared_account_id(account_id)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                Ok(None)
            }
            Action::DeleteAppImage => {
                c.delete_image()
                    .name(name)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                Ok(None)
            }
            // UpdateFleet sends only what changes, so the fleet's other settings stay.
            Action::SwitchFleetImage { image } => {
                c.update_fleet()
                    .name(name)
                    .image_name(image)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                Ok(None)
            }
            Action::SetFleetCapacity(n) => {
                let capacity = ComputeCapacity::builder().desired_instances(*n).build();
                c.update_fleet()
                    .name(name)
                    .compute_capacity(capacity)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                Ok(None)
            }
            Action::StartFleet => {
                c.start_fleet()
                    .name(name)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                Ok(None)
            }
            Action::StopFleet => {
                c.stop_fleet()
                    .name(name)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                Ok(None)
            }
            Action::ExpireSession => {
                c.expire_session()
                    .session_id(id)
                    .send()
                    .await
                    .map_err(ServiceError::from_sdk)?;
                Ok(None)
            }
            other => Err(crate::service::actions::not_handled_here(other)),
        }
    }
}
