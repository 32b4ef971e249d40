use super::StateClass;

/// One directory registered with WorkSpaces (DescribeWorkspaceDirectories →
/// WorkspaceDirectory). Enum fields keep the API string.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkspaceDirectory {
    /// DirectoryId (d-… for AD directories, wsd-… for WorkSpaces-managed ones).
    pub id: String,
    pub region: String,
    pub alias: String,
    /// DirectoryName, or WorkspaceDirectoryName for directories that only have that one
    /// (pools and IAM Identity Center directories), so every row has a name to show.
    pub name: String,
    /// WorkspaceDirectoryDescription.
    pub description: String,
    /// SIMPLE_AD | AD_CONNECTOR | CUSTOMER_MANAGED | AWS_IAM_IDENTITY_CENTER.
    pub directory_type: String,
    /// PERSONAL | POOLS.
    pub workspace_type: String,
    /// REGISTERING | REGISTERED | DEREGISTERING | DEREGISTERED | ERROR.
    pub state: String,
    /// What users type into the WorkSpaces client.
    pub registration_code: String,
    /// DEDICATED | SHARED.
    pub tenancy: String,
    /// WorkspaceCreationProperties.DefaultOu: where new WorkSpaces' machine accounts go.
    pub default_ou: String,
    /// WorkspaceCreationProperties.CustomSecurityGroupId: added to new WorkSpaces.
    pub custom_security_group_id: String,
    /// WorkspaceSecurityGroupId: the group WorkSpaces itself assigns to new WorkSpaces.
    pub workspace_security_group_id: String,
    pub enable_internet_access: Option<bool>,
    pub enable_maintenance_mode: Option<bool>,
    pub user_enabled_as_local_administrator: Option<bool>,
    pub subnet_ids: Vec<String>,
    pub dns_ip_addresses: Vec<String>,
    pub ip_group_ids: Vec<String>,
    pub iam_role_id: String,
    pub customer_user_name: String,
    pub error_message: String,
    /// WorkSpaces in this directory. The service leaves it `None`: the app counts them from
    /// the WorkSpaces table it already has, rather than spend calls on it.
    pub workspace_count: Option<usize>,
}

impl WorkspaceDirectory {
    pub fn state_class(&self) -> StateClass {
        match self.state.as_str() {
            "REGISTERED" => StateClass::Healthy,
            "REGISTERING" | "DEREGISTERING" => StateClass::Transitional,
            "DEREGISTERED" => StateClass::Stopped,
            _ => StateClass::Bad,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_states_classify_by_meaning() {
        let d = |s: &str| WorkspaceDirectory {
            state: s.to_string(),
            ..Default::default()
        };
        assert_eq!(d("REGISTERED").state_class(), StateClass::Healthy);
        assert_eq!(d("DEREGISTERING").state_class(), StateClass::Transitional);
        assert_eq!(d("DEREGISTERED").state_class(), StateClass::Stopped);
        assert_eq!(d("ERROR").state_class(), StateClass::Bad);
    }
}
