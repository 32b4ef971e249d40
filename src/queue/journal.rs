//! The unfinished-jobs journal: while a job runs, a file in the data directory says which of
//! its resources were not sent yet and which may or may not have been acted on, so that after
//! a quit, a crash or a SIGKILL the user can resume exactly the unsent ones.
//!
//! One file per profile, `unfinished-<profile>.json` (mode 0600, directory 0700), replaced
//! atomically (temporary file, then rename) each time a job is accepted, before each call,
//! after each answer, and when the job ends: a job that finishes normally leaves the file, one
//! interrupted by `QueueHandle::shutdown` stays in it (as does every job when the process
//! dies). When the last job leaves, the file is removed.
//!
//! ```json
//! { "version": 1, "profile": "ops", "jobs": [ {
//!     "key": "1767225600123-4242-7", "job": 7,
//!     "action": "Reboot", "name": "reboot", "operation": "RebootWorkspaces",
//!     "profile": "ops", "region": "us-east-1",
//!     "queued_at": 1767225600, "updated_at": 1767225631, "state": "interrupted",
//!     "not_sent": [ { "id": "ws-0123456789", "label": "alice" } ],
//!     "in_flight": [],
//!     "unknown": [ { "id": "ws-1123456789", "label": "bob", "code": "InternalFailure",
//!                    "message": "may or may not have been applied: …" } ] } ] }
//! ```
//!
//! `action` is `domain::Action` as serde writes it (`"Reboot"`, `{"SetRunningMode":"AUTO_STOP"}`,
//! `{"CreateImage":{"name":…,"description":…}}`); `name` and `operation` are for people.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::campaign::Campaign;
use super::job::JobSpec;
use super::journal_aside::{set_aside, Aside};
use super::precheck::{plan, Precheck};
use super::unfinished;
pub use super::unfinished::{UnfinishedJob, UnknownTarget, DEFAULT_PROFILE, ENDED};

const VERSION: u32 = 1;

/// Where the journal lives: `WSFLEET_DATA_DIR`, else the user's data directory (beside the
/// default audit log).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("WSFLEET_DATA_DIR") {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "wsfleet").map(|d| d.data_dir().to_path_buf())
}

#[derive(Debug, Serialize, Deserialize)]
struct JournalFile {
    version: u32,
    profile: String,
    /// Read one by one (`parse_entry`), so an entry this wsfleet does not understand is set
    /// aside by itself and never hides, or takes down, the others.
    jobs: Vec<serde_json::Value>,
    /// Image update campaigns not finished (`queue::campaign`); their jobs are among `jobs`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    campaigns: Vec<Campaign>,
}

/// Every read-modify-write of a journal file in this process takes turns: the queue's jobs
/// (one task per region) and the app's `discard` may touch the same profile's file.
static LOCK: Mutex<()> = Mutex::new(());

/// `dir/unfinished-<profile>.json`; characters outside `[A-Za-z0-9._-]` in the profile are
/// written `%XX`, so every profile has a file name of its own.
pub fn path(dir: &Path, profile: &str) -> PathBuf {
    let mut name = String::from("unfinished-");
    for b in profile.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            name.push(b as char);
        } else {
            name.push_str(&format!("%{b:02X}"));
        }
    }
    name.push_str(".json");
    dir.join(name)
}

/// `dir/unfinished-<profile>.set-aside.json`: where entries not understood go
/// (`journal_aside`).
pub fn aside_path(dir: &Path, profile: &str) -> PathBuf {
    path(dir, profile).with_extension("set-aside.json")
}

/// The unfinished jobs of `profile`, oldest first; none when there is no file. Resources that
/// were in flight when the file was last written are returned as unknown.
pub fn load(dir: &Path, profile: &str) -> Result<Vec<UnfinishedJob>, String> {
    let _turn = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let mut jobs = read(dir, profile)?;
    jobs.iter_mut()
        .for_each(|j| j.settle_in_flight(unfinished::IN_FLIGHT));
    jobs.sort_by_key(|j| j.queued_at);
    Ok(jobs)
}

