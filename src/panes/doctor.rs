//! The fleet doctor's pane (`:doctor`): one row per finding of a rule (`crate::doctor`):
//! severity, how many resources, why, and the key that fixes it.

use crate::domain::doctor::{Finding, Severity, Subject};
use crate::domain::StateClass;
use crate::table::resource::{col, num_key, Column, Ctx, Resource, WIDE_ONLY};
use crate::table::Keyed;

impl Keyed for Finding {
    fn key(&self) -> &str {
        &self.rule
    }
}

/// What the finding's resources are, as their pane calls them.
pub fn subject_plural(s: Subject) -> &'static str {
    match s {
        Subject::Workspaces => "WorkSpaces",
        Subject::Bundles => "bundles",
        Subject::Images => "images",
        Subject::Pools => "pools",
        Subject::AppImages => "app images",
        Subject::AppFleets => "app fleets",
    }
}

fn rank(s: Severity) -> f64 {
    match s {
        Severity::Error => 0.0,
        Severity::Warning => 1.0,
        Severity::Info => 2.0,
    }
}

static FINDING_COLUMNS: &[Column<Finding>] = &[
    col::<Finding>("SEVERITY", &["severity", "sev"], 8, 0, |f, _| {
        f.severity.word().to_string()
    })
    .sorted(|f, _| num_key(Some(rank(f.severity))))
    .ranked()
    .coloured(),
    col::<Finding>("COUNT", &["count", "n"], 5, 0, |f, _| {
        f.ids.len().to_string()
    })
    .sorted(|f, _| num_key(Some(f.ids.len() as f64))),
    col::<Finding>("WHY", &["why", "reason"], 50, 0, |f, _| f.why.clone()),
    col::<Finding>("FIX", &["fix", "key"], 14, 0, |f, _| f.fix_text.clone()),
    col::<Finding>("RULE", &["rule", "id"], 22, 1, |f, _| f.rule.clone()),
    col::<Finding>("OF", &["of", "kind"], 10, 2, |f, _| {
        subject_plural(f.subject).to_string()
    }),
    col::<Finding>("RESOURCES", &["resources", "ids"], 40, WIDE_ONLY, |f, _| {
        f.ids.join(" ")
    }),
];

impl Resource for Finding {
    const NOUN: &'static str = "finding";
    const PLURAL: &'static str = "findings";

    fn columns() -> &'static [Column<Self>] {
        FINDING_COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(match self.severity {
            Severity::Error => StateClass::Bad,
            Severity::Warning => StateClass::Transitional,
            Severity::Info => StateClass::Stopped,
        })
    }

    fn state_text(&self) -> &str {
        self.severity.word()
    }

    fn detail(&self, _ctx: &Ctx) -> Vec<(&'static str, String)> {
        let fix = if self.fix_text.is_empty() {
            "none".to_string()
        } else {
            format!("{} (on exactly these {})", self.fix_text, self.ids.len())
        };
        vec![
            ("Rule", self.rule.clone()),
            ("Severity", self.severity.word().to_string()),
            ("Why", self.why.clone()),
            ("Fix", fix),
            ("Of", subject_plural(self.subject).to_string()),
            ("Count", self.ids.len().to_string()),
            ("Resources", self.ids.join(" ")),
        ]
    }
}
