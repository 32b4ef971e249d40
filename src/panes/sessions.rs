//! The sessions of one pool (DescribeWorkspacesPoolSessions), opened with Enter on a pool.

use crate::domain::{PoolSession, StateClass};
use crate::table::format::{age, clock_date};
use crate::table::resource::num_key;
use crate::table::resource::{col, Column, Ctx, Resource};
use crate::table::Keyed;

impl Keyed for PoolSession {
    fn key(&self) -> &str {
        &self.id
    }
    fn region(&self) -> &str {
        &self.region
    }
}

static COLUMNS: &[Column<PoolSession>] = &[
    col::<PoolSession>("SESSION", &["id", "session"], 36, 0, |s, _| s.id.clone()).id(),
    col::<PoolSession>("USER", &["user"], 18, 0, |s, _| s.user_id.clone()),
    col::<PoolSession>("CONN", &["conn", "state"], 13, 0, |s, _| {
        s.connection_state.clone()
    })
    .coloured(),
    col::<PoolSession>("STARTED", &["started", "start"], 9, 1, |s, ctx| {
        age(s.start_time, ctx.now)
    })
    .time()
    .sorted(|s, _| num_key(s.start_time.map(|t| t as f64)))
    .live(),
    col::<PoolSession>("INSTANCE", &["instance"], 19, 2, |s, _| {
        s.instance_id.clone()
    }),
    col::<PoolSession>("IP", &["ip"], 15, 3, |s, _| s.private_ip.clone()),
    col::<PoolSession>("AUTH", &["auth"], 8, 4, |s, _| {
        s.authentication_type.clone()
    }),
    col::<PoolSession>("EXPIRES", &["expires"], 16, 5, |s, _| {
        s.expiration_time.map(clock_date).unwrap_or_default()
    })
    .time()
    .sorted(|s, _| num_key(s.expiration_time.map(|t| t as f64))),
];

impl Resource for PoolSession {
    const NOUN: &'static str = "session";
    const PLURAL: &'static str = "sessions";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(PoolSession::state_class(self))
    }

    fn state_text(&self) -> &str {
        &self.connection_state
    }

    fn detail(&self, _ctx: &Ctx) -> Vec<(&'static str, String)> {
        vec![
            ("SessionId", self.id.clone()),
            ("PoolId", self.pool_id.clone()),
            ("Region", self.region.clone()),
            ("UserId", self.user_id.clone()),
            ("InstanceId", self.instance_id.clone()),
            ("ConnectionState", self.connection_state.clone()),
            ("AuthenticationType", self.authentication_type.clone()),
            (
                "StartTime",
                self.start_time.map(clock_date).unwrap_or_default(),
            ),
            (
                "ExpirationTime",
                self.expiration_time.map(clock_date).unwrap_or_default(),
            ),
            ("NetworkAccessConfiguration.EniId", self.eni_id.clone()),
            (
                "NetworkAccessConfiguration.EniPrivateIpAddress",
                self.private_ip.clone(),
            ),
        ]
    }
}
