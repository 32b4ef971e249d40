//! DescribeImages, CreateUpdatedImage and DeleteImage. Images are addressed by Name; an image
//! "has an update available" when it runs an older agent than the latest
//! (LatestAppstreamAgentVersion FALSE), and CreateUpdatedImage builds a new image with the
//! latest one, PENDING, then AVAILABLE after the transition time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::shared_images::shared_with_caller;
use super::tags::{check_tags, merge_tags};
use super::{check_name, check_names, cursor, page, parse, pattern, reply, Ctx};
use crate::sim::appstream::errors;
use crate::sim::appstream::seed::LATEST_AGENT;
use crate::sim::appstream::store::{AppStore, ImageRec};
use crate::sim::appstream::types::{image_state, Image};
use crate::sim::error::ApiError;
use crate::sim::types::{epoch_seconds, Millis};
use crate::sim::validate::{item, Violations};

/// Images an account may own per Region (the service quota's default is far lower for image
/// builders; images themselves are limited to a few hundred).
const MAX_IMAGES: usize = 100;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeImagesRequest {
    names: Option<Vec<String>>,
    arns: Option<Vec<String>>,
    #[serde(rename = "Type")]
    visibility: Option<String>,
    next_token: Option<String>,
    max_results: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeImagesResult {
    images: Vec<Image>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// DescribeImages: "Retrieves a list that describes one or more specified images, if the
/// image names or image ARNs are provided. Otherwise, all images in the account are
/// described." Names and Arns together are an InvalidParameterCombinationException; a name
/// or ARN that matches no image is a ResourceNotFoundException. Images other accounts share
/// with the caller (UpdateImagePermissions) are listed as SHARED. Sorted by name, then ARN.
pub fn describe_images(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeImages";
    let req: DescribeImagesRequest = parse(body)?;
    let mut v = Violations::new();
    check_names(&mut v, "names", &req.names);
    for (i, arn) in req.arns.iter().flatten().enumerate() {
        v.pattern(&item("arns", i), arn, pattern::ARN);
    }
    if let Some(t) = &req.visibility {
        v.one_of("type", t, &["PUBLIC", "PRIVATE", "SHARED"]);
    }
    if let Some(m) = req.max_results {
        v.range("maxResults", m, 0, Some(25));
    }
    if let Some(t) = &req.next_token {
        v.length("nextToken", t, 1, None);
    }
    v.finish()?;
    if req.names.is_some() && req.arns.is_some() {
        return Err(errors::invalid_combination(
            "Specify either Names or Arns, not both.",
        ));
    }
    let after = cursor(OP, &req.next_token)?;
    let limit = match req.max_results {
        Some(m) if m > 0 => m as usize,
        _ => 25,
    };
    // Read before the caller's own store is locked (one store locked at a time).
    let shared = shared_with_caller(ctx);
    ctx.with_store(|store| {
        let mut all: Vec<Image> = store.images.values().map(|i| i.image.clone()).collect();
        all.extend(shared);
        for name in req.names.iter().flatten() {
            if !all.iter().any(|i| &i.name == name) {
                return Err(errors::not_found(format!(
                    "The image {name} does not exist."
                )));
            }
        }
        for arn in req.arns.iter().flatten() {
            if !all.iter().any(|i| &i.arn == arn) {
                return Err(errors::not_found(format!(
                    "The image {arn} does not exist."
                )));
            }
        }
        let mut rows: Vec<Image> = all
            .into_iter()
            .filter(|i| req.names.as_ref().is_none_or(|n| n.contains(&i.name)))
            .filter(|i| req.arns.as_ref().is_none_or(|a| a.contains(&i.arn)))
            .filter(|i| req.visibility.as_ref().is_none_or(|t| *t == i.visibility))
            .collect();
        // An image shared with the caller may carry the name of one of its own: the ARN
        // tells them apart (names have no spaces, so "name arn" sorts by name first).
        let key = |i: &Image| format!("{} {}", i.name, i.arn);
        rows.sort_by_key(key);
        let (images, next_token) = page(OP, rows, after, limit, key);
        reply(&DescribeImagesResult { images, next_token })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateUpdatedImageRequest {
    existing_image_name: Option<String>,
    new_image_name: Option<String>,
    new_image_description: Option<String>,
    new_image_display_name: Option<String>,
    new_image_tags: Option<BTreeMap<String, String>>,
    dry_run: Option<bool>,
}

/// The result members are camelCase in the model: `image`, `canUpdateImage`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateUpdatedImageResult {
    image: Image,
    can_update_image: bool,
}

/// An owned image the caller may update, or the error the model lists for it.
fn owned_image<'a>(store: &'a AppStore, name: &str) -> Result<&'a ImageRec, ApiError> {
    let rec = store
        .images
        .get(name)
        .ok_or_else(|| errors::not_found(format!("The image {name} does not exist.")))?;
    if rec.owner != store.account_id {
        return Err(errors::not_permitted(format!(
            "The image {name} is {}; only images this account owns can be changed.",
            rec.image.visibility
        )));
    }
    Ok(rec)
}

/// CreateUpdatedImage: "Creates a new image with the latest Windows operating system
/// updates, driver updates, and WorkSpaces Applications agent software." With dryRun the
/// answer only says whether updates are available (`canUpdateImage`) for the existing image,
/// and nothing is created. Otherwise the existing image must be AVAILABLE and have an update
/// (OperationNotPermittedException), and the new name must be free
/// (ResourceAlreadyExistsException). The existing image is kept.
pub fn create_updated_image(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: CreateUpdatedImageRequest = parse(body)?;
    let mut v = Violations::new();
    check_create_updated(&mut v, &req);
    v.finish()?;
    let existing = req.existing_image_name.unwrap_or_default();
    let new_name = req.new_image_name.unwrap_or_default();
    ctx.with_store(|store| {
        let src = owned_image(store, &existing)?;
        let can_update = src.image.state == image_state::AVAILABLE
            && src.image.latest_appstream_agent_version == "FALSE";
        if req.dry_run == Some(true) {
            return reply(&CreateUpdatedImageResult {
                image: src.image.clone(),
                can_update_image: can_update,
            });
        }
        check_can_update(store, &existing, &src.image, can_update, &new_name)?;
        let mut image = updated_copy(store, &src.image, &new_name, ctx.now);
        image.display_name = req.new_image_display_name.or(image.display_name);
        image.description = req.new_image_description.or(image.description);
        let arn = image.arn.clone();
        let owner = store.account_id.clone();
        store.images.insert(
            new_name.clone(),
            ImageRec {
                image,
                owner,
                shared_with: BTreeMap::new(),
                available_at: None,
            },
        );
        store.begin_image_pending(&new_name, ctx.now);
        if let Some(tags) = req.new_image_tags {
            merge_tags(store, &arn, tags)?;
        }
        reply(&CreateUpdatedImageResult {
            image: store.images[&new_name].image.clone(),
            can_update_image: true,
        })
    })
}

/// CreateUpdatedImage's model constraints.
fn check_create_updated(v: &mut Violations, req: &CreateUpdatedImageRequest) {
    check_name(v, "existingImageName", &req.existing_image_name);
    check_name(v, "newImageName", &req.new_image_name);
    if let Some(d) = &req.new_image_description {
        v.length("newImageDescription", d, 0, Some(256));
    }
    if let Some(d) = &req.new_image_display_name {
        v.length("newImageDisplayName", d, 0, Some(100));
    }
    if let Some(tags) = &req.new_image_tags {
        check_tags(v, "newImageTags", tags);
    }
}

/// The existing image is AVAILABLE with an update to install, the new name is free and the
/// account has room for another image.
fn check_can_update(
    store: &AppStore,
    existing: &str,
    src: &Image,
    can_update: bool,
    new_name: &str,
) -> Result<(), ApiError> {
    if src.state != image_state::AVAILABLE {
        return Err(errors::not_permitted(format!(
            "The image {existing} is {}; only AVAILABLE images can be updated.",
            src.state
        )));
    }
    if !can_update {
        return Err(errors::not_permitted(format!(
            "The image {existing} already has the latest updates and agent \
             ({LATEST_AGENT})."
        )));
    }
    if store.images.contains_key(new_name) {
        return Err(errors::already_exists(format!(
            "An image named {new_name} already exists."
        )));
    }
    let owned = store
        .images
        .values()
        .filter(|i| i.owner == store.account_id)
        .count();
    if owned >= MAX_IMAGES {
        return Err(errors::limit_exceeded(format!(
            "The account already has {MAX_IMAGES} images in {}.",
            store.region
        )));
    }
    Ok(())
}

/// `src` as the new image `new_name`, created now with the latest agent, shared with no one.
fn updated_copy(store: &AppStore, src: &Image, new_name: &str, now: Millis) -> Image {
    let mut image = src.clone();
    image.arn = store.arn("image", &store.account_id, new_name);
    image.name = new_name.to_string();
    image.created_time = epoch_seconds(now);
    image.appstream_agent_version = LATEST_AGENT.to_string();
    image.latest_appstream_agent_version = "TRUE".to_string();
    image.image_shared_with_others = "FALSE".to_string();
    image.image_builder_name = None;
    image.state_change_reason = None;
    image.image_errors.clear();
    image
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NameRequest {
    name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteImageResult {
    image: Image,
}

/// DeleteImage: "Deletes the specified image. You cannot delete an image when it is in use.
/// After you delete an image, you cannot provision new capacity using the image." In use
/// means a fleet streams it (ResourceInUseException); an image still being built is a
/// ConcurrentModificationException. The answer shows the image DELETING; it is gone at once.
pub fn delete_image(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: NameRequest = parse(body)?;
    let mut v = Violations::new();
    check_name(&mut v, "name", &req.name);
    v.finish()?;
    let name = req.name.unwrap_or_default();
    ctx.with_store(|store| {
        let rec = owned_image(store, &name)?;
        if let Some(f) = store
            .fleets
            .values()
            .find(|f| f.fleet.image_name.as_deref() == Some(&name))
        {
            return Err(errors::in_use(format!(
                "The image {name} is in use by fleet {}.",
                f.fleet.name
            )));
        }
        if rec.image.state == image_state::PENDING {
            return Err(errors::concurrent_modification(format!(
                "The image {name} is still being created."
            )));
        }
        let Some(mut rec) = store.images.remove(&name) else {
            return Err(errors::not_found(format!(
                "The image {name} does not exist."
            )));
        };
        store.tags.remove(&rec.image.arn);
        rec.image.state = image_state::DELETING.to_string();
        reply(&DeleteImageResult { image: rec.image })
    })
}
