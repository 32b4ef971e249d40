//! Account contexts: how to reach WorkSpaces for one AWS profile (or the demo's emulated
//! accounts), and which profiles exist. Switching profiles at runtime builds a new
//! `Connector`; every Region's service is made from it.

use super::client::{demo_sdk_config, live_sdk_config, profile_config, ClientOptions};
use super::{AppsService, MetricsService, RateBudget, WorkspacesService};
use crate::domain::ProfileInfo;
use aws_config::SdkConfig;
use std::sync::Arc;

/// Builds the service of each Region for one account context.
#[derive(Clone)]
pub enum Connector {
    /// The embedded emulator; the access key picks the emulated account.
    Demo {
        endpoint: String,
        access_key: String,
        opts: ClientOptions,
        /// The emulated accounts `:ctx` can switch between (the demo wiring passes the
        /// emulator's list, so this layer never imports the emulator).
        accounts: &'static [DemoAccount],
    },
    /// AWS (or `--endpoint-url`), with the shared config of one profile.
    Live {
        sdk: Box<SdkConfig>,
        endpoint: Option<String>,
        opts: ClientOptions,
    },
}

impl std::fmt::Debug for Connector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Connector::Demo { endpoint, .. } => write!(f, "Connector::Demo({endpoint})"),
            Connector::Live { endpoint, .. } => write!(f, "Connector::Live({endpoint:?})"),
        }
    }
}

/// One emulated account: profile name, access key ID, account ID.
pub type DemoAccount = (&'static str, &'static str, &'static str);

impl Connector {
    /// The service of a place in this context (a Region, or "PROFILE/REGION" in a view of
    /// several profiles: `domain::place`), with its own rate budget: WorkSpaces throttles
    /// per account and Region. Clients are built for the place's Region; rows are tagged
    /// with the place.
    pub fn service(&self, place: &str, rate: f64, burst: u32) -> WorkspacesService {
        let region = crate::domain::place::region(place);
        let sdk = match self {
            Connector::Demo {
                endpoint,
                access_key,
                opts,
                ..
            } => demo_sdk_config(endpoint, region, access_key, opts),
            Connector::Live { sdk, opts, .. } => live_sdk_config(sdk, region, opts),
        };
        // WorkSpaces Applications throttles on its own, per account and Region too.
        let apps = AppsService::new(
            aws_sdk_appstream::Client::new(&sdk),
            place.to_string(),
            Arc::new(RateBudget::matching(rate, burst)),
        );
        // So does CloudWatch.
        let metrics = MetricsService::new(
            aws_sdk_cloudwatch::Client::new(&sdk),
            Arc::new(RateBudget::matching(rate, burst)),
        );
        WorkspacesService::new(
            aws_sdk_workspaces::Client::new(&sdk),
            place.to_string(),
            Arc::new(RateBudget::matching(rate, burst)),
        )
        .with_apps(apps)
        .with_metrics(metrics)
    }

    /// The context of another profile. For the demo, one of `demo_profiles()`; live, a
    /// profile from the AWS config files, checked for credentials before anything switches.
    pub async fn for_profile(&self, profile: &str) -> Result<Connector, String> {
        match self {
            Connector::Demo {
                endpoint,
                opts,
                accounts,
                ..
            } => {
                let (_, akid, _) =
                    accounts
                        .iter()
                        .find(|(p, _, _)| *p == profile)
                        .ok_or_else(|| {
                            format!(
                                "no demo profile '{profile}' (the demo has: {})",
                                demo_profiles(accounts)
                                    .iter()
                                    .map(|p| p.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        })?;
                Ok(Connector::Demo {
                    endpoint: endpoint.clone(),
                    access_key: akid.to_string(),
                    opts: opts.clone(),
                    accounts,
                })
            }
            Connector::Live { endpoint, opts, .. } => {
                // The region does not matter here: each Region's client sets its own.
                let (sdk, _) = profile_config(profile, Some("us-east-1"), endpoint.as_deref())
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(Connector::Live {
                    sdk: Box::new(sdk),
                    endpoint: endpoint.clone(),
                    opts: opts.clone(),
                })
            }
        }
    }

    /// The profiles this context can switch to.
    pub async fn profiles(&self) -> Result<Vec<ProfileInfo>, String> {
        match self {
            Connector::Demo { accounts, .. } => Ok(demo_profiles(accounts)),
            Connector::Live { .. } => aws_profiles().await,
        }
    }
}

/// The demo's emulated accounts, as profiles.
pub fn demo_profiles(accounts: &[DemoAccount]) -> Vec<ProfileInfo> {
    accounts
        .iter()
        .map(|(name, _, account)| ProfileInfo {
            name: name.to_string(),
            region: String::new(),
            kind: format!("emulated account {account}"),
        })
        .collect()
}

/// Profiles in the AWS config and credentials files (AWS_CONFIG_FILE and
/// AWS_SHARED_CREDENTIALS_FILE are honoured), read by aws-config's own parser.
pub async fn aws_profiles() -> Result<Vec<ProfileInfo>, String> {
    use aws_runtime::env_config::file::EnvConfigFiles;
    use aws_types::os_shim_internal::{Env, Fs};
    let set =
        aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), None)
            .await
            .map_err(|e| format!("cannot read the AWS config files: {e}"))?;
    let mut out: Vec<ProfileInfo> = set
        .profiles()
        .filter_map(|name| {
            let p = set.get_profile(name)?;
            let kind = if p.get("sso_session").is_some() || p.get("sso_start_url").is_some() {
                "sso"
            } else if p.get("role_arn").is_some() {
                "role"
            } else if p.get("credential_process").is_some() {
                "process"
            } else if p.get("aws_access_key_id").is_some() {
                "keys"
            } else {
                "other"
            };
            Some(ProfileInfo {
                name: name.to_string(),
                region: p.get("region").unwrap_or_default().to_string(),
                kind: kind.to_string(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
