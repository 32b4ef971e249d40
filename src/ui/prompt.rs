//! The `:` command and `/` filter prompts (tui-input), with any error under the input.

use crate::app::state::Overlay;
use crate::app::State;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let (sigil, input, error) = match &state.overlay {
        Overlay::Command { input, error } => (":", input, error),
        Overlay::Filter { input, error, .. } => ("/", input, error),
        _ => return,
    };
    if area.height == 0 {
        return;
    }
    let theme = &state.theme;
    let block = Block::default()
        .borders(Borders::BOTTOM)
        .border_set(crate::ui::Symbols::new(state.ascii).border)
        .border_style(Style::default().fg(theme.border));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [input_row, error_rows] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    // The input on one row (a long one scrolls with the cursor, as tui-input keeps it); the
    // error under it, wrapped so it reads whole.
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                sigil,
                Style::default()
                    .fg(theme.title)
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(input.value().to_string()),
        ])),
        input_row,
    );
    if let Some(e) = error {
        frame.render_widget(
            Paragraph::new(Span::styled(e.clone(), Style::default().fg(theme.error)))
                .wrap(Wrap { trim: false }),
            error_rows,
        );
    }
    let x = area.x + 1 + input.visual_cursor() as u16;
    if x < area.x + area.width {
        frame.set_cursor_position((x, area.y));
    }
}
