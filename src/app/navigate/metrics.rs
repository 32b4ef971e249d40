//! A WorkSpace's CloudWatch metrics arriving (`Msg::Metrics`): kept with their age, drawn if
//! its details are still open.

use crate::app::msg::Outcome;
use crate::app::state::{Overlay, State};
use crate::domain::metrics::WorkspaceMetrics;
use crate::domain::ServiceError;

pub fn on_metrics(
    state: &mut State,
    workspace_id: String,
    result: Result<WorkspaceMetrics, ServiceError>,
) -> Outcome {
    let shown = matches!(&state.overlay, Overlay::Detail(d) if d.id == workspace_id);
    state
        .joined
        .metrics
        .arrived(workspace_id, result, state.now);
    (shown, vec![])
}
