//! Every read call goes through `WorkspacesService::read`: one budget token per attempt, and
//! a throttled or failed call made again here rather than by the SDK, so the retry is paced
//! like any other call (the throttle policy, `domain::throttle`: `RetryPolicy::READ` after a
//! throttle, the service's `read_retry` after a 5xx, timeout or connection failure).

use super::error::HttpStatus;
use super::{RateBudget, WorkspacesService};
use crate::domain::throttle::RetryPolicy;
use crate::domain::ServiceError;
use aws_sdk_workspaces::error::{ProvideErrorMetadata, SdkError};
use std::future::Future;

impl WorkspacesService {
    /// Make one read call within the budget (see [`read_through`]).
    pub(crate) async fn read<O, E, R, Fut>(&self, call: impl Fn() -> Fut) -> Result<O, ServiceError>
    where
        Fut: Future<Output = Result<O, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + HttpStatus,
    {
        read_through(&self.budget, self.read_retry, call).await
    }
}

/// Make one read call within `budget`, of WorkSpaces or WorkSpaces Applications (each has
/// its own budget per account and Region). A ThrottlingException (the account's budget
/// spent by another tool) slows the budget down and the call is made again after the
/// policy's wait; a 5xx, timeout or connection failure is made again after a jittered wait
/// (`retry`) without slowing the budget. Each attempt takes its own token; once out of
/// tries, the error is the caller's (a sweep waits longer, a detail view shows the error).
pub(crate) async fn read_through<O, E, R, Fut>(
    budget: &RateBudget,
    retry: RetryPolicy,
    call: impl Fn() -> Fut,
) -> Result<O, ServiceError>
where
    Fut: Future<Output = Result<O, SdkError<E, R>>>,
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + HttpStatus,
{
    read_in_line(budget, retry, Line::Normal, call).await
}

/// Which of the budget's lines a read waits in.
#[derive(Clone, Copy)]
pub(crate) enum Line {
    /// A refresh: after actions.
    Normal,
    /// A refresh that goes after the other refreshes (the connection sweep until the first
    /// WorkSpaces sweep is done, `runtime::SweepOrder::WorkspacesFirst`).
    Later,
    /// A fill-in nothing waits for (tags): after everything else.
    Spare,
    /// A lookup the user is waiting for (a WorkSpace named in a filter): ahead of the
    /// sweep, in line with actions.
    Ahead,
    /// A lookup for an open dialog (who is connected to a confirmation's targets): ahead of
    /// the sweep, with only the tokens actions leave (`RateBudget::acquire_leftover`).
    Leftover,
}

/// `read_through` in the budget's spare line (`RateBudget::acquire_spare`): background
/// fill-ins that must never delay a refresh or an action.
pub(crate) async fn read_spare<O, E, R, Fut>(
    budget: &RateBudget,
    retry: RetryPolicy,
    call: impl Fn() -> Fut,
) -> Result<O, ServiceError>
where
    Fut: Future<Output = Result<O, SdkError<E, R>>>,
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + HttpStatus,
{
    read_in_line(budget, retry, Line::Spare, call).await
}

pub(crate) async fn read_in_line<O, E, R, Fut>(
    budget: &RateBudget,
    retry: RetryPolicy,
    line: Line,
    call: impl Fn() -> Fut,
) -> Result<O, ServiceError>
where
    Fut: Future<Output = Result<O, SdkError<E, R>>>,
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + HttpStatus,
{
    let mut tries = 1;
    loop {
        match line {
            Line::Normal => budget.acquire().await,
            Line::Later => budget.acquire_later().await,
            Line::Spare => budget.acquire_spare().await,
            Line::Ahead => budget.acquire_urgent().await,
            Line::Leftover => budget.acquire_leftover().await,
        }
        let result = call().await.map_err(ServiceError::from_sdk);
        let Err(e) = &result else { return result };
        let wait = match RetryPolicy::READ.read_again(e, tries) {
            Some(wait) => {
                budget.throttled();
                Some(wait)
            }
            None => retry.read_after_fault(e, tries),
        };
        let Some(wait) = wait else { return result };
        tokio::time::sleep(wait).await;
        tries += 1;
    }
}
