//! The audit log: one JSON line per job submitted, per resource outcome, and per job finished,
//! appended to a file only the user can read. It holds what was done to which resource and
//! what the service said; never credentials (the queue never sees them).

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

use crate::domain::{Action, Outcome};

use super::job::{Counts, JobId};

/// Appends audit entries to one file, opened on first use (and again after a failure, so a
/// full disk that clears up resumes logging).
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: Mutex<Option<File>>,
}

/// Who acted where; shared by every entry of a job.
#[derive(Debug, Clone, Copy)]
pub struct AuditContext<'a> {
    pub profile: Option<&'a str>,
    pub region: &'a str,
    pub action: &'a Action,
    pub job: JobId,
}

/// One line of the log. Empty fields are left out.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a str>,
    region: &'a str,
    job: u64,
    action: String,
    operation: &'static str,
    /// submitted | outcome | finished
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
    #[serde(skip_serializing_if = "Option::is_none")]
    targets: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<CountsJson>,
}

#[derive(Debug, Serialize)]
struct CountsJson {
    succeeded: usize,
    failed: usize,
    skipped: usize,
    cancelled: usize,
    calls: u32,
}

impl AuditLog {
    /// `audit.log` in the user's data directory (e.g. ~/.local/share/wsfleet), if there is a
    /// home directory to put it in. The app passes `--audit-log PATH` instead when given.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "wsfleet").map(|d| d.data_dir().join("audit.log"))
    }

    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            file: Mutex::new(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A job was accepted: how many resources it will send and how many it skipped.
    pub fn submitted(
        &self,
        ctx: AuditContext,
        targets: usize,
        skipped: usize,
    ) -> Result<(), String> {
        self.write(&Entry {
            targets: Some(targets),
            skipped: Some(skipped),
            ..entry(ctx, "submitted")
        })
    }

    pub fn outcome(
        &self,
        ctx: AuditContext,
        resource: &str,
        label: &str,
        outcome: &Outcome,
    ) -> Result<(), String> {
        let (code, message) = match outcome {
            Outcome::Failed { code, message } | Outcome::Unknown { code, message } => {
                (Some(code.as_str()), Some(message.as_str()))
            }
            Outcome::Skipped { reason } | Outcome::Cancelled { reason } => {
                (None, Some(reason.as_str()))
            }
            Outcome::Succeeded { .. } => (None, None),
        };
        self.write(&Entry {
            resource: Some(resource),
            label: Some(label).filter(|l| !l.is_empty()),
            outcome: Some(outcome.label()),
            result: outcome.result(),
            error_code: code,
            message,
            ..entry(ctx, "outcome")
        })
    }

    pub fn finished(&self, ctx: AuditContext, counts: Counts, calls: u32) -> Result<(), String> {
        self.write(&Entry {
            counts: Some(CountsJson {
                succeeded: counts.succeeded,
                failed: counts.failed,
                skipped: counts.skipped,
                cancelled: counts.cancelled,
                calls,
            }),
            ..entry(ctx, "finished")
        })
    }

    /// One line, written whole and flushed before returning, so a crash loses no entry that
    /// was reported written. The error names the file, for the status line.
    fn write(&self, entry: &Entry) -> Result<(), String> {
        let mut line = serde_json::to_string(entry).map_err(|e| e.to_string())?;
        line.push('\n');
        let mut slot = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let result = match slot.as_mut() {
            Some(f) => f.write_all(line.as_bytes()).and_then(|()| f.flush()),
            None => self.open().and_then(|mut f| {
                f.write_all(line.as_bytes())?;
                f.flush()?;
                *slot = Some(f);
                Ok(())
            }),
        };
        result.map_err(|e| {
            // Reopen next time rather than keep writing to a handle that failed.
            *slot = None;
            format!("audit log {}: {e}", self.path.display())
        })
    }

    /// Created 0600 in a 0700 directory: the log names users and resources of the account.
    fn open(&self) -> std::io::Result<File> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        }
        OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&self.path)
    }
}

fn entry<'a>(ctx: AuditContext<'a>, event: &'static str) -> Entry<'a> {
    Entry {
        time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        profile: ctx.profile,
        region: ctx.region,
        job: ctx.job.0,
        action: ctx.action.name(),
        operation: ctx.action.operation(),
        event,
        resource: None,
        label: None,
        outcome: None,
        result: None,
        error_code: None,
        message: None,
        targets: None,
        skipped: None,
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
        }
    }

    #[test]
    fn entries_are_json_lines_in_a_private_file() {
        let dir = temp_dir("lines");
        let log = AuditLog::new(dir.join("sub/audit.log"));
        let a = Action::Reboot;
        log.submitted(ctx(&a), 2, 0).unwrap();
        log.outcome(ctx(&a), "ws-1", "alice", &Outcome::succeeded())
            .unwrap();
        let failed = Outcome::Unknown {
            code: "InternalFailure".into(),
            message: "may or may not have been applied: x".into(),
        };
        log.outcome(ctx(&a), "ws-2", "", &failed).unwrap();
        log.finished(ctx(&a), Counts::default(), 1).unwrap();

        let mode = std::fs::metadata(log.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[1]["resource"], "ws-1");
        assert_eq!(lines[1]["outcome"], "succeeded");
        assert_eq!(lines[1]["operation"], "RebootWorkspaces");
        assert_eq!(lines[1]["profile"], "ops");
        assert_eq!(lines[1]["job"], 7);
        assert!(lines[1]["time"].as_str().unwrap().ends_with('Z'));
        assert_eq!(lines[2]["error_code"], "InternalFailure");
        assert!(lines[2].get("label").is_none());
        assert_eq!(lines[3]["event"], "finished");
        assert_eq!(lines[3]["counts"]["calls"], 1);

        // Appended, not truncated, when opened again.
        AuditLog::new(log.path()).submitted(ctx(&a), 1, 0).unwrap();
        assert_eq!(
            std::fs::read_to_string(log.path()).unwrap().lines().count(),
            5
        );
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
