//! Throttling: a token bucket (rate 2/s, burst 5 by default) rejects bursts with
//! ThrottlingException (HTTP 400, the API's Common Errors); the SDK's standard retry
//! recovers; a throttled call changes nothing.

mod common;

use std::time::{Duration, Instant};

use aws_sdk_workspaces::config::retry::RetryConfig;
use common::*;
use wsfleet::sim::{SimConfig, ThrottleConfig};

fn throttled_config(rate: f64, burst: u32) -> SimConfig {
    SimConfig {
        throttle: Some(ThrottleConfig { rate, burst }),
        ..quiet_config(20)
    }
}

#[tokio::test]
async fn default_config_throttles_at_two_per_second_burst_five() {
    let cfg = SimConfig::default();
    let t = cfg.throttle.expect("throttling is on by default");
    assert_eq!(t.burst, 5);
    assert!((t.rate - 2.0).abs() < f64::EPSILON);
}

#[tokio::test]
async fn burst_past_five_is_throttled_without_retries() {
    let emu = start_with(throttled_config(2.0, 5)).await;
    let c = client(&emu); // retries disabled
    let t0 = Instant::now();
    let mut results = Vec::new();
    for _ in 0..10 {
        results.push(c.describe_workspaces().limit(5).send().await);
    }
    let elapsed = t0.elapsed().as_secs_f64();

    for (i, r) in results.iter().take(5).enumerate() {
        assert!(
            r.is_ok(),
            "call {} of the burst succeeds: {:?}",
            i + 1,
            r.as_ref().err().map(code_of)
        );
    }
    // Tokens refilled while the burst ran (2 per second) may let a few more through.
    let refilled = (elapsed * 2.0).floor() as usize;
    let mut throttled = 0;
    let mut extra_ok = 0;
    for r in results.into_iter().skip(5) {
        match r {
            Ok(_) => extra_ok += 1,
            Err(e) => {
                assert_eq!(code_of(&e), "ThrottlingException");
                assert_eq!(status_of(&e), Some(400));
                throttled += 1;
            }
        }
    }
    assert!(
        extra_ok <= refilled,
        "after the burst of 5, calls are throttled ({extra_ok} extra successes in {elapsed:.3}s)"
    );
    let stats = emu.stats();
    assert_eq!(stats.total_throttled(), throttled as u64);
    assert_eq!(
        stats.throttled.get("DescribeWorkspaces").copied(),
        Some(throttled as u64)
    );
    assert_eq!(stats.calls_to("DescribeWorkspaces"), (5 + extra_ok) as u64);
    emu.shutdown().await;
}

