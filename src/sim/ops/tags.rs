//! DescribeTags, CreateTags and DeleteTags.
//! "Each WorkSpaces resource can have a maximum of 50 tags"; Tag Key 1..127 characters,
//! Value up to 255 (the `Tag` shape). The ResourceId may be a WorkSpace, a registered
//! directory, an image, a custom bundle or a pool; an Amazon bundle is refused
//! (InvalidParameterValuesException), as are keys starting with `aws:` to add or remove.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{empty, parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::store::RegionStore;
use crate::sim::types::Tag;
use crate::sim::validate::{item, Violations};

pub const MAX_TAGS: usize = 50;

/// Constraint checks for a `Tags` list member.
pub fn check_tags(v: &mut Violations, member: &str, tags: &[Tag]) {
    for (i, t) in tags.iter().enumerate() {
        let path = item(member, i);
        let key_path = format!("{path}.key");
        if v.required(&key_path, &t.key) {
            v.length(&key_path, t.key.as_deref().unwrap_or(""), 1, Some(127));
        }
        if let Some(value) = &t.value {
            v.length(&format!("{path}.value"), value, 0, Some(255));
        }
    }
}

/// Rules beyond the model: reserved `aws:` keys, and at most 50 tags per resource after the
/// new ones are merged in (keys that already exist only change their value).
pub fn check_new_tags(store: &RegionStore, id: &str, new: &[Tag]) -> Result<(), ApiError> {
    if let Some(t) = new.iter().find(|t| {
        t.key
            .as_deref()
            .is_some_and(|k| k.to_ascii_lowercase().starts_with("aws:"))
    }) {
        return Err(ApiError::invalid_parameter(format!(
            "Tag keys starting with 'aws:' are reserved: {}",
            t.key.as_deref().unwrap_or("")
        )));
    }
    let existing = store.tags.get(id).map(Vec::as_slice).unwrap_or_default();
    let mut keys: Vec<&str> = existing.iter().filter_map(|t| t.key.as_deref()).collect();
    for t in new {
        let k = t.key.as_deref().unwrap_or("");
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    if keys.len() > MAX_TAGS {
        return Err(ApiError::limit_exceeded(format!(
            "A WorkSpaces resource can have at most {MAX_TAGS} tags; {id} would have {}",
            keys.len()
        )));
    }
    Ok(())
}

fn check_resource_id(v: &mut Violations, id: &Option<String>) {
    if v.required("resourceId", id) {
        v.length("resourceId", id.as_deref().unwrap_or(""), 1, None);
    }
}

/// CreateTags and DeleteTags take "custom bundles": a public bundle (owned by AMAZON) is not
/// the account's to tag.
fn check_own(store: &RegionStore, id: &str) -> Result<(), ApiError> {
    match store.bundles.get(id) {
        Some(b) if b.owner != store.account_id => Err(ApiError::invalid_parameter(format!(
            "Tags can only be added to or removed from custom bundles; {id} is owned by {}",
            b.owner
        ))),
        _ => Ok(()),
    }
}

/// Keys starting with `aws:` are AWS's own: they cannot be removed either.
fn check_reserved_keys(keys: &[String]) -> Result<(), ApiError> {
    match keys
        .iter()
        .find(|k| k.to_ascii_lowercase().starts_with("aws:"))
    {
        Some(k) => Err(ApiError::invalid_parameter(format!(
            "Tag keys starting with 'aws:' are reserved: {k}"
        ))),
        None => Ok(()),
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(id, format!("The resource {id} could not be found."))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeTagsRequest {
    resource_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeTagsResponse {
    tag_list: Vec<Tag>,
}

pub fn describe_tags(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: DescribeTagsRequest = parse(body)?;
    let mut v = Violations::new();
    check_resource_id(&mut v, &req.resource_id);
    v.finish()?;
    let id = req.resource_id.unwrap_or_default();
    ctx.with_store(|store| {
        if !store.resource_exists(&id) {
            return Err(not_found(&id));
        }
        reply(&DescribeTagsResponse {
            tag_list: store.tags.get(&id).cloned().unwrap_or_default(),
        })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateTagsRequest {
    resource_id: Option<String>,
    tags: Option<Vec<Tag>>,
}

pub fn create_tags(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: CreateTagsRequest = parse(body)?;
    let mut v = Violations::new();
    check_resource_id(&mut v, &req.resource_id);
    if v.required("tags", &req.tags) {
        check_tags(&mut v, "tags", req.tags.as_deref().unwrap_or_default());
    }
    v.finish()?;
    let id = req.resource_id.unwrap_or_default();
    let tags = req.tags.unwrap_or_default();
    ctx.with_store(|store| {
        if !store.resource_exists(&id) {
            return Err(not_found(&id));
        }
        check_own(store, &id)?;
        check_new_tags(store, &id, &tags)?;
        store.merge_tags(&id, &tags);
        empty()
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteTagsRequest {
    resource_id: Option<String>,
    tag_keys: Option<Vec<String>>,
}

pub fn delete_tags(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: DeleteTagsRequest = parse(body)?;
    let mut v = Violations::new();
    check_resource_id(&mut v, &req.resource_id);
    if v.required("tagKeys", &req.tag_keys) {
        for (i, k) in req.tag_keys.iter().flatten().enumerate() {
            v.length(&item("tagKeys", i), k, 1, None);
        }
    }
    v.finish()?;
    let id = req.resource_id.unwrap_or_default();
    let keys = req.tag_keys.unwrap_or_default();
    ctx.with_store(|store| {
        if !store.resource_exists(&id) {
            return Err(not_found(&id));
        }
        check_own(store, &id)?;
        check_reserved_keys(&keys)?;
        if let Some(tags) = store.tags.get_mut(&id) {
            tags.retain(|t| !keys.iter().any(|k| t.key.as_deref() == Some(k)));
        }
        empty()
    })
}
