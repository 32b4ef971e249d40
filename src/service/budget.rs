use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::domain::throttle;

/// Client-side token bucket for one account and region. WorkSpaces allows about 2 calls per
/// second with bursts of 5, shared by every operation; pacing ourselves keeps the budget full
/// without tripping ThrottlingException. When another tool trips it anyway, `throttled`
/// slows the budget down as the throttle policy says (`domain::throttle`).
///
/// Waiters form five FIFO lines: urgent (queued actions), leftover (lookups for an open
/// dialog), normal (refreshes), later (a sweep told to wait for another,
/// `runtime::refresh::SweepOrder`) and spare (background fill-ins such as tags, one
/// DescribeTags per resource). A token goes to the head of the urgent line; the others are
/// served in that order, each only while nobody in a line before it waits. The leftover,
/// later and spare lines also take a token only when one is left over for whoever comes
/// next: a leftover caller goes ahead of the refreshes but never takes a token a running
/// job's next call would find missing.
/// Tokens are never borrowed ahead, so whatever the mix of callers, any window of T seconds
/// holds at most `burst + rate * T` calls.
///
/// A budget may keep a reserve (`with_reserve`): tokens only the urgent line takes, so an
/// admin's lookup or action finds a few calls in hand instead of one every 1/rate behind a
/// sweep that keeps the bucket empty. The others' lines count only the tokens above it.
#[derive(Debug)]
pub struct RateBudget {
    rate: f64,
    burst: f64,
    /// Tokens only urgent callers may take.
    reserve: f64,
    state: Mutex<State>,
    /// Woken whenever a token is taken or a waiter leaves, so the next head re-checks.
    changed: Notify,
    /// Tokens handed out so far: one per attempt of every call.
    granted: AtomicU64,
}

#[derive(Debug)]
struct State {
    tokens: f64,
    last: Instant,
    next_ticket: u64,
    urgent: VecDeque<u64>,
    leftover: VecDeque<u64>,
    normal: VecDeque<u64>,
    later: VecDeque<u64>,
    spare: VecDeque<u64>,
    /// When the service last throttled us despite the pacing.
    last_throttle: Option<Instant>,
}

impl State {
    fn refill(&mut self, now: Instant, rate: f64, burst: f64) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate_now(now, rate)).min(burst);
        self.last = now;
    }

    /// The rate in force: the policy's slower rate after a throttle, else the configured one.
    fn rate_now(&self, now: Instant, rate: f64) -> f64 {
        match self.last_throttle {
            Some(t) => throttle::rate_after_throttle(rate, now.saturating_duration_since(t)),
            None => rate,
        }
    }

    /// Whose turn it is: the oldest urgent waiter, else the oldest leftover one, else the
    /// oldest normal one, else the oldest later one, else the oldest spare one.
    fn head(&self) -> Option<u64> {
        self.urgent
            .front()
            .or(self.leftover.front())
            .or(self.normal.front())
            .or(self.later.front())
            .or(self.spare.front())
            .copied()
    }

    fn leave(&mut self, ticket: u64) {
        self.urgent.retain(|&t| t != ticket);
        self.leftover.retain(|&t| t != ticket);
        self.normal.retain(|&t| t != ticket);
        self.later.retain(|&t| t != ticket);
        self.spare.retain(|&t| t != ticket);
    }
}

/// Which line a caller waits in.
#[derive(Clone, Copy, PartialEq)]
enum Line {
    Urgent,
    Leftover,
    Normal,
    Later,
    Spare,
}

/// Removes a waiter from its line if its `acquire` future is dropped before it got a token
/// (a refresh task aborted mid-wait), so it cannot block everyone behind it.
struct Ticket<'a> {
    budget: &'a RateBudget,
    id: u64,
    served: bool,
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if !self.served {
            self.budget.lock().leave(self.id);
            self.budget.changed.notify_waiters();
        }
    }
}

