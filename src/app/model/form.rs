//! A form: an action's parameters, each field checked before anything is sent. A field that
//! chooses an existing thing (an image, a Region, an account) is a pick list (`pick`); free
//! text is for new names and new account IDs.

use super::pick::{Pick, PickItem};
use crate::domain::validate;
use crate::domain::Action;
use std::collections::BTreeMap;
use tui_input::Input;

/// What a form asks for, and the action it builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    ShareImage,
    /// The image's current shares are shown first, to choose from.
    UnshareImage {
        current: Vec<String>,
    },
    CreateImage,
    CreateUpdatedImage,
    /// CopyWorkspaceImage: the Regions to copy to, picked from (none known: typed).
    CopyImage {
        regions: Vec<PickItem>,
    },
    PoolCapacity,
    /// WorkSpaces Applications CreateUpdatedImage: a name template for every marked image.
    CreateUpdatedAppImage {
        /// The names of the images to update.
        images: Vec<String>,
        /// Image names already taken in their Regions.
        taken: Vec<String>,
        /// Today, for `{yyyymmdd}`.
        date: String,
    },
    ShareAppImage,
    UnshareAppImage {
        current: Vec<String>,
    },
    /// UpdateFleet ImageName: the images `fleet` can run, picked from; the first `derived`
    /// are derived from its current image (the first of them is chosen at first; with none
    /// derived nothing is).
    SwitchFleetImage {
        fleet: String,
        choices: Vec<PickItem>,
        derived: usize,
    },
    FleetCapacity,
    /// ModifyWorkspaceProperties on the marked WorkSpaces (`modify_form`).
    ModifyWorkspace,
    /// Tags in bulk on resources of kind `on` (`domain::tagging`): one line of
    /// `key=value` and `-key`.
    SetTags {
        on: crate::domain::TargetKind,
    },
    /// MigrateWorkspace: the bundle to migrate to, picked from the AVAILABLE bundles of the
    /// WorkSpaces' `region` (`act::migrate`); none chosen at first.
    MigrateWorkspace {
        region: String,
        choices: Vec<PickItem>,
    },
    /// An image update campaign from `image_id`, its pick lists' items (`campaign::offers`):
    /// the updated image ("create one" first, chosen at first when `create`), the account's
    /// bundles built from it (ticked), and the roll ("rebuild" first, chosen at first).
    Campaign {
        image_id: String,
        images: Vec<PickItem>,
        create: bool,
        bundles: Vec<PickItem>,
        rolls: Vec<PickItem>,
    },
    /// CreateWorkspaces (`app::create`): registered directories and bundles to pick from.
    CreateWorkspaces {
        directories: Vec<PickItem>,
        bundles: Vec<PickItem>,
        /// The directory chosen at first: the one whose drill-down `N` was pressed in.
        chosen: Option<usize>,
    },
}

/// The campaign form's labels, in order (`campaign::form` reads what they hold).
pub const CAMPAIGN_LABELS: &[&str] = &[
    "Updated image",
    "New image name (when created)",
    "Bundles (none ticked: all)",
    "Roll (rebuild, or migrate)",
    "Wave size",
    "Pause between waves (s)",
    "Stop if a wave fails over (%)",
    "Connected users (last | skip | stop)",
];

/// Defaults shown in the campaign form.
pub const CAMPAIGN_DEFAULTS: &[&str] = &["", "", "", "rebuild", "10", "300", "20", "last"];

/// The create form's labels, in order (`app::create::on_form` reads them by index).
pub const CREATE_LABELS: &[&str] = &[
    "Directory",
    "Bundle",
    "Users (a, b, … or @file.csv)",
    "Running mode",
    "Auto-stop (minutes)",
    "Root volume GiB (blank: bundle's)",
    "User volume GiB (blank: bundle's)",
    "Encrypt volumes",
    "KMS key (when encrypted)",
    "Tags (key=value, …)",
    "WorkSpace name",
];

