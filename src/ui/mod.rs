//! Drawing. Every function here takes `&State` and draws; none changes state, so a frame is a
//! pure function of the state (and what changed since is what ratatui writes).

mod detail;
mod dialog;
mod header;
mod help;
mod prompt;
mod status;
pub mod symbols;
mod table;

pub use crate::config::Theme;
pub use symbols::Symbols;

use crate::app::state::Overlay;
use crate::app::State;
use crate::panes::PaneKind;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, state: &State) {
    let prompt_rows = match &state.overlay {
        Overlay::Command { error, .. } | Overlay::Filter { error, .. } => {
            2 + u16::from(error.is_some())
        }
        _ => 0,
    };
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
        Overlay::Form(f) => dialog::draw_form(frame, body, state, f),
        Overlay::Confirm(c) => dialog::draw_confirm(frame, body, state, c),
        _ => {}
    }
}

fn draw_pane(frame: &mut Frame, area: Rect, state: &State) {
    let ctx = state.ctx();
    let t = &state.theme;
    let sym = Symbols::new(state.ascii);
    let p = &state.panes;
    match state.active {
        PaneKind::Workspaces => table::draw(frame, area, sym, &p.workspaces, &ctx, t, "WorkSpaces"),
        PaneKind::Connections => {
            table::draw(frame, area, sym, &p.connections, &ctx, t, "Connections")
        }
        PaneKind::Images => table::draw(frame, area, sym, &p.images, &ctx, t, "Images"),
        PaneKind::Pools => table::draw(frame, area, sym, &p.pools, &ctx, t, "Pools"),
        PaneKind::Bundles => table::draw(frame, area, sym, &p.bundles, &ctx, t, "Bundles"),
        PaneKind::Directories => {
            table::draw(frame, area, sym, &p.directories, &ctx, t, "Directories")
        }
        PaneKind::Queue => table::draw(frame, area, sym, &p.queue, &ctx, t, "Queue"),
        PaneKind::Outcomes => {
            let title = format!("Outcomes of job {}", p.outcomes_job.unwrap_or(0));
            table::draw(frame, area, sym, &p.outcomes, &ctx, t, &title)
        }
        PaneKind::Contexts => {
            let title = "Contexts (Enter switches profile)";
            table::draw(frame, area, sym, &p.contexts, &ctx, t, title)
        }
        PaneKind::Sessions => {
            let title = format!("Sessions of {}", p.sessions_pool.as_deref().unwrap_or("?"));
            table::draw(frame, area, sym, &p.sessions, &ctx, t, &title)
        }
    }
}
