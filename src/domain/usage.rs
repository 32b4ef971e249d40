//! A WorkSpace's usage this month, summed from CloudWatch (namespace AWS/WorkSpaces,
//! dimension WorkspaceId): what the HOURS, LAT95, CPU% and DISK% columns show and the
//! billing-mode advisor (`domain::advice`) weighs. A value CloudWatch has no datapoint for is
//! `None` ("no data"), never 0.
//!
//! GetMetricData takes one StartTime and EndTime per call, so the queries fall in three
//! windows, each fetched in calls of its own: this month (hourly UserConnected, from which
//! hours and sessions are counted, as the Cost Optimizer for Amazon WorkSpaces counts billable
//! hours), the last seven days (latency p95, CPU, disks), and last month (whether the
//! WorkSpace published anything then: the advisor's first-month rule).

use chrono::{Datelike, TimeZone, Utc};

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// The time range a usage query is asked over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// From the first of this month (UTC) to the end of the current hour.
    Month,
    /// The seven days up to the end of the current hour.
    Week,
    /// The whole of last month.
    LastMonth,
}

/// One GetMetricData query per WorkSpace. `period: None` is the whole window, one datapoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageQuery {
    pub metric: &'static str,
    pub stat: &'static str,
    pub period: Option<i32>,
    pub window: Window,
}

const fn q(metric: &'static str, stat: &'static str, period: Option<i32>, w: Window) -> UsageQuery {
    UsageQuery {
        metric,
        stat,
        period,
        window: w,
    }
}

/// The queries of one WorkSpace's summary, in the order `UsageSummary::from_points` reads
/// them. UserConnected hourly Maximum is 1 for an hour a user was connected in (the Cost
/// Optimizer's unit of billable time); `p95` is an extended statistic.
pub const USAGE_QUERIES: [UsageQuery; 6] = [
    q("UserConnected", "Maximum", Some(3_600), Window::Month),
    q("UserConnected", "SampleCount", None, Window::LastMonth),
    q("InSessionLatency", "p95", None, Window::Week),
    q("CPUUsage", "Average", Some(86_400), Window::Week),
    q("RootVolumeDiskUsage", "Average", Some(86_400), Window::Week),
    q("UserVolumeDiskUsage", "Average", Some(86_400), Window::Week),
];

/// A window's [start, end) in epoch seconds at `now`; both on whole hours.
pub fn window_range(window: Window, now: i64) -> (i64, i64) {
    let hour_end = (now.div_euclid(HOUR) + 1) * HOUR;
    match window {
        Window::Month => (month_start(now), hour_end),
        Window::Week => (hour_end - 7 * DAY, hour_end),
        Window::LastMonth => {
            let this = month_start(now);
            (month_start(this - 1), this)
        }
    }
}

/// The first second of the UTC month `t` is in.
pub fn month_start(t: i64) -> i64 {
    let d = Utc.timestamp_opt(t, 0).single().unwrap_or_default();
    Utc.with_ymd_and_hms(d.year(), d.month(), 1, 0, 0, 0)
        .single()
        .map_or(t, |m| m.timestamp())
}

/// The first second of the UTC month after the one `t` is in.
pub fn next_month_start(t: i64) -> i64 {
    month_start(month_start(t) + 32 * DAY)
}

/// One session: consecutive hours with a user connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    /// Its first hour, epoch seconds.
    pub start: i64,
    pub hours: u32,
}

impl Session {
    pub fn end(&self) -> i64 {
        self.start + i64::from(self.hours) * HOUR
    }
}

/// What CloudWatch says of one WorkSpace's use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UsageSummary {
    /// Hours with a user connected this month; None: no UserConnected datapoint this month.
    pub hours: Option<f64>,
    /// This month's sessions, oldest first.
    pub sessions: Vec<Session>,
    /// In-session latency, 95th percentile over seven days (ms).
    pub latency_p95: Option<f64>,
    /// CPU use (%), the latest day with data of the last seven.
    pub cpu: Option<f64>,
    /// The fuller of the root and user volumes (%), the latest day with data.
    pub disk: Option<f64>,
    /// Whether it published UserConnected last month: false for one created this month.
    pub seen_last_month: bool,
}

