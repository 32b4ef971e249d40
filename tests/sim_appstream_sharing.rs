//! WorkSpaces Applications image sharing as the grantee sees it: an image shared with another
//! account (UpdateImagePermissions, or the seed's grant) appears in that account's
//! DescribeImages with Visibility SHARED and the ImagePermissions granted, with and without the
//! Type=SHARED filter, over awsJson1.1 and RPC v2 CBOR and through the real
//! `aws-sdk-appstream` client; DeleteImagePermissions takes it away again.

mod common;
mod sim_appstream_raw;

use aws_sdk_appstream::config::retry::RetryConfig;
use aws_sdk_appstream::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_appstream::types::{ImagePermissions, VisibilityType};
use aws_sdk_appstream::Client;
use serde_json::{json, Value};
use sim_appstream_raw::{call, Wire, BOTH};
use wsfleet::sim::Emulator;

/// The default account, 123456789012.
const DEFAULT: &str = "AKIDWSFLEETDEMO";
/// The demo's second account, 210987654321: the seed shares one default-account image with it.
const DEV: &str = "AKIDWSFLEETDEV";
const DEV_ACCOUNT: &str = "210987654321";
/// The demo's third account, 310000000003.
const EU: &str = "AKIDWSFLEETEU";
const EU_ACCOUNT: &str = "310000000003";

fn sdk(emu: &Emulator, akid: &str) -> Client {
    let conf = aws_sdk_appstream::config::Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(common::REGION))
        .endpoint_url(emu.endpoint_url())
        .credentials_provider(Credentials::new(akid, "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(conf)
}

/// Every image DescribeImages lists for `akid` with the members of `filter`, over all pages.
async fn images(emu: &Emulator, wire: Wire, akid: &str, filter: Value) -> Vec<Value> {
    let mut out = Vec::new();
    let mut body = filter;
    loop {
        let a = call(&emu.endpoint_url(), wire, akid, "DescribeImages", &body).await;
        assert_eq!(a.status, 200, "{wire:?} DescribeImages: {}", a.body);
        out.extend(a.body["Images"].as_array().unwrap().iter().cloned());
        match a.body["NextToken"].as_str() {
            Some(t) => body["NextToken"] = json!(t),
            None => return out,
        }
    }
}

fn by_arn<'a>(list: &'a [Value], arn: &str) -> Option<&'a Value> {
    list.iter().find(|i| i["Arn"] == arn)
}

/// What `akid` sees of the image `arn` over `wire`: in the unfiltered listing, the SHARED
/// listing, and by Arns; None when it is in none of them (and all three must agree).
async fn seen(emu: &Emulator, wire: Wire, akid: &str, arn: &str) -> Option<Value> {
    let all = images(emu, wire, akid, json!({})).await;
    let shared = images(emu, wire, akid, json!({"Type": "SHARED"})).await;
    assert!(
        shared.iter().all(|i| i["Visibility"] == "SHARED"),
        "{wire:?}: Type=SHARED lists only shared images"
    );
    let a = by_arn(&all, arn).cloned();
    assert_eq!(a, by_arn(&shared, arn).cloned(), "{wire:?} {akid} {arn}");
    let by_arns = call(
        &emu.endpoint_url(),
        wire,
        akid,
        "DescribeImages",
        &json!({"Arns": [arn]}),
    )
    .await;
    match &a {
        Some(img) => assert_eq!(&by_arns.body["Images"][0], img, "{wire:?} by Arns"),
        None => assert_eq!(by_arns.code(), "ResourceNotFoundException", "{wire:?}"),
    }
    a
}

fn permissions(image: &Value) -> (Value, Value) {
    let p = &image["ImagePermissions"];
    (p["allowFleet"].clone(), p["allowImageBuilder"].clone())
}

