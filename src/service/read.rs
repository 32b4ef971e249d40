//! Every read call goes through `WorkspacesService::read`: one budget token per attempt,
//! and throttling retried here rather than by the SDK (see `client::ThrottlesToBudget`), so
//! a retry is paced like any other call and never spends budget the app did not grant.

use super::error::HttpStatus;
use super::{ErrorKind, ServiceError, WorkspacesService};
use aws_sdk_workspaces::error::{ProvideErrorMetadata, SdkError};
use std::future::Future;
use std::time::Duration;

/// Attempts of one read call before a throttle is the caller's to handle (a sweep waits
/// longer, with its own patience; a detail view shows the error).
const ATTEMPTS: u32 = 4;

impl WorkspacesService {
    /// Make one read call within the budget. A ThrottlingException (the account's budget
    /// spent by another tool) slows the budget down and the call is made again after a
    /// backoff of 0.5, 1, then 2 s, each attempt taking its own token.
    pub(crate) async fn read<O, E, R, Fut>(&self, call: impl Fn() -> Fut) -> Result<O, ServiceError>
    where
        Fut: Future<Output = Result<O, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + HttpStatus,
    {
        let mut attempt = 1;
        loop {
            self.budget.acquire().await;
            match call().await.map_err(ServiceError::from_sdk) {
                Err(e) if e.kind == ErrorKind::Throttled && attempt < ATTEMPTS => {
                    self.budget.throttled();
                    tokio::time::sleep(Duration::from_millis(250 << attempt)).await;
                    attempt += 1;
                }
                result => return result,
            }
        }
    }
}
