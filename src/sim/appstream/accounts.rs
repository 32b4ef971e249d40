//! Every account's and Region's WorkSpaces Applications store, generated from the seed on
//! first use (the access key picks the account, the credential scope the Region).

use super::seed::{generate, SeedParams};
use super::store::AppStore;
use crate::sim::stores::{Advance, Generator, Stores};
use crate::sim::types::Millis;

pub type AppStores = Stores<SeedParams>;

impl Generator for SeedParams {
    type Store = AppStore;

    fn generate(&self, account: &str, region: &str, now: Millis) -> AppStore {
        generate(self, account, region, now)
    }
}

impl Advance for AppStore {
    fn advance(&mut self, now: Millis) {
        AppStore::advance(self, now);
    }
}
