//! Any pane as a table. Only the rows in the viewport are built each frame, so drawing costs
//! the same for 300 or 50,000 rows.

use super::columns::{cut, fit, width_of, Candidate, Fit};
use super::{Symbols, Theme};
use crate::app::pane::PaneState;
use crate::table::format::{clock, thousands};
use crate::table::resource::{Column, Ctx, Resource, WIDE_ONLY};

/// The priority of a wide-mode column listed in `[columns]`: after every ordinary one.
const LISTED_WIDE: u8 = 9;
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

/// The rows on screen: each one's place in the view and the text of every candidate column
/// (in the pane's column order), from which the widths come.
type OnScreen = Vec<(usize, Vec<String>)>;

pub fn draw<R: Resource>(
    frame: &mut Frame,
    area: Rect,
    pane: &PaneState<R>,
    ctx: &Ctx,
    look: &Look,
) {
    let block = framed(pane, look);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let table_area = draw_error_line(frame, inner, pane, look.theme);

    let cols = R::columns();
    let order: Vec<usize> = match pane.layout.as_deref() {
        Some(l) => l.to_vec(),
        None => (0..cols.len()).collect(),
    };
    let on_screen = texts_on_screen(pane, ctx, &order, table_area.height);
    let cands = candidates(pane, &order, &on_screen, ctx);
    let fitted = fit(&cands, table_area.width, look.wide);
    let body = Body {
        pane,
        ctx,
        look,
        cols,
        order: &order,
        fitted: &fitted,
    };
    let rows: Vec<Row> = on_screen
        .into_iter()
        .filter_map(|(pos, texts)| body.row(pos, texts))
        .collect();
    let table = Table::new(rows, widths(&fitted, look.wide)).header(body.header());
    frame.render_widget(table, table_area);
}

/// The pane's border: its title with the cache, tag and stale badges on top, where you are
/// at the bottom.
fn framed<'a, R: Resource>(pane: &PaneState<R>, look: &Look<'a>) -> Block<'a> {
    let (sym, theme) = (look.sym, look.theme);
    let mut title_spans = vec![Span::styled(
        heading(pane, look),
        Style::default()
            .fg(theme.title)
            .add_modifier(Modifier::BOLD),
    )];
    title_spans.extend(badges(pane, look));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(sym.border)
        .border_style(Style::default().fg(theme.border))
        .title(Line::from(title_spans));
    if look.crumbs.is_empty() {
        block
    } else {
        block.title_bottom(Line::from(Span::styled(
            format!(" {} ", look.crumbs),
            Style::default().fg(theme.muted),
        )))
    }
}

/// ` WorkSpaces [17/300 of 2,000] /filter sort:NAME↑ wide `.
fn heading<R: Resource>(pane: &PaneState<R>, look: &Look) -> String {
    let table = &pane.table;
    // Where the cursor is, of how many shown (k9s): `[17/300]`; filtered, of how many held.
    let position = if table.view_len() == 0 {
        "0".to_string()
    } else {
        format!("{}/{}", table.cursor() + 1, table.view_len())
    };
    let mut heading = format!(" {} [{position}", look.title);
    if table.view_len() != table.len() {
        heading.push_str(&format!(" of {}", table.len()));
    }
    heading.push(']');
    if !pane.filter_text.is_empty() {
        heading.push_str(&format!(" /{}", pane.filter_text));
    }
    heading.push_str(&format!(" sort:{} ", sort_label(pane, look.sym)));
    if look.wide {
        heading.push_str("wide ");
    }
    heading
}

