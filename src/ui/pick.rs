//! A pick list's rows under its field: a window of the items the query leaves, around the
//! chosen one (reversed when the field has the focus), with how many are above and below.

use crate::app::pick::Pick;
use crate::ui::{Symbols, Theme};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// At most `rows` items of `pick`, then "N more" lines when the window cuts any.
pub fn lines(
    pick: &Pick,
    rows: usize,
    focused: bool,
    theme: &Theme,
    sym: &Symbols,
) -> Vec<Line<'static>> {
    let shown = pick.shown();
    let muted = Style::default().fg(theme.muted);
    if shown.is_empty() {
        let why = if pick.items().is_empty() {
            "  nothing to choose from".to_string()
        } else {
            format!("  nothing matches '{}' (Backspace widens)", pick.query)
        };
        return vec![Line::from(Span::styled(why, muted))];
    }
    let at = pick.selected_row();
    // The window keeps the chosen row in sight, as near its middle as the ends allow.
    let first = at
        .map_or(0, |r| r.saturating_sub(rows / 2))
        .min(shown.len().saturating_sub(rows));
    let width = shown.iter().map(|(_, i)| i.label.chars().count()).max();
    let width = width.unwrap_or(0);
    let mut out = vec![];
    if first > 0 {
        out.push(Line::from(Span::styled(
            format!("    {} {first} more above", sym.ellipsis),
            muted,
        )));
    }
    for (row, (_, item)) in shown.iter().enumerate().skip(first).take(rows) {
        let chosen = at == Some(row);
        let (mark, style) = match (chosen, focused) {
            (true, true) => ("> ", Style::default().add_modifier(Modifier::REVERSED)),
            (true, false) => ("> ", Style::default().add_modifier(Modifier::BOLD)),
            _ => ("  ", Style::default()),
        };
        // A list of several choices shows each item's tick.
        let tick = match pick.is_ticked(item) {
            Some(true) => "[x] ",
            Some(false) => "[ ] ",
            None => "",
        };
        out.push(Line::from(vec![
            Span::raw(format!("  {mark}{tick}")),
            Span::styled(format!("{:<width$}", item.label), style),
            Span::styled(format!("  {}", item.detail), muted),
        ]));
    }
    let below = shown.len().saturating_sub(first + rows);
    if below > 0 {
        out.push(Line::from(Span::styled(
            format!("    {} {below} more below", sym.ellipsis),
            muted,
        )));
    }
    out
}
