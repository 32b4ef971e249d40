use super::error::classify_code;
use super::ErrorKind;
use crate::domain::throttle::RetryPolicy;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_workspaces::config::{Builder, Credentials};
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction};
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use std::time::Duration;

pub use aws_sdk_workspaces::config::Region;

/// How every client retries and times out. The SDK retries a read's transient failures (5xx,
/// timeouts, connection errors) with exponential backoff and full jitter, but never a
/// ThrottlingException (`ThrottlesToBudget`) and never an action (`actions::no_retry`); the
/// whole policy is `domain::throttle`'s.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    pub attempt_timeout: Duration,
}

impl Default for ClientOptions {
    /// A describe page answers in well under a second; an endpoint silent for 10 s is not
    /// going to answer. The policy's four attempts (`RetryPolicy::SDK_READ`) bound a dead
    /// endpoint to about 45 s before the pane shows the error (and keeps its rows, marked
    /// stale) instead of two minutes.
    fn default() -> Self {
        Self {
            max_attempts: RetryPolicy::SDK_READ.max_tries,
            initial_backoff: RetryPolicy::SDK_READ.base,
            attempt_timeout: Duration::from_secs(10),
        }
    }
}

impl ClientOptions {
    /// The SDK's standard retry. (Its adaptive mode would add a client-side rate limiter
    /// that engages on a throttle it may retry; `ThrottlesToBudget` forbids those, and the
    /// rate budget is wsfleet's limiter.)
    fn retry(&self) -> RetryConfig {
        RetryConfig::standard()
            .with_max_attempts(self.max_attempts)
            .with_initial_backoff(self.initial_backoff)
            .with_max_backoff(RetryPolicy::SDK_READ.max_delay)
    }

    fn timeouts(&self) -> TimeoutConfig {
        TimeoutConfig::builder()
            .operation_attempt_timeout(self.attempt_timeout)
            .connect_timeout(Duration::from_secs(5))
            .build()
    }
}

/// A client for the embedded emulator (or any endpoint that takes dummy credentials).
pub fn demo_client(
    endpoint: &str,
    region: &str,
    opts: &ClientOptions,
) -> aws_sdk_workspaces::Client {
    demo_client_as(endpoint, region, "AKIDWSFLEETDEMO", opts)
}

/// A demo client signing with `access_key`, which picks the emulated account.
pub fn demo_client_as(
    endpoint: &str,
    region: &str,
    access_key: &str,
    opts: &ClientOptions,
) -> aws_sdk_workspaces::Client {
    let conf = Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new(
            access_key,
            "wsfleet-demo-secret",
            None,
            None,
            "wsfleet-demo",
        ))
        .retry_config(opts.retry())
        .retry_classifier(ThrottlesToBudget)
        .timeout_config(opts.timeouts())
        .build();
    aws_sdk_workspaces::Client::from_conf(conf)
}

/// A client for one region of a real account, from an already-loaded shared config.
pub fn live_client(
    sdk: &SdkConfig,
    region: &str,
    opts: &ClientOptions,
) -> aws_sdk_workspaces::Client {
    let conf = Builder::from(sdk)
        .region(Region::new(region.to_string()))
        .retry_config(opts.retry())
        .retry_classifier(ThrottlesToBudget)
        .timeout_config(opts.timeouts())
        .build();
    aws_sdk_workspaces::Client::from_conf(conf)
}

/// Forbids the SDK's own retry of a throttled call. Its retries go straight back to the
/// service without waiting for our budget, so after one throttle they arrive at an empty
/// bucket and are throttled again; `WorkspacesService::read` retries instead, each attempt
/// with a budget token.
#[derive(Debug)]
struct ThrottlesToBudget;