/// Forget a job (the user chose not to resume it).
pub fn discard(dir: &Path, profile: &str, key: &str) -> Result<(), String> {
    update(dir, profile, |jobs| jobs.retain(|j| j.key != key))
}

/// The job that sends what `job` did not send, given the resources as they are now (re-read by
/// ID): resources that now fail the action's precheck are skipped with the reason, resources
/// not among `current` are skipped as not found, and only `job.not_sent` is considered, so a
/// resource with an outcome (sent, unknown) is never included. Submit it with
/// `QueueHandle::resume(job.key, spec)`, which takes the old entry out of the journal.
pub fn resume_spec<'a, T: Precheck + 'a>(
    job: &UnfinishedJob,
    current: impl IntoIterator<Item = &'a T>,
) -> JobSpec {
    let mut rows: HashMap<String, &T> = current.into_iter().map(|r| (r.target().id, r)).collect();
    let mut found = vec![];
    let mut missing = vec![];
    for t in &job.not_sent {
        match rows.remove(&t.id) {
            Some(r) => found.push(r),
            None => missing.push((
                t.clone(),
                "not found when re-read: it may have been deleted".to_string(),
            )),
        }
    }
    let mut spec = JobSpec::new(
        job.action.clone(),
        job.region.clone(),
        plan(&job.action, found),
    );
    spec.profile = job.profile.clone();
    spec.campaign = job.campaign.clone();
    spec.skipped.extend(missing);
    spec
}

/// Put `job` in its profile's file (replacing its older self), and take `replaces` out in the
/// same write.
pub(crate) fn put(
    dir: &Path,
    profile: &str,
    job: &UnfinishedJob,
    replaces: Option<&str>,
) -> Result<(), String> {
    update(dir, profile, |jobs| {
        // In its own (or its predecessor's) place, so the file reads in submission order.
        let at = jobs
            .iter()
            .position(|j| j.key == job.key || Some(j.key.as_str()) == replaces);
        jobs.retain(|j| j.key != job.key && Some(j.key.as_str()) != replaces);
        jobs.insert(at.unwrap_or(jobs.len()).min(jobs.len()), job.clone());
    })
}

/// Take a finished job out.
pub(crate) fn remove(dir: &Path, profile: &str, key: &str) -> Result<(), String> {
    update(dir, profile, |jobs| jobs.retain(|j| j.key != key))
}

/// A key no other job of any run shares: queue time in ms, process ID, job number.
pub(crate) fn key(queued_ms: i64, job: u64) -> String {
    format!("{queued_ms}-{}-{job}", std::process::id())
}

fn update(
    dir: &Path,
    profile: &str,
    f: impl FnOnce(&mut Vec<UnfinishedJob>),
) -> Result<(), String> {
    update_file(dir, profile, |jobs, _| f(jobs)).map(drop)
}

/// Read-modify-write the whole file (jobs and campaigns); removed when both are empty.
/// Entries not understood are moved to the set-aside file first (never dropped); what was
/// set aside is returned, a line each.
pub(super) fn update_file(
    dir: &Path,
    profile: &str,
    f: impl FnOnce(&mut Vec<UnfinishedJob>, &mut Vec<Campaign>),
) -> Result<Vec<String>, String> {
    let _turn = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let (mut jobs, mut campaigns, aside) = read_file(dir, profile)?;
    let set_aside = set_aside(dir, &aside_path(dir, profile), aside)?;
    let before = jobs.len() + campaigns.len() + set_aside.len();
    f(&mut jobs, &mut campaigns);
    let file = path(dir, profile);
    if jobs.is_empty() && campaigns.is_empty() {
        if before == 0 {
            return Ok(set_aside);
        }
        return match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(format!("journal {}: {e}", file.display()))
            }
            _ => Ok(set_aside),
        };
    }
    let jobs = jobs
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let text = serde_json::to_vec_pretty(&JournalFile {
        version: VERSION,
        profile: profile.to_string(),
        jobs,
        campaigns,
    })
    .map_err(|e| e.to_string())?;
    crate::private_file::write_atomically(dir, &file, &text)
        .map_err(|e| format!("journal {}: {e}", file.display()))?;
    Ok(set_aside)
}

