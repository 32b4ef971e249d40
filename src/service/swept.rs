//! What a pane's background sweep asks of the service: one page of the Describe operation its
//! rows are listed with. `runtime::refresh` runs one task per swept pane and Region and pages
//! through it; each row type says its operation beside its Describe page, so a new swept pane
//! needs no arm of its own in the runtime.

use super::{AppsService, Page, RateBudget, WorkspacesService};
use crate::domain::ServiceError;
use std::future::Future;
use std::sync::Arc;

/// A client a sweep pages through: WorkSpaces, or WorkSpaces Applications (its own budget).
pub trait SweepClient: Clone + Send + Sync + 'static {
    /// The Region's client of this kind; `None` when the Region has none (WorkSpaces
    /// Applications not connected), and then nothing is swept with it.
    fn of(s: &WorkspacesService) -> Option<Self>;

    /// The budget every page spends (each service throttles per account and Region).
    fn budget(&self) -> Arc<RateBudget>;
}

impl SweepClient for WorkspacesService {
    fn of(s: &WorkspacesService) -> Option<Self> {
        Some(s.clone())
    }

    fn budget(&self) -> Arc<RateBudget> {
        WorkspacesService::budget(self).clone()
    }
}

impl SweepClient for AppsService {
    fn of(s: &WorkspacesService) -> Option<Self> {
        s.apps().cloned()
    }

    fn budget(&self) -> Arc<RateBudget> {
        AppsService::budget(self).clone()
    }
}

/// A type of row a pane sweeps in the background (`.swept(…)` in the pane registry).
pub trait Swept: Sized + Send + 'static {
    type Client: SweepClient;

    /// One page of its Describe operation from `token`. `later`: wait in the budget's later
    /// line (`RateBudget::acquire_later`); only the connection sweep is asked to, while the
    /// Region's first WorkSpaces sweep runs (`runtime::sweep_order`), and other rows ignore it.
    fn page(
        c: &Self::Client,
        token: Option<String>,
        later: bool,
    ) -> impl Future<Output = Result<Page<Self>, ServiceError>> + Send;
}
