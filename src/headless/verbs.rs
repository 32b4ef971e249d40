//! The actions `wsfleet do` takes, named as the TUI's action table names them (`[keys]`
//! config names, `config::keymap`), on the kinds of row the TUI offers them on
//! (`app::act::actions::start_on`). Those with a form in the TUI take their parameters as
//! flags, checked by the same rules as the form (`domain::validate`): bad input is refused
//! before anything is read or sent.

use crate::cli::DoArgs;
use crate::domain::{validate, Action};
use crate::panes::{PaneKind, RowKind};

/// What an action needs besides its targets.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Needs {
    Nothing,
    /// `--account ID`: ShareImage / UnshareImage (and the WorkSpaces Applications ones).
    Account,
    /// `--capacity N`: UpdateWorkspacesPool / UpdateFleet.
    Capacity,
    /// The flags of the TUI's form for it (`forms`).
    Form,
}

/// One row: the action's name, the kind of row, what it needs.
const TABLE: &[(&str, RowKind, Needs)] = &[
    ("reboot", RowKind::Workspace, Needs::Nothing),
    ("rebuild", RowKind::Workspace, Needs::Nothing),
    ("start", RowKind::Workspace, Needs::Nothing),
    ("stop", RowKind::Workspace, Needs::Nothing),
    ("terminate", RowKind::Workspace, Needs::Nothing),
    ("restore", RowKind::Workspace, Needs::Nothing),
    ("auto-stop", RowKind::Workspace, Needs::Nothing),
    ("always-on", RowKind::Workspace, Needs::Nothing),
    ("maintenance-on", RowKind::Workspace, Needs::Nothing),
    ("maintenance-off", RowKind::Workspace, Needs::Nothing),
    ("share", RowKind::Image, Needs::Account),
    ("unshare", RowKind::Image, Needs::Account),
    ("delete-image", RowKind::Image, Needs::Nothing),
    ("start", RowKind::Pool, Needs::Nothing),
    ("stop", RowKind::Pool, Needs::Nothing),
    ("capacity", RowKind::Pool, Needs::Capacity),
    ("share", RowKind::AppImage, Needs::Account),
    ("unshare", RowKind::AppImage, Needs::Account),
    ("delete-image", RowKind::AppImage, Needs::Nothing),
    ("start", RowKind::AppFleet, Needs::Nothing),
    ("stop", RowKind::AppFleet, Needs::Nothing),
    ("capacity", RowKind::AppFleet, Needs::Capacity),
    ("migrate", RowKind::Workspace, Needs::Form),
    ("modify", RowKind::Workspace, Needs::Form),
    ("tags", RowKind::Workspace, Needs::Form),
    ("tags", RowKind::Image, Needs::Form),
    ("tags", RowKind::Bundle, Needs::Form),
    ("tags", RowKind::Directory, Needs::Form),
    ("tags", RowKind::Pool, Needs::Form),
    ("switch-image", RowKind::AppFleet, Needs::Form),
    ("create-image", RowKind::Workspace, Needs::Form),
    ("update-image", RowKind::Image, Needs::Form),
    ("copy-image", RowKind::Image, Needs::Form),
    ("check-updates", RowKind::AppImage, Needs::Nothing),
];

/// Actions the TUI offers that `do` does not take yet, and where the TUI offers them: `do`
/// refuses them by name rather than as unknown.
const NOT_YET: &[(&str, &str)] = &[
    (
        "create-updated-image",
        "P on an image; do calls it update-image",
    ),
    ("copy", "C on an image; do calls it copy-image"),
    (
        "check-update",
        "D on an Applications image; do calls it check-updates",
    ),
    ("update-bundle", "an image update campaign, W on an image"),
    ("terminate-session", "ctrl-d on a pool session"),
    ("expire-session", "ctrl-d on an Applications session"),
    ("create", "N on WorkSpaces"),
    ("create-workspaces", "N on WorkSpaces"),
];

/// The panes `do` acts on: those `get` lists whose rows take an action of the table.
fn actable() -> impl Iterator<Item = PaneKind> {
    PaneKind::all().filter(|k| {
        k.spec().command && k.spec().resources && TABLE.iter().any(|(_, r, _)| *r == k.rows())
    })
}

/// `name` on rows of `rows`, with `account` and `capacity` as the flags gave them.
fn build(
    name: &str,
    rows: RowKind,
    account: Option<String>,
    capacity: Option<i32>,
) -> Option<Action> {
    use RowKind::{AppFleet, AppImage, Image, Pool, Workspace};
    let account = || account.clone().unwrap_or_default();
    let capacity = capacity.unwrap_or_default();
    Some(match (name, rows) {
        ("reboot", Workspace) => Action::Reboot,
        ("rebuild", Workspace) => Action::Rebuild,
        ("start", Workspace) => Action::Start,
        ("stop", Workspace) => Action::Stop,
        ("terminate", Workspace) => Action::Terminate,
        ("restore", Workspace) => Action::Restore,
        ("auto-stop", Workspace) => Action::SetRunningMode("AUTO_STOP".into()),
        ("always-on", Workspace) => Action::SetRunningMode("ALWAYS_ON".into()),
        ("maintenance-on", Workspace) => Action::AdminMaintenance(true),
        ("maintenance-off", Workspace) => Action::AdminMaintenance(false),
        ("share", Image) => Action::ShareImage {
            account_id: account(),
        },
        ("unshare", Image) => Action::UnshareImage {
            account_id: account(),
        },
        ("delete-image", Image) => Action::DeleteImage,
        ("start", Pool) => Action::StartPool,
        ("stop", Pool) => Action::StopPool,
        ("capacity", Pool) => Action::SetPoolCapacity(capacity),
        ("share", AppImage) => Action::ShareAppImage {
            account_id: account(),
        },
        ("unshare", AppImage) => Action::UnshareAppImage {
            account_id: account(),
        },
        ("delete-image", AppImage) => Action::DeleteAppImage,
        ("check-updates", AppImage) => Action::CheckAppImageUpdate,
        ("start", AppFleet) => Action::StartFleet,
        ("stop", AppFleet) => Action::StopFleet,
        ("capacity", AppFleet) => Action::SetFleetCapacity(capacity),
        _ => return None,
    })
}

