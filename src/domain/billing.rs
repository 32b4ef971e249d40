//! The `[billing]` config table the billing-mode advisor (`domain::advice`) works from.
//!
//! The break-even hours default to the thresholds the Cost Optimizer for Amazon WorkSpaces
//! solution publishes as its CloudFormation parameters ("Pricing Parameters": ValueLimit 81,
//! StandardLimit 85, PerformanceLimit 83, PowerLimit 83, PowerProLimit 80, GraphicsLimit 217,
//! GraphicsProLimit 80 hours a month; github.com/aws-solutions/cost-optimizer-for-amazon-workspaces,
//! deployment/workspaces-cost-optimizer.template), and the skip tag to its opt-out tag
//! `Skip_Convert` (implementation guide, "Opting out with tags":
//! docs.aws.amazon.com/solutions/latest/workspaces-cost-optimizer/considerations.html).

use serde::Deserialize;
use std::collections::BTreeMap;

/// The Cost Optimizer's published thresholds, hours billed in a month above which monthly
/// (ALWAYS_ON) billing is cheaper than hourly (AUTO_STOP).
pub const COST_OPTIMIZER_BREAK_EVEN: &[(&str, f64)] = &[
    ("VALUE", 81.0),
    ("STANDARD", 85.0),
    ("PERFORMANCE", 83.0),
    ("POWER", 83.0),
    ("POWERPRO", 80.0),
    ("GRAPHICS", 217.0),
    ("GRAPHICSPRO", 80.0),
];

/// Hours in the longest month: a break-even above it can never be reached.
pub const MAX_BREAK_EVEN: f64 = 744.0;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Billing {
    /// WorkSpaces carrying a tag with this key are never advised (empty: none skipped).
    pub skip_tag: String,
    /// ALWAYS_ON → AUTO_STOP is advised only in the last this-many days of a month (the
    /// monthly fee is paid for the month already; the Cost Optimizer converts on its last day).
    pub month_end_days: u32,
    /// The AutoStop timeout an ALWAYS_ON WorkSpace would get (RunningModeAutoStopTimeoutInMinutes;
    /// AWS's default and the Cost Optimizer's AutoStopTimeoutHours are one hour).
    pub auto_stop_minutes: u32,
    /// Break-even hours a month per compute type (ComputeTypeName); the ones not set here
    /// keep the Cost Optimizer's.
    pub break_even: BTreeMap<String, f64>,
}

impl Default for Billing {
    fn default() -> Self {
        Billing {
            skip_tag: "Skip_Convert".into(),
            month_end_days: 3,
            auto_stop_minutes: 60,
            break_even: COST_OPTIMIZER_BREAK_EVEN
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
        }
    }
}

impl Billing {
    /// The break-even hours of a compute type, if known.
    pub fn break_even_of(&self, compute: &str) -> Option<f64> {
        self.break_even.get(compute).copied()
    }

    /// Fill the compute types a file did not set with the defaults, then check every value:
    /// `Err((key, why))` for the first one outside its rule.
    pub fn settle(&mut self) -> Result<(), (String, String)> {
        for (k, v) in COST_OPTIMIZER_BREAK_EVEN {
            self.break_even.entry(k.to_string()).or_insert(*v);
        }
        if !(1..=31).contains(&self.month_end_days) {
            return Err((
                "month_end_days".into(),
                "must be a whole number of days from 1 to 31".into(),
            ));
        }
        if !(60..=36_000).contains(&self.auto_stop_minutes)
            || !self.auto_stop_minutes.is_multiple_of(60)
        {
            return Err((
                "auto_stop_minutes".into(),
                "must be a multiple of 60 minutes from 60 to 36000 (AutoStop's timeout steps)"
                    .into(),
            ));
        }
        for (k, v) in &self.break_even {
            if !crate::domain::modify::COMPUTE_TYPES.contains(&k.as_str()) {
                let known = crate::domain::modify::COMPUTE_TYPES.join(", ");
                return Err((k.clone(), format!("unknown compute type (known: {known})")));
            }
            if !(v.is_finite() && (1.0..=MAX_BREAK_EVEN).contains(v)) {
                return Err((
                    k.clone(),
                    format!("must be a number of hours from 1 to {MAX_BREAK_EVEN}"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_compute_types_keep_the_cost_optimizer_thresholds() {
        let mut b: Billing = toml::from_str("[break_even]\nVALUE = 70\n").unwrap();
        b.settle().unwrap();
        assert_eq!(b.break_even_of("VALUE"), Some(70.0));
        assert_eq!(b.break_even_of("GRAPHICS"), Some(217.0));
        assert_eq!(b.skip_tag, "Skip_Convert");
        let mut bad: Billing = toml::from_str("[break_even]\nVALUEE = 70\n").unwrap();
        assert_eq!(bad.settle().unwrap_err().0, "VALUEE");
        let mut zero: Billing = toml::from_str("month_end_days = 0\n").unwrap();
        assert_eq!(zero.settle().unwrap_err().0, "month_end_days");
    }
}
