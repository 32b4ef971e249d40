//! Drawing. Every function here takes `&State` and draws; none changes state, so a frame is a
//! pure function of the state (and what changed since is what ratatui writes).

mod columns;
mod detail;
mod dialog;
mod form;
mod header;
mod help;
mod pick;
mod prompt;
mod sparklines;
mod status;
pub mod symbols;
mod table;

pub use crate::config::Theme;
pub use symbols::Symbols;

use crate::app::pane::PaneState;
use crate::app::panes::VisitPane;
use crate::app::state::Overlay;
use crate::app::State;
use crate::table::resource::{Ctx, Resource};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, state: &State) {
    let prompt_rows = state.prompt_rows();
    let [header, prompt, body, status] = Layout::vertical([
        Constraint::Length(state.header_rows()),
        Constraint::Length(prompt_rows),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    header::draw(frame, header, state);
    prompt::draw(frame, prompt, state);
    draw_pane(frame, body, state);
    status::draw(frame, status, state);
    match &state.overlay {
        Overlay::Detail(d) => detail::draw(frame, body, state, d),
        Overlay::Help(scroll) => help::draw(frame, body, state, *scroll),
        Overlay::Form(f) => form::draw_form(frame, body, state, f),
        Overlay::Confirm(c) => dialog::draw_confirm(frame, body, state, c),
        Overlay::Quit => dialog::draw_quit(frame, body, state),
        Overlay::Resume => dialog::draw_resume(frame, body, state),
        Overlay::Error(text) => dialog::draw_error(frame, body, state, text),
        _ => {}
    }
}

fn draw_pane(frame: &mut Frame, area: Rect, state: &State) {
    let ctx = state.ctx();
    let title = pane_title(state);
    let crumbs = breadcrumb(state, &title, area.width.saturating_sub(4));
    let tags_known = (state.pane().filter_tags() > 0)
        .then(|| crate::app::tags::known(state))
        .filter(|(known, total)| known < total);
    let draw = DrawPane {
        frame,
        area,
        sym: *Symbols::new(state.ascii),
        ctx: &ctx,
        theme: &state.theme,
        title: &title,
        crumbs: &crumbs,
        tags_known,
        wide: state.wide,
    };
    state.panes.visit(state.active, draw);
}

/// The active pane's title: what a drill-down shows (one parent's rows), or its registered
/// title with its hint.
fn pane_title(state: &State) -> String {
    if let Some(heading) = state.pane().heading() {
        return heading.to_string();
    }
    let spec = state.active.spec();
    match spec.hint {
        Some(hint) => format!("{} ({hint})", spec.title),
        None => spec.title.into(),
    }
}

/// Where you are (k9s crumbs): the drill-down path to this pane, then this one, each with its
/// filter (`Directories › WorkSpaces dir=d-9024f701b5`). Empty at a top pane (panes chosen
/// by name or number are no path); cut from the left to `room` columns, so the current view
/// always shows.
fn breadcrumb(state: &State, title: &str, room: u16) -> String {
    let since = crate::app::drill_path::path_to(&state.drill, state.active);
    if since.is_empty() {
        return String::new();
    }
    let (sep, ell) = if state.ascii {
        (" > ", "...")
    } else {
        (" › ", "…")
    };
    let view = |name: &str, filter: &str| {
        if filter.is_empty() {
            name.to_string()
        } else {
            format!("{name} {filter}")
        }
    };
    let mut crumbs: Vec<String> = since
        .iter()
        .map(|&p| view(p.title(), state.panes.get(p).filter_text()))
        .collect();
    crumbs.push(view(title, state.pane().filter_text()));
    let mut line = crumbs.join(sep);
    while columns::width_of(&line) > room && crumbs.len() > 1 {
        crumbs.remove(0);
        line = format!("{ell}{sep}{}", crumbs.join(sep));
    }
    columns::cut(&line, room, ell)
}

/// Draws whichever pane is active with its row type's columns.
struct DrawPane<'a, 'f> {
    frame: &'a mut Frame<'f>,
    area: Rect,
    sym: Symbols,
    ctx: &'a Ctx<'a>,
    theme: &'a Theme,
    title: &'a str,
    crumbs: &'a str,
    tags_known: Option<(usize, usize)>,
    wide: bool,
}

impl VisitPane for DrawPane<'_, '_> {
    type Out = ();
    fn visit<R: Resource>(self, pane: &PaneState<R>) {
        let look = table::Look {
            sym: &self.sym,
            theme: self.theme,
            title: self.title,
            wide: self.wide,
            crumbs: self.crumbs,
            tags_known: self.tags_known,
        };
        table::draw(self.frame, self.area, pane, self.ctx, &look)
    }
}
