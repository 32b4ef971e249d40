//! One pane's state: its table plus everything the user does to it (filter, sort, marks) and
//! what the background refresh reported. Generic over the resource, so every pane behaves
//! the same way.

use super::acted_on::ActedOn;
use super::refresh::RefreshStatus;
use crate::domain::ServiceError;
use crate::table::cell_sort::ColumnKeys;
use crate::table::filter::{last_token_start, Filter, Terms};
use crate::table::haystacks::Haystacks;
use crate::table::orders::{JoinedNow, SortOrders};
use crate::table::resource::{column_names, Ctx, Resource};
use crate::table::rows::{Changes, ResourceTable};
use crate::table::sort::SortSpec;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug)]
pub struct PaneState<R> {
    pub table: ResourceTable<R>,
    /// All Regions' refreshes summed up, for drawing (see `RefreshStatus::summary`).
    pub refresh: RefreshStatus,
    /// Each Region's refresh: a failing Region's rows stay, stale, beside the others'.
    pub regions: BTreeMap<String, RefreshStatus>,
    /// The text of the filter in force (the last one that parsed).
    pub filter_text: String,
    /// What the title says instead of the registry's title, for a drill-down that shows one
    /// parent's rows ("Sessions of pool-…", "Outcomes of job 3"); set when it opens.
    pub heading: Option<String>,
    filter: Filter,
    /// The terms of text typed into the prompt, when `filter` is not compiled from them yet:
    /// each token compiled when typed (`type_filter`), the whole only when a rebuild needs
    /// it, so a keystroke never compiles every regex typed before.
    pending: Option<Terms>,
    pub sort: SortSpec,
    /// Marked resource IDs; kept across refreshes, sorts and filters.
    pub marks: HashSet<String>,
    /// Changes with every change of `marks` (numbers from one process-wide counter, so the
    /// later change of two panes has the larger number).
    pub marks_version: u64,
    /// Where the last mark was toggled, the anchor of a range mark.
    mark_anchor: Option<String>,
    /// Resources whose state changed, with the sweep that saw it (highlighted until the
    /// following sweep ends).
    pub changed: HashMap<String, u64>,
    /// The columns shown and their order (config `[columns]`); `None`: all, as declared.
    pub layout: Option<Vec<usize>>,
    /// Every row in sort order, before filtering, for the sort shown and the sorts shown
    /// before: a filter keystroke, a page of 25 rows or sorting by a column again then
    /// costs a pass over the rows, not a sort of all of them.
    orders: SortOrders,
    /// What plain filter words search, per row.
    haystacks: Haystacks,
    /// While the filter prompt is typed into: the rows that pass all but the token being
    /// typed (`type_filter`).
    typed: Option<TypedHead>,
    /// The joined-data generation (`Ctx::generation`) the view was last found for.
    view_for: u64,
    /// Rows an action is working on: shown whatever the filter, until they settle.
    pub acted: ActedOn,
    /// Each column's widest cell over the rows held, for drawing.
    pub widths: super::column_widths::ColumnWidths,
}

/// The rows, in display order, shown and kept by the filter of `text`: the typed filter's
/// text before its last token. A key that changes only the last token then tests only it,
/// whatever was typed before (issue 24, item 9). Good while the view is (see
/// `follow_typing`); any other rebuild drops it.
#[derive(Debug)]
struct TypedHead {
    /// Empty, or ending in the whitespace before a token.
    text: String,
    reveal: bool,
    rows: Vec<usize>,
}

/// Rows that pass a typed filter's tokens before its last, and whether every row was tested
/// for them; or why a token does not compile.
type HeadRows = Result<(Vec<usize>, bool), String>;

/// Below this many rows a full sort is always cheap enough: nothing is kept.
const SMALL_TABLE: usize = 2048;

