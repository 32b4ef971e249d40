//! The audit log: one JSON line per job submitted, per call about to be sent, per resource
//! outcome, and per job finished, appended to a file only the user can read. It holds what was
//! done to which resource and what the service said; never credentials (the queue never sees
//! them).
//!
//! Lines that could not be written are kept, in order, and written before any later line once
//! the file can be written again, so a full disk that clears up loses nothing (while wsfleet
//! runs). A `sending` line is the exception: it is the permission to send, so it is written
//! now or not at all, and the queue does not send until it is.

use std::collections::VecDeque;
use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

use crate::domain::{place, Action, Outcome};

use super::job::{Counts, JobId, JobState};

/// Appends audit entries to one file, opened on first use (and again after a failure, so a
/// full disk that clears up resumes logging).
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    inner: Mutex<Inner>,
    #[cfg(test)]
    breaker: Breaker,
}

#[derive(Debug, Default)]
struct Inner {
    file: Option<File>,
    /// Lines not written yet, oldest first.
    backlog: VecDeque<String>,
}

/// Makes every write of one log fail, as a full disk would mid-job (for the queue's tests).
#[cfg(test)]
#[derive(Debug, Clone, Default)]
pub(crate) struct Breaker(std::sync::Arc<Mutex<Option<std::io::ErrorKind>>>);

#[cfg(test)]
impl Breaker {
    pub fn set(&self, broken: Option<std::io::ErrorKind>) {
        *self.0.lock().unwrap() = broken;
    }
}

/// Who acted where; shared by every entry of a job.
#[derive(Debug, Clone, Copy)]
pub struct AuditContext<'a> {
    pub profile: Option<&'a str>,
    pub region: &'a str,
    pub action: &'a Action,
    pub job: JobId,
    /// The image update campaign the job is a step of: each line names it and the step.
    pub campaign: Option<&'a super::job::CampaignTag>,
}

/// One line of the log. Empty fields are left out.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a str>,
    region: &'a str,
    /// In a view of several profiles (`--profile a,b`), the view's name ("a+b"); `profile`
    /// and `region` are then the account and Region the target is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    view: Option<&'a str>,
    job: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    campaign: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<&'a str>,
    action: String,
    operation: &'static str,
    /// submitted | sending | outcome | finished
    event: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<&'static str>,
    /// What a successful call created (the new image's ID).
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    /// The IDs of the call about to be sent (`sending`), and which try of that batch it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    ids: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attempt: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    targets: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<usize>,
    /// How the job ended (`finished`): done | cancelled | refused | interrupted.
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<CountsJson>,
}

#[derive(Debug, Serialize)]
struct CountsJson {
    sent: usize,
    succeeded: usize,
    failed: usize,
    skipped: usize,
    cancelled: usize,
    unknown: usize,
    calls: u32,
}

