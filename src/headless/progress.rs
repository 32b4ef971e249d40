//! Progress of a `get` on stderr, only when stderr is a terminal (a cron job's mail and a
//! script's captured stderr get nothing): how many rows are read so far, redrawn at most
//! ten times a second and erased when done.

use std::io::Write;
use std::time::{Duration, Instant};

const EVERY: Duration = Duration::from_millis(100);

pub struct Bar {
    on: bool,
    started: Instant,
    drawn: Option<Instant>,
}

impl Bar {
    pub fn new(on: bool) -> Self {
        Bar {
            on,
            started: Instant::now(),
            drawn: None,
        }
    }

    /// `rows` read so far.
    pub fn set(&mut self, rows: usize) {
        if !self.on || self.drawn.is_some_and(|d| d.elapsed() < EVERY) {
            return;
        }
        self.drawn = Some(Instant::now());
        let secs = self.started.elapsed().as_secs_f64();
        let _ = write!(std::io::stderr(), "\r\x1b[2Kread {rows} rows ({secs:.1}s)");
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if self.on && self.drawn.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}
