//! Images: describe, permissions (share/unshare), create, create-updated, copy across Regions,
//! delete. Operations: DescribeWorkspaceImages, DescribeWorkspaceImagePermissions,
//! UpdateWorkspaceImagePermission, CreateWorkspaceImage, CreateUpdatedWorkspaceImage,
//! CopyWorkspaceImage, DeleteWorkspaceImage; the `WorkspaceImage` and `UpdateResult` shapes.

mod common;

use aws_sdk_workspaces::types::ImageType;
use aws_sdk_workspaces::Client;
use common::*;
use regex::Regex;

const SHARE_WITH: &str = "210987654321";

fn update_available(img: &aws_sdk_workspaces::types::WorkspaceImage) -> bool {
    img.updates()
        .and_then(|u| u.update_available())
        .unwrap_or(false)
}

async fn shared_accounts(c: &Client, image_id: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .describe_workspace_image_permissions()
            .image_id(image_id)
            .set_next_token(token.clone())
            .send()
            .await
            .expect("DescribeWorkspaceImagePermissions");
        assert_eq!(page.image_id(), Some(image_id), "response echoes ImageId");
        out.extend(
            page.image_permissions()
                .iter()
                .map(|p| p.shared_account_id().unwrap().to_string()),
        );
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    out
}

/// An AVAILABLE image nobody else has been given (so it can be shared and deleted freely).
async fn new_image(c: &Client, name: &str) -> String {
    let all = all_workspaces(c).await;
    let ws = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    let out = c
        .create_workspace_image()
        .workspace_id(ws)
        .name(name)
        .description("made by a test")
        .send()
        .await
        .expect("CreateWorkspaceImage");
    let id = out.image_id().unwrap().to_string();
    wait_until(&format!("{id} AVAILABLE"), SETTLE, || async {
        describe_image(c, &id)
            .await
            .is_some_and(|i| i.state().map(|s| s.as_str()) == Some("AVAILABLE"))
    })
    .await;
    id
}

