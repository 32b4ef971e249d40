//! The tail every mutating SDK call ends with (`send_once!`), for both SDK clients: the SDK
//! must not retry it (its standard retry also resends after a 500 or a timeout, when the
//! service may already have acted: `service::actions`), and its error becomes the domain's
//! `ServiceError`.

use aws_smithy_types::retry::RetryConfig;

/// A per-operation config override that turns the SDK's retries off, for either client.
pub(crate) struct NoRetry;

impl From<NoRetry> for aws_sdk_workspaces::config::Builder {
    fn from(_: NoRetry) -> Self {
        Self::default().retry_config(RetryConfig::disabled())
    }
}

impl From<NoRetry> for aws_sdk_appstream::config::Builder {
    fn from(_: NoRetry) -> Self {
        Self::default().retry_config(RetryConfig::disabled())
    }
}

/// Send one mutating request once: `send_once!(client.reboot_workspaces().…)` is the request
/// with `.customize().config_override(NoRetry).send().await.map_err(ServiceError::from_sdk)`.
/// A macro, not a trait or a function: the two SDKs' fluent builders share no trait that can
/// be named here (theirs, `CustomizableSend`, is private to each SDK crate).
macro_rules! send_once {
    ($request:expr) => {
        $request
            .customize()
            .config_override($crate::service::sdk_call::NoRetry)
            .send()
            .await
            .map_err($crate::domain::ServiceError::from_sdk)
    };
}
pub(crate) use send_once;
