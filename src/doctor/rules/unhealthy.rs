//! UNHEALTHY or IMPAIRED for longer than `unhealthy_minutes` (as wsfleet saw the state
//! change). UNHEALTHY: reboot them (RebootWorkspaces takes AVAILABLE or UNHEALTHY), and
//! rebuild those still UNHEALTHY after a reboot wsfleet sent. IMPAIRED: RebootWorkspaces and
//! RebuildWorkspaces refuse it, StopWorkspaces takes it: stop, then start.

use crate::doctor::{minutes_text, Fleet, Reads, Rule};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};
use crate::domain::WorkspaceState;

pub const RULE: Rule = Rule {
    name: "unhealthy",
    reads: &[Reads::Workspaces],
    check,
};

fn check(f: &Fleet) -> Vec<Finding> {
    let limit = i64::from(f.config.unhealthy_minutes) * 60;
    let (mut reboot, mut rebuild, mut impaired) = (vec![], vec![], vec![]);
    for w in f.workspaces {
        if !matches!(
            w.state,
            WorkspaceState::Unhealthy | WorkspaceState::Impaired
        ) {
            continue;
        }
        // Seen in this state first now, when wsfleet has no earlier record of it.
        let since = f.seen.get(&w.id).map_or(f.now, |s| s.since);
        if f.now - since < limit {
            continue;
        }
        if w.state == WorkspaceState::Impaired {
            impaired.push(w.id.clone());
            continue;
        }
        match f.rebooted.get(&w.id) {
            // Unhealthy again after the reboot went out: a reboot did not help.
            Some(&at) if since >= at => rebuild.push(w.id.clone()),
            // The reboot went out and its effect is not seen yet.
            Some(_) => {}
            None => reboot.push(w.id.clone()),
        }
    }
    let over = minutes_text(limit / 60);
    vec![
        Finding::new("unhealthy", Severity::Error, Subject::Workspaces, reboot)
            .why(format!("UNHEALTHY over {over}: reboot"))
            .fix(Fix::Reboot),
        Finding::new("impaired", Severity::Error, Subject::Workspaces, impaired)
            .why(format!("IMPAIRED over {over}: stop, then start (S)"))
            .fix(Fix::Stop),
        Finding::new(
            "unhealthy-after-reboot",
            Severity::Error,
            Subject::Workspaces,
            rebuild,
        )
        .why("still UNHEALTHY after wsfleet's reboot: rebuild")
        .fix(Fix::Rebuild),
    ]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::{Owned, MIN, NOW};

    #[test]
    fn unhealthy_past_the_threshold_is_rebooted_and_after_a_reboot_rebuilt() {
        let mut o = Owned::default();
        o.ws("ws-old", "UNHEALTHY", 90 * MIN, 45 * MIN);
        o.ws("ws-imp", "IMPAIRED", 90 * MIN, 31 * MIN);
        o.ws("ws-new", "UNHEALTHY", 90 * MIN, 5 * MIN);
        o.ws("ws-ok", "AVAILABLE", 90 * MIN, 80 * MIN);
        // Rebooted 20 min ago, unhealthy again since 10 min ago (threshold 0 for it).
        o.ws("ws-again", "UNHEALTHY", 90 * MIN, 40 * MIN);
        o.rebooted.insert("ws-again".into(), NOW - 60 * MIN);
        // Rebooted a minute ago and not re-read since: neither.
        o.ws("ws-sent", "UNHEALTHY", 90 * MIN, 40 * MIN);
        o.rebooted.insert("ws-sent".into(), NOW - MIN);
        let found = examine(&o.fleet());
        let by = |rule: &str| found.iter().find(|f| f.rule == rule).map(|f| f.ids.clone());
        assert_eq!(by("unhealthy").unwrap(), ["ws-old"]);
        assert_eq!(by("impaired").unwrap(), ["ws-imp"]);
        assert_eq!(by("unhealthy-after-reboot").unwrap(), ["ws-again"]);
        let why = &found.iter().find(|f| f.rule == "unhealthy").unwrap().why;
        assert!(why.contains("over 30 min"), "{why}");
    }

    #[test]
    fn a_threshold_of_zero_names_every_unhealthy_workspace_at_once() {
        let mut o = Owned::default();
        o.config.unhealthy_minutes = 0;
        o.ws("ws-just", "UNHEALTHY", 0, 0);
        o.seen.clear();
        let found = examine(&o.fleet());
        assert_eq!(found[0].ids, ["ws-just"]);
    }
}
