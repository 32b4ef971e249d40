//! DescribeWorkspacesPools and DescribeWorkspacesPoolSessions, one page per call, converted to
//! domain types.

use super::{Page, Swept, WorkspacesService};
use crate::domain::{PoolCapacity, PoolError, PoolSession, ServiceError, WorkspacesPool};
use aws_sdk_workspaces::types as sdk;

/// DescribeWorkspacesPools allows at most 25 per page (Limit: 1–25).
pub const POOLS_PAGE: i32 = 25;
/// DescribeWorkspacesPoolSessions allows at most 50 per page (Limit: 1–50, default 20).
pub const POOL_SESSIONS_PAGE: i32 = 50;

impl WorkspacesService {
    /// One page of DescribeWorkspacesPools over every pool in the region.
    pub async fn describe_pools_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<WorkspacesPool>, ServiceError> {
        let out = self
            .read(|| {
                self.client
                    .describe_workspaces_pools()
                    .limit(POOLS_PAGE)
                    .set_next_token(next_token.clone())
                    .send()
            })
            .await?;
        Ok(Page {
            items: out
                .workspaces_pools()
                .iter()
                .map(|p| pool_from_sdk(p, &self.region))
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    /// One page of the streaming sessions of one pool (DescribeWorkspacesPoolSessions).
    pub async fn describe_pool_sessions_page(
        &self,
        pool_id: &str,
        next_token: Option<String>,
    ) -> Result<Page<PoolSession>, ServiceError> {
        let out = self
            .read(|| {
                self.client
                    .describe_workspaces_pool_sessions()
                    .pool_id(pool_id)
                    .limit(POOL_SESSIONS_PAGE)
                    .set_next_token(next_token.clone())
                    .send()
            })
            .await?;
        Ok(Page {
            items: out
                .sessions()
                .iter()
                .map(|s| pool_session_from_sdk(s, &self.region))
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }
}

/// The pools pane's sweep: DescribeWorkspacesPools.
impl Swept for WorkspacesPool {
    type Client = WorkspacesService;

    async fn page(
        c: &WorkspacesService,
        token: Option<String>,
        _later: bool,
    ) -> Result<Page<Self>, ServiceError> {
        c.describe_pools_page(token).await
    }
}

pub(crate) fn pool_from_sdk(p: &sdk::WorkspacesPool, region: &str) -> WorkspacesPool {
    let timeouts = p.timeout_settings();
    let app = p.application_settings();
    WorkspacesPool {
        id: p.pool_id().to_string(),
        region: region.to_string(),
        arn: p.pool_arn().to_string(),
        name: p.pool_name().to_string(),
        description: p.description().unwrap_or_default().to_string(),
        state: p.state().as_str().to_string(),
        capacity: p.capacity_status().map(|c| PoolCapacity {
            desired: c.desired_user_sessions(),
            actual: c.actual_user_sessions(),
            available: c.available_user_sessions(),
            active: c.active_user_sessions(),
        }),
        bundle_id: p.bundle_id().to_string(),
        directory_id: p.directory_id().to_string(),
        running_mode: p.running_mode().as_str().to_string(),
        errors: p
            .errors()
            .iter()
            .map(|e| PoolError {
                code: e
                    .error_code()
                    .map(|c| c.as_str())
                    .unwrap_or_default()
                    .to_string(),
                message: e.error_message().unwrap_or_default().to_string(),
            })
            .collect(),
        // CreatedAt is required, so when the response lacks it the SDK fills in the epoch;
        // no pool was created in 1970, so that reads as "not sent".
        created: Some(p.created_at().secs()).filter(|&t| t != 0),
        disconnect_timeout_secs: timeouts.and_then(|t| t.disconnect_timeout_in_seconds()),
        idle_disconnect_timeout_secs: timeouts.and_then(|t| t.idle_disconnect_timeout_in_seconds()),
        max_user_duration_secs: timeouts.and_then(|t| t.max_user_duration_in_seconds()),
        app_settings_status: app
            .map(|a| a.status().as_str())
            .unwrap_or_default()
            .to_string(),
        app_settings_group: app
            .and_then(|a| a.settings_group())
            .unwrap_or_default()
            .to_string(),
        app_settings_s3_bucket: app
            .and_then(|a| a.s3_bucket_name())
            .unwrap_or_default()
            .to_string(),
    }
}

pub(crate) fn pool_session_from_sdk(s: &sdk::WorkspacesPoolSession, region: &str) -> PoolSession {
    let net = s.network_access_configuration();
    PoolSession {
        id: s.session_id().to_string(),
        region: region.to_string(),
        pool_id: s.pool_id().to_string(),
        user_id: s.user_id().to_string(),
        instance_id: s.instance_id().unwrap_or_default().to_string(),
        connection_state: s
            .connection_state()
            .map(|c| c.as_str())
            .unwrap_or_default()
            .to_string(),
        authentication_type: s
            .authentication_type()
            .map(|a| a.as_str())
            .unwrap_or_default()
            .to_string(),
        start_time: s.start_time().map(|t| t.secs()),
        expiration_time: s.expiration_time().map(|t| t.secs()),
        eni_id: net.and_then(|n| n.eni_id()).unwrap_or_default().to_string(),
        private_ip: net
            .and_then(|n| n.eni_private_ip_address())
            .unwrap_or_default()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StateClass;
    use aws_sdk_workspaces::types::{
        ApplicationSettingsResponse, ApplicationSettingsStatusEnum, AuthenticationType,
        CapacityStatus, NetworkAccessConfiguration, PoolsRunningMode, SessionConnectionState,
        TimeoutSettings, WorkspacesPoolError, WorkspacesPoolErrorCode, WorkspacesPoolState,
    };
    use aws_smithy_types::DateTime;

    /// A pool builder with only the members the SDK insists on.
    fn minimal_pool(
        state: WorkspacesPoolState,
        created: i64,
    ) -> aws_sdk_workspaces::types::builders::WorkspacesPoolBuilder {
        sdk::WorkspacesPool::builder()
            .pool_id("wspool-abc123def")
            .pool_arn("arn:aws:workspaces:eu-west-1:123456789012:workspacespool/wspool-abc123def")
            .pool_name("call-centre")
            .state(state)
            .created_at(DateTime::from_secs(created))
            .bundle_id("wsb-12345678")
            .directory_id("wsd-12345678")
    }

    #[test]
    fn full_pool_converts_every_field() {
        let sdk_pool = sdk::WorkspacesPool::builder()
            .pool_id("wspool-abc123def")
            .pool_arn("arn:aws:workspaces:eu-west-1:123456789012:workspacespool/wspool-abc123def")
            .pool_name("call-centre")
            .description("Night shift")
            .state(WorkspacesPoolState::Running)
            .created_at(DateTime::from_secs(1_700_000_000))
            .bundle_id("wsb-12345678")
            .directory_id("wsd-12345678")
            .running_mode(PoolsRunningMode::AlwaysOn)
            .capacity_status(
                CapacityStatus::builder()
                    .desired_user_sessions(10)
                    .actual_user_sessions(8)
                    .available_user_sessions(3)
                    .active_user_sessions(5)
                    .build()
                    .unwrap(),
            )
            .errors(
                WorkspacesPoolError::builder()
                    .error_code(WorkspacesPoolErrorCode::SubnetHasInsufficientIpAddresses)
                    .error_message("subnet full")
                    .build(),
            )
            .timeout_settings(
                TimeoutSettings::builder()
                    .disconnect_timeout_in_seconds(900)
                    .idle_disconnect_timeout_in_seconds(600)
                    .max_user_duration_in_seconds(36_000)
                    .build(),
            )
            .application_settings(
                ApplicationSettingsResponse::builder()
                    .status(ApplicationSettingsStatusEnum::Enabled)
                    .settings_group("shift")
                    .s3_bucket_name("wspool-settings")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap();
        let p = pool_from_sdk(&sdk_pool, "eu-west-1");
        assert_eq!(p.id, "wspool-abc123def");
        assert_eq!(p.region, "eu-west-1");
        assert!(p.arn.ends_with("/wspool-abc123def"));
        assert_eq!(p.name, "call-centre");
        assert_eq!(p.description, "Night shift");
        assert_eq!(p.state, "RUNNING");
        assert_eq!(p.state_class(), StateClass::Healthy);
        assert_eq!(
            p.capacity,
            Some(PoolCapacity {
                desired: 10,
                actual: 8,
                available: 3,
                active: 5
            })
        );
        assert_eq!(p.bundle_id, "wsb-12345678");
        assert_eq!(p.directory_id, "wsd-12345678");
        assert_eq!(p.running_mode, "ALWAYS_ON");
        assert_eq!(
            p.errors,
            vec![PoolError {
                code: "SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES".into(),
                message: "subnet full".into(),
            }]
        );
        assert_eq!(p.created, Some(1_700_000_000));
        assert_eq!(p.disconnect_timeout_secs, Some(900));
        assert_eq!(p.idle_disconnect_timeout_secs, Some(600));
        assert_eq!(p.max_user_duration_secs, Some(36_000));
        assert_eq!(p.app_settings_status, "ENABLED");
        assert_eq!(p.app_settings_group, "shift");
        assert_eq!(p.app_settings_s3_bucket, "wspool-settings");
    }

    #[test]
    fn minimal_pool_leaves_optional_fields_empty() {
        let sdk_pool = minimal_pool(WorkspacesPoolState::Stopped, 0)
            .build()
            .unwrap();
        let p = pool_from_sdk(&sdk_pool, "r");
        assert_eq!(p.state_class(), StateClass::Stopped);
        assert_eq!(p.capacity, None, "no CapacityStatus is not zero sessions");
        assert_eq!(p.description, "");
        assert!(p.errors.is_empty());
        assert_eq!(p.created, None, "the SDK's epoch stand-in is not a time");
        assert_eq!(p.disconnect_timeout_secs, None);
        assert_eq!(p.app_settings_status, "");
        // The SDK defaults a missing RunningMode to AUTO_STOP.
        assert_eq!(p.running_mode, "AUTO_STOP");
    }

    #[test]
    fn unknown_pool_enums_keep_their_api_string() {
        let sdk_pool = minimal_pool(WorkspacesPoolState::from("HIBERNATING"), 5)
            .running_mode(PoolsRunningMode::from("SOMETIMES_ON"))
            .errors(
                WorkspacesPoolError::builder()
                    .error_code(WorkspacesPoolErrorCode::from("NEW_FAILURE"))
                    .build(),
            )
            .build()
            .unwrap();
        let p = pool_from_sdk(&sdk_pool, "r");
        assert_eq!(p.state, "HIBERNATING");
        assert_eq!(p.state_class(), StateClass::Bad);
        assert_eq!(p.running_mode, "SOMETIMES_ON");
        assert_eq!(p.errors[0].code, "NEW_FAILURE");
        assert_eq!(p.errors[0].message, "");
        assert_eq!(p.created, Some(5));
    }

    #[test]
    fn full_session_converts_every_field() {
        let sdk_session = sdk::WorkspacesPoolSession::builder()
            .session_id("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
            .pool_id("wspool-abc123def")
            .user_id("alice")
            .instance_id("i-0123456789abcdef0")
            .connection_state(SessionConnectionState::Connected)
            .authentication_type(AuthenticationType::Saml)
            .start_time(DateTime::from_secs(1_700_000_000))
            .expiration_time(DateTime::from_secs(1_700_036_000))
            .network_access_configuration(
                NetworkAccessConfiguration::builder()
                    .eni_id("eni-0abc")
                    .eni_private_ip_address("10.0.1.17")
                    .build(),
            )
            .build()
            .unwrap();
        let s = pool_session_from_sdk(&sdk_session, "eu-west-1");
        assert_eq!(
            s,
            PoolSession {
                id: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0".into(),
                region: "eu-west-1".into(),
                pool_id: "wspool-abc123def".into(),
                user_id: "alice".into(),
                instance_id: "i-0123456789abcdef0".into(),
                connection_state: "CONNECTED".into(),
                authentication_type: "SAML".into(),
                start_time: Some(1_700_000_000),
                expiration_time: Some(1_700_036_000),
                eni_id: "eni-0abc".into(),
                private_ip: "10.0.1.17".into(),
            }
        );
        assert_eq!(s.state_class(), StateClass::Healthy);
    }

    #[test]
    fn minimal_and_unknown_sessions_convert() {
        let sdk_session = sdk::WorkspacesPoolSession::builder()
            .session_id("s")
            .pool_id("wspool-abc123def")
            .user_id("bob")
            .connection_state(SessionConnectionState::from("RECONNECTING"))
            .authentication_type(AuthenticationType::from("API"))
            .build()
            .unwrap();
        let s = pool_session_from_sdk(&sdk_session, "r");
        assert_eq!(s.connection_state, "RECONNECTING");
        assert_eq!(s.authentication_type, "API");
        assert_eq!(s.instance_id, "");
        assert_eq!(s.start_time, None);
        assert_eq!(s.expiration_time, None);
        assert_eq!(s.private_ip, "");
    }
}
