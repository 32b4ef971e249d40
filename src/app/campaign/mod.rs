//! Image update campaigns: the form, each step's confirmation, the queue's row and the steps.

pub mod checks;
pub mod choice;
pub mod confirm;
pub mod form;
pub mod intro;
pub mod listed;
pub mod offers;
pub mod row;
pub mod steps;

/// What the campaign form says above its fields.
pub use intro::intro;
/// The bundles the campaign form lists (the runtime reads them for its pick list).
pub use listed::listed_bundles;
