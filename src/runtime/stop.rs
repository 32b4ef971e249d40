//! The signals that end a session: SIGTERM, SIGHUP and SIGINT. Without handlers the default
//! action kills the process with the terminal still in raw mode and nothing cached.

pub struct Stop {
    #[cfg(unix)]
    signals: Vec<tokio::signal::unix::Signal>,
}

impl Stop {
    pub fn new() -> Stop {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            // In raw mode Ctrl-C is a key; SIGINT comes only from `kill -INT`.
            let signals = [
                SignalKind::terminate(),
                SignalKind::hangup(),
                SignalKind::interrupt(),
            ]
            .into_iter()
            .filter_map(|k| signal(k).ok())
            .collect();
            Stop { signals }
        }
        #[cfg(not(unix))]
        Stop {}
    }

    /// Resolves when a stop signal arrives; never, where signals cannot be watched.
    pub async fn wait(&mut self) {
        #[cfg(unix)]
        if !self.signals.is_empty() {
            let waits = self.signals.iter_mut().map(|s| Box::pin(s.recv()));
            futures::future::select_all(waits).await;
            return;
        }
        std::future::pending::<()>().await
    }
}
