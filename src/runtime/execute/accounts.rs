//! Account contexts (`:ctx`): the profiles there are, and switching to one. The switch
//! itself is the loop's to finish (`Control`): the fleet is replaced, not the state.

use super::{misrouted, Executor};
use crate::app::{Command, Msg};
use crate::service::Connector;

/// What background work tells the loop itself (not the state): a new account context is
/// ready to replace the current one.
pub enum Control {
    Switched {
        profile: String,
        result: Result<Connector, String>,
    },
}

impl Executor {
    pub(super) fn accounts(&mut self, c: Command) {
        match c {
            Command::ListProfiles => {
                let (connector, tx) = (self.fleet.connector().clone(), self.tx.clone());
                tokio::spawn(async move {
                    let _ = tx.send(Msg::Profiles(connector.profiles().await));
                });
            }
            Command::SwitchProfile(profile) => {
                let (connector, ctl) = (self.fleet.connector().clone(), self.ctl.clone());
                tokio::spawn(async move {
                    let result = connector.for_profile(&profile).await;
                    let _ = ctl.send(Control::Switched { profile, result });
                });
            }
            other => misrouted("accounts", &other),
        }
    }

    /// Background work the loop itself must finish: a new account context is ready.
    pub fn control(&mut self, ctl: Control) -> Msg {
        match ctl {
            Control::Switched { profile, result } => {
                let result = result.map(|connector| self.fleet.switch(connector, profile.clone()));
                Msg::ContextSwitched { profile, result }
            }
        }
    }
}
