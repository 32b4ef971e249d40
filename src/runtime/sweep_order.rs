//! Which of a Region's two big sweeps goes first: DescribeWorkspaces (every row of the
//! WorkSpaces pane) or DescribeWorkspacesConnectionStatus (the CONN column of those rows).
//! Both page 25 at a time through the same per-Region budget, so on a cold large fleet they
//! either share it page for page or one waits for the other. The connection status of the
//! rows on screen does not wait either way: it is asked for by ID, ahead of both sweeps
//! (`Command::LookupConnections`). Figures: BENCHMARKS.md, "Sweep order".

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The order of a Region's first WorkSpaces and connection-status sweeps.
///
/// The default is `WorkspacesFirst`, from the figures (BENCHMARKS.md, "Sweep order"; a cold
/// 20,000 at 20 calls/s): every row in 40.1 s instead of 80.1 s, every connection status in
/// 80.1 s either way, and the first screenful's connection status in 0.2 s either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SweepOrder {
    /// Both sweeps wait in the budget's normal line and take its tokens in turn, page for
    /// page (what wsfleet did before the choice was measured).
    Interleaved,
    /// Until the Region's first WorkSpaces sweep is done, the connection sweep waits in the
    /// budget's later line (`RateBudget::acquire_later`), so every row is on screen in about
    /// half the time; from then on both interleave, or a fleet whose WorkSpaces sweep never
    /// rests (50,000 WorkSpaces is 2,000 pages, 1,000 s at 2 calls/s) would never get its
    /// connection status.
    #[default]
    WorkspacesFirst,
}

/// Whether a Region's first WorkSpaces sweep is over: set by that sweep when it ends (its
/// last page, or an error that ends it), read by the connection sweep before each page.
#[derive(Debug, Clone, Default)]
pub struct FirstSweep(Arc<AtomicBool>);

impl FirstSweep {
    /// A gate already open: nothing to wait for (interleaved, or no WorkSpaces sweep).
    pub fn open() -> Self {
        let gate = FirstSweep::default();
        gate.done();
        gate
    }

    pub fn done(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether the connection sweep still goes after the WorkSpaces sweep.
    pub fn waiting(&self) -> bool {
        !self.0.load(Ordering::Relaxed)
    }
}

impl SweepOrder {
    /// The gate the connection sweep of a Region looks at, closed only when it has a
    /// WorkSpaces sweep to go after.
    pub fn gate(self, workspaces_swept: bool) -> FirstSweep {
        match self {
            SweepOrder::WorkspacesFirst if workspaces_swept => FirstSweep::default(),
            _ => FirstSweep::open(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_workspaces_first_with_a_workspaces_sweep_closes_the_gate_until_it_is_done() {
        assert!(!SweepOrder::Interleaved.gate(true).waiting());
        assert!(!SweepOrder::WorkspacesFirst.gate(false).waiting());
        let gate = SweepOrder::WorkspacesFirst.gate(true);
        let seen_by_the_connection_sweep = gate.clone();
        assert!(seen_by_the_connection_sweep.waiting());
        gate.done();
        assert!(!seen_by_the_connection_sweep.waiting());
    }
}
