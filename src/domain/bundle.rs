use super::StateClass;

/// The Owner value of the bundles Amazon publishes (DescribeWorkspaceBundles Owner=AMAZON).
pub const AMAZON_BUNDLE_OWNER: &str = "AMAZON";

/// One bundle (DescribeWorkspaceBundles → WorkspaceBundle). Enum fields keep the API string;
/// timestamps are epoch seconds.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkspaceBundle {
    pub id: String,
    pub region: String,
    pub name: String,
    pub description: String,
    /// ComputeType.Name: VALUE | STANDARD | PERFORMANCE | POWER | …
    pub compute_type: String,
    pub image_id: String,
    /// RootStorage.Capacity and UserStorage.Capacity: GiB, as the strings the API sends.
    pub root_storage_gib: String,
    pub user_storage_gib: String,
    /// An account ID, or AMAZON for a public bundle.
    pub owner: String,
    /// AVAILABLE | PENDING | ERROR.
    pub state: String,
    /// REGULAR | STANDBY.
    pub bundle_type: String,
    pub created: Option<i64>,
    pub last_updated: Option<i64>,
}

impl WorkspaceBundle {
    /// A bundle Amazon publishes, as opposed to one of the account's own.
    pub fn is_amazon(&self) -> bool {
        self.owner == AMAZON_BUNDLE_OWNER
    }

    pub fn state_class(&self) -> StateClass {
        match self.state.as_str() {
            "AVAILABLE" => StateClass::Healthy,
            "PENDING" => StateClass::Transitional,
            _ => StateClass::Bad,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_states_classify_and_amazon_bundles_are_recognised() {
        let b = |s: &str, owner: &str| WorkspaceBundle {
            state: s.to_string(),
            owner: owner.to_string(),
            ..Default::default()
        };
        assert_eq!(b("AVAILABLE", "").state_class(), StateClass::Healthy);
        assert_eq!(b("PENDING", "").state_class(), StateClass::Transitional);
        assert_eq!(b("ERROR", "").state_class(), StateClass::Bad);
        assert!(b("", "AMAZON").is_amazon());
        assert!(!b("", "123456789012").is_amazon());
    }
}
