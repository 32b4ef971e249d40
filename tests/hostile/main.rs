//! Hostile input (issue 13): one case per item of the tester's report, here or, where a case
//! needs the library's private parts, as a unit test next to the code it holds to the rule.
//!
//! | item | what | case |
//! |---|---|---|
//! | 1 | `--refresh 2000000000000000000` panicked | `flags::out_of_range_flags_exit_2_naming_the_flag` |
//! | 2 | flags skipped the config's rules | `flags::out_of_range_flags_exit_2_naming_the_flag` |
//! | 3 | a large paste stalled input | `terminal::a_large_bracketed_paste_arrives_at_once_and_keys_after_it_still_work`, `input::a_100_kb_paste_into_the_filter_lands_in_one_event_capped_with_a_message` |
//! | 4 | long filters cost quadratic time | `input::a_4096_character_filter_applies_in_one_event`; cost in BENCHMARKS.md; `table::filter` unit tests for meaning |
//! | 5 | loose dialog rules | `domain::validate` unit tests (every field, hostile values); `trust_app::cutting_pool_capacity_below_the_sessions_in_use_says_so_and_needs_typing` (2147483647) |
//! | 6 | key bindings that never fire | `files::a_binding_of_a_fixed_key_exits_2_naming_it`; `config::keymap` unit tests |
//! | 7 | symlinks followed, exports overwritten, loose modes | `terminal::export_refuses_an_existing_file_and_a_symbolic_link_and_export_bang_overwrites`, `files::an_audit_log_that_is_a_symbolic_link_exits_2`; `queue::audit`, `queue::journal`, `app::cache` unit tests |
//! | 8 | external SIGINT | `e2e_cache::sigterm_and_sighup_restore_the_terminal_and_save_the_cache` (SIGINT among them) |
//! | 9 | control bytes reach the terminal | `files::control_characters_in_a_config_error_are_escaped`; `snapshots_panes::control_characters_from_the_service_never_reach_the_screen` |
//! | 10 | cache: a folder in its place, keyed by endpoint | `app::cache` unit tests (`a_failed_save_leaves_no_temporary_file`, `the_cache_of_one_endpoint_is_never_another_endpoints`) |
//! | 11 | the SDK's retries bypassed the budget | `service_actions::every_attempt_of_a_failing_read_takes_a_budget_token` |
//! | 12 | non-regular and huge files | `files::config_and_theme_files_must_be_small_regular_utf8` |
//! | 13 | plaintext endpoints | `terminal::a_plaintext_endpoint_off_this_host_is_flagged_in_the_header` |
//! | — | 10,000 random events | `input::ten_thousand_random_events_never_panic_and_keep_the_state_consistent` |
//! | issue 24, 9 | 100 KB typed without bracketed paste kept the UI busy for minutes | `terminal::a_100_kb_paste_without_bracketed_paste_is_typed_up_to_the_cap_and_keys_after_it_work`, `input::keys_typed_past_the_cap_stop_there_and_waiting_keys_filter_once`; `app::pane::pane_tests::a_filter_typed_key_by_key_matches_a_fresh_pane_after_every_key`; cost in BENCHMARKS.md |

#[path = "../app_fixtures/mod.rs"]
mod app_fixtures;
#[path = "../pty/mod.rs"]
mod pty;

mod files;
mod flags;
mod input;
mod terminal;
