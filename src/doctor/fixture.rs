//! A fleet for the rules' unit tests: owned data a `Fleet` borrows.

use super::Fleet;
use crate::domain::doctor::{DoctorConfig, Seen};
use crate::domain::*;
use std::collections::HashMap;

pub const NOW: i64 = 1_795_262_400;
pub const MIN: i64 = 60;
pub const DAY: i64 = 86_400;

#[derive(Default)]
pub struct Owned {
    pub config: DoctorConfig,
    pub workspaces: Vec<Workspace>,
    pub connections: foldhash::HashMap<String, ConnectionStatus>,
    pub seen: HashMap<String, Seen>,
    pub rebooted: HashMap<String, i64>,
    pub images: Vec<WorkspaceImage>,
    pub image_shares: HashMap<String, Vec<String>>,
    pub bundles: Vec<WorkspaceBundle>,
    pub pools: Vec<WorkspacesPool>,
    pub app_images: Vec<AppImage>,
    pub app_updates: HashMap<String, UpdateCheck>,
    pub app_fleets: Vec<AppFleet>,
    pub usage: crate::domain::usage_book::UsageBook,
    pub tags: HashMap<String, Vec<Tag>>,
    pub billing: crate::domain::billing::Billing,
}

impl Owned {
    pub fn fleet(&self) -> Fleet<'_> {
        Fleet {
            now: NOW,
            config: &self.config,
            idle_days: 30,
            workspaces: &self.workspaces,
            connections: &self.connections,
            seen: &self.seen,
            rebooted: &self.rebooted,
            images: &self.images,
            image_shares: &self.image_shares,
            bundles: &self.bundles,
            pools: &self.pools,
            app_images: &self.app_images,
            app_updates: &self.app_updates,
            app_fleets: &self.app_fleets,
            usage: &self.usage,
            tags: &self.tags,
            billing: &self.billing,
        }
    }

    /// A WorkSpace in `state`, seen first `first` seconds ago and in that state for `since`.
    pub fn ws(&mut self, id: &str, state: &str, first: i64, since: i64) -> &mut Workspace {
        self.seen.insert(
            id.into(),
            Seen {
                first: NOW - first,
                state: state.into(),
                since: NOW - since,
            },
        );
        self.workspaces.push(Workspace {
            id: id.into(),
            region: "us-east-1".into(),
            state: WorkspaceState::parse(state),
            running_mode: "AUTO_STOP".into(),
            protocols: vec!["WSP".into()],
            operating_system: "WINDOWS_SERVER_2022".into(),
            ..Default::default()
        });
        self.workspaces.last_mut().unwrap()
    }

    /// Its connection status: last connected `ago` seconds ago (None: never).
    pub fn conn(&mut self, id: &str, ago: Option<i64>) {
        self.connections.insert(
            id.into(),
            ConnectionStatus {
                workspace_id: id.into(),
                region: "us-east-1".into(),
                state: "DISCONNECTED".into(),
                check_time: Some(NOW),
                last_user_connection: ago.map(|a| NOW - a),
            },
        );
    }
}
