//! The WorkSpaces pane's usage columns (wide mode or `[columns]`): HOURS connected this
//! month, LAT95 (in-session latency p95 over 7 days, ms), CPU% and DISK% (latest day), from
//! CloudWatch (`domain::usage`), and ADVICE, the billing-mode advisor's (`domain::advice`).
//! Not fetched yet draws `…`; a metric CloudWatch has no data for draws `–`, never 0.

use crate::domain::advice::{advise, Advice};
use crate::domain::usage::UsageSummary;
use crate::domain::usage_book::UsageEntry;
use crate::domain::Workspace;
use crate::table::resource::{col, num_key, Column, Ctx, WIDE_ONLY};
use crate::table::sort::SortKey;

/// Drawn while a summary is being fetched (or was never asked for).
pub const LOADING: &str = "…";
/// Drawn for a metric CloudWatch has no datapoint for.
pub const NO_DATA: &str = "–";
/// Drawn when the fetch failed (said on the status line).
const FAILED: &str = "?";

/// The titles of the usage columns, for deciding when to fetch.
pub const USAGE_TITLES: &[&str] = &["HOURS", "LAT95", "CPU%", "DISK%", "ADVICE"];

fn number(w: &Workspace, ctx: &Ctx, of: fn(&UsageSummary) -> Option<f64>) -> String {
    match ctx.usage.get(&w.id) {
        Some(UsageEntry::Ready { summary, .. }) => match of(summary) {
            Some(v) => format!("{v:.0}"),
            None => NO_DATA.into(),
        },
        Some(UsageEntry::Failed { .. }) => FAILED.into(),
        _ => LOADING.into(),
    }
}

fn key(w: &Workspace, ctx: &Ctx, of: fn(&UsageSummary) -> Option<f64>) -> SortKey {
    num_key(ctx.usage.summary(&w.id).and_then(of))
}

/// The advice for a WorkSpace whose summary is fetched.
pub fn advice_of(w: &Workspace, ctx: &Ctx) -> Option<Advice> {
    let usage = ctx.usage.summary(&w.id)?;
    let tags = ctx.tags.get(&w.id).map(Vec::as_slice);
    Some(advise(usage, w, tags, ctx.billing, ctx.now))
}

/// What filters match and exports write: the running mode advised, or nothing.
fn advice_value(w: &Workspace, ctx: &Ctx) -> String {
    advice_of(w, ctx)
        .and_then(|a| a.mode())
        .unwrap_or_default()
        .to_string()
}

/// What the screen shows: `→ AUTO_STOP 23h<81h`, or why there is no advice.
fn advice_drawn(w: &Workspace, ctx: &Ctx) -> String {
    match (advice_of(w, ctx), ctx.usage.get(&w.id)) {
        (Some(a), _) => a.text(),
        (None, Some(UsageEntry::Failed { .. })) => FAILED.into(),
        (None, _) => LOADING.into(),
    }
}

pub const HOURS: Column<Workspace> = col::<Workspace>("HOURS", &["hours"], 5, WIDE_ONLY, |w, c| {
    number(w, c, |u| u.hours)
})
.sorted(|w, c| key(w, c, |u| u.hours))
.live();

pub const LAT95: Column<Workspace> =
    col::<Workspace>("LAT95", &["lat95", "latency"], 5, WIDE_ONLY, |w, c| {
        number(w, c, |u| u.latency_p95)
    })
    .sorted(|w, c| key(w, c, |u| u.latency_p95))
    .live();

pub const CPU: Column<Workspace> = col::<Workspace>("CPU%", &["cpu"], 4, WIDE_ONLY, |w, c| {
    number(w, c, |u| u.cpu)
})
.sorted(|w, c| key(w, c, |u| u.cpu))
.live();

pub const DISK: Column<Workspace> = col::<Workspace>("DISK%", &["disk"], 5, WIDE_ONLY, |w, c| {
    number(w, c, |u| u.disk)
})
.sorted(|w, c| key(w, c, |u| u.disk))
.live();

pub const ADVICE: Column<Workspace> =
    col::<Workspace>("ADVICE", &["advice"], 20, WIDE_ONLY, advice_value)
        .drawn(advice_drawn)
        .live();
