//! The images pane: custom images, their updates, and who they are shared with.

use crate::domain::{StateClass, WorkspaceImage};
use crate::table::format::clock_date;
use crate::table::resource::num_key;
use crate::table::resource::{col, Column, Ctx, Resource, UNKNOWN};
use crate::table::Keyed;

impl Keyed for WorkspaceImage {
    fn key(&self) -> &str {
        &self.id
    }
    fn region(&self) -> &str {
        &self.region
    }
}

fn update(i: &WorkspaceImage) -> String {
    match (i.update_available, i.update_description.is_empty()) {
        (false, _) => String::new(),
        (true, true) => "yes".into(),
        (true, false) => format!("yes: {}", i.update_description),
    }
}

/// Shares are fetched per image on demand; "?" until then.
fn shared(i: &WorkspaceImage, ctx: &Ctx) -> String {
    match ctx.image_shares.get(&i.id) {
        Some(accounts) if accounts.is_empty() => "-".into(),
        Some(accounts) => accounts.join(","),
        None => UNKNOWN.into(),
    }
}

static COLUMNS: &[Column<WorkspaceImage>] = &[
    col::<WorkspaceImage>("ID", &["id"], 13, 0, |i, _| i.id.clone()).id(),
    col::<WorkspaceImage>("NAME", &["name"], 22, 0, |i, _| i.name.clone()),
    col::<WorkspaceImage>("STATE", &["state"], 9, 0, |i, _| i.state.clone()).coloured(),
    col::<WorkspaceImage>("UPDATE", &["update", "updates"], 14, 1, |i, _| update(i)),
    col::<WorkspaceImage>("SHARED WITH", &["shared", "shares"], 14, 2, shared).live(),
    col::<WorkspaceImage>("OS", &["os"], 7, 3, |i, _| i.os_type.clone()),
    col::<WorkspaceImage>("CREATED", &["created"], 16, 3, |i, _| {
        i.created.map(clock_date).unwrap_or_default()
    })
    .time()
    .sorted(|i, _| num_key(i.created.map(|t| t as f64))),
    col::<WorkspaceImage>("TENANCY", &["tenancy"], 9, 4, |i, _| {
        i.required_tenancy.clone()
    }),
    col::<WorkspaceImage>("OWNER", &["owner"], 12, 4, |i, _| {
        i.owner_account_id.clone()
    }),
    col::<WorkspaceImage>("DESCRIPTION", &["description", "desc"], 24, 5, |i, _| {
        i.description.clone()
    }),
    col::<WorkspaceImage>("REGION", &["region"], 14, 8, |i, _| i.region.clone()),
];

impl Resource for WorkspaceImage {
    const NOUN: &'static str = "image";
    const PLURAL: &'static str = "images";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(WorkspaceImage::state_class(self))
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    fn detail(&self, ctx: &Ctx) -> Vec<(&'static str, String)> {
        let mut d = vec![
            ("ImageId", self.id.clone()),
            ("Region", self.region.clone()),
            ("Name", self.name.clone()),
            ("Description", self.description.clone()),
            ("State", self.state.clone()),
            ("OperatingSystem.Type", self.os_type.clone()),
            ("RequiredTenancy", self.required_tenancy.clone()),
            ("OwnerAccountId", self.owner_account_id.clone()),
            ("Created", self.created.map(clock_date).unwrap_or_default()),
            ("Updates.UpdateAvailable", self.update_available.to_string()),
            ("Updates.Description", self.update_description.clone()),
            ("ErrorCode", self.error_code.clone()),
            ("ErrorMessage", self.error_message.clone()),
            ("SharedWith", shared(self, ctx)),
        ];
        for e in &self.error_details {
            d.push(("ErrorDetails", format!("{}: {}", e.code, e.message)));
        }
        d
    }
}
