//! Which pane shows what: switching and drill-downs, account contexts and Regions, lookups by ID, tags.

pub mod arrive;
pub mod cached;
pub mod contexts;
pub mod detail;
pub mod doctor;
pub mod drill;
pub mod lookups;
pub mod metrics;
pub mod show;
pub mod tags;
pub mod usage;
