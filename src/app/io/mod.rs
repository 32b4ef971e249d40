//! Bytes in and out, no State: the warm-start cache file, `:export` files, the clipboard (OSC 52).

pub mod cache;
pub mod cached_metrics;
pub mod clipboard;
pub mod export;
