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
}
