//! The actions of `wsfleet do` that take a form in the TUI (issue 29): migrate, modify, tags
//! and switch-image. Their flags fill the TUI's own form (`app::dialog::Form`), whose `build`
//! checks them by the form's rules; a flag for a pick-list field must be one of the list's
//! values. The existing thing a flag names (the bundle to migrate to, the image a fleet is
//! switched to) is checked once the targets are read, against the same pick list the TUI's
//! form offers for them (`app::migrate::form`, `app_forms::switch_choices`) read from the
//! service now: an unknown one is refused, naming the closest, and nothing is sent.

use super::closest::closest;
use crate::app::dialog::{Form, FormKind};
use crate::app::State;
use crate::cli::FormFlags;
use crate::domain::{validate, Action};
use crate::panes::{PaneKind, RowKind};
use crate::queue::Plan;
use crate::service::WorkspacesService;
use std::collections::BTreeMap;
use tui_input::Input;

/// The form flags each form verb takes.
const FLAGS: &[(&str, &[&str])] = &[
    ("migrate", &["--bundle"]),
    (
        "modify",
        &[
            "--compute",
            "--root-gb",
            "--user-gb",
            "--running-mode",
            "--auto-stop-minutes",
            "--protocol",
        ],
    ),
    ("tags", &["--tag", "--untag"]),
    ("switch-image", &["--image"]),
    ("create-image", &["--name", "--description"]),
    ("update-image", &["--name", "--description"]),
    ("copy-image", &["--to-region", "--name", "--description"]),
];

/// The form flags given.
fn given(f: &FormFlags) -> Vec<&'static str> {
    [
        ("--bundle", f.bundle.is_some()),
        ("--compute", f.compute.is_some()),
        ("--root-gb", f.root_gb.is_some()),
        ("--user-gb", f.user_gb.is_some()),
        ("--running-mode", f.running_mode.is_some()),
        ("--auto-stop-minutes", f.auto_stop_minutes.is_some()),
        ("--protocol", f.protocol.is_some()),
        ("--tag", !f.tag.is_empty()),
        ("--untag", !f.untag.is_empty()),
        ("--image", f.image.is_some()),
        ("--name", f.name.is_some()),
        ("--description", f.description.is_some()),
        ("--to-region", f.to_region.is_some()),
    ]
    .into_iter()
    .filter_map(|(flag, set)| set.then_some(flag))
    .collect()
}

/// Every form flag given is one `action` takes.
pub fn check_flags(action: &str, f: &FormFlags) -> Result<(), String> {
    let takes = FLAGS
        .iter()
        .find(|(n, _)| *n == action)
        .map_or(&[][..], |(_, t)| *t);
    match given(f).into_iter().find(|g| !takes.contains(g)) {
        Some(flag) => Err(format!("{flag}: {action} takes no {flag}")),
        None => Ok(()),
    }
}

/// The action `name` on rows of `rows` as the flags ask, checked by its form's rules (what
/// needs the service's lists is checked by `settle`); `None`: `name` takes no form.
pub fn draft(name: &str, rows: RowKind, f: &FormFlags) -> Option<Result<Action, String>> {
    Some(match name {
        "migrate" => migrate(f),
        "modify" => modify(f),
        "tags" => tags(rows, f),
        "switch-image" => switch_image(f),
        "create-image" => new_image(FormKind::CreateImage, "create-image", f),
        "update-image" => new_image(FormKind::CreateUpdatedImage, "update-image", f),
        "copy-image" => copy_image(f),
        _ => return None,
    })
}

fn required<'a>(value: &'a Option<String>, flag: &str, action: &str) -> Result<&'a str, String> {
    value
        .as_deref()
        .ok_or_else(|| format!("{action} needs {flag}"))
}

/// Field `label` of `form` gets `value`; a pick list's value must be one it offers
/// (`what` says which: "an AVAILABLE bundle of us-east-1").
fn fill(form: &mut Form, label: &str, flag: &str, value: &str, what: &str) -> Result<(), String> {
    let i = (form.fields.iter())
        .position(|(l, _)| *l == label)
        .ok_or_else(|| format!("the form has no field {label}"))?;
    let mut value = value.trim().to_string();
    if let Some(pick) = form.pick(i) {
        let items = pick.items();
        let offered = items.iter().filter(|c| !c.value.is_empty());
        match offered.clone().find(|c| c.value == value).or_else(|| {
            offered
                .clone()
                .find(|c| c.value.eq_ignore_ascii_case(&value))
        }) {
            Some(item) => value = item.value.clone(),
            None => {
                return Err(format!(
                    "{flag} {value}: not {what}; closest: {}",
                    closest(&value, items)
                ))
            }
        }
    }
    form.fields[i].1 = Input::new(value);
    Ok(())
}

