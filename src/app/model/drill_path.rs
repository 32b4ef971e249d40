//! The drill-down path (k9s crumbs): the panes Enter (or `b`, `i`) went down from to reach the
//! one shown. Esc goes up it one step at a time; `:`, Tab and the number keys start over.

use crate::panes::PaneKind;

/// One step down: the pane left, the pane opened, and how the opened pane looked before the
/// drill-down filtered it (put back when the step is left, so `:ws` later shows every
/// WorkSpace rather than one directory's).
#[derive(Debug, Clone, PartialEq)]
pub struct Crumb {
    pub parent: PaneKind,
    pub child: PaneKind,
    /// The filter the drill-down set on the child (`dir=d-…`); the child's own when it set none.
    pub set: String,
    /// The child's filter and cursor before.
    pub filter_before: String,
    pub cursor_before: Option<String>,
}

/// How many steps down a path can go; deeper, the oldest step is forgotten.
pub const DEPTH: usize = 20;

/// The panes of the drill-down path `drill` that leads to `active`, from the top: what the
/// breadcrumb shows before it. Empty at a top pane; a drill-down pane opened without a path
/// (a job's outcomes, from the queue) has its registered parent.
pub fn path_to(drill: &[Crumb], active: PaneKind) -> Vec<PaneKind> {
    match drill.last() {
        Some(c) if c.child == active => drill.iter().map(|c| c.parent).collect(),
        _ => active.spec().parent.map(|(p, _)| p).into_iter().collect(),
    }
}
