//! Any pane as a table. Only the rows in the viewport are built each frame, so drawing costs
//! the same for 300 or 50,000 rows.

use super::columns::{cut, fit, width_of, Candidate};
use super::{Symbols, Theme};
use crate::app::pane::PaneState;
use crate::table::format::{clock, thousands};
use crate::table::resource::{Ctx, Resource};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// How a pane is framed: symbols, colours, its title, and whether every column shows.
pub struct Look<'a> {
    pub sym: &'a Symbols,
    pub theme: &'a Theme,
    pub title: &'a str,
    /// Ctrl-W (k9s): every column, whatever fits; the terminal cuts the rest.
    pub wide: bool,
    /// Where you are (`Directories › WorkSpaces dir=d-…`), on the bottom border.
    pub crumbs: &'a str,
    /// While a tag filter is on and not every WorkSpace's tags are fetched: (known, total).
    pub tags_known: Option<(usize, usize)>,
}

pub fn draw<R: Resource>(
    frame: &mut Frame,
    area: Rect,
    pane: &PaneState<R>,
    ctx: &Ctx,
    look: &Look,
) {
    let (sym, theme, title) = (look.sym, look.theme, look.title);
    let table = &pane.table;
    // Where the cursor is, of how many shown (k9s): `[17/300]`; filtered, of how many held.
    let position = if table.view_len() == 0 {
        "0".to_string()
    } else {
        format!("{}/{}", table.cursor() + 1, table.view_len())
    };
    let mut heading = format!(" {title} [{position}");
    if table.view_len() != table.len() {
        heading.push_str(&format!(" of {}", table.len()));
    }
    heading.push(']');
    if !pane.filter_text.is_empty() {
        heading.push_str(&format!(" /{}", pane.filter_text));
    }
    heading.push_str(&format!(" sort:{} ", sort_label(pane, sym)));
    if look.wide {
        heading.push_str("wide ");
    }
    let mut title_spans = vec![Span::styled(
        heading,
        Style::default()
            .fg(theme.title)
            .add_modifier(Modifier::BOLD),
    )];
    let cached = match pane.refresh.cached_at {
        Some(_) => table.cached_rows(),
        None => 0,
    };
    if let (Some(at), true) = (pane.refresh.cached_at, cached > 0) {
        // Rows from the last run, counted down as the sweep refreshes them.
        title_spans.push(Span::styled(
            format!(
                " CACHED {} of {} from {} ",
                thousands(cached),
                thousands(table.len()),
                clock(at)
            ),
            Style::default()
                .fg(theme.transitional)
                .add_modifier(Modifier::REVERSED),
        ));
    }
    if let Some((known, total)) = look.tags_known {
        // A tag filter can only see the tags fetched so far.
        title_spans.push(Span::styled(
            format!(" tags {} of {} ", thousands(known), thousands(total)),
            Style::default()
                .fg(theme.transitional)
                .add_modifier(Modifier::REVERSED),
        ));
    }
    if pane.refresh.is_stale() {
        // With several Regions, only the failing ones' rows are stale: name them.
        let which = if pane.refresh.failing.is_empty() {
            " STALE ".to_string()
        } else {
            format!(" STALE {} ", pane.refresh.failing.join(" "))
        };
        title_spans.push(Span::styled(
            which,
            Style::default()
                .fg(theme.error)
                .add_modifier(Modifier::REVERSED),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(sym.border)
        .border_style(Style::default().fg(theme.border))
        .title(Line::from(title_spans));
    let block = if look.crumbs.is_empty() {
        block
    } else {
        block.title_bottom(Line::from(Span::styled(
            format!(" {} ", look.crumbs),
            Style::default().fg(theme.muted),
        )))
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // An error keeps the last good rows on screen, under a line that says what failed.
    let [error_area, table_area] = if let Some(e) = &pane.refresh.error {
        let since = pane
            .refresh
            .last_ok
            .map(|t| format!(" (rows from {})", clock(t)))
            .unwrap_or_default();
        let region = match pane.refresh.failing.first() {
            Some(r) => format!("{r}: "),
            None => String::new(),
        };
        let [a, b] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("! {region}{e}{since}"),
                Style::default().fg(theme.error),
            )),
            a,
        );
        [a, b]
    } else {
        [Rect::default(), inner]
    };
    let _ = error_area;

    let cols = R::columns();
    let order: Vec<usize> = match pane.layout.as_deref() {
        Some(l) => l.to_vec(),
        None => (0..cols.len()).collect(),
    };
    let body_rows = table_area.height.saturating_sub(1) as usize;
    let start = table.offset();
    let end = (start + body_rows).min(table.view_len());
    // The text of every candidate column for the rows on screen: widths come from it.
    let on_screen: Vec<(usize, Vec<String>)> = (start..end)
        .filter_map(|pos| {
            let r = table.view_row(pos)?;
            Some((pos, order.iter().map(|&i| (cols[i].text)(r, ctx)).collect()))
        })
        .collect();
    let cands: Vec<Candidate> = order
        .iter()
        .enumerate()
        .map(|(j, &i)| {
            let c = &cols[i];
            // With several Regions (or profiles) the REGION column says which account and
            // Region a row is in: it stays, uncut, before anything but the essentials.
            let place = ctx.multi_region && c.name.title == "REGION";
            let priority = if place { 0 } else { c.priority };
            // The first column carries the mark and the REGION column the stale marker.
            let extra = u16::from(j == 0) + u16::from(c.name.title == "REGION");
            let content = on_screen
                .iter()
                .map(|(_, t)| width_of(&t[j]))
                .max()
                .map_or(c.width, |w| w + extra)
                // The first header cell carries the mark column's space too.
                .max(if j == 0 {
                    width_of(c.name.title) + 1
                } else {
                    0
                });
            Candidate {
                title: c.name.title,
                declared: c.width,
                priority,
                opaque: c.opaque || place,
                content,
            }
        })
        .collect();
    let fitted = fit(&cands, table_area.width, look.wide);
    let rows: Vec<Row> = on_screen
        .into_iter()
        .filter_map(|(pos, texts)| {
            let r = table.view_row(pos)?;
            let marked = pane.is_marked(r.key());
            // Rows of a Region whose refresh failed: "!" after the Region, and dimmed.
            let stale = !pane.refresh.failing.is_empty() && pane.region_is_stale(r.region());
            let cells = fitted.shown.iter().enumerate().map(|(n, &j)| {
                let c = &cols[order[j]];
                let mut text = texts[j].clone();
                if n == 0 {
                    // A marker keeps marks visible without colour (NO_COLOR, 16 colours).
                    text.insert_str(0, if marked { "*" } else { " " });
                }
                if stale && c.name.title == "REGION" {
                    text.push('!');
                }
                let text = cut(&text, fitted.widths[n], sym.ellipsis);
                let cell = match (c.state_coloured, r.state_class()) {
                    (true, Some(class)) => Cell::from(Span::styled(text, theme.state(class))),
                    _ => Cell::from(text),
                };
                match c.faded {
                    Some(stale) if stale(r, ctx) => {
                        cell.style(Style::default().add_modifier(Modifier::DIM))
                    }
                    _ => cell,
                }
            });
            let mut style = Style::default();
            if pane.changed.contains_key(r.key()) {
                style = style.add_modifier(Modifier::UNDERLINED);
            }
            // Rows not refreshed since the warm-start cache (per row, not per pane).
            let from_cache = cached > 0 && table.view_seen_in(pos) == Some(0);
            if stale || from_cache {
                style = style.add_modifier(Modifier::DIM);
            }
            if r.attention(ctx) {
                style = style.fg(theme.transitional);
            }
            if marked {
                style = style.add_modifier(Modifier::BOLD);
            }
            if pos == table.cursor() {
                style = theme.cursor(style);
            }
            Some(Row::new(cells).style(style))
        })
        .collect();
    let widths: Vec<Constraint> = fitted
        .widths
        .iter()
        .enumerate()
        .map(|(n, &w)| {
            if n + 1 == fitted.widths.len() && !look.wide {
                Constraint::Min(w)
            } else {
                Constraint::Length(w)
            }
        })
        .collect();
    let header = Row::new(fitted.shown.iter().enumerate().map(|(n, &j)| {
        let t = cols[order[j]].name.title;
        Cell::from(if n == 0 {
            format!(" {t}")
        } else {
            t.to_string()
        })
    }))
    .style(Style::default().add_modifier(Modifier::BOLD));
    frame.render_widget(Table::new(rows, widths).header(header), table_area);
}

/// "Name↑" (or "Name^" in ASCII mode).
fn sort_label<R: Resource>(pane: &PaneState<R>, sym: &Symbols) -> String {
    let cols = R::columns();
    let col = &cols[pane.sort.column.min(cols.len() - 1)];
    format!("{}{}", col.name.title, sym.sort(&pane.sort))
}
