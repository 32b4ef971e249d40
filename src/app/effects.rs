//! What `update` hands back to the runtime: the one way out of the state.

use super::msg::Command;

/// Whether the screen must be redrawn, and the work to start. The runtime's executor carries
/// out every command; `update` never starts anything itself.
#[derive(Debug, Default, PartialEq)]
pub struct Effects {
    pub redraw: bool,
    pub commands: Vec<Command>,
}
