//! All panes together, and `AnyPane`: what the key handlers and the status line need from
//! whichever pane is active, without a match over pane types at every call site.

use super::pane::PaneState;
use super::refresh::RefreshStatus;
use crate::domain::StateClass;
use crate::panes::PaneKind;
use crate::table::resource::{CellValue, Ctx, Resource};

pub trait AnyPane {
    fn refresh(&self) -> &RefreshStatus;
    /// Each Region's refresh.
    fn region_status(&self) -> &std::collections::BTreeMap<String, RefreshStatus>;
    /// The Region of a listed resource.
    fn region_of(&self, id: &str) -> Option<String>;
    fn fail_sweep(&mut self, region: &str, sweep: u64, error: crate::domain::ServiceError);
    /// A Region left the view: drop its rows.
    fn forget_region(&mut self, region: &str);
    /// A profile switch: drop every row, keep filter and sort.
    fn clear_rows(&mut self);
    /// Show these columns (indexes into the row type's columns), in this order.
    fn set_layout(&mut self, layout: Vec<usize>);
    fn view_len(&self) -> usize;
    /// Rows held, whatever the filter shows (the last sweep's, or the cache's).
    fn total(&self) -> usize;
    fn move_by(&mut self, delta: isize);
    fn move_to(&mut self, pos: usize);
    /// Put the cursor on resource `id`, if the view shows it (Esc back up a drill-down).
    fn select(&mut self, id: &str);
    fn scroll_into_view(&mut self, height: usize);
    fn filter_text(&self) -> &str;
    /// The drill-down's title, if it shows one parent's rows (see `PaneState::heading`).
    fn heading(&self) -> Option<&str>;
    /// How many tag keys the filter names (`tag.KEY…`).
    fn filter_tags(&self) -> usize;
    fn set_filter(&mut self, text: &str, ctx: &Ctx) -> Result<(), String>;
    /// `set_filter` for text being typed: filters again only when the text means another
    /// filter.
    fn type_filter(&mut self, text: &str, ctx: &Ctx) -> Result<(), String>;
    /// Get ready for filter keystrokes (the filter prompt opened).
    fn prepare_filter(&mut self, ctx: &Ctx);
    /// Sort by the column after (+1) or before (-1) the current one.
    fn shift_sort(&mut self, step: isize, ctx: &Ctx);
    fn reverse_sort(&mut self, ctx: &Ctx);
    /// Sort by the column a filter would call `name` (`:sort last desc`).
    fn sort_by_name(&mut self, name: &str, descending: bool, ctx: &Ctx) -> Result<(), String>;
    fn sort_label(&self) -> String;
    fn toggle_mark(&mut self);
    fn mark_all_visible(&mut self);
    fn mark_range(&mut self);
    fn clear_marks(&mut self);
    /// Unmark these resources (an action was confirmed for them).
    fn unmark(&mut self, ids: &[String]);
    fn marks(&self) -> usize;
    fn hidden_marks(&self) -> usize;
    fn selected_id(&self) -> Option<String>;
    /// Marked resource IDs, in a stable order.
    fn marked_ids(&self) -> Vec<String>;
    /// Marked resource IDs the filter shows, in ID order.
    fn visible_marked_ids(&self) -> Vec<String>;
    fn detail_of(&self, id: &str, ctx: &Ctx) -> Option<Vec<(&'static str, String)>>;
    fn rebuild(&mut self, ctx: &Ctx);
    fn noun(&self) -> &'static str;
    fn plural(&self) -> &'static str;
    /// The view as shown (filtered, sorted), every column: titles and each row's cells.
    fn export_rows(&self, ctx: &Ctx) -> (Vec<&'static str>, Vec<Vec<CellValue>>);
    /// The names the filter takes for each column (`last (LAST CONN)`), for help.
    fn filter_names(&self) -> Vec<String>;
}

impl<R: Resource> AnyPane for PaneState<R> {
    fn refresh(&self) -> &RefreshStatus {
        &self.refresh
    }
    fn region_status(&self) -> &std::collections::BTreeMap<String, RefreshStatus> {
        &self.regions
    }
    fn region_of(&self, id: &str) -> Option<String> {
        self.table.get(id).map(|r| r.region().to_string())
    }
    fn fail_sweep(&mut self, region: &str, sweep: u64, error: crate::domain::ServiceError) {
        PaneState::fail_sweep(self, region, sweep, error)
    }
    fn forget_region(&mut self, region: &str) {
        PaneState::forget_region(self, region)
    }
    fn clear_rows(&mut self) {
        PaneState::clear_rows(self)
    }
    fn set_layout(&mut self, layout: Vec<usize>) {
        self.layout = Some(layout);
    }
    fn view_len(&self) -> usize {
        self.table.view_len()
    }
    fn move_by(&mut self, delta: isize) {
        self.table.move_by(delta)
    }
    fn total(&self) -> usize {
        self.table.len()
    }
    fn move_to(&mut self, pos: usize) {
        self.table.move_to(pos)
    }
    fn select(&mut self, id: &str) {
        // A scan of the view: once per Esc, not per frame.
        let table = &self.table;
        let pos = (0..table.view_len()).find(|&p| table.view_row(p).is_some_and(|r| r.key() == id));
        if let Some(pos) = pos {
            self.table.move_to(pos);
        }
    }
    fn scroll_into_view(&mut self, height: usize) {
        self.table.scroll_into_view(height)
    }
    fn filter_tags(&self) -> usize {
        self.filter_tags()
    }
    fn filter_text(&self) -> &str {
        &self.filter_text
    }
    fn heading(&self) -> Option<&str> {
        self.heading.as_deref()
    }
    fn set_filter(&mut self, text: &str, ctx: &Ctx) -> Result<(), String> {
        PaneState::set_filter(self, text, ctx)
    }
    fn type_filter(&mut self, text: &str, ctx: &Ctx) -> Result<(), String> {
        PaneState::type_filter(self, text, ctx)
    }
    fn prepare_filter(&mut self, ctx: &Ctx) {
        PaneState::prepare_filter(self, ctx)
    }
    fn shift_sort(&mut self, step: isize, ctx: &Ctx) {
        let n = R::columns().len() as isize;
        let col = (self.sort.column as isize + step).rem_euclid(n) as usize;
        self.sort.column = col;
        self.sort.descending = false;
        self.rebuild(ctx);
        // A new order is read from its start (k9s); the cursor's old row may be anywhere.
        self.table.move_to(0);
    }
    fn reverse_sort(&mut self, ctx: &Ctx) {
        self.sort.descending = !self.sort.descending;
        self.rebuild(ctx);
        self.table.move_to(0);
    }
    fn sort_by_name(&mut self, name: &str, descending: bool, ctx: &Ctx) -> Result<(), String> {
        let cols = R::columns();
        let Some(col) = cols.iter().position(|c| c.name.accepts(name)) else {
            let known: Vec<String> = cols.iter().map(|c| c.name.typed_form()).collect();
            return Err(format!(
                "unknown column '{name}' (columns: {})",
                known.join(", ")
            ));
        };
        self.sort.column = col;
        self.sort.descending = descending;
        self.rebuild(ctx);
        self.table.move_to(0);
        Ok(())
    }
    fn sort_label(&self) -> String {
        let col = &R::columns()[self.sort.column.min(R::columns().len() - 1)];
        format!("{}{}", col.name.title, self.sort.indicator())
    }
    fn toggle_mark(&mut self) {
        PaneState::toggle_mark(self)
    }
    fn mark_all_visible(&mut self) {
        PaneState::mark_all_visible(self)
    }
    fn mark_range(&mut self) {
        PaneState::mark_range(self)
    }
    fn clear_marks(&mut self) {
        PaneState::clear_marks(self)
    }
    fn unmark(&mut self, ids: &[String]) {
        PaneState::unmark(self, ids)
    }
    fn marks(&self) -> usize {
        self.marks.len()
    }
    fn hidden_marks(&self) -> usize {
        PaneState::hidden_marks(self)
    }
    fn selected_id(&self) -> Option<String> {
        self.table.selected().map(|r| r.key().to_string())
    }
    fn visible_marked_ids(&self) -> Vec<String> {
        PaneState::visible_marked_ids(self)
    }
    fn marked_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.marks.iter().cloned().collect();
        ids.sort();
        ids
    }
    fn detail_of(&self, id: &str, ctx: &Ctx) -> Option<Vec<(&'static str, String)>> {
        self.table.get(id).map(|r| r.detail(ctx))
    }
    fn rebuild(&mut self, ctx: &Ctx) {
        PaneState::rebuild(self, ctx)
    }
    fn noun(&self) -> &'static str {
        R::NOUN
    }
    fn plural(&self) -> &'static str {
        R::PLURAL
    }
    fn filter_names(&self) -> Vec<String> {
        R::columns()
            .iter()
            .map(|c| {
                let typed = c.name.typed_form();
                if typed.eq_ignore_ascii_case(c.name.title) {
                    typed
                } else {
                    format!("{typed} ({})", c.name.title)
                }
            })
            .collect()
    }
    fn export_rows(&self, ctx: &Ctx) -> (Vec<&'static str>, Vec<Vec<CellValue>>) {
        let cols = R::columns();
        let headers = cols.iter().map(|c| c.name.title).collect();
        let rows = (0..self.table.view_len())
            .filter_map(|p| self.table.view_row(p))
            .map(|r| cols.iter().map(|c| c.value(r, ctx)).collect())
            .collect();
        (headers, rows)
    }
}