impl<R: Resource> Default for PaneState<R> {
    fn default() -> Self {
        Self {
            table: ResourceTable::default(),
            refresh: RefreshStatus::default(),
            regions: BTreeMap::new(),
            filter_text: String::new(),
            heading: None,
            filter: Filter::default(),
            pending: None,
            sort: SortSpec {
                column: 0,
                descending: false,
            },
            marks: HashSet::new(),
            marks_version: 0,
            mark_anchor: None,
            changed: HashMap::new(),
            layout: None,
            orders: SortOrders::default(),
            haystacks: Haystacks::default(),
            typed: None,
            view_for: 0,
            acted: ActedOn::default(),
            widths: Default::default(),
        }
    }
}

/// Whether a filter's text shows the rows hidden by default (`Resource::REVEAL`).
fn reveals<R: Resource>(text: &str) -> bool {
    !R::REVEAL.is_empty() && text.to_lowercase().contains(R::REVEAL)
}

/// The value of tag `key` on resource `id` as a filter cell: `NO_TAG` when it has no such
/// tag or its tags are not fetched yet.
fn tag_cell(ctx: &Ctx, id: &str, key: &str) -> String {
    ctx.tags
        .get(id)
        .and_then(|tags| tags.iter().find(|t| t.key == key))
        .map_or_else(
            || crate::table::filter::NO_TAG.to_string(),
            |t| t.value.clone(),
        )
}

impl<R: Resource> PaneState<R> {
    /// Take one page of `region`'s sweep `sweep`; notes rows whose state changed.
    pub fn apply_page(&mut self, region: &str, sweep: u64, items: Vec<R>) {
        let status = self.regions.entry(region.to_string()).or_default();
        status.take_page(sweep, items.len());
        self.note_changes(&items, sweep);
        self.table.upsert(sweep, items);
        self.summarise();
    }

    fn note_changes(&mut self, items: &[R], sweep: u64) {
        for item in items {
            if let Some(old) = self.table.get(item.key()) {
                if old.state_text() != item.state_text() {
                    self.changed.insert(item.key().to_string(), sweep);
                }
            }
        }
    }

    /// Rows from the warm-start cache: shown as cached (stale) until `region`'s first sweep
    /// finishes, which drops any it does not see.
    pub fn apply_cached(&mut self, region: &str, saved_at: i64, items: Vec<R>) {
        if self
            .regions
            .get(region)
            .is_some_and(|s| s.last_ok.is_some())
        {
            // The Region's first sweep finished before the cache was read: nothing to add.
            return;
        }
        let held = items.len();
        // A sweep under way may have brought some rows already: those are newer.
        let table = &self.table;
        let items: Vec<R> = items
            .into_iter()
            .filter(|r| table.get(r.key()).is_none())
            .collect();
        self.table.upsert(0, items);
        let status = self.regions.entry(region.to_string()).or_default();
        status.cached_at = Some(saved_at);
        status.last_ok = Some(saved_at);
        status.expected = Some(held);
        self.summarise();
    }

    /// Insert or replace rows outside a sweep (a job's progress, a re-read of WorkSpaces an
    /// action touched); `gone` are IDs known to have disappeared.
    pub fn apply_rows(&mut self, items: Vec<R>, gone: &[String]) {
        let sweep = self.refresh.sweep;
        self.note_changes(&items, sweep);
        self.table.upsert(sweep, items);
        if !gone.is_empty() {
            self.table.remove(gone);
            for id in gone {
                self.marks.remove(id);
            }
        }
    }

    /// `region`'s sweep ended with its last page: drop that Region's rows it did not see, and
    /// marks on them.
    pub fn finish_sweep(&mut self, region: &str, sweep: u64, now: i64) {
        for id in self.table.end_sweep(region, sweep) {
            self.marks.remove(&id);
            self.changed.remove(&id);
        }
        let status = self.regions.entry(region.to_string()).or_default();
        // A change stays highlighted through the sweep after the one that saw it.
        let previous = status.previous_sweep;
        let table = &self.table;
        self.changed.retain(|id, seen| {
            *seen >= previous || table.get(id).is_some_and(|r| r.region() != region)
        });
        let held = self.table.rows().iter().filter(|r| r.region() == region);
        let held = held.count();
        let status = self.regions.entry(region.to_string()).or_default();
        status.expected = Some(held);
        status.previous_sweep = sweep;
        status.sweep = sweep;
        status.in_progress = false;
        status.last_ok = Some(now);
        status.error = None;
        status.cached_at = None;
        self.summarise();
    }

