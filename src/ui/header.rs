use crate::app::{Mode, State};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Two lines: where we are (mode, Regions, profile, endpoint), then WorkSpaces by state; and
/// with several Regions, a third line while any of them fails, with its error (unless the
/// pane on screen shows that error itself).
pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let failing = state.failing_regions();
    let theme = &state.theme;
    let mode = match state.mode {
        Mode::Demo => " DEMO ",
        Mode::Live => " LIVE ",
    };
    let mut first = vec![
        Span::styled(
            " wsfleet ",
            Style::default()
                .fg(theme.header_fg)
                .bg(theme.header_bg)
                .add_modifier(Modifier::BOLD),
        ),
        Span::raw(" "),
        Span::styled(mode, Style::default().add_modifier(Modifier::REVERSED)),
    ];
    // Jobs under way (or failed and not yet seen) are said on every pane.
    let jobs = state.jobs.summary();
    if jobs.any() || state.alert.is_some() {
        let mut text = String::from(" jobs:");
        if jobs.running > 0 {
            text.push_str(&format!(" {} running", jobs.running));
        }
        if jobs.queued > 0 {
            text.push_str(&format!(" {} queued", jobs.queued));
        }
        if jobs.paused > 0 {
            text.push_str(&format!(" {} PAUSED", jobs.paused));
        }
        if jobs.any() {
            text.push_str(&format!(" ({} to go)", jobs.unanswered));
        }
        if state.alert.is_some() && jobs.paused == 0 {
            text.push_str(" FAILURES");
        }
        text.push(' ');
        let bg = if state.alert.is_some() {
            theme.error
        } else {
            theme.header_bg
        };
        first.push(Span::raw(" "));
        first.push(Span::styled(
            text,
            Style::default()
                .fg(theme.header_fg)
                .bg(bg)
                .add_modifier(Modifier::BOLD),
        ));
    }
    first.push(Span::raw(if state.regions.len() == 1 {
        " region".to_string()
    } else {
        " regions".to_string()
    }));
    for region in &state.regions {
        // A failing Region is marked in words too ("!"), not by colour alone.
        if failing.iter().any(|(r, _)| r == region) {
            first.push(Span::raw(" "));
            first.push(Span::styled(
                format!("{region}!"),
                Style::default()
                    .fg(theme.error)
                    .add_modifier(Modifier::BOLD),
            ));
        } else {
            first.push(Span::raw(format!(" {region}")));
        }
    }
    first.push(Span::raw(" "));
    if let Some(p) = &state.profile {
        first.push(Span::raw(format!(" profile {p} ")));
    }
    if state.read_only {
        first.push(Span::styled(
            " RO ",
            Style::default()
                .fg(theme.header_fg)
                .bg(theme.error)
                .add_modifier(Modifier::BOLD),
        ));
    }
    if state.plaintext_endpoint() {
        // Credentials are signed, not encrypted: over plain HTTP the calls and answers
        // (user names, IP addresses) cross the network readable.
        first.push(Span::raw(" "));
        first.push(Span::styled(
            " PLAINTEXT HTTP ",
            Style::default()
                .fg(theme.header_fg)
                .bg(theme.error)
                .add_modifier(Modifier::BOLD),
        ));
    }
    first.push(Span::styled(
        format!(" {}", state.endpoint),
        Style::default().fg(theme.muted),
    ));

    let mut second = vec![Span::styled(
        format!(" {} WorkSpaces", state.panes.workspaces.table.len()),
        Style::default().add_modifier(Modifier::BOLD),
    )];
    for ((class, name), n) in state.counts_by_state() {
        second.push(Span::raw("  "));
        second.push(Span::styled(name, theme.state(class)));
        second.push(Span::raw(format!(" {n}")));
    }
    let mut lines = vec![Line::from(first), Line::from(second)];
    let explained = state.header_failures();
    if !explained.is_empty() {
        let text = explained
            .iter()
            .map(|(r, e)| format!("{r}: {e}"))
            .collect::<Vec<_>>()
            .join("  ");
        lines.push(Line::from(Span::styled(
            format!(" ! {text} (its rows are stale)"),
            Style::default().fg(theme.error),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
