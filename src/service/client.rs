use aws_config::{BehaviorVersion, SdkConfig};
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use std::time::Duration;

pub use aws_sdk_workspaces::config::Region;

/// How every client times out. The SDK never retries on its own: its retries would go straight
/// back to the service without a budget token (hostile-input issue, item 11: a retried 503
/// caused a throttle on a first load with no other client). Reads are made again by
/// `WorkspacesService::read`, each attempt through the budget; actions by the queue, only
/// when the service certainly did not act. The whole policy is `domain::throttle`'s.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub attempt_timeout: Duration,
}

impl Default for ClientOptions {
    /// A describe page answers in well under a second; an endpoint silent for 10 s is not
    /// going to answer. With the read policy's four attempts (`RetryPolicy::TRANSIENT_READ`)
    /// a dead endpoint shows its error after about 45 s (the pane keeps its rows, marked
    /// stale) instead of two minutes.
    fn default() -> Self {
        Self {
            attempt_timeout: Duration::from_secs(10),
        }
    }
}

impl ClientOptions {
    pub(super) fn retry(&self) -> RetryConfig {
        RetryConfig::disabled()
    }

    pub(super) fn timeouts(&self) -> TimeoutConfig {
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
    aws_sdk_workspaces::Client::new(&demo_sdk_config(endpoint, region, access_key, opts))
}

/// What both SDK clients of one Region (WorkSpaces and WorkSpaces Applications) are built
/// from, for the embedded emulator: its endpoint, dummy credentials whose access key picks
/// the emulated account, and `opts`' retry and timeouts.
pub fn demo_sdk_config(
    endpoint: &str,
    region: &str,
    access_key: &str,
    opts: &ClientOptions,
) -> SdkConfig {
    let credentials = Credentials::new(
        access_key,
        "wsfleet-demo-secret",
        None,
        None,
        "wsfleet-demo",
    );
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .endpoint_url(endpoint)
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .retry_config(opts.retry())
        .timeout_config(opts.timeouts())
        .build()
}

/// What both SDK clients of one Region of a real account are built from: the profile's
/// already-loaded shared config, in `region`, with `opts`' retry and timeouts. Timeouts
/// `opts` leaves unset keep the shared config's, as an SDK client's own builder would.
pub fn live_sdk_config(sdk: &SdkConfig, region: &str, opts: &ClientOptions) -> SdkConfig {
    let mut timeouts = opts.timeouts();
    if let Some(base) = sdk.timeout_config() {
        timeouts.take_defaults_from(base);
    }
    sdk.to_builder()
        .region(Region::new(region.to_string()))
        .retry_config(opts.retry())
        .timeout_config(timeouts)
        .build()
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
    load_config(profile, region, endpoint, false).await
}

/// Like `live_config`, but the credentials come from the named profile alone, never from
/// AWS_ACCESS_KEY_ID and the rest of the environment. The default chain puts the
/// environment first, so with keys exported every profile would sign as the same account:
/// `:ctx PROFILE` and each profile of a view of several must reach that profile's account.
pub async fn profile_config(
    profile: &str,
    region: Option<&str>,
    endpoint: Option<&str>,
) -> Result<(SdkConfig, String), LiveSetupError> {
    load_config(Some(profile), region, endpoint, true).await
}

async fn load_config(
    profile: Option<&str>,
    region: Option<&str>,
    endpoint: Option<&str>,
    profile_only: bool,
) -> Result<(SdkConfig, String), LiveSetupError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(p) = profile {
        loader = loader.profile_name(p);
        if profile_only {
            loader = loader.credentials_provider(
                aws_config::profile::ProfileFileCredentialsProvider::builder()
                    .profile_name(p)
                    .build(),
            );
        }
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

    #[test]
    fn a_live_config_takes_the_options_timeouts_and_keeps_the_profiles_others() {
        let profile = SdkConfig::builder()
            .region(Region::new("eu-west-1"))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(1))
                    .read_timeout(Duration::from_secs(7))
                    .build(),
            )
            .build();
        let opts = ClientOptions::default();
        let conf = live_sdk_config(&profile, "us-west-2", &opts);
        assert_eq!(conf.region().unwrap().as_ref(), "us-west-2");
        let t = conf.timeout_config().unwrap();
        assert_eq!(t.operation_attempt_timeout(), Some(opts.attempt_timeout));
        assert_eq!(t.connect_timeout(), Some(Duration::from_secs(5)));
        assert_eq!(t.read_timeout(), Some(Duration::from_secs(7)));
        assert_eq!(conf.retry_config(), Some(&RetryConfig::disabled()));
    }

    #[test]
    fn a_demo_config_reaches_the_endpoint_as_the_access_keys_account() {
        let conf = demo_sdk_config(
            "http://127.0.0.1:9",
            "us-east-1",
            "AKIDX",
            &ClientOptions::default(),
        );
        assert_eq!(conf.endpoint_url(), Some("http://127.0.0.1:9"));
        assert_eq!(conf.region().unwrap().as_ref(), "us-east-1");
        assert!(conf.credentials_provider().is_some());
        assert_eq!(conf.retry_config(), Some(&RetryConfig::disabled()));
    }
}
