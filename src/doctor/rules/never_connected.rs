//! Never connected to, `never_connected_days` after they appeared. The API gives no creation
//! time, so "appeared" is when wsfleet first listed the WorkSpace (in this session or in its
//! warm-start cache, which keeps that date): the rule can only be as old as wsfleet's record,
//! and says so.

use crate::doctor::{Fleet, Reads, Rule};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};
use crate::domain::WorkspaceState;

pub const RULE: Rule = Rule {
    name: "never-connected",
    reads: &[Reads::Workspaces, Reads::Connections],
    check,
};

const DAY: i64 = 86_400;

fn check(f: &Fleet) -> Vec<Finding> {
    let days = i64::from(f.config.never_connected_days);
    let ids = f
        .workspaces
        .iter()
        .filter(|w| {
            !matches!(
                w.state,
                WorkspaceState::Pending | WorkspaceState::Terminating | WorkspaceState::Terminated
            )
        })
        // A WorkSpace whose connection status is not read yet is not judged.
        .filter(|w| {
            f.connections
                .get(&w.id)
                .is_some_and(|c| c.last_user_connection.is_none())
        })
        .filter(|w| {
            f.seen
                .get(&w.id)
                .is_some_and(|s| f.now - s.first >= days * DAY)
        })
        .map(|w| w.id.clone())
        .collect();
    vec![Finding::new(
        "never-connected",
        Severity::Warning,
        Subject::Workspaces,
        ids,
    )
    .why(format!(
        "never connected, first seen by wsfleet {days}+ d ago"
    ))
    .fix(Fix::Terminate)]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::{Owned, DAY};

    #[test]
    fn never_connected_counts_from_when_wsfleet_first_saw_it() {
        let mut o = Owned::default();
        o.ws("ws-old", "AVAILABLE", 20 * DAY, DAY);
        o.conn("ws-old", None);
        o.ws("ws-young", "AVAILABLE", 3 * DAY, DAY);
        o.conn("ws-young", None);
        o.ws("ws-used", "AVAILABLE", 20 * DAY, DAY);
        o.conn("ws-used", Some(DAY));
        // No connection status read: not judged.
        o.ws("ws-unread", "AVAILABLE", 20 * DAY, DAY);
        let found = examine(&o.fleet());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].ids, ["ws-old"]);
        assert!(found[0].why.contains("first seen by wsfleet 14+ d"));
    }
}
