//! The AWS/AppStream metrics of a WorkSpaces Applications fleet (dimension Fleet, the fleet's
//! name), computed like the WorkSpaces' series: deterministic from the fleet's name, bounded
//! by what the WorkSpaces Applications store says about it now.
//! - Only a RUNNING fleet publishes: a STOPPED (or STARTING, STOPPING) fleet has no datapoints.
//! - The current hour is the store's ComputeCapacityStatus: CapacityUtilization = InUse ÷
//!   Running × 100 (Desired for an ELASTIC fleet), AvailableCapacity = Available, and one or
//!   more InsufficientCapacityError when nothing is available while sessions are in use.
//! - Hours before it (from the fleet's creation): demand on weekdays 08–17 UTC between 40 % and
//!   130 % of the capacity, little outside; demand above the capacity is
//!   InsufficientCapacityError, one per session turned away.

use super::series::statistic;
use super::usage::{hash_str, mix};

pub const NAMESPACE: &str = "AWS/AppStream";

/// The fleet metrics served, with their units ("Monitoring Amazon AppStream 2.0 resources").
pub const FLEET_METRICS: &[(&str, &str)] = &[
    ("CapacityUtilization", "Percent"),
    ("AvailableCapacity", "Count"),
    ("InsufficientCapacityError", "Count"),
];

/// What one fleet's series are computed from, copied out of the store.
#[derive(Debug, Clone)]
pub struct FleetUsage {
    key: u64,
    running: bool,
    /// The instances (or, ELASTIC, the concurrent sessions) it can serve.
    capacity: i32,
    in_use: i32,
    available: i32,
    first_hour: u64,
    now_hour: u64,
}

impl FleetUsage {
    /// `state`, `capacity` (Running, or Desired for ELASTIC), InUse and Available as the
    /// store has them; `created` in epoch seconds; `now` in epoch milliseconds.
    pub fn new(name: &str, state: &str, cap: (i32, i32, i32), created: f64, now: u64) -> Self {
        FleetUsage {
            key: hash_str(name),
            running: state == "RUNNING",
            capacity: cap.0.max(0),
            in_use: cap.1.max(0),
            available: cap.2.max(0),
            first_hour: created.max(0.0) as u64 / 3600,
            now_hour: now / 3_600_000,
        }
    }

    /// (sessions in use, available, sessions turned away) in `hour`.
    fn hour(&self, hour: u64) -> Option<(i32, i32, i32)> {
        if !self.running || hour < self.first_hour || hour > self.now_hour {
            return None;
        }
        if hour == self.now_hour {
            let refused = if self.available == 0 && self.in_use > 0 {
                1 + (self.key % 3) as i32
            } else {
                0
            };
            return Some((self.in_use, self.available, refused));
        }
        let weekday = (hour / 24 + 3) % 7;
        let r = (mix(self.key ^ hour.wrapping_mul(0x2545_f491)) % 1000) as f64 / 1000.0;
        let busy = weekday < 5 && (8..17).contains(&(hour % 24));
        let share = if busy { 0.4 + r * 0.9 } else { r * 0.15 };
        let demand = (f64::from(self.capacity) * share).round() as i32;
        let in_use = demand.min(self.capacity);
        Some((in_use, self.capacity - in_use, demand - in_use))
    }

    /// The hourly sample of `metric` (a name in FLEET_METRICS) in `hour`.
    fn sample(&self, metric: &str, hour: u64) -> Option<f64> {
        let (in_use, available, refused) = self.hour(hour)?;
        match metric {
            "CapacityUtilization" if self.capacity > 0 => {
                Some(f64::from(in_use) / f64::from(self.capacity) * 100.0)
            }
            "AvailableCapacity" => Some(f64::from(available)),
            "InsufficientCapacityError" => Some(f64::from(refused)),
            _ => None,
        }
    }

    /// The datapoints of `metric` for `stat` over [start, end) in periods of `period`
    /// seconds, oldest first.
    pub fn datapoints(
        &self,
        metric: &str,
        stat: &str,
        start: u64,
        end: u64,
        period: u64,
    ) -> Vec<(u64, f64)> {
        let period = period.max(1);
        let mut out = vec![];
        let mut t = start - start % period;
        while t < end && self.running {
            let first = t / 3600;
            let last = ((t + period).saturating_sub(1) / 3600).max(first);
            let samples: Vec<f64> = (first..=last)
                .filter_map(|h| self.sample(metric, h))
                .collect();
            if let Some(v) = statistic(stat, &samples) {
                out.push((t, v));
            }
            t += period;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_765_000_000_000;

    #[test]
    fn a_stopped_fleet_publishes_nothing_and_now_is_the_store() {
        let stopped = FleetUsage::new("f", "STOPPED", (4, 0, 0), 0.0, NOW);
        assert!(stopped
            .datapoints("AvailableCapacity", "Average", 0, NOW / 1000, 3600)
            .is_empty());
        let full = FleetUsage::new("f", "RUNNING", (4, 4, 0), 0.0, NOW);
        let hour = NOW / 1000 / 3600 * 3600;
        let at = |m: &str, s: &str| full.datapoints(m, s, hour, hour + 3600, 3600);
        assert_eq!(at("CapacityUtilization", "Average"), vec![(hour, 100.0)]);
        assert_eq!(at("AvailableCapacity", "Average"), vec![(hour, 0.0)]);
        assert!(at("InsufficientCapacityError", "Sum")[0].1 >= 1.0);
        let day = full.datapoints("AvailableCapacity", "Maximum", hour - 86_400, hour, 86_400);
        assert!(day.iter().all(|(_, v)| (0.0..=4.0).contains(v)), "{day:?}");
    }
}
