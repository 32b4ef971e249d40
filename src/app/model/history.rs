//! The `:` prompt's history (k9s habit): Up and Down walk the commands given before, newest
//! first, across runs (the runtime loads and saves it; see `runtime::history_file`).

/// Commands remembered.
pub const KEEP: usize = 100;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct History {
    /// Oldest first.
    entries: Vec<String>,
    /// While walking: the index shown now (None: not walking, the prompt holds new text).
    at: Option<usize>,
}

impl History {
    pub fn from_entries(mut entries: Vec<String>) -> Self {
        entries.retain(|e| !e.trim().is_empty());
        let drop = entries.len().saturating_sub(KEEP);
        entries.drain(..drop);
        History { entries, at: None }
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// A command was given: remembered once (an earlier copy moves to the end).
    pub fn push(&mut self, cmd: &str) {
        let cmd = cmd.trim();
        self.at = None;
        if cmd.is_empty() {
            return;
        }
        self.entries.retain(|e| e != cmd);
        self.entries.push(cmd.to_string());
        if self.entries.len() > KEEP {
            self.entries.remove(0);
        }
    }

    /// Up: the command before the one shown.
    pub fn older(&mut self) -> Option<&str> {
        let next = match self.at {
            None => self.entries.len().checked_sub(1)?,
            Some(0) => 0,
            Some(i) => i - 1,
        };
        self.at = Some(next);
        self.entries.get(next).map(String::as_str)
    }

    /// Down: the command after the one shown; past the newest, an empty prompt.
    pub fn newer(&mut self) -> Option<&str> {
        match self.at {
            Some(i) if i + 1 < self.entries.len() => {
                self.at = Some(i + 1);
                self.entries.get(i + 1).map(String::as_str)
            }
            _ => {
                self.at = None;
                None
            }
        }
    }

    /// The prompt closed: the next Up starts from the newest again.
    pub fn reset(&mut self) {
        self.at = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_and_down_walk_newest_first_and_repeats_move_to_the_end() {
        let mut h = History::from_entries(vec!["ws".into(), "conn".into()]);
        h.push("img");
        h.push("ws");
        assert_eq!(h.entries(), ["conn", "img", "ws"]);
        assert_eq!(h.older(), Some("ws"));
        assert_eq!(h.older(), Some("img"));
        assert_eq!(h.older(), Some("conn"));
        assert_eq!(h.older(), Some("conn"), "stops at the oldest");
        assert_eq!(h.newer(), Some("img"));
        assert_eq!(h.newer(), Some("ws"));
        assert_eq!(h.newer(), None, "past the newest: an empty prompt");
        h.reset();
        assert_eq!(h.older(), Some("ws"));
        let many: Vec<String> = (0..150).map(|i| format!("c{i}")).collect();
        assert_eq!(History::from_entries(many).entries().len(), KEEP);
    }
}
