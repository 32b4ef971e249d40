//! The service layer: the only place that knows aws-sdk-workspaces. It builds clients, pages
//! through describe calls, converts SDK types into `crate::domain` types, paces every call
//! through a per-region rate budget, and classifies errors so the UI can say the right thing.

mod budget;
mod bundles;
mod client;
mod directories;
mod error;
mod images;
mod pools;
mod tags;
mod workspaces;

pub use budget::RateBudget;
pub use client::{demo_client, live_client, live_config, ClientOptions, LiveSetupError, Region};
pub use error::{ErrorKind, ServiceError};
pub use workspaces::Page;

use std::sync::Arc;

/// WorkSpaces in one account and region: the SDK client plus the rate budget every call to
/// that account and region shares.
#[derive(Clone)]
pub struct WorkspacesService {
    client: aws_sdk_workspaces::Client,
    region: String,
    budget: Arc<RateBudget>,
}

impl WorkspacesService {
    pub fn new(
        client: aws_sdk_workspaces::Client,
        region: String,
        budget: Arc<RateBudget>,
    ) -> Self {
        Self {
            client,
            region,
            budget,
        }
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    pub fn budget(&self) -> &Arc<RateBudget> {
        &self.budget
    }
}
