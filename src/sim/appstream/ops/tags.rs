//! TagResource, UntagResource and ListTagsForResource. WorkSpaces Applications tags are a
//! map (`Tags`: 1..50 entries; TagKey 1..128 characters not starting with `aws:`, TagValue up
//! to 256) on images, fleets and stacks, addressed by ARN.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{empty_result, parse, pattern, reply, Ctx};
use crate::sim::appstream::errors;
use crate::sim::appstream::store::AppStore;
use crate::sim::error::ApiError;
use crate::sim::validate::{item, Violations};

/// Tags per resource.
const MAX_TAGS: usize = 50;

/// `TagKey` is `^(^(?!aws:).[\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`: Rust's regex has no look-ahead, so
/// the `aws:` prefix is refused apart (as this pattern, which says the same).
const TAG_KEY: &str = r"^.[\p{L}\p{Z}\p{N}_.:/=+\-@]*$";
const NOT_AWS: &str = r"^(?:[^a]|a[^w]|aw[^s]|aws[^:]).*$";
/// `TagValue`.
const TAG_VALUE: &str = r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$";

/// The model's constraints on one `TagKey`.
pub fn check_tag_key(v: &mut Violations, member: &str, key: &str) {
    v.length(member, key, 1, Some(128));
    if key.starts_with("aws:") {
        v.pattern(member, key, NOT_AWS);
    } else if !key.is_empty() {
        v.pattern(member, key, TAG_KEY);
    }
}

/// The model's constraints on a `Tags` map.
pub fn check_tags(v: &mut Violations, member: &str, tags: &BTreeMap<String, String>) {
    v.count(member, tags.len(), 1, MAX_TAGS);
    for (key, value) in tags {
        check_tag_key(v, &format!("{member}.key"), key);
        v.length(&format!("{member}.value"), value, 0, Some(256));
        v.pattern(&format!("{member}.value"), value, TAG_VALUE);
    }
}

/// Merges `new` into the tags of `arn`; more than 50 tags in all is a
/// LimitExceededException and changes nothing.
pub fn merge_tags(
    store: &mut AppStore,
    arn: &str,
    new: BTreeMap<String, String>,
) -> Result<(), ApiError> {
    let existing = store.tags.get(arn).cloned().unwrap_or_default();
    let mut merged = existing;
    merged.extend(new);
    if merged.len() > MAX_TAGS {
        return Err(errors::limit_exceeded(format!(
            "A resource can have at most {MAX_TAGS} tags."
        )));
    }
    store.tags.insert(arn.to_string(), merged);
    Ok(())
}

fn check_arn(v: &mut Violations, arn: &Option<String>) {
    if v.required("resourceArn", arn) {
        v.pattern("resourceArn", arn.as_deref().unwrap_or(""), pattern::ARN);
    }
}

fn existing<'a>(store: &AppStore, arn: &'a str) -> Result<&'a str, ApiError> {
    if store.resource_exists(arn) {
        Ok(arn)
    } else {
        Err(errors::not_found(format!(
            "The resource {arn} does not exist."
        )))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TagResourceRequest {
    resource_arn: Option<String>,
    tags: Option<BTreeMap<String, String>>,
}

/// TagResource: "If you specify a key that already exists, the value is overwritten."
pub fn tag_resource(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: TagResourceRequest = parse(body)?;
    let mut v = Violations::new();
    check_arn(&mut v, &req.resource_arn);
    if v.required("tags", &req.tags) {
        check_tags(
            &mut v,
            "tags",
            req.tags.as_ref().unwrap_or(&BTreeMap::new()),
        );
    }
    v.finish()?;
    let arn = req.resource_arn.unwrap_or_default();
    ctx.with_store(|store| {
        existing(store, &arn)?;
        merge_tags(store, &arn, req.tags.unwrap_or_default())?;
        empty_result()
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UntagResourceRequest {
    resource_arn: Option<String>,
    tag_keys: Option<Vec<String>>,
}

/// UntagResource: keys the resource does not have are ignored.
pub fn untag_resource(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: UntagResourceRequest = parse(body)?;
    let mut v = Violations::new();
    check_arn(&mut v, &req.resource_arn);
    if v.required("tagKeys", &req.tag_keys) {
        let keys = req.tag_keys.as_deref().unwrap_or_default();
        v.count("tagKeys", keys.len(), 1, MAX_TAGS);
        for (i, k) in keys.iter().enumerate() {
            check_tag_key(&mut v, &item("tagKeys", i), k);
        }
    }
    v.finish()?;
    let arn = req.resource_arn.unwrap_or_default();
    ctx.with_store(|store| {
        existing(store, &arn)?;
        if let Some(tags) = store.tags.get_mut(&arn) {
            for k in req.tag_keys.iter().flatten() {
                tags.remove(k);
            }
        }
        empty_result()
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListTagsRequest {
    resource_arn: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ListTagsResponse {
    tags: BTreeMap<String, String>,
}

pub fn list_tags(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: ListTagsRequest = parse(body)?;
    let mut v = Violations::new();
    check_arn(&mut v, &req.resource_arn);
    v.finish()?;
    let arn = req.resource_arn.unwrap_or_default();
    ctx.with_store(|store| {
        existing(store, &arn)?;
        reply(&ListTagsResponse {
            tags: store.tags.get(&arn).cloned().unwrap_or_default(),
        })
    })
}