/// Defaults of the create form's fields (the running mode's and encryption's are their lists'
/// first choices, `create_form`).
pub const CREATE_DEFAULTS: &[&str] = &["", "", "", "AUTO_STOP", "60", "", "", "no", "", "", ""];

/// The default template of an updated image's name.
pub const UPDATED_NAME_TEMPLATE: &str = "{name}-{yyyymmdd}";

#[derive(Debug)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<(&'static str, Input)>,
    pub focus: usize,
    pub error: Option<String>,
    /// The fields that are pick lists, by index; their `fields` entry holds the choice.
    picks: BTreeMap<usize, Pick>,
}

impl Form {
    pub fn new(kind: FormKind) -> Self {
        let mut fields: Vec<(&'static str, Input)> = labels(&kind)
            .iter()
            .map(|l| (*l, Input::default()))
            .collect();
        match &kind {
            FormKind::CreateUpdatedAppImage { .. } => {
                fields[0].1 = Input::new(UPDATED_NAME_TEMPLATE.to_string());
            }
            FormKind::Campaign { .. } => {
                for (f, d) in fields.iter_mut().zip(CAMPAIGN_DEFAULTS) {
                    f.1 = Input::new(d.to_string());
                }
            }
            _ => {}
        }
        let mut form = Self {
            picks: picks(&kind),
            kind,
            fields,
            focus: 0,
            error: None,
        };
        form.sync_picks();
        form
    }

    /// The pick list of field `i`, if it is one.
    pub fn pick(&self, i: usize) -> Option<&Pick> {
        self.picks.get(&i)
    }

    /// A key for the focused field's pick list (↑ ↓, typing, Backspace); false when the
    /// focused field is free text or the key is the form's (Enter, Esc, Tab).
    pub fn pick_key(&mut self, key: crossterm::event::KeyEvent) -> bool {
        let Some(pick) = self.picks.get_mut(&self.focus) else {
            return false;
        };
        let used = pick.on_key(key);
        self.sync_picks();
        used
    }

    /// Field `i`'s list gets new items (what it offers was loaded while the form is open);
    /// the choice stays on the same value.
    pub fn offer_again(&mut self, i: usize, items: Vec<PickItem>) {
        if let Some(pick) = self.picks.get_mut(&i) {
            pick.set_items(items);
        }
        self.sync_picks();
    }

    /// Text pasted into the focused pick list narrows it, as typed.
    pub fn pick_paste(&mut self, text: &str) -> bool {
        let Some(pick) = self.picks.get_mut(&self.focus) else {
            return false;
        };
        for c in text.chars().filter(|c| !c.is_control()) {
            pick.on_key(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Char(c),
            ));
        }
        self.sync_picks();
        true
    }

    /// A pick field's value is its chosen item's (empty: nothing chosen), so `build` checks
    /// picked and typed fields alike.
    fn sync_picks(&mut self) {
        for (i, pick) in &self.picks {
            if let Some(field) = self.fields.get_mut(*i) {
                field.1 = Input::new(pick.value());
            }
        }
    }

    fn value(&self, i: usize) -> &str {
        self.fields[i].1.value()
    }

