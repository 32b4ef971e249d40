//! The form and confirmation dialogs, centred over the table.

use crate::app::dialog::{Confirm, Form, FormKind};
use crate::app::State;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// A centred box of at most `w`×`h` inside `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

pub fn draw_confirm(frame: &mut Frame, area: Rect, state: &State, c: &Confirm) {
    let theme = &state.theme;
    let sym = crate::ui::Symbols::new(state.ascii);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::from(vec![
        Span::styled(c.action.name(), bold),
        Span::raw(format!(
            " {} {} in {} ({})",
            c.targets.len(),
            noun(c),
            c.region,
            c.action.operation()
        )),
    ])];
    for t in c.targets.iter().take(5) {
        let id = crate::table::format::short_id(&t.id);
        // An ARN's resource part already names it (`image/NAME`).
        let label = match c.action.new_image_name(&t.label) {
            // CreateUpdatedImage: the name each new image gets.
            Some(new) => format!("→ {new}"),
            None if id.ends_with(&t.label) => String::new(),
            None => t.label.clone(),
        };
        lines.push(Line::from(format!("  {id}  {label}")));
    }
    if c.targets.len() > 5 {
        lines.push(Line::from(format!(
            "  {} and {} more",
            sym.ellipsis,
            c.targets.len() - 5
        )));
    }
    if !c.skipped.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("{} skipped, not sent:", c.skipped.len()),
            Style::default().fg(theme.transitional),
        )));
        for (reason, n) in c.skip_summary().into_iter().take(4) {
            // One line each, so the buttons below always fit.
            let times = if sym.ascii { "x" } else { "×" };
            lines.push(Line::from(fit(&format!("  {n} {times} {reason}"), 72, sym)));
        }
    }
    if c.hidden_marked > 0 {
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
        lines.push(Line::from(Span::styled(
            text,
            Style::default().fg(theme.transitional),
        )));
    }
    for a in &c.affects {
        lines.push(Line::from(Span::styled(
            fit(a, 72, sym),
            Style::default().fg(theme.error),
        )));
    }
    lines.push(Line::from(""));
    match &c.expected {
        Some(expected) => {
            lines.push(Line::from(Span::styled(
                if c.action.is_destructive() {
                    format!("This cannot be undone. Type {expected} and press Enter (Esc cancels):")
                } else {
                    format!("Type {expected} and press Enter to confirm (Esc cancels):")
                },
                Style::default().fg(theme.error),
            )));
            lines.push(Line::from(format!("> {}", c.typed.value())));
        }
        None => {
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
            lines.push(Line::from(vec![
                Span::styled(" Cancel ", cancel),
                Span::raw("   "),
                Span::styled(" OK ", ok),
                Span::styled(
                    "   Tab switches, Enter chooses, Esc cancels",
                    Style::default().fg(theme.muted),
                ),
            ]));
        }
    }
    if let Some(e) = &c.error {
        lines.push(Line::from(Span::styled(
            e.clone(),
            Style::default().fg(theme.error),
        )));
    }
    let h = lines.len() as u16 + 2;
    let title = if c.action.is_destructive() {
        " Confirm (destructive) "
    } else {
        " Confirm "
    };
    let r = boxed(frame, area, state, lines, title, theme.title);
    if c.expected.is_some() {
        let x = r.x + 3 + c.typed.visual_cursor() as u16;
        let y = r.y + h.saturating_sub(2) - u16::from(c.error.is_some());
        if x < r.right() && y < r.bottom() {
            frame.set_cursor_position((x, y));
        }
    }
}

/// Quitting with jobs running or queued: say what is at stake and offer the two choices.
pub fn draw_quit(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let jobs = state.jobs.summary();
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (heading, detail) = if jobs.any() {
        (
            "Jobs are still running",
            format!(
                "{} running, {} queued, {} paused; {} without an outcome yet.",
                count(jobs.running, "job", "jobs"),
                jobs.queued,
                jobs.paused,
                count(jobs.unanswered, "target", "targets")
            ),
        )
    } else {
        (
            "Every job has ended",
            "Nothing is left to send; y quits now.".to_string(),
        )
    };
    let lines = vec![
        Line::from(Span::styled(heading, bold)),
        Line::from(detail),
        Line::from(""),
        Line::from(vec![
            Span::styled(" y ", Style::default().add_modifier(Modifier::REVERSED)),
            Span::raw(" cancel what is not yet sent, wait for calls in flight, then quit"),
        ]),
        Line::from(vec![
            Span::styled(" n ", Style::default().add_modifier(Modifier::REVERSED)),
            Span::raw(" stay (Esc)"),
        ]),
        Line::from(Span::styled(
            "Every target gets its outcome in the audit log either way.",
            Style::default().fg(theme.muted),
        )),
    ];
    boxed(frame, area, state, lines, " Quit? ", theme.error);
}

