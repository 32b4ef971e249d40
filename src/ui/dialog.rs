//! The form and confirmation dialogs, centred over the table.

use crate::app::dialog::Confirm;
use crate::app::State;
use crate::ui::{Symbols, Theme};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// Widest a dialog grows (longer lines wrap).
const MAX_WIDTH: u16 = 100;
/// Narrowest a dialog shrinks to (its title and buttons need this much).
const MIN_WIDTH: u16 = 44;

/// A dialog's box, centred in `area`: as wide as its longest line (within the area and
/// `MAX_WIDTH`), as tall as its lines wrapped to that width (within the area).
fn sized(area: Rect, lines: &[Line], title: &str) -> Rect {
    let longest = lines
        .iter()
        .map(|l| l.width())
        .chain([title.chars().count()])
        .max()
        .unwrap_or(0) as u16;
    let width = (longest + 2).clamp(MIN_WIDTH, MAX_WIDTH).min(area.width);
    let height = (wrapped_rows(lines, width) + 2).min(area.height);
    Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    }
}

/// Rows `lines` take wrapped inside a box `width` wide (borders included).
pub(super) fn wrapped_rows(lines: &[Line], width: u16) -> u16 {
    let inner = width.saturating_sub(2).max(1);
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(inner)
        .min(u16::MAX as usize) as u16
}

/// Whether `lines` fit in `area` as a dialog.
fn fits(area: Rect, lines: &[Line], title: &str) -> bool {
    let r = sized(area, lines, title);
    wrapped_rows(lines, r.width) + 2 <= area.height
}

pub fn draw_confirm(frame: &mut Frame, area: Rect, state: &State, c: &Confirm) {
    let title = if c.action.is_destructive() {
        " Confirm (destructive) "
    } else {
        " Confirm "
    };
    // As many targets listed as fit (up to 5): the count, skips, warnings and the answer
    // line always show.
    let (lines, typed_at) = (0..=5)
        .rev()
        .map(|shown| confirm_lines(state, c, shown))
        .find(|(lines, _)| fits(area, lines, title))
        .unwrap_or_else(|| confirm_lines(state, c, 0));
    let before = lines[..typed_at.unwrap_or(0)].to_vec();
    let r = boxed(frame, area, state, lines, title, state.theme.title);
    if typed_at.is_some() {
        let x = r.x + 3 + c.typed.visual_cursor() as u16;
        let y = r.y + 1 + wrapped_rows(&before, r.width);
        if x < r.right() && y < r.bottom().saturating_sub(1) {
            frame.set_cursor_position((x, y));
        }
    }
}

/// The confirmation's lines with `shown` targets listed, and the index of the line the
/// typed answer is on (if one is asked for).
fn confirm_lines<'a>(
    state: &State,
    c: &'a Confirm,
    shown: usize,
) -> (Vec<Line<'a>>, Option<usize>) {
    let theme = &state.theme;
    let sym = crate::ui::Symbols::new(state.ascii);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    // A dry run (CreateUpdatedImage with dryRun) says so where the operation is named.
    let dry_run = if c.action.changes_nothing() {
        ", a dry run: changes nothing"
    } else {
        ""
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(c.action.name(), bold),
        Span::raw(format!(
            " {} {} in {} ({}{dry_run})",
            c.targets.len(),
            noun(c),
            c.region,
            c.action.operation()
        )),
    ])];
    lines.extend(target_lines(state, c, shown, sym));
    lines.extend(skip_lines(c, sym, theme));
    if let Some(line) = hidden_line(c, theme) {
        lines.push(line);
    }
    for a in &c.affects {
        lines.push(Line::from(Span::styled(
            a.clone(),
            Style::default().fg(theme.error),
        )));
    }
    lines.push(Line::from(""));
    let mut typed_at = None;
    match &c.expected {
        Some(expected) => {
            lines.push(typing_asked(c, expected, theme));
            typed_at = Some(lines.len());
            lines.push(Line::from(format!("> {}", c.typed.value())));
        }
        None => lines.push(buttons(c, theme)),
    }
    if let Some(e) = &c.error {
        lines.push(Line::from(Span::styled(
            e.clone(),
            Style::default().fg(theme.error),
        )));
    }
    (lines, typed_at)
}