    /// Check every field; the first broken rule is the error and nothing is built.
    pub fn build(&self) -> Result<Action, String> {
        Ok(match &self.kind {
            FormKind::ShareImage => Action::ShareImage {
                account_id: validate::account_id(self.value(0))?,
            },
            FormKind::UnshareImage { current } => Action::UnshareImage {
                account_id: unshare_from(self.value(0), current)?,
            },
            FormKind::CreateImage => Action::CreateImage {
                name: validate::image_name(self.value(0))?,
                description: validate::image_description(self.value(1))?,
            },
            FormKind::CreateUpdatedImage => Action::CreateUpdatedImage {
                name: validate::image_name(self.value(0))?,
                description: validate::image_description(self.value(1))?,
            },
            FormKind::CopyImage { .. } => Action::CopyImage {
                destination_region: validate::region(self.value(0))?,
                name: validate::image_name(self.value(1))?,
                description: validate::image_description(self.value(2))?,
            },
            FormKind::PoolCapacity => Action::SetPoolCapacity(validate::capacity(self.value(0))?),
            FormKind::CreateUpdatedAppImage {
                images,
                taken,
                date,
            } => {
                let action = Action::CreateUpdatedAppImage {
                    name_template: self.value(0).trim().to_string(),
                    date: date.clone(),
                    description: validate::app_text(self.value(1), "a description", 256)?,
                    display_name: validate::app_text(self.value(2), "a display name", 100)?,
                    tags: validate::app_tags(self.value(3))?,
                };
                check_new_names(&action, images, taken)?;
                action
            }
            FormKind::ShareAppImage => Action::ShareAppImage {
                account_id: validate::account_id(self.value(0))?,
            },
            FormKind::UnshareAppImage { current } => Action::UnshareAppImage {
                account_id: unshare_from(self.value(0), current)?,
            },
            FormKind::SwitchFleetImage { choices, .. } => Action::SwitchFleetImage {
                image: fleet_image(self.value(0), choices)?,
            },
            FormKind::FleetCapacity => Action::SetFleetCapacity(validate::capacity(self.value(0))?),
            FormKind::ModifyWorkspace => {
                Action::ModifyProperties(super::modify_form::change(|i| self.value(i).to_string())?)
            }
            FormKind::SetTags { on } => {
                let edit = crate::domain::tagging::TagEdit::parse(self.value(0))?;
                Action::SetTags {
                    on: *on,
                    add: edit.add,
                    remove: edit.remove,
                }
            }
            FormKind::MigrateWorkspace { choices, region } => {
                migrate_to(self.value(0), choices, region)?
            }
            // Not one action: `campaign::on_form` reads this form.
            FormKind::Campaign { .. } => return Err("a campaign is not one action".into()),
            // Read by `create::on_form`: one request per user.
            FormKind::CreateWorkspaces { .. } => return Err("read by create::on_form".into()),
        })
    }
}

/// The account to unshare from: a valid ID and, when the shares are known, one of them.
fn unshare_from(value: &str, current: &[String]) -> Result<String, String> {
    let account_id = validate::account_id(value)?;
    if !current.is_empty() && !current.contains(&account_id) {
        return Err(format!("the image is not shared with {account_id}"));
    }
    Ok(account_id)
}

/// The image a fleet is switched to (UpdateFleet ImageName): one of the images offered.
fn fleet_image(value: &str, choices: &[PickItem]) -> Result<String, String> {
    if value.is_empty() {
        return Err("pick an image (↑ ↓, or type to narrow)".into());
    }
    let image = validate::app_name(value)?;
    if !choices.iter().any(|c| c.value == image) {
        return Err(format!("{image} is not an image this fleet can run"));
    }
    Ok(image)
}

/// MigrateWorkspace to the bundle picked: one of those offered (AVAILABLE in `region`).
fn migrate_to(bundle_id: &str, choices: &[PickItem], region: &str) -> Result<Action, String> {
    if bundle_id.is_empty() {
        return Err("pick a bundle (↑ ↓, or type to narrow)".into());
    }
    let action = Action::Migrate {
        bundle_id: bundle_id.to_string(),
    };
    validate::action(&action)?;
    if !choices.iter().any(|c| c.value == bundle_id) {
        return Err(format!(
            "{bundle_id} is not an AVAILABLE bundle of {region}"
        ));
    }
    Ok(action)
}

/// Each field's label, in order.
fn labels(kind: &FormKind) -> &'static [&'static str] {
    match kind {
        FormKind::ShareImage | FormKind::UnshareImage { .. } => &["AWS account ID"],
        FormKind::CreateImage | FormKind::CreateUpdatedImage => &["Image name", "Description"],
        FormKind::CopyImage { .. } => &["Destination region", "Image name", "Description"],
        FormKind::PoolCapacity => &["Desired user sessions"],
        FormKind::CreateUpdatedAppImage { .. } => &[
            "New name ({name}, {yyyymmdd})",
            "Description",
            "Display name",
            "Tags (key=value, …)",
        ],
        FormKind::ShareAppImage | FormKind::UnshareAppImage { .. } => &["AWS account ID"],
        FormKind::SwitchFleetImage { .. } => &["Image"],
        FormKind::FleetCapacity => &["Desired instances"],
        FormKind::MigrateWorkspace { .. } => &["Bundle to migrate to"],
        FormKind::Campaign { .. } => CAMPAIGN_LABELS,
        FormKind::ModifyWorkspace => super::modify_form::LABELS,
        FormKind::CreateWorkspaces { .. } => CREATE_LABELS,
        FormKind::SetTags { .. } => &["Tags"],
    }
}

