//! Every Region's store, created from the seed on first use. State is kept per Region, as
//! the Region in each request's credential scope selects it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::RegionStore;
use crate::sim::seed::{fnv64, generate, FleetParams};
use crate::sim::types::Millis;

type SharedStore = Arc<Mutex<RegionStore>>;

#[derive(Debug)]
pub struct Regions {
    params: FleetParams,
    /// Stores by (account, Region).
    map: Mutex<HashMap<(String, String), SharedStore>>,
}

impl Regions {
    pub fn new(params: FleetParams) -> Regions {
        Regions {
            params,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The store of `region` in the default account, generated on first use.
    #[cfg(test)]
    pub fn get(&self, region: &str, now: Millis) -> Arc<Mutex<RegionStore>> {
        let account = self.params.account_id.clone();
        self.get_in(&account, region, now)
    }

    /// The store of `region` in `account`, generated on first use. Other accounts get their
    /// own fleet: the seed is mixed with the account ID.
    pub fn get_in(&self, account: &str, region: &str, now: Millis) -> Arc<Mutex<RegionStore>> {
        let mut map = lock(&self.map);
        map.entry((account.to_string(), region.to_string()))
            .or_insert_with(|| {
                let store = if account == self.params.account_id {
                    generate(&self.params, region, now)
                } else {
                    let params = FleetParams {
                        account_id: account.to_string(),
                        seed: self.params.seed ^ fnv64(account),
                        ..self.params.clone()
                    };
                    generate(&params, region, now)
                };
                Arc::new(Mutex::new(store))
            })
            .clone()
    }
}

impl Regions {
    /// The stores other accounts already have in `region` (a store not yet created has
    /// shared nothing). Each is locked on its own by the caller, never while holding another:
    /// cross-account image sharing reads the owners' stores this way.
    pub fn others_in(&self, account: &str, region: &str) -> Vec<Arc<Mutex<RegionStore>>> {
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