/// The first `shown` targets, one a line, and how many more there are.
fn target_lines(state: &State, c: &Confirm, shown: usize, sym: &Symbols) -> Vec<Line<'static>> {
    let mut lines = vec![];
    for t in c.targets.iter().take(shown) {
        // A fleet's image switch: the fleet, its platform, current image → new one.
        if let crate::domain::Action::SwitchFleetImage { image } = &c.action {
            if let Some(switch) = crate::app::app_forms::switch_lines(state, &t.id, image) {
                lines.extend(switch.into_iter().map(|l| Line::from(format!("  {l}"))));
                continue;
            }
        }
        let id = crate::table::format::short_id(&t.id);
        // ModifyWorkspaceProperties: what changes on this WorkSpace.
        if let crate::domain::Action::ModifyProperties(change) = &c.action {
            if let Some(ws) = state.panes.workspaces.table.get(&t.id) {
                let what = change.changes_for(ws).join(", ");
                lines.push(Line::from(format!("  {id}  {}  {what}", t.label)));
                continue;
            }
        }
        // An ARN's resource part already names it (`image/NAME`).
        let label = match c.action.new_image_name(&t.label) {
            // CreateUpdatedImage: the name each new image gets.
            Some(new) => format!("→ {new}"),
            None if id.ends_with(&t.label) => String::new(),
            None => t.label.clone(),
        };
        lines.push(Line::from(format!("  {id}  {label}")));
    }
    if c.targets.len() > shown {
        lines.push(Line::from(format!(
            "  {} and {} more",
            sym.ellipsis,
            c.targets.len() - shown
        )));
    }
    if let crate::domain::Action::ModifyProperties(change) = &c.action {
        if change.changes_billing() {
            lines.push(Line::from(
                "  This changes each WorkSpace's billing rate.".to_string(),
            ));
        }
    }
    lines
}

/// The targets the preconditions skip, counted by reason (at most 4 reasons).
fn skip_lines(c: &Confirm, sym: &Symbols, theme: &Theme) -> Vec<Line<'static>> {
    if c.skipped.is_empty() {
        return vec![];
    }
    let mut lines = vec![Line::from(Span::styled(
        format!("{} skipped, not sent:", c.skipped.len()),
        Style::default().fg(theme.transitional),
    ))];
    for (reason, n) in c.skip_summary().into_iter().take(4) {
        // One line each, so the buttons below always fit.
        let times = if sym.ascii { "x" } else { "×" };
        lines.push(Line::from(format!("  {n} {times} {reason}")));
    }
    lines
}

/// Whether the marked rows the filter hides are included.
fn hidden_line(c: &Confirm, theme: &Theme) -> Option<Line<'static>> {
    if c.hidden_marked == 0 {
        return None;
    }
    let text = if c.include_hidden {
        format!(
            "{} marked rows the filter hides are included",
            c.hidden_marked
        )
    } else {
        format!(
            "{} marked rows the filter hides are NOT included (+ includes them)",
            c.hidden_marked
        )
    };
    Some(Line::from(Span::styled(
        text,
        Style::default().fg(theme.transitional),
    )))
}

/// What to type to confirm (the typed answer goes on the next line).
fn typing_asked(c: &Confirm, expected: &str, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(
        if c.action.is_destructive() {
            format!("This cannot be undone. Type {expected} and press Enter (Esc cancels):")
        } else {
            format!("Type {expected} and press Enter to confirm (Esc cancels):")
        },
        Style::default().fg(theme.error),
    ))
}

