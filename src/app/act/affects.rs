//! Who a confirmed action affects beyond the count: users connected to the WorkSpaces it
//! disrupts, pool sessions in use a capacity change or a pool stop would cut, the streaming
//! sessions (and their users) on a fleet whose image is switched, and a pool capacity
//! raised tenfold. Each line makes the confirmation require typing.

use crate::app::model::dialog::Target;
use crate::app::state::State;
use crate::domain::Action;
use crate::table::format::age;

/// How many connected users the dialog names.
const NAMED: usize = 5;

/// A pool capacity above this that is also ten times the current one is named in the
/// confirmation.
const LARGE_CAPACITY: i32 = 100;

/// The widest line the confirmation shows whole.
const WIDTH: usize = 72;

/// The lines the confirmation shows about who is affected (empty: nobody in use).
pub fn affects(state: &State, action: &Action, targets: &[Target]) -> Vec<String> {
    match action {
        // DescribeWorkspacesConnectionStatus: CONNECTED means a user is in a session now;
        // these operations end or interrupt it.
        a if a.disrupts_sessions() => connected_users(state, targets),
        // ModifyWorkspaceProperties ComputeTypeName restarts the WorkSpace (admin guide,
        // "Modify a WorkSpace"): who is connected is cut off.
        Action::ModifyProperties(c) if c.restarts() => {
            let mut lines = connected_users(state, targets);
            if !lines.is_empty() {
                lines.insert(0, "A compute change restarts the WorkSpace:".into());
            }
            lines
        }
        // UpdateWorkspacesPool Capacity.DesiredUserSessions below ActiveUserSessions, or
        // StopWorkspacesPool with sessions active, ends sessions in use.
        Action::SetPoolCapacity(n) => sessions_cut(state, targets, Some(*n)),
        Action::StopPool => sessions_cut(state, targets, None),
        // StopFleet ends every streaming session; UpdateFleet below the instances in use
        // ends the sessions on the instances it takes away.
        Action::StopFleet => fleet_sessions_cut(state, targets, None),
        Action::SetFleetCapacity(n) => fleet_sessions_cut(state, targets, Some(*n)),
        // UpdateFleet ImageName on a RUNNING fleet replaces its instances with ones of the
        // new image: who is streaming now should be known before it is sent.
        Action::SwitchFleetImage { .. } => fleet_sessions_in_use(state, targets),
        // ExpireSession "immediately stops the specified streaming session".
        Action::ExpireSession => connected_app_sessions(state, targets),
        _ => vec![],
    }
}

fn fleet_sessions_cut(state: &State, targets: &[Target], desired: Option<i32>) -> Vec<String> {
    let mut out = vec![];
    for t in targets {
        let Some(fleet) = state.panes.app_fleets.table.get(&t.id) else {
            continue;
        };
        let now = fleet.capacity.map_or(0, |c| c.desired);
        let unit = "streaming sessions";
        out.extend(capacity_lines(
            &fleet.name,
            now,
            fleet.in_use(),
            desired,
            unit,
        ));
    }
    out
}

/// Each target fleet's streaming sessions in use (ComputeCapacityStatus.InUse) and their
/// users, as far as DescribeSessions has answered for it (`app_forms::on_switch_open`).
fn fleet_sessions_in_use(state: &State, targets: &[Target]) -> Vec<String> {
    let mut out = vec![];
    for t in targets {
        let Some(fleet) = state.panes.app_fleets.table.get(&t.id) else {
            continue;
        };
        let in_use = fleet.in_use();
        if in_use == 0 {
            continue;
        }
        let sessions = "streaming session".to_string() + if in_use == 1 { "" } else { "s" };
        out.push(format!(
            "{}: {in_use} {sessions} in use now, on the current image:",
            fleet.name
        ));
        let mut users: Vec<String> = state
            .panes
            .app_sessions
            .table
            .rows()
            .iter()
            .filter(|s| s.fleet == fleet.name && s.region == fleet.region && s.state != "EXPIRED")
            .map(|s| s.user_id.clone())
            .collect();
        users.sort();
        users.dedup();
        let loaded = state.panes.sessions_fleet.as_deref() == Some(fleet.arn.as_str())
            && state.panes.app_sessions.refresh.last_ok.is_some();
        out.push(match (users.is_empty(), loaded) {
            (false, _) => names_line(&users[..users.len().min(NAMED)], users.len()),
            (true, true) => "  no user listed by DescribeSessions".to_string(),
            (true, false) => "  users: reading them (DescribeSessions)".to_string(),
        });
    }
    out
}

