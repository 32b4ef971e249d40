//! Colours, from TOML themes.
//!
//! The themes in the top-level `themes/` folder are compiled into the binary; a file of the same
//! name in `<config dir>/themes/` overrides one. A theme may be partial: every key it leaves out
//! comes from the built-in default. NO_COLOR turns every colour off but keeps the modifiers, so
//! the cursor row (reversed), marks (`*`) and states (text) still read.

use crate::config::ConfigError;
use crate::domain::StateClass;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

const DEFAULT_THEME: &str = include_str!("../../themes/default.toml");

/// The themes compiled into the binary, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", DEFAULT_THEME),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("ansi16", include_str!("../../themes/ansi16.toml")),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub healthy: Color,
    pub transitional: Color,
    pub stopped: Color,
    pub bad: Color,
    pub title: Color,
    pub border: Color,
    pub header_fg: Color,
    pub header_bg: Color,
    pub selected_bg: Color,
    pub selected_fg: Color,
    pub error: Color,
    pub muted: Color,
    /// Draw the cursor row reversed (on top of its colours): visible with any palette.
    pub reverse_selection: bool,
    /// Every state cell bold, not only the bad ones.
    pub bold_states: bool,
}

/// A theme file as written: every key optional, unknown keys are errors.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    state: StateColours,
    #[serde(default)]
    chrome: ChromeColours,
    #[serde(default)]
    style: StyleOptions,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateColours {
    healthy: Option<String>,
    transitional: Option<String>,
    stopped: Option<String>,
    bad: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChromeColours {
    title: Option<String>,
    border: Option<String>,
    header_fg: Option<String>,
    header_bg: Option<String>,
    selected_bg: Option<String>,
    selected_fg: Option<String>,
    error: Option<String>,
    muted: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleOptions {
    reverse_selection: Option<bool>,
    bold_states: Option<bool>,
}

impl ThemeFile {
    /// `self` with every key `over` sets replaced.
    fn merged(self, over: ThemeFile) -> ThemeFile {
        let (s, o) = (self.state, over.state);
        let (c, oc) = (self.chrome, over.chrome);
        let (st, ost) = (self.style, over.style);
        ThemeFile {
            state: StateColours {
                healthy: o.healthy.or(s.healthy),
                transitional: o.transitional.or(s.transitional),
                stopped: o.stopped.or(s.stopped),
                bad: o.bad.or(s.bad),
            },
            chrome: ChromeColours {
                title: oc.title.or(c.title),
                border: oc.border.or(c.border),
                header_fg: oc.header_fg.or(c.header_fg),
                header_bg: oc.header_bg.or(c.header_bg),
                selected_bg: oc.selected_bg.or(c.selected_bg),
                selected_fg: oc.selected_fg.or(c.selected_fg),
                error: oc.error.or(c.error),
                muted: oc.muted.or(c.muted),
            },
            style: StyleOptions {
                reverse_selection: ost.reverse_selection.or(st.reverse_selection),
                bold_states: ost.bold_states.or(st.bold_states),
            },
        }
    }

    /// Every colour this file sets, as (section, key, value).
    fn colours(&self) -> Vec<(&'static str, &'static str, Option<&str>)> {
        let (s, c) = (&self.state, &self.chrome);
        vec![
            ("state", "healthy", s.healthy.as_deref()),
            ("state", "transitional", s.transitional.as_deref()),
            ("state", "stopped", s.stopped.as_deref()),
            ("state", "bad", s.bad.as_deref()),
            ("chrome", "title", c.title.as_deref()),
            ("chrome", "border", c.border.as_deref()),
            ("chrome", "header_fg", c.header_fg.as_deref()),
            ("chrome", "header_bg", c.header_bg.as_deref()),
            ("chrome", "selected_bg", c.selected_bg.as_deref()),
            ("chrome", "selected_fg", c.selected_fg.as_deref()),
            ("chrome", "error", c.error.as_deref()),
            ("chrome", "muted", c.muted.as_deref()),
        ]
    }
}

/// Why a theme could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum ThemeError {
    /// No built-in theme and no user file of that name.
    NotFound { name: String, dir: Option<PathBuf> },
    /// The file is there but wrong: path, line, key.
    Bad(ConfigError),
}

impl std::error::Error for ThemeError {}

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThemeError::NotFound { name, dir } => {
                // The name comes from a flag or the config: shown without control bytes.
                let name = super::error::printable(name);
                write!(f, "no theme named '{name}': built in are ")?;
                let names: Vec<_> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                write!(f, "{}", names.join(", "))?;
                match dir {
                    Some(d) => write!(
                        f,
                        "; your own go in {}",
                        super::error::printable(
                            &d.join(format!("{name}.toml")).display().to_string()
                        )
                    ),
                    None => Ok(()),
                }
            }
            ThemeError::Bad(e) => write!(f, "{e}"),
        }
    }
}

