//! Colours, from a TOML theme compiled into the binary.

use crate::domain::StateClass;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::str::FromStr;

const DEFAULT_THEME: &str = include_str!("../../themes/default.toml");

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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    state: StateColours,
    chrome: ChromeColours,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StateColours {
    healthy: String,
    transitional: String,
    stopped: String,
    bad: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChromeColours {
    title: String,
    border: String,
    header_fg: String,
    header_bg: String,
    selected_bg: String,
    selected_fg: String,
    error: String,
    muted: String,
}

fn colour(key: &str, value: &str) -> anyhow::Result<Color> {
    Color::from_str(value).map_err(|_| anyhow::anyhow!("{key}: '{value}' is not a colour"))
}

impl Theme {
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let f: ThemeFile = toml::from_str(text)?;
        Ok(Self {
            healthy: colour("state.healthy", &f.state.healthy)?,
            transitional: colour("state.transitional", &f.state.transitional)?,
            stopped: colour("state.stopped", &f.state.stopped)?,
            bad: colour("state.bad", &f.state.bad)?,
            title: colour("chrome.title", &f.chrome.title)?,
            border: colour("chrome.border", &f.chrome.border)?,
            header_fg: colour("chrome.header_fg", &f.chrome.header_fg)?,
            header_bg: colour("chrome.header_bg", &f.chrome.header_bg)?,
            selected_bg: colour("chrome.selected_bg", &f.chrome.selected_bg)?,
            selected_fg: colour("chrome.selected_fg", &f.chrome.selected_fg)?,
            error: colour("chrome.error", &f.chrome.error)?,
            muted: colour("chrome.muted", &f.chrome.muted)?,
        })
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
        if class == StateClass::Bad {
            s.add_modifier(Modifier::BOLD)
        } else {
            s
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::parse(DEFAULT_THEME).expect("built-in theme parses")
    }
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
        let err = Theme::parse(&bad).unwrap_err().to_string();
        assert!(err.contains("state.healthy"), "{err}");
    }
}
