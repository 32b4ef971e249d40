//! An AWS profile as `:ctx` lists it (the service layer reads them from the shared config
//! files, or from the demo's emulated accounts).

/// One profile `:ctx` can switch to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileInfo {
    pub name: String,
    /// The profile's `region`, if it sets one.
    pub region: String,
    /// How it gets credentials, in a word (keys, sso, role, process, …).
    pub kind: String,
}