impl UsageSummary {
    /// From the datapoints (epoch seconds, value) of each of `USAGE_QUERIES`, in that order.
    pub fn from_points(points: &[Vec<(i64, f64)>]) -> UsageSummary {
        let get = |i: usize| points.get(i).map_or(&[][..], Vec::as_slice);
        let (hours, sessions) = sessions(get(0));
        let disk = match (latest(get(4)), latest(get(5))) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        UsageSummary {
            hours,
            sessions,
            latency_p95: latest(get(2)),
            cpu: latest(get(3)),
            disk,
            seen_last_month: !get(1).is_empty(),
        }
    }
}

/// The value of the latest datapoint.
fn latest(points: &[(i64, f64)]) -> Option<f64> {
    points.iter().max_by_key(|(t, _)| *t).map(|(_, v)| *v)
}

/// Hours connected and the sessions they form, from hourly UserConnected Maximum datapoints
/// in any order; no datapoint at all is no data.
pub fn sessions(points: &[(i64, f64)]) -> (Option<f64>, Vec<Session>) {
    if points.is_empty() {
        return (None, vec![]);
    }
    let mut on: Vec<i64> = points
        .iter()
        .filter(|(_, v)| *v >= 1.0)
        .map(|(t, _)| t.div_euclid(HOUR) * HOUR)
        .collect();
    on.sort_unstable();
    on.dedup();
    let mut out: Vec<Session> = vec![];
    for t in &on {
        match out.last_mut() {
            Some(s) if s.end() == *t => s.hours += 1,
            _ => out.push(Session { start: *t, hours: 1 }),
        }
    }
    (Some(on.len() as f64), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_and_sessions_come_from_the_connected_hours() {
        let h0 = 1_764_547_200; // 2025-12-01T00:00Z
        let p = |h: i64, v: f64| (h0 + h * HOUR, v);
        let points = [p(9, 1.0), p(8, 1.0), p(10, 0.0), p(12, 1.0), p(13, 0.0)];
        let (hours, s) = sessions(&points);
        assert_eq!(hours, Some(3.0));
        assert_eq!(
            s,
            vec![
                Session {
                    start: h0 + 8 * HOUR,
                    hours: 2
                },
                Session {
                    start: h0 + 12 * HOUR,
                    hours: 1
                }
            ]
        );
        // Running but never connected: zero hours, with data.
        assert_eq!(sessions(&[p(1, 0.0)]), (Some(0.0), vec![]));
        assert_eq!(sessions(&[]), (None, vec![]));
    }

    #[test]
    fn windows_are_this_month_the_last_week_and_last_month() {
        let now = 1_765_108_800 + 1_234; // 2025-12-07T12:00Z + 20 min
        assert_eq!(
            window_range(Window::Month, now),
            (1_764_547_200, 1_765_112_400)
        );
        assert_eq!(
            window_range(Window::LastMonth, now),
            (1_761_955_200, 1_764_547_200)
        );
        assert_eq!(window_range(Window::Week, now).1 - 7 * DAY, 1_764_507_600);
        assert_eq!(next_month_start(now), 1_767_225_600);
    }

    #[test]
    fn the_summary_takes_the_latest_values_and_the_fuller_disk() {
        let s = UsageSummary::from_points(&[
            vec![],
            vec![(0, 700.0)],
            vec![(5, 120.0)],
            vec![(1, 10.0), (2, 30.0)],
            vec![(2, 50.0)],
            vec![(2, 80.0)],
        ]);
        assert_eq!(s.hours, None, "no UserConnected this month: no data");
        assert_eq!((s.latency_p95, s.cpu, s.disk), (Some(120.0), Some(30.0), Some(80.0)));
        assert!(s.seen_last_month);
    }
}
