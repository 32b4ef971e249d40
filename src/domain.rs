//! Domain types the app works with, independent of the SDK.
