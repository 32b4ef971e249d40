//! The connection status pane: who last used each WorkSpace and when, to find idle ones.

use crate::domain::{ConnectionStatus, StateClass};
use crate::table::format::{age, clock_date};
use crate::table::resource::{col, Column, Ctx, Resource};
use crate::table::resource::{last_conn_key, num_key};
use crate::table::Keyed;

impl Keyed for ConnectionStatus {
    fn key(&self) -> &str {
        &self.workspace_id
    }
    fn region(&self) -> &str {
        &self.region
    }
}

fn user(c: &ConnectionStatus, ctx: &Ctx) -> String {
    ctx.users.get(&c.workspace_id).cloned().unwrap_or_default()
}

/// Days idle, with "!" once past the idle threshold: the highlight's colour is lost with
/// NO_COLOR or to a colour-blind eye, the marker is not.
fn idle_days(c: &ConnectionStatus, ctx: &Ctx) -> String {
    c.idle_days(ctx.now)
        .map(|d| d.to_string())
        .unwrap_or_else(|| "never".into())
}

static COLUMNS: &[Column<ConnectionStatus>] = &[
    col::<ConnectionStatus>("WORKSPACE", &["id", "workspace"], 13, 0, |c, _| {
        c.workspace_id.clone()
    })
    .id(),
    col::<ConnectionStatus>("USER", &["user"], 16, 0, user).live(),
    col::<ConnectionStatus>("STATE", &["state", "conn"], 12, 0, |c, _| c.state.clone()).coloured(),
    // Oldest first when ascending: never-used, then idle WorkSpaces come to the top.
    col::<ConnectionStatus>("LAST CONN", &["last", "lastconn"], 10, 0, |c, ctx| {
        age(c.last_user_connection, ctx.now)
    })
    .time()
    .sorted(|c, _| last_conn_key(true, c.last_user_connection))
    .live(),
    col::<ConnectionStatus>("IDLE DAYS", &["idle", "days"], 9, 1, idle_days)
        .sorted(|c, ctx| num_key(c.idle_days(ctx.now).map(|d| d as f64)))
        .flagged(|c, ctx| c.attention(ctx))
        .live(),
    col::<ConnectionStatus>("LAST CONNECTED AT", &["lastat"], 17, 2, |c, _| {
        c.last_user_connection
            .map(clock_date)
            .unwrap_or_else(|| "never".into())
    })
    .time()
    .sorted(|c, _| last_conn_key(true, c.last_user_connection)),
    col::<ConnectionStatus>("CHECKED", &["checked", "check"], 17, 3, |c, _| {
        c.check_time.map(clock_date).unwrap_or_default()
    })
    .time()
    .sorted(|c, _| num_key(c.check_time.map(|t| t as f64))),
];

impl Resource for ConnectionStatus {
    const NOUN: &'static str = "connection";
    const PLURAL: &'static str = "connections";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(match self.state.as_str() {
            "CONNECTED" => StateClass::Healthy,
            "DISCONNECTED" => StateClass::Stopped,
            _ => StateClass::Bad,
        })
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    fn attention(&self, ctx: &Ctx) -> bool {
        // Unused for N days or more (never used counts as idle too).
        self.idle_days(ctx.now).is_none_or(|d| d >= ctx.idle_days)
    }

    fn detail(&self, ctx: &Ctx) -> Vec<(&'static str, String)> {
        vec![
            ("WorkspaceId", self.workspace_id.clone()),
            ("UserName", user(self, ctx)),
            ("ConnectionState", self.state.clone()),
            (
                "ConnectionStateCheckTimestamp",
                self.check_time.map(clock_date).unwrap_or_default(),
            ),
            (
                "LastKnownUserConnectionTimestamp",
                match self.last_user_connection {
                    Some(t) => format!("{} ({})", clock_date(t), age(Some(t), ctx.now)),
                    None => "never".into(),
                },
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{ctx_of, Joined};
    use crate::table::filter::{ColumnName, Filter};
    use std::borrow::Cow;

    /// The idle marker is drawn, never filtered or exported (issue 26: `/idle>30` kept none
    /// of the rows showing `59!`).
    #[test]
    fn idle_days_are_filtered_and_exported_without_the_idle_marker() {
        let now = 1_700_000_000;
        let joined = Joined::default();
        let ctx = ctx_of(&joined, now, 30);
        let idle = ConnectionStatus {
            workspace_id: "ws-1".into(),
            state: "DISCONNECTED".into(),
            last_user_connection: Some(now - 59 * 86_400 - 60),
            ..Default::default()
        };
        let col = COLUMNS
            .iter()
            .find(|c| c.name.title == "IDLE DAYS")
            .unwrap();
        assert_eq!(col.shown(&idle, &ctx), "59!");
        assert_eq!((col.text)(&idle, &ctx), "59");
        assert_eq!(
            col.value(&idle, &ctx),
            crate::table::resource::CellValue::Number(59.0)
        );
        let names: Vec<ColumnName> = COLUMNS.iter().map(|c| c.name).collect();
        let cell = |i: usize| Cow::Owned((COLUMNS[i].text)(&idle, &ctx));
        for (filter, passes) in [
            ("idle>30", true),
            ("idle=59", true),
            ("idle>5", true),
            ("idle<30", false),
        ] {
            let f = Filter::parse(filter, &names).unwrap();
            assert_eq!(f.matches(cell), passes, "{filter}");
        }
    }

    /// `last=never` selects the WorkSpaces never connected to, `!last=never` leaves them out
    /// (`last>30d` counts them as older than anything).
    #[test]
    fn never_connected_workspaces_are_selected_by_last_equals_never() {
        let now = 1_700_000_000;
        let joined = Joined::default();
        let ctx = ctx_of(&joined, now, 30);
        let never = ConnectionStatus {
            workspace_id: "ws-1".into(),
            ..Default::default()
        };
        let recent = ConnectionStatus {
            workspace_id: "ws-2".into(),
            last_user_connection: Some(now - 3_600),
            ..Default::default()
        };
        let names: Vec<ColumnName> = COLUMNS.iter().map(|c| c.name).collect();
        for (filter, want) in [
            ("last=never", [true, false]),
            ("!last=never", [false, true]),
            ("last>30d", [true, false]),
            ("last>30d !last=never", [false, false]),
        ] {
            let f = Filter::parse(filter, &names).unwrap();
            let got = [&never, &recent]
                .map(|row| f.matches(|i| Cow::Owned((COLUMNS[i].text)(row, &ctx))));
            assert_eq!(got, want, "{filter}");
        }
    }
}
