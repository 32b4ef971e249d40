//! The bundles pane: hardware and image combinations WorkSpaces are launched from.

use crate::domain::{StateClass, WorkspaceBundle};
use crate::table::format::clock_date;
use crate::table::resource::num_key;
use crate::table::resource::{col, Column, Ctx, Resource};
use crate::table::sort::SortKey;
use crate::table::Keyed;

impl Keyed for WorkspaceBundle {
    fn key(&self) -> &str {
        &self.id
    }
    fn region(&self) -> &str {
        &self.region
    }
}

fn gib_key(v: &str) -> SortKey {
    num_key(v.parse::<f64>().ok())
}

static COLUMNS: &[Column<WorkspaceBundle>] = &[
    col::<WorkspaceBundle>("ID", &["id"], 13, 0, |b, _| b.id.clone()).id(),
    col::<WorkspaceBundle>("NAME", &["name"], 22, 0, |b, _| b.name.clone()),
    col::<WorkspaceBundle>("COMPUTE", &["compute"], 11, 0, |b, _| {
        b.compute_type.clone()
    }),
    col::<WorkspaceBundle>("IMAGE", &["image"], 13, 1, |b, _| b.image_id.clone()),
    col::<WorkspaceBundle>("ROOT", &["root"], 5, 1, |b, _| b.root_storage_gib.clone())
        .sorted(|b, _| gib_key(&b.root_storage_gib)),
    col::<WorkspaceBundle>("USER", &["user", "uservol"], 5, 1, |b, _| {
        b.user_storage_gib.clone()
    })
    .sorted(|b, _| gib_key(&b.user_storage_gib)),
    col::<WorkspaceBundle>("OWNER", &["owner"], 12, 2, |b, _| b.owner.clone()),
    col::<WorkspaceBundle>("STATE", &["state"], 9, 3, |b, _| b.state.clone()).coloured(),
    col::<WorkspaceBundle>("TYPE", &["type"], 8, 4, |b, _| b.bundle_type.clone()),
    col::<WorkspaceBundle>("UPDATED", &["updated"], 16, 5, |b, _| {
        b.last_updated.map(clock_date).unwrap_or_default()
    })
    .time()
    .sorted(|b, _| num_key(b.last_updated.map(|t| t as f64))),
    col::<WorkspaceBundle>("DESCRIPTION", &["description", "desc"], 24, 6, |b, _| {
        b.description.clone()
    }),
];

impl Resource for WorkspaceBundle {
    const NOUN: &'static str = "bundle";
    const PLURAL: &'static str = "bundles";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        // Amazon's public bundles often carry no state at all.
        (!self.state.is_empty()).then(|| WorkspaceBundle::state_class(self))
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    fn detail(&self, _ctx: &Ctx) -> Vec<(&'static str, String)> {
        vec![
            ("BundleId", self.id.clone()),
            ("Region", self.region.clone()),
            ("Name", self.name.clone()),
            ("Description", self.description.clone()),
            ("ComputeType.Name", self.compute_type.clone()),
            ("ImageId", self.image_id.clone()),
            ("RootStorage.Capacity", self.root_storage_gib.clone()),
            ("UserStorage.Capacity", self.user_storage_gib.clone()),
            ("Owner", self.owner.clone()),
            ("State", self.state.clone()),
            ("BundleType", self.bundle_type.clone()),
            (
                "CreationTime",
                self.created.map(clock_date).unwrap_or_default(),
            ),
            (
                "LastUpdatedTime",
                self.last_updated.map(clock_date).unwrap_or_default(),
            ),
        ]
    }
}
