//! The contexts pane (`:ctx`): the AWS profiles wsfleet can switch to, read from the AWS
//! config files (or the demo's emulated accounts). Enter switches.

use crate::domain::StateClass;
use crate::table::resource::{col, Column, Ctx, Resource};
use crate::table::Keyed;

/// One profile, as listed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContextRow {
    pub name: String,
    /// The profile's own region setting, if any.
    pub region: String,
    /// How it gets credentials (keys, sso, role, …).
    pub kind: String,
    /// Whether it is the context shown now.
    pub current: bool,
}

impl Keyed for ContextRow {
    fn key(&self) -> &str {
        &self.name
    }
}

static COLUMNS: &[Column<ContextRow>] = &[
    col::<ContextRow>("PROFILE", &["profile", "name"], 24, 0, |c, _| {
        if c.current {
            format!("{} (current)", c.name)
        } else {
            c.name.clone()
        }
    }),
    col::<ContextRow>("CREDENTIALS", &["credentials", "kind"], 30, 0, |c, _| {
        c.kind.clone()
    }),
    col::<ContextRow>("REGION", &["region"], 14, 1, |c, _| c.region.clone()),
];

impl Resource for ContextRow {
    const NOUN: &'static str = "profile";
    const PLURAL: &'static str = "profiles";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        self.current.then_some(StateClass::Healthy)
    }

    fn detail(&self, _ctx: &Ctx) -> Vec<(&'static str, String)> {
        vec![
            ("Profile", self.name.clone()),
            ("Credentials", self.kind.clone()),
            ("Region", self.region.clone()),
            ("Current", if self.current { "yes" } else { "no" }.into()),
        ]
    }
}
