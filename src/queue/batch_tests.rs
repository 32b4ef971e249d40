use super::*;
use crate::domain::{ErrorKind, ServiceError};
use futures::future::BoxFuture;
use std::collections::VecDeque;
use std::sync::Mutex;

type Reply = Box<dyn Fn(&[String]) -> Result<Vec<ResourceResult>, ServiceError> + Send>;

/// Answers each call with the next scripted reply; once the script is used up, every ID
/// succeeds. Records the IDs of every call.
#[derive(Default)]
struct Fake {
    script: Mutex<VecDeque<Reply>>,
    sent: Mutex<Vec<Vec<String>>>,
}

impl Fake {
    fn then(
        self,
        reply: impl Fn(&[String]) -> Result<Vec<ResourceResult>, ServiceError> + Send + 'static,
    ) -> Self {
        self.script.lock().unwrap().push_back(Box::new(reply));
        self
    }

    fn fail(self, kind: ErrorKind, code: &'static str) -> Self {
        self.then(move |_| Err(ServiceError::new(kind, code, "boom")))
    }

    fn calls(&self) -> usize {
        self.sent.lock().unwrap().len()
    }
}

impl ActionApi for Fake {
    fn execute<'a>(
        &'a self,
        _action: &'a Action,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ResourceResult>, ServiceError>> {
        self.sent.lock().unwrap().push(ids.to_vec());
        let reply = self.script.lock().unwrap().pop_front();
        let answer = match reply {
            Some(r) => r(ids),
            None => Ok(all(ids, &Outcome::succeeded())),
        };
        Box::pin(async move { answer })
    }
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("ws-{i:08}")).collect()
}

async fn send(fake: &Fake, action: Action, ids: &[String]) -> BatchReport {
    send_batch(
        fake,
        &action,
        ids,
        &RetryPolicy::default(),
        &CancelFlag::default(),
    )
    .await
}

fn unknown(code: &str, message: &str) -> Outcome {
    Outcome::Unknown {
        code: code.into(),
        message: message.into(),
    }
}

fn failed(code: &str, message: &str) -> Outcome {
    Outcome::Failed {
        code: code.into(),
        message: message.into(),
    }
}

#[test]
fn batches_follow_the_operation_limits() {
    let thousand = ids(1000);
    let b = batches(&Action::Reboot, &thousand);
    assert_eq!(b.len(), 40);
    assert!(b.iter().all(|b| b.len() == 25));
    let fifty = ids(50);
    assert_eq!(batches(&Action::Rebuild, &fifty).len(), 50);
    assert_eq!(batches(&Action::Restore, &ids(3)).len(), 3);
    assert_eq!(batches(&Action::Stop, &ids(26)).len(), 2);
    assert!(batches(&Action::Start, &[]).is_empty());
}

#[tokio::test(start_paused = true)]
async fn throttled_twice_then_succeeds_in_three_calls() {
    let fake = Fake::default()
        .fail(ErrorKind::Throttled, "ThrottlingException")
        .fail(ErrorKind::Throttled, "ThrottlingException");
    let r = send(&fake, Action::Reboot, &ids(1)).await;
    assert_eq!(r.calls, 3);
    assert_eq!(fake.calls(), 3);
    assert_eq!(r.results.len(), 1);
    assert_eq!(r.results[0].outcome, Outcome::succeeded());
}

#[tokio::test(start_paused = true)]
async fn a_503_is_resent() {
    let fake = Fake::default().fail(ErrorKind::Retryable, "ServiceUnavailableException");
    let r = send(&fake, Action::Rebuild, &ids(1)).await;
    assert_eq!(
        (r.calls, r.results[0].outcome.clone()),
        (2, Outcome::succeeded())
    );
}

#[tokio::test(start_paused = true)]
async fn a_500_is_unknown_for_the_whole_batch_and_is_not_resent() {
    let fake = Fake::default().fail(ErrorKind::Retryable, "InternalFailure");
    let r = send(&fake, Action::Reboot, &ids(25)).await;
    assert_eq!((r.calls, fake.calls()), (1, 1));
    assert_eq!(r.results.len(), 25);
    for res in &r.results {
        assert_eq!(
            res.outcome,
            unknown("InternalFailure", "may or may not have been applied: boom")
        );
    }
}

