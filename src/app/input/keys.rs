//! Keys: what each key does in the table, in the prompts and in the detail view.

use super::typing::type_into;
use crate::app::msg::Command;
use crate::app::state::{ctx_of, Detail, Fetch, Overlay, State};
use crate::app::update::rebuild_active;
use crate::config::keymap::KeyAction;
use crate::panes::{complete, PaneKind};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::Input;

type Outcome = (bool, Vec<Command>);

pub fn on_key(state: &mut State, key: KeyEvent) -> Outcome {
    if key.kind == KeyEventKind::Release {
        return (false, vec![]);
    }
    if matches!(state.overlay, Overlay::Quit) {
        return crate::app::track::quitting::on_key(state, key);
    }
    if matches!(state.overlay, Overlay::Resume) {
        return crate::app::track::resume::on_key(state, key);
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return (true, crate::app::track::quitting::request(state));
    }
    match &state.overlay {
        Overlay::None => on_table_key(state, key),
        Overlay::Command { .. } => on_command_key(state, key),
        Overlay::Filter { .. } => on_filter_key(state, key),
        Overlay::Detail(_) => on_detail_key(state, key),
        Overlay::Form(_) => on_form_key(state, key),
        Overlay::Confirm(_) => on_confirm_key(state, key),
        Overlay::Quit | Overlay::Resume => unreachable!("handled above"),
        Overlay::Error(_) => {
            // Any of these closes it; other keys are ignored so it is not lost by accident.
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('e')
            ) {
                state.overlay = Overlay::None;
                return (true, vec![]);
            }
            (false, vec![])
        }
        Overlay::Help(scroll) => {
            // These close help; j/k, PgUp/PgDn, g/G scroll, never past the last line; other
            // keys are ignored so help is not lost.
            let (scroll, end) = (*scroll, super::help::max_scroll(state));
            let page = state.size.1.saturating_sub(state.header_rows() + 4).max(1);
            let to = match key.code {
                KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') => {
                    state.overlay = Overlay::None;
                    return (true, vec![]);
                }
                KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
                KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => scroll.saturating_add(page),
                KeyCode::PageUp => scroll.saturating_sub(page),
                KeyCode::Char('g') | KeyCode::Home => 0,
                KeyCode::Char('G') | KeyCode::End => end,
                _ => return (false, vec![]),
            };
            let to = to.min(end);
            state.overlay = Overlay::Help(to);
            (to != scroll, vec![])
        }
    }
}

/// How many views Esc can go back through.
const BACK_DEPTH: usize = 20;

fn switch_to(state: &mut State, pane: PaneKind) {
    if pane != state.active {
        state.back.push(state.active);
        if state.back.len() > BACK_DEPTH {
            state.back.remove(0);
        }
    }
    show(state, pane);
}

/// Back to `pane` (Esc): it leaves the back list rather than being added to it.
fn back_to(state: &mut State, pane: PaneKind) {
    if state.back.last() == Some(&pane) {
        state.back.pop();
    }
    show(state, pane);
}

fn show(state: &mut State, pane: PaneKind) {
    state.active = pane;
    state.notice = None;
    rebuild_active(state);
}

