//! DescribeWorkspaceImagePermissions and UpdateWorkspaceImagePermission: sharing an image
//! with other accounts of the same Region.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{empty, parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::paging::{cursor, finish_page, take_page};
use crate::sim::types::{ImagePermission, ImageState};
use crate::sim::validate::{pattern, Violations};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribePermissionsRequest {
    image_id: Option<String>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribePermissionsResponse {
    image_id: String,
    image_permissions: Vec<ImagePermission>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

fn check_image_id(v: &mut Violations, id: &Option<String>) {
    if v.required("imageId", id) {
        v.pattern("imageId", id.as_deref().unwrap_or(""), pattern::IMAGE_ID);
    }
}

/// Lists the accounts an image is shared with, in account order. An image another account
/// shared with this one lists no permissions: only its owner sees them.
pub fn describe_permissions(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeWorkspaceImagePermissions";
    let req: DescribePermissionsRequest = parse(body)?;
    let mut v = Violations::new();
    check_image_id(&mut v, &req.image_id);
    if let Some(m) = req.max_results {
        v.range("maxResults", m, 1, Some(25));
    }
    v.next_token(&req.next_token);
    v.finish()?;
    let id = req.image_id.unwrap_or_default();
    let after = cursor(OP, &req.next_token)?;
    let limit = req.max_results.map_or(25, |m| m as usize);
    ctx.with_store(|store| {
        let rec = store.images.get(&id).ok_or_else(|| {
            ApiError::not_found(&id, format!("The image {id} could not be found."))
        })?;
        let mut accounts: Vec<&String> = if rec.image.owner_account_id == store.account_id {
            rec.shared_with.iter().collect()
        } else {
            vec![]
        };
        accounts.sort();
        let rest = accounts
            .into_iter()
            .filter(|a| after.as_ref().is_none_or(|c| *a > c));
        let (page, next_token) = finish_page(OP, take_page(rest, limit), |a| a.to_string());
        reply(&DescribePermissionsResponse {
            image_id: id.clone(),
            image_permissions: page
                .into_iter()
                .map(|a| ImagePermission {
                    shared_account_id: a.clone(),
                })
                .collect(),
            next_token,
        })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdatePermissionRequest {
    image_id: Option<String>,
    allow_copy_image: Option<bool>,
    shared_account_id: Option<String>,
}

/// Shares (AllowCopyImage true) or unshares (false) an image of this account with another
/// account. "This permission can be revoked only after an image has been shared."
pub fn update_permission(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: UpdatePermissionRequest = parse(body)?;
    let mut v = Violations::new();
    check_image_id(&mut v, &req.image_id);
    v.required("allowCopyImage", &req.allow_copy_image);
    v.required_pattern(
        "sharedAccountId",
        &req.shared_account_id,
        pattern::ACCOUNT_ID,
    );
    v.finish()?;
    let id = req.image_id.unwrap_or_default();
    let account = req.shared_account_id.unwrap_or_default();
    let allow = req.allow_copy_image.unwrap_or_default();
    ctx.with_store(|store| {
        let own = store.account_id.clone();
        let rec = store.images.get_mut(&id).ok_or_else(|| {
            ApiError::not_found(&id, format!("The image {id} could not be found."))
        })?;
        if rec.image.owner_account_id != own {
            return Err(ApiError::not_supported(
                format!("The image {id} is owned by another account and cannot be shared."),
                "NotImageOwner",
            ));
        }
        if account == own {
            return Err(ApiError::invalid_parameter(
                "An image cannot be shared with the account that owns it",
            ));
        }
        if rec.image.state != ImageState::Available {
            return Err(ApiError::unavailable(
                &id,
                format!(
                    "The image {id} is {}; only AVAILABLE images can be shared.",
                    rec.image.state.as_str()
                ),
            ));
        }
        let shared = rec.shared_with.contains(&account);
        match (allow, shared) {
            (true, false) => rec.shared_with.push(account),
            (false, true) => rec.shared_with.retain(|a| *a != account),
            (false, false) => {
                return Err(ApiError::invalid_parameter(format!(
                    "The image {id} is not shared with {account}; there is no permission to revoke."
                )))
            }
            (true, true) => {}
        }
        empty()
    })
}
