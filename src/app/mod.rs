//! Application state, messages and update().
