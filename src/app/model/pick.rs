//! A pick list: a form's choice of an existing thing (an image, a Region, an account) from
//! the ones it may be, never an ID typed from memory. ↑ ↓ move, typing narrows (every word
//! of the query in the label or detail, any case), Backspace widens, and nothing is chosen
//! until the user picks unless the list was opened with a best choice.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One choice: what the list shows (`label`, then `detail` muted) and what the form gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    pub label: String,
    pub detail: String,
    pub value: String,
}

impl PickItem {
    pub fn new(label: impl Into<String>, detail: impl Into<String>) -> Self {
        let label = label.into();
        Self {
            value: label.clone(),
            label,
            detail: detail.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pick {
    items: Vec<PickItem>,
    /// What has been typed to narrow the list.
    pub query: String,
    /// The chosen item (an index into `items`), if any.
    selected: Option<usize>,
    /// A list of several choices (`ticking`): the items ticked (Space), by value.
    ticked: Option<Vec<String>>,
}

impl Pick {
    /// A list of `items` in the order given, `selected` (an index) chosen at first.
    pub fn new(items: Vec<PickItem>, selected: Option<usize>) -> Self {
        let selected = selected.filter(|&i| i < items.len());
        Self {
            items,
            query: String::new(),
            selected,
            ticked: None,
        }
    }

    /// A list of several choices: Space ticks and unticks the highlighted item (so a query
    /// is one word), and the value is the ticked items' values joined by commas (none
    /// ticked: ""). Nothing is ticked at first.
    pub fn ticking(items: Vec<PickItem>) -> Self {
        Self {
            ticked: Some(vec![]),
            ..Self::new(items, None)
        }
    }

    /// Whether the list takes several choices (Space ticks).
    pub fn is_ticking(&self) -> bool {
        self.ticked.is_some()
    }

    /// Whether `item` is ticked (`None`: the list is of one choice).
    pub fn is_ticked(&self, item: &PickItem) -> Option<bool> {
        Some(self.ticked.as_ref()?.contains(&item.value))
    }

    /// New items (what is loaded changed while the form is open): the choice and the ticks
    /// stay on the same values, and go if their item went.
    pub fn set_items(&mut self, items: Vec<PickItem>) {
        let chosen = self
            .selected
            .and_then(|i| self.items.get(i))
            .map(|it| it.value.clone());
        self.selected = chosen.and_then(|v| items.iter().position(|it| it.value == v));
        if let Some(ticked) = &mut self.ticked {
            ticked.retain(|v| items.iter().any(|it| &it.value == v));
        }
        self.items = items;
    }

    pub fn items(&self) -> &[PickItem] {
        &self.items
    }

    /// The items the query leaves, with their index in `items`.
    pub fn shown(&self) -> Vec<(usize, &PickItem)> {
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.items
            .iter()
            .enumerate()
            .filter(|(_, it)| {
                let text = format!("{} {}", it.label, it.detail).to_lowercase();
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .collect()
    }

    /// The chosen item, if the query still shows it.
    pub fn selected(&self) -> Option<&PickItem> {
        let i = self.selected?;
        self.shown()
            .into_iter()
            .find(|(j, _)| *j == i)
            .map(|(_, it)| it)
    }

    /// The chosen item's place among those shown.
    pub fn selected_row(&self) -> Option<usize> {
        let i = self.selected?;
        self.shown().iter().position(|(j, _)| *j == i)
    }

    /// The chosen item's value, or "" when nothing is chosen (ticking: the ticked values in
    /// the list's order, joined by commas).
    pub fn value(&self) -> String {
        if let Some(ticked) = &self.ticked {
            let values: Vec<&str> = (self.items.iter())
                .filter(|it| ticked.contains(&it.value))
                .map(|it| it.value.as_str())
                .collect();
            return values.join(",");
        }
        self.selected()
            .map(|it| it.value.clone())
            .unwrap_or_default()
    }

    /// ↑ ↓ (and PgUp PgDn, Home End) move the choice; typed characters narrow the list and
    /// Backspace widens it. Returns whether the key was the list's (Enter, Esc and Tab are
    /// the form's).
    pub fn on_key(&mut self, key: KeyEvent) -> bool {
        let shown: Vec<usize> = self.shown().iter().map(|(i, _)| *i).collect();
        let row = self.selected_row();
        let last = shown.len().saturating_sub(1);
        let to = match key.code {
            KeyCode::Down => Some(row.map_or(0, |r| (r + 1).min(last))),
            KeyCode::Up => Some(row.map_or(0, |r| r.saturating_sub(1))),
            KeyCode::PageDown => Some(row.map_or(0, |r| (r + 10).min(last))),
            KeyCode::PageUp => Some(row.map_or(0, |r| r.saturating_sub(10))),
            KeyCode::Home => Some(0),
            KeyCode::End => Some(last),
            KeyCode::Backspace => {
                self.query.pop();
                None
            }
            KeyCode::Char(' ') if self.ticked.is_some() => {
                self.tick();
                return true;
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.query.push(c);
                self.narrowed();
                return true;
            }
            _ => return false,
        };
        if let Some(r) = to {
            self.selected = shown.get(r).copied();
        }
        true
    }

    /// Space in a ticking list: the highlighted item shown is ticked, or unticked.
    fn tick(&mut self) {
        let Some(value) = self.selected().map(|it| it.value.clone()) else {
            return;
        };
        if let Some(ticked) = &mut self.ticked {
            match ticked.iter().position(|v| *v == value) {
                Some(i) => {
                    ticked.remove(i);
                }
                None => ticked.push(value),
            }
        }
    }

    /// After narrowing: a choice the query hides gives way to the first item it shows
    /// (what was typed is the user choosing), and an empty list chooses nothing.
    fn narrowed(&mut self) {
        if self.selected_row().is_none() {
            self.selected = self.shown().first().map(|(i, _)| *i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn list() -> Pick {
        Pick::new(
            vec![
                PickItem::new("finance-al2-v2", "2026-12-01 derived"),
                PickItem::new("finance-al2-v1", "2026-11-01 derived"),
                PickItem::new("hr-al2-v1", "2026-10-01"),
            ],
            None,
        )
    }

    #[test]
    fn nothing_is_chosen_until_the_user_moves_or_types() {
        let mut p = list();
        assert_eq!(p.value(), "");
        p.on_key(key(KeyCode::Down));
        assert_eq!(p.value(), "finance-al2-v2");
        p.on_key(key(KeyCode::Down));
        p.on_key(key(KeyCode::Down));
        p.on_key(key(KeyCode::Down));
        assert_eq!(p.value(), "hr-al2-v1", "the last stays chosen");
        p.on_key(key(KeyCode::Up));
        assert_eq!(p.value(), "finance-al2-v1");
    }

    #[test]
    fn typing_narrows_and_backspace_widens() {
        let mut p = list();
        for c in "HR".chars() {
            p.on_key(key(KeyCode::Char(c)));
        }
        assert_eq!(p.shown().len(), 1);
        assert_eq!(p.value(), "hr-al2-v1");
        p.on_key(key(KeyCode::Backspace));
        p.on_key(key(KeyCode::Backspace));
        assert_eq!(p.shown().len(), 3);
        assert_eq!(p.value(), "hr-al2-v1", "the choice stays");
        for c in "zzz".chars() {
            p.on_key(key(KeyCode::Char(c)));
        }
        assert!(p.shown().is_empty());
        assert_eq!(p.value(), "", "nothing shown, nothing chosen");
        assert!(!p.on_key(key(KeyCode::Enter)), "Enter is the form's");
    }

    #[test]
    fn a_ticking_list_takes_several_and_keeps_them_when_its_items_change() {
        let mut p = Pick::ticking(list().items().to_vec());
        assert_eq!(p.value(), "", "nothing ticked at first");
        p.on_key(key(KeyCode::Down));
        p.on_key(key(KeyCode::Char(' ')));
        p.on_key(key(KeyCode::End));
        p.on_key(key(KeyCode::Char(' ')));
        assert_eq!(p.value(), "finance-al2-v2,hr-al2-v1");
        assert_eq!(p.query, "", "Space ticks, it does not narrow");
        p.on_key(key(KeyCode::Char(' ')));
        assert_eq!(p.value(), "finance-al2-v2");
        p.set_items(vec![
            PickItem::new("new", ""),
            PickItem::new("finance-al2-v2", ""),
        ]);
        assert_eq!(p.value(), "finance-al2-v2");
        p.set_items(vec![PickItem::new("new", "")]);
        assert_eq!(p.value(), "", "a tick goes with its item");
    }

    #[test]
    fn every_word_narrows() {
        let mut p = list();
        p.query = "al2 11-01".into();
        let labels: Vec<&str> = p.shown().iter().map(|(_, i)| i.label.as_str()).collect();
        assert_eq!(labels, ["finance-al2-v1"]);
    }
}
