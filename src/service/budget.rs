use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Client-side token bucket for one account and region. WorkSpaces allows about 2 calls per
/// second with bursts of 5, shared by every operation; pacing ourselves keeps the budget full
/// without tripping ThrottlingException (the SDK's retry stays as the safety net).
#[derive(Debug)]
pub struct RateBudget {
    rate: f64,
    burst: f64,
    bucket: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    /// May go negative: each caller reserves its token up front and sleeps off the debt,
    /// so callers are served in arrival order without a queue.
    tokens: f64,
    last: Instant,
}

impl RateBudget {
    pub fn new(rate: f64, burst: u32) -> Self {
        let burst = f64::from(burst.max(1));
        Self {
            rate: rate.max(0.001),
            burst,
            bucket: Mutex::new(Bucket {
                tokens: burst,
                last: Instant::now(),
            }),
        }
    }

    /// An effectively unlimited budget, for tests that are not about pacing.
    pub fn unlimited() -> Self {
        Self::new(1_000_000.0, 1_000_000)
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    pub fn burst(&self) -> u32 {
        self.burst as u32
    }

    /// How long a caller arriving at `now` must wait for its call slot; reserves the slot.
    fn reserve(&self, now: Instant) -> Duration {
        let mut b = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.rate).min(self.burst);
        b.last = now;
        b.tokens -= 1.0;
        if b.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-b.tokens / self.rate)
        }
    }

    /// Wait until one call of a queued action may be made. Actions go before refreshes.
    /// (Priority is being added; for now this is the same as `acquire`.)
    pub async fn acquire_urgent(&self) {
        self.acquire().await
    }

    /// Wait until one refresh call may be made.
    pub async fn acquire(&self) {
        let wait = self.reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_is_free_then_calls_are_spaced_by_the_rate() {
        let b = RateBudget::new(2.0, 5);
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(b.reserve(t0), Duration::ZERO);
        }
        let w6 = b.reserve(t0);
        let w7 = b.reserve(t0);
        assert!((w6.as_secs_f64() - 0.5).abs() < 1e-6, "{w6:?}");
        assert!((w7.as_secs_f64() - 1.0).abs() < 1e-6, "{w7:?}");
    }

    #[test]
    fn tokens_refill_up_to_the_burst_only() {
        let b = RateBudget::new(2.0, 5);
        let t0 = Instant::now();
        b.reserve(t0);
        // An hour idle refills to 5, not 7,200.
        let later = t0 + Duration::from_secs(3600);
        for _ in 0..5 {
            assert_eq!(b.reserve(later), Duration::ZERO);
        }
        assert!(b.reserve(later) > Duration::ZERO);
    }

    #[test]
    fn sixty_seconds_never_exceed_rate_times_window_plus_burst() {
        let b = RateBudget::new(2.0, 5);
        let t0 = Instant::now();
        // Simulate callers that each go as soon as their slot comes.
        let mut t = t0;
        let mut calls = 0;
        loop {
            let w = b.reserve(t);
            t += w;
            if t > t0 + Duration::from_secs(60) {
                break;
            }
            calls += 1;
        }
        assert!(calls <= 5 + 120, "{calls}");
        assert!(calls >= 120, "{calls}");
    }
}