/// The fields that choose an existing thing: the accounts an image is shared with (when
/// known; otherwise the ID is typed), the Regions to copy to, the images a fleet can run.
fn picks(kind: &FormKind) -> BTreeMap<usize, Pick> {
    let mut out = BTreeMap::new();
    match kind {
        FormKind::UnshareImage { current } | FormKind::UnshareAppImage { current }
            if !current.is_empty() =>
        {
            let items = current
                .iter()
                .map(|a| PickItem::new(a.clone(), "shared with now"))
                .collect();
            // The only account it is shared with is the one to unshare from.
            let only = (current.len() == 1).then_some(0);
            out.insert(0, Pick::new(items, only));
        }
        FormKind::CopyImage { regions } if !regions.is_empty() => {
            out.insert(0, Pick::new(regions.clone(), None));
        }
        FormKind::SwitchFleetImage {
            choices, derived, ..
        } => {
            out.insert(0, Pick::new(choices.clone(), (*derived > 0).then_some(0)));
        }
        FormKind::ModifyWorkspace => out = super::modify_form::picks(),
        FormKind::CreateWorkspaces {
            directories,
            bundles,
            chosen,
        } => out = super::create_form::picks(directories, bundles, *chosen),
        FormKind::MigrateWorkspace { choices, .. } => {
            out.insert(0, Pick::new(choices.clone(), None));
        }
        // `CAMPAIGN_LABELS`: the updated image, the bundles, the roll.
        FormKind::Campaign {
            images,
            create,
            bundles,
            rolls,
            ..
        } => {
            out.insert(0, Pick::new(images.clone(), create.then_some(0)));
            out.insert(2, Pick::ticking(bundles.clone()));
            out.insert(3, Pick::new(rolls.clone(), Some(0)));
        }
        _ => {}
    }
    out
}

/// Every updated image's name follows the API's name rule, is new in its Region, and no two
/// images of the job get the same one (CreateUpdatedImage: "The name must be unique within
/// the AWS account and Region").
fn check_new_names(action: &Action, images: &[String], taken: &[String]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for image in images {
        let name = action.new_image_name(image).unwrap_or_default();
        let name = validate::app_name(&name).map_err(|e| format!("for {image}: {e}"))?;
        if taken.contains(&name) {
            return Err(format!("{name} already exists (for {image})"));
        }
        if !seen.insert(name.clone()) {
            return Err(format!(
                "{name} would be given to two images: put {{name}} in the template"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_check_every_field_before_building() {
        let mut f = Form::new(FormKind::ShareImage);
        f.fields[0].1 = Input::new("12345".into());
        assert!(f.build().unwrap_err().contains("12 digits"));
        f.fields[0].1 = Input::new("210987654321".into());
        assert_eq!(
            f.build().unwrap(),
            Action::ShareImage {
                account_id: "210987654321".into()
            }
        );

        let mut c = Form::new(FormKind::CopyImage { regions: vec![] });
        c.fields[0].1 = Input::new("eu-west-1".into());
        c.fields[1].1 = Input::new("bad name".into());
        c.fields[2].1 = Input::new("ok".into());
        assert!(c.build().unwrap_err().contains("no spaces"));

        let u = Form::new(FormKind::UnshareImage {
            current: vec!["111122223333".into()],
        });
        assert_eq!(
            u.build().unwrap(),
            Action::UnshareImage {
                account_id: "111122223333".into()
            }
        );
    }
}
