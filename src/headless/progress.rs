//! Progress on stderr (indicatif), only when stderr is a terminal: a cron job's mail and a
//! script's captured stderr get nothing. `get` shows the rows read so far and the rate (the
//! total is not known before the last page); `do` and `resume` a bar of the targets sent,
//! with the time left estimated from the rate so far. Cleared when done.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    fn on_terminal(bar: ProgressBar, template: &str) -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar {
                bar: ProgressBar::hidden(),
            };
        }
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
        Bar { bar }
    }

    /// `get`: rows read, and how fast.
    pub fn reading() -> Bar {
        Bar::on_terminal(
            ProgressBar::new_spinner(),
            "{spinner} read {pos} rows  {per_sec}  {elapsed}",
        )
    }

    /// `do`, `resume`: `len` targets to send.
    pub fn sending(len: usize) -> Bar {
        Bar::on_terminal(
            ProgressBar::new(len as u64),
            "[{bar:30}] {pos}/{len} sent  {elapsed}, about {eta} left",
        )
    }

    /// `rows` read so far.
    pub fn set(&self, rows: usize) {
        self.bar.set_position(rows as u64);
    }

    /// One more target has its outcome.
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// A line on stderr above the bar (or alone when there is none).
    pub fn println(&self, line: &str) {
        if self.bar.is_hidden() {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "{line}");
        } else {
            self.bar.println(line);
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
