//! Background refresh tasks. Each pane's sweep runs in its own task and reports every page as
//! a message, so the first rows show after the first response and the UI never waits.

use super::msg::Msg;
use crate::service::{Page, ServiceError, WorkspacesService};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc::UnboundedSender, Notify};
use tokio::task::JoinHandle;

/// The running refresh tasks; dropping this stops them.
pub struct Refreshers {
    wake: Vec<Arc<Notify>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Refreshers {
    /// Start the WorkSpaces and connection-status sweeps, each every `interval`.
    pub fn start(svc: WorkspacesService, tx: UnboundedSender<Msg>, interval: Duration) -> Self {
        let mut r = Refreshers {
            wake: vec![],
            tasks: vec![],
        };
        let s = svc.clone();
        r.spawn(
            tx.clone(),
            interval,
            move |token| {
                let s = s.clone();
                async move { s.describe_workspaces_page(token).await }
            },
            |sweep, items, last| Msg::WorkspacesPage { sweep, items, last },
            |sweep, error| Msg::WorkspacesFailed { sweep, error },
        );
        let s = svc;
        r.spawn(
            tx,
            interval,
            move |token| {
                let s = s.clone();
                async move { s.describe_connection_status_page(token).await }
            },
            |sweep, items, last| Msg::ConnectionPage { sweep, items, last },
            |sweep, error| Msg::ConnectionFailed { sweep, error },
        );
        r
    }

    /// Start every sweep now rather than at its next interval.
    pub fn refresh_now(&self) {
        for w in &self.wake {
            w.notify_one();
        }
    }

    fn spawn<T, F, Fut>(
        &mut self,
        tx: UnboundedSender<Msg>,
        interval: Duration,
        fetch: F,
        page_msg: fn(u64, Vec<T>, bool) -> Msg,
        fail_msg: fn(u64, ServiceError) -> Msg,
    ) where
        T: Send + 'static,
        F: Fn(Option<String>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Page<T>, ServiceError>> + Send,
    {
        let wake = Arc::new(Notify::new());
        let woken = wake.clone();
        let task = tokio::spawn(async move {
            let mut sweep = 0u64;
            loop {
                sweep += 1;
                let mut token = None;
                loop {
                    match fetch(token).await {
                        Ok(page) => {
                            let last = page.next_token.is_none();
                            token = page.next_token;
                            if tx.send(page_msg(sweep, page.items, last)).is_err() {
                                return;
                            }
                            if last {
                                break;
                            }
                        }
                        Err(error) => {
                            if tx.send(fail_msg(sweep, error)).is_err() {
                                return;
                            }
                            break;
                        }
                    }
                }
                tokio::select! {
                    _ = tokio::time::sleep(interval) => {}
                    _ = woken.notified() => {}
                }
            }
        });
        self.wake.push(wake);
        self.tasks.push(task);
    }
}

impl Drop for Refreshers {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}
