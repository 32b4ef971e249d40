//! Pagination as each operation's reference section defines it.
//! DescribeWorkspaces Limit 1..25, DescribeWorkspacesConnectionStatus NextToken only,
//! DescribeWorkspaceImages MaxResults 1..25, DescribeWorkspaceBundles NextToken only,
//! DescribeWorkspaceDirectories Limit 1..25, DescribeWorkspacesPools Limit 1..25,
//! DescribeWorkspacesPoolSessions Limit 1..50.

mod common;

use std::collections::BTreeSet;

use common::*;

#[tokio::test]
async fn thousand_workspaces_in_forty_pages_of_25() {
    let emu = start(1000).await;
    let c = client(&emu);

    let mut ids = Vec::new();
    let mut pages = 0;
    let mut token: Option<String> = None;
    loop {
        let page = c
            .describe_workspaces()
            .limit(25)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        let n = page.workspaces().len();
        ids.extend(page.workspaces().iter().map(ws_id));
        match page.next_token() {
            Some(t) => {
                assert_eq!(n, 25, "page {pages} is full when a NextToken follows");
                token = Some(t.to_string());
            }
            None => break,
        }
        assert!(pages < 100, "pagination does not terminate");
    }
    assert_eq!(pages, 40, "1,000 WorkSpaces / Limit 25 = 40 pages");
    assert_eq!(ids.len(), 1000);
    let unique: BTreeSet<_> = ids.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        1000,
        "no WorkSpace appears twice across pages"
    );

    // The SDK paginator agrees, page by page and item by item.
    let sdk_pages = c
        .describe_workspaces()
        .limit(25)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(sdk_pages.len(), 40);
    assert!(sdk_pages.last().unwrap().next_token().is_none());
    let items = c
        .describe_workspaces()
        .into_paginator()
        .page_size(25)
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(set_of(items.iter().map(ws_id)), unique);
    emu.shutdown().await;
}

#[tokio::test]
async fn describe_workspaces_limit_out_of_range_and_bad_token_rejected() {
    let emu = start(30).await;
    let c = client(&emu);
    expect_validation("Limit 0", c.describe_workspaces().limit(0).send().await);
    expect_validation("Limit 26", c.describe_workspaces().limit(26).send().await);
    expect_validation(
        "NextToken that was never issued",
        c.describe_workspaces()
            .next_token("not-a-token-we-issued")
            .send()
            .await,
    );
    // Limit 1 and 25 are the inclusive bounds.
    let one = c.describe_workspaces().limit(1).send().await.unwrap();
    assert_eq!(one.workspaces().len(), 1);
    assert!(one.next_token().is_some());
    let max = c.describe_workspaces().limit(25).send().await.unwrap();
    assert_eq!(max.workspaces().len(), 25);
    emu.shutdown().await;
}

