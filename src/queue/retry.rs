//! When a failed call may be sent again, how long to wait first, and what a failure that is
//! not retried means for each resource of the batch.

use std::time::Duration;

use crate::domain::Outcome;
use crate::domain::{ErrorKind, ServiceError};

/// Exponential backoff with full jitter: try n waits a random time in
/// [0, min(max_delay, base * 2^(n-1))].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Calls per batch, the first one included.
    pub max_tries: u32,
    pub base: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_tries: 8,
            base: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// The longest wait after failed try `tries` (1-based).
    pub fn ceiling(&self, tries: u32) -> Duration {
        let doubled = self
            .base
            .saturating_mul(1u32 << tries.saturating_sub(1).min(20));
        doubled.min(self.max_delay)
    }

    /// The wait after failed try `tries`, for a uniform `unit` in [0, 1). Full jitter spreads
    /// the retries of many clients sharing a throttled account instead of syncing them.
    pub fn delay(&self, tries: u32, unit: f64) -> Duration {
        self.ceiling(tries).mul_f64(unit.clamp(0.0, 1.0))
    }

    /// The wait after failed try `tries`, with a random jitter.
    pub fn jittered(&self, tries: u32) -> Duration {
        self.delay(tries, rand::random::<f64>())
    }
}

/// True only when the service certainly did not act on the call: it was throttled, it
/// answered 503 ServiceUnavailable ("Common Errors"), or the request never left (NotSent).
/// Sending again is then safe. A 500, timeout or dropped connection may have acted, so it is
/// never resent.
pub fn certainly_not_applied(err: &ServiceError) -> bool {
    err.kind == ErrorKind::Throttled
        || err.kind == ErrorKind::NotSent
        || matches!(
            err.code.as_str(),
            "ServiceUnavailable" | "ServiceUnavailableException"
        )
}

/// The outcome for every resource of a batch whose call failed and is not sent again.
/// A call that may have acted (500, timeout, dropped connection) is `Unknown`, never `Failed`.
pub fn failure_outcome(err: &ServiceError, tries: u32) -> Outcome {
    let text = if err.message.is_empty() {
        err.code.clone()
    } else {
        err.message.clone()
    };
    let (code, message) = (err.code.clone(), text);
    if certainly_not_applied(err) {
        // Out of tries; nothing was done, so the admin can simply try again later.
        let message = format!("not applied; gave up after {tries} tries: {message}");
        Outcome::Failed { code, message }
    } else if err.kind == ErrorKind::Retryable {
        // 500 InternalFailure, timeouts, connection drops: the service may have acted.
        let message = format!("may or may not have been applied: {message}");
        Outcome::Unknown { code, message }
    } else {
        Outcome::Failed { code, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(kind: ErrorKind, code: &str) -> ServiceError {
        ServiceError::new(kind, code, "boom")
    }

    #[test]
    fn only_throttling_and_503_are_resent() {
        assert!(certainly_not_applied(&err(
            ErrorKind::Throttled,
            "ThrottlingException"
        )));
        assert!(certainly_not_applied(&err(
            ErrorKind::Retryable,
            "ServiceUnavailable"
        )));
        assert!(certainly_not_applied(&err(
            ErrorKind::Retryable,
            "ServiceUnavailableException"
        )));
        assert!(certainly_not_applied(&err(
            ErrorKind::NotSent,
            "EndpointUnreachable"
        )));
        for (kind, code) in [
            (ErrorKind::Retryable, "InternalFailure"),
            (ErrorKind::Retryable, "Timeout"),
            (ErrorKind::Retryable, "ConnectionFailed"),
            (ErrorKind::Retryable, "HTTP 502"),
            (ErrorKind::AccessDenied, "AccessDeniedException"),
            (ErrorKind::InvalidInput, "InvalidParameterValuesException"),
            (ErrorKind::Other, "ResourceNotFoundException"),
        ] {
            assert!(!certainly_not_applied(&err(kind, code)), "{code}");
        }
    }

    #[test]
    fn failures_say_whether_the_service_may_have_acted() {
        let maybe = failure_outcome(&err(ErrorKind::Retryable, "InternalFailure"), 1);
        assert_eq!(
            maybe,
            Outcome::Unknown {
                code: "InternalFailure".into(),
                message: "may or may not have been applied: boom".into()
            }
        );
        let Outcome::Failed { message, .. } =
            failure_outcome(&err(ErrorKind::AccessDenied, "AccessDeniedException"), 1)
        else {
            panic!()
        };
        assert_eq!(message, "boom");
        let Outcome::Failed { message, .. } =
            failure_outcome(&err(ErrorKind::Throttled, "ThrottlingException"), 8)
        else {
            panic!()
        };
        assert!(message.starts_with("not applied; gave up after 8 tries"));
    }

    #[test]
    fn backoff_doubles_from_half_a_second_up_to_twenty() {
        let p = RetryPolicy::default();
        assert_eq!(p.ceiling(1), Duration::from_millis(500));
        assert_eq!(p.ceiling(2), Duration::from_secs(1));
        assert_eq!(p.ceiling(4), Duration::from_secs(4));
        assert_eq!(p.ceiling(7), Duration::from_secs(20));
        assert_eq!(p.ceiling(60), Duration::from_secs(20));
        assert_eq!(p.delay(3, 0.5), Duration::from_secs(1));
        assert_eq!(p.delay(3, 0.0), Duration::ZERO);
        for _ in 0..100 {
            assert!(p.jittered(5) <= p.ceiling(5));
        }
    }
}