/// What the title warns of after the heading: rows from the cache, tags not all fetched,
/// Regions whose refresh failed.
fn badges<R: Resource>(pane: &PaneState<R>, look: &Look) -> Vec<Span<'static>> {
    let theme = look.theme;
    let warn = |text: String, fg| {
        Span::styled(
            text,
            Style::default().fg(fg).add_modifier(Modifier::REVERSED),
        )
    };
    let mut spans = vec![];
    let cached = cached_rows(pane);
    if let (Some(at), true) = (pane.refresh.cached_at, cached > 0) {
        // Rows from the last run, counted down as the sweep refreshes them.
        spans.push(warn(
            format!(
                " CACHED {} of {} from {} ",
                thousands(cached),
                thousands(pane.table.len()),
                clock(at)
            ),
            theme.transitional,
        ));
    }
    if let Some((known, total)) = look.tags_known {
        // A tag filter can only see the tags fetched so far.
        spans.push(warn(
            format!(" tags {} of {} ", thousands(known), thousands(total)),
            theme.transitional,
        ));
    }
    if pane.refresh.is_stale() {
        // With several Regions, only the failing ones' rows are stale: name them.
        let which = if pane.refresh.failing.is_empty() {
            " STALE ".to_string()
        } else {
            format!(" STALE {} ", pane.refresh.failing.join(" "))
        };
        spans.push(warn(which, theme.error));
    }
    spans
}

/// Rows still from the warm-start cache (none once the pane has no cache time).
fn cached_rows<R: Resource>(pane: &PaneState<R>) -> usize {
    match pane.refresh.cached_at {
        Some(_) => pane.table.cached_rows(),
        None => 0,
    }
}

/// An error keeps the last good rows on screen, under a line that says what failed; returns
/// the area left for the table.
fn draw_error_line<R: Resource>(
    frame: &mut Frame,
    inner: Rect,
    pane: &PaneState<R>,
    theme: &Theme,
) -> Rect {
    let Some(e) = &pane.refresh.error else {
        return inner;
    };
    let since = pane
        .refresh
        .last_ok
        .map(|t| format!(" (rows from {})", clock(t)))
        .unwrap_or_default();
    let region = match pane.refresh.failing.first() {
        Some(r) => format!("{r}: "),
        None => String::new(),
    };
    let [line, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!("! {region}{e}{since}"),
            Style::default().fg(theme.error),
        )),
        line,
    );
    table
}

/// The text of every candidate column for the rows that fit under the header in `height`.
fn texts_on_screen<R: Resource>(
    pane: &PaneState<R>,
    ctx: &Ctx,
    order: &[usize],
    height: u16,
) -> OnScreen {
    let (table, cols) = (&pane.table, R::columns());
    let body_rows = height.saturating_sub(1) as usize;
    let start = table.offset();
    let end = (start + body_rows).min(table.view_len());
    (start..end)
        .filter_map(|pos| {
            let r = table.view_row(pos)?;
            Some((pos, order.iter().map(|&i| cols[i].shown(r, ctx)).collect()))
        })
        .collect()
}

/// Each column in the pane's order as a candidate for the width there is: as wide as its
/// widest cell over every row the pane holds (`PaneState::widths`), so the widths and the
/// columns shown do not change with a sort or a scroll; a cell on screen wider than that (a
/// joined value not measured yet) still widens its column rather than be cut.
fn candidates<'a, R: Resource>(
    pane: &PaneState<R>,
    order: &[usize],
    on_screen: &OnScreen,
    ctx: &Ctx,
) -> Vec<Candidate<'a>> {
    let cols: &'a [Column<R>] = R::columns();
    order
        .iter()
        .enumerate()
        .map(|(j, &i)| {
            let c = &cols[i];
            // With several Regions (or profiles) the REGION column says which account and
            // Region a row is in: it stays, uncut, before anything but the essentials.
            let place = ctx.multi_region && c.name.title == "REGION";
            // A wide-mode column the config lists in `[columns]` shows when there is room.
            let listed = pane.layout.is_some() && c.priority == WIDE_ONLY;
            let priority = match (place, listed) {
                (true, _) => 0,
                (false, true) => LISTED_WIDE,
                (false, false) => c.priority,
            };
            // The first column carries the mark and the REGION column the stale marker.
            let extra = u16::from(j == 0) + u16::from(c.name.title == "REGION");
            let held = (!pane.table.is_empty())
                .then(|| pane.widths.get(i))
                .flatten();
            let shown = on_screen.iter().map(|(_, t)| width_of(&t[j])).max();
            if let Some(w) = shown {
                pane.widths.shown(i, w);
            }
            let widest = match (held, shown) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0).max(b.unwrap_or(0))),
            };
            let content = widest
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
        .collect()
}