#[tokio::test]
async fn standard_retry_recovers_a_throttled_burst() {
    let emu = start_with(throttled_config(2.0, 5)).await;
    let retry = RetryConfig::standard()
        .with_max_attempts(20)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(1));
    let c = client_with_retry(&emu, retry);
    let calls = (0..10).map(|_| c.describe_workspaces().limit(5).send());
    let results = futures::future::join_all(calls).await;
    for r in &results {
        assert!(
            r.is_ok(),
            "retried call succeeds: {:?}",
            r.as_ref().err().map(code_of)
        );
    }
    let stats = emu.stats();
    assert_eq!(
        stats.calls_to("DescribeWorkspaces"),
        10,
        "each call accepted exactly once"
    );
    assert!(
        stats.total_throttled() > 0,
        "some attempts were throttled and retried"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn throttled_call_changes_nothing() {
    // Slow refill and long transitions, so an accepted reboot would still show REBOOTING.
    let emu = start_with(SimConfig {
        transition: Duration::from_secs(60),
        ..throttled_config(0.5, 2)
    })
    .await;
    let c = client(&emu);
    let page = c.describe_workspaces().limit(25).send().await.unwrap();
    let target = &pick(page.workspaces(), 1, "AVAILABLE", |w| {
        is_state(w, "AVAILABLE")
    })[0];

    // Drain the bucket with harmless reboots of an unknown ID (they only produce FailedRequests).
    let mut drained = false;
    for _ in 0..5 {
        let r = c
            .reboot_workspaces()
            .reboot_workspace_requests(reboot_req(UNKNOWN_WS))
            .send()
            .await;
        if let Err(e) = r {
            assert_eq!(code_of(&e), "ThrottlingException");
            drained = true;
            break;
        }
    }
    assert!(drained, "burst 2 is exhausted within 5 calls");

    let err = c
        .reboot_workspaces()
        .reboot_workspace_requests(reboot_req(target))
        .send()
        .await
        .expect_err("bucket is empty");
    assert_eq!(code_of(&err), "ThrottlingException");
    let accepted_reboots = emu.stats().calls_to("RebootWorkspaces");

    tokio::time::sleep(Duration::from_millis(2100)).await; // one token back
    assert_eq!(
        state_of(&c, target).await.as_deref(),
        Some("AVAILABLE"),
        "the throttled reboot did not act"
    );
    let stats = emu.stats();
    assert_eq!(stats.calls_to("RebootWorkspaces"), accepted_reboots);
    assert!(
        stats
            .throttled
            .get("RebootWorkspaces")
            .copied()
            .unwrap_or(0)
            >= 2
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn buckets_are_per_region_and_refill_at_the_rate() {
    let emu = start_with(throttled_config(2.0, 5)).await;
    let us = client_in(&emu, REGION);
    let eu = client_in(&emu, OTHER_REGION);
    let mut throttled = false;
    for _ in 0..8 {
        if let Err(e) = us.describe_account().send().await {
            assert_eq!(code_of(&e), "ThrottlingException");
            throttled = true;
        }
    }
    assert!(throttled, "us-east-1 is throttled after the burst");
    eu.describe_account()
        .send()
        .await
        .expect("eu-west-1 has its own bucket");

    // 2 tokens per second: after 600 ms one more call is allowed.
    tokio::time::sleep(Duration::from_millis(600)).await;
    us.describe_account()
        .send()
        .await
        .expect("a token was added after 0.5 s");
    emu.shutdown().await;
}

#[tokio::test]
async fn each_access_key_of_its_own_account_has_its_own_fleet_and_bucket() {
    // Ten accounts by access key, as the many-accounts benchmark sets them up.
    let mut cfg = throttled_config(1.0, 2);
    cfg.accounts = (0..10)
        .map(|i| (format!("AKIDBENCH{i:02}"), format!("1000000000{i:02}")))
        .collect();
    let emu = start_with(cfg).await;
    let opts = wsfleet::service::ClientOptions::default();
    let as_key =
        |akid: &str| wsfleet::service::demo_client_as(&emu.endpoint_url(), REGION, akid, &opts);
    let (a, b) = (as_key("AKIDBENCH00"), as_key("AKIDBENCH07"));
    let ids =
        |out: aws_sdk_workspaces::operation::describe_workspaces::DescribeWorkspacesOutput| {
            out.workspaces()
                .iter()
                .filter_map(|w| w.workspace_id().map(str::to_string))
                .collect::<Vec<_>>()
        };
    // A's burst of 2 is spent; its third call is throttled.
    let fleet_a = ids(a
        .describe_workspaces()
        .send()
        .await
        .expect("A's first call"));
    a.describe_account().send().await.expect("A's second call");
    let e = a
        .describe_account()
        .send()
        .await
        .expect_err("A's bucket is empty");
    assert_eq!(code_of(&e), "ThrottlingException");
    // B's bucket is its own and full, and its fleet is another.
    let fleet_b = ids(b
        .describe_workspaces()
        .send()
        .await
        .expect("B has its own bucket"));
    b.describe_account().send().await.expect("B's second call");
    assert_eq!((fleet_a.len(), fleet_b.len()), (20, 20));
    assert!(
        fleet_a.iter().all(|id| !fleet_b.contains(id)),
        "{fleet_a:?} {fleet_b:?}"
    );
    emu.shutdown().await;
}
