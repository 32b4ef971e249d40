//! The billing-mode advisor: whether a WorkSpace would cost less in the other running mode,
//! from its usage this month. Pure: no clock, no I/O; a `:doctor` rule calls [`advise`] too.
//!
//! AWS bills an AUTO_STOP WorkSpace by the hour while it runs, and it runs from a session's
//! start until the AutoStop timeout (RunningModeAutoStopTimeoutInMinutes) after the user
//! leaves: hours billed = hours connected + the timeout after each session (or the gap to the
//! next session, when that is shorter). ALWAYS_ON is a monthly fee. Above a compute type's
//! break-even hours (`[billing]`, defaults from the Cost Optimizer for Amazon WorkSpaces,
//! see `domain::billing`) monthly is cheaper. Like the Cost Optimizer:
//! - AUTO_STOP → ALWAYS_ON as soon as the hours billed exceed the break-even;
//! - ALWAYS_ON → AUTO_STOP only when the month's hours stay at or below it, only in the last
//!   `month_end_days` of the month (this month's fee is paid already), and never in the
//!   WorkSpace's first month (it published nothing last month: its use is not known yet);
//! - a WorkSpace carrying the skip tag is never advised.

use super::billing::Billing;
use super::usage::{next_month_start, UsageSummary};
use super::{Tag, Workspace};

pub const AUTO_STOP: &str = "AUTO_STOP";
pub const ALWAYS_ON: &str = "ALWAYS_ON";
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// The hours that justify an advice: billed this month (or as AUTO_STOP would have billed
/// them) against the compute type's break-even.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hours {
    pub billed: f64,
    pub break_even: f64,
}

/// What the advisor says of one WorkSpace.
#[derive(Debug, Clone, PartialEq)]
pub enum Advice {
    /// Switch to this running mode (`AUTO_STOP` or `ALWAYS_ON`).
    Switch { to: &'static str, hours: Hours },
    /// The running mode it has is the cheaper one.
    Keep(Hours),
    /// ALWAYS_ON → AUTO_STOP would pay, but not before the month's last days (from `day`).
    NotBefore { day: u32, hours: Hours },
    /// ALWAYS_ON → AUTO_STOP would pay, but this is its first month.
    FirstMonth(Hours),
    /// It carries the skip tag.
    Skipped,
    /// Its tags are not fetched yet, so whether it is skipped is not known.
    TagsUnknown,
    /// CloudWatch has no UserConnected datapoint for it this month.
    NoData,
    /// No break-even hours for its compute type in `[billing]`.
    NoBreakEven,
    /// Neither AUTO_STOP nor ALWAYS_ON (MANUAL, or a mode changing).
    OtherMode,
}

impl Advice {
    /// The running mode advised, if any: what `advice=AUTO_STOP` matches.
    pub fn mode(&self) -> Option<&'static str> {
        match self {
            Advice::Switch { to, .. } => Some(to),
            _ => None,
        }
    }

    /// As the ADVICE column draws it: `→ AUTO_STOP 23h<81h`, or why there is none.
    pub fn text(&self) -> String {
        let h = |h: &Hours| {
            let op = if h.billed > h.break_even { '>' } else { '<' };
            let op = if h.billed == h.break_even { '=' } else { op };
            format!("{:.0}h{op}{:.0}h", h.billed, h.break_even)
        };
        match self {
            Advice::Switch { to, hours } => format!("→ {to} {}", h(hours)),
            Advice::Keep(hours) => format!("keep {}", h(hours)),
            Advice::NotBefore { day, hours } => format!("from {} {}", ordinal(*day), h(hours)),
            Advice::FirstMonth(hours) => format!("1st month {}", h(hours)),
            Advice::Skipped => "skip tag".into(),
            Advice::TagsUnknown => "tags…".into(),
            Advice::NoData => "–".into(),
            Advice::NoBreakEven => "no break-even".into(),
            Advice::OtherMode => String::new(),
        }
    }
}

/// The advice for `ws` from its `usage` this month, its `tags` (None: not fetched yet), the
/// `[billing]` config and `now` (epoch seconds).
pub fn advise(
    usage: &UsageSummary,
    ws: &Workspace,
    tags: Option<&[Tag]>,
    billing: &Billing,
    now: i64,
) -> Advice {
    if !billing.skip_tag.is_empty() {
        match tags {
            None => return Advice::TagsUnknown,
            Some(t) if t.iter().any(|t| t.key == billing.skip_tag) => return Advice::Skipped,
            Some(_) => {}
        }
    }
    let mode = ws.running_mode.as_str();
    if mode != AUTO_STOP && mode != ALWAYS_ON {
        return Advice::OtherMode;
    }
    let Some(break_even) = billing.break_even_of(&ws.compute_type) else {
        return Advice::NoBreakEven;
    };
    let timeout_minutes = match (mode, ws.auto_stop_minutes) {
        (AUTO_STOP, Some(m)) if m > 0 => m as u32,
        _ => billing.auto_stop_minutes,
    };
    let Some(billed) = billed_hours(usage, timeout_minutes, now) else {
        return Advice::NoData;
    };
    let hours = Hours { billed, break_even };
    if mode == AUTO_STOP {
        return if billed > break_even {
            Advice::Switch {
                to: ALWAYS_ON,
                hours,
            }
        } else {
            Advice::Keep(hours)
        };
    }
    if billed > break_even {
        return Advice::Keep(hours);
    }
    if !usage.seen_last_month {
        return Advice::FirstMonth(hours);
    }
    let month_end = next_month_start(now);
    let from = month_end - i64::from(billing.month_end_days) * DAY;
    if now < from {
        return Advice::NotBefore {
            day: day_of_month(from),
            hours,
        };
    }
    Advice::Switch {
        to: AUTO_STOP,
        hours,
    }
}

/// Hours AutoStop bills this month: each session's hours, and after each one the timeout or
/// the gap to the next session, whichever is shorter (a session still going, or whose
/// timeout is not over, counts the time up to `now` only). None: no data.
pub fn billed_hours(usage: &UsageSummary, timeout_minutes: u32, now: i64) -> Option<f64> {
    let connected = usage.hours?;
    let timeout = i64::from(timeout_minutes) * 60;
    let hour_end = (now.div_euclid(HOUR) + 1) * HOUR;
    let mut after = 0i64;
    for (i, s) in usage.sessions.iter().enumerate() {
        let next = usage.sessions.get(i + 1).map_or(hour_end, |n| n.start);
        after += timeout.min(next - s.end()).max(0);
    }
    Some(connected + after as f64 / HOUR as f64)
}

/// `1st`, `2nd`, `23rd`, `28th`.
fn ordinal(day: u32) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

/// The day of the month (1–31, UTC) of `t`.
fn day_of_month(t: i64) -> u32 {
    use chrono::{Datelike, TimeZone, Utc};
    Utc.timestamp_opt(t, 0).single().map_or(1, |d| d.day())
}

#[cfg(test)]
#[path = "advice_tests.rs"]
mod tests;