    pub fn fail_sweep(&mut self, region: &str, sweep: u64, error: ServiceError) {
        let status = self.regions.entry(region.to_string()).or_default();
        status.sweep = sweep;
        status.in_progress = false;
        status.error = Some(error);
        self.summarise();
    }

    /// A Region left the view: its rows, marks and status go.
    pub fn forget_region(&mut self, region: &str) {
        let gone: Vec<String> = self
            .table
            .rows()
            .iter()
            .filter(|r| r.region() == region)
            .map(|r| r.key().to_string())
            .collect();
        self.apply_rows(vec![], &gone);
        for id in &gone {
            self.changed.remove(id);
        }
        self.regions.remove(region);
        self.summarise();
    }

    /// Everything from another account goes (a profile switch); filter and sort stay.
    pub fn clear_rows(&mut self) {
        self.table = ResourceTable::default();
        self.regions.clear();
        self.marks.clear();
        self.mark_anchor = None;
        self.changed.clear();
        self.summarise();
    }

    /// Whether `region`'s last sweep failed, so its rows are stale.
    pub fn region_is_stale(&self, region: &str) -> bool {
        self.regions.get(region).is_some_and(|s| s.is_stale())
    }

    fn summarise(&mut self) {
        self.refresh = RefreshStatus::summary(&self.regions);
    }

    /// How many sorted orders the pane keeps (for tests).
    #[cfg(test)]
    pub fn orders_kept(&self) -> usize {
        self.orders.kept()
    }

    /// How many tag keys the filter in force names.
    pub fn filter_tags(&self) -> usize {
        self.terms().tags().len()
    }

    /// The terms of the filter in force, compiled or not yet.
    fn terms(&self) -> &Terms {
        self.pending.as_ref().unwrap_or(self.filter.terms())
    }

    /// Parse and apply a filter; on error the filter in force stays and the message returns.
    pub fn set_filter(&mut self, text: &str, ctx: &Ctx) -> Result<(), String> {
        let filter = Filter::parse(text, &column_names::<R>()).map_err(|e| e.to_string())?;
        self.apply_filter(filter, text, ctx);
        Ok(())
    }

    /// As [`PaneState::set_filter`], for a prompt being typed into, at a cost that does not
    /// grow with what was typed before (issue 24, item 9): text that means the filter in
    /// force (a space typed, a word repeated) filters nothing again, and otherwise only the
    /// rows that pass the tokens before the last (`TypedHead`) are tested, against it.
    pub fn type_filter(&mut self, text: &str, ctx: &Ctx) -> Result<(), String> {
        let names = column_names::<R>();
        let terms = Terms::parse(text, &names).map_err(|e| e.to_string())?;
        let reveal = reveals::<R>(text);
        let same = terms == *self.terms() && reveal == reveals::<R>(&self.filter_text);
        let current = self.follow_typing(ctx);
        if same && current {
            self.filter_text = text.trim().to_string();
            return Ok(());
        }
        // The token being typed, and those before it, each compiled on its own: a bad regex
        // is refused here, and the filter in force stays.
        let split = last_token_start(text);
        let last = Filter::parse(&text[split..], &names).map_err(|e| e.to_string())?;
        let (rows, from_all) = self.head_rows(&text[..split], reveal, ctx)?;
        // A paste of `a a a …` tests its one word once, not again for its last token.
        let head_terms = from_all.then(|| Terms::parse(&text[..split], &names));
        let view = match head_terms {
            Some(Ok(head)) if head == terms => rows.clone(),
            _ => {
                self.keep_cells(&last, ctx);
                self.kept(&last, rows.iter().copied(), reveal, ctx)
            }
        };
        if !same {
            self.pending = Some(terms);
        }
        self.filter_text = text.trim().to_string();
        self.typed = Some(TypedHead {
            text: text[..split].to_string(),
            reveal,
            rows,
        });
        self.table.set_view(view);
        self.view_for = ctx.generation;
        Ok(())
    }