fn on_table_key(state: &mut State, key: KeyEvent) -> Outcome {
    use KeyAction as K;
    // Esc and the pane number keys are fixed; everything else goes through the keymap.
    if key.code == KeyCode::Esc {
        return on_escape(state);
    }
    if let KeyCode::Char(c @ '1'..='6') = key.code {
        if key.modifiers.is_empty() || key.modifiers == KeyModifiers::SHIFT {
            switch_to(state, PaneKind::TOP[c as usize - '1' as usize]);
            return (true, shares_for_selected_image(state).into_iter().collect());
        }
    }
    let Some(action) = state.keymap.action(state.active, &key) else {
        return (false, vec![]);
    };
    let page = state.body_rows() as isize;
    let mut commands = vec![];
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    let pane = state.panes.get_mut(state.active);
    match action {
        K::Quit => commands.extend(crate::app::track::quitting::request(state)),
        K::Down => pane.move_by(1),
        K::Up => pane.move_by(-1),
        K::PageDown => pane.move_by(page),
        K::PageUp => pane.move_by(-page),
        K::Top => pane.move_to(0),
        K::Bottom => pane.move_to(usize::MAX),
        K::Mark => {
            pane.toggle_mark();
            pane.move_by(1);
        }
        K::MarkAll => pane.mark_all_visible(),
        K::MarkRange => pane.mark_range(),
        K::ClearMarks => pane.clear_marks(),
        K::SortNext => pane.shift_sort(1, &ctx),
        K::SortPrev => pane.shift_sort(-1, &ctx),
        K::SortReverse => pane.reverse_sort(&ctx),
        K::Refresh => commands.push(Command::RefreshAll),
        K::CopyIds => {
            // Yank: the marked IDs, or the cursor row's, to the clipboard (OSC 52).
            let mut ids = pane.marked_ids();
            if ids.is_empty() {
                ids.extend(pane.selected_id());
            }
            if ids.is_empty() {
                state.notice = Some("nothing to copy".into());
            } else {
                state.notice = Some(crate::app::io::clipboard::copied_notice(ids.len()));
                commands.push(Command::Copy(ids.join("\n")));
            }
        }
        K::Filter => {
            // Build what typing will search now, so no keystroke waits for it.
            pane.prepare_filter(&ctx);
            let text = pane.filter_text().to_string();
            state.overlay = Overlay::Filter {
                input: Input::new(text),
                error: None,
            };
        }
        K::Command => {
            state.overlay = Overlay::Command {
                input: Input::default(),
                error: None,
            }
        }
        K::Help => state.overlay = Overlay::Help(0),
        K::NextPane => switch_to(state, state.active.next()),
        K::PrevPane => switch_to(state, state.active.prev()),
        K::Sessions => return open_sessions(state),
        K::ToggleHeader => state.header_hidden = !state.header_hidden,
        K::ToggleWide => state.wide = !state.wide,
        K::ShowError => match &pane.refresh().error {
            Some(e) => {
                let regions = pane.refresh().failing.join(", ");
                let region = if regions.is_empty() {
                    String::new()
                } else {
                    format!("Region: {regions}\n\n")
                };
                let text = format!("{region}{}\n\n{}", e.code, e.message);
                state.overlay = Overlay::Error(text);
            }
            None => state.notice = Some("no error on this pane".into()),
        },
        K::DrillDown => return drill_down(state),
        K::GoBundle => return go_to_parent(state, PaneKind::Bundles),
        K::GoDirectory => return go_to_parent(state, PaneKind::Directories),
        K::UseContext => return crate::app::navigate::contexts::use_selected(state),
        K::Outcomes => {
            if let Some(key) = pane.selected_id() {
                match key.strip_prefix(crate::app::campaign::row::KEY_PREFIX) {
                    Some(campaign) => crate::app::campaign::row::open_outcomes(state, campaign),
                    None => {
                        if let Ok(job) = key.parse() {
                            crate::app::track::queue_news::open_outcomes(state, job);
                        }
                    }
                }
            }
        }
        K::CancelJob => {
            if let Some(job) = pane.selected_id().and_then(|k| k.parse().ok()) {
                commands.push(Command::CancelJob(job));
            }
        }
        K::Details => return open_detail(state),
        K::Reboot
        | K::Rebuild
        | K::Start
        | K::Stop
        | K::Terminate
        | K::Restore
        | K::AutoStop
        | K::AlwaysOn
        | K::MaintenanceOn
        | K::MaintenanceOff
        | K::CreateImage
        | K::Share
        | K::Unshare
        | K::UpdateImage
        | K::CopyImage
        | K::DeleteImage
        | K::Capacity
        | K::CheckUpdates
        | K::SwitchImage => return start_resource_action(state, action),
        K::Campaign => return (true, crate::app::campaign::steps::begin(state)),
    }
    commands.extend(shares_for_selected_image(state));
    (true, commands)
}

/// A resource action (reboot, share, capacity…): its form or confirmation; nothing is sent yet.
fn start_resource_action(state: &mut State, action: KeyAction) -> Outcome {
    let Some(start) = crate::app::act::actions::start_for(state.active, action) else {
        return (false, vec![]);
    };
    state.notice = None;
    let commands = crate::app::act::actions::begin(state, start);
    (true, commands)
}

