//! Background refresh tasks. Each pane's sweep runs in its own task and reports every page as
//! a message, so the first rows show after the first response and the UI never waits.

use super::sweep_order::{FirstSweep, SweepOrder};
use crate::app::{Msg, Rows};
use crate::domain::throttle::RetryPolicy;
use crate::domain::ServiceError;
use crate::panes::PaneKind;
use crate::service::{Page, RateBudget, SweepClient, Swept, WorkspacesService};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc::UnboundedSender, Notify};
use tokio::task::JoinHandle;

/// How often each swept pane refreshes (the factors come from `panes::REGISTRY`).
#[derive(Debug, Clone, Default)]
pub struct Intervals {
    every: Vec<(PaneKind, Duration)>,
}

impl Intervals {
    /// Derive every swept pane's interval from the WorkSpaces one.
    pub fn from_base(base: Duration) -> Self {
        let mut every = Intervals::default();
        for (kind, _, factor) in crate::panes::swept() {
            every.set(kind, base.saturating_mul(factor));
        }
        every
    }

    pub fn set(&mut self, kind: PaneKind, every: Duration) {
        self.every.retain(|(k, _)| *k != kind);
        self.every.push((kind, every));
    }

    pub fn get(&self, kind: PaneKind) -> Option<Duration> {
        self.every.iter().find(|(k, _)| *k == kind).map(|(_, d)| *d)
    }
}

/// How soon a followed pane is swept again while a row's state is changing.
pub const FOLLOW: Duration = Duration::from_secs(5);

/// Sweep numbers, unique across panes and Regions: a table holding several Regions' rows
/// tells a Region's current sweep from its earlier ones by number alone.
pub type SweepCounter = Arc<AtomicU64>;

/// One Region's running refresh tasks; dropping this stops them.
pub struct Refreshers {
    wake: Vec<(PaneKind, Arc<Notify>)>,
    tasks: Vec<JoinHandle<()>>,
    region: String,
    sweeps: SweepCounter,
    /// Whether the Region's first WorkSpaces sweep is over (`SweepOrder`).
    first_sweep: FirstSweep,
}

impl Refreshers {
    /// Start every top pane's sweep of `svc`'s Region, in the default `SweepOrder`.
    pub fn start(
        svc: WorkspacesService,
        tx: UnboundedSender<Msg>,
        every: &Intervals,
        sweeps: SweepCounter,
    ) -> Self {
        Self::start_in_order(svc, tx, every, sweeps, SweepOrder::default())
    }

    /// `start`, with the WorkSpaces and connection sweeps in `order` (the benchmarks
    /// measure both).
    pub fn start_in_order(
        svc: WorkspacesService,
        tx: UnboundedSender<Msg>,
        every: &Intervals,
        sweeps: SweepCounter,
        order: SweepOrder,
    ) -> Self {
        let mut r = Refreshers {
            wake: vec![],
            tasks: vec![],
            region: svc.region().to_string(),
            sweeps,
            first_sweep: order.gate(every.get(PaneKind::Workspaces).is_some()),
        };
        for (kind, _, _) in crate::panes::swept() {
            if let Some(interval) = every.get(kind) {
                r.spawn_sweep(tx.clone(), interval, kind, svc.clone());
            }
        }
        r
    }

    /// One swept pane's task: pages of its row type's Describe operation (`service::Swept`),
    /// each sent as `rows`, paced by that service's budget. The order of a Region's first two
    /// big sweeps (`SweepOrder`) is the one thing about a pane said here: the WorkSpaces sweep
    /// opens the gate when it ends, and the connection sweep waits in the budget's later line
    /// until then.
    fn sweep<R: Swept>(
        &mut self,
        tx: UnboundedSender<Msg>,
        every: Duration,
        pane: PaneKind,
        s: &WorkspacesService,
        rows: fn(Vec<R>) -> Rows,
    ) {
        let Some(client) = R::Client::of(s) else {
            return;
        };
        let budget = client.budget();
        let first_sweep = self.first_sweep.clone();
        let opens_gate = pane == PaneKind::Workspaces;
        let waits_at_gate = pane == PaneKind::Connections;
        self.spawn_with(tx, every, pane, budget, move |t| {
            let (c, first_sweep) = (client.clone(), first_sweep.clone());
            let later = waits_at_gate && first_sweep.waiting();
            async move {
                let result = page(R::page(&c, t, later).await, rows);
                // The last page, or an error (which ends the sweep, or is retried with
                // connection status interleaved as it always was).
                if opens_gate && !matches!(result, Ok((_, Some(_)))) {
                    first_sweep.done();
                }
                result
            }
        })
    }

