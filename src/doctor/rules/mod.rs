//! The rules, one file each. A rule reads the `Fleet` and returns its findings; the list
//! below is all there is to add one.

mod app_image_update;
mod billing_advice;
mod bundle_update;
mod capacity;
mod error_state;
mod idle;
mod image_shares;
mod never_connected;
mod outdated;
mod unhealthy;

use super::Rule;

/// Every rule, in the order their findings are listed at one severity.
pub const ALL: &[Rule] = &[
    unhealthy::RULE,
    error_state::RULE,
    never_connected::RULE,
    idle::RULE,
    billing_advice::RULE,
    bundle_update::RULE,
    image_shares::RULE,
    capacity::RULE,
    app_image_update::RULE,
    outdated::RULE,
];
