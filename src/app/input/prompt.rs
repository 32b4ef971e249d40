//! The prompts: `:` commands (with history and completion) and `/` filters as typed.

use super::typing::type_into;
use crate::app::msg::{Command, Outcome};
use crate::app::navigate::detail::shares_for_selected_image;
use crate::app::navigate::show::switch_to;
use crate::app::state::{ctx_of, Overlay, State};
use crate::panes::{complete, PaneKind};
use crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;

pub fn on_command_key(state: &mut State, key: KeyEvent) -> Outcome {
    let Overlay::Command { input, error } = &mut state.overlay else {
        return (false, vec![]);
    };
    match key.code {
        KeyCode::Esc => {
            state.history.reset();
            state.overlay = Overlay::None;
        }
        KeyCode::Up => {
            if let Some(cmd) = state.history.older() {
                *input = Input::new(cmd.to_string());
                *error = None;
            }
        }
        KeyCode::Down => {
            *input = Input::new(state.history.newer().unwrap_or_default().to_string());
            *error = None;
        }
        KeyCode::Tab => {
            let options = complete(input.value());
            if let [one] = options.as_slice() {
                *input = Input::new(one.to_string());
            } else if !options.is_empty() {
                *error = Some(options.join("  "));
            }
        }
        KeyCode::Enter => {
            let cmd = input.value().trim().to_string();
            // Every command given is remembered, good or not (a typo is fixed with Up).
            state.history.push(&cmd);
            let save = Command::SaveHistory(state.history.entries().to_vec());
            let (redraw, mut commands) = run_command(state, cmd);
            commands.push(save);
            return (redraw, commands);
        }
        _ => {
            type_into(input, key, &mut state.notice);
            *error = None;
        }
    }
    (true, vec![])
}

/// `:export …`: take the active pane's view now; the run loop writes the file.
fn export(state: &mut State, cmd: &str) -> Outcome {
    state.overlay = Overlay::None;
    let (format, path) = match crate::app::io::export::parse(cmd) {
        Ok(p) => p,
        Err(usage) => {
            // Nothing is written; the status line says how.
            state.notice = Some(usage);
            return (true, vec![]);
        }
    };
    let pane = state.pane();
    let (headers, rows) = pane.export_rows(&state.ctx());
    let plural = pane.plural();
    state.notice = Some(format!("exporting {} {plural}…", rows.len()));
    (
        true,
        vec![Command::Export {
            format,
            path,
            force: crate::app::io::export::is_forced(cmd),
            plural,
            headers,
            rows,
        }],
    )
}

/// A key in the filter prompt. Enter and Esc find the typed text applied (`update` settles
/// it before any key that is not an edit).
pub fn on_filter_key(state: &mut State, key: KeyEvent) -> Outcome {
    match key.code {
        KeyCode::Esc => cancel_filter(state),
        KeyCode::Enter => {
            // A filter that does not parse keeps the last good one and stays open.
            if matches!(state.overlay, Overlay::Filter { error: None, .. }) {
                state.overlay = Overlay::None;
                // WorkSpaces it names that are not loaded yet are asked for directly.
                return (true, crate::app::navigate::lookups::for_filter(state));
            }
        }
        // Filter as you type, once the keys already waiting are in (`typing`).
        _ => super::typing::filter_key(state, key),
    }
    (true, vec![])
}

/// Esc in the filter prompt closes it. What was typed stays applied when it parses (the
/// table already shows it); when it does not (`unknown column 'idle'`), the terms typed
/// before the error are half a filter, and the filter the prompt opened with comes back.
fn cancel_filter(state: &mut State) {
    let overlay = std::mem::take(&mut state.overlay);
    let Overlay::Filter {
        error: Some(_),
        opened_with,
        ..
    } = overlay
    else {
        return;
    };
    let ctx = crate::app::state::ctx_of(&state.joined, state.now, state.idle_days);
    let pane = state.panes.get_mut(state.active);
    // It parsed when it was applied, so it parses again.
    let _ = pane.set_filter(&opened_with, &ctx);
    pane.move_to(0);
}

/// A pane's `:` command, with the filter that may follow its name (`ws state=ERROR`).
fn pane_command(cmd: &str) -> Option<(PaneKind, Option<&str>)> {
    let (name, rest) = match cmd.split_once(char::is_whitespace) {
        Some((name, rest)) => (name, Some(rest.trim()).filter(|r| !r.is_empty())),
        None => (cmd, None),
    };
    PaneKind::from_command(name).map(|p| (p, rest))
}

/// `sort COLUMN [asc|desc]`: `None` when the command is not `sort`; else the column and
/// whether descending, or what is wrong with the arguments.
fn sort_args(cmd: &str) -> Option<Result<(&str, bool), String>> {
    let mut words = cmd.split_whitespace();
    if words.next()? != "sort" {
        return None;
    }
    let usage = "usage: :sort COLUMN [asc|desc]".to_string();
    let Some(column) = words.next() else {
        return Some(Err(usage));
    };
    let descending = match words.next() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Some(Err(usage)),
    };
    if words.next().is_some() {
        return Some(Err(usage));
    }
    Some(Ok((column, descending)))
}

/// Run a `:` command given in the prompt; a command that fails says why in the prompt.
fn run_command(state: &mut State, cmd: String) -> Outcome {
    let fail = |state: &mut State, message: String| {
        if let Overlay::Command { error, .. } = &mut state.overlay {
            *error = Some(message);
        }
        (true, vec![])
    };
    if cmd == "q" || cmd == "quit" {
        state.overlay = Overlay::None;
        (true, crate::app::track::quitting::request(state))
    } else if let Some(args) = sort_args(&cmd) {
        let ctx = ctx_of(&state.joined, state.now, state.idle_days);
        let pane = state.panes.get_mut(state.active);
        match args.and_then(|(name, desc)| pane.sort_by_name(name, desc, &ctx)) {
            Ok(()) => {
                state.overlay = Overlay::None;
                (true, vec![])
            }
            Err(e) => fail(state, e),
        }
    } else if crate::app::io::export::is_export(&cmd) {
        export(state, &cmd)
    } else if crate::app::navigate::contexts::is_context_command(&cmd) {
        state.overlay = Overlay::None;
        crate::app::navigate::contexts::run_command(state, &cmd)
    } else if let Some((p, filter)) = pane_command(&cmd) {
        // `:ws state=ERROR` opens the pane with that filter.
        if let Some(text) = filter {
            let ctx = ctx_of(&state.joined, state.now, state.idle_days);
            if let Err(e) = state.panes.get_mut(p).set_filter(text, &ctx) {
                return fail(state, e);
            }
        }
        state.overlay = Overlay::None;
        switch_to(state, p);
        let mut commands: Vec<Command> = shares_for_selected_image(state).into_iter().collect();
        // `:ws ws-…` / `:ws user=alice`: looked up directly if not loaded yet.
        commands.extend(crate::app::navigate::lookups::for_filter(state));
        (true, commands)
    } else {
        let known = complete("").join(" ");
        fail(state, format!("unknown command '{cmd}' (try: {known})"))
    }
}
