//! CloudWatch metrics of a WorkSpaces Applications fleet (namespace AWS/AppStream, dimension
//! Fleet = the fleet's name), as daily series like a WorkSpace's (`domain::metrics`): a day
//! without a datapoint is "no data" (a stopped fleet publishes nothing), never 0.

use super::metrics::MetricSpec;

const DAY: i32 = 86_400;

/// The fleet metrics the details view shows, in order ("Monitoring Amazon AppStream 2.0
/// resources": CapacityUtilization, AvailableCapacity, InsufficientCapacityError).
pub const FLEET_METRICS: &[MetricSpec] = &[
    MetricSpec {
        name: "CapacityUtilization",
        label: "Capacity used",
        stat: "Average",
        period: DAY,
        unit: "%",
    },
    MetricSpec {
        name: "AvailableCapacity",
        label: "Available capacity",
        stat: "Average",
        period: DAY,
        unit: "",
    },
    MetricSpec {
        name: "InsufficientCapacityError",
        label: "Insufficient cap.",
        stat: "Sum",
        period: DAY,
        unit: "",
    },
];

/// A fleet's name from its ARN (`arn:aws:appstream:<region>:<account>:fleet/<name>`), the
/// value of CloudWatch's Fleet dimension.
pub fn fleet_name(arn: &str) -> &str {
    arn.rsplit_once(":fleet/").map_or(arn, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fleet_dimension_is_the_name_in_the_arn() {
        let arn = "arn:aws:appstream:us-east-1:123456789012:fleet/design-1";
        assert_eq!(super::fleet_name(arn), "design-1");
        assert_eq!(super::fleet_name("plain"), "plain");
    }
}
