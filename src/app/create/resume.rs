//! Resuming a create job (issue 27, item 1). CreateWorkspaces is not idempotent, so before
//! anything is offered each user of the job was looked up by directory and user name
//! (`runtime::resume_create`). Users whose call's answer was lost (unknown) and who have a
//! WorkSpace now are recorded succeeded with its ID; those without one stay unknown and are
//! never sent unless `+` adds them to the confirmation, which then asks for typing. Users
//! never sent go through the ordinary confirmation of a new create (typed over
//! `confirm_typed_over`), skipped with the ID when they have a WorkSpace by now. The resumed
//! job records every user of the old one once: sent, skipped or settled.

use crate::app::model::dialog::{Confirm, Target};
use crate::app::msg::{Command, Resumable};
use crate::app::state::{Overlay, State};
use crate::domain::Outcome;
use crate::service::UnknownCreates;

/// The code of a user whose answer was lost and whom DescribeWorkspaces does not find.
pub const STILL_UNKNOWN: &str = "NotFoundAfterLostAnswer";

/// The confirmation of a resumed create; with nothing to send or offer, no dialog: the job
/// is submitted at once with what the lookups settled, and leaves the journal.
pub fn open(state: &mut State, r: Resumable, checked: UnknownCreates) -> Vec<Command> {
    let Resumable {
        job,
        targets,
        skipped,
        ..
    } = r;
    let profile = job.profile.clone().unwrap_or_else(|| state.context_name());
    let found = checked.found.len();
    let mut settled: Vec<(Target, Outcome)> = (checked.found.into_iter())
        .map(|(t, id)| (t, Outcome::Succeeded { result: Some(id) }))
        .collect();
    settled.extend(
        checked
            .not_found
            .iter()
            .map(|t| (t.clone(), still_unknown())),
    );
    if targets.is_empty() && checked.not_found.is_empty() {
        state.notice = Some(format!(
            "create resumed: nothing left to send; {found} users the lost answer left \
             unknown have a WorkSpace (recorded succeeded); the job leaves the journal"
        ));
        let submit = Command::Submit {
            action: job.action,
            profile,
            region: job.region,
            targets,
            skipped,
            campaign: None,
            resumes: Some(job.key),
        };
        return vec![Command::ResumeCreate {
            submit: Box::new(submit),
            settled,
        }];
    }
    let region_of = (targets.iter())
        .chain(skipped.iter().map(|(t, _)| t))
        .chain(settled.iter().map(|(t, _)| t))
        .map(|t| (t.id.clone(), job.region.clone()))
        .collect();
    let mut c = Confirm::across(job.action, region_of, targets, skipped, 0);
    c.region = job.region;
    c.profile = profile;
    c.resumes = Some(job.key);
    c.settled = settled;
    c.offer = checked.not_found;
    crate::app::act::actions::open_confirm(state, c);
    if let Overlay::Confirm(c) = &mut state.overlay {
        let lines = lines(found, c.offer.len());
        c.affects.splice(0..0, lines);
    }
    vec![]
}

fn still_unknown() -> Outcome {
    Outcome::Unknown {
        code: STILL_UNKNOWN.into(),
        message: "CreateWorkspaces' answer was lost and DescribeWorkspaces finds no WorkSpace \
                  for this user: not resent (it may still be on its way); create it again \
                  with N, or + when resuming"
            .into(),
    }
}

/// The resume dialog's lines about a create job (its head line given): every user is looked
/// up before anything is offered.
pub fn describe(head: String, job: &crate::queue::journal::UnfinishedJob) -> Vec<String> {
    let mut lines = vec![
        head,
        format!(
            "{} never sent: r looks each user up by directory and user, then opens the \
             confirmation for those without a WorkSpace",
            job.not_sent.len()
        ),
    ];
    let unknown = job.unknown.len() + job.in_flight.len();
    if unknown > 0 {
        lines.push(format!(
            "{unknown} may have been created (answer lost): looked up first; those with a \
             WorkSpace are recorded succeeded, the others never resent without + and typing"
        ));
    }
    lines
}

/// What the lookups found, first in the confirmation.
fn lines(found: usize, offered: usize) -> Vec<String> {
    let mut out = vec![];
    if found > 0 {
        out.push(format!(
            "{found} users whose answer was lost have a WorkSpace: recorded succeeded with \
             its ID, not sent"
        ));
    }
    if offered > 0 {
        out.push(format!(
            "{offered} users whose answer was lost have none yet: not sent again unless + \
             adds them (then typed)"
        ));
    }
    out
}

/// `+`: the users whose answer was lost and who have no WorkSpace are sent too, and the
/// confirmation asks for the count (or the verb) typed, whatever their number.
pub fn include(c: &mut Confirm) {
    let offer = std::mem::take(&mut c.offer);
    let region = c.region.clone();
    c.settled
        .retain(|(t, _)| !offer.iter().any(|o| o.id == t.id));
    for t in &offer {
        c.region_of.insert(t.id.clone(), region.clone());
    }
    let added = offer.len();
    c.targets.extend(offer);
    c.expected = None;
    c.require_typing();
    c.typed = Default::default();
    c.error = None;
    if let Some(line) = c
        .affects
        .iter_mut()
        .find(|l| l.contains("not sent again unless +"))
    {
        *line = format!(
            "{added} users whose answer was lost and who have none yet are sent again \
             (added with +)"
        );
    }
}

/// A confirmed resumed create carries its settled outcomes with its one job (a resumed job
/// is of one Region), even when it has nothing to send.
pub fn with_settled(c: &Confirm, mut commands: Vec<Command>) -> Vec<Command> {
    if c.settled.is_empty() {
        return commands;
    }
    let submit = commands.pop().unwrap_or_else(|| Command::Submit {
        action: c.action.clone(),
        profile: c.profile.clone(),
        region: c.region.clone(),
        targets: vec![],
        skipped: vec![],
        campaign: None,
        resumes: c.resumes.clone(),
    });
    vec![Command::ResumeCreate {
        submit: Box::new(submit),
        settled: c.settled.clone(),
    }]
}
