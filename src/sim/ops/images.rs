//! DescribeWorkspaceImages, CreateWorkspaceImage, CreateUpdatedWorkspaceImage,
//! CopyWorkspaceImage and DeleteWorkspaceImage. New images are PENDING, then AVAILABLE after
//! the transition time.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::images_shared::shared_with_caller;
use super::tags::{check_new_tags, check_tags};
use super::{empty, parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::paging::{cursor, finish_page, take_page};
use crate::sim::store::{ImageRec, RegionStore, WorkspaceNext};
use crate::sim::types::{
    epoch_seconds, ImageState, Millis, OperatingSystem, Tag, UpdateResult, WorkspaceImage,
    WorkspaceState,
};
use crate::sim::validate::{item, pattern, Violations};

/// WorkSpaces quota: 40 images per Region.
pub const MAX_IMAGES: usize = 40;

fn check_image_id(v: &mut Violations, member: &str, id: &Option<String>) {
    if v.required(member, id) {
        v.pattern(member, id.as_deref().unwrap_or(""), pattern::IMAGE_ID);
    }
}

fn check_name(v: &mut Violations, name: &Option<String>) {
    if v.required("name", name) {
        let n = name.as_deref().unwrap_or("");
        v.length("name", n, 1, Some(64));
        v.pattern("name", n, pattern::IMAGE_NAME);
    }
}

fn check_description(v: &mut Violations, description: &Option<String>, required: bool) {
    if required && !v.required("description", description) {
        return;
    }
    if let Some(d) = description {
        v.length("description", d, 1, Some(256));
        v.pattern("description", d, pattern::DESCRIPTION);
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeImagesRequest {
    image_ids: Option<Vec<String>>,
    image_type: Option<String>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeImagesResponse {
    images: Vec<WorkspaceImage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// Images are listed oldest first; owned images (OWNED) and images other accounts shared with
/// this one (SHARED: those in this store's seed, and those other emulated accounts share with
/// UpdateWorkspaceImagePermission, `images_shared`) can be filtered by ImageType.
pub fn describe_images(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeWorkspaceImages";
    let req: DescribeImagesRequest = parse(body)?;
    let mut v = Violations::new();
    if let Some(ids) = &req.image_ids {
        v.count("imageIds", ids.len(), 1, 25);
        for (i, id) in ids.iter().enumerate() {
            v.pattern(&item("imageIds", i), id, pattern::IMAGE_ID);
        }
    }
    if let Some(t) = &req.image_type {
        v.one_of("imageType", t, &["OWNED", "SHARED"]);
    }
    if let Some(m) = req.max_results {
        v.range("maxResults", m, 1, Some(25));
    }
    v.next_token(&req.next_token);
    v.finish()?;
    let after = cursor(OP, &req.next_token)?;
    let limit = req.max_results.map_or(25, |m| m as usize);
    let shared_in = shared_with_caller(ctx, ctx.region);

    ctx.with_store(|store| {
        let account = store.account_id.clone();
        let mut rows: Vec<&ImageRec> = store
            .images
            .values()
            .chain(
                shared_in
                    .iter()
                    .filter(|i| !store.images.contains_key(&i.image.image_id)),
            )
            .filter(|i| {
                req.image_ids
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&i.image.image_id))
            })
            .filter(|i| match req.image_type.as_deref() {
                Some("OWNED") => i.image.owner_account_id == account,
                Some("SHARED") => i.image.owner_account_id != account,
                _ => true,
            })
            .collect();
        rows.sort_by_key(|i| i.sort_key());
        let rest = rows
            .into_iter()
            .filter(|i| after.as_ref().is_none_or(|a| i.sort_key() > *a));
        let (page, next_token) = finish_page(OP, take_page(rest, limit), |i| i.sort_key());
        reply(&DescribeImagesResponse {
            images: page.into_iter().map(|i| i.image.clone()).collect(),
            next_token,
        })
    })
}

/// The fields a new image starts from.
struct NewImage {
    name: String,
    description: Option<String>,
    os_name: String,
    updates: Option<UpdateResult>,
    tags: Vec<Tag>,
}

/// Checks the name, quota and tags, then adds a PENDING image owned by this account.
fn add_image(store: &mut RegionStore, new: NewImage, now: Millis) -> Result<String, ApiError> {
    let account = store.account_id.clone();
    if store
        .images
        .values()
        .any(|i| i.image.owner_account_id == account && i.image.name == new.name)
    {
        return Err(ApiError::already_exists(format!(
            "An image named {} already exists in {}",
            new.name, store.region
        )));
    }
    if store.owned_image_count() >= MAX_IMAGES {
        return Err(ApiError::limit_exceeded(format!(
            "This account already has the maximum of {MAX_IMAGES} images in {}",
            store.region
        )));
    }
    let id = store.new_id("wsi-", 9);
    check_new_tags(store, &id, &new.tags)?;
    let windows = new.os_name.starts_with("WINDOWS");
    let image = WorkspaceImage {
        image_id: id.clone(),
        name: new.name,
        description: new.description,
        operating_system: OperatingSystem {
            kind: if windows { "WINDOWS" } else { "LINUX" }.to_string(),
        },
        state: ImageState::Pending,
        required_tenancy: "DEFAULT".to_string(),
        created: epoch_seconds(now),
        owner_account_id: account,
        updates: new.updates,
        error_code: None,
        error_message: None,
        error_details: None,
    };
    store.images.insert(
        id.clone(),
        ImageRec {
            image,
            os_name: new.os_name,
            shared_with: vec![],
            created: now,
            pending: None,
        },
    );
    store.begin_image_pending(&id, now);
    if !new.tags.is_empty() {
        store.merge_tags(&id, &new.tags);
    }
    Ok(id)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateImageRequest {
    workspace_id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    tags: Option<Vec<Tag>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CreateImageResponse {
    image_id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    operating_system: OperatingSystem,
    state: ImageState,
    required_tenancy: String,
    created: f64,
    owner_account_id: String,
}

/// CreateWorkspaceImage: the source WorkSpace must be AVAILABLE; it is SUSPENDED ("suspended
/// for image creation" in `Workspace.State`) while the image is built.
pub fn create_image(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: CreateImageRequest = parse(body)?;
    let mut v = Violations::new();
    v.required_pattern("workspaceId", &req.workspace_id, pattern::WORKSPACE_ID);
    check_name(&mut v, &req.name);
    check_description(&mut v, &req.description, true);
    check_tags(&mut v, "tags", req.tags.as_deref().unwrap_or_default());
    v.finish()?;
    let ws_id = req.workspace_id.unwrap_or_default();
    ctx.with_store(|store| {
        let rec = store.workspaces.get(&ws_id).ok_or_else(|| {
            ApiError::not_found(&ws_id, format!("The WorkSpace {ws_id} could not be found."))
        })?;
        if rec.ws.state != WorkspaceState::Available {
            return Err(ApiError::invalid_state(format!(
                "The WorkSpace {ws_id} is {}; images can be created from AVAILABLE WorkSpaces only.",
                rec.ws.state.as_str()
            )));
        }
        let os_name = rec
            .ws
            .workspace_properties
            .operating_system_name
            .clone()
            .unwrap_or_else(|| "WINDOWS_10".to_string());
        let windows = os_name.starts_with("WINDOWS");
        let id = add_image(
            store,
            NewImage {
                name: req.name.unwrap_or_default(),
                description: req.description,
                os_name,
                updates: windows.then_some(UpdateResult {
                    update_available: false,
                    description: None,
                }),
                tags: req.tags.unwrap_or_default(),
            },
            ctx.now,
        )?;
        store.begin_workspace_transition(
            &ws_id,
            WorkspaceState::Suspended,
            WorkspaceNext::State(WorkspaceState::Available),
            ctx.now,
        );
        let i = &store.images[&id].image;
        reply(&CreateImageResponse {
            image_id: i.image_id.clone(),
            name: i.name.clone(),
            description: i.description.clone(),
            operating_system: i.operating_system.clone(),
            state: i.state,
            required_tenancy: i.required_tenancy.clone(),
            created: i.created,
            owner_account_id: i.owner_account_id.clone(),
        })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateUpdatedImageRequest {
    source_image_id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    tags: Option<Vec<Tag>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ImageIdResponse {
    image_id: String,
}

/// CreateUpdatedWorkspaceImage: "Only Windows 10, Windows Server 2016, and Windows Server 2019
/// WorkSpace images can be programmatically updated"; the source must be an AVAILABLE image
/// of this account whose Updates.UpdateAvailable is true. The source is not deleted.
pub fn create_updated_image(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: CreateUpdatedImageRequest = parse(body)?;
    let mut v = Violations::new();
    check_image_id(&mut v, "sourceImageId", &req.source_image_id);
    check_name(&mut v, &req.name);
    check_description(&mut v, &req.description, true);
    check_tags(&mut v, "tags", req.tags.as_deref().unwrap_or_default());
    v.finish()?;
    let src_id = req.source_image_id.unwrap_or_default();
    ctx.with_store(|store| {
        let src = store.images.get(&src_id).ok_or_else(|| {
            ApiError::not_found(&src_id, format!("The image {src_id} could not be found."))
        })?;
        if src.image.owner_account_id != store.account_id {
            return Err(ApiError::not_supported(
                format!("The image {src_id} is shared with this account; only images it owns can be updated."),
                "NotImageOwner",
            ));
        }
        if src.image.state != ImageState::Available {
            return Err(ApiError::invalid_state(format!(
                "The image {src_id} is {}; only AVAILABLE images can be updated.",
                src.image.state.as_str()
            )));
        }
        if src.image.operating_system.kind != "WINDOWS" {
            return Err(ApiError::not_supported(
                format!("The image {src_id} runs Linux; only Windows images can be updated programmatically."),
                "UnsupportedOperatingSystem",
            ));
        }
        if !src.image.updates.as_ref().is_some_and(|u| u.update_available) {
            return Err(ApiError::not_supported(
                format!("No updates are available for the image {src_id}."),
                "NoUpdatesAvailable",
            ));
        }
        let os_name = src.os_name.clone();
        let id = add_image(
            store,
            NewImage {
                name: req.name.unwrap_or_default(),
                description: req.description,
                os_name,
                updates: Some(UpdateResult {
                    update_available: false,
                    description: None,
                }),
                tags: req.tags.unwrap_or_default(),
            },
            ctx.now,
        )?;
        reply(&ImageIdResponse { image_id: id })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CopyImageRequest {
    source_image_id: Option<String>,
    source_region: Option<String>,
    name: Option<String>,
    description: Option<String>,
    tags: Option<Vec<Tag>>,
}

/// CopyWorkspaceImage runs in the destination Region and reads the source image from
/// SourceRegion's store. "In the China (Ningxia) Region, you can copy images only within the
/// same Region"; GovCloud copies across Regions need Support.
pub fn copy_image(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: CopyImageRequest = parse(body)?;
    let mut v = Violations::new();
    check_image_id(&mut v, "sourceImageId", &req.source_image_id);
    if v.required("sourceRegion", &req.source_region) {
        let r = req.source_region.as_deref().unwrap_or("");
        v.length("sourceRegion", r, 1, Some(31));
        v.pattern("sourceRegion", r, pattern::REGION);
    }
    check_name(&mut v, &req.name);
    check_description(&mut v, &req.description, false);
    check_tags(&mut v, "tags", req.tags.as_deref().unwrap_or_default());
    v.finish()?;
    let src_id = req.source_image_id.unwrap_or_default();
    let src_region = req.source_region.unwrap_or_default();
    let restricted = |r: &str| r.starts_with("cn-") || r.starts_with("us-gov-");
    if src_region != ctx.region && (restricted(&src_region) || restricted(ctx.region)) {
        return Err(ApiError::not_supported(
            format!(
                "Images cannot be copied from {src_region} to {} with this API.",
                ctx.region
            ),
            "CrossRegionCopyNotSupported",
        ));
    }
    // The caller's own images of SourceRegion, then those other accounts share with it there.
    let own = ctx.with_store_of(&src_region, |s| Ok(s.images.get(&src_id).cloned()))?;
    let src = own
        .or_else(|| {
            shared_with_caller(ctx, &src_region)
                .into_iter()
                .find(|i| i.image.image_id == src_id)
        })
        .ok_or_else(|| {
            ApiError::not_found(
                &src_id,
                format!("The image {src_id} could not be found in {src_region}."),
            )
        })?;
    if src.image.state != ImageState::Available {
        return Err(ApiError::unavailable(
            &src_id,
            format!("The image {src_id} is not AVAILABLE and cannot be copied yet."),
        ));
    }
    ctx.with_store(|store| {
        let id = add_image(
            store,
            NewImage {
                name: req.name.unwrap_or_default(),
                description: req.description.or(src.image.description.clone()),
                os_name: src.os_name.clone(),
                updates: src.image.updates.clone(),
                tags: req.tags.unwrap_or_default(),
            },
            ctx.now,
        )?;
        reply(&ImageIdResponse { image_id: id })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteImageRequest {
    image_id: Option<String>,
}

/// DeleteWorkspaceImage: "you must first delete any bundles that are associated with the
/// image and unshare the image if it is shared with other accounts". Deleting an image that
/// does not exist succeeds (the reference lists no ResourceNotFoundException here).
pub fn delete_image(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: DeleteImageRequest = parse(body)?;
    let mut v = Violations::new();
    check_image_id(&mut v, "imageId", &req.image_id);
    v.finish()?;
    let id = req.image_id.unwrap_or_default();
    ctx.with_store(|store| {
        let Some(rec) = store.images.get(&id) else {
            return empty();
        };
        if rec.image.owner_account_id != store.account_id {
            return Err(ApiError::access_denied(format!(
                "The image {id} is owned by account {}; only the owner can delete it.",
                rec.image.owner_account_id
            )));
        }
        if let Some(b) = store.bundles.values().find(|b| b.image_id == id) {
            return Err(ApiError::associated(format!(
                "The image {id} is used by bundle {} ({}); delete the bundle first.",
                b.bundle_id, b.name
            )));
        }
        if !rec.shared_with.is_empty() {
            return Err(ApiError::invalid_state(format!(
                "The image {id} is shared with {} account(s); unshare it before deleting it.",
                rec.shared_with.len()
            )));
        }
        if rec.image.state == ImageState::Pending {
            return Err(ApiError::invalid_state(format!(
                "The image {id} is still PENDING."
            )));
        }
        store.images.remove(&id);
        store.tags.remove(&id);
        empty()
    })
}
