//! The WorkSpaces table. Only the rows in the viewport are built each frame, so drawing costs
//! the same for 300 or 50,000 WorkSpaces.

use super::format::{age, gib};
use crate::app::State;
use crate::domain::Workspace;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Row, Table};
use ratatui::Frame;

/// A column: its title, the width it needs, and how early it is dropped when the terminal is
/// narrow (lower priority numbers stay longest).
pub struct Column {
    pub title: &'static str,
    pub width: u16,
    pub priority: u8,
    cell: fn(&Workspace, &State) -> Cell<'static>,
}

fn plain(s: &str) -> Cell<'static> {
    Cell::from(s.to_string())
}

pub const COLUMNS: &[Column] = &[
    Column {
        title: "ID",
        width: 13,
        priority: 0,
        cell: |w, _| plain(&w.id),
    },
    Column {
        title: "USER",
        width: 16,
        priority: 0,
        cell: |w, _| plain(&w.user_name),
    },
    Column {
        title: "STATE",
        width: 17,
        priority: 0,
        cell: |w, s| {
            Cell::from(Span::styled(
                w.state.as_str().to_string(),
                s.theme.state(w.state.class()),
            ))
        },
    },
    Column {
        title: "CONN",
        width: 12,
        priority: 1,
        cell: |w, s| {
            plain(
                s.connections
                    .get(&w.id)
                    .map(|c| c.state.as_str())
                    .unwrap_or(""),
            )
        },
    },
    Column {
        title: "LAST CONN",
        width: 9,
        priority: 2,
        cell: |w, s| match s.connections.get(&w.id) {
            Some(c) => plain(&age(c.last_user_connection, s.now)),
            None => plain(""),
        },
    },
    Column {
        title: "COMPUTER",
        width: 15,
        priority: 3,
        cell: |w, _| plain(&w.computer_name),
    },
    Column {
        title: "ERROR",
        width: 24,
        priority: 3,
        cell: |w, _| plain(&error_text(w)),
    },
    Column {
        title: "COMPUTE",
        width: 11,
        priority: 4,
        cell: |w, _| plain(&w.compute_type),
    },
    Column {
        title: "MODE",
        width: 9,
        priority: 4,
        cell: |w, _| plain(&w.running_mode),
    },
    Column {
        title: "DIRECTORY",
        width: 12,
        priority: 5,
        cell: |w, _| plain(&w.directory_id),
    },
    Column {
        title: "IP",
        width: 15,
        priority: 5,
        cell: |w, _| plain(&w.ip_address),
    },
    Column {
        title: "BUNDLE",
        width: 13,
        priority: 6,
        cell: |w, _| plain(&w.bundle_id),
    },
    Column {
        title: "ROOT",
        width: 5,
        priority: 7,
        cell: |w, _| plain(&gib(w.root_volume_gib)),
    },
    Column {
        title: "USERVOL",
        width: 7,
        priority: 7,
        cell: |w, _| plain(&gib(w.user_volume_gib)),
    },
];

fn error_text(w: &Workspace) -> String {
    match (w.error_code.is_empty(), w.error_message.is_empty()) {
        (true, true) => String::new(),
        (false, true) => w.error_code.clone(),
        (true, false) => w.error_message.clone(),
        (false, false) => format!("{}: {}", w.error_code, w.error_message),
    }
}

/// The columns that fit in `width`, in display order: take columns by priority (lowest number
/// first, then left to right) while they fit, with one space between columns.
pub fn fitting_columns(width: u16) -> Vec<&'static Column> {
    let mut by_priority: Vec<usize> = (0..COLUMNS.len()).collect();
    by_priority.sort_by_key(|&i| (COLUMNS[i].priority, i));
    let mut keep = vec![false; COLUMNS.len()];
    let mut used: u16 = 0;
    for i in by_priority {
        let need = COLUMNS[i].width + u16::from(used > 0);
        // The essential columns stay even on a tiny terminal (ratatui clips them).
        if used + need <= width || COLUMNS[i].priority == 0 {
            keep[i] = true;
            used = used.saturating_add(need);
        }
    }
    COLUMNS
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c)
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let table = &state.workspaces;
    let stale = if state.workspaces_refresh.is_stale() {
        " STALE"
    } else {
        ""
    };
    let title = format!(" WorkSpaces [{}]{stale} ", table.view_len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(theme.border))
        .title(Span::styled(
            title,
            Style::default()
                .fg(theme.title)
                .add_modifier(Modifier::BOLD),
        ));
    let inner_width = area.width.saturating_sub(2);
    let cols = fitting_columns(inner_width);
    let body_rows = area.height.saturating_sub(3) as usize;
    let start = table.offset();
    let end = (start + body_rows).min(table.view_len());
    let rows: Vec<Row> = (start..end)
        .filter_map(|pos| {
            let w = table.view_row(pos)?;
            let row = Row::new(cols.iter().map(|c| (c.cell)(w, state)));
            Some(if pos == table.cursor() {
                row.style(Style::default().bg(theme.selected_bg).fg(theme.selected_fg))
            } else {
                row
            })
        })
        .collect();
    let widths: Vec<Constraint> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i + 1 == cols.len() {
                Constraint::Min(c.width)
            } else {
                Constraint::Length(c.width)
            }
        })
        .collect();
    let header = Row::new(cols.iter().map(|c| Cell::from(c.title)))
        .style(Style::default().add_modifier(Modifier::BOLD));
    frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(w: u16) -> Vec<&'static str> {
        fitting_columns(w).iter().map(|c| c.title).collect()
    }

    #[test]
    fn narrow_terminals_keep_the_essential_columns() {
        assert_eq!(titles(72), vec!["ID", "USER", "STATE", "CONN", "LAST CONN"]);
        // Spare room goes to the next columns by priority, even if a bigger one won't fit.
        assert_eq!(
            titles(98),
            vec![
                "ID",
                "USER",
                "STATE",
                "CONN",
                "LAST CONN",
                "COMPUTER",
                "MODE"
            ]
        );
        assert_eq!(titles(10), vec!["ID", "USER", "STATE"]);
        assert_eq!(titles(400).len(), COLUMNS.len());
    }
}
