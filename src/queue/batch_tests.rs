use super::*;
use crate::domain::{ErrorKind, ServiceError};
use crate::queue::control::{HaltSwitch, PausePolicy};
use futures::future::BoxFuture;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

type Reply = Box<dyn Fn(&[String]) -> Result<Vec<ResourceResult>, ServiceError> + Send>;

/// Answers each call with the next scripted reply; once the script is used up, every ID
/// succeeds. Records the IDs of every call. `hold`: calls never answer.
#[derive(Default)]
struct Fake {
    script: Mutex<VecDeque<Reply>>,
    sent: Mutex<Vec<Vec<String>>>,
    hold: bool,
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

    fn fail_times(mut self, n: usize, kind: ErrorKind, code: &'static str) -> Self {
        for _ in 0..n {
            self = self.fail(kind, code);
        }
        self
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
        if self.hold {
            return Box::pin(std::future::pending());
        }
        let reply = self.script.lock().unwrap().pop_front();
        let answer = match reply {
            Some(r) => r(ids),
            None => Ok(all(ids, &Outcome::succeeded())),
        };
        Box::pin(async move { answer })
    }
}

/// What the job would have seen: calls recorded, pauses, resumes.
#[derive(Default)]
struct Seen {
    before: Vec<u32>,
    unsent_again: usize,
    paused: Vec<String>,
    resumed: usize,
    /// `before_call` answers false (the job was halted while the audit log was paused).
    refuse: bool,
}

impl Hooks for Seen {
    fn before_call<'a>(&'a mut self, _ids: &'a [String], attempt: u32) -> BoxFuture<'a, bool> {
        self.before.push(attempt);
        let go = !self.refuse;
        Box::pin(async move { go })
    }
    fn unsent_again(&mut self, _ids: &[String]) {
        self.unsent_again += 1;
    }
    fn paused(&mut self, reason: String) {
        self.paused.push(reason);
    }
    fn resumed(&mut self) {
        self.resumed += 1;
    }
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("ws-{i:08}")).collect()
}

async fn send_with(
    fake: &Fake,
    action: Action,
    ids: &[String],
    retry: &RetryPolicy,
    halt: &HaltSwitch,
    seen: &mut Seen,
) -> Sent {
    let pause = PausePolicy::default();
    let mut sender = Sender {
        api: fake,
        action: &action,
        retry,
        pause: &pause,
        halt,
        not_sent_streak: 0,
    };
    sender.send(seen, ids).await
}

async fn send(fake: &Fake, action: Action, ids: &[String]) -> (Vec<ResourceResult>, u32) {
    let sent = send_with(
        fake,
        action,
        ids,
        &RetryPolicy::default(),
        &HaltSwitch::default(),
        &mut Seen::default(),
    )
    .await;
    match sent {
        Sent::Answered { results, calls, .. } => (results, calls),
        other => panic!("{other:?}"),
    }
}

fn failed(code: &str, message: &str) -> Outcome {
    Outcome::Failed {
        code: code.into(),
        message: message.into(),
    }
}

fn unknown(code: &str, message: &str) -> Outcome {
    Outcome::Unknown {
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
    let fake = Fake::default().fail_times(2, ErrorKind::Throttled, "ThrottlingException");
    let (results, calls) = send(&fake, Action::Reboot, &ids(1)).await;
    assert_eq!(calls, 3);
    assert_eq!(fake.calls(), 3);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].outcome, Outcome::succeeded());
}

#[tokio::test(start_paused = true)]
async fn a_503_is_resent() {
    let fake = Fake::default().fail(ErrorKind::Retryable, "ServiceUnavailableException");
    let (results, calls) = send(&fake, Action::Rebuild, &ids(1)).await;
    assert_eq!(
        (calls, results[0].outcome.clone()),
        (2, Outcome::succeeded())
    );
}

#[tokio::test(start_paused = true)]
async fn a_500_is_unknown_for_the_whole_batch_and_never_resent() {
    let fake = Fake::default().fail(ErrorKind::Retryable, "InternalFailure");
    let (results, calls) = send(&fake, Action::Reboot, &ids(25)).await;
    assert_eq!((calls, fake.calls()), (1, 1));
    assert_eq!(results.len(), 25);
    for res in &results {
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
        let (results, _) = send(&fake, Action::Stop, &ids(2)).await;
        assert_eq!(fake.calls(), 1, "{code}");
        assert_eq!(results[1].outcome, outcome);
    }
}

