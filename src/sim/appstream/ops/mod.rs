//! The WorkSpaces Applications operations the emulator serves (X-Amz-Target
//! `PhotonAdminProxyService.<Operation>`, or the RPC v2 CBOR route), one file per group, and
//! their dispatch table. Requests are parsed leniently like the WorkSpaces side's (unknown
//! members ignored, wrong JSON types a SerializationException), checked against the model's
//! constraints (ValidationException), then answered with the errors each operation lists.

mod fleet_update;
mod fleet_update_checks;
mod fleets;
mod image_permissions;
mod images;
mod resources;
mod sessions;
mod shared_images;
mod stacks;
mod tags;

use super::seed::SeedParams;
use crate::sim::error::ApiError;
use crate::sim::operation::{self, op, OpTable};
use crate::sim::paging;

pub use crate::sim::operation::{empty as empty_result, parse, reply};
pub use resources::resource_ids;

/// What a WorkSpaces Applications operation works with (`operation::Ctx` over every
/// account's and Region's stores).
pub type Ctx<'a> = operation::Ctx<'a, SeedParams>;

/// Every operation, by its name in the model.
pub static OPERATIONS: OpTable<SeedParams> = OpTable(&[
    op("DescribeImages", false, images::describe_images),
    op("CreateUpdatedImage", true, images::create_updated_image),
    op("DeleteImage", true, images::delete_image),
    op(
        "DescribeImagePermissions",
        false,
        image_permissions::describe_permissions,
    ),
    op(
        "UpdateImagePermissions",
        true,
        image_permissions::update_permissions,
    ),
    op(
        "DeleteImagePermissions",
        true,
        image_permissions::delete_permissions,
    ),
    op("DescribeFleets", false, fleets::describe_fleets),
    op("StartFleet", true, fleets::start_fleet),
    op("StopFleet", true, fleets::stop_fleet),
    op("UpdateFleet", true, fleet_update::update_fleet),
    op("DescribeStacks", false, stacks::describe_stacks),
    op(
        "ListAssociatedStacks",
        false,
        stacks::list_associated_stacks,
    ),
    op(
        "ListAssociatedFleets",
        false,
        stacks::list_associated_fleets,
    ),
    op("DescribeSessions", false, sessions::describe_sessions),
    op("ExpireSession", true, sessions::expire_session),
    op("TagResource", true, tags::tag_resource),
    op("UntagResource", true, tags::untag_resource),
    op("ListTagsForResource", false, tags::list_tags),
]);

/// The cursor of an optional NextToken. A token the emulator did not issue for `op` is
/// refused as a ValidationException ("Member must …"): AppStream lists no token error of
/// its own.
pub fn cursor(op: &str, token: &Option<String>) -> Result<Option<String>, ApiError> {
    paging::cursor(op, token).map_err(|e| ApiError::validation(e.message))
}

/// A page of `rows` (already sorted by `key`) after `after`, and its NextToken.
pub fn page<T>(
    op: &str,
    rows: Vec<T>,
    after: Option<String>,
    limit: usize,
    key: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let rest = rows
        .into_iter()
        .filter(|r| after.as_ref().is_none_or(|a| key(r) > *a));
    paging::finish_page(op, paging::take_page(rest, limit), key)
}

/// Patterns quoted from the model (2016-12-01).
pub mod pattern {
    /// `Name`: image, fleet and stack names in the requests that address one resource.
    pub const NAME: &str = r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$";
    /// `Arn`.
    pub const ARN: &str = r"^arn:aws(?:\-cn|\-iso\-b|\-iso|\-us\-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\-]{0,1023}$";
    /// `AwsAccountId` is `^\d+$` in the model; account IDs are 12 ASCII digits (Rust's `\d`
    /// would also take other scripts' digits).
    pub const ACCOUNT_ID: &str = r"^[0-9]{12}$";
}

/// Checks a required `Name`-shaped member.
pub fn check_name(v: &mut crate::sim::validate::Violations, member: &str, name: &Option<String>) {
    if v.required(member, name) {
        v.pattern(member, name.as_deref().unwrap_or(""), pattern::NAME);
    }
}

/// Checks the items of a `Names`-style list member (`StringList`: each item at least one
/// character, as in DescribeImages, DescribeFleets and DescribeStacks).
pub fn check_names(
    v: &mut crate::sim::validate::Violations,
    member: &str,
    names: &Option<Vec<String>>,
) {
    for (i, n) in names.iter().flatten().enumerate() {
        v.length(&crate::sim::validate::item(member, i), n, 1, None);
    }
}
