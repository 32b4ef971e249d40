//! Dialogs in front of every mutating action: a form for the action's parameters (checked
//! before anything is sent) and a confirmation that says what will happen. Cancel is the
//! default; destructive actions need the count (or a word) typed.

use crate::domain::Action;

pub use super::form::*;
use tui_input::Input;

pub use crate::queue::Target;

/// The confirmation of one action on its targets.
#[derive(Debug)]
pub struct Confirm {
    pub action: Action,
    /// The account context the action was confirmed in; its jobs run there.
    pub profile: String,
    /// Where the targets are: one Region, or "N Regions: a, b".
    pub region: String,
    /// Each target's Region: the queue gets one job per Region.
    pub region_of: std::collections::HashMap<String, String>,
    /// Resources that will be sent.
    pub targets: Vec<Target>,
    /// Resources whose state does not allow the action: (id, reason). Never sent.
    pub skipped: Vec<(Target, String)>,
    /// Marked resources the current filter hides. Not included unless `include_hidden`
    /// (what you see is what you act on; `+` in the dialog includes them).
    pub hidden_marked: usize,
    /// Whether the hidden marked resources are among `targets`.
    pub include_hidden: bool,
    /// Who and what the action affects beyond the count (connected users, sessions in use),
    /// one line each, shown in the error colour.
    pub affects: Vec<String>,
    /// How many of the first `affects` lines say which snapshot a restore goes back to
    /// (`restore_note`), so they can be rewritten when DescribeWorkspaceSnapshots answers.
    pub snapshot_lines: usize,
    /// How many of the last `affects` lines come from `affects::affects` (who is connected),
    /// so they can be brought up to date as connection status arrives.
    pub joined_lines: usize,
    /// A step of an image update campaign: confirming it moves the campaign on
    /// (`campaign::on_confirmed`) instead of submitting the targets as one job.
    pub campaign: Option<crate::queue::campaign::CampaignTag>,
    /// The journal key of the unfinished job this confirmation resumes: confirmed, its job
    /// replaces that entry; cancelled, the entry stays for the next start.
    pub resumes: Option<String>,
    /// What must be typed to confirm (destructive, disruptive or large actions).
    pub expected: Option<String>,
    pub typed: Input,
    /// Whether the OK button has the focus (Cancel has it by default).
    pub ok_focused: bool,
    pub error: Option<String>,
    /// A resumed create's outcomes known without a call (`create::resume`): recorded with
    /// the job, never sent.
    pub settled: Vec<(Target, crate::domain::Outcome)>,
    /// A resumed create's users whose answer was lost and who have no WorkSpace yet: not
    /// sent unless `+` adds them, which then asks for typing.
    pub offer: Vec<Target>,
}

