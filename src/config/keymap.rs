//! Key bindings: every key-bound function has a name, default keys, and the panes where it
//! applies. A config `[keys]` table rebinds them (`"ctrl-r" = "refresh"`, `"R" = "reboot"`).
//! Binding an action replaces its default keys; a key left bound to two actions that apply in
//! the same pane is an error naming both.

use crate::panes::PaneKind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// A key as written in the config: "j", "G", "ctrl-d", "enter", "pgdn", "f5", "space".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl KeySpec {
    pub fn parse(s: &str) -> Result<KeySpec, String> {
        let (ctrl, rest) = match s.strip_prefix("ctrl-").or_else(|| s.strip_prefix("ctrl+")) {
            Some(r) => (true, r),
            None => (false, s),
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
                    _ => {
                        return Err(format!(
                        "'{s}' is not a key (try \"R\", \"ctrl-r\", \"enter\", \"pgdn\", \"f5\")"
                    ))
                    }
                }
            }
        };
        Ok(KeySpec { code, ctrl })
    }

    pub fn from_event(key: &KeyEvent) -> KeySpec {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let code = match key.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        KeySpec { code, ctrl }
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("^")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// Where an action applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    Only(&'static [PaneKind]),
}

use PaneKind::*;

/// Every key-bound function: config name, default keys, scope, help text.
const ACTIONS: &[(&str, &[&str], Scope, &str)] = &[
    ("down", &["j", "down"], Scope::All, "move down"),
    ("up", &["k", "up"], Scope::All, "move up"),
    ("page-down", &["pgdn", "ctrl-f"], Scope::All, "page down"),
    ("page-up", &["pgup", "ctrl-b"], Scope::All, "page up"),
    ("top", &["g", "home"], Scope::All, "first row"),
    ("bottom", &["G", "end"], Scope::All, "last row"),
    ("next-pane", &["tab"], Scope::All, "next pane"),
    ("prev-pane", &["backtab"], Scope::All, "previous pane"),
    (
        "command",
        &[":"],
        Scope::All,
        "command: ws conn img pools bundles dirs queue q (Tab completes)",
    ),
    (
        "filter",
        &["/"],
        Scope::All,
        "filter: word  col=value  col~regex  !negate  (Esc clears)",
    ),
    ("sort-next", &[">"], Scope::All, "sort by the next column"),
    (
        "sort-prev",
        &["<"],
        Scope::All,
        "sort by the previous column",
    ),
    ("sort-reverse", &["s"], Scope::All, "reverse the sort"),
    ("details", &["d", "enter"], Scope::All, "details and tags"),
    ("mark", &["space"], Scope::All, "mark / unmark row"),
    (
        "mark-all",
        &["*"],
        Scope::All,
        "mark every row the filter shows",
    ),
    (
        "mark-range",
        &["V"],
        Scope::All,
        "mark range from the last marked row",
    ),
    ("clear-marks", &["U", "ctrl-\\"], Scope::All, "clear marks"),
    ("refresh", &["r"], Scope::All, "refresh now"),
    (
        "copy",
        &["y"],
        Scope::All,
        "copy the marked IDs (or the row's) to the clipboard (OSC 52)",
    ),
    ("help", &["?"], Scope::All, "this help"),
    ("quit", &["q"], Scope::All, "quit (Ctrl-C always quits)"),
    (
        "sessions",
        &["enter"],
        Scope::Only(&[Pools]),
        "open the pool's sessions",
    ),
    (
        "outcomes",
        &["enter"],
        Scope::Only(&[Queue]),
        "the job's per-resource outcomes",
    ),
    (
        "use-context",
        &["enter"],
        Scope::Only(&[Contexts]),
        "switch to this profile",
    ),
    (
        "cancel-job",
        &["C"],
        Scope::Only(&[Queue]),
        "cancel the job: batches not yet sent are not sent",
    ),
    ("reboot", &["R"], Scope::Only(&[Workspaces]), "reboot"),
    (
        "rebuild",
        &["B"],
        Scope::Only(&[Workspaces]),
        "rebuild (type to confirm)",
    ),
    ("start", &["S"], Scope::Only(&[Workspaces, Pools]), "start"),
    ("stop", &["X"], Scope::Only(&[Workspaces, Pools]), "stop"),
    (
        "terminate",
        &["ctrl-d"],
        Scope::Only(&[Workspaces, Sessions]),
        "terminate (type to confirm)",
    ),
    (
        "restore",
        &["O"],
        Scope::Only(&[Workspaces]),
        "restore (type to confirm)",
    ),
    (
        "auto-stop",
        &["A"],
        Scope::Only(&[Workspaces]),
        "running mode AUTO_STOP",
    ),
    (
        "always-on",
        &["L"],
        Scope::Only(&[Workspaces]),
        "running mode ALWAYS_ON",
    ),
    (
        "maintenance-on",
        &["Z"],
        Scope::Only(&[Workspaces]),
        "admin maintenance on",
    ),
    (
        "maintenance-off",
        &["Y"],
        Scope::Only(&[Workspaces]),
        "admin maintenance off",
    ),
    (
        "create-image",
        &["I"],
        Scope::Only(&[Workspaces]),
        "create an image from the WorkSpace",
    ),
    (
        "share",
        &["H"],
        Scope::Only(&[Images]),
        "share with an account",
    ),
    (
        "unshare",
        &["E"],
        Scope::Only(&[Images]),
        "unshare from an account (type to confirm)",
    ),
    (
        "update-image",
        &["P"],
        Scope::Only(&[Images]),
        "create updated image (when an update is available)",
    ),
    (
        "copy-image",
        &["C"],
        Scope::Only(&[Images]),
        "copy to another region",
    ),
    (
        "delete-image",
        &["ctrl-d"],
        Scope::Only(&[Images]),
        "delete image (type to confirm)",
    ),
    (
        "capacity",
        &["C"],
        Scope::Only(&[Pools]),
        "desired capacity",
    ),
];

