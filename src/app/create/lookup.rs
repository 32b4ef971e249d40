//! The create form's precheck for users the table cannot vouch for (issue 27, item 1): a
//! user already with a WorkSpace in the directory is skipped with its ID. The table knows
//! that for a directory whose Region's WorkSpaces were swept in full in this session (a
//! sweep that finished without error, not the warm-start cache); any other user not in the
//! table is looked up with DescribeWorkspaces by DirectoryId and UserName, in the
//! background, with the calls a running job leaves. The form says "looking up N users" and
//! the confirmation opens only once every answer is in. A failed lookup opens nothing: the
//! form says which user and why, and Enter asks again (answers already in are kept while the
//! form is open).

use crate::app::model::dialog::{Form, FormKind};
use crate::app::msg::{Command, Outcome};
use crate::app::state::{Overlay, State};
use crate::domain::{split_target_id, target_id, ServiceError};

/// Whether the table knows every WorkSpace of `region` (a place): a WorkSpaces sweep of it
/// finished in this session and the last one did not fail. A user of such a directory who is
/// not in the table has no WorkSpace there (as of that sweep; one made since is refused by
/// the service with ResourceExists.Workspace, never created twice).
pub fn swept(state: &State, region: &str) -> bool {
    (state.panes.workspaces.regions.get(region))
        .is_some_and(|s| s.last_ok.is_some() && s.cached_at.is_none() && s.error.is_none())
}

/// Start a round for `need` (each `(region, directory, user)`): one command per Region.
pub fn ask(state: &mut State, need: Vec<(String, String, String)>) -> Vec<Command> {
    let l = &mut state.create_lookups;
    l.round += 1;
    l.asked = need.len();
    l.waiting = need.iter().map(|(_, d, u)| target_id(d, u)).collect();
    let mut by_region: std::collections::BTreeMap<String, Vec<(String, String)>> =
        Default::default();
    for (region, dir, user) in need {
        by_region.entry(region).or_default().push((dir, user));
    }
    let round = l.round;
    by_region
        .into_iter()
        .map(|(region, users)| Command::LookupCreateUsers {
            region,
            round,
            users,
        })
        .collect()
}

/// One answer: kept; a failure ends the round with the form saying why; the last answer
/// runs the form's Enter again, which now opens the confirmation.
pub fn on_answer(
    state: &mut State,
    round: u64,
    target: String,
    result: Result<Option<String>, ServiceError>,
) -> Outcome {
    let l = &mut state.create_lookups;
    if round != l.round || !l.waiting.remove(&target) {
        return (false, vec![]);
    }
    let open = matches!(&state.overlay, Overlay::Form(f)
        if matches!(f.kind, FormKind::CreateWorkspaces { .. }));
    if !open {
        l.waiting.clear();
        return (false, vec![]);
    }
    match result {
        Err(e) => {
            l.waiting.clear();
            // Answers still coming for this round are not waited for.
            l.round += 1;
            let (dir, user) = split_target_id(&target).unwrap_or(("", &target));
            set_error(
                state,
                format!(
                    "lookup of {user} in {dir} failed ({}: {}): whether they have a \
                     WorkSpace is not known, so nothing is offered; Enter looks up again",
                    e.code, e.message
                ),
            );
            (true, vec![])
        }
        Ok(found) => {
            l.answers.insert(target, found);
            if !l.waiting.is_empty() {
                let progress = l.progress();
                set_error(state, progress);
                return (true, vec![]);
            }
            let Overlay::Form(form) = std::mem::take(&mut state.overlay) else {
                unreachable!()
            };
            (true, super::on_enter(state, form))
        }
    }
}

fn set_error(state: &mut State, text: String) {
    if let Overlay::Form(f) = &mut state.overlay {
        f.error = Some(text);
    }
}

/// The form stays open while its users are looked up.
pub fn keep_open(state: &mut State, mut form: Form) {
    form.error = Some(state.create_lookups.progress());
    state.overlay = Overlay::Form(form);
}
