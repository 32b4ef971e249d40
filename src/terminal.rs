//! Terminal setup and restore.
