//! Starting and confirming actions: targets, forms, who an action affects, connection status and restore notes while a confirmation is open.

pub mod acted;
pub mod actions;
pub mod affects;
pub mod app_forms;
pub mod confirm_status;
pub mod migrate;
pub mod restore_note;
pub mod tag_edit;
pub mod unshare_shares;
