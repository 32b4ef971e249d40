//! One metric of one WorkSpace: an hourly sample (when it has one) and the statistics of the
//! samples in each period of a query. A bucket with no sample has no datapoint, as in
//! CloudWatch. A period shorter than an hour takes the sample of the hour it starts in.

use super::usage::{mix, Usage};

/// The AWS/WorkSpaces metrics published per WorkSpace (dimension WorkspaceId), with their
/// units (Amazon WorkSpaces Administration Guide, "Monitor your WorkSpaces using CloudWatch
/// metrics").
pub const WORKSPACE_METRICS: &[(&str, &str)] = &[
    ("UserConnected", "Count"),
    ("InSessionLatency", "Milliseconds"),
    ("CPUUsage", "Percent"),
    ("MemoryUsage", "Percent"),
    ("RootVolumeDiskUsage", "Percent"),
    ("UserVolumeDiskUsage", "Percent"),
    ("UDPPacketLossRate", "Percent"),
    ("SessionLaunchTime", "Seconds"),
    ("ConnectionAttempt", "Count"),
    ("ConnectionSuccess", "Count"),
    ("ConnectionFailure", "Count"),
];

pub const NAMESPACE: &str = "AWS/WorkSpaces";

/// Statistics served: the five simple ones and percentiles pNN or pNN.NN.
pub fn known_stat(stat: &str) -> bool {
    matches!(
        stat,
        "Sum" | "Average" | "Maximum" | "Minimum" | "SampleCount"
    ) || percentile(stat).is_some()
}

fn percentile(stat: &str) -> Option<f64> {
    let p: f64 = stat.strip_prefix('p')?.parse().ok()?;
    (0.0..=100.0).contains(&p).then_some(p)
}

/// A 0..1 value for (WorkSpace, metric, hour).
fn unit(u: &Usage, metric: usize, hour: u64) -> f64 {
    (mix(u.key ^ (metric as u64).wrapping_mul(0x1000_0001) ^ hour.wrapping_mul(0x2545_f491))
        % 10_000) as f64
        / 10_000.0
}

/// The sample of `metric` (index into WORKSPACE_METRICS) in `hour`, if the WorkSpace
/// published one.
pub fn sample(u: &Usage, metric: usize, hour: u64) -> Option<f64> {
    let on = u.connected(hour);
    let started = on && (hour == 0 || !u.connected(hour - 1));
    let r = unit(u, metric, hour);
    // A WorkSpace of its own: some are slow (latency), some full (disks).
    let own = (mix(u.key ^ metric as u64) % 1000) as f64 / 1000.0;
    let failed = started && unit(u, 99, hour) < 0.08;
    match WORKSPACE_METRICS[metric].0 {
        "UserConnected" => u.running(hour).then_some(if on { 1.0 } else { 0.0 }),
        "InSessionLatency" => on.then_some(35.0 + own * 120.0 + r * 40.0),
        "UDPPacketLossRate" => on.then_some((own * 1.5 + r * 0.8).min(100.0)),
        "CPUUsage" => u
            .running(hour)
            .then_some(if on { 15.0 + r * 60.0 } else { 2.0 + r * 6.0 }),
        "MemoryUsage" => {
            u.running(hour)
                .then_some(if on { 40.0 + r * 45.0 } else { 25.0 + r * 10.0 })
        }
        "RootVolumeDiskUsage" => u
            .running(hour)
            .then_some(35.0 + own * 50.0 + (hour % 720) as f64 / 720.0 * 5.0),
        "UserVolumeDiskUsage" => u
            .running(hour)
            .then_some(5.0 + own * 85.0 + (hour % 720) as f64 / 720.0 * 3.0),
        "SessionLaunchTime" => started.then_some(8.0 + r * 20.0),
        "ConnectionAttempt" => started.then_some(if failed { 2.0 } else { 1.0 }),
        "ConnectionSuccess" => started.then_some(1.0),
        "ConnectionFailure" => started.then_some(if failed { 1.0 } else { 0.0 }),
        _ => None,
    }
}

/// The datapoints of `metric` for `stat` over [start, end) in periods of `period` seconds,
/// oldest first: (timestamp in epoch seconds, value).
pub fn datapoints(
    u: &Usage,
    metric: usize,
    stat: &str,
    start: u64,
    end: u64,
    period: u64,
) -> Vec<(u64, f64)> {
    if !u.publishes() {
        return vec![];
    }
    let period = period.max(1);
    let mut out = vec![];
    // Periods start at StartTime, rounded down to the minute (to the period under a
    // minute), as GetMetricData's reference says: a week-long period is one datapoint.
    let mut t = start - start % period.min(60);
    while t < end {
        let first = t / 3600;
        let last = ((t + period).saturating_sub(1) / 3600).max(first);
        let samples: Vec<f64> = (first..=last)
            .filter_map(|h| sample(u, metric, h))
            .collect();
        if let Some(v) = statistic(stat, &samples) {
            out.push((t, v));
        }
        t += period;
    }
    out
}

pub(super) fn statistic(stat: &str, samples: &[f64]) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    let n = samples.len() as f64;
    Some(match stat {
        "Sum" => samples.iter().sum(),
        "Average" => samples.iter().sum::<f64>() / n,
        "Maximum" => samples.iter().copied().fold(f64::MIN, f64::max),
        "Minimum" => samples.iter().copied().fold(f64::MAX, f64::min),
        "SampleCount" => n,
        other => {
            let p = percentile(other)?;
            let mut sorted = samples.to_vec();
            sorted.sort_by(f64::total_cmp);
            let rank = ((p / 100.0) * (n - 1.0)).round() as usize;
            sorted[rank.min(sorted.len() - 1)]
        }
    })
}
