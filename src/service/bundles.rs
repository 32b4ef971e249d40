//! DescribeWorkspaceBundles, one page per call, converted to domain types.

use super::{Page, Swept, WorkspacesService};
use crate::domain::{ServiceError, WorkspaceBundle};
use aws_sdk_workspaces::types as sdk;

impl WorkspacesService {
    /// One page of DescribeWorkspaceBundles. The API splits bundles by owner: `None` lists the
    /// account's own bundles, `Some(crate::domain::AMAZON_BUNDLE_OWNER)` the public ones Amazon publishes, so a
    /// full bundle list is two paginations. The operation takes no page size.
    pub async fn describe_bundles_page(
        &self,
        owner: Option<&str>,
        next_token: Option<String>,
    ) -> Result<Page<WorkspaceBundle>, ServiceError> {
        let out = self
            .read(|| {
                self.client
                    .describe_workspace_bundles()
                    .set_owner(owner.map(str::to_string))
                    .set_next_token(next_token.clone())
                    .send()
            })
            .await?;
        Ok(Page {
            items: out
                .bundles()
                .iter()
                .map(|b| bundle_from_sdk(b, &self.region))
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }
}

/// The bundles pane's sweep: DescribeWorkspaceBundles of the account's own bundles.
impl Swept for WorkspaceBundle {
    type Client = WorkspacesService;

    async fn page(
        c: &WorkspacesService,
        token: Option<String>,
        _later: bool,
    ) -> Result<Page<Self>, ServiceError> {
        c.describe_bundles_page(None, token).await
    }
}

pub(crate) fn bundle_from_sdk(b: &sdk::WorkspaceBundle, region: &str) -> WorkspaceBundle {
    WorkspaceBundle {
        id: b.bundle_id().unwrap_or_default().to_string(),
        region: region.to_string(),
        name: b.name().unwrap_or_default().to_string(),
        description: b.description().unwrap_or_default().to_string(),
        compute_type: b
            .compute_type()
            .and_then(|c| c.name())
            .map(|n| n.as_str())
            .unwrap_or_default()
            .to_string(),
        image_id: b.image_id().unwrap_or_default().to_string(),
        root_storage_gib: b
            .root_storage()
            .map(|s| s.capacity())
            .unwrap_or_default()
            .to_string(),
        user_storage_gib: b
            .user_storage()
            .map(|s| s.capacity())
            .unwrap_or_default()
            .to_string(),
        owner: b.owner().unwrap_or_default().to_string(),
        state: b
            .state()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        bundle_type: b
            .bundle_type()
            .map(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        created: b.creation_time().map(|t| t.secs()),
        last_updated: b.last_updated_time().map(|t| t.secs()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StateClass;
    use aws_sdk_workspaces::types::{
        BundleType, Compute, ComputeType, RootStorage, UserStorage, WorkspaceBundleState,
    };
    use aws_smithy_types::DateTime;

    #[test]
    fn full_bundle_converts_every_field() {
        let sdk_bundle = sdk::WorkspaceBundle::builder()
            .bundle_id("wsb-abcd1234")
            .name("Standard with Windows 11")
            .description("2 vCPU, 8 GiB")
            .compute_type(ComputeType::builder().name(Compute::Standard).build())
            .image_id("wsi-abc123def")
            .root_storage(RootStorage::builder().capacity("80").build().unwrap())
            .user_storage(UserStorage::builder().capacity("50").build().unwrap())
            .owner("AMAZON")
            .state(WorkspaceBundleState::Available)
            .bundle_type(BundleType::Regular)
            .creation_time(DateTime::from_secs(1_600_000_000))
            .last_updated_time(DateTime::from_secs(1_700_000_000))
            .build();
        let b = bundle_from_sdk(&sdk_bundle, "eu-west-1");
        assert_eq!(
            b,
            WorkspaceBundle {
                id: "wsb-abcd1234".into(),
                region: "eu-west-1".into(),
                name: "Standard with Windows 11".into(),
                description: "2 vCPU, 8 GiB".into(),
                compute_type: "STANDARD".into(),
                image_id: "wsi-abc123def".into(),
                root_storage_gib: "80".into(),
                user_storage_gib: "50".into(),
                owner: "AMAZON".into(),
                state: "AVAILABLE".into(),
                bundle_type: "REGULAR".into(),
                created: Some(1_600_000_000),
                last_updated: Some(1_700_000_000),
            }
        );
        assert!(b.is_amazon());
        assert_eq!(b.state_class(), StateClass::Healthy);
    }

    #[test]
    fn empty_bundle_converts_to_defaults() {
        let b = bundle_from_sdk(&sdk::WorkspaceBundle::builder().build(), "r");
        assert_eq!(
            b,
            WorkspaceBundle {
                region: "r".into(),
                ..Default::default()
            }
        );
        // A ComputeType block without a name is no compute type either.
        let sdk_bundle = sdk::WorkspaceBundle::builder()
            .compute_type(ComputeType::builder().build())
            .build();
        assert_eq!(bundle_from_sdk(&sdk_bundle, "r").compute_type, "");
    }

    #[test]
    fn unknown_bundle_enums_keep_their_api_string() {
        let sdk_bundle = sdk::WorkspaceBundle::builder()
            .compute_type(
                ComputeType::builder()
                    .name(Compute::from("QUANTUM_XL"))
                    .build(),
            )
            .state(WorkspaceBundleState::from("RETIRED"))
            .bundle_type(BundleType::from("SPOT"))
            .build();
        let b = bundle_from_sdk(&sdk_bundle, "r");
        assert_eq!(b.compute_type, "QUANTUM_XL");
        assert_eq!(b.state, "RETIRED");
        assert_eq!(b.state_class(), StateClass::Bad);
        assert_eq!(b.bundle_type, "SPOT");
    }
}
