//! What stops a job (the user's cancel, or wsfleet shutting down) and how long a paused job
//! waits before it tries again.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use crate::domain::throttle::RetryPolicy;

/// Whether a job may go on sending. It only ever moves down the list: Go, then Cancel, then
/// Interrupt (a shutdown after "cancel what is unsent" sets a deadline on the calls in flight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Halt {
    Go,
    /// The user cancelled: send nothing more; a call in flight is awaited to its answer.
    Cancel,
    /// wsfleet is stopping: send nothing more; a call in flight has until `deadline` to
    /// answer, after which its resources are recorded unknown.
    Interrupt {
        deadline: Instant,
    },
}

/// A job's halt switch. A watch channel rather than a flag, so a wait (retry backoff, a pause,
/// a call in flight past the deadline) ends as soon as the switch moves.
#[derive(Debug, Clone)]
pub(crate) struct HaltSwitch {
    tx: Arc<watch::Sender<Halt>>,
    /// The user cancelled first (a later shutdown does not make the unsent "interrupted").
    by_user: Arc<AtomicBool>,
}

impl Default for HaltSwitch {
    fn default() -> Self {
        Self {
            tx: Arc::new(watch::channel(Halt::Go).0),
            by_user: Arc::default(),
        }
    }
}

impl HaltSwitch {
    pub fn get(&self) -> Halt {
        *self.tx.borrow()
    }

    pub fn is_halted(&self) -> bool {
        self.get() != Halt::Go
    }

    pub fn by_user(&self) -> bool {
        self.by_user.load(Ordering::SeqCst)
    }

    pub fn cancel(&self) {
        self.tx.send_if_modified(|h| {
            let go = *h == Halt::Go;
            if go {
                self.by_user.store(true, Ordering::SeqCst);
                *h = Halt::Cancel;
            }
            go
        });
    }

    /// Stop with a deadline for the calls in flight; an earlier deadline wins.
    pub fn interrupt(&self, deadline: Instant) {
        self.tx.send_if_modified(|h| match *h {
            Halt::Interrupt { deadline: d } if d <= deadline => false,
            _ => {
                *h = Halt::Interrupt { deadline };
                true
            }
        });
    }

    /// Ends once the job must stop sending.
    pub async fn halted(&self) {
        let mut rx = self.tx.subscribe();
        let _ = rx.wait_for(|h| *h != Halt::Go).await;
    }

    /// Ends once a call in flight must be given up: an Interrupt's deadline has passed.
    pub async fn deadline_passed(&self) {
        let mut rx = self.tx.subscribe();
        loop {
            let halt = *rx.borrow_and_update();
            match halt {
                Halt::Interrupt { deadline } => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(deadline) => return,
                        // An earlier deadline may come.
                        changed = rx.changed() => if changed.is_err() { return },
                    }
                }
                _ => {
                    if rx.changed().await.is_err() {
                        // The switch is gone with its job: nothing left to wait for.
                        std::future::pending::<()>().await;
                    }
                }
            }
        }
    }

    /// Sleep `d`, or less if the job is halted first. True when the sleep ran its course.
    pub async fn sleep(&self, d: Duration) -> bool {
        tokio::select! {
            _ = tokio::time::sleep(d) => !self.is_halted(),
            _ = self.halted() => false,
        }
    }
}

/// When a job pauses, and how often a paused job tries again. Doubling waits without jitter,
/// so "retrying in N s" is what happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PausePolicy {
    /// NotSent answers in a row (connection refused, DNS…) before the job pauses. Before
    /// that, the batch is resent after the retry policy's backoff.
    pub not_sent_limit: u32,
    /// First and longest wait between probes of an unreachable endpoint (each probe sends
    /// the pending batch again: it was never sent, so that is safe).
    pub probe_base: Duration,
    pub probe_max: Duration,
    /// First and longest wait between tries to write the audit log.
    pub audit_base: Duration,
    pub audit_max: Duration,
}

impl Default for PausePolicy {
    fn default() -> Self {
        Self {
            not_sent_limit: 3,
            probe_base: Duration::from_secs(2),
            probe_max: Duration::from_secs(60),
            audit_base: Duration::from_secs(1),
            audit_max: Duration::from_secs(30),
        }
    }
}

impl PausePolicy {
    /// The wait before probe `n` (1-based).
    pub fn probe_wait(&self, n: u32) -> Duration {
        doubling(self.probe_base, self.probe_max, n)
    }

    /// The wait before audit retry `n` (1-based).
    pub fn audit_wait(&self, n: u32) -> Duration {
        doubling(self.audit_base, self.audit_max, n)
    }
}

fn doubling(base: Duration, max: Duration, n: u32) -> Duration {
    base.saturating_mul(1u32 << n.saturating_sub(1).min(20))
        .min(max)
}

/// "3 s": whole seconds, rounded up, for the pause reason.
pub(crate) fn secs(d: Duration) -> u64 {
    d.as_secs_f64().ceil() as u64
}

/// How the queue runs; `Default` is what the app uses, tests shorten the waits.
#[derive(Debug, Clone, Default)]
pub struct QueueConfig {
    pub retry: RetryPolicy,
    pub pause: PausePolicy,
    /// Where the unfinished-jobs journal lives (`journal` module); `None`: no journal.
    pub journal_dir: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_their_ceiling() {
        let p = PausePolicy::default();
        assert_eq!(p.probe_wait(1), Duration::from_secs(2));
        assert_eq!(p.probe_wait(3), Duration::from_secs(8));
        assert_eq!(p.probe_wait(40), Duration::from_secs(60));
        assert_eq!(p.audit_wait(2), Duration::from_secs(2));
        assert_eq!(secs(Duration::from_millis(20)), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_halt_only_moves_forward_and_ends_waits() {
        let h = HaltSwitch::default();
        let h2 = h.clone();
        let waiting = tokio::spawn(async move { h2.sleep(Duration::from_secs(3600)).await });
        h.cancel();
        assert!(!waiting.await.unwrap(), "the sleep was cut short");
        assert!(h.by_user());
        let later = Instant::now() + Duration::from_secs(10);
        h.interrupt(later);
        h.cancel();
        assert_eq!(h.get(), Halt::Interrupt { deadline: later });
        let sooner = Instant::now() + Duration::from_secs(1);
        h.interrupt(sooner);
        h.interrupt(later);
        assert_eq!(h.get(), Halt::Interrupt { deadline: sooner });
        let t0 = Instant::now();
        h.deadline_passed().await;
        assert_eq!(t0.elapsed(), Duration::from_secs(1));
    }
}