impl From<ConfigError> for ThemeError {
    fn from(e: ConfigError) -> Self {
        ThemeError::Bad(e)
    }
}

/// The line of `key` inside `[section]`, for errors about a value serde accepted.
fn line_of_key(text: &str, section: &str, key: &str) -> usize {
    let mut current = String::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if let Some(h) = t.strip_prefix('[') {
            current = h.trim_end_matches(']').trim().to_string();
        } else if let Some((k, _)) = t.split_once('=') {
            let k = k.trim().trim_matches('"');
            if (current == section && k == key)
                || (current.is_empty() && k == format!("{section}.{key}"))
            {
                return i + 1;
            }
        }
    }
    1
}

/// An error on a `[section]` line names that section as its key: "unknown section".
fn section_named(text: &str, e: ConfigError) -> ConfigError {
    match e {
        ConfigError::Invalid {
            path,
            line,
            key: None,
            message,
        } => {
            let header = text
                .lines()
                .nth(line - 1)
                .map(str::trim)
                .and_then(|l| l.strip_prefix('['))
                .map(|h| h.trim_end_matches(']').trim().to_string());
            match header {
                Some(h) if message.starts_with("unknown field") => ConfigError::Invalid {
                    path,
                    line,
                    key: Some(h),
                    message: "unknown section, expected one of `state`, `chrome`, `style`".into(),
                },
                key => ConfigError::Invalid {
                    path,
                    line,
                    key,
                    message,
                },
            }
        }
        e => e,
    }
}

fn parse_file(text: &str, path: &Path) -> Result<ThemeFile, ConfigError> {
    let f: ThemeFile = toml::from_str(text)
        .map_err(|e| section_named(text, ConfigError::from_toml(path, text, &e)))?;
    for (section, key, value) in f.colours() {
        if let Some(v) = value {
            if Color::from_str(v).is_err() {
                return Err(ConfigError::Invalid {
                    path: path.to_path_buf(),
                    line: line_of_key(text, section, key),
                    key: Some(format!("{section}.{key}")),
                    message: format!(
                        "'{v}' is not a colour (a name such as green or lightred, #rrggbb, or 0-255)"
                    ),
                });
            }
        }
    }
    Ok(f)
}

fn built_in_file() -> ThemeFile {
    parse_file(DEFAULT_THEME, Path::new("themes/default.toml")).expect("built-in theme parses")
}

