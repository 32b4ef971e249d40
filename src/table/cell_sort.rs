//! The first sort of a text column from its kept cells (issue 30, item 1).
//!
//! Sorting by a column whose key is its text (`Column::sort` is `None`) used to format
//! every row's cell, lowercase it into a new `String`, then sort: at 50,000 rows the keys
//! alone took ~9 ms, more than the whole sort should. The WorkSpaces pane now keeps the
//! shown cells of those columns as rows arrive (`column_cells`, built ahead with the filter's
//! haystacks), so the first sort borrows them: no formatting, no allocation for an ASCII
//! cell (case is folded as the bytes are compared), and the text sits in one contiguous
//! buffer instead of being fetched from rows scattered over the heap.
//!
//! Sorting them is `chunk_sort`'s: each cell encoded once so that its bytes order naturally,
//! rows sorted by integers only (the comparator of `SortKey` compared cells sharing long
//! prefixes byte by byte, 15–20 ms a column). The first reverse of a column sorted before
//! turns its kept order round (`reverse_by_cells`), no sort at all.
//!
//! The order is exactly `sort_view`'s with `SortKey::text` / `SortKey::id` of the same cells
//! (`cell_sorting_equals_sorting_by_keys`, `reversing_a_sorted_order_equals_sorting_the_other_way`).

use super::chunk_sort::{encode_natural, sort_encoded, Encoded};
use super::orders::RowKeys;
use super::resource::{Column, Ctx, Resource};
use super::sort::{natural_bytes, reverse_sorted, sort_view, SortKey, SortSpec};
use super::texts::Texts;
use std::borrow::Cow;
use std::cmp::Ordering;

