//! UpdateWorkspaceBundle: points a custom bundle at another image. "Existing WorkSpaces aren't
//! automatically updated when you update the bundle that they're based on": only the bundle
//! changes (its ImageId and LastUpdatedTime); WorkSpaces follow when they are rebuilt or
//! migrated.
//!
//! Errors are the operation's in the model: ResourceNotFoundException (bundle or image),
//! ResourceUnavailableException (an image that is not AVAILABLE), OperationNotSupportedException
//! (a public bundle, owned by AMAZON), InvalidParameterValuesException (a member missing, or an
//! image of another operating system family than the bundle's).

use serde::Deserialize;
use serde_json::Value;

use super::{empty, parse, Ctx};
use crate::sim::error::ApiError;
use crate::sim::types::{epoch_seconds, ImageState};
use crate::sim::validate::{pattern, Violations};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateBundleRequest {
    bundle_id: Option<String>,
    image_id: Option<String>,
}

/// Whether an OperatingSystemName (WINDOWS_10, AMAZON_LINUX_2…) is a Windows one.
fn windows(os_name: &str) -> bool {
    os_name.starts_with("WINDOWS")
}

pub fn update_bundle(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    let req: UpdateBundleRequest = parse(body)?;
    let mut v = Violations::new();
    if let Some(id) = &req.bundle_id {
        v.pattern("bundleId", id, pattern::BUNDLE_ID);
    }
    if let Some(id) = &req.image_id {
        v.pattern("imageId", id, pattern::IMAGE_ID);
    }
    v.finish()?;
    // Both members are optional in the model (Required: No), but the call means nothing
    // without either: the service answers InvalidParameterValuesException.
    let (Some(bundle_id), Some(image_id)) = (req.bundle_id, req.image_id) else {
        return Err(ApiError::invalid_parameter(
            "BundleId and ImageId are both required to update a bundle",
        ));
    };
    ctx.with_store(|store| {
        let bundle = store.bundles.get(&bundle_id).ok_or_else(|| {
            ApiError::not_found(
                &bundle_id,
                format!("The bundle {bundle_id} could not be found."),
            )
        })?;
        if bundle.owner != store.account_id {
            return Err(ApiError::not_supported(
                format!(
                    "The bundle {bundle_id} is owned by {}; only custom bundles of this \
                     account can be updated.",
                    bundle.owner
                ),
                "NotBundleOwner",
            ));
        }
        let image = store.images.get(&image_id).ok_or_else(|| {
            ApiError::not_found(
                &image_id,
                format!("The image {image_id} could not be found."),
            )
        })?;
        if image.image.state != ImageState::Available {
            return Err(ApiError::unavailable(
                &image_id,
                format!(
                    "The image {image_id} is {}; a bundle can only use an AVAILABLE image.",
                    image.image.state.as_str()
                ),
            ));
        }
        if let Some(os) = store.bundle_os.get(&bundle_id) {
            if windows(os) != windows(&image.os_name) {
                return Err(ApiError::invalid_parameter(format!(
                    "The image {image_id} runs {} but the bundle {bundle_id} runs {os}; a \
                     bundle keeps its operating system family.",
                    image.os_name
                )));
            }
        }
        let os_name = image.os_name.clone();
        store.bundle_os.insert(bundle_id.clone(), os_name);
        if let Some(b) = store.bundles.get_mut(&bundle_id) {
            b.image_id = image_id;
            b.last_updated_time = epoch_seconds(ctx.now);
        }
        empty()
    })
}