impl AuditLog {
    /// `audit.log` in the user's data directory (e.g. ~/.local/share/wsfleet), if there is a
    /// home directory to put it in. The app passes `--audit-log PATH` instead when given.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "wsfleet").map(|d| d.data_dir().join("audit.log"))
    }

    /// An existing audit log others may read or write (mode looser than 0600), in words for
    /// the status line; wsfleet creates it 0600 but does not change a file it did not make.
    pub fn loose_mode(path: &Path) -> Option<String> {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::symlink_metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then(|| {
            format!(
                "audit log {} has mode {mode:o}: others can read it (chmod 600 it)",
                path.display()
            )
        })
    }

    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            inner: Mutex::new(Inner::default()),
            #[cfg(test)]
            breaker: Breaker::default(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A job was accepted: how many resources it will send and how many it skipped. The
    /// queue sends nothing of a job whose `submitted` line failed.
    pub fn submitted(
        &self,
        ctx: AuditContext,
        targets: usize,
        skipped: usize,
    ) -> Result<(), String> {
        self.write(
            &Entry {
                targets: Some(targets),
                skipped: Some(skipped),
                ..entry(ctx, "submitted")
            },
            true,
        )
    }

    /// A call is about to be sent with these IDs (`attempt` 1 for the first try of a batch).
    /// Written (with every older unwritten line before it) or not at all: the queue sends
    /// only after this returns `Ok`.
    pub fn sending(&self, ctx: AuditContext, ids: &[String], attempt: u32) -> Result<(), String> {
        self.write(
            &Entry {
                ids: Some(ids),
                attempt: Some(attempt),
                ..entry(ctx, "sending")
            },
            false,
        )
    }

    pub fn outcome(
        &self,
        ctx: AuditContext,
        resource: &str,
        label: &str,
        outcome: &Outcome,
    ) -> Result<(), String> {
        self.write(&outcome_entry(ctx, resource, label, outcome), true)
    }

    pub fn finished(
        &self,
        ctx: AuditContext,
        state: &JobState,
        counts: Counts,
        calls: u32,
    ) -> Result<(), String> {
        self.write(&finished_entry(ctx, state, counts, calls), true)
    }

    /// The lines of a job whose process died (SIGKILL, a crash), written by the next start:
    /// each target's outcome and the job's `finished` line, in one write that lands whole or
    /// not at all (never kept for later: the journal, left unchanged on failure, asks again
    /// at the next start, so the lines are written once).
    pub fn ended_without_record(
        &self,
        ctx: AuditContext,
        outcomes: &[(&str, &str, Outcome)],
        counts: Counts,
        calls: u32,
    ) -> Result<(), String> {
        let mut text = String::new();
        for (resource, label, outcome) in outcomes {
            let mut line = serde_json::to_string(&outcome_entry(ctx, resource, label, outcome))
                .map_err(|e| e.to_string())?;
            line.push('\n');
            text.push_str(&line);
        }
        let message = "recorded at the next start: wsfleet ended (killed or crashed) while the \
                       job ran";
        let finished = Entry {
            message: Some(message),
            ..finished_entry(ctx, &JobState::Interrupted, counts, calls)
        };
        text.push_str(&serde_json::to_string(&finished).map_err(|e| e.to_string())?);
        text.push('\n');
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        self.drain(&mut inner, Some(&text))
    }

    /// Write the lines kept from earlier failures.
    pub fn flush(&self) -> Result<(), String> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        self.drain(&mut inner, None)
    }

    #[cfg(test)]
    pub(crate) fn breaker(&self) -> Breaker {
        self.breaker.clone()
    }

    /// Lines kept because they could not be written yet.
    pub fn unwritten(&self) -> usize {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.backlog.len()
    }

    /// One line, written whole and flushed before returning, after every older unwritten line,
    /// so a crash loses no entry that was reported written. `keep`: on failure the line waits
    /// in the backlog; otherwise it is dropped. The error names the file, for the status line.
    fn write(&self, entry: &Entry, keep: bool) -> Result<(), String> {
        let mut line = serde_json::to_string(entry).map_err(|e| e.to_string())?;
        line.push('\n');
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if keep {
            inner.backlog.push_back(line);
            self.drain(&mut inner, None)
        } else {
            self.drain(&mut inner, Some(&line))
        }
    }

    /// Write the backlog, then `extra`; stop at the first failure, keeping what is left.
    fn drain(&self, inner: &mut Inner, extra: Option<&str>) -> Result<(), String> {
        let result = (|| {
            #[cfg(test)]
            if let Some(kind) = *self.breaker.0.lock().unwrap() {
                return Err(std::io::Error::from(kind));
            }
            if inner.file.is_none() {
                inner.file = Some(self.open()?);
            }
            let Inner { file, backlog, .. } = inner;
            let f = file.as_mut().expect("opened above");
            while let Some(line) = backlog.front() {
                write_whole(f, line.as_bytes())?;
                backlog.pop_front();
            }
            if let Some(line) = extra {
                write_whole(f, line.as_bytes())?;
            }
            Ok(())
        })();
        result.map_err(|e: std::io::Error| {
            // Reopen next time rather than keep writing to a handle that failed.
            inner.file = None;
            format!("audit log {}: {e}", self.path.display())
        })
    }

    /// Created 0600 in a 0700 directory: the log names users and resources of the account.
    /// A line cut short by an earlier failure (or a crash) is ended first, so the next entry
    /// starts on a line of its own.
    fn open(&self) -> std::io::Result<File> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| {
                    std::io::Error::new(
                        e.kind(),
                        format!("cannot create directory {}: {e}", dir.display()),
                    )
                })?;
        }
        // Never through a symbolic link (it could point at another user's file), never
        // blocking on a FIFO, and only a regular file: a device or FIFO is refused by name.
        let mut f = crate::private_file::open_regular(
            OpenOptions::new()
                .create(true)
                .read(true)
                .append(true)
                .mode(0o600),
            &self.path,
        )
        .map_err(|e| std::io::Error::new(e.kind(), format!("{} is {e}", self.path.display())))?;
        let len = f.metadata()?.len();
        if len > 0 {
            let mut last = [0u8];
            f.seek(SeekFrom::Start(len - 1))?;
            f.read_exact(&mut last)?;
            if last[0] != b'\n' {
                f.write_all(b"\n")?;
            }
        }
        Ok(f)
    }
}