/// MigrateWorkspace: the bundle's ID is checked now; that it is an AVAILABLE bundle of the
/// targets' Region, by `settle`.
fn migrate(f: &FormFlags) -> Result<Action, String> {
    let bundle_id = required(&f.bundle, "--bundle", "migrate")?
        .trim()
        .to_string();
    let action = Action::Migrate { bundle_id };
    validate::action(&action).map_err(|e| format!("--bundle: {e}"))?;
    Ok(action)
}

/// ModifyWorkspaceProperties: the modify form's fields (`app::model::modify_form`).
fn modify(f: &FormFlags) -> Result<Action, String> {
    let fields = [
        ("Compute type", "--compute", &f.compute, "a compute type"),
        ("Root volume (GB)", "--root-gb", &f.root_gb, ""),
        ("User volume (GB)", "--user-gb", &f.user_gb, ""),
        (
            "Running mode",
            "--running-mode",
            &f.running_mode,
            "a running mode",
        ),
        (
            "Auto-stop (minutes)",
            "--auto-stop-minutes",
            &f.auto_stop_minutes,
            "",
        ),
        ("Protocol", "--protocol", &f.protocol, "a protocol"),
    ];
    if fields.iter().all(|(_, _, v, _)| v.is_none()) {
        let flags: Vec<&str> = fields.iter().map(|(_, flag, _, _)| *flag).collect();
        return Err(format!("modify needs at least one of {}", flags.join(", ")));
    }
    let mut form = Form::new(FormKind::ModifyWorkspace);
    for (label, flag, value, what) in fields {
        if let Some(v) = value {
            fill(&mut form, label, flag, v, what)?;
        }
    }
    form.build()
}

/// CreateTags / DeleteTags: `--tag k=v` and `--untag k` are the tag form's `k=v` and `-k`
/// entries (`domain::tagging::TagEdit`), one entry a flag.
fn tags(rows: RowKind, f: &FormFlags) -> Result<Action, String> {
    if f.tag.is_empty() && f.untag.is_empty() {
        return Err("tags needs --tag KEY=VALUE or --untag KEY (each may be repeated)".into());
    }
    let kind = crate::app::tag_edit::form(rows).ok_or("these rows take no tags")?;
    let mut entries = vec![];
    for (flag, value) in
        (f.tag.iter().map(|t| ("--tag", t))).chain(f.untag.iter().map(|k| ("--untag", k)))
    {
        // The form separates its entries by commas: one entry a flag.
        if value.contains(',') {
            return Err(format!("{flag} {value}: one tag a flag (no ',')"));
        }
        match flag {
            "--tag" if !value.contains('=') => {
                return Err(format!(
                    "--tag {value}: write KEY=VALUE (KEY= for an empty value)"
                ))
            }
            "--untag" if value.contains('=') => {
                return Err(format!("--untag {value}: the key alone"))
            }
            "--untag" => entries.push(format!("-{value}")),
            _ => entries.push(value.clone()),
        }
    }
    let mut form = Form::new(kind);
    fill(&mut form, "Tags", "--tag", &entries.join(", "), "")?;
    form.build()
}

/// UpdateFleet ImageName: the name is checked now; that the fleet can run it, by `settle`.
fn switch_image(f: &FormFlags) -> Result<Action, String> {
    let image = required(&f.image, "--image", "switch-image")?;
    let image = validate::app_name(image).map_err(|e| format!("--image: {e}"))?;
    Ok(Action::SwitchFleetImage { image })
}

/// CreateWorkspaceImage, CreateUpdatedWorkspaceImage: the image form's name and description.
fn new_image(kind: FormKind, action: &str, f: &FormFlags) -> Result<Action, String> {
    let name = required(&f.name, "--name", action)?;
    let description = required(&f.description, "--description", action)?;
    let mut form = Form::new(kind);
    fill(&mut form, "Image name", "--name", name, "")?;
    fill(&mut form, "Description", "--description", description, "")?;
    form.build()
}

