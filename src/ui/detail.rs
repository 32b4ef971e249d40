//! The detail view: every field of one resource, then its tags (fetched when opened) and, for
//! a WorkSpace, its CloudWatch metrics as sparklines.

use crate::app::state::{Detail, Fetch};
use crate::app::State;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, d: &Detail) {
    let theme = &state.theme;
    let sym = crate::ui::Symbols::new(state.ascii);
    let ctx = state.ctx();
    let fields = state.panes.get(d.pane).detail_of(&d.id, &ctx);
    let key_width = fields
        .as_ref()
        .map(|f| f.iter().map(|(k, _)| k.len()).max().unwrap_or(0))
        .unwrap_or(0)
        .min(34);
    let mut lines: Vec<Line> = match fields {
        Some(fields) => fields
            .into_iter()
            .map(|(k, v)| {
                Line::from(vec![
                    Span::styled(
                        format!("{k:<key_width$}  "),
                        Style::default().fg(theme.muted),
                    ),
                    Span::raw(v),
                ])
            })
            .collect(),
        None => vec![Line::from("This resource is gone (terminated or deleted).")],
    };
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Tags",
        Style::default().add_modifier(Modifier::BOLD),
    )));
    match &d.tags {
        Fetch::Loading => lines.push(Line::from(format!("  loading{}", sym.ellipsis))),
        Fetch::Failed(e) => lines.push(Line::from(Span::styled(
            format!("  ! {e}"),
            Style::default().fg(theme.error),
        ))),
        Fetch::Ready(tags) if tags.is_empty() => lines.push(Line::from("  (none)")),
        Fetch::Ready(tags) => {
            for t in tags {
                lines.push(Line::from(format!("  {} = {}", t.key, t.value)));
            }
        }
    }
    // A WorkSpace's or a WorkSpaces Applications fleet's CloudWatch metrics
    // (`app::model::metrics`), when asked for.
    let cache = &state.joined.metrics;
    let metrics = crate::ui::sparklines::lines(
        cache.get(&d.id),
        cache.previous(&d.id),
        state.now,
        theme,
        sym,
    );
    if !metrics.is_empty() {
        lines.push(Line::from(""));
        lines.extend(metrics);
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(sym.border)
        .border_style(Style::default().fg(theme.title))
        .title(
            sym.text(&format!(
                " {} {} — Esc closes, j/k scroll ",
                state.panes.get(d.pane).noun(),
                d.id
            ))
            .into_owned(),
        );
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((d.scroll, 0)),
        area,
    );
}
