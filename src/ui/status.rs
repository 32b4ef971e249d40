use super::format::clock;
use crate::app::State;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const HINTS: &str = "j/k move  g/G top/end  r refresh  q quit ";

/// Bottom line: refresh progress or the last error on the left, key hints on the right.
pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let r = &state.workspaces_refresh;
    let left = if let Some(e) = &r.error {
        Span::styled(format!(" ! {e}"), Style::default().fg(theme.error))
    } else if r.in_progress {
        Span::raw(format!(" loading WorkSpaces… {}", r.loaded))
    } else if let Some(t) = r.last_ok {
        Span::styled(
            format!(" refreshed {}", clock(t)),
            Style::default().fg(theme.muted),
        )
    } else {
        Span::raw(" connecting…")
    };
    let hint_width = (HINTS.chars().count() as u16).min(area.width / 2);
    let [l, h] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(hint_width)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(left)), l);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            HINTS,
            Style::default().fg(theme.muted),
        ))),
        h,
    );
}
