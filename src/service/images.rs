//! DescribeWorkspaceImages and DescribeWorkspaceImagePermissions, one page per call, converted
//! to domain types.

use super::{Page, Swept, WorkspacesService};
use crate::domain::{ImageErrorDetail, ServiceError, WorkspaceImage};
use aws_sdk_workspaces::types as sdk;

/// DescribeWorkspaceImages allows at most 25 per page (MaxResults: 1–25).
pub const IMAGES_PAGE: i32 = 25;
/// DescribeWorkspaceImagePermissions allows at most 25 per page (MaxResults: 1–25).
pub const IMAGE_PERMISSIONS_PAGE: i32 = 25;

impl WorkspacesService {
    /// One page of DescribeWorkspaceImages: every image the account owns or has been shared.
    /// `shared_with` stays empty; see `describe_image_permissions_page`.
    pub async fn describe_images_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<WorkspaceImage>, ServiceError> {
        let out = self
            .read(|| {
                self.client
                    .describe_workspace_images()
                    .max_results(IMAGES_PAGE)
                    .set_next_token(next_token.clone())
                    .send()
            })
            .await?;
        Ok(Page {
            items: out
                .images()
                .iter()
                .map(|i| image_from_sdk(i, &self.region))
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    /// One page of the account IDs an image is shared with (DescribeWorkspaceImagePermissions).
    /// A separate call per image, so the app makes it only when an image is opened.
    pub async fn describe_image_permissions_page(
        &self,
        image_id: &str,
        next_token: Option<String>,
    ) -> Result<Page<String>, ServiceError> {
        let out = self
            .read(|| {
                self.client
                    .describe_workspace_image_permissions()
                    .image_id(image_id)
                    .max_results(IMAGE_PERMISSIONS_PAGE)
                    .set_next_token(next_token.clone())
                    .send()
            })
            .await?;
        Ok(Page {
            items: shared_account_ids_from_sdk(out.image_permissions()),
            next_token: out.next_token().map(str::to_string),
        })
    }
}

/// The images pane's sweep: DescribeWorkspaceImages.
impl Swept for WorkspaceImage {
    type Client = WorkspacesService;

    async fn page(
        c: &WorkspacesService,
        token: Option<String>,
        _later: bool,
    ) -> Result<Page<Self>, ServiceError> {
        c.describe_images_page(token).await
    }
}

pub(crate) fn image_from_sdk(i: &sdk::WorkspaceImage, region: &str) -> WorkspaceImage {
    let updates = i.updates();
    WorkspaceImage {
        id: i.image_id().unwrap_or_default().to_string(),
        region: region.to_string(),
        name: i.name().unwrap_or_default().to_string(),
        description: i.description().unwrap_or_default().to_string(),
        state: i
            .state()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        os_type: i
            .operating_system()
            .and_then(|o| o.r#type())
            .map(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        required_tenancy: i
            .required_tenancy()
            .map(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        owner_account_id: i.owner_account_id().unwrap_or_default().to_string(),
        created: i.created().map(|t| t.secs()),
        error_code: i.error_code().unwrap_or_default().to_string(),
        error_message: i.error_message().unwrap_or_default().to_string(),
        error_details: i
            .error_details()
            .iter()
            .map(|d| ImageErrorDetail {
                code: d
                    .error_code()
                    .map(|c| c.as_str())
                    .unwrap_or_default()
                    .to_string(),
                message: d.error_message().unwrap_or_default().to_string(),
            })
            .collect(),
        update_available: updates.and_then(|u| u.update_available()).unwrap_or(false),
        update_description: updates
            .and_then(|u| u.description())
            .unwrap_or_default()
            .to_string(),
        shared_with: Vec::new(),
    }
}

/// The account IDs of one page of permissions; an entry without an ID names nobody, so it
/// is dropped rather than shown as a blank account.
pub(crate) fn shared_account_ids_from_sdk(perms: &[sdk::ImagePermission]) -> Vec<String> {
    perms
        .iter()
        .filter_map(|p| p.shared_account_id())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_workspaces::types::{
        ErrorDetails, ImagePermission, OperatingSystem, OperatingSystemType, UpdateResult,
        WorkspaceImageErrorDetailCode, WorkspaceImageRequiredTenancy, WorkspaceImageState,
    };
    use aws_smithy_types::DateTime;

    #[test]
    fn full_image_converts_every_field() {
        let sdk_image = sdk::WorkspaceImage::builder()
            .image_id("wsi-abc123def")
            .name("win11-golden")
            .description("Golden Windows 11")
            .state(WorkspaceImageState::Available)
            .operating_system(
                OperatingSystem::builder()
                    .r#type(OperatingSystemType::Windows)
                    .build(),
            )
            .required_tenancy(WorkspaceImageRequiredTenancy::Dedicated)
            .owner_account_id("123456789012")
            .created(DateTime::from_secs(1_700_000_000))
            .error_code("")
            .error_details(
                ErrorDetails::builder()
                    .error_code(WorkspaceImageErrorDetailCode::AntiVirusInstalled)
                    .error_message("remove the antivirus")
                    .build(),
            )
            .updates(
                UpdateResult::builder()
                    .update_available(true)
                    .description("New drivers")
                    .build(),
            )
            .build();
        let img = image_from_sdk(&sdk_image, "eu-west-1");
        assert_eq!(img.id, "wsi-abc123def");
        assert_eq!(img.region, "eu-west-1");
        assert_eq!(img.name, "win11-golden");
        assert_eq!(img.description, "Golden Windows 11");
        assert_eq!(img.state, "AVAILABLE");
        assert_eq!(img.state_class(), crate::domain::StateClass::Healthy);
        assert_eq!(img.os_type, "WINDOWS");
        assert_eq!(img.required_tenancy, "DEDICATED");
        assert_eq!(img.owner_account_id, "123456789012");
        assert_eq!(img.created, Some(1_700_000_000));
        assert_eq!(
            img.error_details,
            vec![ImageErrorDetail {
                code: "AntiVirusInstalled".into(),
                message: "remove the antivirus".into(),
            }]
        );
        assert!(img.update_available);
        assert_eq!(img.update_description, "New drivers");
        assert!(img.shared_with.is_empty());
    }

    #[test]
    fn empty_image_converts_to_defaults() {
        let img = image_from_sdk(&sdk::WorkspaceImage::builder().build(), "us-east-1");
        assert_eq!(
            img,
            WorkspaceImage {
                region: "us-east-1".into(),
                ..Default::default()
            }
        );
        // No state at all reads as something to look at, not as healthy.
        assert_eq!(img.state_class(), crate::domain::StateClass::Bad);
    }

    #[test]
    fn unknown_image_enums_keep_their_api_string() {
        let sdk_image = sdk::WorkspaceImage::builder()
            .state(WorkspaceImageState::from("DEPRECATED"))
            .required_tenancy(WorkspaceImageRequiredTenancy::from("SOVEREIGN"))
            .operating_system(
                OperatingSystem::builder()
                    .r#type(OperatingSystemType::from("BEOS"))
                    .build(),
            )
            .updates(UpdateResult::builder().build())
            .build();
        let img = image_from_sdk(&sdk_image, "r");
        assert_eq!(img.state, "DEPRECATED");
        assert_eq!(img.required_tenancy, "SOVEREIGN");
        assert_eq!(img.os_type, "BEOS");
        assert!(!img.update_available);
        assert_eq!(img.update_description, "");
    }

    #[test]
    fn permissions_become_account_ids_and_blank_entries_are_dropped() {
        let perms = [
            ImagePermission::builder()
                .shared_account_id("111111111111")
                .build(),
            ImagePermission::builder().build(),
            ImagePermission::builder()
                .shared_account_id("222222222222")
                .build(),
        ];
        assert_eq!(
            shared_account_ids_from_sdk(&perms),
            ["111111111111", "222222222222"]
        );
    }
}
