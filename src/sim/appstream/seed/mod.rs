//! Deterministic WorkSpaces Applications resources for one account and Region: the same seed,
//! account and Region always give the same images, fleets, stacks and sessions, placed
//! relative to the moment the store is first used. `SimConfig::size` scales the counts
//! (about 12 private images, 4 fleets and 3 stacks at the default 300).
//!
//! Every resource is drawn from one random stream in a fixed order (images, fleets, stacks,
//! sessions; each resource's members in the order they are written), so changing the order
//! of any draw changes every store that follows it.

mod catalog;
mod fleets;
mod images;
mod sessions;
mod stacks;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::store::AppStore;
use crate::sim::seed::{fnv64, rng_for};
use crate::sim::types::Millis;

/// What every account's and Region's resources are generated from.
#[derive(Debug, Clone)]
pub struct SeedParams {
    pub seed: u64,
    pub size: usize,
    /// The default account: its seeded shared image goes to the demo's second account
    /// (`SHARED_WITH_DEFAULT`), any other account's to `PARTNER_ACCOUNT`.
    pub default_account: String,
    pub transition: Millis,
}

/// The agent version CreateUpdatedImage installs; images running an older one have an
/// update available (LatestAppstreamAgentVersion FALSE).
pub const LATEST_AGENT: &str = "02-18-2025";

/// The account the default account's seeded shared image is shared with (the demo's second
/// account, which then sees it in DescribeImages as SHARED).
pub const SHARED_WITH_DEFAULT: &str = "210987654321";
/// Owner of the image shared with every emulated account (Visibility SHARED), and the account
/// every other account's seeded shared image goes to. The emulator serves no such account.
pub const PARTNER_ACCOUNT: &str = "444455556666";

/// Generates the resources of `account` in `region` as of `now`.
pub fn generate(params: &SeedParams, account: &str, region: &str, now: Millis) -> AppStore {
    let seed = params.seed ^ fnv64(account);
    let mut rng = rng_for(seed, region, "appstream");
    let mut store = AppStore::new(region, account, params.transition);
    let bases = images::public_images(&mut store, now);
    images::private_images(&mut rng, params, &mut store, &bases, now);
    fleets::fleets(&mut rng, params, &mut store, now);
    stacks::stacks(&mut rng, params, &mut store, now);
    sessions::sessions(&mut rng, &mut store, now);
    store
}

/// `len` lowercase hex digits.
fn hex(rng: &mut ChaCha8Rng, len: usize) -> String {
    (0..len)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

/// The instance families a Platform's images support (SupportedInstanceFamilies).
fn families(platform: &str) -> Vec<String> {
    let mut f = vec!["GENERAL_PURPOSE", "MEMORY_OPTIMIZED", "COMPUTE_OPTIMIZED"];
    if platform.starts_with("WINDOWS") {
        f.push("GRAPHICS_G4");
    }
    f.into_iter().map(String::from).collect()
}

/// The `n`th resource of a team: "finance-fleet", then "finance-fleet-2", ….
fn numbered(prefix: &str, kind: &str, n: usize) -> String {
    match n {
        0 => format!("{prefix}-{kind}"),
        n => format!("{prefix}-{kind}-{}", n + 1),
    }
}

/// A team prefix as the start of a display name: "finance" → "Finance".
fn capitalized(prefix: &str) -> String {
    prefix[..1].to_uppercase() + &prefix[1..]
}

#[cfg(test)]
mod tests {
    use super::super::types::image_state;
    use super::*;

    fn params() -> SeedParams {
        SeedParams {
            seed: 42,
            size: 300,
            default_account: "123456789012".into(),
            transition: 3_000,
        }
    }

    const NOW: Millis = 1_760_000_000_000;

    fn fingerprint(s: &AppStore) -> String {
        let images: Vec<_> = s.images.values().map(|i| &i.image).collect();
        let fleets: Vec<_> = s.fleets.values().map(|f| &f.fleet).collect();
        let sessions: Vec<_> = s.sessions.values().collect();
        serde_json::to_string(&(images, fleets, sessions)).unwrap()
    }

    #[test]
    fn same_seed_same_resources_and_accounts_differ() {
        let a = generate(&params(), "123456789012", "us-east-1", NOW);
        let b = generate(&params(), "123456789012", "us-east-1", NOW);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let dev = generate(&params(), "210987654321", "us-east-1", NOW);
        assert_ne!(fingerprint(&a), fingerprint(&dev));
    }

    #[test]
    fn only_the_default_account_shares_with_an_emulated_account() {
        // What an account sees never depends on which other accounts were used before it:
        // any other account's seeded share goes to the partner account, which is not served.
        let dev = generate(&params(), SHARED_WITH_DEFAULT, "us-east-1", NOW);
        let grantees: Vec<&String> = dev
            .images
            .values()
            .flat_map(|i| i.shared_with.keys())
            .collect();
        assert_eq!(grantees, [PARTNER_ACCOUNT]);
    }

    #[test]
    fn default_shape() {
        let s = generate(&params(), "123456789012", "us-east-1", NOW);
        let private: Vec<_> = s
            .images
            .values()
            .filter(|i| i.image.visibility == "PRIVATE")
            .collect();
        assert_eq!(private.len(), 12);
        assert_eq!(
            private
                .iter()
                .filter(|i| i.image.state == image_state::FAILED)
                .count(),
            1
        );
        assert!(private
            .iter()
            .any(|i| i.image.latest_appstream_agent_version == "FALSE"));
        assert!(private
            .iter()
            .any(|i| i.image.latest_appstream_agent_version == "TRUE"));
        assert!(private
            .iter()
            .any(|i| i.shared_with.contains_key(SHARED_WITH_DEFAULT)));
        let public: Vec<_> = s
            .images
            .values()
            .filter(|i| i.image.visibility == "PUBLIC")
            .collect();
        assert_eq!(public.len(), 4);
        assert!(public[0].image.arn.contains("::image/AppStream-"));
        assert_eq!(s.fleets.len(), 4);
        let states: Vec<_> = s.fleets.values().map(|f| f.fleet.state.as_str()).collect();
        assert!(states.contains(&"RUNNING") && states.contains(&"STOPPED"));
        assert_eq!(s.stacks.len(), 3);
        assert!(s.stacks.values().all(|st| !st.fleets.is_empty()));
        assert!(!s.sessions.is_empty());
        for f in s.fleets.values() {
            let cap = f.fleet.compute_capacity_status;
            let sessions = s
                .sessions
                .values()
                .filter(|x| x.fleet_name == f.fleet.name)
                .count() as i32;
            assert_eq!(cap.in_use, sessions, "{}", f.fleet.name);
            if let Some(image) = &f.fleet.image_name {
                assert_eq!(s.images[image].image.state, image_state::AVAILABLE);
            }
        }
    }
}
