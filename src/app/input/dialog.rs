//! Keys in the dialogs: an action's form (its pick lists: `model::pick`) and its
//! confirmation.

use super::typing::type_into;
use crate::app::msg::{Command, Outcome};
use crate::app::state::{Overlay, State};
use crossterm::event::{KeyCode, KeyEvent};

pub fn on_form_key(state: &mut State, key: KeyEvent) -> Outcome {
    let Overlay::Form(form) = &mut state.overlay else {
        return (false, vec![]);
    };
    // A pick list has ↑ ↓ and the typing; Tab, Enter and Esc stay the form's.
    let form_key = matches!(
        key.code,
        KeyCode::Esc | KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab
    );
    if !form_key && form.pick_key(key) {
        form.error = None;
        return (true, vec![]);
    }
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
        KeyCode::Enter
            if matches!(
                form.kind,
                crate::app::model::dialog::FormKind::CreateWorkspaces { .. }
            ) =>
        {
            let Overlay::Form(form) = std::mem::take(&mut state.overlay) else {
                unreachable!()
            };
            return (true, crate::app::create::on_enter(state, form));
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

pub fn on_confirm_key(state: &mut State, key: KeyEvent) -> Outcome {
    let Overlay::Confirm(c) = &mut state.overlay else {
        return (false, vec![]);
    };
    match key.code {
        KeyCode::Esc => close_confirm(state),
        // Include the marked rows the filter hides: the dialog is planned again with them.
        // A resumed create: the users whose answer was lost and who have no WorkSpace yet.
        KeyCode::Char('+') if !c.offer.is_empty() => crate::app::create::resume::include(c),
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
                // The rows stay in view until they settle; marks stay unless the rows go.
                crate::app::act::acted::on_confirmed(state, &c);
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
                return (true, crate::app::create::resume::with_settled(&c, commands));
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

/// An error shown in full: any of these closes it; other keys are ignored so it is not lost
/// by accident.
pub fn on_error_key(state: &mut State, key: KeyEvent) -> Outcome {
    if matches!(
        key.code,
        KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('e')
    ) {
        state.overlay = Overlay::None;
        return (true, vec![]);
    }
    (false, vec![])
}
