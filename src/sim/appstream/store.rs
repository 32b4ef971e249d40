//! One account's WorkSpaces Applications resources in one Region: images, fleets, stacks,
//! streaming sessions and tags, with the same lazy state machine as the WorkSpaces side
//! (a transitional state records when it settles; `advance(now)` applies what is due
//! whenever a request touches the store).
//!
//! Transitions: images PENDING → AVAILABLE (CreateUpdatedImage); fleets STARTING → RUNNING
//! (StartFleet) and STOPPING → STOPPED (StopFleet, which ends the fleet's sessions); a
//! RUNNING fleet's Running capacity converges to Desired one transition after UpdateFleet.

use std::collections::{BTreeMap, HashMap};

use super::types::{fleet_state, image_state, Fleet, Image, ImagePermissions, Session, Stack};
use crate::sim::types::Millis;

#[derive(Debug, Clone)]
pub struct ImageRec {
    pub image: Image,
    /// The account that owns the image ("AWS" for PUBLIC base images).
    pub owner: String,
    /// ImagePermissions granted to other accounts (UpdateImagePermissions), by account.
    pub shared_with: BTreeMap<String, ImagePermissions>,
    /// When a PENDING image becomes AVAILABLE.
    pub available_at: Option<Millis>,
}

#[derive(Debug, Clone)]
pub struct FleetRec {
    pub fleet: Fleet,
    /// The state a STARTING/STOPPING fleet settles in, and when.
    pub pending: Option<(Millis, &'static str)>,
    /// When a RUNNING fleet's Running capacity reaches Desired after UpdateFleet.
    pub capacity_at: Option<Millis>,
}

#[derive(Debug, Clone)]
pub struct StackRec {
    pub stack: Stack,
    /// Associated fleets (ListAssociatedFleets), in association order.
    pub fleets: Vec<String>,
}

#[derive(Debug)]
pub struct AppStore {
    pub region: String,
    pub account_id: String,
    /// How long a transitional state lasts (SimConfig::transition).
    pub transition: Millis,
    /// Images by Name (names are unique per account and Region, and the API addresses
    /// images by name).
    pub images: BTreeMap<String, ImageRec>,
    pub fleets: BTreeMap<String, FleetRec>,
    pub stacks: BTreeMap<String, StackRec>,
    /// Streaming sessions by Id.
    pub sessions: BTreeMap<String, Session>,
    /// Tags by resource ARN (TagResource / ListTagsForResource).
    pub tags: HashMap<String, BTreeMap<String, String>>,
}

impl AppStore {
    pub fn new(region: &str, account_id: &str, transition: Millis) -> AppStore {
        AppStore {
            region: region.to_string(),
            account_id: account_id.to_string(),
            transition,
            images: BTreeMap::new(),
            fleets: BTreeMap::new(),
            stacks: BTreeMap::new(),
            sessions: BTreeMap::new(),
            tags: HashMap::new(),
        }
    }

    /// `arn:aws:appstream:<region>:<account>:<kind>/<name>`. PUBLIC base images carry no
    /// account, as AWS's do (`arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-…`).
    pub fn arn(&self, kind: &str, account: &str, name: &str) -> String {
        format!("arn:aws:appstream:{}:{account}:{kind}/{name}", self.region)
    }

    /// Whether `arn` names an image, fleet or stack of this store (the taggable resources).
    pub fn resource_exists(&self, arn: &str) -> bool {
        self.images.values().any(|i| i.image.arn == arn)
            || self.fleets.values().any(|f| f.fleet.arn == arn)
            || self.stacks.values().any(|s| s.stack.arn == arn)
    }

    /// Puts an image into PENDING now; it becomes AVAILABLE after the transition time.
    pub fn begin_image_pending(&mut self, name: &str, now: Millis) {
        let due = now + self.transition;
        if let Some(rec) = self.images.get_mut(name) {
            rec.image.state = image_state::PENDING.to_string();
            rec.available_at = Some(due);
        }
    }

    /// Puts a fleet into `transitional` now; it becomes `then` after the transition time.
    pub fn begin_fleet_transition(
        &mut self,
        name: &str,
        transitional: &'static str,
        then: &'static str,
        now: Millis,
    ) {
        let due = now + self.transition;
        if let Some(rec) = self.fleets.get_mut(name) {
            rec.fleet.state = transitional.to_string();
            rec.pending = Some((due, then));
            rec.capacity_at = None;
        }
        self.sync_capacity(name);
    }

    /// A RUNNING fleet's new Desired capacity is reached after the transition time.
    pub fn begin_capacity_change(&mut self, name: &str, now: Millis) {
        if let Some(rec) = self.fleets.get_mut(name) {
            if rec.fleet.state == fleet_state::RUNNING {
                rec.capacity_at = Some(now + self.transition);
            }
        }
        self.sync_capacity(name);
    }

    /// Applies every settlement due at or before `now`.
    pub fn advance(&mut self, now: Millis) {
        for rec in self.images.values_mut() {
            if rec.available_at.is_some_and(|due| due <= now) {
                rec.image.state = image_state::AVAILABLE.to_string();
                rec.available_at = None;
            }
        }
        let mut touched = Vec::new();
        for (name, rec) in self.fleets.iter_mut() {
            if let Some((_, then)) = rec.pending.filter(|(due, _)| *due <= now) {
                rec.fleet.state = then.to_string();
                rec.pending = None;
                touched.push(name.clone());
            }
            if rec.capacity_at.is_some_and(|due| due <= now) {
                rec.capacity_at = None;
                touched.push(name.clone());
            }
        }
        for name in touched {
            if self.fleets[&name].fleet.state == fleet_state::STOPPED {
                // "When a fleet is stopped, its streaming sessions end" (StopFleet).
                self.sessions.retain(|_, s| s.fleet_name != name);
            }
            self.sync_capacity(&name);
        }
    }

    /// Recomputes a fleet's ComputeCapacityStatus from its state and sessions:
    /// Available = Running − InUse. A stopped fleet runs no instances; an ELASTIC fleet has
    /// no instances of its own, so Desired is its MaxConcurrentSessions and Running its
    /// sessions.
    pub fn sync_capacity(&mut self, name: &str) {
        let in_use = self
            .sessions
            .values()
            .filter(|s| s.fleet_name == name)
            .count() as i32;
        let Some(rec) = self.fleets.get_mut(name) else {
            return;
        };
        let f = &mut rec.fleet;
        let cap = &mut f.compute_capacity_status;
        cap.in_use = in_use;
        if f.fleet_type == "ELASTIC" {
            cap.desired = f.max_concurrent_sessions.unwrap_or(0);
            cap.running = if f.state == fleet_state::RUNNING {
                in_use
            } else {
                0
            };
        } else if f.state == fleet_state::STOPPED || f.state == fleet_state::STARTING {
            cap.running = in_use;
        } else if f.state == fleet_state::RUNNING && rec.capacity_at.is_none() {
            cap.running = cap.desired.max(in_use);
        } else {
            cap.running = cap.running.max(in_use);
        }
        cap.available = if f.fleet_type == "ELASTIC" {
            (cap.desired - in_use).max(0)
        } else {
            (cap.running - in_use).max(0)
        };
    }
}
