//! The sweeps: refreshes now, re-reads after an action, the Regions shown, and the fleet
//! saved for the next start when a Region's WorkSpaces sweep ends.

use super::{misrouted, Executor};
use crate::app::{Command, State};

impl Executor {
    pub(super) fn sweeps(&mut self, state: &State, c: Command) {
        match c {
            Command::RefreshAll => self.fleet.refresh_now(),
            Command::RefreshPane { region, pane } => self.fleet.refresh_pane(&region, pane),
            Command::Reread { region, ids } => self.rereads.touched(&region, &ids),
            Command::SaveCache(region) => {
                if let Some(dir) = &self.cache_dir {
                    crate::runtime::cache_file::save_in_background(state, dir, &region, &self.tx);
                }
            }
            Command::SetRegions(regions) => self.fleet.set_regions(&regions),
            other => misrouted("sweeps", &other),
        }
    }
}
