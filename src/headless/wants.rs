//! What a `get` needs to read: the pane's own sweep, the data other panes join into it only
//! when a chosen column or the filter reads that data, and targeted lookups instead of a
//! sweep when the filter names only WorkSpaces by ID or user (issue 29: "it reads only what
//! the answer needs").

use crate::app::lookups::named;
use crate::panes::PaneKind;
use crate::table::filter::ColumnName;
use crate::table::filter::Terms;

/// Columns whose values another pane's sweep brings, by the pane that brings them: the
/// WorkSpaces pane's connection columns (DescribeWorkspacesConnectionStatus), the
/// connection pane's user (DescribeWorkspaces), the directories' WorkSpaces count.
fn joined(kind: PaneKind) -> Option<(PaneKind, &'static [&'static str])> {
    match kind {
        PaneKind::Workspaces => Some((PaneKind::Connections, &["CONN", "LAST CONN"])),
        PaneKind::Connections => Some((PaneKind::Workspaces, &["USER"])),
        PaneKind::Directories => Some((PaneKind::Workspaces, &["WORKSPACES"])),
        _ => None,
    }
}

/// The panes to sweep for `kind`, its own first: another pane only when one of `shown`
/// (indexes of `columns`) or the filter's terms read a column it brings.
pub fn sweeps(
    kind: PaneKind,
    columns: &[ColumnName],
    shown: &[usize],
    terms: &Terms,
) -> Vec<PaneKind> {
    let mut out = vec![kind];
    if let Some((other, titles)) = joined(kind) {
        let is_joined = |i: usize| columns.get(i).is_some_and(|c| titles.contains(&c.title));
        if shown.iter().any(|&i| is_joined(i)) || terms.reads(is_joined) {
            out.push(other);
        }
    }
    out
}

/// Whether the filter names WorkSpaces by ID or user and nothing else, so a targeted lookup
/// (DescribeWorkspaces with WorkspaceIds, or UserName and DirectoryId) finds every row it
/// keeps without a sweep. `Some(true)` when it names users (their directories must be read
/// first: DescribeWorkspaces takes a user name only with its directory).
pub fn lookup_only(kind: PaneKind, filter: &str) -> Option<bool> {
    if kind != PaneKind::Workspaces || filter.trim().is_empty() {
        return None;
    }
    let mut users = false;
    for token in filter.split_whitespace() {
        let (ids, named_users) = named(token);
        if ids.is_empty() && named_users.is_empty() {
            return None;
        }
        users |= !named_users.is_empty();
    }
    Some(users)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Workspace;
    use crate::table::resource::column_names;

    fn sweeps_for(shown: &[&str], filter: &str) -> Vec<PaneKind> {
        let columns = column_names::<Workspace>();
        let shown: Vec<usize> = shown
            .iter()
            .map(|t| columns.iter().position(|c| c.title == *t).unwrap())
            .collect();
        let terms = Terms::parse(filter, &columns).unwrap();
        sweeps(PaneKind::Workspaces, &columns, &shown, &terms)
    }

    #[test]
    fn connection_status_is_read_only_when_asked_for() {
        use PaneKind::{Connections as C, Workspaces as W};
        assert_eq!(sweeps_for(&["ID"], "state=UNHEALTHY"), [W]);
        assert_eq!(sweeps_for(&["ID", "CONN"], ""), [W, C]);
        assert_eq!(sweeps_for(&["ID"], "conn=CONNECTED"), [W, C]);
        assert_eq!(sweeps_for(&["ID"], "last>30d"), [W, C]);
        // A plain word searches every column, the connection ones too.
        assert_eq!(sweeps_for(&["ID"], "alice"), [W, C]);
    }

    #[test]
    fn only_a_filter_of_ids_and_users_is_looked_up() {
        let ws = PaneKind::Workspaces;
        assert_eq!(lookup_only(ws, "ws-abcdefghi id=ws-123456789"), Some(false));
        assert_eq!(lookup_only(ws, "user=alice ws-abcdefghi"), Some(true));
        assert_eq!(lookup_only(ws, "user=alice state=AVAILABLE"), None);
        assert_eq!(lookup_only(ws, ""), None);
        assert_eq!(lookup_only(PaneKind::Images, "ws-abcdefghi"), None);
    }
}