#[tokio::test(start_paused = true)]
async fn timeouts_and_refusals_are_not_resent() {
    let maybe = "may or may not have been applied: boom";
    for (kind, code, outcome) in [
        (ErrorKind::Retryable, "Timeout", unknown("Timeout", maybe)),
        (
            ErrorKind::Retryable,
            "ConnectionFailed",
            unknown("ConnectionFailed", maybe),
        ),
        (
            ErrorKind::AccessDenied,
            "AccessDeniedException",
            failed("AccessDeniedException", "boom"),
        ),
        (
            ErrorKind::Other,
            "ResourceNotFoundException",
            failed("ResourceNotFoundException", "boom"),
        ),
    ] {
        let fake = Fake::default().fail(kind, code);
        let r = send(&fake, Action::Stop, &ids(2)).await;
        assert_eq!(fake.calls(), 1, "{code}");
        assert_eq!(r.results[1].outcome, outcome);
    }
}

#[tokio::test(start_paused = true)]
async fn endless_throttling_gives_up_after_the_cap() {
    let mut fake = Fake::default();
    for _ in 0..20 {
        fake = fake.fail(ErrorKind::Throttled, "ThrottlingException");
    }
    let t0 = tokio::time::Instant::now();
    let r = send(&fake, Action::Reboot, &ids(3)).await;
    assert_eq!(r.calls, 8);
    assert_eq!(fake.calls(), 8);
    let Outcome::Failed { code, message } = &r.results[0].outcome else {
        panic!("{:?}", r.results[0]);
    };
    assert_eq!(code, "ThrottlingException");
    assert!(message.contains("gave up after 8 tries"), "{message}");
    // Seven waits, none longer than its ceiling: at most 0.5+1+2+4+8+16+20 s.
    assert!(t0.elapsed() <= std::time::Duration::from_millis(51_500));
}

#[tokio::test]
async fn failed_requests_land_on_the_right_ids_and_every_id_gets_one_result() {
    let sent = ids(4);
    let fake = Fake::default().then(|ids| {
        Ok(vec![
            // Out of order, one unknown ID, ids[2] missing, ids[3] twice.
            ResourceResult {
                id: ids[3].clone(),
                outcome: failed("InvalidResourceState.Workspace", "is STOPPED"),
            },
            ResourceResult {
                id: "ws-stranger".into(),
                outcome: Outcome::succeeded(),
            },
            ResourceResult {
                id: ids[0].clone(),
                outcome: Outcome::succeeded(),
            },
            ResourceResult {
                id: ids[1].clone(),
                outcome: failed("ResourceNotFound.Workspace", "gone"),
            },
            ResourceResult {
                id: ids[3].clone(),
                outcome: Outcome::succeeded(),
            },
        ])
    });
    let r = send(&fake, Action::Reboot, &sent).await;
    let got: Vec<_> = r.results.iter().map(|r| r.id.clone()).collect();
    assert_eq!(got, sent);
    assert_eq!(r.results[0].outcome, Outcome::succeeded());
    assert_eq!(
        r.results[1].outcome,
        failed("ResourceNotFound.Workspace", "gone")
    );
    assert!(matches!(&r.results[2].outcome, Outcome::Unknown { code, .. } if code == "NoResult"));
    assert_eq!(r.results[3].outcome.label(), "failed");
}

#[tokio::test(start_paused = true)]
async fn cancel_during_a_retry_wait_stops_resending() {
    let mut fake = Fake::default();
    for _ in 0..8 {
        fake = fake.fail(ErrorKind::Throttled, "ThrottlingException");
    }
    let cancel = CancelFlag::default();
    let c2 = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        c2.cancel();
    });
    let policy = RetryPolicy {
        base: std::time::Duration::from_secs(10),
        ..RetryPolicy::default()
    };
    let r = send_batch(&fake, &Action::Reboot, &ids(2), &policy, &cancel).await;
    // The only wait that can end in 1 ms is one of jitter 0; either way it was cut short.
    assert!(r.calls <= 2, "{}", r.calls);
    assert!(r
        .results
        .iter()
        .all(|r| r.outcome == Outcome::cancelled(CANCELLED)));
}
