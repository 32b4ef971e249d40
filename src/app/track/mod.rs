//! Following the queue's jobs: its news applied to the state, resuming what an earlier session left, quitting while jobs run.

pub mod queue_news;
pub mod quitting;
pub mod resume;