impl Theme {
    /// A theme file's text over the built-in default; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let f = built_in_file().merged(parse_file(text, path)?);
        Ok(Self::from_file(&f))
    }

    fn from_file(f: &ThemeFile) -> Self {
        // Every colour was checked by `parse_file` and the default sets every key.
        let c = |v: &Option<String>| {
            v.as_deref()
                .and_then(|v| Color::from_str(v).ok())
                .unwrap_or(Color::Reset)
        };
        let (s, ch) = (&f.state, &f.chrome);
        Self {
            healthy: c(&s.healthy),
            transitional: c(&s.transitional),
            stopped: c(&s.stopped),
            bad: c(&s.bad),
            title: c(&ch.title),
            border: c(&ch.border),
            header_fg: c(&ch.header_fg),
            header_bg: c(&ch.header_bg),
            selected_bg: c(&ch.selected_bg),
            selected_fg: c(&ch.selected_fg),
            error: c(&ch.error),
            muted: c(&ch.muted),
            reverse_selection: f.style.reverse_selection.unwrap_or(false),
            bold_states: f.style.bold_states.unwrap_or(false),
        }
    }

    /// The theme `name`: `<dir>/NAME.toml` if there is one, else the built-in of that name.
    /// `dir` is a parameter so tests need not touch the real config directory.
    pub fn load(name: &str, dir: Option<&Path>) -> Result<Self, ThemeError> {
        let not_found = || ThemeError::NotFound {
            name: name.to_string(),
            dir: dir.map(Path::to_path_buf),
        };
        // A name, not a path: no separators, no "..".
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(not_found());
        }
        if let Some(d) = dir {
            let path = d.join(format!("{name}.toml"));
            match super::files::read_text(&path) {
                Ok(text) => return Ok(Theme::parse(&text, &path)?),
                Err(super::files::ReadError::NotFound) => {}
                Err(super::files::ReadError::Refused(reason)) => {
                    return Err(ThemeError::Bad(ConfigError::Unreadable { path, reason }))
                }
            }
        }
        let (_, text) = BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(not_found)?;
        Ok(Theme::parse(
            text,
            &Path::new("themes").join(format!("{name}.toml")),
        )?)
    }

    /// The same theme without colour (NO_COLOR): every colour is the terminal's own, modifiers
    /// stay, and the cursor row is drawn reversed.
    pub fn without_colour(self) -> Self {
        Self {
            healthy: Color::Reset,
            transitional: Color::Reset,
            stopped: Color::Reset,
            bad: Color::Reset,
            title: Color::Reset,
            border: Color::Reset,
            header_fg: Color::Reset,
            header_bg: Color::Reset,
            selected_bg: Color::Reset,
            selected_fg: Color::Reset,
            error: Color::Reset,
            muted: Color::Reset,
            reverse_selection: true,
            bold_states: self.bold_states,
        }
    }

    pub fn state(&self, class: StateClass) -> Style {
        let fg = match class {
            StateClass::Healthy => self.healthy,
            StateClass::Transitional => self.transitional,
            StateClass::Stopped => self.stopped,
            StateClass::Bad => self.bad,
        };
        let s = Style::default().fg(fg);
        // Bold keeps "bad" distinguishable where colours are few.
        if class == StateClass::Bad || self.bold_states {
            s.add_modifier(Modifier::BOLD)
        } else {
            s
        }
    }

    /// The cursor row's look, over the row's own style.
    pub fn cursor(&self, row: Style) -> Style {
        if self.reverse_selection {
            row.add_modifier(Modifier::REVERSED)
        } else {
            row.bg(self.selected_bg).fg(self.selected_fg)
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::from_file(&built_in_file())
    }
}

/// `<config dir>/themes`, where the user's own themes go (e.g. ~/.config/wsfleet/themes).
pub fn user_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "wsfleet").map(|d| d.config_dir().join("themes"))
}

/// NO_COLOR set and not empty (no-color.org).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_theme_parses() {
        assert_eq!(Theme::default().healthy, Color::Green);
    }

    #[test]
    fn a_bad_colour_names_its_key() {
        let bad = DEFAULT_THEME.replace("healthy = \"green\"", "healthy = \"grene\"");
        let err = Theme::parse(&bad, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("state.healthy"), "{err}");
    }

    #[test]
    fn a_key_is_found_in_its_own_section() {
        let text = "[chrome]\ntitle = \"x\"\n[state]\nbad = \"y\"\n";
        assert_eq!(line_of_key(text, "state", "bad"), 4);
        assert_eq!(line_of_key(text, "chrome", "title"), 2);
    }
}
