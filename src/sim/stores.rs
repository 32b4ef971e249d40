//! Every account's and Region's store of one service, generated from the seed on first use:
//! the access key picks the account, the SigV4 credential scope the Region. WorkSpaces
//! (`seed::FleetParams` → `store::RegionStore`) and WorkSpaces Applications
//! (`appstream::SeedParams` → its `AppStore`) keep their resources this way.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::types::Millis;

/// A store whose transitional states settle lazily: `advance` applies what is due at `now`.
pub trait Advance {
    fn advance(&mut self, now: Millis);
}

/// What a service's stores are generated from (the seed and the fleet size).
pub trait Generator {
    type Store: Advance;
    /// The resources of `account` in `region` as of `now`.
    fn generate(&self, account: &str, region: &str, now: Millis) -> Self::Store;
}

pub type Shared<S> = Arc<Mutex<S>>;

/// (account, Region).
type Place = (String, String);

/// The stores of one service by (account, Region), each created on first use.
pub struct Stores<G: Generator> {
    pub params: G,
    map: Mutex<HashMap<Place, Shared<G::Store>>>,
}

impl<G: Generator> Stores<G> {
    pub fn new(params: G) -> Stores<G> {
        Stores {
            params,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The store of `account` in `region`, generated on first use.
    pub fn get(&self, account: &str, region: &str, now: Millis) -> Shared<G::Store> {
        lock(&self.map)
            .entry((account.to_string(), region.to_string()))
            .or_insert_with(|| Arc::new(Mutex::new(self.params.generate(account, region, now))))
            .clone()
    }

    /// The stores other accounts already have in `region` (a store not yet created has
    /// shared nothing). Each is locked on its own by the caller, never while holding another:
    /// cross-account image sharing reads the owners' stores this way.
    pub fn others_in(&self, account: &str, region: &str) -> Vec<Shared<G::Store>> {
        lock(&self.map)
            .iter()
            .filter(|((a, r), _)| a != account && r == region)
            .map(|(_, store)| store.clone())
            .collect()
    }
}

/// Locks a mutex, carrying on after a panic elsewhere (the data is still consistent: every
/// mutation is completed under one lock).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