#[tokio::test(start_paused = true)]
async fn endless_throttling_gives_up_after_the_cap() {
    let fake = Fake::default().fail_times(20, ErrorKind::Throttled, "ThrottlingException");
    let t0 = tokio::time::Instant::now();
    let (results, calls) = send(&fake, Action::Reboot, &ids(3)).await;
    assert_eq!(calls, 8);
    assert_eq!(fake.calls(), 8);
    let Outcome::Failed { code, message } = &results[0].outcome else {
        panic!("{:?}", results[0]);
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
    let (results, _) = send(&fake, Action::Reboot, &sent).await;
    let got: Vec<_> = results.iter().map(|r| r.id.clone()).collect();
    assert_eq!(got, sent);
    assert_eq!(results[0].outcome, Outcome::succeeded());
    assert_eq!(
        results[1].outcome,
        failed("ResourceNotFound.Workspace", "gone")
    );
    // Answered, but not about this one: it may or may not have been acted on.
    assert!(matches!(&results[2].outcome, Outcome::Unknown { code, .. } if code == "NoResult"));
    assert_eq!(results[3].outcome.label(), "failed");
}

#[tokio::test(start_paused = true)]
async fn cancel_during_a_retry_wait_stops_resending() {
    let fake = Fake::default().fail_times(8, ErrorKind::Throttled, "ThrottlingException");
    let halt = HaltSwitch::default();
    let h2 = halt.clone();
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        h2.cancel();
    });
    let policy = RetryPolicy {
        base: std::time::Duration::from_secs(10),
        ..RetryPolicy::default()
    };
    let mut seen = Seen::default();
    let sent = send_with(&fake, Action::Reboot, &ids(2), &policy, &halt, &mut seen).await;
    // The only wait that can end in 1 ms is one of jitter 0; either way it was cut short.
    let Sent::Halted { calls } = sent else {
        panic!("{sent:?}")
    };
    assert!(calls <= 2, "{calls}");
    assert_eq!(seen.unsent_again as u32, calls, "throttled: unsent again");
}

#[tokio::test(start_paused = true)]
async fn not_sent_is_resent_without_limit_and_pauses_after_three_in_a_row() {
    let fake = Fake::default().fail_times(12, ErrorKind::NotSent, "EndpointUnreachable");
    let mut seen = Seen::default();
    let sent = send_with(
        &fake,
        Action::Reboot,
        &ids(25),
        &RetryPolicy::default(),
        &HaltSwitch::default(),
        &mut seen,
    )
    .await;
    let Sent::Answered { results, calls, .. } = sent else {
        panic!("{sent:?}")
    };
    // More than `max_tries` (8): a request that never left is never given up on.
    assert_eq!((calls, fake.calls()), (13, 13));
    assert!(results.iter().all(|r| r.outcome == Outcome::succeeded()));
    // Each call was recorded first; the twelve NotSent made the batch unsent again.
    assert_eq!(seen.before, (1..=13).collect::<Vec<u32>>());
    assert_eq!(seen.unsent_again, 12);
    // Paused from the third NotSent on (each probe says when the next is), resumed once.
    assert_eq!(seen.paused.len(), 10);
    assert!(
        seen.paused[0].starts_with("endpoint unreachable, retrying in 2 s"),
        "{}",
        seen.paused[0]
    );
    assert!(seen.paused[1].starts_with("endpoint unreachable, retrying in 4 s"));
    assert!(seen.paused[9].starts_with("endpoint unreachable, retrying in 60 s"));
    assert_eq!(seen.resumed, 1);
}

#[tokio::test(start_paused = true)]
async fn cancel_while_the_endpoint_is_unreachable_sends_nothing_more() {
    let fake = Fake::default().fail_times(100, ErrorKind::NotSent, "EndpointUnreachable");
    let halt = HaltSwitch::default();
    let h2 = halt.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        h2.cancel();
    });
    let mut seen = Seen::default();
    let sent = send_with(
        &fake,
        Action::Reboot,
        &ids(2),
        &RetryPolicy::default(),
        &halt,
        &mut seen,
    )
    .await;
    let Sent::Halted { calls } = sent else {
        panic!("{sent:?}")
    };
    assert_eq!(calls as usize, fake.calls());
    assert_eq!(seen.resumed, 0);
}

#[tokio::test(start_paused = true)]
async fn no_answer_before_the_deadline_is_unknown() {
    let fake = Fake {
        hold: true,
        ..Fake::default()
    };
    let halt = HaltSwitch::default();
    let h2 = halt.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(1)).await;
        h2.interrupt(tokio::time::Instant::now() + Duration::from_secs(5));
    });
    let t0 = tokio::time::Instant::now();
    let mut seen = Seen::default();
    let sent = send_with(
        &fake,
        Action::Reboot,
        &ids(3),
        &RetryPolicy::default(),
        &halt,
        &mut seen,
    )
    .await;
    assert_eq!(
        t0.elapsed(),
        Duration::from_secs(6),
        "held until the deadline"
    );
    let Sent::Answered {
        results,
        reached,
        gave_up,
        ..
    } = sent
    else {
        panic!("{sent:?}")
    };
    assert!(reached && gave_up);
    assert!(results
        .iter()
        .all(|r| matches!(&r.outcome, Outcome::Unknown { code, .. } if code == "Interrupted")));
}

#[tokio::test(start_paused = true)]
async fn a_call_the_job_could_not_record_is_not_sent() {
    let fake = Fake::default();
    let mut seen = Seen {
        refuse: true,
        ..Seen::default()
    };
    let sent = send_with(
        &fake,
        Action::Reboot,
        &ids(3),
        &RetryPolicy::default(),
        &HaltSwitch::default(),
        &mut seen,
    )
    .await;
    assert_eq!(sent, Sent::Halted { calls: 0 });
    assert_eq!(fake.calls(), 0);
}