    /// Bring the haystacks and the order up to date for a typed filter. True when the view
    /// is still what the rows give: none changed, nor the joined data, nor a row's text
    /// from the clock ("5m ago"); else what was kept for the text typed before goes too.
    fn follow_typing(&mut self, ctx: &Ctx) -> bool {
        // At 50,000 rows some row's "3d ago" turns every few seconds: that matters only to
        // terms that read such a (live) column.
        let live = |c: usize| R::columns()[c].live;
        let clock = self.haystacks.clock_due(ctx.now) && self.terms().reads(live);
        let changed = self.follow_changes(ctx);
        self.haystacks.prepare(self.table.rows(), ctx);
        let current = !clock && !changed && self.view_for == ctx.generation;
        if !current {
            self.typed = None;
        }
        current
    }

    /// The rows that pass the filter of `text` (typed text before its last token): those
    /// kept for the text typed before when `text` is that text or goes on from it, tested
    /// against what was typed since; else every row, tested against all of `text` (then
    /// the second value is true).
    fn head_rows(&mut self, text: &str, reveal: bool, ctx: &Ctx) -> HeadRows {
        let parse = |t: &str| Filter::parse(t, &column_names::<R>()).map_err(|e| e.to_string());
        let kept = (self.typed.take()).filter(|t| t.reveal == reveal && text.starts_with(&t.text));
        let Some(kept) = kept else {
            let head = parse(text)?;
            self.keep_cells(&head, ctx);
            let all = self.orders.shown().iter().copied();
            return Ok((self.kept(&head, all, reveal, ctx), true));
        };
        if kept.text == text {
            return Ok((kept.rows, false));
        }
        // The tokens typed since: `kept.text` ends where a token starts.
        let more = parse(&text[kept.text.len()..])?;
        self.keep_cells(&more, ctx);
        Ok((self.kept(&more, kept.rows.into_iter(), reveal, ctx), false))
    }

    fn apply_filter(&mut self, filter: Filter, text: &str, ctx: &Ctx) {
        self.filter = filter;
        self.pending = None;
        self.filter_text = text.trim().to_string();
        self.rebuild(ctx);
    }

    /// Recompute which rows show and in what order.
    pub fn rebuild(&mut self, ctx: &Ctx) {
        self.typed = None;
        self.compile_pending();
        self.follow_changes(ctx);
        let reveal = reveals::<R>(&self.filter_text);
        if !self.filter.is_empty() {
            self.haystacks.prepare(self.table.rows(), ctx);
            let columns = self.filter.cell_columns();
            self.haystacks.keep_cells(self.table.rows(), ctx, columns);
        }
        let view = self.kept(
            &self.filter,
            self.orders.shown().iter().copied(),
            reveal,
            ctx,
        );
        self.table.set_view(view);
        self.view_for = ctx.generation;
    }

    /// Compile the terms typed into the prompt, for a rebuild that tests every row. Each of
    /// their tokens compiled alone when typed; should the whole not (a regex set past the
    /// crate's size limit), the filter compiled before stays in force.
    fn compile_pending(&mut self) {
        if let Some(Ok(filter)) = self.pending.take().map(|t| t.compile()) {
            self.filter = filter;
        }
    }

    /// Bring the haystacks and the kept order up to date with the table's changes; true if
    /// there were any.
    fn follow_changes(&mut self, ctx: &Ctx) -> bool {
        let changes = self.table.take_changes();
        let table = &self.table;
        self.haystacks
            .update(table.rows(), &changes, ctx, |id| table.position(id));
        self.widths
            .follow(table.rows(), &changes, ctx, |id| table.position(id));
        self.update_order(&changes, ctx);
        changes.any()
    }

