//! Configuration: built-in defaults ← config file ← command-line flags.
//!
//! The file is `config.toml` in the user's config directory, or the path in `--config` /
//! WSFLEET_CONFIG. A bad file is reported with its path, line and key, and wsfleet exits 2
//! before touching the terminal.

mod error;
pub mod files;
pub mod keymap;
pub mod rules;
pub mod theme;

pub use error::{printable_lines, ConfigError};
pub use keymap::Keymap;
pub use theme::Theme;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything a config file may set. Unknown keys are errors: a typo should not be ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// AWS profile (overridden by --profile / AWS_PROFILE).
    pub profile: Option<String>,
    /// Several AWS profiles shown together in one view (overridden by a repeated or
    /// comma-listed --profile): every Region of every profile, each with its own budget.
    pub profiles: Vec<String>,
    /// AWS Regions shown together (overridden by --region / AWS_REGION). Empty: the
    /// profile's region.
    pub regions: Vec<String>,
    /// Seconds between background refreshes of the fleet.
    pub refresh_seconds: u64,
    /// Per-pane refresh intervals in seconds; unset ones derive from `refresh_seconds`.
    pub refresh: RefreshPerPane,
    /// WorkSpaces unused for this many days are highlighted in the connection pane.
    pub idle_days: u32,
    /// Send no mutating call at all; action keys only say "read-only".
    pub read_only: bool,
    /// Confirmations of more targets than this need the count typed, whatever the action.
    pub confirm_typed_over: usize,
    /// Where the audit log goes (default: audit.log in the user's data directory).
    pub audit_log: Option<PathBuf>,
    /// Colour theme: a built-in one or `<config dir>/themes/NAME.toml` (--theme).
    pub theme: String,
    /// Draw with ASCII only, for fonts without box-drawing characters (--ascii).
    pub ascii: bool,
    pub api: ApiBudget,
    pub demo: Demo,
    /// Key bindings: key → action (`"ctrl-r" = "refresh"`). Binding an action replaces
    /// its default keys.
    pub keys: BTreeMap<String, String>,
    /// Visible columns and their order, per pane (`workspaces = ["id", "user", "state"]`).
    pub columns: BTreeMap<String, Vec<String>>,
    /// `[doctor]`: the fleet doctor's thresholds.
    pub doctor: crate::domain::doctor::DoctorConfig,
    /// The billing-mode advisor's break-even hours, skip tag and month-end rule.
    pub billing: crate::domain::billing::Billing,
    /// `keys` as checked and built when the file was read (parsed once, used as built).
    #[serde(skip)]
    pub keymap: Keymap,
    /// `columns` as checked and laid out when the file was read.
    #[serde(skip)]
    pub column_layouts: crate::panes::ColumnLayouts,
}

/// A value outside its rule: its config key, the flag that sets it (empty: none) and what
/// is allowed ("a whole number of seconds from 1 to 86400"; a leading `!` marks a whole
/// sentence rather than a range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenValue {
    pub key: String,
    pub flag: &'static str,
    pub allowed: String,
}

impl BrokenValue {
    /// As said for a flag: "--api-rate: must be a number of calls per second from 0.1 to 1000".
    pub fn for_flag(&self) -> String {
        match self.allowed.strip_prefix('!') {
            Some(why) => format!("{}: {why}", self.flag),
            None => format!("{}: must be {}", self.flag, self.allowed),
        }
    }
}

/// Seconds between refreshes of each pane swept in the background, by its config name
/// (`workspaces = 30`); panes not named derive from `refresh_seconds` with the factor the
/// pane registry gives (`panes::REGISTRY`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct RefreshPerPane(pub BTreeMap<String, u64>);

impl RefreshPerPane {
    /// Seconds for each swept pane, derived from `base` where unset.
    pub fn effective(&self, base: u64) -> Vec<(crate::panes::PaneKind, u64)> {
        crate::panes::swept()
            .map(|(kind, name, factor)| {
                let derived = base.saturating_mul(u64::from(factor));
                (kind, self.0.get(name).copied().unwrap_or(derived))
            })
            .collect()
    }
}

/// The client-side API budget per account and region.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApiBudget {
    /// Calls per second.
    pub rate: f64,
    /// Calls allowed at once after a quiet spell.
    pub burst: u32,
}