/// Cancel and OK, the focused one reversed.
fn buttons(c: &Confirm, theme: &Theme) -> Line<'static> {
    let (cancel, ok) = if c.ok_focused {
        (
            Style::default(),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    } else {
        (
            Style::default().add_modifier(Modifier::REVERSED),
            Style::default(),
        )
    };
    Line::from(vec![
        Span::styled(" Cancel ", cancel),
        Span::raw("   "),
        Span::styled(" OK ", ok),
        Span::styled(
            "   Tab switches, Enter chooses, Esc cancels",
            Style::default().fg(theme.muted),
        ),
    ])
}

/// Quitting with jobs running or queued: say what is at stake and offer the two choices.
pub fn draw_quit(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let text = crate::app::quitting::text(state);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::from(Span::styled(text.heading, bold))];
    lines.extend(text.detail.into_iter().map(Line::from));
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(" y ", Style::default().add_modifier(Modifier::REVERSED)),
        Span::raw(format!(" {}", text.yes)),
    ]));
    lines.push(Line::from(vec![
        Span::styled(" n ", Style::default().add_modifier(Modifier::REVERSED)),
        Span::raw(" stay (Esc)"),
    ]));
    for l in text.footer {
        lines.push(Line::from(Span::styled(
            l,
            Style::default().fg(theme.muted),
        )));
    }
    boxed(frame, area, state, lines, " Quit? ", theme.error);
}

/// The first unfinished job of an earlier session: resume, discard, or decide later.
pub fn draw_resume(frame: &mut Frame, area: Rect, state: &State) {
    let Some((heading, body)) = crate::app::resume::offer(state) else {
        return;
    };
    let theme = &state.theme;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::from(Span::styled(heading, bold))];
    for l in body {
        lines.push(Line::from(l));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(" r ", Style::default().add_modifier(Modifier::REVERSED)),
        Span::raw(" resume   "),
        Span::styled(" d ", Style::default().add_modifier(Modifier::REVERSED)),
        Span::raw(" discard   "),
        Span::styled(" Esc ", Style::default().add_modifier(Modifier::REVERSED)),
        Span::raw(" decide at the next start"),
    ]));
    boxed(frame, area, state, lines, " Unfinished jobs ", theme.error);
}

/// Draw `lines` wrapped in a bordered box sized to them, centred in `area`; returns the
/// box.
pub(super) fn boxed(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    lines: Vec<Line>,
    title: &str,
    border: ratatui::style::Color,
) -> Rect {
    let r = sized(area, &lines, title);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_set(crate::ui::Symbols::new(state.ascii).border)
                .title(title.to_string())
                .border_style(Style::default().fg(border)),
        ),
        r,
    );
    r
}

fn noun(c: &Confirm) -> &'static str {
    use crate::domain::TargetKind::*;
    let one = c.targets.len() == 1;
    match (c.action.target_kind(), one) {
        (Workspace, true) => "WorkSpace",
        (Workspace, false) => "WorkSpaces",
        (Image, true) => "image",
        (Image, false) => "images",
        (Bundle, true) => "bundle",
        (Bundle, false) => "bundles",
        (Pool, true) => "pool",
        (Pool, false) => "pools",
        (PoolSession, true) => "session",
        (PoolSession, false) => "sessions",
        (AppImage, true) => "application image",
        (AppImage, false) => "application images",
        (AppFleet, true) => "fleet",
        (AppFleet, false) => "fleets",
        (AppSession, true) => "streaming session",
        (AppSession, false) => "streaming sessions",
        (Directory, true) => "directory",
        (Directory, false) => "directories",
    }
}

/// The pane's error in full, wrapped to the box (`e`).
pub fn draw_error(frame: &mut Frame, area: Rect, state: &State, text: &str) {
    let lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_string())).collect();
    boxed(
        frame,
        area,
        state,
        lines,
        " Error (Esc closes) ",
        state.theme.error,
    );
}
