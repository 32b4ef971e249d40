//! At start, before anything is sent: jobs of the journal whose process died (SIGKILL, a
//! crash, a power cut) never got their last outcomes or a `finished` line. Their targets that
//! were in a call are recorded `unknown` (the call may or may not have reached the service:
//! never resent), those never sent `cancelled` (kept in the journal for resume, as after
//! SIGHUP), and the job its `finished` line, in one write to the audit log. The entry is then
//! marked `ended`, so this happens once.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::domain::{place, Outcome};

use super::audit::{AuditContext, AuditLog};
use super::job::{Counts, JobId};
use super::journal;
use super::unfinished::{UnfinishedJob, UnknownTarget, ENDED};

/// What the start found in the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Jobs whose process died, now recorded.
    pub recorded: usize,
    /// Entries not understood and moved aside, a line each for the status line.
    pub set_aside: Vec<String>,
}

pub const IN_FLIGHT: &str = "may or may not have been applied: wsfleet ended (killed or \
                             crashed) while this call was in flight";
pub const NEVER_SENT: &str = "interrupted, not sent: wsfleet ended (killed or crashed)";

/// Record every dead job of `profile`'s journal in `audit` and mark it `ended`. A job whose
/// lines cannot be written stays as it is, to be recorded at a later start.
pub fn recover(dir: &Path, profile: &str, audit: &AuditLog) -> Result<Recovered, String> {
    let mut recorded = 0;
    let mut failed = None;
    let set_aside = journal::update_file(dir, profile, |jobs, _| {
        for job in jobs.iter_mut().filter(|j| j.unrecorded()) {
            match record(job, audit) {
                Ok(()) => recorded += 1,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(Recovered {
            recorded,
            set_aside,
        }),
    }
}

/// Write one dead job's lines; on success its in-flight targets become unknown and it is
/// `ended`. A target whose answer was recorded just before the kill (outcome lines written,
/// journal not yet) keeps that outcome: it never gets a second one.
fn record(job: &mut UnfinishedJob, audit: &AuditLog) -> Result<(), String> {
    let never = Outcome::cancelled(NEVER_SENT);
    let answered = answered_since(audit.path(), job);
    job.in_flight.retain(|t| !answered.contains_key(&t.id));
    let mut counts = job.counts;
    for outcome in answered.values() {
        counts.sent += 1;
        match outcome.as_str() {
            "succeeded" => counts.succeeded += 1,
            "failed" => counts.failed += 1,
            _ => counts.unknown += 1,
        }
    }
    let outcomes: Vec<(&str, &str, Outcome)> = job
        .in_flight
        .iter()
        .map(|t| {
            let outcome = UnknownTarget::no_answer(t.clone(), IN_FLIGHT).outcome();
            (t.id.as_str(), t.label.as_str(), outcome)
        })
        .chain(
            job.not_sent
                .iter()
                .map(|t| (t.id.as_str(), t.label.as_str(), never.clone())),
        )
        .collect();
    let counts = Counts {
        sent: counts.sent + job.in_flight.len(),
        cancelled: counts.cancelled + job.not_sent.len(),
        unknown: counts.unknown + job.in_flight.len(),
        pending: 0,
        ..counts
    };
    let ctx = AuditContext {
        profile: job.profile.as_deref(),
        region: &job.region,
        action: &job.action,
        job: JobId(job.job),
        campaign: job.campaign.as_ref(),
    };
    audit.ended_without_record(ctx, &outcomes, counts, job.calls)?;
    job.settle_in_flight(IN_FLIGHT);
    job.state = ENDED.into();
    Ok(())
}

/// The outcomes the audit log already holds for `job`'s in-flight targets, written since the
/// journal's last write (the job's number is only unique within its run, so the time and the
/// place narrow it down). Only the log's tail is read: the lines sought came last.
fn answered_since(path: &Path, job: &UnfinishedJob) -> HashMap<String, String> {
    const TAIL: u64 = 8 << 20;
    let mut found = HashMap::new();
    if job.in_flight.is_empty() {
        return found;
    }
    let Ok(mut f) = crate::private_file::open_regular(std::fs::OpenOptions::new().read(true), path)
    else {
        return found;
    };
    let len = f.metadata().map_or(0, |m| m.len());
    let mut text = String::new();
    let read = f
        .seek(SeekFrom::Start(len.saturating_sub(TAIL)))
        .and_then(|_| f.read_to_string(&mut text));
    if read.is_err() {
        return found;
    }
    let flying: HashSet<&str> = job.in_flight.iter().map(|t| t.id.as_str()).collect();
    let region = place::region(&job.region);
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let time = v["time"]
            .as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map_or(i64::MIN, |t| t.timestamp());
        let ours = v["event"] == "outcome"
            && v["job"] == job.job
            && v["region"] == region
            && time >= job.updated_at;
        if let (true, Some(id), Some(outcome)) =
            (ours, v["resource"].as_str(), v["outcome"].as_str())
        {
            if flying.contains(id) {
                found.insert(id.to_string(), outcome.to_string());
            }
        }
    }
    found
}
