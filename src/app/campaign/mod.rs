//! Image update campaigns: the form, each step's confirmation, the queue's row and the steps.

pub mod confirm;
pub mod form;
pub mod row;
pub mod steps;

/// The bundles the campaign form lists (the runtime reads them for its pick list).
pub use form::listed_bundles;
