//! Deterministic fleet generator: the same seed and Region always give the same fleet, and
//! each Region's fleet derives from the seed mixed with the Region name (so us-east-1 and
//! eu-west-1 differ). Timestamps are placed relative to the moment the Region is first used.

mod catalog;
mod directories;
mod fleet;
mod names;

pub use directories::{unassigned_user, UNASSIGNED_USERS};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::store::{random_id36, RegionStore};
use super::stores::{Advance, Generator, Stores};
use super::types::Millis;

/// What a Region's fleet is generated from.
#[derive(Debug, Clone)]
pub struct FleetParams {
    pub seed: u64,
    /// WorkSpaces per Region.
    pub size: usize,
    pub account_id: String,
    /// How long transitional states last, in milliseconds.
    pub transition: Millis,
}

/// Every account's and Region's WorkSpaces fleet, generated on first use.
pub type Regions = Stores<FleetParams>;

impl Generator for FleetParams {
    type Store = RegionStore;

    /// Other accounts than the default get their own fleet: the seed is mixed with the
    /// account ID.
    fn generate(&self, account: &str, region: &str, now: Millis) -> RegionStore {
        if account == self.account_id {
            return generate(self, region, now);
        }
        let params = FleetParams {
            account_id: account.to_string(),
            seed: self.seed ^ fnv64(account),
            ..self.clone()
        };
        generate(&params, region, now)
    }
}

impl Advance for RegionStore {
    fn advance(&mut self, now: Millis) {
        RegionStore::advance(self, now);
    }
}

pub const DAY: Millis = 86_400_000;
pub const HOUR: Millis = 3_600_000;
pub const MINUTE: Millis = 60_000;

/// Generates the fleet of `region` as of `now`.
pub fn generate(params: &FleetParams, region: &str, now: Millis) -> RegionStore {
    let mut rng = rng_for(params.seed, region, "fleet");
    let mut store = RegionStore::new(
        region,
        &params.account_id,
        params.transition,
        rng_for(params.seed, region, "runtime"),
    );
    let catalog = catalog::build(&mut rng, params, now, &mut store);
    fleet::populate(&mut rng, params, now, &catalog, &mut store);
    directories::register_users(&mut store);
    catalog::pools(&mut rng, params, now, &catalog, &mut store);
    store
}

/// A random generator for one purpose (`stream`) of one Region.
pub fn rng_for(seed: u64, region: &str, stream: &str) -> ChaCha8Rng {
    let mix = splitmix64(seed ^ fnv64(region) ^ fnv64(stream).rotate_left(29));
    ChaCha8Rng::seed_from_u64(mix)
}

pub fn fnv64(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// An ID unique in `store`: `prefix` + `len` characters of [0-9a-z].
fn fresh_id(rng: &mut ChaCha8Rng, store: &RegionStore, prefix: &str, len: usize) -> String {
    loop {
        let id = format!("{prefix}{}", random_id36(rng, len));
        if !store.resource_exists(&id) {
            return id;
        }
    }
}

/// `len` lowercase hex digits.
fn hex(rng: &mut ChaCha8Rng, len: usize) -> String {
    const HEX: &[u8] = b"0123456789abcdef";
    (0..len)
        .map(|_| HEX[rng.random_range(0..16)] as char)
        .collect()
}

/// `len` uppercase letters and digits (computer names, registration codes).
fn upper(rng: &mut ChaCha8Rng, len: usize) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    (0..len)
        .map(|_| ALNUM[rng.random_range(0..ALNUM.len())] as char)
        .collect()
}

/// A version-4 UUID (pool session IDs, KMS key IDs).
fn uuid(rng: &mut ChaCha8Rng) -> String {
    let h = hex(rng, 32);
    let variant = ["8", "9", "a", "b"][rng.random_range(0..4)];
    format!(
        "{}-{}-4{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        variant,
        &h[17..20],
        &h[20..32]
    )
}

/// An index drawn with the given weights.
fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut r = rng.random_range(0..total.max(1));
    for (i, w) in weights.iter().enumerate() {
        if r < *w {
            return i;
        }
        r -= w;
    }
    weights.len() - 1
}

