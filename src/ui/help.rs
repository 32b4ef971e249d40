//! The `?` overlay: every key of the current pane, as bound (defaults or the config's).

use crate::app::State;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16) {
    let sym = crate::ui::Symbols::new(state.ascii);
    let lines: Vec<Line> = crate::app::help::rows(state)
        .into_iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(
                    format!("{:>16}  ", sym.text(&k)),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(sym.text(&what).into_owned()),
            ])
        })
        .collect();
    // Never past the last line, whatever the terminal's size is now.
    let scroll = scroll.min(crate::app::help::max_scroll_of(state, lines.len()));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(sym.border)
        .title(
            sym.text(&format!(
                " Keys — {} (j/k PgUp/PgDn g/G scroll, Esc closes) ",
                state.active.title()
            ))
            .into_owned(),
        );
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