    /// The rows of `candidates` (indices, in display order) that the pane shows and
    /// `filter` keeps; the haystacks are up to date unless the filter is empty.
    fn kept(
        &self,
        filter: &Filter,
        candidates: impl Iterator<Item = usize>,
        reveal: bool,
        ctx: &Ctx,
    ) -> Vec<usize> {
        let rows = self.table.rows();
        let shown = |i: usize| reveal || rows[i].shown_by_default();
        // Rows an action is working on stay, whatever the filter (issue 26).
        let acted = |i: usize| self.acted.contains(rows[i].key());
        if filter.is_empty() {
            return candidates.filter(|&i| shown(i) || acted(i)).collect();
        }
        let (cols, hay) = (R::columns(), &self.haystacks);
        // Cells past the columns are the tags the filter names (`tag.KEY…`).
        let cell = |i: usize, c: usize| match cols.get(c) {
            Some(col) => match hay.cell(c, i) {
                Some(kept) => Cow::Borrowed(kept),
                None => Cow::Owned((col.text)(&rows[i], ctx)),
            },
            None => Cow::Owned(tag_cell(ctx, rows[i].key(), &filter.tags()[c - cols.len()])),
        };
        let keep = |&i: &usize| {
            shown(i) && filter.matches_cached(hay.own(i), hay.live(i), |c| cell(i, c)) || acted(i)
        };
        candidates.filter(keep).collect()
    }

    /// Keep the shown cells the column terms of `filter` read (see `column_cells`).
    fn keep_cells(&mut self, filter: &Filter, ctx: &Ctx) {
        let columns = filter.cell_columns();
        self.haystacks.keep_cells(self.table.rows(), ctx, columns);
    }

    /// Build what filter words search now (the filter prompt opened), so the first
    /// keystroke does not wait for it.
    pub fn prepare_filter(&mut self, ctx: &Ctx) {
        self.haystacks.prepare(self.table.rows(), ctx);
    }

    /// Bring the shown order up to date: the kept order for this sort (and, for a joined
    /// column, this joined data) with the changed rows put back in place, or a fresh sort.
    fn update_order(&mut self, changes: &Changes, ctx: &Ctx) {
        let cols = R::columns();
        let spec = self.sort;
        let col = &cols[spec.column.min(cols.len() - 1)];
        let rows = self.table.rows();
        if rows.len() < SMALL_TABLE {
            self.orders.forget();
        } else {
            self.orders.follow(changes);
        }
        let table = &self.table;
        let changed_since = |since| ctx.touched.rows_since(since, |id| table.position(id));
        let joined = JoinedNow {
            generation: ctx.generation,
            changed_since: &changed_since,
        };
        let keys = ColumnKeys {
            rows,
            column: col,
            ctx,
            cells: self.haystacks.all_cells(spec.column, rows.len()),
        };
        self.orders.show(spec, col.live, &joined, rows.len(), &keys);
    }
}

#[path = "pane_marks.rs"]
mod marks;

#[path = "pane_words.rs"]
mod words;