/// What drawing the rows needs: the pane, how it looks, and its columns as fitted.
struct Body<'a, R: 'static> {
    pane: &'a PaneState<R>,
    ctx: &'a Ctx<'a>,
    look: &'a Look<'a>,
    cols: &'static [Column<R>],
    /// The pane's column order (indexes into `cols`).
    order: &'a [usize],
    /// Which of them show (indexes into `order`), how wide.
    fitted: &'a Fit,
}

impl<R: Resource> Body<'_, R> {
    /// The `n`th column shown, with its index into the candidates (and the rows' texts).
    fn column(&self, n: usize) -> (usize, &'static Column<R>) {
        let j = self.fitted.shown[n];
        (j, &self.cols[self.order[j]])
    }

    /// The column titles, the first one after the mark column's space.
    fn header(&self) -> Row<'static> {
        Row::new((0..self.fitted.shown.len()).map(|n| {
            let t = self.column(n).1.name.title;
            Cell::from(if n == 0 {
                format!(" {t}")
            } else {
                t.to_string()
            })
        }))
        .style(Style::default().add_modifier(Modifier::BOLD))
    }

    /// The row at `pos` in the view, its cells cut to the widths and styled for marks,
    /// staleness, the cache, attention and the cursor.
    fn row(&self, pos: usize, texts: Vec<String>) -> Option<Row<'static>> {
        let (pane, ctx, look) = (self.pane, self.ctx, self.look);
        let table = &pane.table;
        let r = table.view_row(pos)?;
        let marked = pane.is_marked(r.key());
        // An action is working on it: `>` until it settles (marked ones stay bold).
        let acted = pane.acted.contains(r.key());
        // Rows of a Region whose refresh failed: "!" after the Region, and dimmed.
        let stale = !pane.refresh.failing.is_empty() && pane.region_is_stale(r.region());
        let cells = (0..self.fitted.shown.len()).map(|n| {
            let (j, c) = self.column(n);
            let mut text = texts[j].clone();
            if n == 0 {
                // A marker keeps marks visible without colour (NO_COLOR, 16 colours).
                text.insert_str(
                    0,
                    if acted {
                        ">"
                    } else if marked {
                        "*"
                    } else {
                        " "
                    },
                );
            }
            if stale && c.name.title == "REGION" {
                text.push('!');
            }
            let text = cut(&text, self.fitted.widths[n], look.sym.ellipsis);
            let cell = match (c.state_coloured, r.state_class()) {
                (true, Some(class)) => Cell::from(Span::styled(text, look.theme.state(class))),
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
        let from_cache = cached_rows(pane) > 0 && table.view_seen_in(pos) == Some(0);
        if stale || from_cache {
            style = style.add_modifier(Modifier::DIM);
        }
        if r.attention(ctx) {
            style = style.fg(look.theme.transitional);
        }
        if marked {
            style = style.add_modifier(Modifier::BOLD);
        }
        if pos == table.cursor() {
            style = look.theme.cursor(style);
        }
        Some(Row::new(cells).style(style))
    }
}

/// Each shown column's width; the last one takes the rest of the line unless every column
/// shows at full width (Ctrl-W).
fn widths(fitted: &Fit, wide: bool) -> Vec<Constraint> {
    fitted
        .widths
        .iter()
        .enumerate()
        .map(|(n, &w)| {
            if n + 1 == fitted.widths.len() && !wide {
                Constraint::Min(w)
            } else {
                Constraint::Length(w)
            }
        })
        .collect()
}

/// "Name↑" (or "Name^" in ASCII mode).
fn sort_label<R: Resource>(pane: &PaneState<R>, sym: &Symbols) -> String {
    let cols = R::columns();
    let col = &cols[pane.sort.column.min(cols.len() - 1)];
    format!("{}{}", col.name.title, sym.sort(&pane.sort))
}
