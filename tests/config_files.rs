//! Folders of config files (keymaps included): every file in tests/config/valid parses, and
//! every file in tests/config/invalid fails with exactly the message in the `.expected` file
//! beside it (file, line, key, and what is allowed).

mod fixtures;

use std::path::{Path, PathBuf};
use wsfleet::config::Config;

fn tomls(sub: &str) -> Vec<PathBuf> {
    fixtures::tomls("config", sub)
}

fn parse(path: &Path) -> Result<Config, String> {
    fixtures::parse_named(path, |text, shown| {
        Config::parse(text, shown).map_err(|e| e.to_string())
    })
}

#[test]
fn every_valid_config_parses() {
    let files = tomls("valid");
    assert!(files.len() >= 2);
    for f in files {
        parse(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
}

#[test]
fn every_invalid_config_fails_with_its_expected_message() {
    fixtures::assert_each_fails_as_expected(tomls("invalid"), 7, parse);
}

/// Writes missing `.expected` files from the current messages; run by hand with
/// `cargo test --test config_files -- --ignored`, then review every file it wrote.
#[test]
#[ignore]
fn write_missing_expected_files() {
    for f in tomls("invalid") {
        let path = f.with_extension("expected");
        if !path.exists() {
            let e = parse(&f).expect_err("invalid file parsed");
            std::fs::write(&path, format!("{e}\n")).unwrap();
        }
    }
}
