//! DescribeFleets (with each fleet's stacks from ListAssociatedStacks) and DescribeSessions,
//! converted to domain types.

use super::AppsService;
use crate::domain::{AppCapacity, AppFleet, AppSession, ServiceError};
use crate::service::read::read_through;
use crate::service::{Page, Swept};
use aws_sdk_appstream::types as sdk;

/// DescribeSessions allows at most 50 per page (Limit; default 20).
pub const SESSIONS_PAGE: i32 = 50;

impl AppsService {
    /// One page of DescribeFleets, each fleet with the stacks associated with it (one
    /// ListAssociatedStacks call per fleet, each through the budget: fleets are few).
    pub async fn describe_app_fleets_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<AppFleet>, ServiceError> {
        let out = read_through(&self.budget, self.read_retry, || {
            self.client
                .describe_fleets()
                .set_next_token(next_token.clone())
                .send()
        })
        .await?;
        let mut items = Vec::with_capacity(out.fleets().len());
        for f in out.fleets() {
            let mut fleet = app_fleet_from_sdk(f, &self.region);
            fleet.stacks = self.associated_stacks(&fleet.name).await?;
            items.push(fleet);
        }
        Ok(Page {
            items,
            next_token: out.next_token().map(str::to_string),
        })
    }

    /// Every stack a fleet is associated with (ListAssociatedStacks, all pages).
    pub async fn associated_stacks(&self, fleet: &str) -> Result<Vec<String>, ServiceError> {
        let mut names = vec![];
        let mut token: Option<String> = None;
        loop {
            let out = read_through(&self.budget, self.read_retry, || {
                self.client
                    .list_associated_stacks()
                    .fleet_name(fleet)
                    .set_next_token(token.clone())
                    .send()
            })
            .await?;
            names.extend(out.names().iter().cloned());
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(names);
            }
        }
    }

    /// One page of a fleet's streaming sessions across its stacks. DescribeSessions asks
    /// for one stack and fleet at a time, and for one authentication type (API when none is
    /// given), so the token carries where the paging is: `<stack>:<type>:<NextToken>`.
    pub async fn describe_app_sessions_page(
        &self,
        fleet: &str,
        stacks: &[String],
        token: Option<String>,
    ) -> Result<Page<AppSession>, ServiceError> {
        let at = SessionsCursor::parse(token.as_deref());
        let Some(stack) = stacks.get(at.stack) else {
            return Ok(Page {
                items: vec![],
                next_token: None,
            });
        };
        let auth = sdk::AuthenticationType::from(AUTH_TYPES[at.auth]);
        let fleet = super::name_of(fleet);
        let out = read_through(&self.budget, self.read_retry, || {
            self.client
                .describe_sessions()
                .stack_name(stack)
                .fleet_name(fleet)
                .authentication_type(auth.clone())
                .limit(SESSIONS_PAGE)
                .set_next_token(at.inner.clone())
                .send()
        })
        .await?;
        Ok(Page {
            items: out
                .sessions()
                .iter()
                .map(|s| app_session_from_sdk(s, &self.region))
                .collect(),
            next_token: at.next(out.next_token(), stacks.len()),
        })
    }
}

/// The app fleets pane's sweep: DescribeFleets (and ListAssociatedStacks per fleet).
impl Swept for AppFleet {
    type Client = AppsService;

    async fn page(
        c: &AppsService,
        token: Option<String>,
        _later: bool,
    ) -> Result<Page<Self>, ServiceError> {
        c.describe_app_fleets_page(token).await
    }
}

/// The authentication types DescribeSessions is asked for, one after another.
const AUTH_TYPES: [&str; 4] = ["API", "SAML", "USERPOOL", "AWS_AD"];

/// Where a fleet's session paging is: which stack, which authentication type, and the
/// service's NextToken within them.
#[derive(Debug, PartialEq)]
struct SessionsCursor {
    stack: usize,
    auth: usize,
    inner: Option<String>,
}

impl SessionsCursor {
    fn parse(token: Option<&str>) -> Self {
        let mut parts = token.unwrap_or_default().splitn(3, ':');
        let mut num = || parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
        let (stack, auth) = (num(), num());
        let inner = parts.next().filter(|t| !t.is_empty()).map(str::to_string);
        SessionsCursor {
            stack,
            auth: auth.min(AUTH_TYPES.len() - 1),
            inner,
        }
    }

    /// The token after a page that ended with `inner`.
    fn next(&self, inner: Option<&str>, stacks: usize) -> Option<String> {
        match inner {
            Some(t) => Some(format!("{}:{}:{t}", self.stack, self.auth)),
            None if self.auth + 1 < AUTH_TYPES.len() => {
                Some(format!("{}:{}:", self.stack, self.auth + 1))
            }
            None if self.stack + 1 < stacks => Some(format!("{}:0:", self.stack + 1)),
            None => None,
        }
    }
}

fn text(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

fn app_fleet_from_sdk(f: &sdk::Fleet, region: &str) -> AppFleet {
    AppFleet {
        name: text(f.name()),
        region: region.to_string(),
        arn: text(f.arn()),
        display_name: text(f.display_name()),
        description: text(f.description()),
        state: f
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        fleet_type: f
            .fleet_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        image_name: text(f.image_name()),
        image_arn: text(f.image_arn()),
        instance_type: text(f.instance_type()),
        platform: f
            .platform()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        capacity: f.compute_capacity_status().map(|c| AppCapacity {
            desired: c.desired().unwrap_or(0),
            running: c.running().unwrap_or(0),
            in_use: c.in_use().unwrap_or(0),
            available: c.available().unwrap_or(0),
        }),
        stacks: vec![],
        errors: f
            .fleet_errors()
            .iter()
            .map(|e| {
                let code = e.error_code().map(|c| c.as_str()).unwrap_or("Error");
                format!("{code}: {}", e.error_message().unwrap_or_default())
            })
            .collect(),
        created: f.created_time().map(|t| t.secs()),
        max_user_duration_secs: f.max_user_duration_in_seconds(),
        disconnect_timeout_secs: f.disconnect_timeout_in_seconds(),
        idle_disconnect_timeout_secs: f.idle_disconnect_timeout_in_seconds(),
    }
}

fn app_session_from_sdk(s: &sdk::Session, region: &str) -> AppSession {
    AppSession {
        id: text(s.id()),
        region: region.to_string(),
        user_id: text(s.user_id()),
        stack: text(s.stack_name()),
        fleet: text(s.fleet_name()),
        state: s
            .state()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
        connection_state: s
            .connection_state()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
        start_time: s.start_time().map(|t| t.secs()),
        max_expiration: s.max_expiration_time().map(|t| t.secs()),
        authentication_type: s
            .authentication_type()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
        instance_id: text(s.instance_id()),
    }
}

#[cfg(test)]
mod tests {
    use super::SessionsCursor;

    #[test]
    fn the_cursor_walks_every_type_of_every_stack() {
        let mut token: Option<String> = None;
        let mut seen = vec![];
        loop {
            let at = SessionsCursor::parse(token.as_deref());
            seen.push((at.stack, at.auth));
            token = at.next(None, 2);
            if token.is_none() {
                break;
            }
        }
        assert_eq!(seen.len(), 8);
        assert_eq!(seen[4], (1, 0));
        let at = SessionsCursor::parse(Some("1:2:abc:def"));
        assert_eq!(at.inner.as_deref(), Some("abc:def"));
        assert_eq!(at.next(Some("x"), 2).as_deref(), Some("1:2:x"));
    }
}
