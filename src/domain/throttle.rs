//! The throttle policy: which failed calls wsfleet makes again, how long it waits first, and
//! how the rate budget adapts. Every retry in wsfleet takes its rule and its numbers from here.
//!
//! WorkSpaces gives each account and Region one bucket of about 2 calls per second, bursts of
//! 5, shared by every operation and by every tool using the account. wsfleet paces its own
//! calls below it (`service::RateBudget`), so a ThrottlingException means another tool spent
//! the bucket. A throttled call was not acted on, so it is safe to make again:
//!
//! - **The budget slows down** before a throttled call is made again
//!   (`RateBudget::throttled`): it drops the tokens it holds and runs at half its rate, back
//!   to the full rate linearly over `RECOVERY` (`rate_after_throttle`), so the retry and
//!   everything after it go at the slower pace. It never runs faster than configured, so no
//!   window of T seconds holds more than `burst + rate * T` calls. Reads and sweeps tell it
//!   before each retry; an action tells it at every throttle, where the call is made
//!   (`WorkspacesService::run_action`), as the queue that resends it sees no budget.
//! - **A read** (`WorkspacesService::read`, every Describe* call) is made again when
//!   throttled: up to 4 calls, 0.5, 1 and 2 s apart (`RetryPolicy::READ`); and after a 5xx,
//!   a timeout or a dropped or refused connection: up to 4 calls, each after a random wait
//!   below 0.5, 1 and 2 s (`RetryPolicy::TRANSIENT_READ`). Each call waits for a budget token
//!   like any other, so a retry never spends budget the app did not grant. A detail view
//!   (tags, image shares) shows the error after that.
//! - **A sweep** (`runtime::refresh::sweep_once`, a pane's background paging) is work nobody
//!   waits on, so a page whose read still ends throttled is asked again after 1, 2, 4, 8, 16,
//!   30, 30 and 30 s (`RetryPolicy::SWEEP`), each time a read as above: the pane shows the
//!   error only after about three minutes of throttling. A page is asked again, never skipped.
//! - **An action** (the queue's `send_batch`) is sent again only when the service certainly
//!   did not act on it (`certainly_not_applied`: throttled, or 503 ServiceUnavailable): up to
//!   8 calls, each after a random wait below 0.5, 1, 2, 4 … 20 s (`RetryPolicy::ACTION`,
//!   full jitter, so several admins' queues on one throttled account do not resend in step).
//!   A 500, a timeout or a dropped connection may have acted, so it is reported, never resent.
//!   Each call, resent or not, waits for an urgent budget token (actions go before reads).
//! - **The SDK** never retries (`service::client`: its retry is disabled). Its retries would
//!   go straight back to the service without a budget token: after a throttle they meet the
//!   same empty bucket, and after a 503 they spend budget the app did not grant (item 11 of
//!   the hostile-input issue). So every attempt of every call takes one token.

use std::time::Duration;

use super::{ErrorKind, ServiceError};

/// After a ThrottlingException the budget runs at half rate, back to full over this long.
pub const RECOVERY: Duration = Duration::from_secs(30);

/// The rate a budget configured at `rate` runs at `since` its last ThrottlingException: half,
/// recovering linearly to the full rate over `RECOVERY`.
pub fn rate_after_throttle(rate: f64, since: Duration) -> f64 {
    let recovered = (since.as_secs_f64() / RECOVERY.as_secs_f64()).min(1.0);
    rate * (0.5 + 0.5 * recovered)
}