/// The default account's image the seed shares with the dev account.
async fn seeded_share(emu: &Emulator) -> (String, String) {
    let own = images(emu, Wire::Json, DEFAULT, json!({"Type": "PRIVATE"})).await;
    for image in own.iter().filter(|i| i["ImageSharedWithOthers"] == "TRUE") {
        let name = image["Name"].as_str().unwrap();
        let p = call(
            &emu.endpoint_url(),
            Wire::Json,
            DEFAULT,
            "DescribeImagePermissions",
            &json!({"Name": name}),
        )
        .await;
        let list = p.body["SharedImagePermissionsList"].as_array().unwrap();
        if list.iter().any(|s| s["sharedAccountId"] == DEV_ACCOUNT) {
            return (name.to_string(), image["Arn"].as_str().unwrap().to_string());
        }
    }
    panic!("the seed shares a default-account image with {DEV_ACCOUNT}");
}

#[tokio::test]
async fn the_seeded_grant_is_seen_by_the_grantee_even_before_the_owner_is_used() {
    for wire in BOTH {
        let emu = common::start(300).await;
        // The dev account asks first: the default account's store does not exist yet.
        let dev_view = images(&emu, wire, DEV, json!({"Type": "SHARED"})).await;
        let (name, arn) = seeded_share(&emu).await;
        let image = by_arn(&dev_view, &arn).expect("the grantee sees the seeded share");
        assert_eq!(image["Visibility"], "SHARED");
        assert_eq!(image["Name"], name.as_str());
        assert!(arn.contains(":123456789012:image/"), "{arn}");
        assert_eq!(permissions(image), (json!(true), json!(false)));
        assert!(
            image.get("ImageBuilderName").is_none(),
            "the owner's builder"
        );
        assert_eq!(seen(&emu, wire, DEV, &arn).await.as_ref(), Some(image));
        // Names address it too.
        let by_name = call(
            &emu.endpoint_url(),
            wire,
            DEV,
            "DescribeImages",
            &json!({"Names": [name]}),
        )
        .await;
        let found = by_name.body["Images"].as_array().unwrap();
        assert!(by_arn(found, &arn).is_some(), "{wire:?} by Names");
        // Nobody else sees it, and the owner still sees it as its own.
        assert_eq!(seen(&emu, wire, EU, &arn).await, None);
        let own = images(&emu, wire, DEFAULT, json!({"Names": [name]})).await;
        assert_eq!(own[0]["Visibility"], "PRIVATE");
    }

    // The real SDK (RPC v2 CBOR) reads the same.
    let emu = common::start(300).await;
    let dev = sdk(&emu, DEV);
    let out = dev
        .describe_images()
        .r#type(VisibilityType::Shared)
        .send()
        .await
        .unwrap();
    let (_, arn) = seeded_share(&emu).await;
    let image = out
        .images()
        .iter()
        .find(|i| i.arn() == Some(arn.as_str()))
        .expect("SDK: shared image listed");
    assert_eq!(image.visibility(), Some(&VisibilityType::Shared));
    let p = image.image_permissions().unwrap();
    assert_eq!(
        (p.allow_fleet(), p.allow_image_builder()),
        (Some(true), Some(false))
    );
}

/// A private AVAILABLE image of the default account that is shared with no one.
async fn unshared_image(emu: &Emulator, skip: &[String]) -> (String, String) {
    let own = images(emu, Wire::Json, DEFAULT, json!({"Type": "PRIVATE"})).await;
    let image = own
        .iter()
        .find(|i| {
            i["State"] == "AVAILABLE"
                && i["ImageSharedWithOthers"] == "FALSE"
                && !skip.iter().any(|s| i["Name"] == s.as_str())
        })
        .expect("an unshared image");
    let s = |k: &str| image[k].as_str().unwrap().to_string();
    (s("Name"), s("Arn"))
}

async fn grant(emu: &Emulator, wire: Wire, name: &str, fleet: bool, builder: bool) {
    let body = json!({
        "Name": name,
        "SharedAccountId": EU_ACCOUNT,
        "ImagePermissions": {"allowFleet": fleet, "allowImageBuilder": builder},
    });
    let a = call(
        &emu.endpoint_url(),
        wire,
        DEFAULT,
        "UpdateImagePermissions",
        &body,
    )
    .await;
    assert_eq!(a.status, 200, "{wire:?} UpdateImagePermissions: {}", a.body);
}

