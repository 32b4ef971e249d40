//! Who uses a WorkSpace when: a usage profile drawn from its ID (so every run and every
//! Region agrees), bounded by what the WorkSpaces store says about it. Hours are UTC epoch
//! hours.
//! - Never connected (no LastKnownUserConnectionTimestamp): no session in any hour, and no
//!   metric at all (CloudWatch has no datapoints for it).
//! - CONNECTED now: the current hour is a session hour.
//! - No session after the last known connection, except the current one.
//! - Before it, by profile: office hours (weekdays 08–17 UTC, some days off), rare (a
//!   two-hour session on about one day in twelve) or heavy (06–22 every day).

use super::super::store::{ConnState, WorkspaceRec};
use super::super::types::Millis;

const HOUR_MS: Millis = 3_600_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Office,
    Rare,
    Heavy,
}

/// What the series of one WorkSpace are computed from (copied out of the store, so the
/// store's lock is not held while they are).
#[derive(Debug, Clone)]
pub struct Usage {
    pub key: u64,
    pub profile: Profile,
    /// The hour its data starts (created or last rebuilt).
    pub first_hour: u64,
    /// The hour of its last known connection; None = never connected.
    pub last_hour: Option<u64>,
    pub connected_now: bool,
    pub now_hour: u64,
    pub always_on: bool,
}

impl Usage {
    pub fn of(rec: &WorkspaceRec, now: Millis) -> Usage {
        let key = hash_str(&rec.ws.workspace_id);
        let profile = match key % 10 {
            0..=4 => Profile::Office,
            5..=7 => Profile::Rare,
            _ => Profile::Heavy,
        };
        let always_on = rec.ws.workspace_properties.running_mode.as_deref() == Some("ALWAYS_ON");
        Usage {
            key,
            profile,
            first_hour: rec.rebuilt / HOUR_MS,
            last_hour: rec.conn.last_known.map(|t| t / HOUR_MS),
            connected_now: rec.conn.state == ConnState::Connected,
            now_hour: now / HOUR_MS,
            always_on,
        }
    }

    /// Whether CloudWatch has anything for this WorkSpace.
    pub fn publishes(&self) -> bool {
        self.last_hour.is_some() || self.connected_now
    }

    /// Whether a user was connected during `hour`.
    pub fn connected(&self, hour: u64) -> bool {
        if hour < self.first_hour || hour > self.now_hour {
            return false;
        }
        if hour == self.now_hour {
            return self.connected_now;
        }
        match self.last_hour {
            None => false,
            Some(last) if hour > last => false,
            Some(last) if hour == last => true,
            Some(_) => self.by_profile(hour),
        }
    }

    /// Whether the WorkSpace was running (and so publishing CPU, memory and disk) in `hour`:
    /// always for ALWAYS_ON, else in a session hour and the hour after (the AutoStop timeout).
    pub fn running(&self, hour: u64) -> bool {
        if hour < self.first_hour || hour > self.now_hour || !self.publishes() {
            return false;
        }
        self.always_on || self.connected(hour) || (hour > 0 && self.connected(hour - 1))
    }

    fn by_profile(&self, hour: u64) -> bool {
        let day = hour / 24;
        let hod = hour % 24;
        // 1970-01-01 was a Thursday: day 0 → weekday 3 (Monday = 0).
        let weekday = (day + 3) % 7;
        let roll = mix(self.key ^ day.wrapping_mul(0x9e37_79b9)) % 100;
        match self.profile {
            Profile::Office => weekday < 5 && roll >= 10 && (8..17).contains(&hod),
            Profile::Heavy => (6..22).contains(&hod),
            Profile::Rare => roll < 8 && (10..12).contains(&hod),
        }
    }
}

/// FNV-1a of a string.
pub fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// splitmix64's finaliser: a well-spread value for a key.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