/// CopyWorkspaceImage: the copy form's fields; that the Region is one the form offers for
/// the images, by `settle`.
fn copy_image(f: &FormFlags) -> Result<Action, String> {
    let to = required(&f.to_region, "--to-region", "copy-image")?;
    let name = required(&f.name, "--name", "copy-image")?;
    let description = required(&f.description, "--description", "copy-image")?;
    let mut form = Form::new(FormKind::CopyImage { regions: vec![] });
    fill(&mut form, "Destination region", "--to-region", to, "")?;
    fill(&mut form, "Image name", "--name", name, "")?;
    fill(&mut form, "Description", "--description", description, "")?;
    form.build()
        .map_err(|e| format!("{e} (--to-region, --name, --description)"))
}

/// With the targets read and planned: what the forms check against the service's lists (read
/// now, as the TUI's pick lists are), and the form actions' own skips (the TUI's
/// `confirm_with`): another platform's WorkSpaces for a migration, resources a tag edit
/// would take past 50 tags.
pub async fn settle(
    state: &mut State,
    services: &[WorkspacesService],
    action: &Action,
    plans: &mut BTreeMap<String, Plan>,
) -> Result<(), String> {
    match action {
        Action::Migrate { bundle_id } => {
            // The bundles offered, and their images for the platforms.
            read(state, services, &[PaneKind::Bundles, PaneKind::Images]).await?;
            for plan in plans.values_mut() {
                migrate_to(state, bundle_id, plan)?;
            }
        }
        Action::SwitchFleetImage { image } => {
            read(state, services, &[PaneKind::AppImages]).await?;
            let fleets = &state.panes.app_fleets.table;
            for plan in plans.values() {
                for id in listed(plan).filter(|id| fleets.get(id).is_some()) {
                    switch_to(state, image, id)?;
                }
            }
        }
        Action::CopyImage {
            destination_region, ..
        } => {
            for plan in plans.values() {
                copy_to(state, destination_region, plan)?;
            }
        }
        Action::SetTags { .. } => {
            for plan in plans.values_mut() {
                *plan = crate::app::tag_edit::over_limit(state, action, std::mem::take(plan));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Every target of `plan` to send or skipped: a flag naming an unknown thing is refused even
/// when nothing would be sent.
fn listed(plan: &Plan) -> impl Iterator<Item = &String> {
    (plan.to_send.iter())
        .chain(plan.skipped.iter().map(|(t, _)| t))
        .map(|t| &t.id)
}

async fn read(
    state: &mut State,
    services: &[WorkspacesService],
    panes: &[PaneKind],
) -> Result<(), String> {
    let mut quiet = |_: usize| {};
    let failures = super::load::sweep(state, services, panes, &mut quiet).await;
    if failures.is_empty() {
        return Ok(());
    }
    Err(format!(
        "what the form offers could not be read ({}): nothing sent",
        failures.join("; ")
    ))
}

/// The migrate form for the WorkSpaces of one place, with `bundle_id` picked: it must be
/// one the form offers; then the WorkSpaces of another platform are skipped.
fn migrate_to(state: &State, bundle_id: &str, plan: &mut Plan) -> Result<(), String> {
    let table = &state.panes.workspaces.table;
    let ids: Vec<String> = (listed(plan).filter(|id| table.get(id).is_some()))
        .cloned()
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let kind = crate::app::migrate::form(state, &ids)?;
    let FormKind::MigrateWorkspace { region, .. } = &kind else {
        return Err("not the migrate form".into());
    };
    let what = format!("an AVAILABLE Windows bundle of {region} (DescribeWorkspaceBundles)");
    let mut form = Form::new(kind.clone());
    fill(
        &mut form,
        "Bundle to migrate to",
        "--bundle",
        bundle_id,
        &what,
    )?;
    form.build()?;
    crate::app::migrate::skip_other_platforms(state, bundle_id, plan);
    Ok(())
}

/// The copy form for the images of one place, with `region` picked: one it offers (the
/// Regions WorkSpaces runs in, in the images' partition, not their own).
fn copy_to(state: &State, region: &str, plan: &Plan) -> Result<(), String> {
    let table = &state.panes.images.table;
    let ids: Vec<String> = (listed(plan).filter(|id| table.get(id).is_some()))
        .cloned()
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let kind = crate::app::app_forms::copy_regions(state, &ids);
    let what = "a Region these images can be copied to";
    // The name and description were checked by the form already (`copy_image`).
    fill(
        &mut Form::new(kind),
        "Destination region",
        "--to-region",
        region,
        what,
    )
}

/// The switch form of one fleet, with `image` picked: it must be one the fleet can run.
fn switch_to(state: &State, image: &str, fleet: &str) -> Result<(), String> {
    let kind = crate::app::app_forms::switch_choices(state, &[fleet.to_string()])?;
    let FormKind::SwitchFleetImage { fleet: name, .. } = &kind else {
        return Err("not the switch form".into());
    };
    let what = format!("an AVAILABLE image fleet {name} can run (DescribeImages)");
    let mut form = Form::new(kind.clone());
    fill(&mut form, "Image", "--image", image, &what)?;
    form.build().map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags() -> FormFlags {
        FormFlags::default()
    }

    #[test]
    fn modify_flags_fill_the_modify_form_and_its_rules_hold() {
        let f = FormFlags {
            compute: Some("performance".into()),
            ..flags()
        };
        let Some(Ok(Action::ModifyProperties(c))) = draft("modify", RowKind::Workspace, &f) else {
            panic!()
        };
        assert_eq!(c.compute.as_deref(), Some("PERFORMANCE"));
        let bad = |f: FormFlags| {
            draft("modify", RowKind::Workspace, &f)
                .unwrap()
                .unwrap_err()
        };
        let e = bad(FormFlags {
            compute: Some("PERFORMANSE".into()),
            ..flags()
        });
        assert!(e.contains("closest: PERFORMANCE"), "{e}");
        let e = bad(FormFlags {
            auto_stop_minutes: Some("90".into()),
            ..flags()
        });
        assert!(e.contains("60-minute steps"), "{e}");
        let e = bad(FormFlags {
            compute: Some("POWER".into()),
            root_gb: Some("175".into()),
            ..flags()
        });
        assert!(e.contains("at the same time"), "{e}");
        assert!(bad(flags()).contains("at least one of --compute"));
    }

    #[test]
    fn tag_flags_are_the_tag_forms_entries() {
        let f = FormFlags {
            tag: vec!["env=prod".into(), "owner=".into()],
            untag: vec!["legacy".into()],
            ..flags()
        };
        let action = draft("tags", RowKind::Image, &f).unwrap().unwrap();
        assert_eq!(
            action,
            Action::SetTags {
                on: crate::domain::TargetKind::Image,
                add: vec![
                    ("env".into(), "prod".into()),
                    ("owner".into(), String::new())
                ],
                remove: vec!["legacy".into()],
            }
        );
        for tag in ["env", "a=1,b=2", "aws:x=1"] {
            let f = FormFlags {
                tag: vec![tag.into()],
                ..flags()
            };
            assert!(
                draft("tags", RowKind::Workspace, &f).unwrap().is_err(),
                "{tag}"
            );
        }
    }

    #[test]
    fn image_flags_fill_the_image_forms() {
        let f = FormFlags {
            name: Some("gold-2026".into()),
            description: Some("the gold image".into()),
            ..flags()
        };
        assert_eq!(
            draft("create-image", RowKind::Workspace, &f).unwrap(),
            Ok(Action::CreateImage {
                name: "gold-2026".into(),
                description: "the gold image".into()
            })
        );
        let e = draft("copy-image", RowKind::Image, &f)
            .unwrap()
            .unwrap_err();
        assert!(e.contains("needs --to-region"), "{e}");
        let f = FormFlags {
            to_region: Some("Mars-1".into()),
            ..f
        };
        let e = draft("copy-image", RowKind::Image, &f)
            .unwrap()
            .unwrap_err();
        assert!(e.contains("not a region name"), "{e}");
        let f = FormFlags {
            name: Some("no spaces".into()),
            description: Some("x".into()),
            ..flags()
        };
        let e = draft("update-image", RowKind::Image, &f)
            .unwrap()
            .unwrap_err();
        assert!(e.contains("no spaces"), "{e}");
    }

    #[test]
    fn every_form_verb_refuses_the_flags_of_another() {
        let f = FormFlags {
            bundle: Some("wsb-abcdefgh1".into()),
            ..flags()
        };
        assert!(check_flags("migrate", &f).is_ok());
        assert!(check_flags("modify", &f).unwrap_err().contains("--bundle"));
        assert!(check_flags("reboot", &f).is_err());
    }
}