fn ipv4(addr: u32) -> String {
    let [a, b, c, d] = addr.to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::types::WorkspaceState;
    use crate::sim::validate::{matches, pattern};
    use std::collections::{BTreeMap, HashSet};

    fn params(seed: u64, size: usize) -> FleetParams {
        FleetParams {
            seed,
            size,
            account_id: "123456789012".into(),
            transition: 3_000,
        }
    }

    const NOW: Millis = 1_760_000_000_000;

    fn fingerprint(s: &RegionStore) -> Vec<String> {
        s.workspaces
            .values()
            .map(|r| serde_json::to_string(&r.ws).unwrap())
            .chain(
                s.images
                    .values()
                    .map(|i| serde_json::to_string(&i.image).unwrap()),
            )
            .chain(
                s.pools
                    .values()
                    .map(|p| serde_json::to_string(&p.pool).unwrap()),
            )
            .collect()
    }

    #[test]
    fn same_seed_same_fleet_and_regions_differ() {
        let a = generate(&params(42, 300), "us-east-1", NOW);
        let b = generate(&params(42, 300), "us-east-1", NOW);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c = generate(&params(43, 300), "us-east-1", NOW);
        assert_ne!(fingerprint(&a), fingerprint(&c));
        let eu = generate(&params(42, 300), "eu-west-1", NOW);
        let ids: HashSet<_> = a.workspaces.keys().collect();
        assert!(eu.workspaces.keys().all(|k| !ids.contains(k)));
    }

    #[test]
    fn default_fleet_shape() {
        let s = generate(&params(42, 300), "us-east-1", NOW);
        assert_eq!(s.workspaces.len(), 300);
        assert_eq!(s.directories.len(), 3);
        let custom = s.bundles.values().filter(|b| b.owner != "AMAZON").count();
        assert_eq!(custom, 4);
        assert_eq!(s.images.len(), 6);
        assert_eq!(s.pools.len(), 2);
        let mut states: BTreeMap<&str, usize> = BTreeMap::new();
        for r in s.workspaces.values() {
            *states.entry(r.ws.state.as_str()).or_default() += 1;
            let w = &r.ws;
            assert!(matches(&w.workspace_id, pattern::WORKSPACE_ID));
            assert!(matches(&w.directory_id, pattern::DIRECTORY_ID));
            assert!(matches(&w.bundle_id, pattern::BUNDLE_ID));
            assert!(s.directories.contains_key(&w.directory_id));
            assert!(s.bundles.contains_key(&w.bundle_id));
            if w.state == WorkspaceState::Stopped {
                assert_eq!(
                    w.workspace_properties.running_mode.as_deref(),
                    Some("AUTO_STOP")
                );
            }
            if w.state == WorkspaceState::Error {
                assert!(w.error_code.is_some() && w.error_message.is_some());
            }
        }
        assert!(states["AVAILABLE"] > 180, "{states:?}");
        assert!(states["STOPPED"] > 10, "{states:?}");
        let odd = ["UNHEALTHY", "ERROR", "IMPAIRED", "ADMIN_MAINTENANCE"];
        assert!(
            odd.iter().all(|k| states.get(k).is_some_and(|&n| n > 0)),
            "{states:?}"
        );
        let never = s
            .workspaces
            .values()
            .filter(|r| r.conn.last_known.is_none())
            .count();
        assert!(never > 0 && never < 60, "some never connected: {never}");
        let oldest = s
            .workspaces
            .values()
            .filter_map(|r| r.conn.last_known)
            .min()
            .unwrap();
        assert!(oldest >= NOW - 90 * DAY);
        // User names are unique per directory.
        let mut seen = HashSet::new();
        for r in s.workspaces.values() {
            assert!(seen.insert((r.ws.directory_id.clone(), r.ws.user_name.clone())));
        }
        assert!(s
            .sessions
            .values()
            .all(|x| matches(&x.session_id, pattern::SESSION_ID)));
    }

    #[test]
    fn fifty_thousand_workspaces_generate_quickly() {
        let t = std::time::Instant::now();
        let s = generate(&params(7, 50_000), "us-east-1", NOW);
        let took = t.elapsed();
        assert_eq!(s.workspaces.len(), 50_000);
        let ips: HashSet<_> = s
            .workspaces
            .values()
            .filter_map(|r| r.ws.ip_address.clone())
            .collect();
        assert_eq!(ips.len(), 50_000, "IP addresses are unique");
        // Generous bound: unoptimized test builds are several times slower than release.
        assert!(took.as_secs_f64() < 10.0, "generation took {took:?}");
        eprintln!("generated 50,000 WorkSpaces in {took:?}");
    }

    #[test]
    fn uuids_and_ids_have_the_reference_shapes() {
        let mut rng = rng_for(1, "us-east-1", "t");
        for _ in 0..100 {
            assert!(matches(&uuid(&mut rng), pattern::SESSION_ID));
        }
        assert_eq!(ipv4(0x0a10_0004), "10.16.0.4");
    }
}
