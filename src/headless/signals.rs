//! SIGINT, SIGTERM and SIGHUP during `wsfleet do`: each stops sending as the TUI's do (the
//! queue's shutdown records every outcome and keeps the journal); the exit status is 128 plus
//! the signal's number, as a shell reports it.

use tokio::signal::unix::{signal, Signal, SignalKind};

pub struct Signals {
    watched: Vec<(Signal, u8)>,
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
        Signals { watched }
    }

    /// The exit status of the next signal.
    pub async fn next(&mut self) -> u8 {
        let waits = self
            .watched
            .iter_mut()
            .map(|(s, code)| {
                let code = *code;
                Box::pin(async move {
                    s.recv().await;
                    code
                })
            })
            .collect::<Vec<_>>();
        if waits.is_empty() {
            return std::future::pending().await;
        }
        futures::future::select_all(waits).await.0
    }
}
