use super::StateClass;

/// One WorkSpaces Pool (DescribeWorkspacesPools → WorkspacesPool). Enum fields keep the API
/// string; timestamps are epoch seconds.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkspacesPool {
    /// PoolId (wspool-…).
    pub id: String,
    pub region: String,
    pub arn: String,
    pub name: String,
    pub description: String,
    /// CREATING | DELETING | RUNNING | STARTING | STOPPED | STOPPING | UPDATING.
    pub state: String,
    /// `None` when the service sent no CapacityStatus (the reference marks it required, but a
    /// missing block must not read as a pool with zero sessions).
    pub capacity: Option<PoolCapacity>,
    pub bundle_id: String,
    pub directory_id: String,
    /// AUTO_STOP | ALWAYS_ON.
    pub running_mode: String,
    pub errors: Vec<PoolError>,
    pub created: Option<i64>,
    /// TimeoutSettings, in seconds as the API gives them.
    pub disconnect_timeout_secs: Option<i32>,
    pub idle_disconnect_timeout_secs: Option<i32>,
    pub max_user_duration_secs: Option<i32>,
    /// ApplicationSettings (persistent application settings): ENABLED | DISABLED, or empty.
    pub app_settings_status: String,
    pub app_settings_group: String,
    pub app_settings_s3_bucket: String,
}

/// CapacityStatus: session counts of a pool. actual = available + active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct PoolCapacity {
    pub desired: i32,
    pub actual: i32,
    pub available: i32,
    pub active: i32,
}

/// One WorkspacesPoolError.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct PoolError {
    pub code: String,
    pub message: String,
}

impl WorkspacesPool {
    pub fn state_class(&self) -> StateClass {
        match self.state.as_str() {
            "RUNNING" => StateClass::Healthy,
            "CREATING" | "DELETING" | "STARTING" | "STOPPING" | "UPDATING" => {
                StateClass::Transitional
            }
            "STOPPED" => StateClass::Stopped,
            _ => StateClass::Bad,
        }
    }
}

/// One streaming session of a pool (DescribeWorkspacesPoolSessions → WorkspacesPoolSession).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PoolSession {
    /// SessionId (a UUID).
    pub id: String,
    pub region: String,
    pub pool_id: String,
    pub user_id: String,
    pub instance_id: String,
    /// CONNECTED | NOT_CONNECTED.
    pub connection_state: String,
    /// SAML (the only value the reference lists).
    pub authentication_type: String,
    pub start_time: Option<i64>,
    pub expiration_time: Option<i64>,
    /// NetworkAccessConfiguration of the instance hosting the session.
    pub eni_id: String,
    pub private_ip: String,
}

impl PoolSession {
    pub fn state_class(&self) -> StateClass {
        match self.connection_state.as_str() {
            "CONNECTED" => StateClass::Healthy,
            // A session kept alive for reconnection: not in use, not broken.
            "NOT_CONNECTED" => StateClass::Stopped,
            _ => StateClass::Bad,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_states_classify_by_meaning() {
        let pool = |s: &str| WorkspacesPool {
            state: s.to_string(),
            ..Default::default()
        };
        assert_eq!(pool("RUNNING").state_class(), StateClass::Healthy);
        assert_eq!(pool("UPDATING").state_class(), StateClass::Transitional);
        assert_eq!(pool("STOPPED").state_class(), StateClass::Stopped);
        assert_eq!(pool("EXPLODED").state_class(), StateClass::Bad);
    }

    #[test]
    fn session_connection_states_classify_by_meaning() {
        let s = |c: &str| PoolSession {
            connection_state: c.to_string(),
            ..Default::default()
        };
        assert_eq!(s("CONNECTED").state_class(), StateClass::Healthy);
        assert_eq!(s("NOT_CONNECTED").state_class(), StateClass::Stopped);
        assert_eq!(s("").state_class(), StateClass::Bad);
    }
}
