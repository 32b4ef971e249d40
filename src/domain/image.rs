use super::StateClass;

/// One custom image (DescribeWorkspaceImages → WorkspaceImage). Enum fields keep the API
/// string so a value a newer service adds still displays. Timestamps are epoch seconds.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkspaceImage {
    pub id: String,
    pub region: String,
    pub name: String,
    pub description: String,
    /// AVAILABLE | PENDING | ERROR.
    pub state: String,
    /// OperatingSystem.Type: WINDOWS | LINUX. The image carries no OS name (only WorkSpaces do).
    pub os_type: String,
    /// DEFAULT | DEDICATED (DEDICATED means a BYOL image).
    pub required_tenancy: String,
    pub owner_account_id: String,
    pub created: Option<i64>,
    pub error_code: String,
    pub error_message: String,
    /// ErrorDetails: causes and troubleshooting hints the service adds to a failed image.
    pub error_details: Vec<ImageErrorDetail>,
    /// Updates.UpdateAvailable: newer WorkSpaces drivers/components exist for this image.
    pub update_available: bool,
    pub update_description: String,
    /// Accounts the image is shared with. The describe call leaves this empty: it takes a
    /// DescribeWorkspaceImagePermissions call per image, so the app fetches it on demand.
    pub shared_with: Vec<String>,
}

/// One entry of WorkspaceImage.ErrorDetails.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ImageErrorDetail {
    pub code: String,
    pub message: String,
}

impl WorkspaceImage {
    /// Its platform as MigrateWorkspace sees it: operating system and tenancy ("WINDOWS
    /// DEFAULT", "WINDOWS DEDICATED" for BYOL). A tenancy not given is the default one
    /// (DescribeWorkspaceImages RequiredTenancy).
    pub fn platform(&self) -> String {
        let tenancy = match self.required_tenancy.as_str() {
            "" => "DEFAULT",
            t => t,
        };
        format!("{} {tenancy}", self.os_type)
    }

    pub fn state_class(&self) -> StateClass {
        match self.state.as_str() {
            "AVAILABLE" => StateClass::Healthy,
            "PENDING" => StateClass::Transitional,
            // ERROR, and any state we do not know: show it as needing a look.
            _ => StateClass::Bad,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_states_classify_by_meaning() {
        let img = |s: &str| WorkspaceImage {
            state: s.to_string(),
            ..Default::default()
        };
        assert_eq!(img("AVAILABLE").state_class(), StateClass::Healthy);
        assert_eq!(img("PENDING").state_class(), StateClass::Transitional);
        assert_eq!(img("ERROR").state_class(), StateClass::Bad);
        assert_eq!(img("DEPRECATED").state_class(), StateClass::Bad);
    }
}
