//! The snapshots a WorkSpace can go back to (DescribeWorkspaceSnapshots), so a confirmation
//! can say how much a restore or a rebuild loses.

/// DescribeWorkspaceSnapshots → RestoreSnapshots (root and user volume, what
/// RestoreWorkspace uses) and RebuildSnapshots (user volume, what RebuildWorkspaces uses).
/// Snapshot times in epoch seconds, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceSnapshots {
    pub restore: Vec<i64>,
    pub rebuild: Vec<i64>,
}

impl WorkspaceSnapshots {
    /// The snapshot RestoreWorkspace goes back to: the newest restore snapshot.
    pub fn restore_point(&self) -> Option<i64> {
        self.restore.iter().copied().max()
    }

    /// The snapshot RebuildWorkspaces takes the user volume from: the newest rebuild snapshot.
    pub fn rebuild_point(&self) -> Option<i64> {
        self.rebuild.iter().copied().max()
    }
}

/// "3 h 20 min ago", "2 d 4 h ago", "just now": how old a snapshot taken at `at` is at `now`.
pub fn age(at: i64, now: i64) -> String {
    let s = (now - at).max(0);
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h, m) {
        (0, 0, 0) => "just now".into(),
        (0, 0, m) => format!("{m} min ago"),
        (0, h, m) => format!("{h} h {m} min ago"),
        (d, h, _) => format!("{d} d {h} h ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restore_point_is_the_newest_snapshot() {
        let s = WorkspaceSnapshots {
            restore: vec![100, 300, 200],
            rebuild: vec![50],
        };
        assert_eq!(s.restore_point(), Some(300));
        assert_eq!(s.rebuild_point(), Some(50));
        assert_eq!(WorkspaceSnapshots::default().restore_point(), None);
    }

    #[test]
    fn ages_read_like_a_person_would_say_them() {
        assert_eq!(age(1000, 1000), "just now");
        assert_eq!(age(0, 125), "2 min ago");
        assert_eq!(age(0, 3 * 3600 + 20 * 60), "3 h 20 min ago");
        assert_eq!(age(0, 2 * 86_400 + 4 * 3600), "2 d 4 h ago");
    }
}
