//! The fleet doctor: rules as data, one small file each under `rules/`, each a pure function
//! over what wsfleet already holds (the panes' loaded rows, connection status, the states it
//! saw and since when, the reboots it sent) returning findings: the resources it names, why,
//! and the action that fixes them. `examine` runs them all; the app shows the result as
//! `:doctor` and `wsfleet get doctor`. Imports `domain` only.

pub mod rules;

use crate::domain::billing::Billing;
use crate::domain::doctor::{DoctorConfig, Finding, Seen};
use crate::domain::usage_book::UsageBook;
use crate::domain::{
    AppFleet, AppImage, ConnectionStatus, Tag, UpdateCheck, Workspace, WorkspaceBundle,
    WorkspaceImage, WorkspacesPool,
};
use std::collections::HashMap;

/// What the rules read: borrowed from the app's state (or built by a test).
pub struct Fleet<'a> {
    /// Epoch seconds.
    pub now: i64,
    pub config: &'a DoctorConfig,
    /// The connection pane's idle threshold (`idle_days`).
    pub idle_days: i64,
    pub workspaces: &'a [Workspace],
    pub connections: &'a foldhash::HashMap<String, ConnectionStatus>,
    /// When wsfleet first saw each WorkSpace and since when it is in its state.
    pub seen: &'a HashMap<String, Seen>,
    /// WorkSpaces a reboot sent by wsfleet succeeded for, and when.
    pub rebooted: &'a HashMap<String, i64>,
    pub images: &'a [WorkspaceImage],
    /// Accounts each image is shared with, as far as read (DescribeWorkspaceImagePermissions).
    pub image_shares: &'a HashMap<String, Vec<String>>,
    pub bundles: &'a [WorkspaceBundle],
    pub pools: &'a [WorkspacesPool],
    pub app_images: &'a [AppImage],
    /// The last update check (`D`) of each WorkSpaces Applications image, by ARN.
    pub app_updates: &'a HashMap<String, UpdateCheck>,
    pub app_fleets: &'a [AppFleet],
    /// Usage summaries read from CloudWatch (the billing-mode advice), with their age.
    pub usage: &'a UsageBook,
    /// Tags as far as fetched (the advisor's skip tag).
    pub tags: &'a HashMap<String, Vec<Tag>>,
    /// `[billing]`: break-even hours, skip tag, month-end rule.
    pub billing: &'a Billing,
}

/// What a rule reads, so a caller that must fetch (`wsfleet get doctor`) asks for only that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reads {
    Workspaces,
    Connections,
    Images,
    Bundles,
    Pools,
    AppImages,
    AppFleets,
    /// Usage summaries (GetMetricData) and, for the skip tag, tags.
    Usage,
}

/// One rule: its name, what it reads and its check.
pub struct Rule {
    pub name: &'static str,
    pub reads: &'static [Reads],
    pub check: fn(&Fleet) -> Vec<Finding>,
}

/// Every finding of every rule, worst first; a rule that finds nothing adds no row.
pub fn examine(fleet: &Fleet) -> Vec<Finding> {
    let mut out: Vec<Finding> = rules::ALL
        .iter()
        .flat_map(|r| (r.check)(fleet))
        .filter(|f| !f.ids.is_empty())
        .collect();
    out.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.rule.cmp(&b.rule)));
    out
}

/// What all rules read together.
pub fn reads() -> Vec<Reads> {
    let mut out: Vec<Reads> = vec![];
    for r in rules::ALL {
        for x in r.reads {
            if !out.contains(x) {
                out.push(*x);
            }
        }
    }
    out
}

/// "3 days", "45 min": a threshold as the rules' texts say it.
pub fn minutes_text(minutes: i64) -> String {
    if minutes % (60 * 24) == 0 && minutes > 0 {
        format!("{} d", minutes / (60 * 24))
    } else if minutes % 60 == 0 && minutes > 0 {
        format!("{} h", minutes / 60)
    } else {
        format!("{minutes} min")
    }
}

#[cfg(test)]
pub(crate) mod fixture;
