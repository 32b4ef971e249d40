//! Every page of a paginated Describe operation, for callers that need the whole list at
//! once (an image's shares, a job's targets re-read on resume) rather than rows as they
//! arrive (the sweeps, `runtime::refresh`).

use super::Page;
use crate::domain::ServiceError;
use std::future::Future;

/// Call `page` with each NextToken until the service returns none; the first error ends it.
pub async fn all_pages<T, F, Fut>(page: F) -> Result<Vec<T>, ServiceError>
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ServiceError>>,
{
    let mut out = vec![];
    let mut token = None;
    loop {
        let p = page(token).await?;
        out.extend(p.items);
        token = p.next_token;
        if token.is_none() {
            return Ok(out);
        }
    }
}
