//! Keys and text by mode: the table, the prompts (`:` and `/`), dialogs, detail and help; typing and paste.

pub mod detail;
pub mod dialog;
pub mod doctor;
pub mod help;
pub mod keys;
pub mod paste;
pub mod prompt;
pub mod table;
pub mod typing;
