//! Pools and WorkSpaces Applications fleets at capacity: running with nothing available
//! (DescribeWorkspacesPools CapacityStatus, DescribeFleets ComputeCapacityStatus), or an
//! insufficient-capacity error listed on them. Raise the desired capacity (`C`).

use crate::doctor::{Fleet, Reads, Rule};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};

pub const RULE: Rule = Rule {
    name: "at-capacity",
    reads: &[Reads::Pools, Reads::AppFleets],
    check,
};

fn capacity_error(text: &str) -> bool {
    let t = text.to_ascii_uppercase();
    t.contains("INSUFFICIENT_CAPACITY") || t.contains("INSUFFICIENT CAPACITY")
}

fn check(f: &Fleet) -> Vec<Finding> {
    let pools = f
        .pools
        .iter()
        .filter(|p| {
            let full = p.state == "RUNNING"
                && p.capacity
                    .as_ref()
                    .is_some_and(|c| c.desired > 0 && c.available == 0);
            let errors = p
                .errors
                .iter()
                .any(|e| capacity_error(&e.code) || capacity_error(&e.message));
            full || errors
        })
        .map(|p| p.id.clone())
        .collect();
    let fleets = f
        .app_fleets
        .iter()
        .filter(|fl| {
            let full = fl.state == "RUNNING"
                && fl
                    .capacity
                    .as_ref()
                    .is_some_and(|c| c.desired > 0 && c.available == 0);
            full || fl.errors.iter().any(|e| capacity_error(e))
        })
        .map(|fl| fl.arn.clone())
        .collect();
    vec![
        Finding::new("pool-at-capacity", Severity::Warning, Subject::Pools, pools)
            .why("pool full (none available) or short of capacity")
            .fix(Fix::Capacity),
        Finding::new(
            "fleet-at-capacity",
            Severity::Warning,
            Subject::AppFleets,
            fleets,
        )
        .why("fleet full (none available) or short of capacity")
        .fix(Fix::Capacity),
    ]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::Owned;
    use crate::domain::*;

    #[test]
    fn full_or_short_pools_and_fleets_are_named() {
        let mut o = Owned::default();
        let pool = |id: &str, available, errors: Vec<PoolError>| WorkspacesPool {
            id: id.into(),
            state: "RUNNING".into(),
            capacity: Some(PoolCapacity {
                desired: 5,
                actual: 5,
                available,
                active: 5 - available,
            }),
            errors,
            ..Default::default()
        };
        let short = PoolError {
            code: "INSUFFICIENT_CAPACITY".into(),
            message: "no capacity".into(),
        };
        o.pools = vec![
            pool("wspool-full", 0, vec![]),
            pool("wspool-room", 2, vec![]),
            pool("wspool-short", 2, vec![short]),
        ];
        let fleet = |arn: &str, available| AppFleet {
            arn: arn.into(),
            state: "RUNNING".into(),
            capacity: Some(AppCapacity {
                desired: 2,
                running: 2,
                in_use: 2 - available,
                available,
            }),
            ..Default::default()
        };
        o.app_fleets = vec![fleet("arn:f/full", 0), fleet("arn:f/room", 1)];
        let found = examine(&o.fleet());
        let ids = |rule: &str| found.iter().find(|f| f.rule == rule).unwrap().ids.clone();
        assert_eq!(ids("pool-at-capacity"), ["wspool-full", "wspool-short"]);
        assert_eq!(ids("fleet-at-capacity"), ["arn:f/full"]);
    }
}
