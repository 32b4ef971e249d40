//! What a batch's failure that is not sent again means for each resource of the batch.
//! Whether it is sent again, and when, is the throttle policy's (`domain::throttle`).

use crate::domain::throttle::certainly_not_applied;
use crate::domain::Outcome;
use crate::domain::{ErrorKind, ServiceError};

/// The outcome for every resource of a batch whose call failed and is not sent again.
/// A call that may have acted (500, timeout, dropped connection) is `Unknown`, never `Failed`.
pub fn failure_outcome(err: &ServiceError, tries: u32) -> Outcome {
    let text = if err.message.is_empty() {
        err.code.clone()
    } else {
        err.message.clone()
    };
    let (code, message) = (err.code.clone(), text);
    if certainly_not_applied(err) {
        // Out of tries; nothing was done, so the admin can simply try again later.
        let message = format!("not applied; gave up after {tries} tries: {message}");
        Outcome::Failed { code, message }
    } else if err.kind == ErrorKind::Retryable {
        // 500 InternalFailure, timeouts, connection drops: the service may have acted.
        let message = format!("may or may not have been applied: {message}");
        Outcome::Unknown { code, message }
    } else {
        Outcome::Failed { code, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(kind: ErrorKind, code: &str) -> ServiceError {
        ServiceError::new(kind, code, "boom")
    }

    #[test]
    fn failures_say_whether_the_service_may_have_acted() {
        let maybe = failure_outcome(&err(ErrorKind::Retryable, "InternalFailure"), 1);
        assert_eq!(
            maybe,
            Outcome::Unknown {
                code: "InternalFailure".into(),
                message: "may or may not have been applied: boom".into()
            }
        );
        let Outcome::Failed { message, .. } =
            failure_outcome(&err(ErrorKind::AccessDenied, "AccessDeniedException"), 1)
        else {
            panic!()
        };
        assert_eq!(message, "boom");
        let Outcome::Failed { message, .. } =
            failure_outcome(&err(ErrorKind::Throttled, "ThrottlingException"), 8)
        else {
            panic!()
        };
        assert!(message.starts_with("not applied; gave up after 8 tries"));
    }
}