/// A cell's sort key, borrowed where it can be. Texts compare as `SortKey::Text` does
/// (natural, ASCII case folded byte by byte); a non-ASCII text is lowercased into its own
/// string first, as `SortKey::text` does.
enum CellKey<'a> {
    Text(Cow<'a, str>),
    Id(&'a str),
    Missing,
}

impl<'a> CellKey<'a> {
    fn of(cell: &'a str, opaque: bool) -> CellKey<'a> {
        let t = cell.trim();
        match (t.is_empty(), opaque) {
            (true, _) => CellKey::Missing,
            (false, true) => CellKey::Id(t),
            (false, false) if t.is_ascii() => CellKey::Text(Cow::Borrowed(t)),
            (false, false) => CellKey::Text(Cow::Owned(t.to_lowercase())),
        }
    }

    /// `SortKey::compare` of the same keys. A column is all texts or all IDs.
    fn compare(&self, other: &CellKey, descending: bool) -> Ordering {
        use CellKey::{Id, Missing, Text};
        let ord = match (self, other) {
            (Missing, Missing) => return Ordering::Equal,
            (Missing, _) => return Ordering::Greater,
            (_, Missing) => return Ordering::Less,
            // Equal text is common (states, modes, directories): one pass settles it.
            (Text(a), Text(b)) if a.eq_ignore_ascii_case(b) => Ordering::Equal,
            // Lowercases ASCII as it compares: the same as comparing the lowercased texts.
            (Text(a), Text(b)) => natural_bytes(a.as_bytes(), b.as_bytes()),
            (Id(a), Id(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Text(_), Id(_)) => Ordering::Less,
            (Id(_), Text(_)) => Ordering::Greater,
        };
        if descending {
            ord.reverse()
        } else {
            ord
        }
    }
}

/// `sort_view` of `view` by the cells of a text column (`opaque`: an identifier, compared
/// bytewise), then by `tiebreak` (the resource ID): each cell encoded once, then sorted by
/// integers (`chunk_sort`).
pub fn sort_by_cells<'a>(
    view: &mut [usize],
    cell: impl Fn(usize) -> &'a str,
    opaque: bool,
    spec: &SortSpec,
    tiebreak: impl Fn(usize) -> &'a str,
) {
    let rows = view.iter().max().map_or(0, |&m| m + 1);
    let mut keys = Encoded::new(rows);
    let mut fits = true;
    for &row in view.iter() {
        match CellKey::of(cell(row), opaque) {
            CellKey::Missing => keys.push(row, 255, |_| {}),
            CellKey::Id(t) => keys.push(row, 3, |out| out.extend_from_slice(t.as_bytes())),
            CellKey::Text(t) => keys.push(row, 2, |out| fits &= encode_natural(t.as_bytes(), out)),
        }
    }
    if fits {
        sort_encoded(view, &keys, spec.descending, tiebreak);
    } else {
        // A digit run of over 254 digits: compared as `SortKey` compares it.
        let key = |i: usize| match opaque {
            true => SortKey::id(cell(i)),
            false => SortKey::text(cell(i)),
        };
        sort_view(view, key, spec, tiebreak);
    }
}

/// `reverse_sorted` by the cells of a text column.
pub fn reverse_by_cells<'a>(
    order: &[usize],
    cell: impl Fn(usize) -> &'a str,
    opaque: bool,
) -> Vec<usize> {
    let key = |i: usize| CellKey::of(cell(i), opaque);
    let missing = |k: &CellKey| matches!(k, CellKey::Missing);
    let same = |a: &CellKey, b: &CellKey| a.compare(b, false) == Ordering::Equal;
    reverse_sorted(order, key, missing, same)
}

/// A pane's rows sorted by one column: its keys, and its kept cells when it has them for
/// every row (a fresh sort then reads those).
pub struct ColumnKeys<'c, R: 'static> {
    pub rows: &'c [R],
    pub column: &'c Column<R>,
    pub ctx: &'c Ctx<'c>,
    pub cells: Option<&'c Texts>,
}

impl<'c, R: Resource> RowKeys<'c> for ColumnKeys<'c, R> {
    fn key(&self, row: usize) -> SortKey {
        self.column.sort_key(&self.rows[row], self.ctx)
    }

    fn id(&self, row: usize) -> &'c str {
        self.rows[row].key()
    }

    fn sort(&self, order: &mut [usize], spec: &SortSpec) {
        match self.text_cells() {
            Some(cells) => {
                let cell = |i: usize| cells.get(i).unwrap_or("");
                sort_by_cells(order, cell, self.column.opaque, spec, |i| self.id(i));
            }
            None => sort_view(order, |i| self.key(i), spec, |i| self.id(i)),
        }
    }

    fn reversed(&self, order: &[usize]) -> Vec<usize> {
        match self.text_cells() {
            Some(cells) => {
                let cell = |i: usize| cells.get(i).unwrap_or("");
                reverse_by_cells(order, cell, self.column.opaque)
            }
            None => {
                let missing = |k: &SortKey| matches!(k, SortKey::Missing);
                reverse_sorted(order, |i| self.key(i), missing, SortKey::same)
            }
        }
    }
}