/// The fleet the emulator generates for --demo and `wsfleet sim`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Demo {
    pub size: usize,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            profile: None,
            profiles: vec![],
            regions: vec![],
            refresh_seconds: 30,
            refresh: RefreshPerPane::default(),
            idle_days: 30,
            read_only: false,
            confirm_typed_over: 25,
            audit_log: None,
            theme: "default".into(),
            ascii: false,
            api: ApiBudget::default(),
            demo: Demo::default(),
            keys: BTreeMap::new(),
            columns: BTreeMap::new(),
            doctor: Default::default(),
            billing: crate::domain::billing::Billing::default(),
            keymap: Keymap::default(),
            column_layouts: vec![],
        }
    }
}

impl Default for ApiBudget {
    fn default() -> Self {
        // WorkSpaces' documented budget: about 2 calls/s per account and region, bursts of 5.
        Self {
            rate: 2.0,
            burst: 5,
        }
    }
}

impl Default for Demo {
    fn default() -> Self {
        Self {
            size: 300,
            seed: 42,
        }
    }
}

impl Config {
    /// Parse a config file's text; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let mut cfg: Config =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(path, text, &e))?;
        cfg.check(path, text)?;
        Ok(cfg)
    }

    /// Rules serde cannot express; builds the keymap and column layouts on the way.
    fn check(&mut self, path: &Path, text: &str) -> Result<(), ConfigError> {
        if let Some(broken) = self.broken_value() {
            let BrokenValue { key, allowed, .. } = broken;
            return Err(match allowed.strip_prefix("!") {
                // Not a range: a sentence of its own.
                Some(why) => ConfigError::for_key(path, text, &key, why).reworded(why),
                None => ConfigError::for_key(path, text, &key, &allowed),
            });
        }
        self.keymap = Keymap::with_bindings(&self.keys)
            .map_err(|(key, why)| ConfigError::for_key(path, text, &key, &why).reworded(&why))?;
        self.column_layouts = crate::panes::column_layouts(&self.columns)
            .map_err(|(key, why)| ConfigError::for_key(path, text, &key, &why).reworded(&why))?;
        self.billing
            .settle()
            .map_err(|(key, why)| ConfigError::for_key(path, text, &key, &why).reworded(&why))?;
        Ok(())
    }

    /// The profiles to show: `profiles` when it lists any, else `profile` (if set).
    pub fn profile_list(&self) -> Vec<String> {
        if self.profiles.is_empty() {
            self.profile.iter().cloned().collect()
        } else {
            self.profiles.clone()
        }
    }

    /// The first value outside its rule, wherever it came from (file, flag or environment):
    /// the one set of ranges every value is held to (`rules`).
    pub fn broken_value(&self) -> Option<BrokenValue> {
        let broken = |key: &str, flag: &'static str, allowed: String| {
            Some(BrokenValue {
                key: key.to_string(),
                flag,
                allowed,
            })
        };
        if let Err(a) = rules::refresh_seconds(self.refresh_seconds) {
            return broken("refresh_seconds", "--refresh", a);
        }
        for (key, secs) in &self.refresh.0 {
            if !crate::panes::swept().any(|(_, name, _)| name == key) {
                let known: Vec<&str> = crate::panes::swept().map(|(_, n, _)| n).collect();
                let why = format!("!unknown pane '{key}' (panes: {})", known.join(", "));
                return broken(key, "", why);
            }
            if let Err(a) = rules::refresh_seconds(*secs) {
                return broken(key, "", a);
            }
        }
        for (i, p) in self.profiles.iter().enumerate() {
            if p.trim().is_empty() {
                return broken(
                    "profiles",
                    "--profile",
                    "!a profile name cannot be empty".into(),
                );
            }
            if self.profiles[..i].contains(p) {
                return broken(
                    "profiles",
                    "--profile",
                    format!("!profile '{p}' is listed twice"),
                );
            }
        }
        for r in &self.regions {
            if let Err(e) = crate::domain::validate::region(r) {
                return broken("regions", "--region", format!("!{e}"));
            }
        }
        if let Err(a) = rules::idle_days(self.idle_days) {
            return broken("idle_days", "--idle-days", a);
        }
        if let Err(a) = rules::api_rate(self.api.rate) {
            return broken("rate", "--api-rate", a);
        }
        if let Err(a) = rules::api_burst(self.api.burst) {
            return broken("burst", "--api-burst", a);
        }
        if let Err(a) = rules::fleet_size(self.demo.size) {
            return broken("size", "--size", a);
        }
        if let Some((key, why)) = self.doctor.broken() {
            return broken(key, "", format!("!{why}"));
        }
        None
    }

    /// Load from an explicit path (must exist) or the default location (may be absent).
    pub fn load(explicit: Option<&Path>) -> Result<(Self, Option<PathBuf>), ConfigError> {
        let (path, required) = match explicit {
            Some(p) => (p.to_path_buf(), true),
            None => match default_path() {
                Some(p) => (p, false),
                None => return Ok((Config::default(), None)),
            },
        };
        match files::read_text(&path) {
            Ok(text) => Ok((Config::parse(&text, &path)?, Some(path))),
            Err(files::ReadError::NotFound) if !required => Ok((Config::default(), None)),
            Err(files::ReadError::NotFound) => Err(ConfigError::Unreadable {
                path,
                reason: "No such file or directory".into(),
            }),
            Err(files::ReadError::Refused(reason)) => Err(ConfigError::Unreadable { path, reason }),
        }
    }
}