#[tokio::test]
async fn images_have_core_members_updates_and_filters() {
    let emu = start(20).await;
    let c = client(&emu);
    let images = all_images(&c).await;
    assert!(
        images.len() >= 6,
        "6 images in the fleet, got {}",
        images.len()
    );
    let id_re = Regex::new(r"^wsi-[0-9a-z]{9,63}$").unwrap();
    for img in &images {
        let id = img.image_id().expect("ImageId");
        assert!(id_re.is_match(id), "{id} matches wsi-[0-9a-z]{{9,63}}");
        assert!(img.name().is_some(), "{id} has Name");
        assert!(img.state().is_some(), "{id} has State");
        assert!(
            img.operating_system().and_then(|o| o.r#type()).is_some(),
            "{id} has OperatingSystem.Type"
        );
        assert!(img.created().is_some(), "{id} has Created");
    }
    assert!(
        images.iter().any(update_available),
        "some images have Updates.UpdateAvailable = true"
    );
    assert!(
        images.iter().any(|i| !update_available(i)),
        "some images have no update available"
    );

    let wanted: Vec<String> = images
        .iter()
        .take(2)
        .map(|i| i.image_id().unwrap().to_string())
        .collect();
    let out = c
        .describe_workspace_images()
        .set_image_ids(Some(wanted.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        set_of(
            out.images()
                .iter()
                .map(|i| i.image_id().unwrap().to_string())
        ),
        set_of(wanted)
    );

    let owned = c
        .describe_workspace_images()
        .image_type(ImageType::Owned)
        .send()
        .await
        .unwrap();
    for img in owned.images() {
        if let Some(owner) = img.owner_account_id() {
            assert_eq!(
                owner, "123456789012",
                "OWNED images belong to the caller's account"
            );
        }
    }
    let none = c
        .describe_workspace_images()
        .image_ids(UNKNOWN_IMAGE)
        .send()
        .await
        .expect("unknown but well-formed ImageIds are not an error");
    assert!(none.images().is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn some_images_are_already_shared() {
    let emu = start(20).await;
    let c = client(&emu);
    let mut shared = 0;
    for img in all_images(&c).await {
        let accounts = shared_accounts(&c, img.image_id().unwrap()).await;
        for a in &accounts {
            assert!(
                a.len() == 12 && a.chars().all(|ch| ch.is_ascii_digit()),
                "SharedAccountId {a} is 12 digits"
            );
        }
        if !accounts.is_empty() {
            shared += 1;
        }
    }
    assert!(shared > 0, "some images are shared with other accounts");
    emu.shutdown().await;
}

#[tokio::test]
async fn share_then_unshare_an_image() {
    let emu = start(20).await;
    let c = client(&emu);
    let images = all_images(&c).await;
    let img = images
        .iter()
        .find(|i| i.state().map(|s| s.as_str()) == Some("AVAILABLE"))
        .expect("an AVAILABLE image")
        .image_id()
        .unwrap()
        .to_string();
    assert!(!shared_accounts(&c, &img)
        .await
        .contains(&SHARE_WITH.to_string()));

    c.update_workspace_image_permission()
        .image_id(&img)
        .shared_account_id(SHARE_WITH)
        .allow_copy_image(true)
        .send()
        .await
        .unwrap();
    assert!(
        shared_accounts(&c, &img)
            .await
            .contains(&SHARE_WITH.to_string()),
        "shared account shows up in DescribeWorkspaceImagePermissions"
    );

    c.update_workspace_image_permission()
        .image_id(&img)
        .shared_account_id(SHARE_WITH)
        .allow_copy_image(false)
        .send()
        .await
        .unwrap();
    assert!(
        !shared_accounts(&c, &img)
            .await
            .contains(&SHARE_WITH.to_string()),
        "unsharing removes the account"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn image_permissions_page_with_max_results() {
    let emu = start(20).await;
    let c = client(&emu);
    let img = all_images(&c).await[0].image_id().unwrap().to_string();
    for acct in ["111111111111", "222222222222", "333333333333"] {
        c.update_workspace_image_permission()
            .image_id(&img)
            .shared_account_id(acct)
            .allow_copy_image(true)
            .send()
            .await
            .unwrap();
    }
    let expected = set_of(shared_accounts(&c, &img).await);
    assert!(expected.len() >= 3);
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = c
            .describe_workspace_image_permissions()
            .image_id(&img)
            .max_results(1)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        assert_eq!(page.image_permissions().len(), 1, "MaxResults 1");
        seen.extend(
            page.image_permissions()
                .iter()
                .map(|p| p.shared_account_id().unwrap().to_string()),
        );
        match page.next_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
        assert!(pages < 100);
    }
    assert_eq!(pages, expected.len());
    assert_eq!(set_of(seen), expected);
    expect_validation(
        "MaxResults 26",
        c.describe_workspace_image_permissions()
            .image_id(&img)
            .max_results(26)
            .send()
            .await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn image_permission_rejects_bad_accounts_and_unknown_images() {
    let emu = start(20).await;
    let c = client(&emu);
    let img = all_images(&c).await[0].image_id().unwrap().to_string();
    // UpdateWorkspaceImagePermission: SharedAccountId "Pattern: ^\d{12}$"
    for bad in ["12345", "1234567890123", "abcdefghijkl", "12345678901x"] {
        expect_validation(
            &format!("UpdateWorkspaceImagePermission SharedAccountId {bad}"),
            c.update_workspace_image_permission()
                .image_id(&img)
                .shared_account_id(bad)
                .allow_copy_image(true)
                .send()
                .await,
        );
    }
    assert!(shared_accounts(&c, &img)
        .await
        .iter()
        .all(|a| a.len() == 12));
    expect_code(
        "UpdateWorkspaceImagePermission unknown image",
        c.update_workspace_image_permission()
            .image_id(UNKNOWN_IMAGE)
            .shared_account_id(SHARE_WITH)
            .allow_copy_image(true)
            .send()
            .await,
        NOT_FOUND,
    );
    expect_code(
        "DescribeWorkspaceImagePermissions unknown image",
        c.describe_workspace_image_permissions()
            .image_id(UNKNOWN_IMAGE)
            .send()
            .await,
        NOT_FOUND,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn create_workspace_image_goes_pending_then_available_with_tags() {
    let emu = start(20).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let ws = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    let before = all_images(&c).await.len();
    let out = c
        .create_workspace_image()
        .workspace_id(ws)
        .name("golden-2024.1")
        .description("Golden image (test)")
        .tags(tag("team", "desktops"))
        .send()
        .await
        .unwrap();
    let id = out.image_id().expect("ImageId").to_string();
    assert_eq!(out.name(), Some("golden-2024.1"));
    assert_eq!(out.description(), Some("Golden image (test)"));
    assert_eq!(out.state().map(|s| s.as_str()), Some("PENDING"));
    assert!(out.created().is_some(), "Created");
    assert!(out.operating_system().is_some(), "OperatingSystem");
    assert_eq!(out.owner_account_id(), Some("123456789012"));

    let described = describe_image(&c, &id)
        .await
        .expect("new image is described");
    assert_eq!(described.state().map(|s| s.as_str()), Some("PENDING"));
    wait_until(&format!("{id} AVAILABLE"), SETTLE, || async {
        describe_image(&c, &id)
            .await
            .is_some_and(|i| i.state().map(|s| s.as_str()) == Some("AVAILABLE"))
    })
    .await;
    assert_eq!(all_images(&c).await.len(), before + 1);

    let tags = c.describe_tags().resource_id(&id).send().await.unwrap();
    assert!(tags
        .tag_list()
        .iter()
        .any(|t| t.key() == "team" && t.value() == Some("desktops")));
    emu.shutdown().await;
}

#[tokio::test]
async fn bad_image_names_and_descriptions_are_rejected() {
    let emu = start(20).await;
    let c = client(&emu);
    let all = all_workspaces(&c).await;
    let ws = &pick(&all, 1, "AVAILABLE", |w| is_state(w, "AVAILABLE"))[0];
    let src = all_images(&c).await[0].image_id().unwrap().to_string();
    let before = all_images(&c).await.len();
    let long_name = "n".repeat(65);
    let long_desc = "d".repeat(257);
    // Name: ^[a-zA-Z0-9_./()\\-]+$ (1..64); Description: ^[a-zA-Z0-9_./() -]+$ (1..256).
    let bad: [(&str, &str); 5] = [
        ("has space", "ok"),
        ("semi;colon", "ok"),
        (&long_name, "ok"),
        ("ok-name", "angle <brackets>"),
        ("ok-name", &long_desc),
    ];
    for (name, desc) in bad {
        expect_validation(
            &format!("CreateWorkspaceImage name={name:.20} desc={desc:.20}"),
            c.create_workspace_image()
                .workspace_id(ws)
                .name(name)
                .description(desc)
                .send()
                .await,
        );
        expect_validation(
            &format!("CreateUpdatedWorkspaceImage name={name:.20} desc={desc:.20}"),
            c.create_updated_workspace_image()
                .source_image_id(&src)
                .name(name)
                .description(desc)
                .send()
                .await,
        );
        expect_validation(
            &format!("CopyWorkspaceImage name={name:.20} desc={desc:.20}"),
            c.copy_workspace_image()
                .source_image_id(&src)
                .source_region(REGION)
                .name(name)
                .description(desc)
                .send()
                .await,
        );
    }
    // Description is required for CreateWorkspaceImage and CreateUpdatedWorkspaceImage.
    expect_validation(
        "CreateWorkspaceImage without Description",
        c.create_workspace_image()
            .workspace_id(ws)
            .name("no-desc")
            .send()
            .await,
    );
    expect_validation(
        "CreateUpdatedWorkspaceImage without Description",
        c.create_updated_workspace_image()
            .source_image_id(&src)
            .name("no-desc")
            .send()
            .await,
    );
    assert_eq!(all_images(&c).await.len(), before, "no image was created");
    emu.shutdown().await;
}

#[tokio::test]
async fn create_updated_image_needs_an_available_update() {
    let emu = start(20).await;
    let c = client(&emu);
    let images = all_images(&c).await;
    let with_update = images
        .iter()
        .find(|i| update_available(i))
        .expect("an image with an update available")
        .image_id()
        .unwrap()
        .to_string();
    let without_update = images
        .iter()
        .find(|i| !update_available(i) && i.state().map(|s| s.as_str()) == Some("AVAILABLE"))
        .expect("an AVAILABLE image without updates")
        .image_id()
        .unwrap()
        .to_string();

    let out = c
        .create_updated_workspace_image()
        .source_image_id(&with_update)
        .name("updated-image")
        .description("Updated drivers")
        .send()
        .await
        .expect("CreateUpdatedWorkspaceImage on an image with UpdateAvailable");
    let new_id = out.image_id().expect("ImageId").to_string();
    assert_ne!(new_id, with_update);
    let img = describe_image(&c, &new_id)
        .await
        .expect("updated image is described");
    assert_eq!(img.name(), Some("updated-image"));
    assert!(
        describe_image(&c, &with_update).await.is_some(),
        "CreateUpdatedWorkspaceImage: the source image is not deleted"
    );

    // No update available: the call fails (CreateUpdatedWorkspaceImage:
    // InvalidResourceStateException / OperationNotSupportedException), and no image is created.
    let before = all_images(&c).await.len();
    expect_code(
        "CreateUpdatedWorkspaceImage without an update",
        c.create_updated_workspace_image()
            .source_image_id(&without_update)
            .name("not-updated")
            .description("nothing to update")
            .send()
            .await,
        &[
            "InvalidResourceStateException",
            "OperationNotSupportedException",
        ],
    );
    assert_eq!(all_images(&c).await.len(), before);
    expect_code(
        "CreateUpdatedWorkspaceImage unknown source",
        c.create_updated_workspace_image()
            .source_image_id(UNKNOWN_IMAGE)
            .name("x")
            .description("x")
            .send()
            .await,
        NOT_FOUND,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn copy_image_lands_in_destination_region_only() {
    let emu = start(20).await;
    let src_client = client_in(&emu, REGION);
    let dst_client = client_in(&emu, OTHER_REGION);
    let src_images = all_images(&src_client).await;
    let src = src_images
        .iter()
        .find(|i| i.state().map(|s| s.as_str()) == Some("AVAILABLE"))
        .expect("an AVAILABLE source image")
        .image_id()
        .unwrap()
        .to_string();
    let dst_before = all_images(&dst_client).await.len();

    let out = dst_client
        .copy_workspace_image()
        .source_image_id(&src)
        .source_region(REGION)
        .name("copied-image")
        .description("Copy from us-east-1")
        .tags(tag("copied", "yes"))
        .send()
        .await
        .expect("CopyWorkspaceImage into eu-west-1");
    let new_id = out.image_id().expect("ImageId").to_string();
    assert!(new_id.starts_with("wsi-"));

    let copied = describe_image(&dst_client, &new_id)
        .await
        .expect("the copy is in the destination Region");
    assert_eq!(copied.name(), Some("copied-image"));
    wait_until("copy becomes AVAILABLE", SETTLE, || async {
        describe_image(&dst_client, &new_id)
            .await
            .is_some_and(|i| i.state().map(|s| s.as_str()) == Some("AVAILABLE"))
    })
    .await;
    assert_eq!(all_images(&dst_client).await.len(), dst_before + 1);
    assert!(
        describe_image(&src_client, &new_id).await.is_none(),
        "the copy is not in the source Region"
    );
    assert_eq!(all_images(&src_client).await.len(), src_images.len());
    let tags = dst_client
        .describe_tags()
        .resource_id(&new_id)
        .send()
        .await
        .unwrap();
    assert!(tags.tag_list().iter().any(|t| t.key() == "copied"));

    // The source is looked up in SourceRegion: the us-east-1 image is not in eu-west-1.
    expect_code(
        "CopyWorkspaceImage with the wrong SourceRegion",
        src_client
            .copy_workspace_image()
            .source_image_id(&src)
            .source_region(OTHER_REGION)
            .name("wrong-region")
            .send()
            .await,
        NOT_FOUND,
    );
    expect_code(
        "CopyWorkspaceImage unknown source",
        dst_client
            .copy_workspace_image()
            .source_image_id(UNKNOWN_IMAGE)
            .source_region(REGION)
            .name("missing")
            .send()
            .await,
        NOT_FOUND,
    );
    expect_validation(
        "CopyWorkspaceImage SourceRegion US_EAST_1",
        dst_client
            .copy_workspace_image()
            .source_image_id(&src)
            .source_region("US_EAST_1")
            .name("bad-region")
            .send()
            .await,
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn delete_image_removes_it_but_not_while_shared() {
    let emu = start(20).await;
    let c = client(&emu);
    let id = new_image(&c, "to-delete").await;

    c.update_workspace_image_permission()
        .image_id(&id)
        .shared_account_id(SHARE_WITH)
        .allow_copy_image(true)
        .send()
        .await
        .unwrap();
    // DeleteWorkspaceImage, UpdateWorkspaceImagePermission: unshare before deleting.
    expect_code(
        "DeleteWorkspaceImage while shared",
        c.delete_workspace_image().image_id(&id).send().await,
        &[
            "InvalidResourceStateException",
            "ResourceAssociatedException",
        ],
    );
    assert!(describe_image(&c, &id).await.is_some(), "still there");

    c.update_workspace_image_permission()
        .image_id(&id)
        .shared_account_id(SHARE_WITH)
        .allow_copy_image(false)
        .send()
        .await
        .unwrap();
    c.delete_workspace_image()
        .image_id(&id)
        .send()
        .await
        .unwrap();
    assert!(
        describe_image(&c, &id).await.is_none(),
        "deleted image is no longer described"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn image_used_by_a_bundle_cannot_be_deleted() {
    let emu = start(20).await;
    let c = client(&emu);
    let images = set_of(
        all_images(&c)
            .await
            .iter()
            .map(|i| i.image_id().unwrap().to_string()),
    );
    let bundles = c
        .describe_workspace_bundles()
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    let used = bundles
        .iter()
        .filter_map(|b| b.image_id())
        .find(|id| images.contains(*id))
        .expect("one of the account's bundles uses one of its images")
        .to_string();
    // DeleteWorkspaceImage: "To delete an image, you must first delete any bundles that are
    // associated with the image".
    expect_code(
        "DeleteWorkspaceImage of an image a bundle uses",
        c.delete_workspace_image().image_id(&used).send().await,
        &[
            "ResourceAssociatedException",
            "InvalidResourceStateException",
        ],
    );
    assert!(describe_image(&c, &used).await.is_some(), "image is kept");
    emu.shutdown().await;
}
