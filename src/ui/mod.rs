//! Drawing. Every function here takes `&State` and draws; none changes state, so a frame is a
//! pure function of the state (and what changed since is what ratatui writes).

pub mod format;
mod header;
mod status;
pub mod theme;
mod workspaces;

pub use theme::Theme;

use crate::app::State;
use ratatui::layout::{Constraint, Layout};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, state: &State) {
    let [header, body, status] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    header::draw(frame, header, state);
    workspaces::draw(frame, body, state);
    status::draw(frame, status, state);
}
