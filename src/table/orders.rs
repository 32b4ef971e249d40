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
use super::sort::{reinsert, reverse_sorted, sort_view, SortKey, SortSpec};

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
    /// To be dropped: the joined data changed in rows not known.
    stale: bool,
}

/// The joined data now, for orders by a live column: its generation, and the rows whose
/// joined data changed after an earlier generation (`None`: not known, any may have).
pub struct JoinedNow<'c> {
    pub generation: u64,
    pub changed_since: &'c dyn Fn(u64) -> Option<Vec<usize>>,
}

/// What an order is sorted by: each row's key and resource ID, and how a whole order is
/// sorted afresh (by default `sort_view` of those keys; a pane may sort faster from cells
/// it keeps, to the same order).
pub trait RowKeys<'a> {
    fn key(&self, row: usize) -> SortKey;
    fn id(&self, row: usize) -> &'a str;
    fn sort(&self, order: &mut [usize], spec: &SortSpec) {
        sort_view(order, |i| self.key(i), spec, |i| self.id(i));
    }
    /// `order`, sorted by these keys one way, sorted the other way (`reverse_sorted`).
    fn reversed(&self, order: &[usize]) -> Vec<usize> {
        let missing = |k: &SortKey| matches!(k, SortKey::Missing);
        reverse_sorted(order, |i| self.key(i), missing, SortKey::same)
    }
}

/// `RowKeys` from two functions.
pub struct ByKey<K, T>(pub K, pub T);

