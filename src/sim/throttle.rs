//! Request throttling like AWS's: one token bucket per service, account and Region, shared by
//! every operation of that service (WorkSpaces and WorkSpaces Applications have separate
//! quotas). A call takes one token; tokens refill at `rate` per second up to `burst`.
//! A call that finds the bucket empty is answered with ThrottlingException (HTTP 400, Common
//! Errors) before anything else happens, so it never changes state.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use super::ThrottleConfig;

/// A classic token bucket.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    tokens: f64,
    capacity: f64,
    rate: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket. A burst of 0 is treated as 1 so that a positive rate still admits calls.
    pub fn new(cfg: ThrottleConfig, now: Instant) -> TokenBucket {
        let capacity = f64::from(cfg.burst.max(1));
        TokenBucket {
            tokens: capacity,
            capacity,
            rate: cfg.rate.max(0.0),
            last: now,
        }
    }

    /// Takes a token if one is available at `now`.
    pub fn try_take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Buckets per (service, account, Region), created full on first use.
#[derive(Debug)]
pub struct Throttles {
    cfg: Option<ThrottleConfig>,
    buckets: Mutex<HashMap<(&'static str, String, String), TokenBucket>>,
}

impl Throttles {
    pub fn new(cfg: Option<ThrottleConfig>) -> Throttles {
        Throttles {
            cfg,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a call to `service` (its signing name) for `account` in `region` may proceed
    /// now. Always true when off.
    pub fn admit(&self, service: &'static str, account: &str, region: &str) -> bool {
        let Some(cfg) = self.cfg else {
            return true;
        };
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        buckets
            .entry((service, account.to_string(), region.to_string()))
            .or_insert_with(|| TokenBucket::new(cfg, now))
            .try_take(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn burst_then_refill_at_rate() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(
            ThrottleConfig {
                rate: 2.0,
                burst: 5,
            },
            t0,
        );
        for _ in 0..5 {
            assert!(b.try_take(t0));
        }
        assert!(!b.try_take(t0), "burst of 5 exhausted");
        assert!(!b.try_take(t0 + Duration::from_millis(400)), "0.8 token");
        assert!(
            b.try_take(t0 + Duration::from_millis(500)),
            "1 token after 0.5 s"
        );
        assert!(!b.try_take(t0 + Duration::from_millis(500)));
        // Refill is capped at the burst size.
        let later = t0 + Duration::from_secs(60);
        for _ in 0..5 {
            assert!(b.try_take(later));
        }
        assert!(!b.try_take(later));
    }

    #[test]
    fn buckets_are_per_service_and_region_and_off_means_unlimited() {
        let t = Throttles::new(Some(ThrottleConfig {
            rate: 0.0,
            burst: 1,
        }));
        assert!(t.admit("workspaces", "123456789012", "us-east-1"));
        assert!(!t.admit("workspaces", "123456789012", "us-east-1"));
        assert!(
            t.admit("workspaces", "123456789012", "eu-west-1"),
            "separate bucket"
        );
        assert!(
            t.admit("appstream", "123456789012", "us-east-1"),
            "each service has its own bucket"
        );
        assert!(!t.admit("appstream", "123456789012", "us-east-1"));
        let off = Throttles::new(None);
        assert!((0..1000).all(|_| off.admit("workspaces", "123456789012", "us-east-1")));
    }
}
