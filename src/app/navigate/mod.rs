//! Which pane shows what: switching and drill-downs, account contexts and Regions, lookups by ID, tags.

pub mod contexts;
pub mod lookups;
pub mod tags;
