//! Stacks, and which fleets each is associated with.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::STACK_PREFIXES;
use super::{capitalized, numbered, SeedParams};
use crate::sim::appstream::store::{AppStore, StackRec};
use crate::sim::appstream::types::{ApplicationSettings, Stack, StorageConnector, UserSetting};
use crate::sim::seed::DAY;
use crate::sim::types::{epoch_seconds, Millis};

/// Stacks; each fleet is associated with its team's stack, or with one in turn when its team
/// has none.
pub fn stacks(rng: &mut ChaCha8Rng, params: &SeedParams, store: &mut AppStore, now: Millis) {
    let count = (params.size / 100).clamp(3, 30);
    let account = store.account_id.clone();
    let fleets: Vec<String> = store.fleets.keys().cloned().collect();
    let names: Vec<String> = (0..count)
        .map(|i| {
            let prefix = STACK_PREFIXES[i % STACK_PREFIXES.len()];
            numbered(prefix, "stack", i / STACK_PREFIXES.len())
        })
        .collect();
    let stack_of = |f: usize, fleet: &str| {
        let own = fleet.replacen("-fleet", "-stack", 1);
        if names.contains(&own) {
            own
        } else {
            names[f % count].clone()
        }
    };
    for (i, name) in names.iter().enumerate() {
        let prefix = STACK_PREFIXES[i % STACK_PREFIXES.len()];
        let stack = Stack {
            arn: store.arn("stack", &account, name),
            name: name.clone(),
            display_name: format!("{} apps", capitalized(prefix)),
            description: Some(format!("Applications for the {prefix} team")),
            created_time: epoch_seconds(now - rng.random_range(10..400) * DAY),
            storage_connectors: vec![StorageConnector {
                connector_type: "HOMEFOLDERS".to_string(),
            }],
            user_settings: [
                "CLIPBOARD_COPY_FROM_LOCAL_DEVICE",
                "FILE_DOWNLOAD",
                "PRINTING_TO_LOCAL_DEVICE",
            ]
            .iter()
            .map(|a| UserSetting {
                action: a.to_string(),
                permission: if rng.random_bool(0.6) {
                    "ENABLED"
                } else {
                    "DISABLED"
                }
                .to_string(),
            })
            .collect(),
            application_settings: ApplicationSettings { enabled: false },
            stack_errors: vec![],
        };
        let associated = fleets
            .iter()
            .enumerate()
            .filter(|(f, fleet)| stack_of(*f, fleet) == *name)
            .map(|(_, fleet)| fleet.clone())
            .collect();
        store.stacks.insert(
            name.clone(),
            StackRec {
                stack,
                fleets: associated,
            },
        );
    }
}
