//! ModifyWorkspaceProperties with any of its properties (issue 27): what an administrator asks
//! to change on each WorkSpace, and the service's rules for it as the admin guide's "Modify a
//! WorkSpace" page states them
//! (<https://docs.aws.amazon.com/workspaces/latest/adminguide/modify-workspaces.html>, which the
//! API reference's WorkspaceProperties.RootVolumeSizeGib points to):
//! - the WorkSpace must be AVAILABLE or STOPPED;
//! - "You can't change the volume size and the compute type at the same time";
//! - volumes only grow, up to 2000 GB each, in the fixed groups [root, user] of [80, 10],
//!   [80, 50], [80, 100] and [175 to 2000, 100 to 2000];
//! - volumes can be expanded once in a 6-hour period, and root and user not at the same time;
//! - a compute type can go up once in 6 hours and down once in 30 days;
//! - changing the volume size or compute type changes the WorkSpace's billing rate;
//! - Protocols: "Only available for WorkSpaces created with PCoIP bundles" (API reference).
//!
//! What the API cannot tell the app: when a WorkSpace's volumes or compute type last changed
//! (DescribeWorkspaces reports only the ModificationStates of a change in progress), so the
//! 6-hour and 30-day windows are left to the service, whose refusal becomes the target's
//! outcome; and which bundle protocol a WorkSpace was created with, which the app reads from
//! its current Protocols (one showing WSP is taken as not created with a PCoIP bundle).

use super::{Workspace, WorkspaceState};

/// The compute types ModifyWorkspaceProperties takes (the model's `Compute` enum, without the
/// ones the form does not offer: every value is offered), smallest first within each family.
pub const COMPUTE_TYPES: &[&str] = &[
    "VALUE",
    "STANDARD",
    "PERFORMANCE",
    "POWER",
    "POWERPRO",
    "GENERALPURPOSE_4XLARGE",
    "GENERALPURPOSE_8XLARGE",
    "GRAPHICS",
    "GRAPHICSPRO",
    "GRAPHICS_G4DN",
    "GRAPHICSPRO_G4DN",
];

/// The running modes an administrator may set (MANUAL is for WorkSpaces Core only).
pub const RUNNING_MODES: &[&str] = &["AUTO_STOP", "ALWAYS_ON"];

/// The streaming protocols (the model's `Protocol` enum; WSP is DCV).
pub const PROTOCOLS: &[&str] = &["PCOIP", "WSP"];

/// The largest volume, either one.
pub const MAX_VOLUME_GB: i32 = 2000;

/// The properties to change; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PropertyChange {
    pub compute: Option<String>,
    pub root_gb: Option<i32>,
    pub user_gb: Option<i32>,
    pub running_mode: Option<String>,
    pub auto_stop_minutes: Option<i32>,
    pub protocol: Option<String>,
}

/// Whether a [root, user] pair is one of the admin guide's groups.
pub fn volume_pair_allowed(root: i32, user: i32) -> bool {
    matches!((root, user), (80, 10) | (80, 50) | (80, 100))
        || ((175..=MAX_VOLUME_GB).contains(&root) && (100..=MAX_VOLUME_GB).contains(&user))
}

fn is_graphics(compute: &str) -> bool {
    compute.starts_with("GRAPHICS")
}

impl PropertyChange {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// What the job changes, for the queue pane and the audit log: "compute PERFORMANCE".
    pub fn summary(&self) -> String {
        let mut parts = vec![];
        if let Some(c) = &self.compute {
            parts.push(format!("compute {c}"));
        }
        if let Some(n) = self.root_gb {
            parts.push(format!("root {n} GB"));
        }
        if let Some(n) = self.user_gb {
            parts.push(format!("user {n} GB"));
        }
        if let Some(m) = &self.running_mode {
            parts.push(m.clone());
        }
        if let Some(n) = self.auto_stop_minutes {
            parts.push(format!("auto-stop {n} min"));
        }
        if let Some(p) = &self.protocol {
            parts.push(format!("protocol {p}"));
        }
        parts.join(", ")
    }

