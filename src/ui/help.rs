//! The `?` overlay: every key of the current pane.

use crate::app::State;
use crate::panes::PaneKind;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// (keys, what they do) for every pane.
pub const COMMON_KEYS: &[(&str, &str)] = &[
    ("j k ↓ ↑", "move"),
    ("g G Home End", "first / last row"),
    ("PgUp PgDn ^b ^f", "page up / down"),
    ("Tab S-Tab 1-6", "next / previous pane, pane by number"),
    (
        ":",
        "command: ws conn img pools bundles dirs queue q (Tab completes)",
    ),
    (
        "/",
        "filter: word  col=value  col~regex  !negate  (Esc clears)",
    ),
    ("< > s", "sort by previous / next column, reverse"),
    ("Enter d", "details and tags"),
    ("Space", "mark / unmark row"),
    ("*", "mark every row the filter shows"),
    ("V", "mark range from the last marked row"),
    ("U ^\\", "clear marks"),
    ("r", "refresh now"),
    ("?", "this help"),
    ("Esc", "back out of a prompt, view or overlay"),
    ("q ^c", "quit"),
];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16) {
    let mut lines = vec![];
    let mut keys: Vec<(&str, &str)> = COMMON_KEYS.to_vec();
    match state.active {
        PaneKind::Pools => keys.insert(7, ("Enter", "open the pool's sessions (d: details)")),
        PaneKind::Sessions => keys.push(("Esc", "back to pools")),
        PaneKind::Queue => {
            keys.insert(7, ("Enter", "the job's per-resource outcomes (d: details)"));
            keys.push(("C", "cancel the job: batches not yet sent are not sent"));
        }
        PaneKind::Outcomes => keys.push(("Esc", "back to the queue")),
        _ => {}
    }
    // The pane's own action keys first: they are what differs between panes.
    let actions = crate::app::action_keys(state.active);
    keys.splice(0..0, actions.iter().copied());
    let sym = crate::ui::Symbols::new(state.ascii);
    for (k, what) in keys {
        let k = sym.text(k);
        let what = sym.text(what).into_owned();
        lines.push(Line::from(vec![
            Span::styled(
                format!("{k:>16}  "),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(what),
        ]));
    }
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