fn outcome_entry<'a>(
    ctx: AuditContext<'a>,
    resource: &'a str,
    label: &'a str,
    outcome: &'a Outcome,
) -> Entry<'a> {
    let (code, message) = outcome.code_and_message();
    Entry {
        resource: Some(resource),
        label: Some(label).filter(|l| !l.is_empty()),
        outcome: Some(outcome.label()),
        result: outcome.result(),
        error_code: code,
        message,
        ..entry(ctx, "outcome")
    }
}

fn finished_entry<'a>(
    ctx: AuditContext<'a>,
    state: &'a JobState,
    counts: Counts,
    calls: u32,
) -> Entry<'a> {
    let reason = match state {
        JobState::Refused { reason } => Some(reason.as_str()),
        _ => None,
    };
    Entry {
        state: Some(state.label()),
        message: reason,
        counts: Some(CountsJson {
            sent: counts.sent,
            succeeded: counts.succeeded,
            failed: counts.failed,
            skipped: counts.skipped,
            cancelled: counts.cancelled,
            unknown: counts.unknown,
            calls,
        }),
        ..entry(ctx, "finished")
    }
}

/// Append `bytes` whole or not at all: after a failed write (a full disk) the file is cut back
/// to where it ended, so the log never holds a partial line for a JSON-lines reader to stop
/// at; the line is written again whole later.
fn write_whole(f: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    let len = f.metadata()?.len();
    let written = f.write_all(bytes).and_then(|()| f.flush());
    if written.is_err() {
        let _ = f.set_len(len);
    }
    written
}

