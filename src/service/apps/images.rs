//! DescribeImages and DescribeImagePermissions, one page per call, converted to domain types.

use super::AppsService;
use crate::domain::{AppImage, ServiceError};
use crate::service::read::read_through;
use crate::service::{Page, Swept};
use aws_sdk_appstream::types as sdk;

/// DescribeImages allows at most 25 per page (MaxResults: 0–25).
pub const IMAGES_PAGE: i32 = 25;
/// DescribeImagePermissions allows at most 500 per page (MaxResults: 0–500).
pub const PERMISSIONS_PAGE: i32 = 500;

impl AppsService {
    /// One page of DescribeImages over every image the account sees in the Region (its
    /// own, those shared with it, and AWS's public base images).
    pub async fn describe_app_images_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<AppImage>, ServiceError> {
        let out = read_through(&self.budget, self.read_retry, || {
            self.client
                .describe_images()
                .max_results(IMAGES_PAGE)
                .set_next_token(next_token.clone())
                .send()
        })
        .await?;
        Ok(Page {
            items: out
                .images()
                .iter()
                .map(|i| app_image_from_sdk(i, &self.region))
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    /// One page of the accounts an image is shared with (DescribeImagePermissions).
    pub async fn describe_app_image_permissions_page(
        &self,
        image: &str,
        next_token: Option<String>,
    ) -> Result<Page<String>, ServiceError> {
        let name = super::name_of(image);
        let out = read_through(&self.budget, self.read_retry, || {
            self.client
                .describe_image_permissions()
                .name(name)
                .max_results(PERMISSIONS_PAGE)
                .set_next_token(next_token.clone())
                .send()
        })
        .await?;
        Ok(Page {
            items: out
                .shared_image_permissions_list()
                .iter()
                .filter_map(|p| p.shared_account_id().map(str::to_string))
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }
}

/// The app images pane's sweep: DescribeImages.
impl Swept for AppImage {
    type Client = AppsService;

    async fn page(
        c: &AppsService,
        token: Option<String>,
        _later: bool,
    ) -> Result<Page<Self>, ServiceError> {
        c.describe_app_images_page(token).await
    }
}

fn text(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

pub(super) fn app_image_from_sdk(i: &sdk::Image, region: &str) -> AppImage {
    let reason = i.state_change_reason().map(|r| {
        let code = r.code().map(|c| c.as_str().to_string()).unwrap_or_default();
        match r.message() {
            Some(m) if !code.is_empty() => format!("{code}: {m}"),
            Some(m) => m.to_string(),
            None => code,
        }
    });
    AppImage {
        name: text(i.name()),
        region: region.to_string(),
        arn: text(i.arn()),
        base_image_arn: text(i.base_image_arn()),
        display_name: text(i.display_name()),
        description: text(i.description()),
        state: i
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        visibility: i
            .visibility()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
        platform: i
            .platform()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        created: i.created_time().map(|t| t.secs()),
        base_image_released: i.public_base_image_released_date().map(|t| t.secs()),
        agent_version: text(i.appstream_agent_version()),
        allow_fleet: i.image_permissions().and_then(|p| p.allow_fleet()),
        agent_latest: i
            .latest_appstream_agent_version()
            .map(|v| v.as_str() == "TRUE"),
        state_reason: reason.unwrap_or_default(),
        applications: i
            .applications()
            .iter()
            .map(|a| text(a.display_name().or(a.name())))
            .collect(),
        errors: i
            .image_errors()
            .iter()
            .map(|e| {
                let code = e.error_code().map(|c| c.as_str()).unwrap_or("Error");
                format!("{code}: {}", e.error_message().unwrap_or_default())
            })
            .collect(),
    }
}
