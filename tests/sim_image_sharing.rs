//! Cross-account image sharing as both accounts see it, with the real SDK: an image the demo
//! account (123456789012) shares with the second emulated account (access key AKIDWSFLEETDEV,
//! account 210987654321) through UpdateWorkspaceImagePermission with AllowCopyImage=true is
//! listed by that account's DescribeWorkspaceImages with ImageType SHARED, can be copied there
//! with CopyWorkspaceImage, and is hidden again once AllowCopyImage=false revokes it.

mod common;

use aws_sdk_workspaces::config::retry::RetryConfig;
use aws_sdk_workspaces::config::Credentials;
use aws_sdk_workspaces::types::{ImageType, WorkspaceImage};
use aws_sdk_workspaces::Client;
use common::*;

const DEV_ACCOUNT: &str = "210987654321";
const OWNER: &str = "123456789012";

fn dev_client(emu: &wsfleet::sim::Emulator, region: &str) -> Client {
    let conf = config_builder(&emu.endpoint_url(), region, RetryConfig::disabled())
        .credentials_provider(Credentials::new(
            "AKIDWSFLEETDEV",
            "secret",
            None,
            None,
            "dev",
        ))
        .build();
    Client::from_conf(conf)
}

async fn images_of_type(c: &Client, t: Option<ImageType>) -> Vec<WorkspaceImage> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = c
            .describe_workspace_images()
            .set_image_type(t.clone())
            .set_next_token(token)
            .send()
            .await
            .expect("DescribeWorkspaceImages");
        out.extend(page.images().iter().cloned());
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return out;
        }
    }
}

fn ids(images: &[WorkspaceImage]) -> Vec<&str> {
    images.iter().filter_map(|i| i.image_id()).collect()
}

async fn share(c: &Client, image: &str, allow: bool) {
    c.update_workspace_image_permission()
        .image_id(image)
        .allow_copy_image(allow)
        .shared_account_id(DEV_ACCOUNT)
        .send()
        .await
        .expect("UpdateWorkspaceImagePermission");
}

#[tokio::test]
async fn a_shared_image_is_listed_and_copyable_by_the_other_account_until_revoked() {
    let emu = start(10).await;
    let owner = client(&emu);
    let dev = dev_client(&emu, REGION);
    let image = images_of_type(&owner, Some(ImageType::Owned))
        .await
        .into_iter()
        .find(|i| i.name() == Some("WinServer2022-Engineering"))
        .expect("an owned AVAILABLE image");
    let id = image.image_id().unwrap().to_string();

    let before = images_of_type(&dev, None).await;
    assert!(!ids(&before).contains(&id.as_str()), "not shared yet");
    expect_code(
        "copying an image that is not shared",
        dev.copy_workspace_image()
            .source_image_id(&id)
            .source_region(REGION)
            .name("not-mine")
            .send()
            .await,
        NOT_FOUND,
    );

    share(&owner, &id, true).await;
    let shared = images_of_type(&dev, Some(ImageType::Shared)).await;
    let seen = shared
        .iter()
        .find(|i| i.image_id() == Some(id.as_str()))
        .expect("listed as SHARED for the account it is shared with");
    assert_eq!(seen.owner_account_id(), Some(OWNER));
    assert_eq!(seen.name(), image.name());
    assert!(
        !ids(&images_of_type(&dev, Some(ImageType::Owned)).await).contains(&id.as_str()),
        "not OWNED by the other account"
    );
    assert!(ids(&images_of_type(&dev, None).await).contains(&id.as_str()));
    let by_id = dev
        .describe_workspace_images()
        .image_ids(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(ids(by_id.images()), [id.as_str()], "ImageIds finds it too");

    let copy = dev
        .copy_workspace_image()
        .source_image_id(&id)
        .source_region(REGION)
        .name("Eng-2022-from-corp")
        .send()
        .await
        .expect("CopyWorkspaceImage of the shared image")
        .image_id()
        .unwrap()
        .to_string();
    assert_ne!(copy, id);
    let mine = images_of_type(&dev, Some(ImageType::Owned)).await;
    let copied = mine
        .iter()
        .find(|i| i.image_id() == Some(copy.as_str()))
        .expect("the copy is the other account's own");
    assert_eq!(copied.owner_account_id(), Some(DEV_ACCOUNT));
    assert_eq!(
        copied.operating_system().and_then(|o| o.r#type()),
        image.operating_system().and_then(|o| o.r#type())
    );
    assert!(
        describe_image(&owner, &copy).await.is_none(),
        "the copy is not in the owner's account"
    );

    share(&owner, &id, false).await;
    let after = images_of_type(&dev, Some(ImageType::Shared)).await;
    assert!(!ids(&after).contains(&id.as_str()), "hidden after revoke");
    expect_code(
        "copying after the share was revoked",
        dev.copy_workspace_image()
            .source_image_id(&id)
            .source_region(REGION)
            .name("too-late")
            .send()
            .await,
        NOT_FOUND,
    );
    assert!(
        ids(&images_of_type(&dev, Some(ImageType::Owned)).await).contains(&copy.as_str()),
        "the copy made while it was shared stays"
    );
}

#[tokio::test]
async fn sharing_is_per_region() {
    let emu = start(10).await;
    let owner = client(&emu);
    let image = images_of_type(&owner, Some(ImageType::Owned))
        .await
        .into_iter()
        .find(|i| i.name() == Some("Win11-Finance-v3"))
        .unwrap();
    let id = image.image_id().unwrap().to_string();
    share(&owner, &id, true).await;
    let dev_elsewhere = dev_client(&emu, OTHER_REGION);
    assert!(
        !ids(&images_of_type(&dev_elsewhere, Some(ImageType::Shared)).await).contains(&id.as_str()),
        "shared in {REGION} only"
    );
    // Copying it into another Region names its SourceRegion, where it is shared.
    let copy = dev_elsewhere
        .copy_workspace_image()
        .source_image_id(&id)
        .source_region(REGION)
        .name("Finance-eu")
        .send()
        .await
        .expect("cross-Region copy of a shared image");
    assert!(copy.image_id().is_some());
}
