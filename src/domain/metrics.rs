//! CloudWatch metrics of a WorkSpace (namespace AWS/WorkSpaces, dimension WorkspaceId), as
//! daily series over the last days: what the details view draws as sparklines. A day with no
//! datapoint is `None` ("no data"), never 0: CloudWatch has nothing for a WorkSpace that was
//! stopped all day, never connected, or does not publish the metric.

/// How one metric is asked for and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricSpec {
    /// MetricName in AWS/WorkSpaces.
    pub name: &'static str,
    /// What the details view calls it.
    pub label: &'static str,
    /// The statistic asked for (GetMetricData's MetricStat.Stat).
    pub stat: &'static str,
    /// Its period in seconds: a day, or an hour for UserConnected (counted per day).
    pub period: i32,
    /// The unit shown after its values.
    pub unit: &'static str,
}

const DAY: i32 = 86_400;

/// The WorkSpace metrics the details view shows, in order (Amazon WorkSpaces Administration
/// Guide, "Monitor your WorkSpaces using CloudWatch metrics"). UserConnected is asked hourly
/// with Maximum and counted as hours connected per day, whatever the rate it is published at.
pub const WORKSPACE_METRICS: &[MetricSpec] = &[
    spec("UserConnected", "Hours connected", "Maximum", 3600, "h"),
    spec(
        "InSessionLatency",
        "In-session latency",
        "Average",
        DAY,
        "ms",
    ),
    spec("CPUUsage", "CPU", "Average", DAY, "%"),
    spec("MemoryUsage", "Memory", "Average", DAY, "%"),
    spec("RootVolumeDiskUsage", "Root volume", "Average", DAY, "%"),
    spec("UserVolumeDiskUsage", "User volume", "Average", DAY, "%"),
    spec("UDPPacketLossRate", "UDP packet loss", "Average", DAY, "%"),
    spec("SessionLaunchTime", "Session launch", "Average", DAY, "s"),
    spec("ConnectionAttempt", "Connection attempts", "Sum", DAY, ""),
    spec("ConnectionFailure", "Connection failures", "Sum", DAY, ""),
];

const fn spec(
    name: &'static str,
    label: &'static str,
    stat: &'static str,
    period: i32,
    unit: &'static str,
) -> MetricSpec {
    MetricSpec {
        name,
        label,
        stat,
        period,
        unit,
    }
}

/// One metric, one value per day, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct DailySeries {
    pub spec: MetricSpec,
    pub days: Vec<Option<f64>>,
}

impl DailySeries {
    /// The days that have data.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.days.iter().flatten().copied()
    }

    pub fn has_data(&self) -> bool {
        self.days.iter().any(Option::is_some)
    }

    pub fn min(&self) -> Option<f64> {
        self.values().reduce(f64::min)
    }

    pub fn max(&self) -> Option<f64> {
        self.values().reduce(f64::max)
    }

    /// The most recent day with data.
    pub fn last(&self) -> Option<f64> {
        self.days.iter().rev().flatten().next().copied()
    }
}

/// Every metric of one WorkSpace over the same days (or of one WorkSpaces Applications fleet,
/// `domain::fleet_metrics`: then `workspace_id` holds the fleet's ARN, how the app keys it).
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceMetrics {
    pub workspace_id: String,
    /// The first day's start, epoch seconds (UTC midnight).
    pub first_day: i64,
    pub series: Vec<DailySeries>,
}

/// Puts datapoints (epoch seconds, value) of `spec` into `days` daily slots from
/// `first_day`: a daily statistic goes in its day; UserConnected's hourly Maximum counts the
/// hours with a user connected (a day with no hourly datapoint has no data).
pub fn daily(spec: MetricSpec, first_day: i64, days: usize, points: &[(i64, f64)]) -> DailySeries {
    let mut out: Vec<Option<f64>> = vec![None; days];
    for &(t, v) in points {
        let Ok(i) = usize::try_from((t - first_day).div_euclid(i64::from(DAY))) else {
            continue;
        };
        let Some(slot) = out.get_mut(i) else { continue };
        *slot = Some(if spec.period < DAY {
            slot.unwrap_or(0.0) + if v >= 1.0 { 1.0 } else { 0.0 }
        } else {
            v
        });
    }
    DailySeries { spec, days: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_connected_are_counted_per_day_and_missing_days_have_no_data() {
        let hourly = WORKSPACE_METRICS[0];
        let d0 = 1_700_006_400; // a UTC midnight
        let points = [
            (d0, 1.0),
            (d0 + 3600, 1.0),
            (d0 + 7200, 0.0),
            (d0 + 2 * 86_400, 0.0),
        ];
        let s = daily(hourly, d0, 3, &points);
        assert_eq!(s.days, vec![Some(2.0), None, Some(0.0)]);
        assert_eq!(
            (s.min(), s.max(), s.last()),
            (Some(0.0), Some(2.0), Some(0.0))
        );
        let cpu = daily(WORKSPACE_METRICS[2], d0, 3, &[(d0 + 86_400, 12.5)]);
        assert_eq!(cpu.days, vec![None, Some(12.5), None]);
        assert!(!daily(cpu.spec, d0, 3, &[]).has_data());
    }
}
