//! Every Region's store, created from the seed on first use. State is kept per Region, as
//! the Region in each request's credential scope selects it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::RegionStore;
use crate::sim::seed::{generate, FleetParams};
use crate::sim::types::Millis;

#[derive(Debug)]
pub struct Regions {
    params: FleetParams,
    map: Mutex<HashMap<String, Arc<Mutex<RegionStore>>>>,
}

impl Regions {
    pub fn new(params: FleetParams) -> Regions {
        Regions {
            params,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The store of `region`, generated on first use.
    pub fn get(&self, region: &str, now: Millis) -> Arc<Mutex<RegionStore>> {
        let mut map = lock(&self.map);
        map.entry(region.to_string())
            .or_insert_with(|| Arc::new(Mutex::new(generate(&self.params, region, now))))
            .clone()
    }
}

/// Locks a mutex, carrying on after a panic elsewhere (the data is still consistent: every
/// mutation is completed under one lock).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