    /// Start every sweep now rather than at its next interval.
    pub fn refresh_now(&self) {
        for (_, w) in &self.wake {
            w.notify_one();
        }
    }

    /// Start one pane's sweep now (e.g. after an action changed its resources).
    pub fn refresh_pane(&self, pane: PaneKind) {
        for (p, w) in &self.wake {
            if *p == pane {
                w.notify_one();
            }
        }
    }

    /// Run `fetch`'s sweep every `interval` (sooner when woken), each page paced by `budget`.
    fn spawn_with<F, Fut>(
        &mut self,
        tx: UnboundedSender<Msg>,
        interval: Duration,
        pane: PaneKind,
        budget: Arc<RateBudget>,
        fetch: F,
    ) where
        F: Fn(Option<String>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(Rows, Option<String>), ServiceError>> + Send,
    {
        let wake = Arc::new(Notify::new());
        let woken = wake.clone();
        let (region, sweeps) = (self.region.clone(), self.sweeps.clone());
        let follows = pane.spec().follows;
        let task = tokio::spawn(async move {
            loop {
                let sweep = sweeps.fetch_add(1, Ordering::Relaxed) + 1;
                let mut changing = false;
                if !sweep_once(&tx, pane, &region, sweep, &fetch, &budget, &mut changing).await {
                    return;
                }
                // A pane of few rows with one changing state (a new image PENDING, a fleet
                // STARTING) is followed closely until it settles, not left for an interval.
                let wait = if follows && changing {
                    interval.min(FOLLOW)
                } else {
                    interval
                };
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = woken.notified() => {}
                }
            }
        });
        self.wake.push((pane, wake));
        self.tasks.push(task);
    }
}

/// One page as the rows of a pane plus the token for the next page.
pub fn page<T>(
    result: Result<Page<T>, ServiceError>,
    rows: fn(Vec<T>) -> Rows,
) -> Result<(Rows, Option<String>), ServiceError> {
    result.map(|p| (rows(p.items), p.next_token))
}

/// Page through one sweep of `region`, sending each page; false when the app has gone away.
///
/// A page whose read still ends throttled (another tool spending the same account's budget)
/// is not the user's problem: the budget slows down and the same page is asked again, as the
/// throttle policy says for sweeps (`domain::throttle`, `RetryPolicy::SWEEP`); only a service
/// that keeps throttling for minutes shows the error.
pub async fn sweep_once<F, Fut>(
    tx: &UnboundedSender<Msg>,
    pane: PaneKind,
    region: &str,
    sweep: u64,
    fetch: &F,
    budget: &RateBudget,
    changing: &mut bool,
) -> bool
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Rows, Option<String>), ServiceError>>,
{
    let mut token = None;
    let mut tries = 1;
    loop {
        let result = fetch(token.clone()).await;
        if let Err(e) = &result {
            if let Some(wait) = RetryPolicy::SWEEP.read_again(e, tries) {
                tries += 1;
                budget.throttled();
                tokio::time::sleep(wait).await;
                continue;
            }
        }
        tries = 1;
        let msg = match result {
            Ok((rows, next)) => {
                *changing |= rows.any_changing();
                let last = next.is_none();
                token = next;
                let msg = Msg::Page {
                    region: region.to_string(),
                    sweep,
                    rows,
                    last,
                };
                if last {
                    return tx.send(msg).is_ok();
                }
                msg
            }
            Err(error) => {
                let msg = Msg::PageFailed {
                    pane,
                    region: region.to_string(),
                    sweep,
                    error,
                };
                return tx.send(msg).is_ok();
            }
        };
        if tx.send(msg).is_err() {
            return false;
        }
    }
}

impl Drop for Refreshers {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Each swept pane's task, from the pane list (`panes::every_pane!`): its row type says its
/// Describe operation (`service::Swept`), so a new swept pane adds no arm here.
macro_rules! sweep_each_pane {
    (
        swept: [$($kind:ident => $field:ident: $row:ty),* $(,)?],
        local: [$($local:tt)*] $(,)?
    ) => {
        impl Refreshers {
            fn spawn_sweep(
                &mut self,
                tx: UnboundedSender<Msg>,
                every: Duration,
                pane: PaneKind,
                s: WorkspacesService,
            ) {
                match pane {
                    $(PaneKind::$kind => self.sweep::<$row>(tx, every, pane, &s, Rows::$kind),)*
                    // Drill-downs and local panes are not swept on their own.
                    _ => {}
                }
            }
        }
    };
}
crate::panes::every_pane!(sweep_each_pane);
