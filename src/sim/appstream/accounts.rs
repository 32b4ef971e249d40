//! Every account's and Region's WorkSpaces Applications store, generated from the seed on
//! first use (the access key picks the account, the credential scope the Region).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::seed::{generate, SeedParams};
use super::store::AppStore;
use crate::sim::store::lock;
use crate::sim::types::Millis;

type SharedStore = Arc<Mutex<AppStore>>;

#[derive(Debug)]
pub struct AppStores {
    params: SeedParams,
    /// Stores by (account, Region).
    map: Mutex<HashMap<(String, String), SharedStore>>,
}

impl AppStores {
    pub fn new(params: SeedParams) -> AppStores {
        AppStores {
            params,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The store of `account` in `region`, generated on first use.
    pub fn get(&self, account: &str, region: &str, now: Millis) -> SharedStore {
        lock(&self.map)
            .entry((account.to_string(), region.to_string()))
            .or_insert_with(|| Arc::new(Mutex::new(generate(&self.params, account, region, now))))
            .clone()
    }
}
