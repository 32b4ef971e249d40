//! WorkSpaces Pools and their sessions.
//! Operations: DescribeWorkspacesPools, DescribeWorkspacesPoolSessions, StartWorkspacesPool,
//! StopWorkspacesPool, UpdateWorkspacesPool, TerminateWorkspacesPoolSession; the
//! `WorkspacesPool` and `WorkspacesPoolSession` shapes.

mod common;

use std::time::Instant;

use aws_sdk_workspaces::types::{Capacity, WorkspacesPool};
use aws_sdk_workspaces::Client;
use common::*;
use regex::Regex;

fn pool_state(p: &WorkspacesPool) -> String {
    p.state().as_str().to_string()
}

/// Records each distinct consecutive pool state until `fin` is reached.
async fn watch_pool(c: &Client, id: &str, fin: &str) -> Vec<String> {
    let deadline = Instant::now() + SETTLE;
    let mut seen: Vec<String> = Vec::new();
    loop {
        let s = pool_state(&describe_pool(c, id).await);
        if seen.last() != Some(&s) {
            seen.push(s.clone());
        }
        if s == fin {
            return seen;
        }
        assert!(
            Instant::now() < deadline,
            "pool {id} never reached {fin}; states seen: {seen:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn pools_have_required_members() {
    let emu = start(20).await;
    let c = client(&emu);
    let pools = all_pools(&c).await;
    assert_eq!(pools.len(), 2, "2 pools in the fleet");
    let id_re = Regex::new(r"^wspool-[0-9a-z]{9}$").unwrap();
    for p in &pools {
        assert!(
            id_re.is_match(p.pool_id()),
            "{} matches ^wspool-[0-9a-z]{{9}}$",
            p.pool_id()
        );
        assert!(
            p.pool_arn().starts_with("arn:aws"),
            "PoolArn {}",
            p.pool_arn()
        );
        assert!(!p.pool_name().is_empty(), "PoolName");
        assert!(p.bundle_id().starts_with("wsb-"), "BundleId");
        assert!(!p.directory_id().is_empty(), "DirectoryId");
        assert!(p.created_at().secs() > 0, "CreatedAt");
        let cap = p.capacity_status().expect("CapacityStatus");
        // `CapacityStatus`: ActualUserSessions = AvailableUserSessions + ActiveUserSessions
        assert_eq!(
            cap.actual_user_sessions(),
            cap.available_user_sessions() + cap.active_user_sessions(),
            "{}: capacity arithmetic",
            p.pool_id()
        );
        assert!(matches!(
            p.running_mode().as_str(),
            "AUTO_STOP" | "ALWAYS_ON"
        ));
    }
    let one = pools[1].pool_id();
    let out = c
        .describe_workspaces_pools()
        .pool_ids(one)
        .send()
        .await
        .unwrap();
    assert_eq!(out.workspaces_pools().len(), 1);
    assert_eq!(out.workspaces_pools()[0].pool_id(), one);
    emu.shutdown().await;
}

#[tokio::test]
async fn auto_stop_pool_stops_and_starts() {
    let emu = start(20).await;
    let c = client(&emu);
    let pools = all_pools(&c).await;
    let pool = pools
        .iter()
        .find(|p| p.running_mode().as_str() == "AUTO_STOP")
        .expect("an AUTO_STOP pool (StartWorkspacesPool: only AutoStop pools start/stop)");
    let id = pool.pool_id().to_string();

    if pool_state(pool) == "STOPPED" {
        c.start_workspaces_pool().pool_id(&id).send().await.unwrap();
        assert_eq!(
            watch_pool(&c, &id, "RUNNING").await,
            ["STARTING", "RUNNING"]
        );
    }
    assert_eq!(pool_state(&describe_pool(&c, &id).await), "RUNNING");
    // StartWorkspacesPool: "You cannot start a pool unless it has ... a state of STOPPED."
    expect_code(
        "StartWorkspacesPool on a RUNNING pool",
        c.start_workspaces_pool().pool_id(&id).send().await,
        &["InvalidResourceStateException"],
    );

    c.stop_workspaces_pool().pool_id(&id).send().await.unwrap();
    assert_eq!(
        watch_pool(&c, &id, "STOPPED").await,
        ["STOPPING", "STOPPED"]
    );
    expect_code(
        "StopWorkspacesPool on a STOPPED pool",
        c.stop_workspaces_pool().pool_id(&id).send().await,
        &["InvalidResourceStateException"],
    );

    c.start_workspaces_pool().pool_id(&id).send().await.unwrap();
    assert_eq!(
        watch_pool(&c, &id, "RUNNING").await,
        ["STARTING", "RUNNING"]
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn update_pool_changes_capacity_and_description() {
    let emu = start(20).await;
    let c = client(&emu);
    let pool = all_pools(&c).await.remove(0);
    let id = pool.pool_id().to_string();
    let desired = pool.capacity_status().unwrap().desired_user_sessions() + 3;

    let out = c
        .update_workspaces_pool()
        .pool_id(&id)
        .capacity(
            Capacity::builder()
                .desired_user_sessions(desired)
                .build()
                .unwrap(),
        )
        .description("Resized by test")
        .send()
        .await
        .unwrap();
    let returned = out
        .workspaces_pool()
        .expect("WorkspacesPool in the response");
    assert_eq!(returned.pool_id(), id);
    assert_eq!(
        returned.capacity_status().unwrap().desired_user_sessions(),
        desired
    );
    assert_eq!(returned.description(), Some("Resized by test"));

    wait_until("pool settles after update", SETTLE, || async {
        let p = describe_pool(&c, &id).await;
        p.state().as_str() != "UPDATING"
    })
    .await;
    let after = describe_pool(&c, &id).await;
    assert_eq!(
        after.capacity_status().unwrap().desired_user_sessions(),
        desired
    );
    assert_eq!(after.description(), Some("Resized by test"));
    emu.shutdown().await;
}

#[tokio::test]
async fn running_mode_of_a_running_pool_cannot_change() {
    let emu = start(20).await;
    let c = client(&emu);
    let pools = all_pools(&c).await;
    let pool = pools
        .iter()
        .find(|p| pool_state(p) == "RUNNING")
        .expect("a RUNNING pool");
    let other = if pool.running_mode().as_str() == "AUTO_STOP" {
        "ALWAYS_ON"
    } else {
        "AUTO_STOP"
    };
    // UpdateWorkspacesPool: "The running mode can only be updated when the pool is in a
    // stopped state."
    expect_code(
        "UpdateWorkspacesPool RunningMode on a RUNNING pool",
        c.update_workspaces_pool()
            .pool_id(pool.pool_id())
            .running_mode(other.into())
            .send()
            .await,
        &[
            "InvalidResourceStateException",
            "OperationNotSupportedException",
            "InvalidParameterValuesException",
        ],
    );
    assert_eq!(
        describe_pool(&c, pool.pool_id()).await.running_mode(),
        pool.running_mode()
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn sessions_are_described_and_terminated() {
    let emu = start(20).await;
    let c = client(&emu);
    let uuid =
        Regex::new(r"^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$").unwrap();
    let mut target = None;
    for p in all_pools(&c).await {
        let sessions = pool_sessions(&c, p.pool_id()).await;
        for s in &sessions {
            assert!(
                uuid.is_match(s.session_id()),
                "SessionId {} is a UUID",
                s.session_id()
            );
            assert_eq!(s.pool_id(), p.pool_id());
            assert!(s.user_id().len() >= 2, "UserId");
        }
        if sessions.len() >= 2 && target.is_none() {
            target = Some((p.pool_id().to_string(), sessions));
        }
    }
    let (pool_id, sessions) = target.expect("a pool with at least 2 sessions");
    let victim = sessions[0].session_id().to_string();
    c.terminate_workspaces_pool_session()
        .session_id(&victim)
        .send()
        .await
        .unwrap();
    wait_until("terminated session disappears", SETTLE, || async {
        pool_sessions(&c, &pool_id)
            .await
            .iter()
            .all(|s| s.session_id() != victim)
    })
    .await;
    let left = pool_sessions(&c, &pool_id).await;
    assert_eq!(
        left.len(),
        sessions.len() - 1,
        "only that session was removed"
    );

    // UserId narrows the listing.
    let user = sessions[1].user_id().to_string();
    let out = c
        .describe_workspaces_pool_sessions()
        .pool_id(&pool_id)
        .user_id(&user)
        .send()
        .await
        .unwrap();
    assert!(!out.sessions().is_empty());
    assert!(out.sessions().iter().all(|s| s.user_id() == user));

    expect_code(
        "TerminateWorkspacesPoolSession unknown",
        c.terminate_workspaces_pool_session()
            .session_id(UNKNOWN_SESSION)
            .send()
            .await,
        NOT_FOUND,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn unknown_pool_is_not_found() {
    let emu = start(20).await;
    let c = client(&emu);
    expect_code(
        "StartWorkspacesPool unknown",
        c.start_workspaces_pool().pool_id(UNKNOWN_POOL).send().await,
        NOT_FOUND,
    );
    expect_code(
        "StopWorkspacesPool unknown",
        c.stop_workspaces_pool().pool_id(UNKNOWN_POOL).send().await,
        NOT_FOUND,
    );
    expect_code(
        "UpdateWorkspacesPool unknown",
        c.update_workspaces_pool()
            .pool_id(UNKNOWN_POOL)
            .description("x")
            .send()
            .await,
        NOT_FOUND,
    );
    expect_code(
        "DescribeWorkspacesPoolSessions unknown",
        c.describe_workspaces_pool_sessions()
            .pool_id(UNKNOWN_POOL)
            .send()
            .await,
        NOT_FOUND,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn running_mode_changes_once_the_pool_is_stopped() {
    let emu = start(20).await;
    let c = client(&emu);
    let pool = all_pools(&c)
        .await
        .into_iter()
        .find(|p| p.running_mode().as_str() == "AUTO_STOP")
        .expect("an AUTO_STOP pool");
    let id = pool.pool_id().to_string();
    if pool_state(&pool) != "STOPPED" {
        c.stop_workspaces_pool().pool_id(&id).send().await.unwrap();
        watch_pool(&c, &id, "STOPPED").await;
    }
    // UpdateWorkspacesPool: the running mode can be updated when the pool is stopped.
    let out = c
        .update_workspaces_pool()
        .pool_id(&id)
        .running_mode("ALWAYS_ON".into())
        .send()
        .await
        .expect("RunningMode update on a STOPPED pool");
    assert_eq!(
        out.workspaces_pool().unwrap().running_mode().as_str(),
        "ALWAYS_ON"
    );
    wait_until("pool settles", SETTLE, || async {
        describe_pool(&c, &id).await.state().as_str() != "UPDATING"
    })
    .await;
    let after = describe_pool(&c, &id).await;
    assert_eq!(after.running_mode().as_str(), "ALWAYS_ON");
    // StartWorkspacesPool: only AutoStop pools can be started.
    expect_code(
        "StartWorkspacesPool on an ALWAYS_ON pool",
        c.start_workspaces_pool().pool_id(&id).send().await,
        &[
            "InvalidResourceStateException",
            "OperationNotSupportedException",
        ],
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn session_pages_default_to_20_and_terminated_sessions_are_gone_for_good() {
    let emu = start(20).await;
    let c = client(&emu);
    let pools = all_pools(&c).await;
    for p in &pools {
        let total = pool_sessions(&c, p.pool_id()).await.len();
        let first = c
            .describe_workspaces_pool_sessions()
            .pool_id(p.pool_id())
            .send()
            .await
            .unwrap();
        // DescribeWorkspacesPoolSessions Limit: "The default value is 20".
        assert_eq!(first.sessions().len(), total.min(20), "{}", p.pool_id());
        assert_eq!(first.next_token().is_some(), total > 20, "{}", p.pool_id());
    }
    let (pool_id, session) = {
        let mut found = None;
        for p in &pools {
            if let Some(s) = pool_sessions(&c, p.pool_id()).await.first() {
                found = Some((p.pool_id().to_string(), s.session_id().to_string()));
                break;
            }
        }
        found.expect("a pool with a session")
    };
    c.terminate_workspaces_pool_session()
        .session_id(&session)
        .send()
        .await
        .unwrap();
    wait_until("session gone", SETTLE, || async {
        pool_sessions(&c, &pool_id)
            .await
            .iter()
            .all(|s| s.session_id() != session)
    })
    .await;
    expect_code(
        "TerminateWorkspacesPoolSession twice",
        c.terminate_workspaces_pool_session()
            .session_id(&session)
            .send()
            .await,
        NOT_FOUND,
    );
    emu.shutdown().await;
}