/// Esc backs out (k9s habit): from a drill-down to its parent pane, else clears the filter,
/// else goes back to the pane before (with its filter and cursor as they were).
fn on_escape(state: &mut State) -> Outcome {
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    if state.alert.is_some() {
        // First Esc acknowledges a failed job's alert.
        state.alert = None;
    } else if state.active == PaneKind::Sessions {
        back_to(state, PaneKind::Pools);
    } else if state.active == PaneKind::AppSessions {
        back_to(state, PaneKind::AppFleets);
    } else if state.active == PaneKind::Outcomes {
        back_to(state, PaneKind::Queue);
    } else if !state.pane().filter_text().is_empty() {
        let _ = state.panes.get_mut(state.active).set_filter("", &ctx);
    } else if let Some(previous) = state.back.pop() {
        show(state, previous);
    } else {
        return (false, vec![]);
    }
    (true, vec![])
}

/// The images pane shows who each image is shared with; that takes one call per image, so it
/// is fetched for the image the cursor is on, once, rather than for every image on refresh.
pub fn shares_for_selected_image(state: &mut State) -> Option<Command> {
    if state.active != PaneKind::Images && state.active != PaneKind::AppImages {
        return None;
    }
    let id = state.pane().selected_id()?;
    if state.joined.image_shares.contains_key(&id)
        || !state.joined.shares_pending.insert(id.clone())
    {
        return None;
    }
    let region = region_of_selected(state, &id);
    Some(shares_command(state.active, region, id))
}

/// The call that lists an image's shares: DescribeWorkspaceImagePermissions, or for a
/// WorkSpaces Applications image (keyed by ARN) DescribeImagePermissions.
fn shares_command(pane: PaneKind, region: String, image_id: String) -> Command {
    if pane == PaneKind::AppImages {
        Command::LoadAppImageShares {
            region,
            arn: image_id,
        }
    } else {
        Command::LoadImageShares { region, image_id }
    }
}

/// The Region of a resource in the active pane (the first Region if the pane does not say).
fn region_of_selected(state: &State, id: &str) -> String {
    state
        .pane()
        .region_of(id)
        .filter(|r| !r.is_empty())
        .or_else(|| state.regions.first().cloned())
        .unwrap_or_default()
}

fn open_detail(state: &mut State) -> Outcome {
    let Some(id) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    let region = region_of_selected(state, &id);
    let mut commands = vec![Command::LoadTags {
        region: region.clone(),
        resource_id: id.clone(),
    }];
    if matches!(state.active, PaneKind::Images | PaneKind::AppImages) {
        // Shares change; the detail view always asks again.
        state.joined.shares_pending.insert(id.clone());
        commands.push(shares_command(state.active, region, id.clone()));
    }
    // DescribeTags is WorkSpaces'; WorkSpaces Applications' own tags are not fetched, and a
    // queue row is a job or a campaign of wsfleet, no resource at all.
    let taggable = !matches!(
        state.active,
        PaneKind::Queue
            | PaneKind::Connections
            | PaneKind::Sessions
            | PaneKind::AppImages
            | PaneKind::AppFleets
            | PaneKind::AppSessions
    );
    if !taggable {
        commands.retain(|c| !matches!(c, Command::LoadTags { .. }));
    }
    state.overlay = Overlay::Detail(Detail {
        pane: state.active,
        id,
        scroll: 0,
        tags: if taggable {
            Fetch::Loading
        } else {
            Fetch::Ready(vec![])
        },
    });
    (true, commands)
}

fn open_sessions(state: &mut State) -> Outcome {
    if state.active == PaneKind::AppFleets {
        return open_app_sessions(state);
    }
    let Some(pool_id) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    let sweep = state.panes.sessions.refresh.sweep + 1;
    let region = region_of_selected(state, &pool_id);
    if state.panes.sessions_pool.as_deref() != Some(pool_id.as_str()) {
        state.panes.sessions = Default::default();
    }
    state.panes.sessions_pool = Some(pool_id.clone());
    switch_to(state, PaneKind::Sessions);
    (
        true,
        vec![Command::LoadSessions {
            region,
            pool_id,
            sweep,
        }],
    )
}

fn on_detail_key(state: &mut State, key: KeyEvent) -> Outcome {
    let Overlay::Detail(d) = &mut state.overlay else {
        return (false, vec![]);
    };
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Char('d') => {
            state.overlay = Overlay::None
        }
        KeyCode::Char('j') | KeyCode::Down => d.scroll = d.scroll.saturating_add(1),
        KeyCode::Char('k') | KeyCode::Up => d.scroll = d.scroll.saturating_sub(1),
        KeyCode::PageDown => d.scroll = d.scroll.saturating_add(10),
        KeyCode::PageUp => d.scroll = d.scroll.saturating_sub(10),
        KeyCode::Char('g') | KeyCode::Home => d.scroll = 0,
        _ => return (false, vec![]),
    }
    (true, vec![])
}

