//! The sorted orders a pane keeps: the one it shows, and each one it showed before, so
//! sorting by a column again costs the rows that changed since, not a sort of all of them.
//!
//! A kept order follows the table lazily: rows that left are mapped out at once (the rest
//! keep their relative order), rows inserted or changed are only noted, and put back in
//! place by binary search when the order is shown again. An order with too much to redo
//! (a cold load, a re-indexed table) is dropped and sorted afresh when next asked for. An
//! order by a live column (`Column::live`: joined data, the clock) is good only for the
//! joined data it was sorted with.
//!
//! Memory: one index per row per kept order (400 KB at 50,000 rows); at most two orders
//! per column (both directions).

use super::rows::{Changes, GONE};
use super::sort::{reinsert, sort_view, SortKey, SortSpec};

/// Up to this many rows noted as changed are put in place one by one; more, and a full
/// sort is cheaper.
pub const REINSERT_MAX: usize = 256;

#[derive(Debug, Default)]
pub struct SortOrders {
    kept: Vec<Kept>,
    /// Which of `kept` is shown.
    shown: Option<usize>,
}

#[derive(Debug)]
struct Kept {
    spec: SortSpec,
    /// The joined data's generation, for an order by a live column.
    live: Option<u64>,
    order: Vec<usize>,
    /// Rows inserted or changed since the order was last brought up to date.
    pending: Vec<usize>,
}

impl SortOrders {
    /// Follow the table's changes (see the module comment).
    pub fn follow(&mut self, changes: &Changes) {
        if changes.all {
            self.forget();
            return;
        }
        for k in &mut self.kept {
            if let Some(map) = &changes.remap {
                let moved = |v: &[usize]| -> Vec<usize> {
                    v.iter().map(|&i| map[i]).filter(|&i| i != GONE).collect()
                };
                k.order = moved(&k.order);
                k.pending = moved(&k.pending);
            }
            k.pending.extend_from_slice(&changes.rows);
            if k.pending.len() > REINSERT_MAX {
                k.pending.sort_unstable();
                k.pending.dedup();
            }
        }
        self.drop_where(|k| k.pending.len() > REINSERT_MAX);
    }

    /// Forget every kept order (the table's indices changed meaning).
    pub fn forget(&mut self) {
        self.kept.clear();
        self.shown = None;
    }

    /// Show the order of `len` rows for `spec` (`live`: its column shows joined data, now at
    /// `generation`): the kept one brought up to date, or a fresh sort.
    pub fn show<'a>(
        &mut self,
        spec: SortSpec,
        live: bool,
        generation: u64,
        len: usize,
        key: impl Fn(usize) -> SortKey,
        tiebreak: impl Fn(usize) -> &'a str,
    ) {
        // Orders by a live column sorted with other joined data no longer hold; while the
        // joined data stays, they do, whichever column is shown in between.
        self.drop_where(|k| k.live.is_some_and(|g| g != generation));
        let live = live.then_some(generation);
        let found = self.kept.iter().position(|k| k.spec == spec);
        let at = match found {
            Some(at) => {
                let k = &mut self.kept[at];
                if !k.pending.is_empty() {
                    k.pending.sort_unstable();
                    k.pending.dedup();
                    reinsert(&mut k.order, &k.pending, key, &spec, tiebreak);
                    k.pending.clear();
                }
                at
            }
            None => {
                let mut order: Vec<usize> = (0..len).collect();
                sort_view(&mut order, key, &spec, tiebreak);
                self.kept.push(Kept {
                    spec,
                    live,
                    order,
                    pending: vec![],
                });
                self.kept.len() - 1
            }
        };
        self.shown = Some(at);
    }

    /// The order shown (empty before the first `show`).
    pub fn shown(&self) -> &[usize] {
        self.shown.map_or(&[], |at| &self.kept[at].order)
    }

    /// How many orders are kept.
    #[cfg(test)]
    pub fn kept(&self) -> usize {
        self.kept.len()
    }

    fn drop_where(&mut self, gone: impl Fn(&Kept) -> bool) {
        let shown_spec = self.shown.map(|at| self.kept[at].spec);
        self.kept.retain(|k| !gone(k));
        self.shown = shown_spec.and_then(|s| self.kept.iter().position(|k| k.spec == s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::rows::Changes;

    fn spec(column: usize, descending: bool) -> SortSpec {
        SortSpec { column, descending }
    }

    #[test]
    fn a_kept_order_is_reused_and_brought_up_to_date_with_the_rows_changed_since() {
        let ids: Vec<String> = (0..100).map(|i| format!("ws-{i:03}")).collect();
        let mut vals: Vec<u32> = (0..100).map(|i| (i * 37) % 10).collect();
        let mut o = SortOrders::default();
        let by = |v: &Vec<u32>, col: usize, i: usize| {
            SortKey::number(f64::from(if col == 0 { v[i] } else { 100 - i as u32 }))
        };
        o.show(
            spec(0, false),
            false,
            0,
            100,
            |i| by(&vals, 0, i),
            |i| &ids[i],
        );
        o.show(
            spec(1, false),
            false,
            0,
            100,
            |i| by(&vals, 1, i),
            |i| &ids[i],
        );
        assert_eq!(o.kept(), 2);
        // Three rows change while column 1 is shown; column 0's order only notes them.
        for i in [3, 50, 99] {
            vals[i] = 11;
        }
        o.follow(&Changes {
            all: false,
            rows: vec![3, 50, 99],
            remap: None,
        });
        o.show(
            spec(0, false),
            false,
            0,
            100,
            |i| by(&vals, 0, i),
            |i| &ids[i],
        );
        let mut fresh: Vec<usize> = (0..100).collect();
        sort_view(
            &mut fresh,
            |i| by(&vals, 0, i),
            &spec(0, false),
            |i| &ids[i],
        );
        assert_eq!(o.shown(), fresh.as_slice());
        // Re-indexed table: everything is forgotten.
        o.follow(&Changes {
            all: true,
            ..Default::default()
        });
        assert_eq!(o.kept(), 0);
    }

    #[test]
    fn live_orders_hold_for_one_generation_and_too_many_changes_drop_an_order() {
        let ids: Vec<String> = (0..1000).map(|i| format!("ws-{i:04}")).collect();
        let key = |i: usize| SortKey::number(i as f64);
        let mut o = SortOrders::default();
        o.show(spec(3, false), true, 7, 1000, key, |i| &ids[i]);
        o.show(spec(0, false), false, 7, 1000, key, |i| &ids[i]);
        assert_eq!(o.kept(), 2, "a live order holds while the joined data does");
        o.show(spec(0, false), false, 8, 1000, key, |i| &ids[i]);
        assert_eq!(o.kept(), 1, "the live order of generation 7 went");
        o.show(spec(1, true), false, 8, 1000, key, |i| &ids[i]);
        o.follow(&Changes {
            all: false,
            rows: (0..=REINSERT_MAX).collect(),
            remap: None,
        });
        assert_eq!(o.kept(), 0);
        assert!(o.shown().is_empty());
    }
}
