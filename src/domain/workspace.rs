use std::fmt;

/// The WorkSpace states the API reference lists (Workspace.State), plus `Other` for states a
/// newer service version may add: an unknown state must still display, never fail to parse.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum WorkspaceState {
    #[default]
    Pending,
    Available,
    Impaired,
    Unhealthy,
    Rebooting,
    Starting,
    Rebuilding,
    Restoring,
    Maintenance,
    AdminMaintenance,
    Terminating,
    Terminated,
    Suspended,
    Updating,
    Stopping,
    Stopped,
    Error,
    Other(String),
}

/// How a state reads to an administrator; drives colour and the header counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateClass {
    Healthy,
    Transitional,
    Stopped,
    Bad,
}

impl WorkspaceState {
    pub fn parse(s: &str) -> Self {
        use WorkspaceState::*;
        match s {
            "PENDING" => Pending,
            "AVAILABLE" => Available,
            "IMPAIRED" => Impaired,
            "UNHEALTHY" => Unhealthy,
            "REBOOTING" => Rebooting,
            "STARTING" => Starting,
            "REBUILDING" => Rebuilding,
            "RESTORING" => Restoring,
            "MAINTENANCE" => Maintenance,
            "ADMIN_MAINTENANCE" => AdminMaintenance,
            "TERMINATING" => Terminating,
            "TERMINATED" => Terminated,
            "SUSPENDED" => Suspended,
            "UPDATING" => Updating,
            "STOPPING" => Stopping,
            "STOPPED" => Stopped,
            "ERROR" => Error,
            other => Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        use WorkspaceState::*;
        match self {
            Pending => "PENDING",
            Available => "AVAILABLE",
            Impaired => "IMPAIRED",
            Unhealthy => "UNHEALTHY",
            Rebooting => "REBOOTING",
            Starting => "STARTING",
            Rebuilding => "REBUILDING",
            Restoring => "RESTORING",
            Maintenance => "MAINTENANCE",
            AdminMaintenance => "ADMIN_MAINTENANCE",
            Terminating => "TERMINATING",
            Terminated => "TERMINATED",
            Suspended => "SUSPENDED",
            Updating => "UPDATING",
            Stopping => "STOPPING",
            Stopped => "STOPPED",
            Error => "ERROR",
            Other(s) => s,
        }
    }

    pub fn class(&self) -> StateClass {
        use WorkspaceState::*;
        match self {
            Available => StateClass::Healthy,
            Pending | Rebooting | Starting | Rebuilding | Restoring | Maintenance
            | AdminMaintenance | Terminating | Updating | Stopping => StateClass::Transitional,
            Stopped | Suspended | Terminated => StateClass::Stopped,
            Impaired | Unhealthy | Error | Other(_) => StateClass::Bad,
        }
    }

    /// States a WorkSpace only passes through; worth re-reading soon.
    pub fn is_transitional(&self) -> bool {
        use WorkspaceState::*;
        matches!(
            self,
            Pending
                | Rebooting
                | Starting
                | Rebuilding
                | Restoring
                | Terminating
                | Updating
                | Stopping
        )
    }
}

impl fmt::Display for WorkspaceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One WorkSpace as the app shows it (DescribeWorkspaces → Workspace).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Workspace {
    pub id: String,
    pub region: String,
    pub user_name: String,
    pub computer_name: String,
    pub state: WorkspaceState,
    pub directory_id: String,
    pub bundle_id: String,
    pub compute_type: String,
    pub running_mode: String,
    pub ip_address: String,
    pub root_volume_gib: Option<i32>,
    pub user_volume_gib: Option<i32>,
    pub error_code: String,
    pub error_message: String,
    /// WorkspaceProperties.RunningModeAutoStopTimeoutInMinutes (AUTO_STOP only).
    #[serde(default)]
    pub auto_stop_minutes: Option<i32>,
    /// WorkspaceProperties.Protocols: PCOIP, WSP.
    #[serde(default)]
    pub protocols: Vec<String>,
    /// ModificationStates: (Resource, State) of each change in progress, such as
    /// ("COMPUTE_TYPE", "UPDATE_IN_PROGRESS"); empty once it settles.
    #[serde(default)]
    pub modification_states: Vec<(String, String)>,
    /// WorkspaceProperties.OperatingSystemName (WINDOWS_10, AMAZON_LINUX_2…), for the
    /// doctor's rule on systems past their support; empty when not said.
    #[serde(default)]
    pub operating_system: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_keeps_unknown_states() {
        for s in [
            "AVAILABLE",
            "ADMIN_MAINTENANCE",
            "STOPPED",
            "ERROR",
            "HIBERNATED",
        ] {
            assert_eq!(WorkspaceState::parse(s).as_str(), s);
        }
        assert_eq!(WorkspaceState::parse("HIBERNATED").class(), StateClass::Bad);
    }

    #[test]
    fn classes_match_what_an_admin_expects() {
        assert_eq!(WorkspaceState::Available.class(), StateClass::Healthy);
        assert_eq!(WorkspaceState::Rebooting.class(), StateClass::Transitional);
        assert_eq!(WorkspaceState::Stopped.class(), StateClass::Stopped);
        assert_eq!(WorkspaceState::Unhealthy.class(), StateClass::Bad);
        assert!(WorkspaceState::Rebooting.is_transitional());
        assert!(!WorkspaceState::AdminMaintenance.is_transitional());
    }
}
