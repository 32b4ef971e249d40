//! The confirmation of a `do` or `resume` without the TUI's dialog, by the TUI's rules
//! (`app::act::actions::open_confirm`): a destructive action, one that touches connected
//! users or sessions in use, or more than `confirm_typed_over` targets needs the count
//! (`--confirm N`, N the number that will be sent); anything else `--yes`. `--max N` caps the
//! number. With a terminal on stdin and neither flag, it asks as the TUI does: type the count
//! (or, for one target, the action's verb).

use crate::app::{Msg, State};
use crate::cli::Confirmation;
use crate::domain::Action;
use crate::panes::RowKind;
use crate::queue::Target;
use crate::service::WorkspacesService;
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};

/// DescribeWorkspacesConnectionStatus takes at most 25 IDs.
const IDS_PER_CALL: usize = 25;

/// What is to be confirmed.
pub struct Ask<'a> {
    pub action: &'a Action,
    pub noun: &'static str,
    pub eligible: usize,
    /// Who it affects beyond the count (connected users, sessions in use).
    pub affects: Vec<String>,
    pub typed_over: usize,
}

impl Ask<'_> {
    /// Whether the count must be given (`--confirm N`), not just `--yes`.
    fn typed(&self) -> bool {
        self.action.is_destructive() || !self.affects.is_empty() || self.eligible > self.typed_over
    }

    /// What a dry run says the real run will need.
    pub fn needs(&self) -> String {
        let what = self.what();
        match self.eligible {
            0 => format!("{what}: nothing to send"),
            n if self.typed() => format!("{what}: needs --confirm {n} ({})", self.why()),
            n => format!("{what}: needs --yes (or --confirm {n})"),
        }
    }

    /// Why the count must be given.
    fn why(&self) -> String {
        let mut lines = vec![];
        if self.action.is_destructive() {
            lines.push(format!("{} is destructive", self.action));
        }
        if self.eligible > self.typed_over {
            lines.push(format!(
                "more than confirm_typed_over ({})",
                self.typed_over
            ));
        }
        lines.extend(self.affects.iter().cloned());
        lines.join("; ")
    }

    fn what(&self) -> String {
        format!("{} of {} {}", self.action, self.eligible, self.noun)
    }

    /// What the terminal's user types: the count, or for one target the verb (as the TUI).
    fn expected(&self) -> String {
        if self.eligible == 1 {
            let name = self.action.name();
            name.split_whitespace().next().unwrap_or("yes").to_string()
        } else {
            self.eligible.to_string()
        }
    }
}

/// `Ok` when the flags (or the terminal's user) confirm `ask`; else why nothing is sent.
pub fn confirmed(ask: &Ask, flags: &Confirmation) -> Result<(), String> {
    let eligible = ask.eligible;
    if let Some(max) = flags.max.filter(|&m| eligible > m) {
        return Err(format!(
            "{}: more than --max {max}: nothing sent",
            ask.what()
        ));
    }
    // Nothing to send: only skips are recorded, which needs no confirmation.
    if eligible == 0 {
        return Ok(());
    }
    let typed = ask.typed();
    let why = || ask.why();
    match (flags.confirm, flags.yes) {
        (Some(n), _) if n == eligible => Ok(()),
        (Some(n), _) => Err(format!(
            "--confirm {n}, but {} would be sent: nothing sent",
            ask.what()
        )),
        (None, true) if !typed => Ok(()),
        (None, true) => Err(format!(
            "{} needs --confirm {eligible}, not --yes ({}): nothing sent",
            ask.what(),
            why()
        )),
        (None, false) if std::io::stdin().is_terminal() => ask_terminal(ask),
        (None, false) => Err(format!(
            "{} needs {}: nothing sent",
            ask.what(),
            if typed {
                format!("--confirm {eligible} ({})", why())
            } else {
                format!("--yes or --confirm {eligible}")
            }
        )),
    }
}

/// Ask on stderr, read one line from the terminal on stdin.
fn ask_terminal(ask: &Ask) -> Result<(), String> {
    let expected = ask.expected();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", crate::config::printable_lines(&ask.what()));
    for line in &ask.affects {
        let _ = writeln!(err, "  {}", crate::config::printable_lines(line));
    }
    let _ = write!(
        err,
        "type {expected} to confirm (anything else sends nothing): "
    );
    let _ = err.flush();
    drop(err);
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| format!("reading the answer: {e}: nothing sent"))?;
    if answer.trim() == expected {
        Ok(())
    } else {
        Err(format!(
            "not confirmed (typed {:?}): nothing sent",
            answer.trim()
        ))
    }
}

