//! The streaming sessions of one WorkSpaces Applications fleet (Enter on a fleet).

use crate::domain::{AppSession, StateClass};
use crate::table::format::{age, clock_date};
use crate::table::resource::{col, num_key, Column, Ctx, Resource};
use crate::table::Keyed;

impl Keyed for AppSession {
    fn key(&self) -> &str {
        &self.id
    }
    fn region(&self) -> &str {
        &self.region
    }
}

static COLUMNS: &[Column<AppSession>] = &[
    col::<AppSession>("SESSION", &["id", "session"], 36, 0, |s, _| s.id.clone()).id(),
    col::<AppSession>("USER", &["user"], 24, 0, |s, _| s.user_id.clone()),
    col::<AppSession>("STATE", &["state"], 7, 0, |s, _| s.state.clone()).coloured(),
    col::<AppSession>("CONNECTION", &["conn", "connection"], 13, 1, |s, _| {
        s.connection_state.clone()
    }),
    col::<AppSession>("STARTED", &["started", "start"], 9, 1, |s, ctx| {
        age(s.start_time, ctx.now)
    })
    .time()
    .sorted(|s, _| num_key(s.start_time.map(|t| t as f64)))
    .live(),
    col::<AppSession>("STACK", &["stack"], 16, 2, |s, _| s.stack.clone()),
    col::<AppSession>("INSTANCE", &["instance"], 20, 3, |s, _| {
        s.instance_id.clone()
    }),
    col::<AppSession>("AUTH", &["auth"], 8, 4, |s, _| {
        s.authentication_type.clone()
    }),
    col::<AppSession>("REGION", &["region"], 14, 8, |s, _| s.region.clone()),
];

impl Resource for AppSession {
    const NOUN: &'static str = "streaming session";
    const PLURAL: &'static str = "streaming sessions";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(AppSession::state_class(self))
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    fn detail(&self, _ctx: &Ctx) -> Vec<(&'static str, String)> {
        let time = |t: Option<i64>| t.map(clock_date).unwrap_or_default();
        vec![
            ("Id", self.id.clone()),
            ("UserId", self.user_id.clone()),
            ("StackName", self.stack.clone()),
            ("FleetName", self.fleet.clone()),
            ("State", self.state.clone()),
            ("ConnectionState", self.connection_state.clone()),
            ("StartTime", time(self.start_time)),
            ("MaxExpirationTime", time(self.max_expiration)),
            ("AuthenticationType", self.authentication_type.clone()),
            ("InstanceId", self.instance_id.clone()),
            ("Region", self.region.clone()),
        ]
    }
}