    /// The rules that hold whatever the target: the form shows the first one broken.
    pub fn check_form(&self) -> Result<(), String> {
        if self.is_empty() {
            return Err("nothing to change: fill at least one field".into());
        }
        let volume = self.root_gb.is_some() || self.user_gb.is_some();
        if self.compute.is_some() && volume {
            return Err("the compute type and a volume size cannot change at the same time".into());
        }
        if self.root_gb.is_some() && self.user_gb.is_some() {
            return Err("the root and user volumes cannot grow at the same time".into());
        }
        for (name, size, min) in [("root", self.root_gb, 80), ("user", self.user_gb, 10)] {
            if let Some(n) = size {
                if !(min..=MAX_VOLUME_GB).contains(&n) {
                    return Err(format!(
                        "the {name} volume is {min} to {MAX_VOLUME_GB} GB, not {n}"
                    ));
                }
            }
        }
        if let Some(t) = self.auto_stop_minutes {
            if t < 60 || t % 60 != 0 {
                return Err(format!(
                    "the auto-stop timeout is set in 60-minute steps (60, 120, …), not {t}"
                ));
            }
            if self.running_mode.as_deref() == Some("ALWAYS_ON") {
                return Err("an auto-stop timeout is for AUTO_STOP, not ALWAYS_ON".into());
            }
        }
        Ok(())
    }

    /// What changes on `ws`, one item each: `STANDARD → PERFORMANCE`, `root 80 → 175 GB`.
    /// Properties it already has are left out.
    pub fn changes_for(&self, ws: &Workspace) -> Vec<String> {
        let mut out = vec![];
        if let Some(c) = self.compute.as_ref().filter(|c| **c != ws.compute_type) {
            out.push(format!("{} → {c}", or_unknown(&ws.compute_type)));
        }
        for (name, new, old) in [
            ("root", self.root_gb, ws.root_volume_gib),
            ("user", self.user_gb, ws.user_volume_gib),
        ] {
            if let Some(n) = new.filter(|n| Some(*n) != old) {
                let old = old.map_or("?".into(), |o| o.to_string());
                out.push(format!("{name} {old} → {n} GB"));
            }
        }
        if let Some(m) = self
            .running_mode
            .as_ref()
            .filter(|m| **m != ws.running_mode)
        {
            out.push(format!("{} → {m}", or_unknown(&ws.running_mode)));
        }
        if let Some(t) = self
            .auto_stop_minutes
            .filter(|t| Some(*t) != ws.auto_stop_minutes)
        {
            let old = ws.auto_stop_minutes.map_or("?".into(), |o| o.to_string());
            out.push(format!("auto-stop {old} → {t} min"));
        }
        if let Some(p) = self
            .protocol
            .as_ref()
            .filter(|p| ws.protocols.as_slice() != [p.to_string()])
        {
            out.push(format!("{} → {p}", protocols_text(&ws.protocols)));
        }
        out
    }

    /// Whether it changes what the WorkSpace costs: the admin guide says so of the volume
    /// size and the compute type; the running mode is the billing model itself.
    pub fn changes_billing(&self) -> bool {
        self.compute.is_some()
            || self.root_gb.is_some()
            || self.user_gb.is_some()
            || self.running_mode.is_some()
    }

    /// A compute change restarts the WorkSpace: a connected user is cut off.
    pub fn restarts(&self) -> bool {
        self.compute.is_some()
    }

    /// The rules for one WorkSpace, as far as DescribeWorkspaces tells them. `Ok`: worth
    /// sending.
    pub fn check(&self, ws: &Workspace) -> Result<(), String> {
        use WorkspaceState::*;
        if !ws.modification_states.is_empty() {
            return Err(format!(
                "being modified ({}): wait until it settles",
                modifying_text(ws)
            ));
        }
        if !matches!(ws.state, Available | Stopped) {
            return Err(format!(
                "{}: modify needs AVAILABLE or STOPPED",
                ws.state.as_str()
            ));
        }
        if self.changes_for(ws).is_empty() {
            return Err("already has these properties".into());
        }
        self.check_compute(ws)?;
        self.check_volumes(ws)?;
        self.check_running_mode(ws)?;
        self.check_protocol(ws)
    }