/// How often a failed call is made and how long to wait before each new try: after failed
/// try n (1-based) the wait is at most `min(max_delay, base * 2^(n-1))`, the ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Calls in all, the first one included.
    pub max_tries: u32,
    pub base: Duration,
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// A throttled read: 4 calls, 0.5, 1, 2 s apart.
    pub const READ: RetryPolicy = RetryPolicy {
        max_tries: 4,
        base: Duration::from_millis(500),
        max_delay: Duration::from_secs(2),
    };

    /// A sweep's page still throttled after its read's tries: asked 9 times in all, 1, 2, 4,
    /// 8, 16, 30, 30, 30 s apart, about three minutes.
    pub const SWEEP: RetryPolicy = RetryPolicy {
        max_tries: 9,
        base: Duration::from_secs(1),
        max_delay: Duration::from_secs(30),
    };

    /// A batch of an action the service certainly did not act on: 8 calls, full jitter.
    pub const ACTION: RetryPolicy = RetryPolicy {
        max_tries: 8,
        base: Duration::from_millis(500),
        max_delay: Duration::from_secs(20),
    };

    /// A read's 5xx, timeout, dropped or refused connection: 4 calls, full jitter below 0.5,
    /// 1, 2 s (the SDK's standard retry's shape, made by `WorkspacesService::read` so each
    /// attempt takes a budget token).
    pub const TRANSIENT_READ: RetryPolicy = RetryPolicy {
        max_tries: 4,
        base: Duration::from_millis(500),
        max_delay: Duration::from_secs(20),
    };

    /// The longest wait after failed try `tries` (1-based).
    pub fn ceiling(&self, tries: u32) -> Duration {
        let doubled = self
            .base
            .saturating_mul(1u32 << tries.saturating_sub(1).min(20));
        doubled.min(self.max_delay)
    }

    /// The wait after failed try `tries`, for a uniform `unit` in [0, 1).
    pub fn delay(&self, tries: u32, unit: f64) -> Duration {
        self.ceiling(tries).mul_f64(unit.clamp(0.0, 1.0))
    }

    /// The wait after failed try `tries`, with a random jitter.
    pub fn jittered(&self, tries: u32) -> Duration {
        self.delay(tries, rand::random::<f64>())
    }

    /// A read (or a sweep's page) was throttled on try `tries` with `err`: the wait before it
    /// is made again, or `None` when it is not. No jitter: the budget token each call waits
    /// for already spaces wsfleet's own calls.
    pub fn read_again(&self, err: &ServiceError, tries: u32) -> Option<Duration> {
        (err.kind == ErrorKind::Throttled && tries < self.max_tries).then(|| self.ceiling(tries))
    }

    /// A read failed on try `tries` with a transient error (5xx, timeout, dropped or refused
    /// connection; a throttle is `read_again`'s): the jittered wait before it is made again,
    /// or `None`. A read changes nothing, so even a 500 is safe to ask again.
    pub fn read_after_fault(&self, err: &ServiceError, tries: u32) -> Option<Duration> {
        let transient = matches!(err.kind, ErrorKind::Retryable | ErrorKind::NotSent);
        (transient && tries < self.max_tries).then(|| self.jittered(tries))
    }

    /// An action's batch failed on try `tries` with `err`: the jittered wait before it is
    /// sent again, or `None` when it must not be (the service may have acted) or the tries
    /// are used up.
    pub fn send_again(&self, err: &ServiceError, tries: u32) -> Option<Duration> {
        (certainly_not_applied(err) && tries < self.max_tries.max(1)).then(|| self.jittered(tries))
    }
}

/// The queue's policy is the actions' one.
impl Default for RetryPolicy {
    fn default() -> Self {
        Self::ACTION
    }
}

/// True only when the service certainly did not act on the call: it was throttled, it
/// answered 503 ServiceUnavailable (the API's "Common Errors"), or the request never left
/// (`NotSent`: refused connection, DNS, TLS, credentials). Sending again is then safe.
/// A 500, timeout or dropped connection may have acted, so it is never resent.
pub fn certainly_not_applied(err: &ServiceError) -> bool {
    err.kind == ErrorKind::Throttled
        || err.kind == ErrorKind::NotSent
        || matches!(
            err.code.as_str(),
            "ServiceUnavailable" | "ServiceUnavailableException"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(kind: ErrorKind, code: &str) -> ServiceError {
        ServiceError::new(kind, code, "boom")
    }

    fn throttle() -> ServiceError {
        err(ErrorKind::Throttled, "ThrottlingException")
    }

    #[test]
    fn only_throttling_and_503_are_resent() {
        assert!(certainly_not_applied(&throttle()));
        assert!(certainly_not_applied(&err(
            ErrorKind::Retryable,
            "ServiceUnavailable"
        )));
        assert!(certainly_not_applied(&err(
            ErrorKind::Retryable,
            "ServiceUnavailableException"
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
            assert_eq!(RetryPolicy::ACTION.send_again(&err(kind, code), 1), None);
        }
    }

    #[test]
    fn backoff_doubles_from_half_a_second_up_to_twenty() {
        let p = RetryPolicy::default();
        assert_eq!(p, RetryPolicy::ACTION);
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

    #[test]
    fn an_action_is_sent_eight_times_at_most() {
        let p = RetryPolicy::ACTION;
        for tries in 1..8 {
            let wait = p.send_again(&throttle(), tries).expect("sent again");
            assert!(wait <= p.ceiling(tries));
        }
        assert_eq!(p.send_again(&throttle(), 8), None);
    }

    #[test]
    fn a_throttled_read_is_made_four_times_half_a_second_then_one_then_two_apart() {
        let waits: Vec<_> = (1..=4)
            .map(|n| RetryPolicy::READ.read_again(&throttle(), n))
            .collect();
        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(waits, [ms(500), ms(1000), ms(2000), None]);
        // Other failures are the SDK's to retry, never read again here.
        let failure = err(ErrorKind::Retryable, "ServiceUnavailable");
        assert_eq!(RetryPolicy::READ.read_again(&failure, 1), None);
    }

    #[test]
    fn a_throttled_sweep_page_is_asked_nine_times_over_about_three_minutes() {
        let waits: Vec<_> = (1..=9)
            .map_while(|n| RetryPolicy::SWEEP.read_again(&throttle(), n))
            .map(|d| d.as_secs())
            .collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30, 30]);
    }

    #[test]
    fn after_a_throttle_the_rate_halves_and_recovers_over_thirty_seconds() {
        assert_eq!(rate_after_throttle(2.0, Duration::ZERO), 1.0);
        assert_eq!(rate_after_throttle(2.0, RECOVERY / 2), 1.5);
        assert_eq!(rate_after_throttle(2.0, RECOVERY), 2.0);
        assert_eq!(rate_after_throttle(2.0, RECOVERY * 10), 2.0);
    }
}
