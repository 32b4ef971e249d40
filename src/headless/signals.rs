//! SIGINT, SIGTERM and SIGHUP during `wsfleet do` or `resume`, and a closed stdout (the
//! reader of `| head -1` went away): each stops sending as the TUI's do (the queue's shutdown
//! records every outcome and keeps the journal). The exit status is 128 plus the signal's
//! number, as a shell reports it; for a closed stdout, a broken pipe's (SIGPIPE, 141).

use tokio::signal::unix::{signal, Signal, SignalKind};
use tokio::sync::oneshot;

/// The exit status after the reader of stdout went away.
pub const CLOSED_STDOUT: u8 = 141;

type Wait<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = u8> + Send + 'a>>;

pub struct Signals {
    watched: Vec<(Signal, u8)>,
    /// Fires when stdout's reader is gone, even while nothing is being printed.
    closed: Option<oneshot::Receiver<()>>,
}

impl Signals {
    pub fn new() -> Self {
        let kinds = [
            (SignalKind::interrupt(), 130),
            (SignalKind::terminate(), 143),
            (SignalKind::hangup(), 129),
        ];
        let watched = kinds
            .into_iter()
            .filter_map(|(k, code)| signal(k).ok().map(|s| (s, code)))
            .collect();
        Signals {
            watched,
            closed: Some(watch_stdout()),
        }
    }

    /// The exit status of the next signal (or of stdout closing).
    pub async fn next(&mut self) -> u8 {
        let mut waits: Vec<Wait<'_>> = vec![];
        for (s, code) in self.watched.iter_mut() {
            let code = *code;
            waits.push(Box::pin(async move {
                s.recv().await;
                code
            }));
        }
        if let Some(rx) = self.closed.as_mut() {
            waits.push(Box::pin(async move {
                match rx.await {
                    Ok(()) => CLOSED_STDOUT,
                    // The watcher ended without seeing a close: never fires.
                    Err(_) => std::future::pending().await,
                }
            }));
        }
        if waits.is_empty() {
            return std::future::pending().await;
        }
        futures::future::select_all(waits).await.0
    }
}

/// A thread waiting in poll(2) on stdout for nothing but its error and hang-up conditions:
/// a pipe whose reader closed reports POLLERR, a socket or terminal POLLHUP; a file or
/// /dev/null never does, and the thread then waits until the process exits.
fn watch_stdout() -> oneshot::Receiver<()> {
    let (tx, rx) = oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("stdout-watch".into())
        .spawn(move || loop {
            let mut fd = libc::pollfd {
                fd: libc::STDOUT_FILENO,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd, for the length given.
            let n = unsafe { libc::poll(&mut fd, 1, -1) };
            if n < 0 {
                if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return;
            }
            if fd.revents & (libc::POLLERR | libc::POLLHUP) != 0 {
                let _ = tx.send(());
                return;
            }
            if fd.revents & libc::POLLNVAL != 0 {
                return;
            }
        });
    drop(spawned);
    rx
}
