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
//! The order is exactly `sort_view`'s with `SortKey::text` / `SortKey::id` of the same cells
//! (`cell_sorting_equals_sorting_by_keys` checks it).

use super::orders::RowKeys;
use super::resource::{Column, Ctx, Resource};
use super::sort::{finish_rank, id_rank, natural_bytes, sort_view, text_rank, SortKey, SortSpec};
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

    /// `SortKey::rank` of the same key, and whether the rank holds all of it: two keys
    /// with equal ranks that both do are equal, and need not be compared. Most cells of
    /// a column of a few values (STATE, MODE, DIRECTORY) are that, so a sort of 50,000
    /// compares their integers only.
    fn rank(&self, descending: bool) -> (u128, bool) {
        let mut b = [0u8; 16];
        let (kind, whole) = match self {
            CellKey::Missing => return (u128::MAX, true),
            CellKey::Text(t) => (2, text_rank(t.as_bytes(), &mut b[1..])),
            CellKey::Id(t) => {
                let n = t.len().min(15);
                b[1..=n].copy_from_slice(&t.as_bytes()[..n]);
                (3, t.len() <= 15 && !t.as_bytes().contains(&0))
            }
        };
        (finish_rank(kind, b, descending), whole)
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

struct Ranked<'a> {
    rank: u128,
    /// The rank holds the whole key.
    whole: bool,
    id: u64,
    key: CellKey<'a>,
    row: usize,
}

/// `sort_view` of `view` by the cells of a text column (`opaque`: an identifier, compared
/// bytewise), then by `tiebreak` (the resource ID).
pub fn sort_by_cells<'a>(
    view: &mut [usize],
    cell: impl Fn(usize) -> &'a str,
    opaque: bool,
    spec: &SortSpec,
    tiebreak: impl Fn(usize) -> &'a str,
) {
    let descending = spec.descending;
    let mut keyed: Vec<Ranked> = view
        .iter()
        .map(|&row| {
            let key = CellKey::of(cell(row), opaque);
            let (rank, whole) = key.rank(descending);
            Ranked {
                rank,
                whole,
                id: id_rank(tiebreak(row)),
                key,
                row,
            }
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then_with(|| match a.whole && b.whole {
                true => Ordering::Equal,
                false => a.key.compare(&b.key, descending),
            })
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| tiebreak(a.row).cmp(tiebreak(b.row)))
    });
    for (slot, r) in view.iter_mut().zip(keyed) {
        *slot = r.row;
    }
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
        // Only a column keyed by its own text: the cells are then exactly what its keys
        // are built from.
        let text_keyed = self.column.sort.is_none() && !self.column.live;
        match self
            .cells
            .filter(|c| text_keyed && c.len() == self.rows.len())
        {
            Some(cells) => {
                let cell = |i: usize| cells.get(i).unwrap_or("");
                sort_by_cells(order, cell, self.column.opaque, spec, |i| self.id(i));
            }
            None => sort_view(order, |i| self.key(i), spec, |i| self.id(i)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::sort::{sort_view, SortKey};

    /// The same order `sort_view` gives with the keys a column builds from the same cells
    /// (`SortKey::text_owned`, `SortKey::id`): mixed case, digit runs, leading zeros, spaces
    /// around, empty cells, non-ASCII, many equal cells; both directions.
    #[test]
    fn cell_sorting_equals_sorting_by_keys() {
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
}
