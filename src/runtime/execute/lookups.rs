//! Targeted lookups ahead of the sweep: the WorkSpaces a filter names, and who is connected
//! to an open confirmation's targets (`runtime::lookups`).

use super::{misrouted, Executor};
use crate::app::{Command, State};
use crate::runtime::lookups;

impl Executor {
    pub(super) fn lookups(&self, state: &State, c: Command) {
        let tx = self.tx.clone();
        match c {
            Command::LookupWorkspaces { region, ids, users } => {
                let Some(svc) = self.svc(&region) else { return };
                let profile = state.context_name();
                tokio::spawn(lookups::look_up(svc, ids, users, profile, tx));
            }
            Command::LookupConnections { region, ids, asker } => {
                let Some(svc) = self.svc(&region) else { return };
                let profile = state.context_name();
                tokio::spawn(lookups::connections(svc, ids, asker, profile, tx));
            }
            Command::LookupCreateUsers {
                region,
                round,
                users,
            } => {
                let Some(svc) = self.svc(&region) else { return };
                let look = crate::runtime::create_lookups::look_up_users(svc, round, users, tx);
                tokio::spawn(look);
            }
            other => misrouted("lookups", &other),
        }
    }
}
