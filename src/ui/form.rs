//! An action's form, centred over the table: its fields, a pick list under each field that
//! chooses an existing thing (`pick`), the hint and the broken rule.

use super::dialog::{boxed, wrapped_rows};
use crate::app::dialog::{Form, FormKind};
use crate::app::State;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Lines a form keeps besides its pick list's items (intro, fields, hint, error, borders).
const AROUND_PICK: usize = 10;

pub fn draw_form(frame: &mut Frame, area: Rect, state: &State, f: &Form) {
    let theme = &state.theme;
    let mut lines = form_intro(state, f);
    let label_width = f.fields.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let rows = (area.height as usize)
        .saturating_sub(AROUND_PICK + lines.len() + f.fields.len())
        .clamp(3, 12);
    let mut focus_row = 0;
    for (i, (label, input)) in f.fields.iter().enumerate() {
        let style = if i == f.focus {
            focus_row = lines.len();
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(theme.muted)
        };
        let pick = f.pick(i);
        // A focused pick field shows what narrows it and its list, the choice highlighted;
        // another one shows only its choice (a form of several lists fits at 80x24).
        let text = match pick {
            None => input.value().to_string(),
            Some(p) if i == f.focus => p.query.clone(),
            Some(p) => chosen(p),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:>label_width$}: "), style),
            Span::raw(text),
        ]));
        if let Some(p) = pick.filter(|_| i == f.focus) {
            let sym = crate::ui::Symbols::new(state.ascii);
            lines.extend(super::pick::lines(p, rows, i == f.focus, theme, sym));
        }
    }
    lines.push(Line::from(Span::styled(
        hint(f),
        Style::default().fg(theme.muted),
    )));
    if let Some(e) = &f.error {
        lines.push(Line::from(Span::styled(
            e.clone(),
            Style::default().fg(theme.error),
        )));
    }
    let before = lines[..focus_row].to_vec();
    let title = form_title(state, &f.kind);
    let r = boxed(frame, area, state, lines, &title, theme.title);
    let y = r.y + 1 + wrapped_rows(&before, r.width);
    let typed = match f.pick(f.focus) {
        Some(p) => p.query.chars().count(),
        None => f.fields[f.focus].1.visual_cursor(),
    };
    let x = r.x + 1 + label_width as u16 + 2 + typed as u16;
    if x < r.right().saturating_sub(1) && y < r.bottom().saturating_sub(1) {
        frame.set_cursor_position((x, y));
    }
}

/// An unfocused pick field's choice: its label (a ticking list's ticked labels), or that
/// there is none.
fn chosen(p: &crate::app::pick::Pick) -> String {
    let labels: Vec<&str> = (p.items().iter())
        .filter(|it| match p.is_ticked(it) {
            Some(ticked) => ticked,
            None => p.selected() == Some(*it),
        })
        .map(|it| it.label.as_str())
        .collect();
    match labels.as_slice() {
        [] if p.is_ticking() => "none ticked".to_string(),
        [] => "none chosen".to_string(),
        _ => labels.join(", "),
    }
}

/// The keys the focused field takes.
fn hint(f: &Form) -> String {
    let more = if f.fields.len() > 1 {
        "Tab next field, "
    } else {
        ""
    };
    if let Some(p) = f.pick(f.focus) {
        let choose = if p.is_ticking() {
            "↑ ↓ Space tick"
        } else {
            "↑ ↓ choose"
        };
        format!("{choose}, type to narrow, {more}Enter continue, Esc cancel")
    } else {
        "Tab next field, Enter continue, Esc cancel".to_string()
    }
}

fn form_title(state: &State, kind: &FormKind) -> String {
    let title = match kind {
        FormKind::ShareImage => "Share image with an AWS account",
        FormKind::UnshareImage { .. } => "Unshare image from an AWS account",
        FormKind::CreateImage => "Create an image from the WorkSpace",
        FormKind::CreateUpdatedImage => "Create an updated image",
        FormKind::CopyImage { .. } => "Copy image to another region",
        FormKind::PoolCapacity => "Pool capacity",
        FormKind::CreateUpdatedAppImage { .. } => "Create updated application images",
        FormKind::ShareAppImage => "Share application image with an AWS account",
        FormKind::UnshareAppImage { .. } => "Unshare application image from an AWS account",
        FormKind::SwitchFleetImage { fleet, .. } => {
            let region = fleet_of(state, fleet).map_or("", |f| f.region.as_str());
            return format!(" Switch fleet {fleet} ({region}) to another image ");
        }
        FormKind::FleetCapacity => "Fleet capacity",
        FormKind::MigrateWorkspace { region, .. } => {
            return format!(" Migrate WorkSpaces to another bundle ({region}) ");
        }
        FormKind::Campaign { .. } => "Image update campaign",
        FormKind::ModifyWorkspace => "Modify WorkSpaces (ModifyWorkspaceProperties)",
        FormKind::CreateWorkspaces { .. } => "Create WorkSpaces",
        FormKind::SetTags { .. } => "Tags: add, change or remove",
    };
    format!(" {title} ")
}

/// The fleet a switch form is for, by name (the form holds the name it shows).
fn fleet_of<'a>(state: &'a State, name: &str) -> Option<&'a crate::domain::AppFleet> {
    state
        .panes
        .app_fleets
        .table
        .rows()
        .iter()
        .find(|f| f.name == name)
}

/// What the form says above its fields, for the forms that need more than their title.
fn form_intro(state: &State, f: &Form) -> Vec<Line<'static>> {
    let mut lines = vec![];
    match &f.kind {
        // Known shares are the pick list; unknown ones are said to be unknown.
        FormKind::UnshareImage { current } | FormKind::UnshareAppImage { current }
            if current.is_empty() =>
        {
            lines.push(Line::from(
                "Currently shared with: (not known yet; see the image's details)",
            ));
        }
        FormKind::SetTags { .. } => {
            lines.push(Line::from(crate::domain::tagging::RULE));
        }
        FormKind::CreateUpdatedAppImage { images, date, .. } => {
            lines.push(Line::from(format!(
                "{} image(s); {{yyyymmdd}} is {date}. Only images with an update are sent.",
                images.len()
            )));
        }
        FormKind::SwitchFleetImage { fleet, derived, .. } => {
            if let Some(f) = fleet_of(state, fleet) {
                let platform = if f.platform.is_empty() {
                    String::new()
                } else {
                    format!(" {}", f.platform)
                };
                lines.push(Line::from(format!(
                    "{}{platform}, {} sessions in use, now on {}",
                    f.state,
                    f.in_use(),
                    f.image_name
                )));
            }
            lines.push(Line::from(if *derived > 0 {
                "AVAILABLE images it can run, derived from the current one first, newest first:"
            } else {
                "AVAILABLE images it can run (none derived from the current one), newest first:"
            }));
        }
        FormKind::ModifyWorkspace => lines.push(Line::from(
            "Blank or (no change) keeps a property. Volumes only grow: root/user 80/10, \
             80/50, 80/100 or 175-2000/100-2000 GB; not with a compute change.",
        )),
        FormKind::MigrateWorkspace { .. } => lines.push(Line::from(
            "AVAILABLE bundles (name; ID, platform, compute, owner). Migration keeps the user \
             volume and rebuilds the root volume from the bundle's image.",
        )),
        // The image, the steps, and the bundles it updates with their WorkSpaces.
        FormKind::Campaign { .. } => lines.extend(
            crate::app::campaign::intro(state, f)
                .into_iter()
                .map(Line::from),
        ),
        _ => {}
    }
    lines
}
