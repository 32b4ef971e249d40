//! The WorkSpaces Applications fleets pane (`:appfleets`): fleets with their image and
//! capacity; Enter opens a fleet's streaming sessions.

use crate::domain::{AppCapacity, AppFleet, StateClass};
use crate::table::format::clock_date;
use crate::table::resource::{col, num_key, Column, Ctx, Resource};
use crate::table::sort::SortKey;
use crate::table::Keyed;

impl Keyed for AppFleet {
    /// The ARN: names repeat across Regions.
    fn key(&self) -> &str {
        &self.arn
    }
    fn region(&self) -> &str {
        &self.region
    }
}

fn cap(f: &AppFleet, n: fn(&AppCapacity) -> i32) -> String {
    f.capacity
        .as_ref()
        .map(|c| n(c).to_string())
        .unwrap_or_default()
}

fn cap_key(f: &AppFleet, n: fn(&AppCapacity) -> i32) -> SortKey {
    num_key(f.capacity.as_ref().map(|c| f64::from(n(c))))
}

static COLUMNS: &[Column<AppFleet>] = &[
    col::<AppFleet>("NAME", &["name"], 20, 0, |f, _| f.name.clone()),
    col::<AppFleet>("STATE", &["state"], 8, 0, |f, _| f.state.clone()).coloured(),
    col::<AppFleet>("TYPE", &["type"], 9, 2, |f, _| f.fleet_type.clone()),
    col::<AppFleet>("IMAGE", &["image"], 32, 0, |f, _| f.image_name.clone()),
    col::<AppFleet>("DESIRED", &["desired"], 7, 2, |f, _| cap(f, |c| c.desired))
        .sorted(|f, _| cap_key(f, |c| c.desired)),
    col::<AppFleet>("RUNNING", &["running"], 7, 3, |f, _| cap(f, |c| c.running))
        .sorted(|f, _| cap_key(f, |c| c.running)),
    col::<AppFleet>("IN USE", &["inuse", "in_use"], 6, 1, |f, _| {
        cap(f, |c| c.in_use)
    })
    .sorted(|f, _| cap_key(f, |c| c.in_use)),
    col::<AppFleet>("AVAIL", &["available", "avail"], 5, 3, |f, _| {
        cap(f, |c| c.available)
    })
    .sorted(|f, _| cap_key(f, |c| c.available)),
    col::<AppFleet>("INSTANCE", &["instance"], 20, 3, |f, _| {
        f.instance_type.clone()
    }),
    col::<AppFleet>("STACKS", &["stacks", "stack"], 16, 3, |f, _| {
        f.stacks.join(",")
    }),
    col::<AppFleet>("ERRORS", &["errors", "error"], 24, 2, |f, _| {
        f.errors.join("; ")
    }),
    col::<AppFleet>("CREATED", &["created"], 16, 5, |f, _| {
        f.created.map(clock_date).unwrap_or_default()
    })
    .time()
    .sorted(|f, _| num_key(f.created.map(|t| t as f64))),
    col::<AppFleet>("REGION", &["region"], 14, 8, |f, _| f.region.clone()),
];

impl Resource for AppFleet {
    const NOUN: &'static str = "fleet";
    const PLURAL: &'static str = "fleets";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(AppFleet::state_class(self))
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    fn detail(&self, _ctx: &Ctx) -> Vec<(&'static str, String)> {
        let secs = |v: Option<i32>| v.map(|s| format!("{s}s")).unwrap_or_default();
        vec![
            ("Name", self.name.clone()),
            ("Arn", self.arn.clone()),
            ("Region", self.region.clone()),
            ("DisplayName", self.display_name.clone()),
            ("Description", self.description.clone()),
            ("State", self.state.clone()),
            ("FleetType", self.fleet_type.clone()),
            ("ImageName", self.image_name.clone()),
            ("ImageArn", self.image_arn.clone()),
            ("InstanceType", self.instance_type.clone()),
            ("Platform", self.platform.clone()),
            ("ComputeCapacityStatus.Desired", cap(self, |c| c.desired)),
            ("ComputeCapacityStatus.Running", cap(self, |c| c.running)),
            ("ComputeCapacityStatus.InUse", cap(self, |c| c.in_use)),
            (
                "ComputeCapacityStatus.Available",
                cap(self, |c| c.available),
            ),
            ("Stacks (ListAssociatedStacks)", self.stacks.join(", ")),
            (
                "MaxUserDurationInSeconds",
                secs(self.max_user_duration_secs),
            ),
            (
                "DisconnectTimeoutInSeconds",
                secs(self.disconnect_timeout_secs),
            ),
            (
                "IdleDisconnectTimeoutInSeconds",
                secs(self.idle_disconnect_timeout_secs),
            ),
            ("FleetErrors", self.errors.join("; ")),
            (
                "CreatedTime",
                self.created.map(clock_date).unwrap_or_default(),
            ),
        ]
    }
}
