//! WorkSpaces on an outdated streaming protocol (`outdated_protocols`, PCoIP by default:
//! WSP is the one AWS develops) or an operating system past its support (`unsupported_os`,
//! WorkspaceProperties.OperatingSystemName): modify the protocol (`M`), migrate to a bundle
//! on a supported system (`Ctrl-G`).

use crate::doctor::{Fleet, Reads, Rule};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};
use crate::domain::WorkspaceState;

pub const RULE: Rule = Rule {
    name: "outdated",
    reads: &[Reads::Workspaces],
    check,
};

fn check(f: &Fleet) -> Vec<Finding> {
    let c = f.config;
    let live = f.workspaces.iter().filter(|w| {
        !matches!(
            w.state,
            WorkspaceState::Terminated | WorkspaceState::Terminating
        )
    });
    let (mut protocol, mut os) = (vec![], vec![]);
    for w in live {
        if w.protocols.iter().any(|p| c.outdated_protocols.contains(p)) {
            protocol.push(w.id.clone());
        }
        if !w.operating_system.is_empty() && c.unsupported_os.contains(&w.operating_system) {
            os.push(w.id.clone());
        }
    }
    let protocols = c.outdated_protocols.join("/");
    vec![
        Finding::new(
            "outdated-protocol",
            Severity::Info,
            Subject::Workspaces,
            protocol,
        )
        .why(format!("on {protocols}: modify the protocol to WSP"))
        .fix(Fix::Modify),
        Finding::new("unsupported-os", Severity::Warning, Subject::Workspaces, os)
            .why("operating system past its support: migrate")
            .fix(Fix::Migrate),
    ]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::{Owned, DAY};

    #[test]
    fn old_protocols_and_unsupported_systems_are_named() {
        let mut o = Owned::default();
        o.ws("ws-pcoip", "AVAILABLE", DAY, DAY).protocols = vec!["PCOIP".into()];
        o.ws("ws-win10", "STOPPED", DAY, DAY).operating_system = "WINDOWS_10".into();
        o.ws("ws-fine", "AVAILABLE", DAY, DAY);
        let found = examine(&o.fleet());
        let ids = |rule: &str| found.iter().find(|f| f.rule == rule).unwrap().ids.clone();
        assert_eq!(ids("outdated-protocol"), ["ws-pcoip"]);
        assert_eq!(ids("unsupported-os"), ["ws-win10"]);
    }
}