/// The pane and the action `do ACTION --pane PANE [--account ID] [--capacity N]` asks for,
/// or why it cannot be sent (a usage error: nothing is read or sent).
pub fn parse(args: &DoArgs) -> Result<(PaneKind, Action), String> {
    if let Some((name, tui)) = NOT_YET.iter().find(|(n, _)| *n == args.action) {
        return Err(format!(
            "{name}: not offered by wsfleet do yet; the TUI offers it ({tui})"
        ));
    }
    let kind = PaneKind::from_command(&args.pane)
        .filter(|k| actable().any(|a| a == *k))
        .ok_or_else(|| {
            let names: Vec<&str> = actable().map(|k| k.commands()[0]).collect();
            format!(
                "--pane {}: not a pane do acts on ({})",
                args.pane,
                names.join(", ")
            )
        })?;
    let rows = kind.rows();
    let Some(&(_, _, needs)) = TABLE
        .iter()
        .find(|(n, r, _)| *n == args.action && *r == rows)
    else {
        let tui_offers = crate::config::keymap::KeyAction::from_name(&args.action)
            .is_some_and(|k| k.acts_on_rows() && k.applies(kind));
        if tui_offers {
            return Err(format!(
                "{} on {}: not offered by wsfleet do yet; the TUI offers it there",
                args.action,
                kind.commands()[0]
            ));
        }
        let names: Vec<&str> = TABLE
            .iter()
            .filter(|(_, r, _)| *r == rows)
            .map(|(n, _, _)| *n)
            .collect();
        return Err(format!(
            "unknown action '{}' on {} (actions there: {})",
            args.action,
            kind.commands()[0],
            names.join(", ")
        ));
    };
    let flag = |given: bool, flag: &str, wanted: bool| match (given, wanted) {
        (true, false) => Err(format!("{flag}: {} takes no {flag}", args.action)),
        (false, true) => Err(format!("{} needs {flag}", args.action)),
        _ => Ok(()),
    };
    flag(args.account.is_some(), "--account", needs == Needs::Account)?;
    flag(
        args.capacity.is_some(),
        "--capacity",
        needs == Needs::Capacity,
    )?;
    super::forms::check_flags(&args.action, &args.form)?;
    if let Some(drafted) = super::forms::draft(&args.action, rows, &args.form) {
        let action = drafted?;
        validate::action(&action)?;
        return Ok((kind, action));
    }
    // The forms' own rules: 12 digits (UpdateWorkspaceImagePermission.SharedAccountId),
    // a capacity of 0 or more.
    let account = args
        .account
        .as_deref()
        .map(validate::account_id)
        .transpose()
        .map_err(|e| format!("--account: {e}"))?;
    let capacity = args
        .capacity
        .as_deref()
        .map(validate::capacity)
        .transpose()
        .map_err(|e| format!("--capacity: {e}"))?;
    let action = build(&args.action, rows, account, capacity)
        .ok_or_else(|| format!("{} is not offered on {}", args.action, args.pane))?;
    validate::action(&action)?;
    Ok((kind, action))
}

/// What the targets are called in messages ("12 WorkSpaces").
pub fn noun(kind: PaneKind) -> &'static str {
    match kind.rows() {
        RowKind::Workspace => "WorkSpaces",
        RowKind::Image | RowKind::AppImage => "images",
        RowKind::Pool => "pools",
        RowKind::AppFleet => "fleets",
        RowKind::Bundle => "bundles",
        RowKind::Directory => "directories",
        _ => "resources",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::keymap::KeyAction;

    /// Every action `do` takes is one the TUI's action table offers on that kind of row,
    /// under the same name.
    #[test]
    fn every_action_is_one_the_tui_offers_there_by_its_name() {
        for &(name, rows, _) in TABLE {
            let key = KeyAction::from_name(name).unwrap_or_else(|| panic!("{name}"));
            let pane = PaneKind::all().find(|k| k.rows() == rows).unwrap();
            assert!(
                key.acts_on_rows() && key.applies(pane),
                "{name} on {rows:?}"
            );
            let action = build(name, rows, Some("123456789012".into()), Some(3));
            let form = super::super::forms::draft(name, rows, &Default::default());
            assert!(action.is_some() || form.is_some(), "{name} on {rows:?}");
        }
    }
}
