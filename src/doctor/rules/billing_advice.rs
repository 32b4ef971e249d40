//! The billing-mode advisor's switches (`domain::advice::advise`): WorkSpaces whose running
//! mode costs more than the other would this month, from the usage summaries read from
//! CloudWatch (GetMetricData) and the `[billing]` break-even hours. One finding per direction,
//! each fixed by the ordinary running-mode action (ModifyWorkspaceProperties). A WorkSpace
//! whose usage or tags are not read yet is not judged; the text says how many were.

use crate::doctor::{Fleet, Reads, Rule};
use crate::domain::advice::{advise, Advice};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};

pub const RULE: Rule = Rule {
    name: "billing-advice",
    reads: &[Reads::Workspaces, Reads::Usage],
    check,
};

fn check(f: &Fleet) -> Vec<Finding> {
    let (mut auto_stop, mut always_on, mut read) = (vec![], vec![], 0usize);
    for w in f.workspaces {
        let Some(usage) = f.usage.summary(&w.id) else {
            continue;
        };
        let tags = f.tags.get(&w.id).map(Vec::as_slice);
        let advice = advise(usage, w, tags, f.billing, f.now);
        if !matches!(advice, Advice::TagsUnknown) {
            read += 1;
        }
        match advice.mode() {
            Some("AUTO_STOP") => auto_stop.push(w.id.clone()),
            Some("ALWAYS_ON") => always_on.push(w.id.clone()),
            _ => {}
        }
    }
    let of = f.workspaces.len();
    vec![
        Finding::new(
            "billing-auto-stop",
            Severity::Info,
            Subject::Workspaces,
            auto_stop,
        )
        .why(format!(
            "ALWAYS_ON under break-even: AUTO_STOP ({read}/{of} read)"
        ))
        .fix(Fix::AutoStop),
        Finding::new(
            "billing-always-on",
            Severity::Info,
            Subject::Workspaces,
            always_on,
        )
        .why(format!(
            "AUTO_STOP over break-even: ALWAYS_ON ({read}/{of} read)"
        ))
        .fix(Fix::AlwaysOn),
    ]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::{Owned, DAY, NOW};
    use crate::domain::doctor::Fix;
    use crate::domain::usage::UsageSummary;

    #[test]
    fn heavy_auto_stop_users_go_always_on_and_unread_ones_are_not_judged() {
        let mut o = Owned::default();
        o.billing.skip_tag = String::new();
        o.ws("ws-heavy", "AVAILABLE", 90 * DAY, DAY).compute_type = "STANDARD".into();
        o.ws("ws-unread", "AVAILABLE", 90 * DAY, DAY).compute_type = "STANDARD".into();
        let heavy = UsageSummary {
            hours: Some(200.0),
            ..Default::default()
        };
        o.usage.arrived(vec![("ws-heavy".into(), heavy)], NOW);
        let found = examine(&o.fleet());
        let f = found.iter().find(|f| f.rule == "billing-always-on");
        let f = f.expect("an ALWAYS_ON finding");
        assert_eq!(f.ids, vec!["ws-heavy".to_string()]);
        assert_eq!(f.fix, Some(Fix::AlwaysOn));
        assert!(f.why.contains("1/2 read"), "{}", f.why);
    }
}
