//! The modify form (`M` on WorkSpaces, ModifyWorkspaceProperties): the compute type, running
//! mode and protocol are pick lists of the model's values, with "(no change)" first; the
//! sizes and the auto-stop timeout are numbers, blank for no change. The rules that hold for
//! every target are checked here (`PropertyChange::check_form`); each target's own in the
//! queue's precheck.

use super::pick::{Pick, PickItem};
use crate::domain::modify::{COMPUTE_TYPES, PROTOCOLS, RUNNING_MODES};
use crate::domain::PropertyChange;
use std::collections::BTreeMap;

pub const LABELS: &[&str] = &[
    "Compute type",
    "Root volume (GB)",
    "User volume (GB)",
    "Running mode",
    "Auto-stop (minutes)",
    "Protocol",
];

const COMPUTE: usize = 0;
const ROOT: usize = 1;
const USER: usize = 2;
const MODE: usize = 3;
const TIMEOUT: usize = 4;
const PROTOCOL: usize = 5;

fn no_change() -> PickItem {
    PickItem {
        label: "(no change)".into(),
        detail: String::new(),
        value: String::new(),
    }
}

fn list(values: &[&str], detail: fn(&str) -> &'static str) -> Pick {
    let items = std::iter::once(no_change())
        .chain(values.iter().map(|v| PickItem::new(*v, detail(v))))
        .collect();
    Pick::new(items, Some(0))
}

/// The pick lists, by field.
pub fn picks() -> BTreeMap<usize, Pick> {
    let mut out = BTreeMap::new();
    out.insert(COMPUTE, list(COMPUTE_TYPES, |_| ""));
    out.insert(
        MODE,
        list(RUNNING_MODES, |m| match m {
            "AUTO_STOP" => "hourly billing, stops when idle",
            _ => "monthly billing, always running",
        }),
    );
    out.insert(
        PROTOCOL,
        list(PROTOCOLS, |p| match p {
            "WSP" => "DCV",
            _ => "PCoIP",
        }),
    );
    out
}

fn number(label: &str, text: &str) -> Result<Option<i32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i32>()
        .map(Some)
        .map_err(|_| format!("{label}: a whole number, or blank for no change"))
}

fn chosen(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

/// The change the fields ask for (`value(i)` is field i's text or chosen value).
pub fn change(value: impl Fn(usize) -> String) -> Result<PropertyChange, String> {
    let change = PropertyChange {
        compute: chosen(&value(COMPUTE)),
        root_gb: number(LABELS[ROOT], &value(ROOT))?,
        user_gb: number(LABELS[USER], &value(USER))?,
        running_mode: chosen(&value(MODE)),
        auto_stop_minutes: number(LABELS[TIMEOUT], &value(TIMEOUT))?,
        protocol: chosen(&value(PROTOCOL)),
    };
    change.check_form()?;
    Ok(change)
}
