//! CreateTags / DeleteTags / DescribeTags against the WorkSpaces model (issue 27, tags in
//! bulk): every resource type wsfleet tags (WorkSpaces, images, custom bundles, directories,
//! pools), the `Tag` shape's lengths read from the model, the 50-tag limit
//! (ResourceLimitExceededException), Amazon bundles and reserved `aws:` keys refused, and
//! only the errors the model lists for each operation.

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use aws_sdk_workspaces::Client;
use common::*;
use serde_json::Value;

/// The WorkSpaces model (`/work/shared/specs`, gzipped; read with `gzip -dc`, as the
/// WorkSpaces Applications model tests do).
fn model() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/specs/workspaces-2015-04-08.service.json.gz");
    let out = std::process::Command::new("gzip")
        .arg("-dc")
        .arg(&path)
        .output()
        .expect("gzip runs");
    assert!(out.status.success(), "gzip -dc {}", path.display());
    let mut text = String::new();
    out.stdout.as_slice().read_to_string(&mut text).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn errors_of(m: &Value, op: &str) -> Vec<String> {
    m["operations"][op]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["shape"].as_str().unwrap().to_string())
        .collect()
}

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

/// One resource of each type wsfleet tags: WorkSpace, image, custom bundle, directory, pool.
async fn one_of_each(c: &Client) -> Vec<String> {
    let ws = &all_workspaces(c).await[0];
    let image = all_images(c).await[0].image_id().unwrap().to_string();
    let own = c.describe_workspace_bundles().send().await.unwrap();
    let bundle = own
        .bundles()
        .first()
        .and_then(|b| b.bundle_id())
        .expect("a custom bundle")
        .to_string();
    let pool = all_pools(c).await[0].pool_id().to_string();
    vec![
        ws_id(ws),
        image,
        bundle,
        ws.directory_id().unwrap().to_string(),
        pool,
    ]
}

#[tokio::test]
async fn every_resource_type_takes_tags_and_gives_them_back() {
    let emu = start(20).await;
    let c = client(&emu);
    for id in one_of_each(&c).await {
        c.create_tags()
            .resource_id(&id)
            .tags(tag("env", "prod"))
            .tags(tag("team", ""))
            .send()
            .await
            .unwrap_or_else(|e| panic!("CreateTags on {id}: {}", code_of(&e)));
        let tags = tags_of(&c, &id).await;
        assert_eq!(tags.get("env").map(String::as_str), Some("prod"), "{id}");
        assert_eq!(tags.get("team").map(String::as_str), Some(""), "{id}");
        c.delete_tags()
            .resource_id(&id)
            .tag_keys("env")
            .tag_keys("not-there")
            .send()
            .await
            .unwrap_or_else(|e| panic!("DeleteTags on {id}: {}", code_of(&e)));
        let tags = tags_of(&c, &id).await;
        assert!(
            !tags.contains_key("env") && tags.contains_key("team"),
            "{id}"
        );
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn tag_lengths_are_the_models() {
    let m = model();
    let key = &m["shapes"]["TagKey"];
    let value = &m["shapes"]["TagValue"];
    let (kmin, kmax) = (key["min"].as_u64().unwrap(), key["max"].as_u64().unwrap());
    let vmax = value["max"].as_u64().unwrap();
    assert_eq!((kmin, kmax, vmax), (1, 127, 255));
    // The model gives no pattern for keys or values: none may be enforced.
    assert!(key.get("pattern").is_none() && value.get("pattern").is_none());
    // wsfleet's form checks the same numbers.
    let long_key = format!("{}=v", "k".repeat(kmax as usize + 1));
    assert!(wsfleet::domain::tagging::TagEdit::parse(&long_key).is_err());

    let emu = start(20).await;
    let c = client(&emu);
    for id in one_of_each(&c).await {
        let ok = c
            .create_tags()
            .resource_id(&id)
            .tags(tag(&"k".repeat(kmax as usize), &"v".repeat(vmax as usize)))
            .tags(tag("spaces and ü/+=.@:_-", "any text, even ünïcode"))
            .send()
            .await;
        ok.unwrap_or_else(|e| panic!("maximum lengths on {id}: {}", code_of(&e)));
        expect_validation(
            "empty key",
            c.create_tags()
                .resource_id(&id)
                .tags(tag("", "v"))
                .send()
                .await,
        );
        expect_validation(
            "value too long",
            c.create_tags()
                .resource_id(&id)
                .tags(tag("k", &"v".repeat(vmax as usize + 1)))
                .send()
                .await,
        );
        expect_validation(
            "empty key to delete",
            c.delete_tags().resource_id(&id).tag_keys("").send().await,
        );
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn fifty_tags_per_resource_on_every_type() {
    let m = model();
    assert!(errors_of(&m, "CreateTags").contains(&"ResourceLimitExceededException".into()));
    let emu = start(20).await;
    let c = client(&emu);
    for id in one_of_each(&c).await {
        let have = tags_of(&c, &id).await.len();
        let mut fill = c.create_tags().resource_id(&id);
        for i in 0..(50 - have) {
            fill = fill.tags(tag(&format!("fill{i}"), "v"));
        }
        if have < 50 {
            fill.send().await.expect("up to 50 is allowed");
        }
        expect_code(
            "the 51st tag",
            c.create_tags()
                .resource_id(&id)
                .tags(tag("one-more", "v"))
                .send()
                .await,
            &["ResourceLimitExceededException"],
        );
        assert_eq!(
            tags_of(&c, &id).await.len(),
            50,
            "{id}: refused adds nothing"
        );
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn amazon_bundles_and_aws_keys_are_refused_with_listed_errors() {
    let m = model();
    let emu = start(20).await;
    let c = client(&emu);
    let amazon = c
        .describe_workspace_bundles()
        .owner("AMAZON")
        .send()
        .await
        .unwrap();
    let amazon = amazon.bundles()[0].bundle_id().unwrap().to_string();
    let code = code_of(&expect_code(
        "CreateTags on an Amazon bundle",
        c.create_tags()
            .resource_id(&amazon)
            .tags(tag("env", "x"))
            .send()
            .await,
        &["InvalidParameterValuesException"],
    ));
    assert!(errors_of(&m, "CreateTags").contains(&code));
    let code = code_of(&expect_code(
        "DeleteTags on an Amazon bundle",
        c.delete_tags()
            .resource_id(&amazon)
            .tag_keys("env")
            .send()
            .await,
        &["InvalidParameterValuesException"],
    ));
    assert!(errors_of(&m, "DeleteTags").contains(&code));
    let ws = ws_id(&all_workspaces(&c).await[0]);
    for what in ["CreateTags", "DeleteTags"] {
        let res = if what == "CreateTags" {
            c.create_tags()
                .resource_id(&ws)
                .tags(tag("aws:owner", "x"))
                .send()
                .await
                .map(drop)
                .map_err(|e| code_of(&e))
        } else {
            c.delete_tags()
                .resource_id(&ws)
                .tag_keys("AWS:owner")
                .send()
                .await
                .map(drop)
                .map_err(|e| code_of(&e))
        };
        assert_eq!(
            res,
            Err("InvalidParameterValuesException".to_string()),
            "{what} with an aws: key"
        );
    }
    // An unknown resource: ResourceNotFoundException, listed for all three.
    for op in ["CreateTags", "DeleteTags", "DescribeTags"] {
        assert!(errors_of(&m, op).contains(&"ResourceNotFoundException".into()));
    }
    emu.shutdown().await;
}
