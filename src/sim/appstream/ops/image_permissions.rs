//! DescribeImagePermissions, UpdateImagePermissions and DeleteImagePermissions: which other
//! accounts may use a private image, and for what (`ImagePermissions`: allowFleet,
//! allowImageBuilder).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{check_name, cursor, empty_result, page, parse, pattern, reply, Ctx};
use crate::sim::appstream::errors;
use crate::sim::appstream::store::{AppStore, ImageRec};
use crate::sim::appstream::types::{image_state, ImagePermissions, SharedImagePermissions};
use crate::sim::error::ApiError;
use crate::sim::validate::{item, Violations};

/// Accounts one image can be shared with.
const MAX_SHARES: usize = 100;

fn check_account(v: &mut Violations, member: &str, id: &str) {
    v.pattern(member, id, pattern::ACCOUNT_ID);
}

/// The private image `name` of this account (ResourceNotFoundException otherwise: another
/// account's image is not this account's to share).
fn own_image<'a>(store: &'a mut AppStore, name: &str) -> Result<&'a mut ImageRec, ApiError> {
    let account = store.account_id.clone();
    store
        .images
        .get_mut(name)
        .filter(|i| i.owner == account)
        .ok_or_else(|| errors::not_found(format!("The image {name} does not exist.")))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeRequest {
    name: Option<String>,
    max_results: Option<i64>,
    shared_aws_account_ids: Option<Vec<String>>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeResult {
    name: String,
    shared_image_permissions_list: Vec<SharedImagePermissions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// DescribeImagePermissions: "Retrieves a list that describes the permissions for shared AWS
/// account IDs on a private image that you own." Paged by account ID (MaxResults 0..500).
pub fn describe_permissions(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeImagePermissions";
    let req: DescribeRequest = parse(body)?;
    let mut v = Violations::new();
    check_name(&mut v, "name", &req.name);
    if let Some(m) = req.max_results {
        v.range("maxResults", m, 0, Some(500));
    }
    if let Some(ids) = &req.shared_aws_account_ids {
        v.count("sharedAwsAccountIds", ids.len(), 1, 5);
        for (i, id) in ids.iter().enumerate() {
            check_account(&mut v, &item("sharedAwsAccountIds", i), id);
        }
    }
    if let Some(t) = &req.next_token {
        v.length("nextToken", t, 1, None);
    }
    v.finish()?;
    let after = cursor(OP, &req.next_token)?;
    let limit = match req.max_results {
        Some(m) if m > 0 => m as usize,
        _ => 500,
    };
    let name = req.name.unwrap_or_default();
    ctx.with_store(|store| {
        let rec = own_image(store, &name)?;
        let rows: Vec<SharedImagePermissions> = rec
            .shared_with
            .iter()
            .filter(|(id, _)| {
                req.shared_aws_account_ids
                    .as_ref()
                    .is_none_or(|ids| ids.contains(*id))
            })
            .map(|(id, p)| SharedImagePermissions {
                shared_account_id: id.clone(),
                image_permissions: *p,
            })
            .collect();
        let (rows, next_token) = page(OP, rows, after, limit, |p| p.shared_account_id.clone());
        reply(&DescribeResult {
            name: name.clone(),
            shared_image_permissions_list: rows,
            next_token,
        })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateRequest {
    name: Option<String>,
    shared_account_id: Option<String>,
    image_permissions: Option<ImagePermissions>,
}

/// UpdateImagePermissions: "Adds or updates permissions for the specified private image."
/// The image must be AVAILABLE (ResourceNotAvailableException); sharing with the owning
/// account itself is refused as a validation error.
pub fn update_permissions(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: UpdateRequest = parse(body)?;
    let mut v = Violations::new();
    check_name(&mut v, "name", &req.name);
    if v.required("sharedAccountId", &req.shared_account_id) {
        let id = req.shared_account_id.as_deref().unwrap_or("");
        check_account(&mut v, "sharedAccountId", id);
    }
    v.required("imagePermissions", &req.image_permissions);
    v.finish()?;
    let name = req.name.unwrap_or_default();
    let account = req.shared_account_id.unwrap_or_default();
    let perms = req.image_permissions.unwrap_or(ImagePermissions {
        allow_fleet: None,
        allow_image_builder: None,
    });
    ctx.with_store(|store| {
        let own = store.account_id.clone();
        let rec = own_image(store, &name)?;
        if rec.image.state != image_state::AVAILABLE {
            return Err(errors::not_available(format!(
                "The image {name} is {}; only AVAILABLE images can be shared.",
                rec.image.state
            )));
        }
        if account == own {
            return Err(ApiError::validation(format!(
                "The image {name} already belongs to account {account}."
            )));
        }
        if !rec.shared_with.contains_key(&account) && rec.shared_with.len() >= MAX_SHARES {
            return Err(errors::limit_exceeded(format!(
                "The image {name} is already shared with {MAX_SHARES} accounts."
            )));
        }
        let entry = rec.shared_with.entry(account).or_insert(ImagePermissions {
            allow_fleet: Some(false),
            allow_image_builder: Some(false),
        });
        if perms.allow_fleet.is_some() {
            entry.allow_fleet = perms.allow_fleet;
        }
        if perms.allow_image_builder.is_some() {
            entry.allow_image_builder = perms.allow_image_builder;
        }
        rec.image.image_shared_with_others = "TRUE".to_string();
        empty_result()
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteRequest {
    name: Option<String>,
    shared_account_id: Option<String>,
}

/// DeleteImagePermissions: "Deletes permissions for the specified private image. After you
/// delete permissions for an image, AWS accounts to which you previously granted these
/// permissions can no longer use the image." An account the image is not shared with is a
/// ResourceNotFoundException.
pub fn delete_permissions(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: DeleteRequest = parse(body)?;
    let mut v = Violations::new();
    check_name(&mut v, "name", &req.name);
    if v.required("sharedAccountId", &req.shared_account_id) {
        let id = req.shared_account_id.as_deref().unwrap_or("");
        check_account(&mut v, "sharedAccountId", id);
    }
    v.finish()?;
    let name = req.name.unwrap_or_default();
    let account = req.shared_account_id.unwrap_or_default();
    ctx.with_store(|store| {
        let rec = own_image(store, &name)?;
        if rec.image.state == image_state::PENDING {
            return Err(errors::not_available(format!(
                "The image {name} is still being created."
            )));
        }
        if rec.shared_with.remove(&account).is_none() {
            return Err(errors::not_found(format!(
                "The image {name} is not shared with account {account}."
            )));
        }
        if rec.shared_with.is_empty() {
            rec.image.image_shared_with_others = "FALSE".to_string();
        }
        empty_result()
    })
}
