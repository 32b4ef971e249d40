//! Describe operations: response members, filters, bundles, directories, connection status.
//! Operations: DescribeWorkspaces, DescribeWorkspacesConnectionStatus,
//! DescribeWorkspaceBundles, DescribeWorkspaceDirectories.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use regex::Regex;

#[tokio::test]
async fn describe_workspaces_rows_have_core_members() {
    let emu = start(300).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    assert_eq!(
        all.len(),
        300,
        "size=300 gives 300 WorkSpaces in the region"
    );

    let id_re = Regex::new(r"^ws-[0-9a-z]{8,63}$").unwrap();
    let dir_re = Regex::new(r"^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)").unwrap();
    let bundle_re = Regex::new(r"^wsb-[0-9a-z]{8,63}$").unwrap();
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    let mut dirs = BTreeSet::new();
    let mut bundles = BTreeSet::new();
    for ws in &all {
        let id = ws_id(ws);
        assert!(
            id_re.is_match(&id),
            "WorkspaceId {id} matches ^ws-[0-9a-z]{{8,63}}$"
        );
        let dir = ws.directory_id().expect("DirectoryId");
        assert!(
            dir_re.is_match(dir),
            "DirectoryId {dir} matches the reference pattern"
        );
        let bundle = ws.bundle_id().expect("BundleId");
        assert!(
            bundle_re.is_match(bundle),
            "BundleId {bundle} matches ^wsb-"
        );
        assert!(ws.state().is_some(), "{id} has State");
        let props = ws.workspace_properties().expect("WorkspaceProperties");
        assert!(props.running_mode().is_some(), "{id} has RunningMode");
        assert!(ws.user_name().is_some(), "{id} has UserName");
        *states.entry(state_str(ws).to_string()).or_default() += 1;
        dirs.insert(dir.to_string());
        bundles.insert(bundle.to_string());
    }
    assert_eq!(dirs.len(), 3, "WorkSpaces are spread over 3 directories");
    assert!(
        bundles.len() >= 2,
        "WorkSpaces use several bundles: {bundles:?}"
    );
    let available = states.get("AVAILABLE").copied().unwrap_or(0);
    assert!(available > 150, "mostly AVAILABLE: {states:?}");
    assert!(
        states.get("STOPPED").copied().unwrap_or(0) > 0,
        "some STOPPED: {states:?}"
    );
    let odd: usize = ["UNHEALTHY", "ERROR", "IMPAIRED", "ADMIN_MAINTENANCE"]
        .iter()
        .map(|s| states.get(*s).copied().unwrap_or(0))
        .sum();
    assert!(
        odd > 0,
        "a few UNHEALTHY/ERROR/IMPAIRED/ADMIN_MAINTENANCE: {states:?}"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn filter_by_workspace_ids_returns_exactly_those() {
    let emu = start(60).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let wanted: Vec<String> = all.iter().step_by(7).take(5).map(ws_id).collect();
    let out = c
        .describe_workspaces()
        .set_workspace_ids(Some(wanted.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        set_of(out.workspaces().iter().map(ws_id)),
        set_of(wanted),
        "WorkspaceIds filter"
    );
    // A well-formed but unknown ID simply matches nothing.
    let none = c
        .describe_workspaces()
        .workspace_ids(UNKNOWN_WS)
        .send()
        .await
        .unwrap();
    assert!(none.workspaces().is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn filter_by_directory_and_by_directory_and_user() {
    let emu = start(60).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let dir = all[0].directory_id().unwrap().to_string();
    let expected = set_of(
        all.iter()
            .filter(|w| w.directory_id() == Some(dir.as_str()))
            .map(ws_id),
    );
    let got = set_of(
        c.describe_workspaces()
            .directory_id(&dir)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .unwrap()
            .iter()
            .map(ws_id),
    );
    assert_eq!(
        got, expected,
        "DirectoryId filter returns that directory's WorkSpaces"
    );

    let user = all[0].user_name().unwrap().to_string();
    let out = c
        .describe_workspaces()
        .directory_id(&dir)
        .user_name(&user)
        .send()
        .await
        .unwrap();
    assert!(
        !out.workspaces().is_empty(),
        "DirectoryId+UserName finds {user}"
    );
    for ws in out.workspaces() {
        assert_eq!(ws.user_name(), Some(user.as_str()));
        assert_eq!(ws.directory_id(), Some(dir.as_str()));
    }
    assert!(out.workspaces().iter().any(|w| ws_id(w) == ws_id(&all[0])));
    emu.shutdown().await;
}

#[tokio::test]
async fn filter_by_bundle() {
    let emu = start(60).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let bundle = all[0].bundle_id().unwrap().to_string();
    let expected = set_of(
        all.iter()
            .filter(|w| w.bundle_id() == Some(bundle.as_str()))
            .map(ws_id),
    );
    let got = c
        .describe_workspaces()
        .bundle_id(&bundle)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(set_of(got.iter().map(ws_id)), expected, "BundleId filter");
    emu.shutdown().await;
}

#[tokio::test]
async fn filter_by_workspace_name() {
    let emu = start(60).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    if let Some(named) = all.iter().find(|w| w.workspace_name().is_some()) {
        let name = named.workspace_name().unwrap();
        let out = c
            .describe_workspaces()
            .workspace_name(name)
            .send()
            .await
            .unwrap();
        assert!(out.workspaces().iter().any(|w| ws_id(w) == ws_id(named)));
        assert!(out
            .workspaces()
            .iter()
            .all(|w| w.workspace_name() == Some(name)));
    }
    let out = c
        .describe_workspaces()
        .workspace_name("no-such-workspace-name")
        .send()
        .await
        .expect("a well-formed WorkspaceName is accepted");
    assert!(
        out.workspaces().is_empty(),
        "unknown WorkspaceName matches nothing"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn combining_filters_is_rejected() {
    let emu = start(30).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let (dir, bundle, id) = (
        all[0].directory_id().unwrap(),
        all[0].bundle_id().unwrap(),
        ws_id(&all[0]),
    );
    // DescribeWorkspaces: "You cannot combine this parameter with any other filter."
    expect_validation(
        "DirectoryId + BundleId",
        c.describe_workspaces()
            .directory_id(dir)
            .bundle_id(bundle)
            .send()
            .await,
    );
    expect_validation(
        "WorkspaceIds + DirectoryId",
        c.describe_workspaces()
            .workspace_ids(&id)
            .directory_id(dir)
            .send()
            .await,
    );
    expect_validation(
        "WorkspaceIds + BundleId",
        c.describe_workspaces()
            .workspace_ids(&id)
            .bundle_id(bundle)
            .send()
            .await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn user_name_without_directory_is_rejected() {
    let emu = start(30).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let user = all[0].user_name().unwrap();
    // DescribeWorkspaces UserName: "You must specify this parameter with DirectoryId."
    expect_validation(
        "UserName without DirectoryId",
        c.describe_workspaces().user_name(user).send().await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn connection_status_has_connection_state_and_unknown_when_stopped() {
    let emu = start(60).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let ids: Vec<String> = all.iter().take(25).map(ws_id).collect();
    let out = c
        .describe_workspaces_connection_status()
        .set_workspace_ids(Some(ids.clone()))
        .send()
        .await
        .unwrap();
    let rows = out.workspaces_connection_status();
    assert_eq!(
        set_of(rows.iter().map(|r| r.workspace_id().unwrap().to_string())),
        set_of(ids)
    );
    for r in rows {
        assert!(
            r.connection_state().is_some(),
            "{:?} has ConnectionState",
            r.workspace_id()
        );
    }

    // `WorkspaceConnectionStatus`: "The connection state is unknown if the WorkSpace is stopped."
    let stopped = pick(&all, 1, "STOPPED", |w| is_state(w, "STOPPED"));
    let out = c
        .describe_workspaces_connection_status()
        .workspace_ids(&stopped[0])
        .send()
        .await
        .unwrap();
    let row = &out.workspaces_connection_status()[0];
    assert_eq!(row.connection_state().map(|s| s.as_str()), Some("UNKNOWN"));
    emu.shutdown().await;
}

#[tokio::test]
async fn bundles_are_described_with_members_and_id_filter() {
    let emu = start(60).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;

    let mut bundles = Vec::new();
    for owner in [None, Some("AMAZON")] {
        let got = c
            .describe_workspace_bundles()
            .set_owner(owner.map(String::from))
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .unwrap();
        bundles.extend(got);
    }
    let ids = set_of(bundles.iter().map(|b| b.bundle_id().unwrap().to_string()));
    assert!(ids.len() >= 4, "4 bundles in the fleet, got {ids:?}");
    for b in &bundles {
        assert!(b.name().is_some(), "bundle has Name");
        assert!(b.compute_type().is_some(), "bundle has ComputeType");
        assert!(b.image_id().is_some(), "bundle has ImageId");
    }
    // Every bundle a WorkSpace uses can be described by BundleIds.
    let used: Vec<String> = set_of(all.iter().map(|w| w.bundle_id().unwrap().to_string()))
        .into_iter()
        .collect();
    let out = c
        .describe_workspace_bundles()
        .set_bundle_ids(Some(used.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        set_of(
            out.bundles()
                .iter()
                .map(|b| b.bundle_id().unwrap().to_string())
        ),
        set_of(used)
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn bundles_reject_bundle_ids_with_owner() {
    let emu = start(10).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    // DescribeWorkspaceBundles: "You can filter the results using either bundle ID or owner,
    // but not both."
    expect_validation(
        "BundleIds + Owner",
        c.describe_workspace_bundles()
            .bundle_ids(all[0].bundle_id().unwrap())
            .owner("AMAZON")
            .send()
            .await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn directories_are_described_with_members_and_id_filter() {
    let emu = start(60).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let out = c.describe_workspace_directories().send().await.unwrap();
    let dirs = out.directories();
    assert_eq!(dirs.len(), 3, "3 directories");
    for d in dirs {
        assert!(d.directory_id().is_some(), "DirectoryId");
        assert!(d.state().is_some(), "State");
        assert!(d.directory_name().is_some(), "DirectoryName");
    }
    let listed = set_of(dirs.iter().map(|d| d.directory_id().unwrap().to_string()));
    let used = set_of(all.iter().map(|w| w.directory_id().unwrap().to_string()));
    assert!(
        used.is_subset(&listed),
        "every WorkSpace's directory is registered"
    );

    let one = dirs[1].directory_id().unwrap();
    let out = c
        .describe_workspace_directories()
        .directory_ids(one)
        .send()
        .await
        .unwrap();
    assert_eq!(out.directories().len(), 1);
    assert_eq!(out.directories()[0].directory_id(), Some(one));
    emu.shutdown().await;
}
