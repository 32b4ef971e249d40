//! WorkSpaces Applications (formerly AppStream 2.0) resources: images, fleets and their
//! streaming sessions, converted from aws-sdk-appstream types by the service layer. Enum
//! fields keep the API's strings; timestamps are epoch seconds.

use super::StateClass;

/// One image (DescribeImages → Image). Its name is its identity in every API call.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct AppImage {
    pub name: String,
    pub region: String,
    pub arn: String,
    pub base_image_arn: String,
    pub display_name: String,
    pub description: String,
    /// PENDING | AVAILABLE | FAILED | COPYING | DELETING | CREATING | IMPORTING.
    pub state: String,
    /// PUBLIC (AWS base images) | PRIVATE | SHARED.
    pub visibility: String,
    /// WINDOWS | WINDOWS_SERVER_2016 | … | AMAZON_LINUX2 | RHEL8 | ROCKY_LINUX8.
    pub platform: String,
    pub created: Option<i64>,
    pub base_image_released: Option<i64>,
    pub agent_version: String,
    /// LatestAppstreamAgentVersion: Some(true) when the image runs the latest agent.
    pub agent_latest: Option<bool>,
    /// StateChangeReason, "Code: Message".
    pub state_reason: String,
    /// Applications' display names (or names).
    pub applications: Vec<String>,
    /// ImageErrors, "ErrorCode: ErrorMessage".
    pub errors: Vec<String>,
    /// ImagePermissions.allowFleet of an image another account shares with this one: whether
    /// its fleets may run it.
    #[serde(default)]
    pub allow_fleet: Option<bool>,
}

impl AppImage {
    pub fn state_class(&self) -> StateClass {
        match self.state.as_str() {
            "AVAILABLE" => StateClass::Healthy,
            "PENDING" | "COPYING" | "DELETING" | "CREATING" | "IMPORTING" => {
                StateClass::Transitional
            }
            _ => StateClass::Bad,
        }
    }

    /// An AWS base image (hidden unless a filter asks for it).
    pub fn is_public(&self) -> bool {
        self.visibility == "PUBLIC"
    }
}

/// What a dry run of CreateUpdatedImage said about an image (`canUpdateImage`), and when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum UpdateCheck {
    /// The dry run answered canUpdateImage = true.
    Available { at: i64 },
    /// The dry run answered canUpdateImage = false.
    Current { at: i64 },
    /// The dry run was refused (e.g. AccessDeniedException): code and message.
    Refused { code: String, at: i64 },
}

impl UpdateCheck {
    pub fn at(&self) -> i64 {
        match self {
            UpdateCheck::Available { at }
            | UpdateCheck::Current { at }
            | UpdateCheck::Refused { at, .. } => *at,
        }
    }

    /// The word the update column shows.
    pub fn word(&self) -> &str {
        match self {
            UpdateCheck::Available { .. } => "available",
            UpdateCheck::Current { .. } => "none",
            UpdateCheck::Refused { code, .. } => code,
        }
    }

    /// A check's outcome as the queue records it (`Outcome::Succeeded { result }`).
    pub fn from_result(result: Option<&str>, at: i64) -> Option<UpdateCheck> {
        match result? {
            UPDATE_AVAILABLE => Some(UpdateCheck::Available { at }),
            UPDATE_NONE => Some(UpdateCheck::Current { at }),
            _ => None,
        }
    }
}

/// The result a dry run records for an image with an update.
pub const UPDATE_AVAILABLE: &str = "update available";
/// The result a dry run records for an image that is current.
pub const UPDATE_NONE: &str = "no update";

/// One fleet (DescribeFleets → Fleet), with the stacks associated with it
/// (ListAssociatedStacks).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct AppFleet {
    pub name: String,
    pub region: String,
    pub arn: String,
    pub display_name: String,
    pub description: String,
    /// STARTING | RUNNING | STOPPING | STOPPED.
    pub state: String,
    /// ALWAYS_ON | ON_DEMAND | ELASTIC.
    pub fleet_type: String,
    pub image_name: String,
    pub image_arn: String,
    pub instance_type: String,
    pub platform: String,
    /// ComputeCapacityStatus; `None` when the service sent none (elastic fleets).
    pub capacity: Option<AppCapacity>,
    pub stacks: Vec<String>,
    /// FleetErrors, "ErrorCode: ErrorMessage".
    pub errors: Vec<String>,
    pub created: Option<i64>,
    pub max_user_duration_secs: Option<i32>,
    pub disconnect_timeout_secs: Option<i32>,
    pub idle_disconnect_timeout_secs: Option<i32>,
}

/// ComputeCapacityStatus: instances desired, running, in use (by a streaming session) and
/// available for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct AppCapacity {
    pub desired: i32,
    pub running: i32,
    pub in_use: i32,
    pub available: i32,
}

impl AppFleet {
    pub fn state_class(&self) -> StateClass {
        match self.state.as_str() {
            "RUNNING" => StateClass::Healthy,
            "STARTING" | "STOPPING" => StateClass::Transitional,
            "STOPPED" => StateClass::Stopped,
            _ => StateClass::Bad,
        }
    }

    /// Sessions in use now (0 when the service gave no capacity).
    pub fn in_use(&self) -> i32 {
        self.capacity.map_or(0, |c| c.in_use)
    }
}

/// One streaming session (DescribeSessions → Session).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct AppSession {
    /// Id (the session's identifier for ExpireSession).
    pub id: String,
    pub region: String,
    pub user_id: String,
    pub stack: String,
    pub fleet: String,
    /// ACTIVE | PENDING | EXPIRED.
    pub state: String,
    /// CONNECTED | NOT_CONNECTED.
    pub connection_state: String,
    pub start_time: Option<i64>,
    pub max_expiration: Option<i64>,
    /// API | SAML | USERPOOL | AWS_AD.
    pub authentication_type: String,
    pub instance_id: String,
}

impl AppSession {
    pub fn state_class(&self) -> StateClass {
        match (self.state.as_str(), self.connection_state.as_str()) {
            ("ACTIVE", "CONNECTED") => StateClass::Healthy,
            ("ACTIVE", _) => StateClass::Stopped,
            ("PENDING", _) => StateClass::Transitional,
            _ => StateClass::Bad,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_classify_by_meaning() {
        let img = |s: &str| AppImage {
            state: s.into(),
            ..Default::default()
        };
        assert_eq!(img("AVAILABLE").state_class(), StateClass::Healthy);
        assert_eq!(img("PENDING").state_class(), StateClass::Transitional);
        assert_eq!(img("FAILED").state_class(), StateClass::Bad);
        let fleet = |s: &str| AppFleet {
            state: s.into(),
            ..Default::default()
        };
        assert_eq!(fleet("RUNNING").state_class(), StateClass::Healthy);
        assert_eq!(fleet("STOPPED").state_class(), StateClass::Stopped);
        assert_eq!(fleet("STARTING").state_class(), StateClass::Transitional);
    }

    #[test]
    fn an_update_check_round_trips_through_the_queue_result() {
        let a = UpdateCheck::from_result(Some(UPDATE_AVAILABLE), 5).unwrap();
        assert_eq!(a, UpdateCheck::Available { at: 5 });
        assert_eq!(a.word(), "available");
        let n = UpdateCheck::from_result(Some(UPDATE_NONE), 6).unwrap();
        assert_eq!(n.word(), "none");
        assert_eq!(UpdateCheck::from_result(Some("ami-1"), 6), None);
        assert_eq!(UpdateCheck::from_result(None, 6), None);
    }
}