fn applies(scope: Scope, pane: PaneKind) -> bool {
    match scope {
        Scope::All => true,
        Scope::Only(panes) => panes.contains(&pane),
    }
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    /// Action name → its keys.
    keys: BTreeMap<&'static str, Vec<KeySpec>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let keys = ACTIONS
            .iter()
            .map(|(name, keys, _, _)| {
                (
                    *name,
                    keys.iter()
                        .map(|k| KeySpec::parse(k).expect("built-in key"))
                        .collect(),
                )
            })
            .collect();
        Keymap { keys }
    }
}

impl Keymap {
    /// Defaults with `bindings` (key → action name) applied. Errors name the key and why.
    pub fn with_bindings(bindings: &BTreeMap<String, String>) -> Result<Keymap, (String, String)> {
        let mut map = Keymap::default();
        let mut rebound: BTreeMap<&'static str, Vec<KeySpec>> = BTreeMap::new();
        for (key, action) in bindings {
            let spec = KeySpec::parse(key).map_err(|e| (key.clone(), e))?;
            let Some((name, ..)) = ACTIONS.iter().find(|(n, ..)| n == action) else {
                let names: Vec<&str> = ACTIONS.iter().map(|(n, ..)| *n).collect();
                return Err((
                    key.clone(),
                    format!("unknown action '{action}' (actions: {})", names.join(", ")),
                ));
            };
            rebound.entry(name).or_default().push(spec);
        }
        // Binding an action replaces its default keys.
        for (name, specs) in rebound {
            map.keys.insert(name, specs);
        }
        map.check()?;
        Ok(map)
    }