impl<'a, K: Fn(usize) -> SortKey, T: Fn(usize) -> &'a str> RowKeys<'a> for ByKey<K, T> {
    fn key(&self, row: usize) -> SortKey {
        (self.0)(row)
    }
    fn id(&self, row: usize) -> &'a str {
        (self.1)(row)
    }
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
    /// `joined.generation`): the kept one brought up to date, or a fresh sort.
    pub fn show<'a>(
        &mut self,
        spec: SortSpec,
        live: bool,
        joined: &JoinedNow,
        len: usize,
        keys: &impl RowKeys<'a>,
    ) {
        let generation = joined.generation;
        // An order by a live column sorted with other joined data takes in the rows whose
        // joined data changed since (a page of 25 connection states: 25 rows), like rows
        // that changed; when they are not known, or too many, it goes. While the joined
        // data stays, it holds, whichever column is shown in between.
        for k in &mut self.kept {
            let Some(sorted_with) = k.live.filter(|&g| g != generation) else {
                continue;
            };
            match (joined.changed_since)(sorted_with) {
                Some(rows) if k.pending.len() + rows.len() <= REINSERT_MAX => {
                    k.pending.extend(rows);
                    k.live = Some(generation);
                }
                _ => k.stale = true,
            }
        }
        self.drop_where(|k| k.stale);
        let live = live.then_some(generation);
        let found = self.kept.iter().position(|k| k.spec == spec);
        let at = match found {
            Some(at) => {
                self.kept[at].catch_up(keys);
                at
            }
            None => {
                // The same column sorted the other way, with the same joined data, is
                // turned round in one pass; otherwise a fresh sort.
                let opposite = SortSpec {
                    descending: !spec.descending,
                    ..spec
                };
                let other = self.kept.iter_mut().find(|k| {
                    k.spec == opposite && k.live == live && !k.stale && k.order.len() == len
                });
                let order = match other {
                    Some(k) => {
                        k.catch_up(keys);
                        keys.reversed(&k.order)
                    }
                    None => {
                        let mut order: Vec<usize> = (0..len).collect();
                        keys.sort(&mut order, &spec);
                        order
                    }
                };
                self.kept.push(Kept {
                    spec,
                    live,
                    order,
                    pending: vec![],
                    stale: false,
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

impl Kept {
    /// Put the rows noted since in place.
    fn catch_up<'a>(&mut self, keys: &impl RowKeys<'a>) {
        if self.pending.is_empty() {
            return;
        }
        self.pending.sort_unstable();
        self.pending.dedup();
        reinsert(
            &mut self.order,
            &self.pending,
            |i| keys.key(i),
            &self.spec,
            |i| keys.id(i),
        );
        self.pending.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::rows::Changes;

    fn spec(column: usize, descending: bool) -> SortSpec {
        SortSpec { column, descending }
    }

    /// Joined data at `generation`, of which nothing is known to have changed.
    fn unknown(generation: u64) -> JoinedNow<'static> {
        JoinedNow {
            generation,
            changed_since: &|_| None,
        }
    }

    #[test]
    fn a_kept_order_is_reused_and_brought_up_to_date_with_the_rows_changed_since() {
        let ids: Vec<String> = (0..100).map(|i| format!("ws-{i:03}")).collect();
        let mut vals: Vec<u32> = (0..100).map(|i| (i * 37) % 10).collect();
        let mut o = SortOrders::default();
        let by = |v: &Vec<u32>, col: usize, i: usize| {
            SortKey::number(f64::from(if col == 0 { v[i] } else { 100 - i as u32 }))
        };
        let id = |i: usize| ids[i].as_str();
        o.show(
            spec(0, false),
            false,
            &unknown(0),
            100,
            &ByKey(|i| by(&vals, 0, i), id),
        );
        o.show(
            spec(1, false),
            false,
            &unknown(0),
            100,
            &ByKey(|i| by(&vals, 1, i), id),
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
            &unknown(0),
            100,
            &ByKey(|i| by(&vals, 0, i), id),
        );
        let mut fresh: Vec<usize> = (0..100).collect();
        sort_view(&mut fresh, |i| by(&vals, 0, i), &spec(0, false), id);
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
        let keys = ByKey(
            |i: usize| SortKey::number(i as f64),
            |i: usize| ids[i].as_str(),
        );
        let mut o = SortOrders::default();
        o.show(spec(3, false), true, &unknown(7), 1000, &keys);
        o.show(spec(0, false), false, &unknown(7), 1000, &keys);
        assert_eq!(o.kept(), 2, "a live order holds while the joined data does");
        o.show(spec(0, false), false, &unknown(8), 1000, &keys);
        assert_eq!(
            o.kept(),
            1,
            "the live order of generation 7 went: no rows named"
        );
        o.show(spec(1, true), false, &unknown(8), 1000, &keys);
        o.follow(&Changes {
            all: false,
            rows: (0..=REINSERT_MAX).collect(),
            remap: None,
        });
        assert_eq!(o.kept(), 0);
        assert!(o.shown().is_empty());
    }

    /// Issue 30, item 2: an order by a live column (CONN, LAST CONN) follows the rows whose
    /// joined data changed (pages of connection states), shown or not, and is then the
    /// order a full sort gives; rows not named, or too many, drop it.
    #[test]
    fn a_live_order_takes_in_the_rows_whose_joined_data_changed() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
        let n = 3000;
        let ids: Vec<String> = (0..n).map(|i| format!("ws-{i:05}")).collect();
        // The joined value per row (a last connection time), and per generation the rows
        // whose value changed in it.
        let mut joined: Vec<u32> = (0..n).map(|_| rng.random_range(0..50)).collect();
        let mut log: Vec<(u64, Vec<usize>)> = vec![];
        let id = |i: usize| ids[i].as_str();
        let mut o = SortOrders::default();
        let mut generation = 1;
        for round in 0..40 {
            // Shown by turns: the live order, its reverse, and an own column (its key the
            // row's own value, here its index reversed).
            let shown = [spec(4, false), spec(4, true), spec(0, false)][round % 3];
            let own = shown.column == 0;
            let keys = ByKey(
                |i: usize| {
                    SortKey::number(if own {
                        -(i as f64)
                    } else {
                        f64::from(joined[i])
                    })
                },
                id,
            );
            let since = |g: u64| -> Option<Vec<usize>> {
                Some(
                    log.iter()
                        .filter(|(at, _)| *at > g)
                        .flat_map(|(_, r)| r.clone())
                        .collect(),
                )
            };
            let now = JoinedNow {
                generation,
                changed_since: &since,
            };
            o.show(shown, !own, &now, n, &keys);
            let mut fresh: Vec<usize> = (0..n).collect();
            sort_view(&mut fresh, |i| keys.key(i), &shown, id);
            assert!(o.shown() == fresh.as_slice(), "round {round}");
            // A page of 25 connection states: new joined data, its rows named.
            let page: Vec<usize> = (0..25).map(|_| rng.random_range(0..n)).collect();
            for &i in &page {
                joined[i] = rng.random_range(0..50);
            }
            generation += 1;
            log.push((generation, page));
        }
        assert_eq!(o.kept(), 3, "followed, never dropped");
        let keys = ByKey(|i: usize| SortKey::number(f64::from(joined[i])), id);
        o.show(spec(0, false), false, &unknown(generation + 1), n, &keys);
        assert_eq!(
            o.kept(),
            1,
            "joined data changed in rows not named: live orders go"
        );
    }

    /// Issue 30, item 1: the first reverse of a column sorted before is its kept order
    /// turned round, rows noted as changed put in place first: the order a fresh sort the
    /// other way gives (missing values last, equal keys in ID order), without one.
    #[test]
    fn the_first_reverse_turns_the_kept_order_round_without_a_sort() {
        struct Counted<'c, K, T>(ByKey<K, T>, &'c std::cell::Cell<u32>);
        impl<'a, K: Fn(usize) -> SortKey, T: Fn(usize) -> &'a str> RowKeys<'a> for Counted<'_, K, T> {
            fn key(&self, row: usize) -> SortKey {
                self.0.key(row)
            }
            fn id(&self, row: usize) -> &'a str {
                self.0.id(row)
            }
            fn sort(&self, order: &mut [usize], spec: &SortSpec) {
                self.1.set(self.1.get() + 1);
                self.0.sort(order, spec);
            }
        }
        let n = 500;
        let ids: Vec<String> = (0..n)
            .map(|i| format!("ws-{:05}", (i * 37) % 500))
            .collect();
        let id = |i: usize| ids[i].as_str();
        // Ties, missing values (every 7th), both signs.
        let mut vals: Vec<f64> = (0..n).map(|i| ((i * 13) % 9) as f64 - 4.0).collect();
        let value = |v: &Vec<f64>, i: usize| match i % 7 {
            0 => SortKey::Missing,
            _ => SortKey::number(v[i]),
        };
        let sorts = std::cell::Cell::new(0);
        let mut o = SortOrders::default();
        o.show(
            spec(2, false),
            false,
            &unknown(0),
            n,
            &Counted(ByKey(|i| value(&vals, i), id), &sorts),
        );
        assert_eq!(sorts.get(), 1);
        // Rows change while the order is kept: they are put in place before it is turned.
        for i in [1, 2, 250, 499] {
            vals[i] = 9.0;
        }
        o.follow(&Changes {
            all: false,
            rows: vec![1, 2, 250, 499],
            remap: None,
        });
        for descending in [true, false] {
            let keys = Counted(ByKey(|i| value(&vals, i), id), &sorts);
            o.show(spec(2, descending), false, &unknown(0), n, &keys);
            let mut fresh: Vec<usize> = (0..n).collect();
            sort_view(&mut fresh, |i| value(&vals, i), &spec(2, descending), id);
            assert_eq!(o.shown(), fresh.as_slice(), "descending {descending}");
        }
        assert_eq!(sorts.get(), 1, "no second sort");
        assert_eq!(o.kept(), 2);
    }
}