/// A generic visit of one pane's typed state (drawing needs the row type; `AnyPane` hides it).
pub trait VisitPane {
    type Out;
    fn visit<R: Resource>(self, pane: &PaneState<R>) -> Self::Out;
}

/// Whose outcomes the outcomes pane shows: a job's, or an image update campaign's (its
/// bundles and WorkSpaces, by the campaign's key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomesOf {
    Job(u64),
    Campaign(String),
}

/// Every pane's slot, once: the `Panes` struct, `get`/`get_mut`/`visit` by kind, and the
/// `Rows` a sweep's page carries all come from the pane list (`panes::every_pane!`), swept
/// panes and the others alike.
macro_rules! pane_slots {
    (
        swept: [$($kind:ident => $field:ident: $row:ty),* $(,)?],
        local: [$($lkind:ident => $lfield:ident: $lrow:ty),* $(,)?] $(,)?
    ) => {
        pane_slots!(@all $($kind => $field: $row,)* $($lkind => $lfield: $lrow,)*);
    };
    (@all $($kind:ident => $field:ident: $row:ty,)*) => {
        #[derive(Debug, Default)]
        pub struct Panes {
            $(pub $field: PaneState<$row>,)*
            /// Whose outcomes the outcomes pane shows.
            pub outcomes_of: Option<OutcomesOf>,
            /// The pool whose sessions the sessions pane shows.
            pub sessions_pool: Option<String>,
            /// The fleet (ARN) whose streaming sessions the app sessions pane shows.
            pub sessions_fleet: Option<String>,
        }

        /// One page of rows for one pane.
        #[derive(Debug)]
        pub enum Rows {
            $($kind(Vec<$row>),)*
        }

        impl Rows {
            pub fn pane(&self) -> PaneKind {
                match self {
                    $(Rows::$kind(_) => PaneKind::$kind,)*
                }
            }

            pub fn len(&self) -> usize {
                match self {
                    $(Rows::$kind(v) => v.len(),)*
                }
            }

            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Whether a row is in a transitional state (PENDING, STARTING…).
            pub fn any_changing(&self) -> bool {
                let changing = |c: Option<StateClass>| c == Some(StateClass::Transitional);
                match self {
                    $(Rows::$kind(v) => v.iter().any(|r| changing(Resource::state_class(r))),)*
                }
            }
        }

        impl Panes {
            pub fn get(&self, kind: PaneKind) -> &dyn AnyPane {
                match kind {
                    $(PaneKind::$kind => &self.$field,)*
                }
            }

            pub fn get_mut(&mut self, kind: PaneKind) -> &mut dyn AnyPane {
                match kind {
                    $(PaneKind::$kind => &mut self.$field,)*
                }
            }

            pub fn visit<V: VisitPane>(&self, kind: PaneKind, v: V) -> V::Out {
                match kind {
                    $(PaneKind::$kind => v.visit(&self.$field),)*
                }
            }

            /// Put one page of a Region's sweep into its pane; `last` closes the sweep.
            pub fn take_page(&mut self, rows: Rows, at: Sweep, ctx: &Ctx) {
                match rows {
                    $(Rows::$kind(items) => take(&mut self.$field, at, items, ctx),)*
                }
            }
        }
    };
}

crate::panes::every_pane!(pane_slots);

/// Where a page belongs: which Region's sweep, and whether it is the sweep's last.
#[derive(Debug, Clone, Copy)]
pub struct Sweep<'a> {
    pub region: &'a str,
    pub sweep: u64,
    pub last: bool,
    /// Wall clock (epoch seconds), for when the sweep finished.
    pub now: i64,
}

fn take<R: Resource>(pane: &mut PaneState<R>, at: Sweep, items: Vec<R>, ctx: &Ctx) {
    pane.apply_page(at.region, at.sweep, items);
    if at.last {
        pane.finish_sweep(at.region, at.sweep, at.now);
    }
    pane.rebuild(ctx);
}

impl Panes {
    /// Show the columns the config laid out (`Config::column_layouts`, checked when read).
    pub fn set_layouts(&mut self, layouts: &[(PaneKind, Vec<usize>)]) {
        for (kind, layout) in layouts {
            self.get_mut(*kind).set_layout(layout.clone());
        }
    }

    pub fn region_status(
        &self,
        kind: PaneKind,
    ) -> &std::collections::BTreeMap<String, RefreshStatus> {
        self.get(kind).region_status()
    }
}
