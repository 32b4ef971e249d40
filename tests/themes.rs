//! Theme files: every file in tests/themes/valid parses; every file in tests/themes/invalid fails
//! with exactly the message in the `.expected` file beside it (file, line, key, what is wrong).
//! Also: the built-in themes, partial themes, and a user's file overriding a built-in one.

mod fixtures;

use ratatui::style::Color;
use std::path::{Path, PathBuf};
use wsfleet::config::theme::{Theme, ThemeError, BUILT_IN};

fn dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/themes")
        .join(sub)
}

fn tomls(sub: &str) -> Vec<PathBuf> {
    fixtures::tomls("themes", sub)
}

fn parse(path: &Path) -> Result<Theme, String> {
    fixtures::parse_named(path, |text, shown| {
        Theme::parse(text, shown).map_err(|e| e.to_string())
    })
}

#[test]
fn every_valid_theme_parses() {
    let files = tomls("valid");
    assert!(files.len() >= 3);
    for f in files {
        if let Err(e) = parse(&f) {
            panic!("{}: {e}", f.display());
        }
    }
}

#[test]
fn every_invalid_theme_fails_with_its_expected_message() {
    fixtures::assert_each_fails_as_expected(tomls("invalid"), 4, parse);
}

#[test]
fn every_built_in_theme_parses_and_sets_every_key() {
    let default_text = BUILT_IN[0].1;
    for (name, text) in BUILT_IN {
        let t = Theme::parse(text, Path::new(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(Theme::load(name, None).unwrap(), t, "{name}");
        // Only the default must set every key; the others may lean on it.
        if *name == "default" {
            assert_eq!(*text, default_text);
        }
    }
    let names: Vec<_> = BUILT_IN.iter().map(|(n, _)| *n).collect();
    for n in ["default", "light", "high-contrast", "ansi16"] {
        assert!(names.contains(&n), "{n} is built in");
    }
}

#[test]
fn the_16_colour_theme_uses_only_the_16_ansi_colours() {
    let t = Theme::load("ansi16", None).unwrap();
    let colours = [
        t.healthy,
        t.transitional,
        t.stopped,
        t.bad,
        t.title,
        t.border,
        t.header_fg,
        t.header_bg,
        t.selected_bg,
        t.selected_fg,
        t.error,
        t.muted,
    ];
    for c in colours {
        assert!(
            !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
            "{c:?} is not one of the 16"
        );
    }
    assert!(t.reverse_selection, "selection visible on any palette");
}

#[test]
fn high_contrast_is_bold_with_a_reversed_cursor() {
    let t = Theme::load("high-contrast", None).unwrap();
    assert!(t.reverse_selection && t.bold_states);
}

#[test]
fn a_partial_theme_inherits_the_rest_from_the_default() {
    let t = parse(&dir("valid").join("partial.toml")).unwrap();
    let d = Theme::default();
    assert_eq!(t.healthy, Color::LightGreen);
    assert_eq!(t.selected_bg, Color::Rgb(0x30, 0x40, 0x50));
    assert_eq!(
        Theme {
            healthy: d.healthy,
            selected_bg: d.selected_bg,
            ..t
        },
        d
    );
    assert_eq!(parse(&dir("valid").join("empty.toml")).unwrap(), d);
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wsfleet-themes-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn a_user_file_overrides_the_built_in_theme_of_that_name() {
    let d = temp_dir("override");
    std::fs::write(d.join("light.toml"), "[chrome]\ntitle = \"magenta\"\n").unwrap();
    std::fs::write(d.join("mine.toml"), "[state]\nbad = \"red\"\n").unwrap();
    let light = Theme::load("light", Some(&d)).unwrap();
    assert_eq!(light.title, Color::Magenta);
    // A user file is partial over the default, like any theme.
    assert_eq!(light.healthy, Theme::default().healthy);
    assert_eq!(Theme::load("mine", Some(&d)).unwrap().bad, Color::Red);
    // Without the directory, the built-in light theme.
    assert_ne!(Theme::load("light", None).unwrap().title, Color::Magenta);
    // A built-in name with no user file is found through the directory too.
    assert!(Theme::load("ansi16", Some(&d)).is_ok());
}

#[test]
fn a_bad_user_file_names_its_path_line_and_key() {
    let d = temp_dir("bad");
    let path = d.join("default.toml");
    std::fs::write(&path, "[chrome]\n\nmuted = \"nope\"\n").unwrap();
    let e = Theme::load("default", Some(&d)).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("{}:3: key `chrome.muted`:", path.display())),
        "{e}"
    );
}

#[test]
fn a_missing_theme_says_what_exists() {
    let d = temp_dir("missing");
    let e = Theme::load("nosuch", Some(&d)).unwrap_err();
    assert!(matches!(e, ThemeError::NotFound { .. }));
    let msg = e.to_string();
    assert!(msg.contains("no theme named 'nosuch'"), "{msg}");
    assert!(msg.contains("high-contrast"), "{msg}");
    assert!(
        msg.contains(&d.join("nosuch.toml").display().to_string()),
        "{msg}"
    );
    // Names are names, not paths.
    assert!(matches!(
        Theme::load("../etc/passwd", Some(&d)),
        Err(ThemeError::NotFound { .. })
    ));
}
