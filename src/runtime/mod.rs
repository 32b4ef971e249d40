//! The runtime: the event loop and everything that has effects — the background refreshers
//! per Region, re-reads after actions, the command executor, signals and the warm-start
//! cache on disk. It sits above `app` (state and `update`) and `ui` (drawing), joining them to
//! the service layer and the queue; nothing below imports it.

mod cache_file;
mod campaign_io;
pub mod create_lookups;
mod execute;
pub mod fleet;
pub mod hangup;
mod history_file;
mod input;
pub mod lookups;
pub mod refresh;
mod rereads;
mod resume;
pub mod resume_create;
mod run;
mod scrolling;
mod stop;
mod sweep_order;
pub mod terminal;

/// What the executor runs for `Command::LoadMetrics` and `Command::LoadFleetMetrics` (public
/// for the tests that run it against the emulator).
pub use execute::metrics;
pub use fleet::FleetSettings;
pub use input::INPUT_PER_FRAME;
pub use refresh::{Intervals, Refreshers};
pub use run::{run, Ended, RunContext};
pub use sweep_order::SweepOrder;
