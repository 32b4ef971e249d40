//! Idle longer than `idle_days` (LastKnownUserConnectionTimestamp): an ALWAYS_ON one bills
//! monthly for nothing, so AUTO_STOP; an AUTO_STOP one still running, stop it.

use crate::doctor::{Fleet, Reads, Rule};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};
use crate::domain::WorkspaceState;

pub const RULE: Rule = Rule {
    name: "idle",
    reads: &[Reads::Workspaces, Reads::Connections],
    check,
};

fn check(f: &Fleet) -> Vec<Finding> {
    let limit = f.idle_days * 86_400;
    let (mut always_on, mut running) = (vec![], vec![]);
    for w in f.workspaces {
        let idle = f
            .connections
            .get(&w.id)
            .and_then(|c| c.last_user_connection)
            .is_some_and(|t| f.now - t > limit);
        if !idle {
            continue;
        }
        if w.running_mode == "ALWAYS_ON" {
            always_on.push(w.id.clone());
        } else if w.state == WorkspaceState::Available {
            running.push(w.id.clone());
        }
    }
    let days = f.idle_days;
    vec![
        Finding::new(
            "idle-always-on",
            Severity::Warning,
            Subject::Workspaces,
            always_on,
        )
        .why(format!("ALWAYS_ON, no connection in {days}+ d: AUTO_STOP"))
        .fix(Fix::AutoStop),
        Finding::new("idle-running", Severity::Info, Subject::Workspaces, running)
            .why(format!("running, no connection in {days}+ d: stop"))
            .fix(Fix::Stop),
    ]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::{Owned, DAY};
    use crate::domain::doctor::Fix;

    #[test]
    fn idle_always_on_goes_auto_stop_and_idle_running_stops() {
        let mut o = Owned::default();
        o.ws("ws-ao", "AVAILABLE", 90 * DAY, DAY).running_mode = "ALWAYS_ON".into();
        o.conn("ws-ao", Some(40 * DAY));
        o.ws("ws-run", "AVAILABLE", 90 * DAY, DAY);
        o.conn("ws-run", Some(31 * DAY));
        o.ws("ws-stopped", "STOPPED", 90 * DAY, DAY);
        o.conn("ws-stopped", Some(60 * DAY));
        o.ws("ws-busy", "AVAILABLE", 90 * DAY, DAY);
        o.conn("ws-busy", Some(DAY));
        let found = examine(&o.fleet());
        let fix = |rule: &str| {
            let f = found.iter().find(|f| f.rule == rule).unwrap();
            (f.ids.clone(), f.fix)
        };
        assert_eq!(
            fix("idle-always-on"),
            (vec!["ws-ao".into()], Some(Fix::AutoStop))
        );
        assert_eq!(
            fix("idle-running"),
            (vec!["ws-run".into()], Some(Fix::Stop))
        );
        assert_eq!(found.len(), 2);
    }
}
