//! Folders of config files (keymaps included): every file in tests/config/valid parses, and
//! every file in tests/config/invalid fails with exactly the message in the `.expected` file
//! beside it (file, line, key, and what is allowed).

use std::path::{Path, PathBuf};
use wsfleet::config::Config;

fn tomls(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/config")
        .join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// Parse with a short display path so the expected messages do not depend on the checkout.
fn parse(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).unwrap();
    let shown = Path::new(path.file_name().unwrap());
    Config::parse(&text, shown).map_err(|e| e.to_string())
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
    let files = tomls("invalid");
    assert!(files.len() >= 7);
    let mut wrong = vec![];
    for f in files {
        let expected_path = f.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing", expected_path.display()));
        match parse(&f) {
            Ok(_) => wrong.push(format!("{}: parsed, expected an error", f.display())),
            Err(e) if e.trim() == expected.trim() => {}
            Err(e) => wrong.push(format!(
                "{}:\n  got:      {e}\n  expected: {}",
                f.display(),
                expected.trim()
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
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
