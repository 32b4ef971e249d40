//! Keys and text by mode: the table, the prompts (`:` and `/`), dialogs, detail and help; typing and paste.

pub mod help;
pub mod keys;
pub mod paste;
pub mod typing;
