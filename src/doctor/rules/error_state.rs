//! WorkSpaces in ERROR: RebuildWorkspaces accepts them (as RestoreWorkspace does); each
//! one's error code and message are in its details.

use crate::doctor::{Fleet, Reads, Rule};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};
use crate::domain::WorkspaceState;

pub const RULE: Rule = Rule {
    name: "error",
    reads: &[Reads::Workspaces],
    check,
};

fn check(f: &Fleet) -> Vec<Finding> {
    let ids = f
        .workspaces
        .iter()
        .filter(|w| w.state == WorkspaceState::Error)
        .map(|w| w.id.clone())
        .collect();
    vec![
        Finding::new("error", Severity::Error, Subject::Workspaces, ids)
            .why("in ERROR (d: its error): rebuild or restore")
            .fix(Fix::Rebuild),
    ]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::{Owned, DAY};

    #[test]
    fn error_workspaces_are_named_and_rebuilt() {
        let mut o = Owned::default();
        o.ws("ws-e1", "ERROR", DAY, DAY);
        o.ws("ws-ok", "AVAILABLE", DAY, DAY);
        let found = examine(&o.fleet());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].ids, ["ws-e1"]);
        assert_eq!(found[0].fix, Some(crate::domain::doctor::Fix::Rebuild));
    }
}