impl RateBudget {
    pub fn new(rate: f64, burst: u32) -> Self {
        let burst = f64::from(burst.max(1));
        Self {
            rate: rate.max(0.001),
            burst,
            reserve: 0.0,
            state: Mutex::new(State {
                tokens: burst,
                last: Instant::now(),
                next_ticket: 0,
                urgent: VecDeque::new(),
                leftover: VecDeque::new(),
                normal: VecDeque::new(),
                later: VecDeque::new(),
                spare: VecDeque::new(),
                last_throttle: None,
            }),
            changed: Notify::new(),
            granted: AtomicU64::new(0),
        }
    }

    /// A budget for a service whose own bucket is `rate`/`burst` (AWS: 2/s, burst 5). One
    /// token is held back: our clock and the service's never agree exactly, and network
    /// jitter can bunch two calls spaced 1/rate apart; the spare token absorbs that instead
    /// of a ThrottlingException. It costs one call's time once, not a share of the rate.
    ///
    /// Of the tokens left, all but two are kept for urgent callers (`with_reserve`): at AWS's
    /// burst of 5 that is 2 of 4. A lookup by user asks DescribeWorkspaces once per
    /// directory (the API takes a user name only with its directory), so with the reserve
    /// its first two answers come at once instead of 0.5 s apart. Two stay for the others so
    /// that the later and spare lines can still leave a token for a refresh. It costs the
    /// sweeps two calls' time once, at the start.
    pub fn matching(rate: f64, burst: u32) -> Self {
        let burst = burst.saturating_sub(1).max(1);
        Self::new(rate, burst).with_reserve(burst.saturating_sub(2))
    }

    /// Keep `reserve` tokens (at most all but one of the burst) for urgent callers only.
    pub fn with_reserve(mut self, reserve: u32) -> Self {
        self.reserve = f64::from(reserve).min(self.burst - 1.0).max(0.0);
        self
    }

    /// An effectively unlimited budget, for tests that are not about pacing.
    pub fn unlimited() -> Self {
        Self::new(1_000_000.0, 1_000_000)
    }