impl<'c, R: Resource> ColumnKeys<'c, R> {
    /// The kept cells, when the column is keyed by its own text (the cells are then
    /// exactly what its keys are built from) and they are built for every row.
    fn text_cells(&self) -> Option<&'c Texts> {
        let text_keyed = self.column.sort.is_none() && !self.column.live;
        self.cells
            .filter(|c| text_keyed && c.len() == self.rows.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::sort::{sort_view, SortKey};

    /// The same order `sort_view` gives with the keys a column builds from the same cells
    /// (`SortKey::text_owned`, `SortKey::id`): mixed case, digit runs, leading zeros, spaces
    /// around, empty cells, non-ASCII, many equal cells; both directions.
    /// Cells of every kind a column shows: states in both cases with spaces around, empty,
    /// addresses (digit runs), names with leading zeros (`Desk-007` and `Desk-7` sort equal,
    /// then by ID), and random texts of letters, digits, punctuation and non-ASCII.
    fn tricky_cells() -> Vec<String> {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(30);
        let alphabet: Vec<char> = "aAbZz09 -._/1ÄéÉ".chars().collect();
        let mut cells: Vec<String> = vec![];
        for i in 0..5000 {
            cells.push(match i % 6 {
                0 => ["AVAILABLE", "STOPPED", "available", "", " ERROR "][rng.random_range(0..5)]
                    .to_string(),
                1 => format!(
                    "10.{}.{}.{}",
                    rng.random_range(0..3),
                    rng.random_range(0..300),
                    7
                ),
                2 => format!(
                    "Desk-{:0w$}",
                    rng.random_range(0..500),
                    w = rng.random_range(1..5)
                ),
                _ => (0..rng.random_range(0..20))
                    .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                    .collect(),
            });
        }
        cells
    }

    #[test]
    fn cell_sorting_equals_sorting_by_keys() {
        let cells = tricky_cells();
        let ids: Vec<String> = (0..cells.len()).map(|i| format!("ws-00{i:08}")).collect();
        for opaque in [false, true] {
            for descending in [false, true] {
                let spec = SortSpec {
                    column: 0,
                    descending,
                };
                let key = |i: usize| {
                    if opaque {
                        SortKey::id(&cells[i])
                    } else {
                        SortKey::text_owned(cells[i].clone())
                    }
                };
                let mut by_keys: Vec<usize> = (0..cells.len()).collect();
                sort_view(&mut by_keys, key, &spec, |i| &ids[i]);
                let mut by_cells: Vec<usize> = (0..cells.len()).collect();
                sort_by_cells(&mut by_cells, |i| &cells[i], opaque, &spec, |i| &ids[i]);
                assert_eq!(
                    by_cells, by_keys,
                    "opaque {opaque}, descending {descending}"
                );
            }
        }
    }

    /// The first reverse of a column turns its kept order round (`reverse_sorted`): the
    /// result is exactly a fresh sort the other way, with missing cells still last and equal
    /// cells (`Desk-07` and `desk-7`, `AVAILABLE` and `available`) still in ID order; by the
    /// keys (numbers, texts, IDs, missing) and by the kept cells, both ways round.
    #[test]
    fn reversing_a_sorted_order_equals_sorting_the_other_way() {
        let cells = tricky_cells();
        let ids: Vec<String> = (0..cells.len())
            .map(|i| format!("ws-{:08}", (i * 7919) % 10007))
            .collect();
        let number = |i: usize| match i % 5 {
            0 => SortKey::number(f64::NAN),
            1 => SortKey::number(-0.0),
            2 => SortKey::number(0.0),
            _ => SortKey::number((i % 13) as f64 - 6.0),
        };
        for opaque in [false, true] {
            let key = |i: usize| match (opaque, i % 4) {
                (true, _) => SortKey::id(&cells[i]),
                (false, 0) => number(i),
                (false, _) => SortKey::text(&cells[i]),
            };
            for descending in [false, true] {
                let spec = SortSpec {
                    column: 0,
                    descending,
                };
                let other = SortSpec {
                    column: 0,
                    descending: !descending,
                };
                let sorted = |spec: &SortSpec, key: &dyn Fn(usize) -> SortKey| {
                    let mut v: Vec<usize> = (0..cells.len()).collect();
                    sort_view(&mut v, key, spec, |i| &ids[i]);
                    v
                };
                let missing = |k: &SortKey| matches!(k, SortKey::Missing);
                let turned = reverse_sorted(&sorted(&spec, &key), key, missing, SortKey::same);
                assert_eq!(turned, sorted(&other, &key), "keys, opaque {opaque}");
                let cell_key = |i: usize| match opaque {
                    true => SortKey::id(&cells[i]),
                    false => SortKey::text(&cells[i]),
                };
                let by_cells = reverse_by_cells(&sorted(&spec, &cell_key), |i| &cells[i], opaque);
                assert_eq!(
                    by_cells,
                    sorted(&other, &cell_key),
                    "cells, opaque {opaque}, descending {descending}"
                );
            }
        }
    }
}