#[tokio::test]
async fn connection_status_pages_through_whole_fleet_with_next_token() {
    let emu = start(120).await;
    let c = client(&emu);
    let expected = set_of(all_workspaces(&c).await.iter().map(ws_id));

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = c
            .describe_workspaces_connection_status()
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        for row in out.workspaces_connection_status() {
            assert!(row.connection_state().is_some());
            seen.push(row.workspace_id().unwrap().to_string());
        }
        match out.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
        assert!(pages < 100, "pagination does not terminate");
    }
    assert!(pages > 1, "120 statuses do not fit one page");
    assert_eq!(seen.len(), expected.len(), "no duplicates across pages");
    assert_eq!(set_of(seen), expected);
    expect_validation(
        "bad NextToken",
        c.describe_workspaces_connection_status()
            .next_token("garbage")
            .send()
            .await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn images_page_with_max_results() {
    let emu = start(10).await;
    let c = client(&emu);
    let expected = set_of(
        all_images(&c)
            .await
            .iter()
            .map(|i| i.image_id().unwrap().to_string()),
    );
    assert!(expected.len() >= 6, "fleet has 6 images: {expected:?}");

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = c
            .describe_workspace_images()
            .max_results(2)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        assert!(out.images().len() <= 2, "MaxResults 2 honoured");
        seen.extend(
            out.images()
                .iter()
                .map(|i| i.image_id().unwrap().to_string()),
        );
        match out.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
        assert!(pages < 50);
    }
    assert_eq!(pages, expected.len().div_ceil(2));
    assert_eq!(seen.len(), expected.len());
    assert_eq!(set_of(seen), expected);

    expect_validation(
        "MaxResults 0",
        c.describe_workspace_images().max_results(0).send().await,
    );
    expect_validation(
        "MaxResults 26",
        c.describe_workspace_images().max_results(26).send().await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn bundles_paginator_covers_all_bundles() {
    let emu = start(10).await;
    let c = client(&emu);
    let mut by_hand = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = c
            .describe_workspace_bundles()
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        by_hand.extend(
            out.bundles()
                .iter()
                .map(|b| b.bundle_id().unwrap().to_string()),
        );
        match out.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    let via_sdk = c
        .describe_workspace_bundles()
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(by_hand.len(), via_sdk.len());
    assert_eq!(
        set_of(by_hand),
        set_of(via_sdk.iter().map(|b| b.bundle_id().unwrap().to_string()))
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn directories_page_with_limit() {
    let emu = start(10).await;
    let c = client(&emu);
    let mut ids = Vec::new();
    let mut pages = 0;
    let mut token: Option<String> = None;
    loop {
        let out = c
            .describe_workspace_directories()
            .limit(1)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        assert_eq!(
            out.directories().len(),
            1,
            "Limit 1 gives one directory per page"
        );
        ids.extend(
            out.directories()
                .iter()
                .map(|d| d.directory_id().unwrap().to_string()),
        );
        match out.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
        assert!(pages < 20);
    }
    assert_eq!(pages, 3, "3 directories, Limit 1");
    assert_eq!(set_of(ids.clone()).len(), 3);

    let via_sdk = c
        .describe_workspace_directories()
        .limit(1)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(
        set_of(
            via_sdk
                .iter()
                .map(|d| d.directory_id().unwrap().to_string())
        ),
        set_of(ids)
    );
    expect_validation(
        "Limit 0",
        c.describe_workspace_directories().limit(0).send().await,
    );
    expect_validation(
        "Limit 26",
        c.describe_workspace_directories().limit(26).send().await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn pools_page_with_limit() {
    let emu = start(10).await;
    let c = client(&emu);
    let mut ids = Vec::new();
    let mut pages = 0;
    let mut token: Option<String> = None;
    loop {
        let out = c
            .describe_workspaces_pools()
            .limit(1)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        assert_eq!(out.workspaces_pools().len(), 1);
        ids.extend(
            out.workspaces_pools()
                .iter()
                .map(|p| p.pool_id().to_string()),
        );
        match out.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
        assert!(pages < 20);
    }
    assert_eq!(pages, 2, "2 pools, Limit 1");
    assert_eq!(set_of(ids).len(), 2);
    expect_validation(
        "Limit 0",
        c.describe_workspaces_pools().limit(0).send().await,
    );
    expect_validation(
        "Limit 26",
        c.describe_workspaces_pools().limit(26).send().await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn pool_sessions_page_with_limit_up_to_50() {
    let emu = start(10).await;
    let c = client(&emu);
    let pools = c.describe_workspaces_pools().send().await.unwrap();
    let mut checked = 0;
    for pool in pools.workspaces_pools() {
        let pid = pool.pool_id();
        let all = c
            .describe_workspaces_pool_sessions()
            .pool_id(pid)
            .limit(50)
            .send()
            .await
            .unwrap();
        let expected = set_of(all.sessions().iter().map(|s| s.session_id().to_string()));
        if expected.len() < 2 {
            continue;
        }
        checked += 1;
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            let out = c
                .describe_workspaces_pool_sessions()
                .pool_id(pid)
                .limit(1)
                .set_next_token(token.clone())
                .send()
                .await
                .unwrap();
            pages += 1;
            assert_eq!(
                out.sessions().len(),
                1,
                "Limit 1 gives one session per page"
            );
            seen.extend(out.sessions().iter().map(|s| s.session_id().to_string()));
            match out.next_token() {
                Some(t) => token = Some(t.to_string()),
                None => break,
            }
            assert!(pages < 200);
        }
        assert_eq!(pages, expected.len());
        assert_eq!(set_of(seen), expected);
    }
    assert!(checked > 0, "at least one pool has 2 or more sessions");
    let pid = pools.workspaces_pools()[0].pool_id();
    expect_validation(
        "Limit 0",
        c.describe_workspaces_pool_sessions()
            .pool_id(pid)
            .limit(0)
            .send()
            .await,
    );
    expect_validation(
        "Limit 51",
        c.describe_workspaces_pool_sessions()
            .pool_id(pid)
            .limit(51)
            .send()
            .await,
    );
    emu.shutdown().await;
}

/// NextTokens are cursors: terminating a WorkSpace already returned on an earlier page does
/// not make later pages skip or repeat anything.
#[tokio::test]
async fn paging_survives_a_termination_between_pages() {
    let emu = start(100).await;
    let c = client(&emu);
    let before = set_of(all_workspaces(&c).await.iter().map(ws_id));

    let first = c.describe_workspaces().limit(25).send().await.unwrap();
    let first_ids: Vec<String> = first.workspaces().iter().map(ws_id).collect();
    let victim = first_ids[3].clone();
    c.terminate_workspaces()
        .terminate_workspace_requests(terminate_req(&victim))
        .send()
        .await
        .unwrap();
    wait_until("victim gone", SETTLE, || async {
        describe_ws(&c, &victim).await.is_none()
    })
    .await;

    let mut seen = first_ids.clone();
    let mut token = first.next_token().map(String::from);
    while let Some(t) = token {
        let page = c
            .describe_workspaces()
            .limit(25)
            .next_token(t)
            .send()
            .await
            .unwrap();
        seen.extend(page.workspaces().iter().map(ws_id));
        token = page.next_token().map(String::from);
    }
    let unique = set_of(seen.clone());
    assert_eq!(unique.len(), seen.len(), "no WorkSpace repeated");
    assert_eq!(unique, before, "no WorkSpace skipped");
    emu.shutdown().await;
}
