//! What every job of the queue shares: the services to call, the audit log, the settings, the
//! summary's tallies and the way back to the app. Below both the dispatcher (`runner`) and one
//! job's run (`exec`), which each read it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::audit::AuditLog;
use super::control::QueueConfig;
use super::summary::Tallies;
use super::view::QueueEvent;
use super::ActionApi;

pub(super) type ApiLookup = dyn Fn(Option<&str>, &str) -> Option<Arc<dyn ActionApi>> + Send + Sync;

/// What every job of the queue shares.
pub(super) struct Shared {
    pub apis: Box<ApiLookup>,
    pub audit: AuditLog,
    pub profile: Option<String>,
    events: UnboundedSender<QueueEvent>,
    pub config: QueueConfig,
    pub tallies: Arc<Tallies>,
    audit_failing: AtomicBool,
    journal_failing: AtomicBool,
}

impl Shared {
    pub fn new(
        apis: Box<ApiLookup>,
        audit: AuditLog,
        profile: Option<String>,
        events: UnboundedSender<QueueEvent>,
        config: QueueConfig,
        tallies: Arc<Tallies>,
    ) -> Self {
        Self {
            apis,
            audit,
            profile,
            events,
            config,
            tallies,
            audit_failing: AtomicBool::new(false),
            journal_failing: AtomicBool::new(false),
        }
    }

    pub fn emit(&self, event: QueueEvent) {
        // The app has gone away: nobody is left to tell.
        let _ = self.events.send(event);
    }

    /// A failure is reported when it starts (not once per line of a 1,000-resource job), and
    /// again if writing recovers and then fails anew.
    pub fn audit_result(&self, r: Result<(), String>) {
        report(&self.audit_failing, r, |e| {
            self.emit(QueueEvent::AuditFailed(e))
        });
    }

    pub fn journal_result(&self, r: Result<(), String>) {
        report(&self.journal_failing, r, |e| {
            self.emit(QueueEvent::JournalFailed(e))
        });
    }
}

fn report(failing: &AtomicBool, r: Result<(), String>, tell: impl FnOnce(String)) {
    match r {
        Ok(()) => failing.store(false, Ordering::SeqCst),
        Err(e) => {
            if !failing.swap(true, Ordering::SeqCst) {
                tell(e);
            }
        }
    }
}

pub(super) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