fn entry<'a>(ctx: AuditContext<'a>, event: &'static str) -> Entry<'a> {
    Entry {
        time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        // A place "PROFILE/REGION" (`domain::place`) is written as its profile and Region.
        profile: place::profile(ctx.region).or(ctx.profile),
        region: place::region(ctx.region),
        view: place::profile(ctx.region).and(ctx.profile),
        job: ctx.job.0,
        campaign: ctx.campaign.map(|c| c.key.as_str()),
        step: ctx.campaign.map(|c| c.step.as_str()),
        action: ctx.action.name(),
        operation: ctx.action.operation(),
        event,
        resource: None,
        label: None,
        outcome: None,
        result: None,
        error_code: None,
        message: None,
        ids: None,
        attempt: None,
        targets: None,
        skipped: None,
        state: None,
        counts: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("wsfleet-audit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    fn ctx(action: &Action) -> AuditContext<'_> {
        AuditContext {
            profile: Some("ops"),
            region: "us-east-1",
            action,
            job: JobId(7),
            campaign: None,
        }
    }

    #[test]
    fn a_loose_mode_is_reported() {
        let dir = temp_dir("loose");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("audit.log");
        std::fs::write(&path, "").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let said = AuditLog::loose_mode(&path).unwrap();
        assert!(
            said.contains("mode 644") && said.contains("chmod 600"),
            "{said}"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(AuditLog::loose_mode(&path), None);
        assert_eq!(AuditLog::loose_mode(&dir.join("none.log")), None);
    }

    #[test]
    fn a_symbolic_link_is_never_followed() {
        let dir = temp_dir("link");
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("someone-elses.log");
        std::fs::write(&victim, "theirs\n").unwrap();
        let link = dir.join("audit.log");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let a = Action::Reboot;
        let err = AuditLog::new(&link).submitted(ctx(&a), 1, 0).unwrap_err();
        assert!(err.contains("is a symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "theirs\n");
    }

    #[test]
    fn a_place_of_several_profiles_is_written_as_its_profile_and_region() {
        let dir = temp_dir("place");
        let log = AuditLog::new(dir.join("audit.log"));
        let a = Action::Reboot;
        let place = AuditContext {
            profile: Some("prod+dev"),
            region: "dev/eu-west-1",
            ..ctx(&a)
        };
        log.submitted(place, 1, 0).unwrap();
        log.submitted(ctx(&a), 1, 0).unwrap();
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["profile"], "dev");
        assert_eq!(lines[0]["region"], "eu-west-1");
        assert_eq!(lines[0]["view"], "prod+dev");
        assert_eq!(lines[1]["profile"], "ops");
        assert_eq!(lines[1]["region"], "us-east-1");
        assert!(lines[1].get("view").is_none());
    }

    #[test]
    fn entries_are_json_lines_in_a_private_file() {
        let dir = temp_dir("lines");
        let log = AuditLog::new(dir.join("sub/audit.log"));
        let a = Action::Reboot;
        log.submitted(ctx(&a), 2, 0).unwrap();
        let ids = vec!["ws-1".to_string(), "ws-2".to_string()];
        log.sending(ctx(&a), &ids, 1).unwrap();
        log.outcome(ctx(&a), "ws-1", "alice", &Outcome::succeeded())
            .unwrap();
        let unknown = Outcome::Unknown {
            code: "InternalFailure".into(),
            message: "may or may not have been applied: x".into(),
        };
        log.outcome(ctx(&a), "ws-2", "", &unknown).unwrap();
        let counts = Counts {
            sent: 2,
            succeeded: 1,
            unknown: 1,
            ..Counts::default()
        };
        log.finished(ctx(&a), &JobState::Done, counts, 1).unwrap();

        let mode = std::fs::metadata(log.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[1]["event"], "sending");
        assert_eq!(lines[1]["ids"], serde_json::json!(["ws-1", "ws-2"]));
        assert_eq!(lines[1]["attempt"], 1);
        assert_eq!(lines[2]["resource"], "ws-1");
        assert_eq!(lines[2]["outcome"], "succeeded");
        assert_eq!(lines[2]["operation"], "RebootWorkspaces");
        assert_eq!(lines[2]["profile"], "ops");
        assert_eq!(lines[2]["job"], 7);
        assert!(lines[2].get("result").is_none());
        assert!(lines[2]["time"].as_str().unwrap().ends_with('Z'));
        assert_eq!(lines[3]["outcome"], "unknown");
        assert_eq!(lines[3]["error_code"], "InternalFailure");
        assert!(lines[3].get("label").is_none());
        assert_eq!(lines[4]["event"], "finished");
        assert_eq!(lines[4]["state"], "done");
        assert_eq!(lines[4]["counts"]["calls"], 1);
        assert_eq!(lines[4]["counts"]["unknown"], 1);
        assert_eq!(lines[4]["counts"]["sent"], 2);

        // Appended, not truncated, when opened again.
        AuditLog::new(log.path()).submitted(ctx(&a), 1, 0).unwrap();
        assert_eq!(
            std::fs::read_to_string(log.path()).unwrap().lines().count(),
            6
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn results_and_reasons_have_their_keys() {
        let dir = temp_dir("result");
        let log = AuditLog::new(dir.join("audit.log"));
        let a = Action::CreateImage {
            name: "n".into(),
            description: "d".into(),
        };
        let made = Outcome::Succeeded {
            result: Some("wsi-0123456789".into()),
        };
        log.outcome(ctx(&a), "ws-1", "", &made).unwrap();
        log.outcome(
            ctx(&a),
            "ws-2",
            "",
            &Outcome::cancelled("interrupted, not sent"),
        )
        .unwrap();
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["result"], "wsi-0123456789");
        assert_eq!(lines[1]["outcome"], "cancelled");
        assert_eq!(lines[1]["message"], "interrupted, not sent");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn unwritten_lines_wait_in_order_and_a_sending_line_is_never_kept() {
        let dir = temp_dir("backlog");
        std::fs::create_dir_all(&dir).unwrap();
        // A regular file where the log's directory should be: every write fails.
        let blocker = dir.join("afile");
        std::fs::write(&blocker, "").unwrap();
        let log = AuditLog::new(blocker.join("audit.log"));
        let a = Action::Reboot;
        let err = log.submitted(ctx(&a), 1, 0).unwrap_err();
        assert!(err.contains("afile"), "{err}");
        assert!(log.sending(ctx(&a), &["ws-1".into()], 1).is_err());
        assert!(log
            .outcome(ctx(&a), "ws-1", "", &Outcome::cancelled("x"))
            .is_err());
        assert_eq!(
            log.unwritten(),
            2,
            "submitted and outcome kept, sending not"
        );

        // The way clears: the kept lines come first, in order.
        std::fs::remove_file(&blocker).unwrap();
        log.sending(ctx(&a), &["ws-2".into()], 1).unwrap();
        let text = std::fs::read_to_string(log.path()).unwrap();
        let events: Vec<String> = text
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["event"].to_string())
            .collect();
        assert_eq!(events, [r#""submitted""#, r#""outcome""#, r#""sending""#]);
        assert_eq!(log.unwritten(), 0);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_line_cut_short_is_ended_before_the_next() {
        let dir = temp_dir("cut");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("audit.log");
        std::fs::write(&path, "{\"event\":\"outc").unwrap();
        let log = AuditLog::new(&path);
        log.submitted(ctx(&Action::Reboot), 1, 0).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        assert_eq!(last["event"], "submitted");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_path_that_cannot_be_written_is_reported() {
        let dir = temp_dir("fail");
        std::fs::create_dir_all(&dir).unwrap();
        let log = AuditLog::new(&dir);
        let err = log.submitted(ctx(&Action::Reboot), 1, 0).unwrap_err();
        assert!(err.contains(&dir.display().to_string()), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_default_path_is_in_the_data_directory() {
        if let Some(p) = AuditLog::default_path() {
            assert!(p.ends_with("audit.log"));
            assert!(p.to_string_lossy().contains("wsfleet"));
        }
    }
}