/// `config.toml` in the platform's config directory (e.g. ~/.config/wsfleet on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "wsfleet").map(|d| d.config_dir().join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("c.toml"))
    }

    #[test]
    fn the_example_file_matches_the_built_in_defaults() {
        let example = include_str!("../../config.example.toml");
        // Every key in the example is commented out or set to its default.
        let uncommented: String = example
            .lines()
            .map(|l| {
                // Only commented-out settings (`# key = value`), not prose that has an `=`.
                let setting = regex::Regex::new(r#"^("[^"]+"|[a-z_]+) = "#).unwrap();
                l.strip_prefix("# ")
                    .filter(|r| setting.is_match(r))
                    .unwrap_or(l)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut parsed = parse(&uncommented).expect("example parses");
        // Profile, region, audit_log and keys have no built-in default; the example shows samples.
        parsed.profile = None;
        parsed.profiles.clear();
        parsed.regions.clear();
        parsed.audit_log = None;
        parsed.keys.clear();
        parsed.columns.clear();
        parsed.audit_log = None;
        // Built from keys and columns, cleared above.
        parsed.keymap = Keymap::default();
        parsed.column_layouts.clear();
        // The [refresh] values shown are the ones derived when unset.
        assert_eq!(
            parsed.refresh.effective(parsed.refresh_seconds),
            Config::default().refresh.effective(30)
        );
        parsed.refresh = RefreshPerPane::default();
        assert_eq!(parsed, Config::default());
        assert_eq!(parse(example).unwrap(), Config::default());
    }

    #[test]
    fn a_bad_billing_value_names_file_line_and_key() {
        let e = parse("[billing]\nmonth_end_days = 40\n").unwrap_err();
        let e = e.to_string();
        assert!(
            e.starts_with("c.toml:2: key `month_end_days`: must be"),
            "{e}"
        );
        let e = parse("[billing.break_even]\nVALUE = 80\nVALUEE = 3\n").unwrap_err();
        let e = e.to_string();
        assert!(
            e.starts_with("c.toml:3: key `VALUEE`: unknown compute type"),
            "{e}"
        );
        let ok = parse("[billing.break_even]\nVALUE = 70\n").unwrap();
        assert_eq!(ok.billing.break_even_of("VALUE"), Some(70.0));
        assert_eq!(ok.billing.break_even_of("STANDARD"), Some(85.0));
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let e = parse("refresh_seconds = 10\n\n[api]\nrat = 3\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml:4:"), "{e}");
        assert!(e.contains("rat"), "{e}");
        assert!(e.contains("rate"), "says what is allowed: {e}");
    }

    #[test]
    fn wrong_type_names_the_key() {
        let e = parse("[api]\nburst = \"five\"\n").unwrap_err().to_string();
        assert!(e.starts_with("c.toml:2:"), "{e}");
        assert!(e.contains("burst"), "{e}");
    }

    #[test]
    fn out_of_range_value_names_the_key_and_the_rule() {
        let e = parse("refresh_seconds = 0\n").unwrap_err().to_string();
        assert!(e.starts_with("c.toml:1:"), "{e}");
        assert!(
            e.contains("refresh_seconds") && e.contains("from 1 to 86400"),
            "{e}"
        );
    }

    #[test]
    fn a_conflicting_key_binding_names_file_line_and_both_actions() {
        let e = parse("[keys]\n\"R\" = \"refresh\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml:2: key `R`:"), "{e}");
        assert!(e.contains("'refresh'") && e.contains("'reboot'"), "{e}");
    }

    #[test]
    fn syntax_error_names_the_line() {
        let e = parse("profile = \"a\"\nregions = \n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml:2:"), "{e}");
    }
}
