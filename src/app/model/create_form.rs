//! The create form's pick lists (`N`, CreateWorkspaces; `app::create` reads the fields): the
//! directory and the bundle (what is loaded), the running mode and volume encryption (fixed
//! choices). The running modes are the model's `RunningMode` values an administrator may
//! give a WorkSpace (`domain::modify::RUNNING_MODES`; MANUAL is for WorkSpaces Core only and
//! CreateWorkspaces refuses it), AUTO_STOP chosen at first as the form's defaults say.

use super::pick::{Pick, PickItem};
use crate::domain::modify::RUNNING_MODES;
use std::collections::BTreeMap;

/// The fields that are lists, in `CREATE_LABELS`' order.
const DIRECTORY: usize = 0;
const BUNDLE: usize = 1;
const MODE: usize = 3;
const ENCRYPT: usize = 7;

/// What each running mode means for the bill (the confirmation says it again).
fn billing(mode: &str) -> &'static str {
    match mode {
        "AUTO_STOP" => "hourly billing, stops when idle",
        _ => "monthly billing, always running",
    }
}

/// The pick lists, by field: `chosen` is the directory chosen at first (the only one is).
pub fn picks(
    directories: &[PickItem],
    bundles: &[PickItem],
    chosen: Option<usize>,
) -> BTreeMap<usize, Pick> {
    let only = (directories.len() == 1).then_some(0);
    let modes = RUNNING_MODES
        .iter()
        .map(|m| PickItem::new(*m, billing(m)))
        .collect();
    let encrypt = vec![
        PickItem::new("no", "volumes not encrypted"),
        PickItem::new("yes", "root and user volumes, with the KMS key below"),
    ];
    BTreeMap::from([
        (DIRECTORY, Pick::new(directories.to_vec(), chosen.or(only))),
        (BUNDLE, Pick::new(bundles.to_vec(), None)),
        (MODE, Pick::new(modes, Some(0))),
        (ENCRYPT, Pick::new(encrypt, Some(0))),
    ])
}
