//! Call statistics for tests and benchmarks.

use std::collections::BTreeMap;

use super::{appstream, ops};

/// A snapshot of what the emulator has answered since start (or the last reset).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimStats {
    /// Calls accepted per operation: past throttling and injected faults, so the operation
    /// ran (whether it then succeeded or returned an API error such as a validation error).
    pub calls: BTreeMap<String, u64>,
    /// Calls rejected with ThrottlingException, per operation.
    pub throttled: BTreeMap<String, u64>,
    /// Calls failed by injected faults: `SimConfig::faults` (UnknownOperation, AccessDenied,
    /// Html500) and the random `error_rate` errors.
    pub faulted: u64,
}

impl SimStats {
    pub fn total_calls(&self) -> u64 {
        self.calls.values().sum()
    }

    pub fn total_throttled(&self) -> u64 {
        self.throttled.values().sum()
    }

    /// Accepted calls to operations that can change state (actions, Create*/Delete*/Update*,
    /// Modify*, tags), of either service.
    pub fn mutating_calls(&self) -> u64 {
        self.calls
            .iter()
            .filter(|(op, _)| {
                ops::OPERATIONS.is_mutating(op) || appstream::OPERATIONS.is_mutating(op)
            })
            .map(|(_, n)| n)
            .sum()
    }

    pub fn calls_to(&self, op: &str) -> u64 {
        self.calls.get(op).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_and_mutating_calls() {
        let mut s = SimStats::default();
        s.calls.insert("DescribeWorkspaces".into(), 3);
        s.calls.insert("RebootWorkspaces".into(), 2);
        s.calls.insert("CreateTags".into(), 1);
        s.throttled.insert("DescribeWorkspaces".into(), 4);
        assert_eq!(s.total_calls(), 6);
        assert_eq!(s.total_throttled(), 4);
        assert_eq!(s.mutating_calls(), 3);
        assert_eq!(s.calls_to("RebootWorkspaces"), 2);
        assert_eq!(s.calls_to("StopWorkspaces"), 0);
    }
}