/// The first unfinished job of an earlier session: resume, discard, or decide later.
pub fn draw_resume(frame: &mut Frame, area: Rect, state: &State) {
    let Some(job) = state.unfinished.first() else {
        return;
    };
    let theme = &state.theme;
    let sym = crate::ui::Symbols::new(state.ascii);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "An earlier session did not finish this job (1 of {}):",
            state.unfinished.len()
        ),
        bold,
    ))];
    for l in crate::app::resume::describe(job) {
        lines.push(Line::from(fit(&l, 72, sym)));
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

/// Draw `lines` in a bordered box centred in `area` (at most 76 wide); returns the box.
fn boxed(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    lines: Vec<Line>,
    title: &str,
    border: ratatui::style::Color,
) -> Rect {
    let r = centred(area, 76, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(
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

/// `s` cut to `width` characters, with an ellipsis when cut.
fn fit(s: &str, width: usize, sym: &crate::ui::Symbols) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let ell = sym.ellipsis;
        let mut t: String = s
            .chars()
            .take(width.saturating_sub(ell.chars().count()))
            .collect();
        t.push_str(ell);
        t
    }
}

fn noun(c: &Confirm) -> &'static str {
    use crate::domain::TargetKind::*;
    let one = c.targets.len() == 1;
    match (c.action.target_kind(), one) {
        (Workspace, true) => "WorkSpace",
        (Workspace, false) => "WorkSpaces",
        (Image, true) => "image",
        (Image, false) => "images",
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
    }
}

pub fn draw_form(frame: &mut Frame, area: Rect, state: &State, f: &Form) {
    let theme = &state.theme;
    let title = match &f.kind {
        FormKind::ShareImage => " Share image with an AWS account ",
        FormKind::UnshareImage { .. } => " Unshare image from an AWS account ",
        FormKind::CreateImage => " Create an image from the WorkSpace ",
        FormKind::CreateUpdatedImage => " Create an updated image ",
        FormKind::CopyImage => " Copy image to another region ",
        FormKind::PoolCapacity => " Pool capacity ",
        FormKind::CreateUpdatedAppImage { .. } => " Create updated application images ",
        FormKind::ShareAppImage => " Share application image with an AWS account ",
        FormKind::UnshareAppImage { .. } => " Unshare application image from an AWS account ",
        FormKind::SwitchFleetImage { .. } => " Switch the fleet to an image ",
        FormKind::FleetCapacity => " Fleet capacity ",
    };
    let mut lines = vec![];
    match &f.kind {
        FormKind::UnshareImage { current } | FormKind::UnshareAppImage { current } => {
            lines.push(Line::from(if current.is_empty() {
                "Currently shared with: (not known yet; see the image's details)".to_string()
            } else {
                format!("Currently shared with: {}", current.join(", "))
            }));
        }
        FormKind::CreateUpdatedAppImage { images, date, .. } => {
            lines.push(Line::from(format!(
                "{} image(s); {{yyyymmdd}} is {date}. Only images with an update are sent.",
                images.len()
            )));
        }
        FormKind::SwitchFleetImage { choices } => {
            lines.push(Line::from(
                "AVAILABLE images, newest derived from the current first:",
            ));
            for c in choices.iter().take(5) {
                lines.push(Line::from(format!("  {c}")));
            }
            if choices.len() > 5 {
                lines.push(Line::from(format!("  … {} more", choices.len() - 5)));
            }
        }
        _ => {}
    }
    let label_width = f.fields.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let first_field_row = lines.len() as u16;
    for (i, (label, input)) in f.fields.iter().enumerate() {
        let style = if i == f.focus {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(theme.muted)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:>label_width$}: "), style),
            Span::raw(input.value().to_string()),
        ]));
    }
    lines.push(Line::from(Span::styled(
        "Tab next field, Enter continue, Esc cancel",
        Style::default().fg(theme.muted),
    )));
    if let Some(e) = &f.error {
        lines.push(Line::from(Span::styled(
            e.clone(),
            Style::default().fg(theme.error),
        )));
    }
    let r = centred(area, 76, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_set(crate::ui::Symbols::new(state.ascii).border)
                .title(title)
                .border_style(Style::default().fg(theme.title)),
        ),
        r,
    );
    let input = &f.fields[f.focus].1;
    let x = r.x + 1 + label_width as u16 + 2 + input.visual_cursor() as u16;
    let y = r.y + 1 + first_field_row + f.focus as u16;
    if x < r.right() && y < r.bottom() {
        frame.set_cursor_position((x, y));
    }
}

/// The pane's error in full, wrapped to the box (`e`).
pub fn draw_error(frame: &mut Frame, area: Rect, state: &State, text: &str) {
    let sym = crate::ui::Symbols::new(state.ascii);
    let width = area.width.saturating_sub(4).clamp(20, 100);
    let inner = width.saturating_sub(2).max(1) as usize;
    let lines_needed: u16 = text
        .lines()
        .map(|l| (l.chars().count().max(1)).div_ceil(inner) as u16)
        .sum();
    let height = (lines_needed + 3).min(area.height);
    let r = Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width: width.min(area.width),
        height,
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(sym.border)
        .border_style(Style::default().fg(state.theme.error))
        .title(" Error (Esc closes) ");
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(text.to_string())
            .wrap(Wrap { trim: false })
            .block(block),
        r,
    );
}
