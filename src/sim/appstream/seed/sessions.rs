//! Streaming sessions on the RUNNING fleets.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{FIRST, LAST};
use super::hex;
use crate::sim::appstream::store::AppStore;
use crate::sim::appstream::types::{fleet_state, NetworkAccessConfiguration, Session};
use crate::sim::seed::{HOUR, MINUTE};
use crate::sim::types::{epoch_seconds, Millis};

/// Streaming sessions on the RUNNING fleets, through the stack each fleet is associated with.
pub fn sessions(rng: &mut ChaCha8Rng, store: &mut AppStore, now: Millis) {
    let running: Vec<(String, i32, i32)> = store
        .fleets
        .values()
        .filter(|f| f.fleet.state == fleet_state::RUNNING)
        .map(|f| {
            let cap = f.fleet.compute_capacity_status.desired.max(8);
            (
                f.fleet.name.clone(),
                cap,
                f.fleet.max_user_duration_in_seconds,
            )
        })
        .collect();
    for (fleet, cap, max_duration) in running {
        let Some(stack) = store
            .stacks
            .values()
            .find(|s| s.fleets.contains(&fleet))
            .map(|s| s.stack.name.clone())
        else {
            continue;
        };
        let n = rng.random_range(1..=cap.min(6));
        for _ in 0..n {
            let session = session(rng, &stack, &fleet, max_duration, now);
            store.sessions.insert(session.id.clone(), session);
        }
        store.sync_capacity(&fleet);
    }
    let names: Vec<String> = store.fleets.keys().cloned().collect();
    for name in names {
        store.sync_capacity(&name);
    }
}

/// One user's session on `fleet` through `stack`, started in the last 8 hours.
fn session(
    rng: &mut ChaCha8Rng,
    stack: &str,
    fleet: &str,
    max_duration: i32,
    now: Millis,
) -> Session {
    let auth = ["API", "SAML", "USERPOOL"][rng.random_range(0..3)];
    let user = format!(
        "{}.{}@example.com",
        FIRST[rng.random_range(0..FIRST.len())],
        LAST[rng.random_range(0..LAST.len())]
    );
    let start = now - rng.random_range(5 * MINUTE..8 * HOUR);
    Session {
        id: uuid(rng),
        user_id: user,
        stack_name: stack.to_string(),
        fleet_name: fleet.to_string(),
        state: if rng.random_bool(0.9) {
            "ACTIVE"
        } else {
            "PENDING"
        }
        .to_string(),
        connection_state: if rng.random_bool(0.8) {
            "CONNECTED"
        } else {
            "NOT_CONNECTED"
        }
        .to_string(),
        start_time: epoch_seconds(start),
        max_expiration_time: epoch_seconds(start + max_duration as Millis * 1000),
        authentication_type: auth.to_string(),
        network_access_configuration: NetworkAccessConfiguration {
            eni_private_ip_address: format!(
                "10.{}.{}.{}",
                rng.random_range(0..16),
                rng.random_range(0..256),
                rng.random_range(4..255)
            ),
            eni_id: format!("eni-0{}", hex(rng, 16)),
        },
        instance_id: format!("i-0{}", hex(rng, 16)),
    }
}

/// A session ID: a random (version 4) UUID.
fn uuid(rng: &mut ChaCha8Rng) -> String {
    let h = hex(rng, 32);
    format!(
        "{}-{}-4{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        ["8", "9", "a", "b"][rng.random_range(0..4)],
        &h[17..20],
        &h[20..32]
    )
}
