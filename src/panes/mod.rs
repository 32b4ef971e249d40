//! The panes: which exist, what they are called, and each one's columns (one file per pane).

mod bundles;
mod connections;
mod contexts;
mod directories;
mod images;
mod pools;
mod queue;
mod sessions;
mod workspaces;

pub use contexts::ContextRow;
pub use queue::{JobRow, OutcomeRow};

/// Every pane, in the order Tab and the number keys walk them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneKind {
    Workspaces,
    Connections,
    Images,
    Pools,
    Bundles,
    Directories,
    /// The sessions of one pool (opened with Enter on a pool).
    Sessions,
    /// The command queue's jobs (`:queue`).
    Queue,
    /// One job's per-resource outcomes (Enter on a job).
    Outcomes,
    /// The AWS profiles to switch to (`:ctx`).
    Contexts,
}

impl PaneKind {
    /// Panes reachable with Tab and 1–6 (sessions are a drill-down from a pool).
    pub const TOP: [PaneKind; 6] = [
        PaneKind::Workspaces,
        PaneKind::Connections,
        PaneKind::Images,
        PaneKind::Pools,
        PaneKind::Bundles,
        PaneKind::Directories,
    ];

    pub fn title(self) -> &'static str {
        match self {
            PaneKind::Workspaces => "WorkSpaces",
            PaneKind::Connections => "Connections",
            PaneKind::Images => "Images",
            PaneKind::Pools => "Pools",
            PaneKind::Bundles => "Bundles",
            PaneKind::Directories => "Directories",
            PaneKind::Sessions => "Sessions",
            PaneKind::Queue => "Queue",
            PaneKind::Outcomes => "Outcomes",
            PaneKind::Contexts => "Contexts",
        }
    }

    /// `:` command names, the first being the canonical one (k9s-style short aliases).
    pub fn commands(self) -> &'static [&'static str] {
        match self {
            PaneKind::Workspaces => &["ws", "workspaces", "workspace"],
            PaneKind::Connections => &["conn", "connections", "connection"],
            PaneKind::Images => &["img", "images", "image"],
            PaneKind::Pools => &["pools", "pool"],
            PaneKind::Bundles => &["bundles", "bundle"],
            PaneKind::Directories => &["dirs", "directories", "directory"],
            PaneKind::Sessions => &["sessions"],
            PaneKind::Queue => &["queue", "jobs"],
            PaneKind::Outcomes => &["outcomes"],
            PaneKind::Contexts => &["ctx", "contexts", "context", "profiles"],
        }
    }

    pub fn from_command(cmd: &str) -> Option<PaneKind> {
        let cmd = cmd.trim().to_ascii_lowercase();
        Self::TOP
            .into_iter()
            .chain([PaneKind::Queue])
            .find(|p| p.commands().contains(&cmd.as_str()))
    }

    pub fn next(self) -> PaneKind {
        let i = Self::TOP.iter().position(|&p| p == self).unwrap_or(0);
        Self::TOP[(i + 1) % Self::TOP.len()]
    }

    pub fn prev(self) -> PaneKind {
        let i = Self::TOP.iter().position(|&p| p == self).unwrap_or(0);
        Self::TOP[(i + Self::TOP.len() - 1) % Self::TOP.len()]
    }
}

/// Commands the `:` prompt completes, besides pane names.
pub const OTHER_COMMANDS: &[&str] = &["ctx", "region", "export", "q", "quit"];

/// Complete a partial `:` command: the one command it is a prefix of, if unique.
pub fn complete(partial: &str) -> Vec<&'static str> {
    let p = partial.trim().to_ascii_lowercase();
    let mut out: Vec<&'static str> = PaneKind::TOP
        .iter()
        .chain([PaneKind::Queue].iter())
        .map(|k| k.commands()[0])
        .chain(OTHER_COMMANDS.iter().copied())
        .filter(|c| c.starts_with(&p))
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_aliases_find_panes() {
        assert_eq!(PaneKind::from_command("ws"), Some(PaneKind::Workspaces));
        assert_eq!(PaneKind::from_command("IMG"), Some(PaneKind::Images));
        assert_eq!(PaneKind::from_command("dirs"), Some(PaneKind::Directories));
        assert_eq!(PaneKind::from_command("nope"), None);
    }

    #[test]
    fn completion_offers_matching_commands() {
        assert_eq!(complete("im"), vec!["img"]);
        assert_eq!(complete("b"), vec!["bundles"]);
        assert!(complete("").len() >= 7);
        assert_eq!(complete("q"), vec!["queue", "q", "quit"]);
        assert_eq!(complete("ex"), vec!["export"]);
    }

    #[test]
    fn tab_cycles_the_top_panes() {
        assert_eq!(PaneKind::Directories.next(), PaneKind::Workspaces);
        assert_eq!(PaneKind::Workspaces.prev(), PaneKind::Directories);
    }
}
