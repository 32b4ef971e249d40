//! A WorkSpace's CloudWatch metrics for its details (`Command::LoadMetrics`), a WorkSpaces
//! Applications fleet's (`Command::LoadFleetMetrics`), and usage summaries for the usage
//! columns and the advisor (`Command::LoadUsage`).

use crate::app::Msg;
use crate::domain::{ErrorKind, ServiceError};
use crate::service::WorkspacesService;
use tokio::sync::mpsc::UnboundedSender;

/// GetMetricData for one WorkSpace (one call: its metrics are well under the 500-query
/// limit), answered with `Msg::Metrics`.
pub async fn load(svc: WorkspacesService, workspace_id: String, tx: UnboundedSender<Msg>) {
    let result = match svc.metrics() {
        Some(metrics) => {
            let now = crate::app::state::now_epoch();
            metrics
                .workspace_metrics(std::slice::from_ref(&workspace_id), now)
                .await
                .and_then(|mut all| {
                    all.pop()
                        .ok_or_else(|| not_connected("GetMetricData answered nothing"))
                })
        }
        None => Err(not_connected("CloudWatch is not connected here")),
    };
    let _ = tx.send(Msg::Metrics {
        workspace_id,
        result,
    });
}

/// GetMetricData for one fleet's AWS/AppStream metrics (one call), answered with
/// `Msg::Metrics` keyed by the fleet's ARN.
pub async fn load_fleet(svc: WorkspacesService, arn: String, tx: UnboundedSender<Msg>) {
    let result = match svc.metrics() {
        Some(metrics) => {
            let now = crate::app::state::now_epoch();
            let name = crate::domain::fleet_metrics::fleet_name(&arn);
            metrics.fleet_metrics(&arn, name, now).await
        }
        None => Err(not_connected("CloudWatch is not connected here")),
    };
    let _ = tx.send(Msg::Metrics {
        workspace_id: arn,
        result,
    });
}

/// The usage summaries of `ids` (GetMetricData in as few calls as the 500-query limit
/// allows), answered with `Msg::Usage`.
pub(super) async fn load_usage(svc: WorkspacesService, ids: Vec<String>, tx: UnboundedSender<Msg>) {
    let result = match svc.metrics() {
        Some(metrics) => {
            let now = crate::app::state::now_epoch();
            metrics.usage_summaries(&ids, now).await
        }
        None => Err(not_connected("CloudWatch is not connected here")),
    };
    let _ = tx.send(Msg::Usage { ids, result });
}

fn not_connected(message: &str) -> ServiceError {
    ServiceError::new(ErrorKind::Other, "NoMetrics", message)
}
