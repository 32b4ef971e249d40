//! Tags on WorkSpaces and images, tag limits, and DescribeAccount.
//! Operations: CreateTags, DescribeTags, DeleteTags, DescribeAccount; the `Tag` shape.

mod common;

use std::collections::BTreeMap;

use aws_sdk_workspaces::Client;
use common::*;

async fn tags_of(c: &Client, resource: &str) -> BTreeMap<String, String> {
    c.describe_tags()
        .resource_id(resource)
        .send()
        .await
        .expect("DescribeTags")
        .tag_list()
        .iter()
        .map(|t| (t.key().to_string(), t.value().unwrap_or("").to_string()))
        .collect()
}

async fn create_describe_delete(c: &Client, resource: &str) {
    c.create_tags()
        .resource_id(resource)
        .tags(tag("owner", "alice"))
        .tags(tag("cost-center", "42"))
        .send()
        .await
        .unwrap();
    let tags = tags_of(c, resource).await;
    assert_eq!(tags.get("owner").map(String::as_str), Some("alice"));
    assert_eq!(tags.get("cost-center").map(String::as_str), Some("42"));

    // Creating an existing key replaces its value.
    c.create_tags()
        .resource_id(resource)
        .tags(tag("owner", "bob"))
        .send()
        .await
        .unwrap();
    let tags = tags_of(c, resource).await;
    assert_eq!(tags.get("owner").map(String::as_str), Some("bob"));
    assert_eq!(tags.get("cost-center").map(String::as_str), Some("42"));

    c.delete_tags()
        .resource_id(resource)
        .tag_keys("owner")
        .send()
        .await
        .unwrap();
    let tags = tags_of(c, resource).await;
    assert!(!tags.contains_key("owner"), "deleted key is gone");
    assert_eq!(tags.get("cost-center").map(String::as_str), Some("42"));
}

#[tokio::test]
async fn tags_on_a_workspace() {
    let emu = start(20).await;
    let c = client(&emu);
    let ws = ws_id(&all_workspaces(&c).await[3]);
    create_describe_delete(&c, &ws).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn tags_on_an_image() {
    let emu = start(20).await;
    let c = client(&emu);
    let img = all_images(&c).await[0].image_id().unwrap().to_string();
    create_describe_delete(&c, &img).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn at_most_50_tags_per_resource() {
    let emu = start(20).await;
    let c = client(&emu);
    let ws = ws_id(&all_workspaces(&c).await[0]);
    let existing = tags_of(&c, &ws).await.len();

    // CreateTags: "Each WorkSpaces resource can have a maximum of 50 tags."
    let mut too_many = c.create_tags().resource_id(&ws);
    for i in 0..51 {
        too_many = too_many.tags(tag(&format!("k{i}"), "v"));
    }
    expect_code(
        "CreateTags with 51 tags",
        too_many.send().await,
        &["ResourceLimitExceededException"],
    );
    assert_eq!(
        tags_of(&c, &ws).await.len(),
        existing,
        "rejected call adds nothing"
    );

    let room = 50 - existing;
    let mut fill = c.create_tags().resource_id(&ws);
    for i in 0..room {
        fill = fill.tags(tag(&format!("fill{i}"), "v"));
    }
    if room > 0 {
        fill.send().await.expect("filling up to 50 tags is allowed");
    }
    assert_eq!(tags_of(&c, &ws).await.len(), 50);
    expect_code(
        "CreateTags past 50 in total",
        c.create_tags()
            .resource_id(&ws)
            .tags(tag("one-more", "v"))
            .send()
            .await,
        &["ResourceLimitExceededException"],
    );
    // Overwriting an existing key does not add a tag, so it is still allowed.
    c.create_tags()
        .resource_id(&ws)
        .tags(tag("fill0", "changed"))
        .send()
        .await
        .expect("overwrite at the limit");
    emu.shutdown().await;
}

#[tokio::test]
async fn tag_key_and_value_lengths_are_checked() {
    let emu = start(20).await;
    let c = client(&emu);
    let ws = ws_id(&all_workspaces(&c).await[0]);
    // The `Tag` shape: Key 1..127, Value up to 255.
    expect_validation(
        "tag key of 128",
        c.create_tags()
            .resource_id(&ws)
            .tags(tag(&"k".repeat(128), "v"))
            .send()
            .await,
    );
    expect_validation(
        "tag value of 256",
        c.create_tags()
            .resource_id(&ws)
            .tags(tag("k", &"v".repeat(256)))
            .send()
            .await,
    );
    c.create_tags()
        .resource_id(&ws)
        .tags(tag(&"k".repeat(127), &"v".repeat(255)))
        .send()
        .await
        .expect("maximum lengths are accepted");
    emu.shutdown().await;
}

#[tokio::test]
async fn tags_on_unknown_resources_are_not_found() {
    let emu = start(20).await;
    let c = client(&emu);
    expect_code(
        "CreateTags unknown WorkSpace",
        c.create_tags()
            .resource_id(UNKNOWN_WS)
            .tags(tag("a", "b"))
            .send()
            .await,
        NOT_FOUND,
    );
    expect_code(
        "DescribeTags unknown image",
        c.describe_tags().resource_id(UNKNOWN_IMAGE).send().await,
        NOT_FOUND,
    );
    expect_code(
        "DeleteTags unknown WorkSpace",
        c.delete_tags()
            .resource_id(UNKNOWN_WS)
            .tag_keys("a")
            .send()
            .await,
        NOT_FOUND,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn describe_account_reports_byol_configuration() {
    let emu = start(10).await;
    let c = client(&emu);
    let out = c.describe_account().send().await.unwrap();
    let support = out
        .dedicated_tenancy_support()
        .expect("DedicatedTenancySupport");
    assert!(
        matches!(support.as_str(), "ENABLED" | "DISABLED"),
        "DedicatedTenancySupport {support:?}"
    );
    if let Some(t) = out.dedicated_tenancy_account_type() {
        assert!(matches!(t.as_str(), "SOURCE_ACCOUNT" | "TARGET_ACCOUNT"));
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn tags_on_a_directory_and_a_bundle() {
    let emu = start(20).await;
    let c = client(&emu);
    let ws = &all_workspaces(&c).await[0];
    // CreateTags ResourceId: WorkSpaces, registered directories, images, custom bundles, ...
    // (custom bundles and pools: sim_tags_model.rs).
    for resource in [ws.directory_id().unwrap()] {
        c.create_tags()
            .resource_id(resource)
            .tags(tag("env", "test"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("CreateTags on {resource}: {}", code_of(&e)));
        assert_eq!(
            tags_of(&c, resource).await.get("env").map(String::as_str),
            Some("test")
        );
    }
    emu.shutdown().await;
}
