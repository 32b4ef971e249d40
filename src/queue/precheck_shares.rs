//! Unsharing an image from an account it is not shared with: skipped before anything is
//! sent, for the TUI's confirmation and `wsfleet do` alike. DeleteImagePermissions answers
//! ResourceNotFoundException for such an account ("not shared with account"), and
//! UpdateWorkspaceImagePermission with AllowCopyImage=false changes nothing, so sending either
//! only adds a failure (or a pointless call) to the job. Who an image is shared with is read
//! per image (DescribeWorkspaceImagePermissions, DescribeImagePermissions); an image whose
//! shares were not read is skipped too rather than sent on a guess.

use super::job::{Plan, Target};
use crate::domain::Action;

/// The account an unshare removes, if `action` is one.
fn unshared_account(action: &Action) -> Option<&str> {
    match action {
        Action::UnshareImage { account_id } | Action::UnshareAppImage { account_id } => {
            Some(account_id)
        }
        _ => None,
    }
}

/// Why `target` is not unshared from `account`, given the accounts it is shared with (None:
/// not read).
pub fn check_unshare(account: &str, shares: Option<&[String]>) -> Result<(), String> {
    match shares {
        Some(accounts) if accounts.iter().any(|a| a == account) => Ok(()),
        Some(_) => Err(format!("not shared with {account}: nothing to unshare")),
        None => Err(format!(
            "not known whether it is shared with {account} (its shares were not read): \
             nothing sent"
        )),
    }
}

/// `plan` for `action` with the targets an unshare cannot apply to moved to the skipped,
/// each with its reason; any other action's plan is returned as it is. `shares` gives an
/// image's accounts by its ID (a WorkSpaces image ID, or an Applications image ARN).
pub fn skip_not_shared<'a>(
    action: &Action,
    mut plan: Plan,
    shares: impl Fn(&str) -> Option<&'a [String]>,
) -> Plan {
    let Some(account) = unshared_account(action) else {
        return plan;
    };
    let (send, skip): (Vec<Target>, Vec<Target>) = std::mem::take(&mut plan.to_send)
        .into_iter()
        .partition(|t| check_unshare(account, shares(t.id.as_str())).is_ok());
    plan.to_send = send;
    for t in skip {
        let why = check_unshare(account, shares(t.id.as_str())).unwrap_err();
        plan.skipped.push((t, why));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn plan_of(ids: &[&str]) -> Plan {
        Plan {
            to_send: ids.iter().map(|i| Target::new(*i, "")).collect(),
            skipped: vec![],
        }
    }

    #[test]
    fn only_images_shared_with_the_account_are_unshared() {
        let a = "111122223333".to_string();
        let shares: HashMap<&str, Vec<String>> = [
            ("wsi-shared", vec![a.clone(), "444455556666".into()]),
            ("wsi-other", vec!["444455556666".into()]),
            ("wsi-none", vec![]),
        ]
        .into_iter()
        .collect();
        let action = Action::UnshareImage { account_id: a };
        let plan = skip_not_shared(
            &action,
            plan_of(&["wsi-shared", "wsi-other", "wsi-none", "wsi-unread"]),
            |id| shares.get(id).map(Vec::as_slice),
        );
        let sent: Vec<&str> = plan.to_send.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(sent, ["wsi-shared"]);
        let skipped: Vec<(&str, &str)> = plan
            .skipped
            .iter()
            .map(|(t, why)| (t.id.as_str(), why.as_str()))
            .collect();
        assert_eq!(
            skipped[..2],
            [
                (
                    "wsi-other",
                    "not shared with 111122223333: nothing to unshare"
                ),
                (
                    "wsi-none",
                    "not shared with 111122223333: nothing to unshare"
                ),
            ]
        );
        assert_eq!(skipped[2].0, "wsi-unread");
        assert!(skipped[2].1.contains("shares were not read"), "{skipped:?}");
    }

    #[test]
    fn other_actions_are_left_alone() {
        let plan = skip_not_shared(&Action::DeleteImage, plan_of(&["wsi-x"]), |_| None);
        assert_eq!(plan.to_send.len(), 1);
        let app = Action::UnshareAppImage {
            account_id: "111122223333".into(),
        };
        let none: &[String] = &[];
        let plan = skip_not_shared(&app, plan_of(&["arn:x"]), |_| Some(none));
        assert!(plan.to_send.is_empty());
        assert_eq!(plan.skipped.len(), 1);
    }
}
