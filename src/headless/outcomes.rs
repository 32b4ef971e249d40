//! Every outcome of a `do` or `resume` printed once on stdout (text, or JSON lines with the
//! audit log's outcome fields), counted for the summary on stderr and the exit status, and
//! shown on the progress bar when stderr is a terminal.

use crate::cli::DoOutput;
use crate::domain::{Action, Outcome};
use std::collections::BTreeMap;
use std::io::Write;

/// Exit status when some outcome is unknown (the call may have been applied).
const EXIT_UNKNOWN: u8 = 3;

pub struct Outcomes {
    action: Action,
    noun: &'static str,
    output: DoOutput,
    counts: BTreeMap<&'static str, usize>,
    bar: super::progress::Bar,
    /// The reader of stdout went away (EPIPE): nothing more is printed there.
    closed: bool,
    prefix: &'static str,
}

impl Outcomes {
    /// `sending` targets will be sent (the bar's length).
    pub fn new(
        prefix: &'static str,
        action: Action,
        noun: &'static str,
        output: DoOutput,
        sending: usize,
    ) -> Self {
        Outcomes {
            action,
            noun,
            output,
            counts: BTreeMap::new(),
            bar: super::progress::Bar::sending(sending),
            closed: false,
            prefix,
        }
    }

    pub fn stdout_closed(&self) -> bool {
        self.closed
    }

    /// A line on stderr, above the bar.
    pub fn say(&self, text: &str) {
        let line = format!("{}: {}", self.prefix, crate::config::printable_lines(text));
        self.bar.println(&line);
    }

    pub fn print(&mut self, place: &str, id: &str, outcome: &Outcome) {
        *self.counts.entry(outcome.label()).or_default() += 1;
        if !matches!(outcome, Outcome::Skipped { .. }) {
            self.bar.inc();
        }
        if self.closed {
            return;
        }
        let line = self.line(place, id, outcome);
        let mut stdout = std::io::stdout().lock();
        let written = stdout
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|()| stdout.flush());
        if let Err(e) = written {
            // EPIPE (`| head -1`) or any other reason the output cannot be written: stop
            // sending, as on SIGHUP; the audit log keeps every outcome.
            self.closed = true;
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                self.say(&format!("cannot write the output: {e}; stopping"));
            }
        }
    }

    fn line(&self, place: &str, id: &str, outcome: &Outcome) -> String {
        let (code, message) = outcome.code_and_message();
        match self.output {
            DoOutput::Jsonl => serde_json::json!({
                "region": place,
                "action": self.action.name(),
                "operation": self.action.operation(),
                "resource": id,
                "outcome": outcome.label(),
                "code": code,
                "message": message,
                "result": outcome.result(),
            })
            .to_string(),
            DoOutput::Text => {
                let why = [code, message]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ");
                crate::config::printable_lines(&format!(
                    "{id}  {}  {}  {why}",
                    self.action.name(),
                    outcome.label()
                ))
                .trim_end()
                .to_string()
            }
        }
    }

    /// The bar cleared, the summary on stderr.
    pub fn finish(&mut self) {
        self.bar.finish();
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let total: usize = self.counts.values().sum();
        self.say(&format!(
            "{} of {total} {}: {}",
            self.action.name(),
            self.noun,
            parts.join(", ")
        ));
    }

    /// 3 when some may have been applied, else 1 when some failed or were not sent, else 0.
    pub fn exit_code(&self) -> std::process::ExitCode {
        let has = |k: &str| self.counts.get(k).is_some_and(|&n| n > 0);
        if has("unknown") {
            std::process::ExitCode::from(EXIT_UNKNOWN)
        } else if has("failed") || has("cancelled") {
            std::process::ExitCode::FAILURE
        } else {
            std::process::ExitCode::SUCCESS
        }
    }
}