/// The unfinished campaigns of `profile`.
pub fn load_campaigns(dir: &Path, profile: &str) -> Result<Vec<Campaign>, String> {
    let _turn = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    Ok(read_file(dir, profile)?.1)
}

/// Write a campaign's record (replacing its older self).
pub fn put_campaign(dir: &Path, profile: &str, campaign: &Campaign) -> Result<(), String> {
    update_file(dir, profile, |_, campaigns| {
        match campaigns.iter_mut().find(|c| c.key == campaign.key) {
            Some(c) => *c = campaign.clone(),
            None => campaigns.push(campaign.clone()),
        }
    })
    .map(drop)
}

/// Take a campaign out (it ended, or the user discarded it), with its jobs.
pub fn remove_campaign(dir: &Path, profile: &str, key: &str) -> Result<(), String> {
    update_file(dir, profile, |jobs, campaigns| {
        campaigns.retain(|c| c.key != key);
        jobs.retain(|j| j.campaign.as_ref().is_none_or(|t| t.key != key));
    })
    .map(drop)
}

fn read(dir: &Path, profile: &str) -> Result<Vec<UnfinishedJob>, String> {
    Ok(read_file(dir, profile)?.0)
}

#[allow(clippy::type_complexity)]
fn read_file(
    dir: &Path,
    profile: &str,
) -> Result<(Vec<UnfinishedJob>, Vec<Campaign>, Vec<Aside>), String> {
    let file = path(dir, profile);
    // Never through a symbolic link (hostile-input issue, item 7), never a FIFO or device;
    // writes replace the link itself (a new file renamed over it).
    let text = match crate::private_file::read_no_follow(&file) {
        Ok(Some(t)) => t,
        Ok(None) => return Ok((vec![], vec![], vec![])),
        Err(e) => return Err(format!("journal {}: {e}", file.display())),
    };
    let parsed: JournalFile = serde_json::from_slice(&text)
        .map_err(|e| format!("journal {}: not readable: {e}", file.display()))?;
    if parsed.version != VERSION {
        return Err(format!(
            "journal {}: version {} (this wsfleet reads {VERSION})",
            file.display(),
            parsed.version
        ));
    }
    let (mut jobs, mut aside) = (vec![], vec![]);
    for value in parsed.jobs {
        match parse_entry(&value, profile) {
            Ok(job) => jobs.push(job),
            Err(why) => aside.push((value, why)),
        }
    }
    Ok((jobs, parsed.campaigns, aside))
}

/// One job of the file, if it names a known action with parameters any form would accept,
/// a valid Region, and the file's own profile: a hand-edited or foreign entry is never
/// offered for resume.
fn parse_entry(value: &serde_json::Value, profile: &str) -> Result<UnfinishedJob, String> {
    let job: UnfinishedJob = serde_json::from_value(value.clone())
        .map_err(|e| format!("not a job this wsfleet knows: {e}"))?;
    crate::domain::validate::action(&job.action)
        .map_err(|e| format!("action {}: {e}", job.action.name()))?;
    // A Region name's characters (the view's own Regions are checked when it is resumed:
    // a job of a Region not shown is never sent).
    let region = crate::domain::place::region(&job.region);
    let region_ok = (1..=31).contains(&region.len())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !region_ok {
        return Err(format!("'{}' is not a Region", job.region));
    }
    let own = job.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
    if own != profile {
        return Err(format!(
            "profile '{own}' is not this journal's ('{profile}')"
        ));
    }
    Ok(job)
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
