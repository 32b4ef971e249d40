//! A WorkSpace's usage this month, summed from CloudWatch (namespace AWS/WorkSpaces,
//! dimension WorkspaceId): what the HOURS, LAT95, CPU% and DISK% columns show and the
//! billing-mode advisor (`domain::advice`) weighs. A value CloudWatch has no datapoint for is
//! `None` ("no data"), never 0.
//!
//! GetMetricData takes one StartTime and EndTime per call, so every query is asked over the
//! same range, from the first of last month to the end of the current hour, with periods
//! chosen to answer each question: UserConnected hourly (this month's hours and sessions, as
//! the Cost Optimizer for Amazon WorkSpaces counts billable hours, and whether the WorkSpace
//! published anything last month: the advisor's first-month rule), latency p95 in a period
//! whose last bucket is exactly the last seven days, CPU and disks daily. Five queries per
//! WorkSpace, so a fleet takes ⌈WorkSpaces × 5 ÷ 500⌉ calls (plus NextToken pages).

use chrono::{Datelike, TimeZone, Utc};

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// How a query's period is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Hour,
    Day,
    /// The range less seven days: the range's second (and last) bucket is the last week.
    LastWeek,
}

/// One GetMetricData query per WorkSpace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageQuery {
    pub metric: &'static str,
    pub stat: &'static str,
    pub period: Period,
}

const fn q(metric: &'static str, stat: &'static str, period: Period) -> UsageQuery {
    UsageQuery {
        metric,
        stat,
        period,
    }
}

/// The queries of one WorkSpace's summary, in the order `UsageSummary::from_points` reads
/// them. UserConnected hourly Maximum is 1 for an hour a user was connected in (the Cost
/// Optimizer's unit of billable time); `p95` is an extended statistic.
pub const USAGE_QUERIES: [UsageQuery; 5] = [
    q("UserConnected", "Maximum", Period::Hour),
    q("InSessionLatency", "p95", Period::LastWeek),
    q("CPUUsage", "Average", Period::Day),
    q("RootVolumeDiskUsage", "Average", Period::Day),
    q("UserVolumeDiskUsage", "Average", Period::Day),
];

/// The range every usage query is asked over at `now`: [first of last month, end of the
/// current hour), epoch seconds, both on whole hours.
pub fn usage_range(now: i64) -> (i64, i64) {
    let hour_end = (now.div_euclid(HOUR) + 1) * HOUR;
    (month_start(month_start(now) - 1), hour_end)
}

impl Period {
    /// The period in seconds over `range` (a multiple of 60, as GetMetricData requires).
    pub fn seconds(self, (start, end): (i64, i64)) -> i32 {
        match self {
            Period::Hour => HOUR as i32,
            Period::Day => DAY as i32,
            Period::LastWeek => (end - start - 7 * DAY) as i32,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// What CloudWatch says of one WorkSpace's use (also as kept in the warm-start cache).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
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
    /// From the datapoints (epoch seconds, value) of each of `USAGE_QUERIES`, in that order,
    /// asked over `usage_range(now)`.
    pub fn from_points(points: &[Vec<(i64, f64)>], now: i64) -> UsageSummary {
        let get = |i: usize| points.get(i).map_or(&[][..], Vec::as_slice);
        let month = month_start(now);
        let week = usage_range(now).1 - 7 * DAY;
        let connected: Vec<(i64, f64)> = get(0)
            .iter()
            .copied()
            .filter(|(t, _)| *t >= month)
            .collect();
        let (hours, sessions) = sessions(&connected);
        let recent = |i: usize| latest(get(i), week);
        let disk = match (recent(3), recent(4)) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        UsageSummary {
            hours,
            sessions,
            latency_p95: recent(1),
            cpu: recent(2),
            disk,
            seen_last_month: get(0).iter().any(|(t, _)| *t < month),
        }
    }
}

/// The value of the latest datapoint at or after `since`.
fn latest(points: &[(i64, f64)], since: i64) -> Option<f64> {
    points
        .iter()
        .filter(|(t, _)| *t >= since)
        .max_by_key(|(t, _)| *t)
        .map(|(_, v)| *v)
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
            _ => out.push(Session {
                start: *t,
                hours: 1,
            }),
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
    fn the_range_is_last_month_to_the_end_of_the_hour_and_its_last_bucket_the_week() {
        let now = 1_765_108_800 + 1_234; // 2025-12-07T12:00Z + 20 min
        let range = usage_range(now);
        assert_eq!(range, (1_761_955_200, 1_765_112_400));
        let week = Period::LastWeek.seconds(range);
        assert_eq!(range.0 + i64::from(week), range.1 - 7 * DAY);
        assert_eq!(week % 60, 0);
        assert_eq!(next_month_start(now), 1_767_225_600);
    }

    #[test]
    fn the_summary_splits_the_months_and_takes_the_last_weeks_values() {
        let now = 1_765_108_800; // 2025-12-07T12:00Z
        let dec1 = 1_764_547_200;
        let s = UsageSummary::from_points(
            &[
                vec![(dec1 - HOUR, 1.0), (dec1 + HOUR, 1.0)],
                vec![(1_761_955_200, 300.0), (now - 3 * DAY, 120.0)],
                vec![(now - 2 * DAY, 10.0), (now - DAY, 30.0)],
                vec![(now - DAY, 50.0)],
                vec![(now - DAY, 80.0)],
            ],
            now,
        );
        assert_eq!(s.hours, Some(1.0), "November's hour is not this month's");
        assert!(s.seen_last_month);
        assert_eq!(
            (s.latency_p95, s.cpu, s.disk),
            (Some(120.0), Some(30.0), Some(80.0))
        );
        let none = UsageSummary::from_points(&[vec![], vec![(1_761_955_200, 300.0)]], now);
        assert_eq!(
            (none.hours, none.latency_p95),
            (None, None),
            "no data, not 0"
        );
        assert!(!none.seen_last_month);
    }
}