#[tokio::test]
async fn a_new_grant_appears_with_its_permissions_and_goes_with_delete() {
    let emu = common::start(300).await;
    let mut done = Vec::new();
    for wire in BOTH {
        let (name, arn) = unshared_image(&emu, &done).await;
        done.push(name.clone());
        assert_eq!(seen(&emu, wire, EU, &arn).await, None, "not shared yet");

        grant(&emu, wire, &name, false, true).await;
        // Seen over both protocols, whichever one granted it.
        for read in BOTH {
            let image = seen(&emu, read, EU, &arn).await.expect("shared");
            assert_eq!(image["Visibility"], "SHARED");
            assert_eq!(permissions(&image), (json!(false), json!(true)), "{read:?}");
        }
        // Updating the grant changes what the grantee sees.
        grant(&emu, wire, &name, true, true).await;
        let image = seen(&emu, wire, EU, &arn).await.expect("still shared");
        assert_eq!(permissions(&image), (json!(true), json!(true)));
        // Another account of the demo still does not see it.
        assert_eq!(seen(&emu, wire, DEV, &arn).await, None);

        let body = json!({"Name": name, "SharedAccountId": EU_ACCOUNT});
        let a = call(
            &emu.endpoint_url(),
            wire,
            DEFAULT,
            "DeleteImagePermissions",
            &body,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.body);
        for read in BOTH {
            assert_eq!(
                seen(&emu, read, EU, &arn).await,
                None,
                "{read:?} after delete"
            );
        }
    }

    // Through the real SDK: grant, see, delete, gone.
    let (name, arn) = unshared_image(&emu, &done).await;
    let owner = sdk(&emu, DEFAULT);
    let eu = sdk(&emu, EU);
    owner
        .update_image_permissions()
        .name(&name)
        .shared_account_id(EU_ACCOUNT)
        .image_permissions(
            ImagePermissions::builder()
                .allow_fleet(true)
                .allow_image_builder(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let shared = eu
        .describe_images()
        .r#type(VisibilityType::Shared)
        .send()
        .await
        .unwrap();
    let image = shared
        .images()
        .iter()
        .find(|i| i.arn() == Some(arn.as_str()))
        .expect("SDK: granted image listed");
    let p = image.image_permissions().unwrap();
    assert_eq!(
        (p.allow_fleet(), p.allow_image_builder()),
        (Some(true), Some(false))
    );
    owner
        .delete_image_permissions()
        .name(&name)
        .shared_account_id(EU_ACCOUNT)
        .send()
        .await
        .unwrap();
    let after = eu.describe_images().send().await.unwrap();
    assert!(after.images().iter().all(|i| i.arn() != Some(arn.as_str())));
}

#[tokio::test]
async fn the_grantee_can_stream_a_shared_image_only_with_allow_fleet() {
    let emu = common::start(300).await;
    let url = emu.endpoint_url();
    let (name, arn) = unshared_image(&emu, &[]).await;
    let platform = images(&emu, Wire::Json, DEFAULT, json!({"Names": [name]})).await[0]["Platform"]
        .as_str()
        .unwrap()
        .to_string();
    // A STOPPED fleet of the grantee that streams an image of the same platform family.
    let fleets = call(&url, Wire::Json, EU, "DescribeFleets", &json!({})).await;
    let windows = |p: &str| p.starts_with("WINDOWS");
    let fleet = fleets.body["Fleets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["State"] == "STOPPED"
                && f["FleetType"] != "ELASTIC"
                && windows(f["Platform"].as_str().unwrap()) == windows(&platform)
        })
        .expect("a stopped fleet to update")["Name"]
        .as_str()
        .unwrap()
        .to_string();
    let update = json!({"Name": fleet, "ImageArn": arn});

    grant(&emu, Wire::Cbor, &name, false, true).await;
    let a = call(&url, Wire::Json, EU, "UpdateFleet", &update).await;
    assert_eq!(a.code(), "OperationNotPermittedException", "{}", a.body);

    grant(&emu, Wire::Cbor, &name, true, false).await;
    let a = call(&url, Wire::Cbor, EU, "UpdateFleet", &update).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["Fleet"]["ImageArn"], arn.as_str());
}
