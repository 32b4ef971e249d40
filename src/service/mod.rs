//! The service layer: the only place that knows aws-sdk-workspaces.