fn connected_app_sessions(state: &State, targets: &[Target]) -> Vec<String> {
    let users: Vec<String> = targets
        .iter()
        .filter_map(|t| state.panes.app_sessions.table.get(&t.id))
        .filter(|s| s.connection_state == "CONNECTED")
        .map(|s| s.user_id.clone())
        .collect();
    if users.is_empty() {
        return vec![];
    }
    let named: Vec<String> = users.iter().take(NAMED).cloned().collect();
    let are = if users.len() == 1 {
        "user is"
    } else {
        "users are"
    };
    vec![
        format!("{} {are} CONNECTED now:", users.len()),
        names_line(&named, users.len()),
    ]
}

fn connected_users(state: &State, targets: &[Target]) -> Vec<String> {
    let mut names = vec![];
    let mut oldest: Option<i64> = None;
    let mut count = 0;
    for t in targets {
        let Some(c) = state.joined.connections.get(&t.id) else {
            continue;
        };
        if c.state != "CONNECTED" {
            continue;
        }
        count += 1;
        if let Some(at) = c.check_time {
            oldest = Some(oldest.map_or(at, |o| o.min(at)));
        }
        if names.len() < NAMED {
            let user = state
                .joined
                .users
                .get(&t.id)
                .filter(|u| !u.is_empty())
                .unwrap_or(&t.id);
            names.push(user.clone());
        }
    }
    if count == 0 {
        return vec![];
    }
    let users = if count == 1 { "user is" } else { "users are" };
    vec![
        format!(
            "{count} {users} CONNECTED now (status checked {}):",
            age(oldest, state.now)
        ),
        names_line(&names, count),
    ]
}

/// "  alice, bob and 32 more", whole names only, within the dialog's width.
fn names_line(names: &[String], count: usize) -> String {
    let mut line = String::from(" ");
    let mut shown = 0;
    for n in names {
        let rest = count - shown - 1;
        let tail = if rest > 0 {
            format!(" and {rest} more")
        } else {
            String::new()
        };
        let sep = if shown == 0 { " " } else { ", " };
        if line.chars().count() + sep.len() + n.chars().count() + tail.len() > WIDTH && shown > 0 {
            break;
        }
        line.push_str(sep);
        line.push_str(n);
        shown += 1;
    }
    if count > shown {
        line.push_str(&format!(" and {} more", count - shown));
    }
    line
}

fn sessions_cut(state: &State, targets: &[Target], desired: Option<i32>) -> Vec<String> {
    let mut out = vec![];
    for t in targets {
        let Some(pool) = state.panes.pools.table.get(&t.id) else {
            continue;
        };
        let Some(cap) = &pool.capacity else {
            continue;
        };
        let unit = "user sessions";
        out.extend(capacity_lines(
            &pool.name,
            cap.desired,
            cap.active,
            desired,
            unit,
        ));
    }
    out
}

/// What a capacity change (`Some`) or a stop (`None`) of a pool or fleet cuts: the sessions
/// in use it ends, and a tenfold raise (the API accepts any number from 0 up, so a slip of
/// the keyboard such as 2147483647 is valid).
fn capacity_lines(
    name: &str,
    desired_now: i32,
    in_use: i32,
    desired: Option<i32>,
    unit: &str,
) -> Vec<String> {
    let mut out = vec![];
    if let Some(n) = desired.filter(|&n| n > LARGE_CAPACITY && n / 10 > desired_now) {
        out.push(format!(
            "{name}: capacity {n} is more than 10 times the {desired_now} desired now"
        ));
    }
    let cuts = match desired {
        Some(n) => n < in_use,
        None => in_use > 0,
    };
    if cuts {
        let what = match desired {
            Some(n) => format!("capacity {n} is below"),
            None => "stopping ends".to_string(),
        };
        out.push(format!("{name}: {what} the {in_use} {unit} in use now"));
    }
    out
}
