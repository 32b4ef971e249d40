//! Tags in bulk on one resource (`Action::SetTags`): CreateTags with the keys to add or
//! change, then DeleteTags with the keys to remove, each sent only when it has something to
//! send. Both take one ResourceId, so a batch is one resource.
//!
//! One outcome per resource, whatever the two calls did:
//! - both answered OK (or the only one did): Succeeded;
//! - CreateTags refused: Failed, and DeleteTags is not sent (nothing changed);
//! - CreateTags throttled or not sent: the queue's usual resend (nothing was applied);
//! - CreateTags without a clear answer: Unknown ("may or may not have been added; removal not
//!   sent"), never resent;
//! - CreateTags applied and DeleteTags refused, throttled or not sent: Failed, the message
//!   beginning "tags added; removal …" (the additions stand, the removals did not happen);
//! - CreateTags applied and DeleteTags without a clear answer: Unknown, "tags added; removal
//!   may or may not have been applied".
//!
//! The second call waits for its own urgent slot of the rate budget, as every call does.

use super::{build_error, settle};
use crate::domain::{Action, ErrorKind, Outcome, ResourceResult, ServiceError};
use crate::service::sdk_call::send_once;
use crate::service::WorkspacesService;
use aws_sdk_workspaces::types::Tag;

impl WorkspacesService {
    pub(super) async fn tag_action(
        &self,
        action: &Action,
        ids: &[String],
    ) -> Result<Vec<ResourceResult>, ServiceError> {
        let Some(edit) = action.tag_edit() else {
            return Err(super::not_handled_here(action));
        };
        let id = &ids[0];
        let both = !edit.add.is_empty() && !edit.remove.is_empty();
        if !edit.add.is_empty() {
            if let Err(e) = self.create_tags(id, &edit.add).await {
                return match e.kind {
                    ErrorKind::Retryable if both => Ok(one(
                        id,
                        Outcome::Unknown {
                            code: e.code,
                            message: format!(
                                "tags may or may not have been added; removal not sent: {}",
                                e.message
                            ),
                        },
                    )),
                    _ => settle(ids, e),
                };
            }
        }
        if !edit.remove.is_empty() {
            if both {
                // CreateTags took the first slot; DeleteTags is a call of its own.
                self.budget.acquire_urgent().await;
            }
            let c = &self.client;
            let deleted = send_once!(c
                .delete_tags()
                .resource_id(id)
                .set_tag_keys(Some(edit.remove.clone())));
            if let Err(e) = deleted {
                if !both {
                    return settle(ids, e);
                }
                if e.kind == ErrorKind::Throttled {
                    self.budget.throttled();
                }
                return Ok(one(id, after_added(e)));
            }
        }
        Ok(one(id, Outcome::succeeded()))
    }

    async fn create_tags(&self, id: &str, add: &[(String, String)]) -> Result<(), ServiceError> {
        let tags = add
            .iter()
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect::<Result<Vec<_>, _>>()
            .map_err(build_error)?;
        let c = &self.client;
        send_once!(c.create_tags().resource_id(id).set_tags(Some(tags)))?;
        Ok(())
    }
}

/// DeleteTags failed after CreateTags was applied: the outcome says both.
fn after_added(e: ServiceError) -> Outcome {
    let (code, msg) = (e.code, e.message);
    match e.kind {
        ErrorKind::Retryable => Outcome::Unknown {
            code,
            message: format!("tags added; removal may or may not have been applied: {msg}"),
        },
        ErrorKind::Throttled | ErrorKind::NotSent => Outcome::Failed {
            code,
            message: format!("tags added; removal not applied (send it again): {msg}"),
        },
        _ => Outcome::Failed {
            code,
            message: format!("tags added; removal refused: {msg}"),
        },
    }
}

fn one(id: &str, outcome: Outcome) -> Vec<ResourceResult> {
    vec![ResourceResult {
        id: id.to_string(),
        outcome,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removal_that_fails_after_the_additions_says_both() {
        let e = |kind| ServiceError::new(kind, "X", "m");
        let Outcome::Unknown { message, .. } = after_added(e(ErrorKind::Retryable)) else {
            panic!("a lost answer is unknown");
        };
        assert!(message.starts_with("tags added; removal may or may not"));
        for kind in [
            ErrorKind::Throttled,
            ErrorKind::NotSent,
            ErrorKind::InvalidInput,
        ] {
            let Outcome::Failed { message, .. } = after_added(e(kind)) else {
                panic!("{kind:?} is failed");
            };
            assert!(message.starts_with("tags added; removal "), "{message}");
        }
    }
}