    fn check_compute(&self, ws: &Workspace) -> Result<(), String> {
        let Some(c) = self.compute.as_ref().filter(|c| **c != ws.compute_type) else {
            return Ok(());
        };
        if !ws.compute_type.is_empty() && is_graphics(c) != is_graphics(&ws.compute_type) {
            return Err(format!(
                "{} → {c}: graphics and non-graphics compute types do not interchange",
                ws.compute_type
            ));
        }
        Ok(())
    }

    fn check_volumes(&self, ws: &Workspace) -> Result<(), String> {
        let root_grows = self.root_gb.is_some_and(|n| Some(n) != ws.root_volume_gib);
        let user_grows = self.user_gb.is_some_and(|n| Some(n) != ws.user_volume_gib);
        if !root_grows && !user_grows {
            return Ok(());
        }
        let (Some(root), Some(user)) = (ws.root_volume_gib, ws.user_volume_gib) else {
            return Err("its volume sizes are not known: refresh first".into());
        };
        for (name, new, old) in [("root", self.root_gb, root), ("user", self.user_gb, user)] {
            if let Some(n) = new.filter(|n| *n < old) {
                return Err(format!(
                    "{name} volume is {old} GB: volumes only grow, not to {n}"
                ));
            }
        }
        let (r, u) = (self.root_gb.unwrap_or(root), self.user_gb.unwrap_or(user));
        if !volume_pair_allowed(r, u) {
            return Err(format!(
                "root {r} GB with user {u} GB is not an allowed pair (80/10, 80/50, 80/100, \
                 175-2000/100-2000)"
            ));
        }
        Ok(())
    }

    fn check_running_mode(&self, ws: &Workspace) -> Result<(), String> {
        let mode = self.running_mode.as_deref().unwrap_or(&ws.running_mode);
        if ws.state == WorkspaceState::Stopped
            && self.running_mode.as_deref() == Some("ALWAYS_ON")
            && ws.running_mode != "ALWAYS_ON"
        {
            return Err("STOPPED: start it before making it ALWAYS_ON".into());
        }
        if self.auto_stop_minutes.is_some() && mode != "AUTO_STOP" {
            return Err(format!("{mode}: an auto-stop timeout needs AUTO_STOP"));
        }
        Ok(())
    }

    fn check_protocol(&self, ws: &Workspace) -> Result<(), String> {
        let Some(p) = &self.protocol else {
            return Ok(());
        };
        if ws.protocols.as_slice() == [p.to_string()] {
            return Ok(());
        }
        if ws.protocols.iter().any(|x| x == "WSP") {
            return Err(
                "WSP now: the protocol changes only on WorkSpaces created with a PCoIP bundle"
                    .into(),
            );
        }
        Ok(())
    }
}

fn or_unknown(s: &str) -> &str {
    if s.is_empty() {
        "?"
    } else {
        s
    }
}

fn protocols_text(p: &[String]) -> String {
    if p.is_empty() {
        "?".into()
    } else {
        p.join("+")
    }
}

/// A WorkSpace's ModificationStates in short: "COMPUTE" while its compute type changes,
/// "ROOT", "USER", "PROTOCOL"… (joined with `+`).
pub fn modifying_text(ws: &Workspace) -> String {
    ws.modification_states
        .iter()
        .map(|(resource, _)| match resource.as_str() {
            "COMPUTE_TYPE" => "COMPUTE",
            "ROOT_VOLUME" => "ROOT",
            "USER_VOLUME" => "USER",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("+")
}

#[cfg(test)]
#[path = "modify_tests.rs"]
mod tests;