/// Who the action affects beyond the count, as the TUI's confirmation names them
/// (`app::act::affects`): users CONNECTED to the WorkSpaces it disrupts (their status read
/// now by ID, DescribeWorkspacesConnectionStatus), sessions in use a pool or fleet stop or a
/// lower capacity ends, and a capacity raised tenfold. A status that cannot be read counts
/// as affected: the count must then be given. `read_by_id`: the targets were just looked up
/// by ID (`load::look_up_ids`, which reads their connection status by ID too), so their
/// status is as fresh as another read would make it and is not asked twice (the api bench
/// counted 80 DescribeWorkspacesConnectionStatus calls for a 1,000 reboot by `--ids`, 40
/// needed).
pub async fn affects(
    state: &mut State,
    services: &[WorkspacesService],
    rows: RowKind,
    action: &Action,
    targets: &HashMap<String, Vec<Target>>,
    read_by_id: bool,
) -> Vec<String> {
    match (rows, action) {
        (RowKind::Workspace, a) if a.disrupts_sessions() => {
            connected_users(state, services, targets, read_by_id).await
        }
        // ModifyWorkspaceProperties ComputeTypeName restarts the WorkSpace (as the TUI's
        // `app::act::affects`): who is connected is cut off.
        (RowKind::Workspace, Action::ModifyProperties(c)) if c.restarts() => {
            let mut lines = connected_users(state, services, targets, read_by_id).await;
            if !lines.is_empty() {
                lines.insert(0, "A compute change restarts the WorkSpace:".into());
            }
            lines
        }
        // UpdateFleet ImageName replaces a fleet's instances: its sessions in use end.
        (RowKind::AppFleet, Action::SwitchFleetImage { .. }) => {
            let all = targets.values().flatten();
            all.filter_map(|t| state.panes.app_fleets.table.get(&t.id))
                .filter(|f| f.in_use() > 0)
                .map(|f| {
                    format!(
                        "{}: {} streaming sessions in use now (the switch replaces its instances)",
                        f.name,
                        f.in_use()
                    )
                })
                .collect()
        }
        (RowKind::Pool, Action::StopPool | Action::SetPoolCapacity(_)) => {
            let desired = match action {
                Action::SetPoolCapacity(n) => Some(*n),
                _ => None,
            };
            let all = targets.values().flatten();
            all.filter_map(|t| state.panes.pools.table.get(&t.id))
                .filter_map(|p| {
                    let c = p.capacity.as_ref()?;
                    capacity_line(&p.name, c.desired, c.active, desired, "user sessions")
                })
                .collect()
        }
        (RowKind::AppFleet, Action::StopFleet | Action::SetFleetCapacity(_)) => {
            let desired = match action {
                Action::SetFleetCapacity(n) => Some(*n),
                _ => None,
            };
            let all = targets.values().flatten();
            all.filter_map(|t| state.panes.app_fleets.table.get(&t.id))
                .filter_map(|f| {
                    let now = f.capacity.map_or(0, |c| c.desired);
                    capacity_line(&f.name, now, f.in_use(), desired, "streaming sessions")
                })
                .collect()
        }
        _ => vec![],
    }
}

/// A stop (`None`) or capacity change that ends sessions in use, or a tenfold raise above
/// 100 (the TUI's `capacity_lines`).
fn capacity_line(
    name: &str,
    desired_now: i32,
    in_use: i32,
    desired: Option<i32>,
    unit: &str,
) -> Option<String> {
    match desired {
        Some(n) if n > 100 && n / 10 > desired_now => Some(format!(
            "{name}: capacity {n} is more than 10 times the {desired_now} desired now"
        )),
        Some(n) if n < in_use => Some(format!(
            "{name}: capacity {n} is below the {in_use} {unit} in use now"
        )),
        None if in_use > 0 => Some(format!(
            "{name}: stopping ends the {in_use} {unit} in use now"
        )),
        _ => None,
    }
}

/// The targets' connection status, read by ID in each place, and a line naming those
/// CONNECTED.
async fn connected_users(
    state: &mut State,
    services: &[WorkspacesService],
    targets: &HashMap<String, Vec<Target>>,
    read_by_id: bool,
) -> Vec<String> {
    let profile = state.context_name();
    let mut unread = vec![];
    for (place, ts) in targets {
        let Some(svc) = services.iter().find(|s| s.region() == place) else {
            continue;
        };
        let known = |id: &str| read_by_id && state.joined.connections.contains_key(id);
        let ids: Vec<String> = ts
            .iter()
            .filter(|t| !known(&t.id))
            .map(|t| t.id.clone())
            .collect();
        for chunk in ids.chunks(IDS_PER_CALL) {
            match svc.lookup_connection_status(chunk).await {
                Ok(items) => {
                    let profile = profile.clone();
                    crate::app::update(state, Msg::ConnectionsRead { profile, items });
                }
                Err(e) => unread.push(format!(
                    "connection status not read in {place} ({}): users may be connected",
                    e.code
                )),
            }
        }
    }
    let mut users: Vec<String> = targets
        .values()
        .flatten()
        .filter(|t| {
            state
                .joined
                .connections
                .get(&t.id)
                .is_some_and(|c| c.state == "CONNECTED")
        })
        .map(|t| {
            let user = state.joined.users.get(&t.id).filter(|u| !u.is_empty());
            user.cloned().unwrap_or_else(|| t.id.clone())
        })
        .collect();
    users.sort();
    let mut lines = unread;
    if !users.is_empty() {
        let shown: Vec<&str> = users.iter().take(5).map(String::as_str).collect();
        let more = users.len() - shown.len();
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        lines.push(format!(
            "{} CONNECTED now: {}{tail}",
            users.len(),
            shown.join(", ")
        ));
    }
    lines
}