impl ClassifyRetry for ThrottlesToBudget {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(response) = ctx.response() else {
            return RetryAction::NoActionIndicated;
        };
        let status = response.status().as_u16();
        match error_code(response) {
            Some(code) if classify_code(&code, status) == ErrorKind::Throttled => {
                RetryAction::RetryForbidden
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "wsfleet: throttling goes back through the rate budget"
    }
}

/// The error name of an awsJson1.1 error response: the `x-amzn-ErrorType` header, else the
/// body's `__type` (either may carry a namespace before `#` or details after `:`).
fn error_code(response: &aws_smithy_runtime_api::http::Response) -> Option<String> {
    let raw = match response.headers().get("x-amzn-ErrorType") {
        Some(h) => h.to_string(),
        None => {
            let body: serde_json::Value = serde_json::from_slice(response.body().bytes()?).ok()?;
            body.get("__type")?.as_str()?.to_string()
        }
    };
    let name = raw.split(':').next().unwrap_or_default();
    Some(name.rsplit('#').next().unwrap_or_default().to_string())
}

/// Why wsfleet cannot talk to a real account; shown before the terminal is touched.
#[derive(Debug, thiserror::Error)]
pub enum LiveSetupError {
    #[error(
        "No AWS region is configured.\n\n\
         wsfleet needs a region to find your WorkSpaces. Pass --region (for example \
         --region us-east-1), set AWS_REGION, or add `region = ...` to your profile in \
         ~/.aws/config. To try wsfleet without an AWS account, run it with --demo."
    )]
    NoRegion,
    #[error(
        "No AWS credentials were found ({0}).\n\n\
         wsfleet uses the standard AWS credential chain. Pass --profile NAME (or set \
         AWS_PROFILE) for a profile in ~/.aws/config, run `aws sso login --profile NAME` for an \
         SSO profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. To try wsfleet without \
         an AWS account, run it with --demo."
    )]
    NoCredentials(String),
}

/// Load the shared AWS config the way every AWS tool does (profile, SSO, environment,
/// AWS_ENDPOINT_URL), and check a region and credentials exist before any UI starts.
pub async fn live_config(
    profile: Option<&str>,
    region: Option<&str>,
    endpoint: Option<&str>,
) -> Result<(SdkConfig, String), LiveSetupError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(p) = profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = region {
        loader = loader.region(Region::new(r.to_string()));
    }
    if let Some(e) = endpoint {
        loader = loader.endpoint_url(e);
    }
    let sdk = loader.load().await;
    let region = sdk
        .region()
        .map(|r| r.to_string())
        .ok_or(LiveSetupError::NoRegion)?;
    let provider = sdk
        .credentials_provider()
        .ok_or_else(|| LiveSetupError::NoCredentials("no credential provider".into()))?;
    // The chain ends with instance metadata, which can hang off EC2; bound the wait.
    match tokio::time::timeout(Duration::from_secs(10), provider.provide_credentials()).await {
        Ok(Ok(_)) => Ok((sdk, region)),
        Ok(Err(e)) => Err(LiveSetupError::NoCredentials(e.to_string())),
        Err(_) => Err(LiveSetupError::NoCredentials(
            "timed out looking for credentials".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::interceptors::context::Input;
    use aws_smithy_runtime_api::http::{Response, StatusCode};
    use aws_smithy_types::body::SdkBody;

    fn verdict(status: u16, header: Option<&str>, body: &str) -> RetryAction {
        let mut r = Response::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body));
        if let Some(h) = header {
            r.headers_mut().insert("x-amzn-ErrorType", h.to_string());
        }
        let mut ctx = InterceptorContext::new(Input::doesnt_matter());
        ctx.set_response(r);
        ThrottlesToBudget.classify_retry(&ctx)
    }

    #[test]
    fn the_sdk_never_retries_a_throttle_and_leaves_other_errors_to_its_own_rules() {
        let throttled = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
        assert_eq!(verdict(400, None, throttled), RetryAction::RetryForbidden);
        let namespaced = r#"{"__type":"com.amazonaws.workspaces#ThrottlingException"}"#;
        assert_eq!(verdict(400, None, namespaced), RetryAction::RetryForbidden);
        assert_eq!(
            verdict(400, Some("ThrottlingException:http://internal"), "{}"),
            RetryAction::RetryForbidden
        );
        let denied = r#"{"__type":"AccessDeniedException"}"#;
        assert_eq!(verdict(400, None, denied), RetryAction::NoActionIndicated);
        assert_eq!(verdict(503, None, "<html>"), RetryAction::NoActionIndicated);
    }
}