fn on_command_key(state: &mut State, key: KeyEvent) -> Outcome {
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
fn on_filter_key(state: &mut State, key: KeyEvent) -> Outcome {
    match key.code {
        KeyCode::Esc => state.overlay = Overlay::None,
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

fn on_form_key(state: &mut State, key: KeyEvent) -> Outcome {
    let Overlay::Form(form) = &mut state.overlay else {
        return (false, vec![]);
    };
    match key.code {
        KeyCode::Esc => state.overlay = Overlay::None,
        KeyCode::Tab | KeyCode::Down => form.focus = (form.focus + 1) % form.fields.len(),
        KeyCode::BackTab | KeyCode::Up => {
            form.focus = (form.focus + form.fields.len() - 1) % form.fields.len()
        }
        KeyCode::Enter
            if matches!(
                form.kind,
                crate::app::model::dialog::FormKind::Campaign { .. }
            ) =>
        {
            let form = std::mem::take(&mut state.overlay);
            let Overlay::Form(form) = form else {
                unreachable!()
            };
            match crate::app::campaign::steps::on_form(state, &form) {
                Ok(commands) => return (true, commands),
                Err(e) => {
                    let mut form = form;
                    form.error = Some(e);
                    state.overlay = Overlay::Form(form);
                }
            }
        }
        KeyCode::Enter => match form.build() {
            Ok(action) => {
                state.overlay = Overlay::None;
                crate::app::act::actions::confirm(state, action);
            }
            // The broken rule shows in the form; nothing is sent.
            Err(e) => form.error = Some(e),
        },
        _ => {
            type_into(&mut form.fields[form.focus].1, key, &mut state.notice);
            form.error = None;
        }
    }
    (true, vec![])
}

fn on_confirm_key(state: &mut State, key: KeyEvent) -> Outcome {
    let Overlay::Confirm(c) = &mut state.overlay else {
        return (false, vec![]);
    };
    match key.code {
        KeyCode::Esc => close_confirm(state),
        // Include the marked rows the filter hides: the dialog is planned again with them.
        KeyCode::Char('+') if c.hidden_marked > 0 && !c.include_hidden => {
            let action = c.action.clone();
            crate::app::act::actions::confirm_with(state, action, true);
        }
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right
            if c.expected.is_none() =>
        {
            c.ok_focused = !c.ok_focused
        }
        KeyCode::Enter => {
            if c.expected.is_none() && !c.ok_focused {
                // Cancel had the focus: Enter cancels.
                close_confirm(state);
            } else if c.try_confirm() {
                let Overlay::Confirm(c) = std::mem::take(&mut state.overlay) else {
                    unreachable!()
                };
                let c = *c;
                if c.campaign.is_some() {
                    return (true, crate::app::campaign::steps::on_confirmed(state, c));
                }
                // The marks acted on are spent; hidden ones left out stay marked.
                let spent: Vec<String> = c
                    .targets
                    .iter()
                    .chain(c.skipped.iter().map(|(t, _)| t))
                    .map(|t| t.id.clone())
                    .collect();
                state.panes.get_mut(state.active).unmark(&spent);
                state.notice = Some(format!(
                    "{} queued for {} in {} (:queue)",
                    c.action,
                    c.targets.len(),
                    c.region
                ));
                // Marks that span Regions become one job per Region: each Region has its
                // own client and budget.
                let commands = c
                    .by_region()
                    .into_iter()
                    .map(|(region, targets, skipped)| Command::Submit {
                        action: c.action.clone(),
                        profile: c.profile.clone(),
                        region,
                        targets,
                        skipped,
                        campaign: None,
                        // A resumed job is always of one Region (its journal entry's).
                        resumes: c.resumes.clone(),
                    })
                    .collect();
                return (true, commands);
            }
        }
        _ if c.expected.is_some() => {
            type_into(&mut c.typed, key, &mut state.notice);
            c.error = None;
        }
        _ => return (false, vec![]),
    }
    (true, vec![])
}

/// The confirmation is cancelled: nothing is sent; a resumed job stays in the journal.
fn close_confirm(state: &mut State) {
    if let Overlay::Confirm(c) = &state.overlay {
        if c.resumes.is_some() {
            state.notice = Some(format!(
                "resume of {} cancelled: nothing sent; kept in the journal",
                c.action.name()
            ));
        }
    }
    state.overlay = Overlay::None;
}

/// Enter on a fleet: its streaming sessions (DescribeSessions for each associated stack).
fn open_app_sessions(state: &mut State) -> Outcome {
    let Some(arn) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    if state.panes.app_fleets.table.get(&arn).is_none() {
        return (false, vec![]);
    }
    if state.panes.sessions_fleet.as_deref() != Some(arn.as_str()) {
        state.panes.app_sessions = Default::default();
    }
    state.panes.sessions_fleet = Some(arn);
    switch_to(state, PaneKind::AppSessions);
    let commands: Vec<Command> = reload_app_sessions(state).into_iter().collect();
    if commands.is_empty() {
        state.notice = Some("the fleet is associated with no stack: no sessions".into());
    }
    (true, commands)
}

/// Read the app sessions pane's fleet's sessions again (opened, or a session expired).
pub fn reload_app_sessions(state: &State) -> Option<Command> {
    let arn = state.panes.sessions_fleet.clone()?;
    let fleet = state.panes.app_fleets.table.get(&arn)?;
    if fleet.stacks.is_empty() {
        return None;
    }
    Some(Command::LoadAppSessions {
        region: fleet.region.clone(),
        stacks: fleet.stacks.clone(),
        fleet: arn,
        sweep: state.panes.app_sessions.refresh.sweep + 1,
    })
}

/// Read the sessions pane's pool's sessions again (a session was terminated).
pub fn reload_pool_sessions(state: &State) -> Option<Command> {
    let pool_id = state.panes.sessions_pool.clone()?;
    let region = state.panes.pools.table.get(&pool_id)?.region.clone();
    Some(Command::LoadSessions {
        region,
        pool_id,
        sweep: state.panes.sessions.refresh.sweep + 1,
    })
}

/// A pane's `:` command, with the filter that may follow its name (`ws state=ERROR`).
fn pane_command(cmd: &str) -> Option<(PaneKind, Option<&str>)> {
    let (name, rest) = match cmd.split_once(char::is_whitespace) {
        Some((name, rest)) => (name, Some(rest.trim()).filter(|r| !r.is_empty())),
        None => (cmd, None),
    };
    PaneKind::from_command(name).map(|p| (p, rest))
}

/// Enter on a directory or bundle: the WorkSpaces in it; on an image: the bundles built from
/// it. The child pane opens filtered by the parent's ID (`dir=d-…`, `bundle=wsb-…`,
/// `image=wsi-…`), so the breadcrumb is its title's filter and Esc goes back.
fn drill_down(state: &mut State) -> Outcome {
    let Some(id) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    let (child, column) = match state.active {
        PaneKind::Directories => (PaneKind::Workspaces, "dir"),
        PaneKind::Bundles => (PaneKind::Workspaces, "bundle"),
        PaneKind::Images => (PaneKind::Bundles, "image"),
        _ => return (false, vec![]),
    };
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    let filter = format!("{column}={id}");
    if let Err(e) = state.panes.get_mut(child).set_filter(&filter, &ctx) {
        state.notice = Some(e);
        return (true, vec![]);
    }
    switch_to(state, child);
    state.panes.get_mut(child).move_to(0);
    (true, vec![])
}

/// From a WorkSpace (on the WorkSpaces or connection pane) up to its bundle or directory:
/// that pane, filtered to it (`id=wsb-…`); Esc comes back.
fn go_to_parent(state: &mut State, parent: PaneKind) -> Outcome {
    let Some(id) = state.pane().selected_id() else {
        return (false, vec![]);
    };
    let Some(w) = state.panes.workspaces.table.get(&id) else {
        state.notice = Some(format!("{id} is not loaded yet"));
        return (true, vec![]);
    };
    let target = match parent {
        PaneKind::Bundles => w.bundle_id.clone(),
        _ => w.directory_id.clone(),
    };
    let ctx = ctx_of(&state.joined, state.now, state.idle_days);
    if let Err(e) = state
        .panes
        .get_mut(parent)
        .set_filter(&format!("id={target}"), &ctx)
    {
        state.notice = Some(e);
        return (true, vec![]);
    }
    switch_to(state, parent);
    state.panes.get_mut(parent).move_to(0);
    if state.pane().view_len() == 0 {
        state.notice = Some(format!("{target} is not listed here (yet)"));
    }
    (true, vec![])
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
