use super::msg::{Command, Msg};
use super::state::{now_epoch, RefreshStatus, State};
use crate::domain::Workspace;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Apply one message. Returns whether anything visible changed (so the runtime knows to
/// redraw) and the commands to start. Never awaits.
pub fn update(state: &mut State, msg: Msg) -> (bool, Vec<Command>) {
    state.now = now_epoch();
    match msg {
        Msg::Key(key) => on_key(state, key),
        Msg::Resize(w, h) => {
            state.size = (w, h);
            settle_scroll(state);
            (true, vec![])
        }
        Msg::WorkspacesPage { sweep, items, last } => {
            let st = &mut state.workspaces_refresh;
            begin_page(st, sweep, items.len());
            state.workspaces.upsert(sweep, items);
            if last {
                state.workspaces.end_sweep(sweep);
                finish_sweep(&mut state.workspaces_refresh, state.now);
            }
            rebuild_workspaces_view(state);
            (true, vec![])
        }
        Msg::WorkspacesFailed { sweep, error } => {
            fail_sweep(&mut state.workspaces_refresh, sweep, error);
            (true, vec![])
        }
        Msg::ConnectionPage { sweep, items, last } => {
            begin_page(&mut state.connections_refresh, sweep, items.len());
            for c in items {
                state.connections.insert(c.workspace_id.clone(), c);
            }
            if last {
                finish_sweep(&mut state.connections_refresh, state.now);
            }
            (true, vec![])
        }
        Msg::ConnectionFailed { sweep, error } => {
            fail_sweep(&mut state.connections_refresh, sweep, error);
            (true, vec![])
        }
    }
}

fn begin_page(st: &mut RefreshStatus, sweep: u64, n: usize) {
    if st.sweep != sweep {
        st.sweep = sweep;
        st.loaded = 0;
    }
    st.in_progress = true;
    st.loaded += n;
}

fn finish_sweep(st: &mut RefreshStatus, now: i64) {
    st.in_progress = false;
    st.last_ok = Some(now);
    st.error = None;
}

fn fail_sweep(st: &mut RefreshStatus, sweep: u64, error: crate::service::ServiceError) {
    st.sweep = sweep;
    st.in_progress = false;
    st.error = Some(error);
}

/// Default order: by WorkSpace ID, which is stable and what the console shows.
fn rebuild_workspaces_view(state: &mut State) {
    state
        .workspaces
        .rebuild_view(|rows: &[Workspace], v| v.sort_by(|&a, &b| rows[a].id.cmp(&rows[b].id)));
    settle_scroll(state);
}

fn settle_scroll(state: &mut State) {
    let h = state.body_rows();
    state.workspaces.scroll_into_view(h);
}

fn on_key(state: &mut State, key: KeyEvent) -> (bool, Vec<Command>) {
    if key.kind == KeyEventKind::Release {
        return (false, vec![]);
    }
    let page = state.body_rows() as isize;
    let table = &mut state.workspaces;
    let mut commands = vec![];
    match (key.code, key.modifiers) {
        (KeyCode::Char('q'), _) | (KeyCode::Char('c'), KeyModifiers::CONTROL) => {
            state.quit = true;
        }
        (KeyCode::Char('j') | KeyCode::Down, _) => table.move_by(1),
        (KeyCode::Char('k') | KeyCode::Up, _) => table.move_by(-1),
        (KeyCode::PageDown, _) | (KeyCode::Char('f'), KeyModifiers::CONTROL) => table.move_by(page),
        (KeyCode::PageUp, _) | (KeyCode::Char('b'), KeyModifiers::CONTROL) => table.move_by(-page),
        (KeyCode::Char('g') | KeyCode::Home, _) => table.move_to(0),
        (KeyCode::Char('G') | KeyCode::End, _) => table.move_to(usize::MAX),
        (KeyCode::Char('r'), KeyModifiers::CONTROL) | (KeyCode::Char('r'), KeyModifiers::NONE) => {
            commands.push(Command::RefreshAll)
        }
        _ => return (false, vec![]),
    }
    settle_scroll(state);
    (true, commands)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Mode;
    use crate::domain::WorkspaceState;
    use crate::service::{ErrorKind, ServiceError};

    fn ws(id: &str, state: WorkspaceState) -> Workspace {
        Workspace {
            id: id.into(),
            state,
            ..Default::default()
        }
    }

    fn key(c: char) -> Msg {
        Msg::Key(KeyEvent::from(KeyCode::Char(c)))
    }

    fn demo_state() -> State {
        State::new(Mode::Demo, "us-east-1".into(), None, "http://x".into())
    }

    #[test]
    fn pages_stream_into_the_table_and_the_last_closes_the_sweep() {
        let mut s = demo_state();
        update(
            &mut s,
            Msg::WorkspacesPage {
                sweep: 1,
                items: vec![ws("ws-b", WorkspaceState::Available)],
                last: false,
            },
        );
        assert_eq!(s.workspaces.view_len(), 1);
        assert!(s.workspaces_refresh.in_progress);
        update(
            &mut s,
            Msg::WorkspacesPage {
                sweep: 1,
                items: vec![ws("ws-a", WorkspaceState::Stopped)],
                last: true,
            },
        );
        assert_eq!(s.workspaces.view_row(0).unwrap().id, "ws-a");
        assert!(!s.workspaces_refresh.in_progress);
        assert!(s.workspaces_refresh.last_ok.is_some());
    }

    #[test]
    fn a_failed_sweep_keeps_rows_and_marks_them_stale() {
        let mut s = demo_state();
        update(
            &mut s,
            Msg::WorkspacesPage {
                sweep: 1,
                items: vec![ws("ws-a", WorkspaceState::Available)],
                last: true,
            },
        );
        update(
            &mut s,
            Msg::WorkspacesFailed {
                sweep: 2,
                error: ServiceError::new(ErrorKind::AccessDenied, "AccessDeniedException", "no"),
            },
        );
        assert_eq!(s.workspaces.len(), 1);
        assert!(s.workspaces_refresh.is_stale());
    }

    #[test]
    fn q_quits_and_r_asks_for_a_refresh() {
        let mut s = demo_state();
        let (_, cmds) = update(&mut s, key('r'));
        assert_eq!(cmds, vec![Command::RefreshAll]);
        assert!(!s.quit);
        update(&mut s, key('q'));
        assert!(s.quit);
    }

    #[test]
    fn unknown_keys_do_not_ask_for_a_redraw() {
        let mut s = demo_state();
        let (changed, _) = update(&mut s, key('%'));
        assert!(!changed);
    }
}