    /// How many tokens have been handed out: with every attempt of every call taking one,
    /// the number of requests sent through this budget.
    pub fn granted(&self) -> u64 {
        self.granted.load(Ordering::Relaxed)
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    pub fn burst(&self) -> u32 {
        self.burst as u32
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The service throttled a call anyway (another tool is spending the same account's
    /// budget): give up the tokens in hand and run at the policy's slower rate
    /// (`throttle::rate_after_throttle`: half, back to full over `throttle::RECOVERY`). Never
    /// faster than the configured rate, so the window guarantee holds.
    pub fn throttled(&self) {
        let now = Instant::now();
        let mut s = self.lock();
        s.refill(now, self.rate, self.burst);
        s.tokens = s.tokens.min(0.0);
        s.last_throttle = Some(now);
        drop(s);
        self.changed.notify_waiters();
    }

    /// Wait until one call of a queued action may be made. Served before every caller of
    /// `acquire` that is waiting, so an admin's reboot is not stuck behind a page of refreshes.
    pub async fn acquire_urgent(&self) {
        self.wait_turn(Line::Urgent).await
    }

    /// Wait until a lookup for an open dialog may make a call (the connection status of a
    /// confirmation's targets): after every urgent caller and before the refreshes, and only
    /// when the reserve and one more token stay in the bucket, as for a spare call. A job
    /// sends one call at a time, so the token left is the one its next call takes: the
    /// lookup uses what the job leaves (with `matching`, a full bucket) and never slows it.
    /// Ahead of the refreshes, unlike a spare call: a sweep of a large fleet keeps the
    /// spare line waiting until it ends (half an hour at 50,000 WorkSpaces and 2 calls/s),
    /// and a confirmation must learn who is connected long before that.
    pub async fn acquire_leftover(&self) {
        self.wait_turn(Line::Leftover).await
    }

    /// Wait until one refresh call may be made.
    pub async fn acquire(&self) {
        self.wait_turn(Line::Normal).await
    }

    /// Wait until a refresh that goes after the others may make a call: nobody urgent or
    /// normal waits, and one token stays in the bucket. The token left is the one the
    /// sweep ahead takes for its next page when the page in flight returns; without it, the
    /// later sweep would slip into every gap between that sweep's pages and the order
    /// would not hold. Served before the spare line.
    pub async fn acquire_later(&self) {
        self.wait_turn(Line::Later).await
    }

    /// Wait until a call can be spared: nobody else waits and one token stays for whoever
    /// comes next, so a fill-in never delays a refresh or an action by more than it takes.
    pub async fn acquire_spare(&self) {
        self.wait_turn(Line::Spare).await
    }

    async fn wait_turn(&self, line: Line) {
        // Only urgent callers dip into the reserve; a leftover, later or spare call also
        // leaves one token above it (if the bucket holds that many at all).
        let needed = match line {
            Line::Urgent => 1.0,
            Line::Normal => self.reserve + 1.0,
            Line::Leftover | Line::Later | Line::Spare => (self.reserve + 2.0).min(self.burst),
        };
        let mut ticket = {
            let mut s = self.lock();
            s.next_ticket += 1;
            let id = s.next_ticket;
            match line {
                Line::Urgent => s.urgent.push_back(id),
                Line::Leftover => s.leftover.push_back(id),
                Line::Normal => s.normal.push_back(id),
                Line::Later => s.later.push_back(id),
                Line::Spare => s.spare.push_back(id),
            }
            Ticket {
                budget: self,
                id,
                served: false,
            }
        };
        loop {
            // Registered before looking at the state, so a change made between the look and
            // the await still wakes us.
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let wait = {
                let mut s = self.lock();
                s.refill(Instant::now(), self.rate, self.burst);
                if s.head() != Some(ticket.id) {
                    None
                } else if s.tokens >= needed {
                    s.tokens -= 1.0;
                    self.granted.fetch_add(1, Ordering::Relaxed);
                    s.leave(ticket.id);
                    ticket.served = true;
                    drop(s);
                    self.changed.notify_waiters();
                    return;
                } else {
                    let rate = s.rate_now(Instant::now(), self.rate);
                    Some(Duration::from_secs_f64((needed - s.tokens) / rate))
                }
            };
            match wait {
                // Our turn, the token is not there yet; an urgent arrival may take our turn,
                // so wake on a change too.
                Some(d) => {
                    tokio::select! {
                        _ = tokio::time::sleep(d) => {}
                        _ = &mut changed => {}
                    }
                }
                None => changed.await,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test(start_paused = true)]
    async fn after_a_throttle_the_budget_pauses_then_runs_at_half_rate_and_recovers() {
        let b = RateBudget::new(2.0, 4);
        b.throttled();
        let t0 = Instant::now();
        // No tokens left, half rate: the next call waits 1 s instead of 0.5 s.
        b.acquire().await;
        let first = secs_since(t0);
        assert!((0.95..1.1).contains(&first), "{first}");
        // Long after, the full rate is back: a call every 0.5 s once the bucket is empty.
        tokio::time::sleep(throttle::RECOVERY * 2).await;
        for _ in 0..4 {
            b.acquire().await;
        }
        let t1 = Instant::now();
        b.acquire().await;
        b.acquire().await;
        let two = secs_since(t1);
        assert!((0.95..1.1).contains(&two), "{two}");
    }

    fn secs_since(t0: Instant) -> f64 {
        (Instant::now() - t0).as_secs_f64()
    }

    #[tokio::test(start_paused = true)]
    async fn burst_is_free_then_calls_are_spaced_by_the_rate() {
        let b = RateBudget::new(2.0, 5);
        let t0 = Instant::now();
        for _ in 0..5 {
            b.acquire().await;
        }
        assert_eq!(secs_since(t0), 0.0);
        b.acquire().await;
        assert!((secs_since(t0) - 0.5).abs() < 1e-3);
        b.acquire().await;
        assert!((secs_since(t0) - 1.0).abs() < 1e-3);
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_refill_up_to_the_burst_only() {
        let b = RateBudget::new(2.0, 5);
        b.acquire().await;
        // An hour idle refills to 5, not 7,200.
        tokio::time::sleep(Duration::from_secs(3600)).await;
        let t0 = Instant::now();
        for _ in 0..6 {
            b.acquire().await;
        }
        assert!((secs_since(t0) - 0.5).abs() < 1e-3);
    }

    #[tokio::test(start_paused = true)]
    async fn spare_calls_wait_for_every_refresh_and_leave_a_token() {
        let b = Arc::new(RateBudget::new(2.0, 5));
        for _ in 0..5 {
            b.acquire().await;
        }
        let order = Arc::new(Mutex::new(Vec::new()));
        let spare = {
            let (b, order) = (b.clone(), order.clone());
            tokio::spawn(async move {
                b.acquire_spare().await;
                order.lock().unwrap().push("spare".to_string());
            })
        };
        tokio::task::yield_now().await;
        let mut tasks = Vec::new();
        for i in 0..3 {
            let (b, order) = (b.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                b.acquire().await;
                order.lock().unwrap().push(format!("refresh{i}"));
            }));
            tokio::task::yield_now().await;
        }
        for t in tasks {
            t.await.unwrap();
        }
        let t0 = Instant::now();
        spare.await.unwrap();
        // Queued first, served last, and only once two tokens were in the bucket (1 s).
        assert_eq!(
            *order.lock().unwrap(),
            ["refresh0", "refresh1", "refresh2", "spare"]
        );
        assert!((secs_since(t0) - 1.0).abs() < 1e-3, "{}", secs_since(t0));
        // The token it left is there for the next refresh at once.
        let t1 = Instant::now();
        b.acquire().await;
        assert!(secs_since(t1) < 1e-3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_spare_call_is_served_even_when_the_bucket_holds_one_token() {
        let b = RateBudget::new(2.0, 1);
        b.acquire().await;
        let t0 = Instant::now();
        b.acquire_spare().await;
        assert!((secs_since(t0) - 0.5).abs() < 1e-3, "{}", secs_since(t0));
    }

    #[tokio::test(start_paused = true)]
    async fn an_urgent_caller_gets_the_next_slot_before_waiting_refreshes() {
        let b = Arc::new(RateBudget::new(2.0, 5));
        for _ in 0..5 {
            b.acquire().await;
        }
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for i in 0..10 {
            let (b, order) = (b.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                b.acquire().await;
                order.lock().unwrap().push(format!("refresh{i}"));
            }));
            tokio::task::yield_now().await;
        }
        // The refreshes are all queued; 0.1 s later an action arrives.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let t0 = Instant::now();
        b.acquire_urgent().await;
        order.lock().unwrap().push("urgent".into());
        // It took the slot due 0.5 s after the burst, i.e. 0.4 s after it arrived.
        assert!((secs_since(t0) - 0.4).abs() < 1e-3, "{}", secs_since(t0));
        for t in tasks {
            t.await.unwrap();
        }
        let order = order.lock().unwrap();
        assert_eq!(order[0], "urgent");
        assert_eq!(order[1], "refresh0");
        assert_eq!(order.len(), 11);
    }

    #[tokio::test(start_paused = true)]
    async fn refreshes_wait_while_urgent_callers_wait() {
        let b = Arc::new(RateBudget::new(2.0, 1));
        b.acquire().await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for (name, urgent) in [("r1", false), ("u1", true), ("r2", false), ("u2", true)] {
            let (b, order) = (b.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                if urgent {
                    b.acquire_urgent().await
                } else {
                    b.acquire().await
                }
                order.lock().unwrap().push(name);
            }));
            tokio::task::yield_now().await;
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), ["u1", "u2", "r1", "r2"]);
    }

    #[tokio::test(start_paused = true)]
    async fn later_callers_wait_for_urgent_and_normal_ones_and_go_before_spare_ones() {
        let b = Arc::new(RateBudget::new(2.0, 1));
        b.acquire().await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        let callers = [
            ("s1", Line::Spare),
            ("l1", Line::Later),
            ("r1", Line::Normal),
            ("u1", Line::Urgent),
            ("l2", Line::Later),
            ("r2", Line::Normal),
        ];
        for (name, line) in callers {
            let (b, order) = (b.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                b.wait_turn(line).await;
                order.lock().unwrap().push(name);
            }));
            tokio::task::yield_now().await;
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), ["u1", "r1", "r2", "l1", "l2", "s1"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_later_caller_does_not_slip_between_the_pages_of_a_sweep_ahead() {
        let b = Arc::new(RateBudget::new(2.0, 5));
        for _ in 0..5 {
            b.acquire().await;
        }
        let order = Arc::new(Mutex::new(Vec::new()));
        let later = {
            let (b, order) = (b.clone(), order.clone());
            tokio::spawn(async move {
                b.acquire_later().await;
                order.lock().unwrap().push("later".to_string());
            })
        };
        tokio::task::yield_now().await;
        // A sweep whose calls take 0.4 s: while each is in flight nobody waits in the
        // normal line, yet the later caller must not take the token its next page is due.
        for page in 0..12 {
            b.acquire().await;
            order.lock().unwrap().push(format!("page{page}"));
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
        let t0 = Instant::now();
        later.await.unwrap();
        let order = order.lock().unwrap();
        assert_eq!(order.len(), 13);
        assert_eq!(order.last().map(String::as_str), Some("later"), "{order:?}");
        // Served once the sweep stopped and two tokens were in the bucket, one left over:
        // 1 s after the last page's token, which was taken 0.4 s before t0.
        assert!((secs_since(t0) - 0.6).abs() < 1e-3, "{}", secs_since(t0));
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_later_waiter_frees_its_place() {
        let b = Arc::new(RateBudget::new(1.0, 2));
        b.acquire().await;
        b.acquire().await;
        let b2 = b.clone();
        let stuck = tokio::spawn(async move { b2.acquire_later().await });
        tokio::task::yield_now().await;
        stuck.abort();
        let _ = stuck.await;
        // The spare caller behind it is served as soon as two tokens are back (2 s), not
        // after the dropped later caller's turn.
        let t0 = Instant::now();
        b.acquire_spare().await;
        assert!((secs_since(t0) - 2.0).abs() < 1e-3, "{}", secs_since(t0));
    }

    #[tokio::test(start_paused = true)]
    async fn refreshes_leave_the_reserve_to_urgent_callers() {
        // AWS's bucket: 4 tokens in hand, 2 of them kept for urgent callers.
        let b = RateBudget::matching(2.0, 5);
        let t0 = Instant::now();
        b.acquire().await;
        b.acquire().await;
        assert_eq!(secs_since(t0), 0.0);
        // A sweep keeping on: the third call waits for a token above the reserve.
        b.acquire().await;
        assert!((secs_since(t0) - 0.5).abs() < 1e-3, "{}", secs_since(t0));
        // A lookup finds two calls in hand, then one every 0.5 s.
        let t1 = Instant::now();
        b.acquire_urgent().await;
        b.acquire_urgent().await;
        assert_eq!(secs_since(t1), 0.0);
        b.acquire_urgent().await;
        assert!((secs_since(t1) - 0.5).abs() < 1e-3, "{}", secs_since(t1));
        // The sweep waits for the reserve to be whole again before its next call.
        let t2 = Instant::now();
        b.acquire().await;
        assert!((secs_since(t2) - 1.5).abs() < 1e-3, "{}", secs_since(t2));
    }

    /// A job as the queue runs it: `calls` urgent calls one after another, each `latency`
    /// long; when each got its token, in seconds from the start.
    async fn job(b: &RateBudget, calls: usize, latency: Duration) -> Vec<f64> {
        let t0 = Instant::now();
        let mut times = vec![];
        for _ in 0..calls {
            b.acquire_urgent().await;
            times.push(secs_since(t0));
            tokio::time::sleep(latency).await;
        }
        times
    }

    /// Seconds as whole milliseconds (token arithmetic is in floating point).
    fn ms(times: &[f64]) -> Vec<i64> {
        times.iter().map(|t| (t * 1_000.0).round() as i64).collect()
    }

    /// The same job with `lookups` calls of a dialog pending from its first call on, each
    /// waiting in `line`: the job's token times, and when each lookup got its token.
    async fn job_with_lookups(line: Line, lookups: usize) -> (Vec<f64>, Vec<f64>) {
        let b = Arc::new(RateBudget::matching(2.0, 5));
        let latency = Duration::from_millis(100);
        let run = {
            let b = b.clone();
            tokio::spawn(async move { job(&b, 20, latency).await })
        };
        tokio::task::yield_now().await;
        let t0 = Instant::now();
        let mut asked = vec![];
        for _ in 0..lookups {
            b.wait_turn(line).await;
            asked.push(secs_since(t0));
            tokio::time::sleep(latency).await;
        }
        (run.await.unwrap(), asked)
    }

    #[tokio::test(start_paused = true)]
    async fn a_dialog_lookup_takes_only_what_a_running_job_leaves() {
        let alone = ms(&job(
            &RateBudget::matching(2.0, 5),
            20,
            Duration::from_millis(100),
        )
        .await);
        // Four tokens in hand, then one every 0.5 s: 2 calls/s.
        let paced: Vec<i64> = (1..=16).map(|k| k * 500).collect();
        assert_eq!(alone[4..], paced[..], "{alone:?}");
        let (with, lookups) = job_with_lookups(Line::Leftover, 8).await;
        assert_eq!(
            ms(&with),
            alone,
            "the job keeps its rate while lookups wait"
        );
        assert_eq!(lookups.len(), 8);
        // Nothing was left over while the job ran at the budget's rate: the lookups come after.
        assert!(ms(&lookups)[0] > alone[19], "{lookups:?}");
        // In the urgent line (as before), the same lookups take the job's tokens.
        let (slowed, _) = job_with_lookups(Line::Urgent, 8).await;
        assert!(ms(&slowed)[19] > alone[19] + 1_000, "{slowed:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_dialog_lookup_goes_ahead_of_a_sweep_and_a_spare_call_does_not() {
        for (line, served_before) in [(Line::Leftover, true), (Line::Spare, false)] {
            let b = Arc::new(RateBudget::matching(2.0, 5));
            let order = Arc::new(Mutex::new(Vec::new()));
            // A sweep of 20 pages, each call 0.1 s long, in the normal line.
            let sweep = {
                let (b, order) = (b.clone(), order.clone());
                tokio::spawn(async move {
                    for page in 0..20 {
                        b.acquire().await;
                        order.lock().unwrap().push(format!("page{page}"));
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                })
            };
            tokio::time::sleep(Duration::from_millis(1_050)).await;
            b.wait_turn(line).await;
            order.lock().unwrap().push("lookup".into());
            sweep.await.unwrap();
            let order = order.lock().unwrap();
            let at = order.iter().position(|o| o == "lookup").unwrap();
            // Asked while the sweep's fourth page waited for its token.
            assert_eq!(at < 5, served_before, "{order:?}");
            assert_eq!(order.len(), 21);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_waiter_does_not_block_the_line() {
        let b = Arc::new(RateBudget::new(1.0, 1));
        b.acquire().await;
        let b2 = b.clone();
        let stuck = tokio::spawn(async move { b2.acquire().await });
        tokio::task::yield_now().await;
        stuck.abort();
        let _ = stuck.await;
        let t0 = Instant::now();
        b.acquire().await;
        assert!(secs_since(t0) <= 1.0 + 1e-3);
    }

    #[tokio::test(start_paused = true)]
    async fn no_sixty_second_window_exceeds_rate_times_window_plus_burst() {
        let b = Arc::new(RateBudget::new(2.0, 5));
        let times = Arc::new(Mutex::new(Vec::new()));
        let t0 = Instant::now();
        let mut tasks = Vec::new();
        // Greedy callers of both kinds, arriving at staggered times over three minutes.
        for i in 0..40u64 {
            let (b, times) = (b.clone(), times.clone());
            tasks.push(tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(i * 4_500)).await;
                for _ in 0..20 {
                    if i % 3 == 0 {
                        b.acquire_urgent().await
                    } else {
                        b.acquire().await
                    }
                    times.lock().unwrap().push(secs_since(t0));
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let times = times.lock().unwrap();
        assert_eq!(times.len(), 800);
        for &start in times.iter() {
            let n = times
                .iter()
                .filter(|&&t| t >= start && t < start + 60.0)
                .count();
            assert!(n <= 2 * 60 + 5, "{n} calls in the 60 s from {start}");
        }
        // And the budget is used, not wasted: 800 calls need about (800 - 5) / 2 s.
        let last = times.iter().cloned().fold(0.0, f64::max);
        assert!(last < 400.0, "{last}");
    }
}
