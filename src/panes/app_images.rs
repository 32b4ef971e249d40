//! The WorkSpaces Applications images pane (`:appimages`): images, their agent, whether a
//! managed update is available (checked by dry run, on demand), and who they are shared with.

use crate::domain::{AppImage, StateClass, UpdateCheck};
use crate::table::format::{age, clock_date};
use crate::table::resource::{col, num_key, Column, Ctx, Resource, UNKNOWN};
use crate::table::Keyed;

impl Keyed for AppImage {
    /// The ARN: names repeat across Regions.
    fn key(&self) -> &str {
        &self.arn
    }
    fn region(&self) -> &str {
        &self.region
    }
}

/// "unknown" until a dry run answered; then its word and how long ago.
fn update(i: &AppImage, ctx: &Ctx) -> String {
    match ctx.app_updates.get(&i.arn) {
        None => "unknown".into(),
        Some(u) => format!("{} {}", u.word(), age(Some(u.at()), ctx.now)),
    }
}

fn update_rank(i: &AppImage, ctx: &Ctx) -> f64 {
    match ctx.app_updates.get(&i.arn) {
        Some(UpdateCheck::Available { .. }) => 0.0,
        Some(UpdateCheck::Refused { .. }) => 1.0,
        None => 2.0,
        Some(UpdateCheck::Current { .. }) => 3.0,
    }
}

fn agent(i: &AppImage) -> String {
    match i.agent_latest {
        Some(true) => format!("{} (latest)", i.agent_version),
        Some(false) => format!("{} (old)", i.agent_version),
        None => i.agent_version.clone(),
    }
}

/// Shares are fetched per image on demand; "?" until then.
fn shared(i: &AppImage, ctx: &Ctx) -> String {
    match ctx.image_shares.get(&i.arn) {
        Some(accounts) if accounts.is_empty() => "-".into(),
        Some(accounts) => accounts.join(","),
        None => UNKNOWN.into(),
    }
}

static COLUMNS: &[Column<AppImage>] = &[
    col::<AppImage>("NAME", &["name"], 34, 0, |i, _| i.name.clone()),
    col::<AppImage>("STATE", &["state"], 9, 0, |i, _| i.state.clone()).coloured(),
    col::<AppImage>("UPDATE", &["update", "updates"], 18, 0, update)
        .sorted(|i, ctx| num_key(Some(update_rank(i, ctx))))
        .ranked()
        .live(),
    col::<AppImage>("VISIBILITY", &["visibility", "vis"], 10, 1, |i, _| {
        i.visibility.clone()
    }),
    col::<AppImage>("PLATFORM", &["platform"], 19, 2, |i, _| i.platform.clone()),
    col::<AppImage>("AGENT", &["agent"], 24, 2, |i, _| agent(i)),
    col::<AppImage>("CREATED", &["created"], 16, 3, |i, _| {
        i.created.map(clock_date).unwrap_or_default()
    })
    .time()
    .sorted(|i, _| num_key(i.created.map(|t| t as f64))),
    col::<AppImage>("BASE RELEASED", &["base", "released"], 16, 4, |i, _| {
        i.base_image_released.map(clock_date).unwrap_or_default()
    })
    .time()
    .sorted(|i, _| num_key(i.base_image_released.map(|t| t as f64))),
    col::<AppImage>("SHARED WITH", &["shared", "shares"], 14, 4, shared).live(),
    col::<AppImage>("DISPLAY NAME", &["display"], 24, 5, |i, _| {
        i.display_name.clone()
    }),
    col::<AppImage>("REGION", &["region"], 14, 8, |i, _| i.region.clone()),
];

impl Resource for AppImage {
    const NOUN: &'static str = "application image";
    const PLURAL: &'static str = "application images";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(AppImage::state_class(self))
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    const REVEAL: &'static str = "public";

    /// AWS's base images are many and rarely what an administrator manages.
    fn shown_by_default(&self) -> bool {
        !self.is_public()
    }

    fn detail(&self, ctx: &Ctx) -> Vec<(&'static str, String)> {
        let check = match ctx.app_updates.get(&self.arn) {
            None => "not checked (D checks by dry run)".to_string(),
            Some(u) => format!("{} (checked {})", u.word(), clock_date(u.at())),
        };
        vec![
            ("Name", self.name.clone()),
            ("Arn", self.arn.clone()),
            ("Region", self.region.clone()),
            ("DisplayName", self.display_name.clone()),
            ("Description", self.description.clone()),
            ("State", self.state.clone()),
            ("StateChangeReason", self.state_reason.clone()),
            ("Visibility", self.visibility.clone()),
            ("Platform", self.platform.clone()),
            ("BaseImageArn", self.base_image_arn.clone()),
            (
                "PublicBaseImageReleasedDate",
                self.base_image_released.map(clock_date).unwrap_or_default(),
            ),
            ("AppstreamAgentVersion", self.agent_version.clone()),
            (
                "LatestAppstreamAgentVersion",
                match self.agent_latest {
                    Some(true) => "TRUE".into(),
                    Some(false) => "FALSE".into(),
                    None => String::new(),
                },
            ),
            ("Update (CreateUpdatedImage dry run)", check),
            ("Shared with", shared(self, ctx)),
            ("Applications", self.applications.join(", ")),
            ("ImageErrors", self.errors.join("; ")),
            (
                "CreatedTime",
                self.created.map(clock_date).unwrap_or_default(),
            ),
        ]
    }
}