    /// A key bound to two actions that apply in one pane cannot work: say which.
    fn check(&self) -> Result<(), (String, String)> {
        for pane in PaneKind::TOP
            .iter()
            .chain(&[Sessions, Queue, Outcomes, Contexts])
        {
            let mut seen: std::collections::HashMap<&KeySpec, &str> =
                std::collections::HashMap::new();
            for (name, _, scope, _) in ACTIONS {
                if !applies(*scope, *pane) {
                    continue;
                }
                for k in &self.keys[name] {
                    // Pane-specific actions (Enter on pools) override the general one by design.
                    if let Some(other) = seen.insert(k, name) {
                        let general = ACTIONS
                            .iter()
                            .any(|(n, _, s, _)| *n == other && *s == Scope::All);
                        if general && matches!(scope, Scope::Only(_)) && self.is_default(other, k) {
                            continue;
                        }
                        return Err((
                            k.to_string(),
                            format!(
                                "key {k} is bound to both '{other}' and '{name}' in the {} pane",
                                pane.title()
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn is_default(&self, action: &str, key: &KeySpec) -> bool {
        ACTIONS
            .iter()
            .find(|(n, ..)| *n == action)
            .is_some_and(|(_, keys, ..)| keys.iter().any(|k| KeySpec::parse(k).as_ref() == Ok(key)))
    }

    /// The action a key triggers in a pane: pane-specific bindings win over general ones.
    pub fn action(&self, pane: PaneKind, key: &KeyEvent) -> Option<&'static str> {
        let spec = KeySpec::from_event(key);
        let mut general = None;
        for (name, _, scope, _) in ACTIONS {
            if applies(*scope, pane) && self.keys[name].contains(&spec) {
                match scope {
                    Scope::Only(_) => return Some(name),
                    Scope::All => general = general.or(Some(*name)),
                }
            }
        }
        general
    }

    /// The keys bound to an action, for help and hints ("R", "^d").
    pub fn keys_for(&self, action: &str) -> String {
        self.keys
            .get(action)
            .map(|ks| {
                ks.iter()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }

    /// (keys, description) for every action that applies in `pane`, pane-specific first.
    pub fn help(&self, pane: PaneKind) -> Vec<(String, &'static str)> {
        let specific = ACTIONS
            .iter()
            .filter(|(_, _, s, _)| matches!(s, Scope::Only(_)));
        let general = ACTIONS.iter().filter(|(_, _, s, _)| *s == Scope::All);
        specific
            .chain(general)
            .filter(|(_, _, s, _)| applies(*s, pane))
            .map(|(n, _, _, what)| (self.keys_for(n), *what))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_have_no_conflicts_and_pane_keys_win() {
        let k = Keymap::default();
        k.check().unwrap();
        let enter = ev(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(k.action(Pools, &enter), Some("sessions"));
        assert_eq!(k.action(Workspaces, &enter), Some("details"));
        let c = ev(KeyCode::Char('C'), KeyModifiers::SHIFT);
        assert_eq!(k.action(Images, &c), Some("copy-image"));
        assert_eq!(k.action(Pools, &c), Some("capacity"));
        assert_eq!(k.action(Workspaces, &c), None);
        let ctrl_d = ev(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(k.action(Workspaces, &ctrl_d), Some("terminate"));
    }

    #[test]
    fn rebinding_replaces_the_default_keys() {
        let b = BTreeMap::from([("ctrl-r".to_string(), "refresh".to_string())]);
        let k = Keymap::with_bindings(&b).unwrap();
        assert_eq!(
            k.action(Workspaces, &ev(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some("refresh")
        );
        assert_eq!(
            k.action(Workspaces, &ev(KeyCode::Char('r'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(k.keys_for("refresh"), "^r");
    }

    #[test]
    fn a_key_bound_twice_in_a_pane_names_both_actions() {
        let b = BTreeMap::from([("R".to_string(), "refresh".to_string())]);
        let (key, e) = Keymap::with_bindings(&b).unwrap_err();
        assert_eq!(key, "R");
        assert!(e.contains("'refresh'") && e.contains("'reboot'"), "{e}");
    }

    #[test]
    fn unknown_actions_and_keys_are_errors() {
        let b = BTreeMap::from([("R".to_string(), "reboot-all".to_string())]);
        assert!(Keymap::with_bindings(&b)
            .unwrap_err()
            .1
            .contains("unknown action 'reboot-all'"));
        let b = BTreeMap::from([("hyper-x".to_string(), "reboot".to_string())]);
        assert!(Keymap::with_bindings(&b)
            .unwrap_err()
            .1
            .contains("not a key"));
    }
}
