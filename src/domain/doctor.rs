//! The fleet doctor's vocabulary (`:doctor`, `wsfleet get doctor`): a finding, what it is
//! about, the action that fixes it, the thresholds (`[doctor]` in the config) and what
//! wsfleet remembers of each WorkSpace to judge "for how long". The rules themselves are in
//! `crate::doctor`.

use serde::{Deserialize, Serialize};

/// How bad a finding is: errors first in the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARN",
            Severity::Info => "INFO",
        }
    }
}

/// The kind of resource a finding names (its pane shows them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Workspaces,
    Bundles,
    Images,
    Pools,
    AppImages,
    AppFleets,
}

/// The action a finding suggests, opened as the ordinary confirmation (or form) of that
/// action on the finding's resources, as marking them in their pane and pressing its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fix {
    Reboot,
    Rebuild,
    Stop,
    AutoStop,
    /// Running mode ALWAYS_ON (ModifyWorkspaceProperties).
    AlwaysOn,
    Terminate,
    /// ModifyWorkspaceProperties (its form has the protocol).
    Modify,
    /// MigrateWorkspace to a bundle on a supported operating system.
    Migrate,
    /// An image update campaign, started on the image (the finding names its bundles).
    Campaign,
    /// UpdateWorkspaceImagePermission with ImportImage false.
    Unshare,
    /// Desired capacity of a pool (UpdateWorkspacesPool) or fleet (UpdateFleet).
    Capacity,
    /// CreateUpdatedImage of a WorkSpaces Applications image.
    UpdateAppImage,
}

/// One rule's finding: how bad, which resources, why in one line, and what fixes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's name (with a suffix when one rule finds two things): the row's key.
    pub rule: String,
    pub severity: Severity,
    pub subject: Subject,
    /// The resources it names (their IDs, or ARNs for WorkSpaces Applications), sorted.
    pub ids: Vec<String>,
    /// Why, in one line that fits 80 columns beside the count.
    pub why: String,
    pub fix: Option<Fix>,
    /// The fix as the keymap binds it ("R reboot"), filled in by the app.
    pub fix_text: String,
    /// The resources the fix opens on, when not `ids` (a campaign starts on the images
    /// of the bundles found): the fix's own subject and IDs.
    pub fix_on: Option<(Subject, Vec<String>)>,
}

impl Finding {
    pub fn new(rule: &str, severity: Severity, subject: Subject, mut ids: Vec<String>) -> Self {
        ids.sort();
        ids.dedup();
        Finding {
            rule: rule.to_string(),
            severity,
            subject,
            ids,
            why: String::new(),
            fix: None,
            fix_text: String::new(),
            fix_on: None,
        }
    }

    pub fn why(mut self, why: impl Into<String>) -> Self {
        self.why = why.into();
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// What wsfleet has seen of one WorkSpace: when it first listed it (this session or its
/// warm-start cache; the API has no creation time), and since when it has been in the state
/// it was last seen in. Kept in the warm-start cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub first: i64,
    pub state: String,
    pub since: i64,
}

/// `[doctor]`: the thresholds of the fleet doctor's rules.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DoctorConfig {
    /// UNHEALTHY or IMPAIRED for longer than this is a finding (reboot).
    pub unhealthy_minutes: u32,
    /// Never connected to this many days after wsfleet first saw it.
    pub never_connected_days: u32,
    /// Accounts images may be shared with; any other is a finding.
    pub shared_image_accounts: Vec<String>,
    /// Streaming protocols counted as outdated.
    pub outdated_protocols: Vec<String>,
    /// OperatingSystemName values past their support.
    pub unsupported_os: Vec<String>,
}

impl Default for DoctorConfig {
    fn default() -> Self {
        DoctorConfig {
            unhealthy_minutes: 30,
            never_connected_days: 14,
            shared_image_accounts: vec![],
            outdated_protocols: vec!["PCOIP".into()],
            // Windows 7 and 10 (support ended January 2020 and October 2025), Ubuntu 18.04
            // (standard support ended May 2023), Amazon Linux 2 (June 2026).
            unsupported_os: vec![
                "WINDOWS_7".into(),
                "WINDOWS_10".into(),
                "UBUNTU_18_04".into(),
                "AMAZON_LINUX_2".into(),
            ],
        }
    }
}

impl DoctorConfig {
    /// The first key that breaks its rule, and the rule.
    pub fn broken(&self) -> Option<(&'static str, String)> {
        if self.unhealthy_minutes > 60 * 24 * 30 {
            return Some(("unhealthy_minutes", "at most 43200 (30 days)".into()));
        }
        if self.never_connected_days > 3650 {
            return Some(("never_connected_days", "at most 3650".into()));
        }
        for a in &self.shared_image_accounts {
            if a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()) {
                return Some((
                    "shared_image_accounts",
                    format!("'{a}' is not an AWS account ID (12 digits)"),
                ));
            }
        }
        None
    }
}
