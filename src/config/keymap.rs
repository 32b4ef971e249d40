//! Key bindings: every key-bound function (`KeyAction`) has a name, default keys, and the
//! panes where it applies. A config `[keys]` table rebinds them (`"ctrl-r" = "refresh"`,
//! `"R" = "reboot"`). Binding an action replaces its default keys; a key left bound to two
//! actions that apply in the same pane is an error naming both.

mod key_action;

pub use key_action::KeyAction;

use crate::panes::PaneKind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use key_action::{Scope, TABLE};
use std::collections::{BTreeMap, HashMap};
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

impl KeySpec {
    /// Keys the table does not bind, because they always do one thing: what that is.
    pub fn fixed(&self) -> Option<&'static str> {
        match (self.code, self.ctrl) {
            (KeyCode::Char('c'), true) => Some("quits (Ctrl-C)"),
            (KeyCode::Esc, _) => Some("backs out (Esc)"),
            (KeyCode::Char('1'..='6'), false) => Some("opens a pane by number (1-6)"),
            _ => None,
        }
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

/// The bindings in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    /// Every action → its keys.
    keys: BTreeMap<KeyAction, Vec<KeySpec>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let keys = TABLE
            .iter()
            .map(|row| (row.action, default_keys(row.action)))
            .collect();
        Keymap { keys }
    }
}

/// The action's built-in keys, as its table row spells them.
fn default_keys(action: KeyAction) -> Vec<KeySpec> {
    action
        .row()
        .keys
        .iter()
        .map(|k| KeySpec::parse(k).expect("built-in key"))
        .collect()
}

impl Keymap {
    /// Defaults with `bindings` (key → action name) applied. Errors name the key and why.
    pub fn with_bindings(bindings: &BTreeMap<String, String>) -> Result<Keymap, (String, String)> {
        let mut map = Keymap::default();
        let mut rebound: BTreeMap<KeyAction, Vec<KeySpec>> = BTreeMap::new();
        for (key, name) in bindings {
            let spec = KeySpec::parse(key).map_err(|e| (key.clone(), e))?;
            if let Some(why) = spec.fixed() {
                return Err((
                    key.clone(),
                    format!("key {spec} cannot be bound: it always {why}"),
                ));
            }
            let Some(action) = KeyAction::from_name(name) else {
                let names: Vec<&str> = TABLE.iter().map(|row| row.name).collect();
                return Err((
                    key.clone(),
                    format!("unknown action '{name}' (actions: {})", names.join(", ")),
                ));
            };
            rebound.entry(action).or_default().push(spec);
        }
        // Binding an action replaces its default keys.
        map.keys.extend(rebound);
        map.check()?;
        Ok(map)
    }

    /// A key bound to two actions that apply in one pane cannot work: say which.
    fn check(&self) -> Result<(), (String, String)> {
        for pane in PaneKind::all() {
            let mut seen: HashMap<&KeySpec, KeyAction> = HashMap::new();
            for row in TABLE.iter().filter(|row| row.scope.applies(pane)) {
                let action = row.action;
                for k in &self.keys[&action] {
                    // Pane-specific actions (Enter on pools) override the general one by design,
                    // where the table shares the key by default; a key the user binds to an
                    // action must not silently shadow another (help would list it twice).
                    if let Some(other) = seen.insert(k, action) {
                        let general = other.row().scope == Scope::All;
                        if general
                            && row.scope.is_specific()
                            && is_default(other, k)
                            && is_default(action, k)
                        {
                            continue;
                        }
                        return Err((
                            k.to_string(),
                            format!(
                                "key {k} is bound to both '{other}' and '{action}' in the {} pane",
                                pane.title()
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The action a key triggers in a pane: pane-specific bindings win over general ones.
    pub fn action(&self, pane: PaneKind, key: &KeyEvent) -> Option<KeyAction> {
        let spec = KeySpec::from_event(key);
        let mut general = None;
        for row in TABLE {
            if row.scope.applies(pane) && self.keys[&row.action].contains(&spec) {
                match row.scope {
                    Scope::All => general = general.or(Some(row.action)),
                    Scope::On(_) | Scope::Act(_) => return Some(row.action),
                }
            }
        }
        general
    }

    /// The keys bound to an action, for help and hints ("R", "^d").
    pub fn keys_for(&self, action: KeyAction) -> String {
        self.keys
            .get(&action)
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
        let specific = TABLE.iter().filter(|row| row.scope.is_specific());
        let general = TABLE.iter().filter(|row| row.scope == Scope::All);
        specific
            .chain(general)
            .filter(|row| row.scope.applies(pane))
            .map(|row| (self.keys_for(row.action), row.help))
            .collect()
    }
}

/// Whether `key` is one of the action's built-in keys.
fn is_default(action: KeyAction, key: &KeySpec) -> bool {
    default_keys(action).contains(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bind(key: &str, action: &str) -> Result<Keymap, (String, String)> {
        let mut b = BTreeMap::new();
        b.insert(key.to_string(), action.to_string());
        Keymap::with_bindings(&b)
    }

    #[test]
    fn a_key_that_could_never_fire_is_refused() {
        // j moves down on every pane: binding it to reboot would shadow one or the other.
        let (key, why) = bind("j", "reboot").unwrap_err();
        assert_eq!(key, "j");
        assert!(why.contains("'down'") && why.contains("'reboot'"), "{why}");
        // Fixed keys are not the keymap's to give.
        for (k, what) in [
            ("1", "pane by number"),
            ("esc", "backs out"),
            ("ctrl-c", "quits"),
        ] {
            let (key, why) = bind(k, "reboot").unwrap_err();
            assert_eq!(key, k);
            assert!(
                why.contains("cannot be bound") && why.contains(what),
                "{why}"
            );
        }
        // Enter: details everywhere, sessions on pools, by the table's own design.
        assert!(Keymap::with_bindings(&BTreeMap::new()).is_ok());
        assert!(bind("ctrl-r", "reboot").is_ok());
    }
    use crate::panes::PaneKind::{Images, Pools, Workspaces};

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_have_no_conflicts_and_pane_keys_win() {
        let k = Keymap::default();
        k.check().unwrap();
        let enter = ev(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(k.action(Pools, &enter), Some(KeyAction::Sessions));
        assert_eq!(k.action(Workspaces, &enter), Some(KeyAction::Details));
        let c = ev(KeyCode::Char('C'), KeyModifiers::SHIFT);
        assert_eq!(k.action(Images, &c), Some(KeyAction::CopyImage));
        assert_eq!(k.action(Pools, &c), Some(KeyAction::Capacity));
        assert_eq!(k.action(Workspaces, &c), None);
        let ctrl_d = ev(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(k.action(Workspaces, &ctrl_d), Some(KeyAction::Terminate));
    }

    #[test]
    fn rebinding_replaces_the_default_keys() {
        let b = BTreeMap::from([("ctrl-r".to_string(), "refresh".to_string())]);
        let k = Keymap::with_bindings(&b).unwrap();
        assert_eq!(
            k.action(Workspaces, &ev(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(KeyAction::Refresh)
        );
        assert_eq!(
            k.action(Workspaces, &ev(KeyCode::Char('r'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(k.keys_for(KeyAction::Refresh), "^r");
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
