//! Drawing from &State.
