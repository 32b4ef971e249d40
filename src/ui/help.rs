//! The `?` overlay: every key of the current pane, as bound (defaults or the config's).

use crate::app::State;
use crate::panes::PaneKind;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16) {
    let mut keys: Vec<(String, &str)> = state.keymap.help(state.active);
    keys.push(("1-6".into(), "pane by number"));
    keys.push((
        ":export".into(),
        "csv|json PATH (or PATH.csv): the view as shown, every column",
    ));
    keys.push((
        "Esc".into(),
        match state.active {
            PaneKind::Sessions => "back to pools",
            PaneKind::Outcomes => "back to the queue",
            _ => "back out of a prompt, view or overlay; clear the filter",
        },
    ));
    keys.push(("^c".into(), "quit"));
    let sym = crate::ui::Symbols::new(state.ascii);
    let lines: Vec<Line> = keys
        .into_iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(
                    format!("{:>16}  ", sym.text(&k)),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(sym.text(what).into_owned()),
            ])
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(sym.border)
        .title(
            sym.text(&format!(
                " Keys — {} (j/k scroll, Esc closes) ",
                state.active.title()
            ))
            .into_owned(),
        );
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