impl Confirm {
    /// A confirmation for targets in one or more Regions (`region_of` gives each one's).
    pub fn across(
        action: Action,
        region_of: std::collections::HashMap<String, String>,
        targets: Vec<Target>,
        skipped: Vec<(Target, String)>,
        hidden_marked: usize,
    ) -> Self {
        let mut regions: Vec<&String> = targets
            .iter()
            .filter_map(|t| region_of.get(&t.id))
            .collect();
        regions.sort();
        regions.dedup();
        let region = match regions.as_slice() {
            [] => String::new(),
            [one] => one.to_string(),
            many => format!(
                "{} Regions: {}",
                many.len(),
                many.iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let expected = action
            .is_destructive()
            .then(|| typed_text(&action, targets.len()));
        Self {
            action,
            profile: String::new(),
            region,
            region_of,
            targets,
            skipped,
            hidden_marked,
            include_hidden: false,
            affects: vec![],
            snapshot_lines: 0,
            joined_lines: 0,
            campaign: None,
            resumes: None,
            expected,
            typed: Input::default(),
            ok_focused: false,
            error: None,
            settled: vec![],
            offer: vec![],
        }
    }

    /// Make the user type to confirm (the count, or the verb for one resource), whatever
    /// the action: its targets include connected users, or there are many of them.
    pub fn require_typing(&mut self) {
        if self.expected.is_none() {
            self.expected = Some(typed_text(&self.action, self.targets.len()));
        }
    }

    /// The targets and skipped resources split by Region, one job each, in Region order.
    #[allow(clippy::type_complexity)]
    pub fn by_region(&self) -> Vec<(String, Vec<Target>, Vec<(Target, String)>)> {
        let mut out: std::collections::BTreeMap<String, (Vec<Target>, Vec<(Target, String)>)> =
            Default::default();
        let region = |id: &str| self.region_of.get(id).cloned().unwrap_or_default();
        for t in &self.targets {
            out.entry(region(&t.id)).or_default().0.push(t.clone());
        }
        for (t, why) in &self.skipped {
            out.entry(region(&t.id))
                .or_default()
                .1
                .push((t.clone(), why.clone()));
        }
        out.into_iter().map(|(r, (t, s))| (r, t, s)).collect()
    }

    /// Reasons for skipping, grouped with their counts, most common first.
    pub fn skip_summary(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = vec![];
        for (_, reason) in &self.skipped {
            match counts.iter_mut().find(|(r, _)| r == reason) {
                Some((_, n)) => *n += 1,
                None => counts.push((reason.clone(), 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts
    }

    /// Whether Enter now confirms: OK focused and, for destructive actions, the right text.
    pub fn try_confirm(&mut self) -> bool {
        // A resumed create with nothing to send still records what its lookups settled.
        if self.targets.is_empty() && self.settled.is_empty() {
            self.error = Some("nothing to send: every resource would be skipped".into());
            return false;
        }
        if let Some(expected) = &self.expected {
            if self.typed.value().trim() != expected {
                self.error = Some(format!("type {expected} to confirm"));
                return false;
            }
            return true;
        }
        self.ok_focused
    }
}

/// Typing the count proves the size was read; for one resource, the action's verb.
fn typed_text(action: &Action, count: usize) -> String {
    if count == 1 {
        action
            .name()
            .split_whitespace()
            .next()
            .unwrap_or("yes")
            .to_string()
    } else {
        count.to_string()
    }
}

/// What is known of one WorkSpace's restore point (the restore confirmation's note:
/// `act::restore_note`).
#[derive(Debug, Clone, PartialEq)]
pub enum SnapshotNote {
    Loading,
    Known(crate::domain::WorkspaceSnapshots),
    Failed(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A confirmation for targets all in one Region.
    fn one_region(
        action: Action,
        region: String,
        targets: Vec<Target>,
        skipped: Vec<(Target, String)>,
        hidden_marked: usize,
    ) -> Confirm {
        let region_of = targets
            .iter()
            .chain(skipped.iter().map(|(t, _)| t))
            .map(|t| (t.id.clone(), region.clone()))
            .collect();
        Confirm::across(action, region_of, targets, skipped, hidden_marked)
    }

    fn t(id: &str) -> Target {
        Target {
            id: id.into(),
            label: String::new(),
        }
    }

    #[test]
    fn cancel_is_the_default() {
        let mut c = one_region(
            Action::Reboot,
            "us-east-1".into(),
            vec![t("ws-1")],
            vec![],
            0,
        );
        assert!(!c.try_confirm());
        c.ok_focused = true;
        assert!(c.try_confirm());
    }

    #[test]
    fn destructive_actions_need_the_count_typed() {
        let targets = vec![t("ws-1"), t("ws-2"), t("ws-3")];
        let mut c = one_region(Action::Terminate, "us-east-1".into(), targets, vec![], 0);
        c.ok_focused = true;
        assert!(!c.try_confirm());
        assert_eq!(c.error.as_deref(), Some("type 3 to confirm"));
        c.typed = Input::new("3".into());
        assert!(c.try_confirm());
        let mut one = one_region(
            Action::Rebuild,
            "us-east-1".into(),
            vec![t("ws-1")],
            vec![],
            0,
        );
        one.typed = Input::new("rebuild".into());
        assert!(one.try_confirm());
    }

    #[test]
    fn nothing_to_send_cannot_be_confirmed() {
        let skipped = vec![(t("ws-1"), "STOPPED: reboot needs AVAILABLE".to_string())];
        let mut c = one_region(Action::Reboot, "us-east-1".into(), vec![], skipped, 0);
        c.ok_focused = true;
        assert!(!c.try_confirm());
        assert_eq!(
            c.skip_summary(),
            vec![("STOPPED: reboot needs AVAILABLE".to_string(), 1)]
        );
    }
}
