//! DescribeWorkspaceDirectories, one page per call, converted to domain types.

use super::{Page, Swept, WorkspacesService};
use crate::domain::{ServiceError, WorkspaceDirectory};
use aws_sdk_workspaces::types as sdk;

/// DescribeWorkspaceDirectories allows at most 25 per page (Limit: 1–25).
pub const DIRECTORIES_PAGE: i32 = 25;

impl WorkspacesService {
    /// One page of DescribeWorkspaceDirectories over every registered directory.
    pub async fn describe_directories_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<WorkspaceDirectory>, ServiceError> {
        let out = self
            .read(|| {
                self.client
                    .describe_workspace_directories()
                    .limit(DIRECTORIES_PAGE)
                    .set_next_token(next_token.clone())
                    .send()
            })
            .await?;
        Ok(Page {
            items: out
                .directories()
                .iter()
                .map(|d| directory_from_sdk(d, &self.region))
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }
}

/// The directories pane's sweep: DescribeWorkspaceDirectories.
impl Swept for WorkspaceDirectory {
    type Client = WorkspacesService;

    async fn page(
        c: &WorkspacesService,
        token: Option<String>,
        _later: bool,
    ) -> Result<Page<Self>, ServiceError> {
        c.describe_directories_page(token).await
    }
}

pub(crate) fn directory_from_sdk(d: &sdk::WorkspaceDirectory, region: &str) -> WorkspaceDirectory {
    let creation = d.workspace_creation_properties();
    WorkspaceDirectory {
        id: d.directory_id().unwrap_or_default().to_string(),
        region: region.to_string(),
        alias: d.alias().unwrap_or_default().to_string(),
        name: d
            .directory_name()
            .or(d.workspace_directory_name())
            .unwrap_or_default()
            .to_string(),
        description: d
            .workspace_directory_description()
            .unwrap_or_default()
            .to_string(),
        directory_type: d
            .directory_type()
            .map(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        workspace_type: d
            .workspace_type()
            .map(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        state: d
            .state()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        registration_code: d.registration_code().unwrap_or_default().to_string(),
        tenancy: d
            .tenancy()
            .map(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        default_ou: creation
            .and_then(|c| c.default_ou())
            .unwrap_or_default()
            .to_string(),
        custom_security_group_id: creation
            .and_then(|c| c.custom_security_group_id())
            .unwrap_or_default()
            .to_string(),
        workspace_security_group_id: d
            .workspace_security_group_id()
            .unwrap_or_default()
            .to_string(),
        enable_internet_access: creation.and_then(|c| c.enable_internet_access()),
        enable_maintenance_mode: creation.and_then(|c| c.enable_maintenance_mode()),
        user_enabled_as_local_administrator: creation
            .and_then(|c| c.user_enabled_as_local_administrator()),
        subnet_ids: d.subnet_ids().to_vec(),
        dns_ip_addresses: d.dns_ip_addresses().to_vec(),
        ip_group_ids: d.ip_group_ids().to_vec(),
        iam_role_id: d.iam_role_id().unwrap_or_default().to_string(),
        customer_user_name: d.customer_user_name().unwrap_or_default().to_string(),
        error_message: d.error_message().unwrap_or_default().to_string(),
        workspace_count: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StateClass;
    use aws_sdk_workspaces::types::{
        DefaultWorkspaceCreationProperties, Tenancy, WorkspaceDirectoryState,
        WorkspaceDirectoryType, WorkspaceType,
    };

    #[test]
    fn full_directory_converts_every_field() {
        let sdk_dir = sdk::WorkspaceDirectory::builder()
            .directory_id("d-1234567890")
            .alias("corp")
            .directory_name("corp.example.com")
            .workspace_directory_description("Head office")
            .directory_type(WorkspaceDirectoryType::AdConnector)
            .workspace_type(WorkspaceType::Personal)
            .state(WorkspaceDirectoryState::Registered)
            .registration_code("SLiad+ABCDEF")
            .tenancy(Tenancy::Shared)
            .workspace_creation_properties(
                DefaultWorkspaceCreationProperties::builder()
                    .default_ou("OU=WorkSpaces,DC=corp,DC=example,DC=com")
                    .custom_security_group_id("sg-0123456789abcdef0")
                    .enable_internet_access(false)
                    .enable_maintenance_mode(true)
                    .user_enabled_as_local_administrator(false)
                    .build(),
            )
            .workspace_security_group_id("sg-11111111")
            .subnet_ids("subnet-aaaaaaaa")
            .subnet_ids("subnet-bbbbbbbb")
            .dns_ip_addresses("10.0.0.2")
            .dns_ip_addresses("10.0.1.2")
            .ip_group_ids("wsipg-12345678")
            .iam_role_id("arn:aws:iam::123456789012:role/workspaces_DefaultRole")
            .customer_user_name("svc-workspaces")
            .build();
        let d = directory_from_sdk(&sdk_dir, "eu-west-1");
        assert_eq!(d.id, "d-1234567890");
        assert_eq!(d.region, "eu-west-1");
        assert_eq!(d.alias, "corp");
        assert_eq!(d.name, "corp.example.com");
        assert_eq!(d.description, "Head office");
        assert_eq!(d.directory_type, "AD_CONNECTOR");
        assert_eq!(d.workspace_type, "PERSONAL");
        assert_eq!(d.state, "REGISTERED");
        assert_eq!(d.state_class(), StateClass::Healthy);
        assert_eq!(d.registration_code, "SLiad+ABCDEF");
        assert_eq!(d.tenancy, "SHARED");
        assert_eq!(d.default_ou, "OU=WorkSpaces,DC=corp,DC=example,DC=com");
        assert_eq!(d.custom_security_group_id, "sg-0123456789abcdef0");
        assert_eq!(d.workspace_security_group_id, "sg-11111111");
        assert_eq!(d.enable_internet_access, Some(false));
        assert_eq!(d.enable_maintenance_mode, Some(true));
        assert_eq!(d.user_enabled_as_local_administrator, Some(false));
        assert_eq!(d.subnet_ids, ["subnet-aaaaaaaa", "subnet-bbbbbbbb"]);
        assert_eq!(d.dns_ip_addresses, ["10.0.0.2", "10.0.1.2"]);
        assert_eq!(d.ip_group_ids, ["wsipg-12345678"]);
        assert!(d.iam_role_id.ends_with("workspaces_DefaultRole"));
        assert_eq!(d.customer_user_name, "svc-workspaces");
        assert_eq!(d.error_message, "");
        assert_eq!(d.workspace_count, None, "the app counts WorkSpaces itself");
    }

    #[test]
    fn empty_directory_converts_to_defaults() {
        let d = directory_from_sdk(&sdk::WorkspaceDirectory::builder().build(), "r");
        assert_eq!(
            d,
            WorkspaceDirectory {
                region: "r".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn pools_directory_falls_back_to_its_workspace_directory_name() {
        let sdk_dir = sdk::WorkspaceDirectory::builder()
            .directory_id("wsd-12345678")
            .workspace_directory_name("pool-users")
            .workspace_type(WorkspaceType::Pools)
            .build();
        assert_eq!(directory_from_sdk(&sdk_dir, "r").name, "pool-users");
    }

    #[test]
    fn unknown_directory_enums_keep_their_api_string() {
        let sdk_dir = sdk::WorkspaceDirectory::builder()
            .directory_type(WorkspaceDirectoryType::from("ENTRA_ONLY"))
            .workspace_type(WorkspaceType::from("HYBRID"))
            .state(WorkspaceDirectoryState::from("SUSPENDED"))
            .tenancy(Tenancy::from("SOVEREIGN"))
            .error_message("trust broken")
            .build();
        let d = directory_from_sdk(&sdk_dir, "r");
        assert_eq!(d.directory_type, "ENTRA_ONLY");
        assert_eq!(d.workspace_type, "HYBRID");
        assert_eq!(d.state, "SUSPENDED");
        assert_eq!(d.state_class(), StateClass::Bad);
        assert_eq!(d.tenancy, "SOVEREIGN");
        assert_eq!(d.error_message, "trust broken");
    }
}