#[cfg(test)]
#[path = "pane_tests.rs"]
mod pane_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{ctx_of, Joined};
    use crate::domain::{Workspace, WorkspaceState};

    fn ws(id: &str, user: &str, state: WorkspaceState) -> Workspace {
        Workspace {
            id: id.into(),
            user_name: user.into(),
            state,
            ..Default::default()
        }
    }

    fn fleet() -> Vec<Workspace> {
        vec![
            ws("ws-aaaaaaaa1", "zoe", WorkspaceState::Available),
            ws("ws-aaaaaaaa2", "yan", WorkspaceState::Stopped),
            ws("ws-aaaaaaaa3", "xia", WorkspaceState::Unhealthy),
            ws("ws-aaaaaaaa4", "wil", WorkspaceState::Stopped),
        ]
    }

    fn pane(joined: &Joined) -> PaneState<Workspace> {
        let mut p = PaneState::default();
        p.apply_page("", 1, fleet());
        p.finish_sweep("", 1, 0);
        p.rebuild(&ctx_of(joined, 0, 30));
        p
    }

    fn ids(p: &PaneState<Workspace>) -> Vec<String> {
        (0..p.table.view_len())
            .map(|i| p.table.view_row(i).unwrap().id.clone())
            .collect()
    }

    #[test]
    fn marks_survive_refresh_sort_and_filter() {
        let j = Joined::default();
        let ctx = ctx_of(&j, 0, 30);
        let mut p = pane(&j);
        p.table.move_to(1);
        p.toggle_mark();
        p.table.move_to(3);
        p.toggle_mark();
        assert_eq!(p.marks.len(), 2);
        // Sort by user: marks follow IDs, not positions.
        p.sort.column = 1;
        p.rebuild(&ctx);
        assert!(p.is_marked("ws-aaaaaaaa2") && p.is_marked("ws-aaaaaaaa4"));
        // A filter hides one marked row; it stays marked and is counted as hidden.
        p.set_filter("user=yan", &ctx).unwrap();
        assert_eq!(ids(&p), vec!["ws-aaaaaaaa2"]);
        assert_eq!(p.hidden_marks(), 1);
        // A refresh with the same rows keeps marks.
        p.apply_page("", 2, fleet());
        p.finish_sweep("", 2, 0);
        p.rebuild(&ctx);
        assert_eq!(p.marks.len(), 2);
    }

    #[test]
    fn terminated_rows_leave_the_table_and_the_marks() {
        let j = Joined::default();
        let mut p = pane(&j);
        p.toggle_mark(); // ws-aaaaaaaa1
        let mut rest = fleet();
        rest.remove(0);
        p.apply_page("", 2, rest);
        p.finish_sweep("", 2, 0);
        p.rebuild(&ctx_of(&j, 0, 30));
        assert!(p.marks.is_empty());
        assert_eq!(p.table.len(), 3);
    }

    #[test]
    fn mark_all_marks_only_what_the_filter_shows_and_range_marks_between() {
        let j = Joined::default();
        let ctx = ctx_of(&j, 0, 30);
        let mut p = pane(&j);
        p.set_filter("state=stopped", &ctx).unwrap();
        p.mark_all_visible();
        assert_eq!(p.marks.len(), 2);
        p.clear_marks();
        p.set_filter("", &ctx).unwrap();
        p.table.move_to(0);
        p.toggle_mark();
        p.table.move_to(2);
        p.mark_range();
        assert_eq!(p.marks.len(), 3);
    }

    #[test]
    fn a_bad_filter_keeps_the_last_good_one() {
        let j = Joined::default();
        let ctx = ctx_of(&j, 0, 30);
        let mut p = pane(&j);
        p.set_filter("state=stopped", &ctx).unwrap();
        let err = p.set_filter("user~[", &ctx).unwrap_err();
        assert!(err.contains("bad regex"), "{err}");
        assert_eq!(p.filter_text, "state=stopped");
        assert_eq!(p.table.view_len(), 2);
    }

    #[test]
    fn state_changes_are_noted_for_highlighting_then_expire() {
        let j = Joined::default();
        let mut p = pane(&j);
        let mut next = fleet();
        next[0].state = WorkspaceState::Rebooting;
        p.apply_page("", 2, next.clone());
        p.finish_sweep("", 2, 0);
        assert!(p.changed.contains_key("ws-aaaaaaaa1"));
        p.apply_page("", 3, next.clone());
        p.finish_sweep("", 3, 0);
        p.apply_page("", 4, next);
        p.finish_sweep("", 4, 0);
        assert!(!p.changed.contains_key("ws-aaaaaaaa1"));
    }
}
