use crate::app::{Mode, State};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Two lines: where we are (mode, region, endpoint, profile), then WorkSpaces by state.
pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
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
        Span::raw(format!(" region {} ", state.region)),
    ];
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
    frame.render_widget(
        Paragraph::new(vec![Line::from(first), Line::from(second)]),
        area,
    );
}
