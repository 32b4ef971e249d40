//! Sort order for any pane: a key per row, a direction, and a tiebreak by resource ID so the
//! order is the same after every refresh.
//!
//! Missing values (empty cells, "never connected", no error) sort last in BOTH directions,
//! so flipping direction always brings real values to the top. To find the missing ones on
//! purpose, sort by that column and jump to the bottom of the table, or filter with an
//! empty value (`last_conn=`).

use std::cmp::Ordering;

/// What a row is sorted by. Build it with the constructors, which lowercase text and turn
/// empty cells and NaN into `Missing`.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    /// Sizes, counts, ages, timestamps: compared numerically (so 9 < 10 < 100).
    Number(f64),
    /// Lowercased text, compared naturally: digit runs by value (`ws-9` < `ws-10`).
    Text(String),
    /// An opaque identifier (`ws-17o9q5p0h`), compared bytewise: its digits are not numbers.
    Id(String),
    Missing,
}

impl SortKey {
    pub fn number(n: f64) -> SortKey {
        if n.is_nan() {
            SortKey::Missing
        } else {
            // `+ 0.0` turns -0.0 into 0.0, which `total_cmp` would otherwise order first.
            SortKey::Number(n + 0.0)
        }
    }

    pub fn text(s: &str) -> SortKey {
        match s.trim() {
            "" => SortKey::Missing,
            t => SortKey::Text(t.to_lowercase()),
        }
    }

    /// `text` for a cell already formatted: an ASCII cell (nearly all) is lowercased in
    /// place, so a sort of 50,000 rows allocates once per row, not twice.
    pub fn text_owned(mut s: String) -> SortKey {
        if !s.is_ascii() {
            return SortKey::text(&s);
        }
        let t = s.trim();
        if t.is_empty() {
            return SortKey::Missing;
        }
        if t.len() != s.len() {
            s = t.to_string();
        }
        s.make_ascii_lowercase();
        SortKey::Text(s)
    }

    /// An identifier's key: bytewise order, nothing missing but the empty string.
    pub fn id(s: &str) -> SortKey {
        match s.trim() {
            "" => SortKey::Missing,
            t => SortKey::Id(t.to_string()),
        }
    }

    /// For panes that only have display text: a numeric column's cell is parsed as a number
    /// (thousands separators allowed) and falls back to text. Cells with units or relative
    /// ages ("3d") don't parse; build `SortKey::number` from the underlying value for those.
    pub fn from_cell(s: &str, numeric: bool) -> SortKey {
        if numeric {
            if let Ok(n) = s.trim().replace(',', "").parse::<f64>() {
                return SortKey::number(n);
            }
        }
        SortKey::text(s)
    }

    /// Order of two keys in the given direction; `Missing` is last either way, and in a
    /// column mixing kinds, numbers come before text when ascending.
    fn compare(&self, other: &SortKey, descending: bool) -> Ordering {
        use SortKey::{Id, Missing, Number, Text};
        let ord = match (self, other) {
            (Missing, Missing) => return Ordering::Equal,
            (Missing, _) => return Ordering::Greater,
            (_, Missing) => return Ordering::Less,
            (Number(a), Number(b)) => a.total_cmp(b),
            // Equal text is common (states, modes, directories): one memcmp settles it.
            (Text(a), Text(b)) if a == b => Ordering::Equal,
            (Text(a), Text(b)) => natural_cmp_lowered(a, b),
            (Id(a), Id(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Number(_), Text(_) | Id(_)) => Ordering::Less,
            (Text(_) | Id(_), Number(_)) => Ordering::Greater,
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

/// Natural, ASCII-case-insensitive order: runs of ASCII digits compare by value, everything
/// else bytewise (which for UTF-8 is code point order). Works on bytes so it never allocates.
#[cfg(test)]
fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_bytes(a.as_bytes(), b.as_bytes())
}

pub(super) fn natural_bytes(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let ord = if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let (ei, ej) = (digits_end(a, i), digits_end(b, j));
            let (x, y) = (strip_zeros(&a[i..ei]), strip_zeros(&b[j..ej]));
            (i, j) = (ei, ej);
            // Without leading zeros, a longer run is a bigger number.
            x.len().cmp(&y.len()).then_with(|| x.cmp(y))
        } else {
            let ord = a[i].to_ascii_lowercase().cmp(&b[j].to_ascii_lowercase());
            (i, j) = (i + 1, j + 1);
            ord
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

/// `natural_cmp` of two lowercased texts: the common prefix is skipped at memcmp speed,
/// and the natural comparison starts where they differ (at the start of the digit run
/// there, if any, since a digit run compares as a whole). Equal prefixes tokenise alike,
/// so the result is `natural_cmp`'s.
fn natural_cmp_lowered(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let p = x.iter().zip(y).take_while(|(c, d)| c == d).count();
    let digit = |s: &[u8], i: usize| s.get(i).is_some_and(u8::is_ascii_digit);
    if !digit(x, p) && !digit(y, p) && (p == 0 || !x[p - 1].is_ascii_digit()) {
        // Not in a digit run: the first differing byte (or the shorter text) decides.
        return x[p..].cmp(&y[p..]);
    }
    let start = x[..p]
        .iter()
        .rposition(|c| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    natural_bytes(&x[start..], &y[start..])
}

fn digits_end(s: &[u8], from: usize) -> usize {
    from + s[from..].iter().take_while(|c| c.is_ascii_digit()).count()
}

fn strip_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[zeros..]
}

/// Which column a pane is sorted by, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SortSpec {
    pub column: usize,
    pub descending: bool,
}

impl SortSpec {
    /// Marker for the sorted column's header.
    pub fn indicator(&self) -> &'static str {
        if self.descending {
            "↓"
        } else {
            "↑"
        }
    }

    /// The same marker for terminals in ASCII mode.
    pub fn ascii_indicator(&self) -> &'static str {
        if self.descending {
            "v"
        } else {
            "^"
        }
    }

    /// k9s habit: choosing the sorted column again flips the direction; choosing another
    /// column sorts it ascending.
    pub fn select(self, column: usize) -> SortSpec {
        SortSpec {
            column,
            descending: column == self.column && !self.descending,
        }
    }
}

/// The order of two rows: by key in the direction of `descending`, then by resource ID
/// (always ascending) so equal keys keep the same order across refreshes.
pub fn row_order(ka: &SortKey, ida: &str, kb: &SortKey, idb: &str, descending: bool) -> Ordering {
    ka.compare(kb, descending).then_with(|| ida.cmp(idb))
}

/// Sort row indices in place by `key` (computed once per row, not per comparison) in the
/// direction of `spec`, then by `tiebreak` (the resource ID) as in [`row_order`]. IDs are
/// unique within a table, so the order is total and an unstable sort gives the same result
/// as a stable one, faster. `spec.column` is for the caller's `key`; this function only
/// uses the direction.
pub fn sort_view<'a>(
    view: &mut [usize],
    key: impl Fn(usize) -> SortKey,
    spec: &SortSpec,
    tiebreak: impl Fn(usize) -> &'a str,
) {
    let descending = spec.descending;
    // Each row carries two integers that order it as far as they can (`SortKey::rank`, and
    // the first bytes of its ID): most comparisons of a sort of 50,000 rows end there, and
    // only equal ranks compare the keys and IDs themselves. Ranks never contradict
    // `row_order`, so the result is the same.
    let mut keyed: Vec<Ranked> = view
        .iter()
        .map(|&row| {
            let key = key(row);
            Ranked {
                rank: key.rank(descending),
                whole: key.ranked_whole(),
                id: id_rank(tiebreak(row)),
                key,
                row,
            }
        })
        .collect();
    // By rank alone first: rows of equal rank are equal to this sort, which handles them in
    // linear time (a column of a few values: ROOT, CONN); then each run of equal ranks by
    // key and ID (issue 30, item 1).
    keyed.sort_unstable_by_key(|r| r.rank);
    let mut start = 0;
    while start < keyed.len() {
        let rank = keyed[start].rank;
        let end = start + keyed[start..].iter().take_while(|r| r.rank == rank).count();
        keyed[start..end].sort_unstable_by(|a, b| {
            match a.whole && b.whole {
                // Equal ranks that hold their keys whole are equal keys.
                true => Ordering::Equal,
                false => a.key.compare(&b.key, descending),
            }
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| tiebreak(a.row).cmp(tiebreak(b.row)))
        });
        start = end;
    }
    for (slot, r) in view.iter_mut().zip(keyed) {
        *slot = r.row;
    }
}

/// A row being sorted, with the integers that settle most comparisons.
struct Ranked {
    rank: u128,
    /// `rank` holds the whole key (`SortKey::ranked_whole`).
    whole: bool,
    id: u64,
    key: SortKey,
    row: usize,
}

/// The first 8 bytes of an ID, big-endian, zero-padded: bytewise order, as far as it goes.
pub(super) fn id_rank(id: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = id.len().min(8);
    b[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

impl SortKey {
    /// An integer that orders keys as `compare` does as far as it can: a smaller rank means
    /// an earlier key; equal ranks say nothing. The top byte is the kind (missing always
    /// last), the other 15 the value's first bytes: a number's order-preserving bits; an
    /// ID's first bytes; a text's first bytes with each digit run written as '0', its
    /// length without leading zeros, then those digits (natural order compares runs by
    /// length, then digit by digit). The '0' orders a run against any other byte as its
    /// first digit would, since no other byte lies between '0' and '9'.
    pub(super) fn rank(&self, descending: bool) -> u128 {
        let mut b = [0u8; 16];
        let kind = match self {
            SortKey::Missing => return u128::MAX,
            SortKey::Number(n) => {
                let bits = n.to_bits();
                let ordered = if bits >> 63 == 1 {
                    !bits
                } else {
                    bits | (1 << 63)
                };
                b[1..9].copy_from_slice(&ordered.to_be_bytes());
                1
            }
            SortKey::Text(t) => {
                text_rank(t.as_bytes(), &mut b[1..]);
                2
            }
            SortKey::Id(t) => {
                let n = t.len().min(15);
                b[1..=n].copy_from_slice(&t.as_bytes()[..n]);
                3
            }
        };
        finish_rank(kind, b, descending)
    }
}

impl SortKey {
    /// Whether `rank` holds the whole key, so that two keys with equal ranks that both do
    /// are equal: a number (its bits), a missing value, a text whose natural-order prefix
    /// fits (`text_rank`), an ID of up to 15 bytes without a NUL.
    fn ranked_whole(&self) -> bool {
        match self {
            SortKey::Missing | SortKey::Number(_) => true,
            SortKey::Text(t) => text_rank(t.as_bytes(), &mut [0u8; 15]),
            SortKey::Id(t) => t.len() <= 15 && !t.as_bytes().contains(&0),
        }
    }
}

/// A rank from its kind (1 number, 2 text, 3 ID) and the value's bytes in `b[1..]`.
pub(super) fn finish_rank(kind: u8, mut b: [u8; 16], descending: bool) -> u128 {
    const VALUE: u128 = (1 << 120) - 1;
    b[0] = kind;
    let rank = u128::from_be_bytes(b);
    // Descending reverses kinds and values; missing stays last (its rank is u128::MAX).
    if descending {
        (u128::from(4 - kind) << 120) | (!rank & VALUE)
    } else {
        rank
    }
}

/// The natural-order prefix of a text into `out` (zero-padded): bytes ASCII-lowercased (a
/// no-op on a text lowercased already, so a kept cell need not be copied to be ranked),
/// each digit run as '0', its length and its digits without leading zeros. Stops where
/// `out` is full or after a run that does not fit whole; a run longer than 254 digits
/// has length 255 and ends it (such runs then compare in full). Says whether the whole text
/// went into `out`.
pub(super) fn text_rank(text: &[u8], out: &mut [u8]) -> bool {
    let (mut i, mut o) = (0, 0);
    // A NUL would read as the padding: such a text is never said to be whole.
    let mut whole = true;
    while i < text.len() && o < out.len() {
        if !text[i].is_ascii_digit() {
            whole &= text[i] != 0;
            out[o] = text[i].to_ascii_lowercase();
            (i, o) = (i + 1, o + 1);
            continue;
        }
        let end = digits_end(text, i);
        let digits = strip_zeros(&text[i..end]);
        out[o] = b'0';
        o += 1;
        if o == out.len() {
            return false;
        }
        // 255: longer than any run whose length is written, and equal among themselves.
        out[o] = digits.len().min(255) as u8;
        o += 1;
        if digits.len() > 254 {
            return false;
        }
        let fits = digits.len().min(out.len() - o);
        out[o..o + fits].copy_from_slice(&digits[..fits]);
        if fits < digits.len() {
            return false;
        }
        (i, o) = (end, o + fits);
    }
    // Whole: two whole texts with equal ranks compare equal (naturally: `a01` is `a1`).
    whole && i == text.len()
}

/// The rows of `order`, sorted by [`sort_view`] in one direction, sorted the other way
/// (issue 30, item 1: the first reverse of a column costs a pass, not a sort). Missing keys
/// are last in both directions, in ID order: they stay. The others come in the opposite
/// order of their keys, but rows of equal keys keep ID order, so each run of equal keys is
/// moved whole. `same` is `compare(..) == Equal`, which holds alike in both directions.
pub fn reverse_sorted<K>(
    order: &[usize],
    key: impl Fn(usize) -> K,
    missing: impl Fn(&K) -> bool,
    same: impl Fn(&K, &K) -> bool,
) -> Vec<usize> {
    let present = order.partition_point(|&row| !missing(&key(row)));
    // Where each run of equal keys starts.
    let mut runs = vec![];
    let mut prev: Option<K> = None;
    for (at, &row) in order[..present].iter().enumerate() {
        let k = key(row);
        if !prev.as_ref().is_some_and(|p| same(p, &k)) {
            runs.push(at);
        }
        prev = Some(k);
    }
    let mut out = Vec::with_capacity(order.len());
    let mut end = present;
    for &start in runs.iter().rev() {
        out.extend_from_slice(&order[start..end]);
        end = start;
    }
    out.extend_from_slice(&order[present..]);
    out
}

impl SortKey {
    /// The two keys sort as equal (then by ID), in either direction.
    pub fn same(&self, other: &SortKey) -> bool {
        self.compare(other, false) == Ordering::Equal
    }
}

/// Bring an order sorted by [`sort_view`] up to date after `rows` (indices, sorted, no
/// duplicates) were inserted or changed: take them out and put each back where it belongs
/// by binary search. Costs a few keys per row instead of re-sorting the whole table.
pub fn reinsert<'a>(
    order: &mut Vec<usize>,
    rows: &[usize],
    key: impl Fn(usize) -> SortKey,
    spec: &SortSpec,
    tiebreak: impl Fn(usize) -> &'a str,
) {
    order.retain(|i| rows.binary_search(i).is_err());
    for &row in rows {
        let (k, id) = (key(row), tiebreak(row));
        let at = order.partition_point(|&j| {
            row_order(&key(j), tiebreak(j), &k, id, spec.descending) == Ordering::Less
        });
        order.insert(at, row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ranks only shortcut `row_order`: sorting with them gives exactly the order a plain
    /// sort by `row_order` gives, for texts with digits, punctuation, case and non-ASCII,
    /// numbers of both signs, IDs, missing values and mixed kinds, in both directions.
    #[test]
    fn ranked_sorting_equals_sorting_by_row_order() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let alphabet: Vec<char> = "aAbz09 -._/~9ÄéZ1".chars().collect();
        let mut keys = vec![];
        for i in 0..4000 {
            let len = rng.random_range(0..12);
            let text: String = (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            let digits = |rng: &mut rand_chacha::ChaCha8Rng, n: usize| -> String {
                (0..n)
                    .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
                    .collect()
            };
            keys.push(match i % 10 {
                0 => SortKey::number(rng.random_range(-1e6..1e6)),
                1 => SortKey::number(f64::from(rng.random_range(-3i32..3))),
                2 => SortKey::id(&text),
                3 => SortKey::Missing,
                4 => SortKey::text(&format!("ws-{}", rng.random_range(0..200))),
                5 => SortKey::text(&format!(
                    "10.{}.{}.{}",
                    rng.random_range(0..3),
                    rng.random_range(0..300),
                    rng.random_range(0..300)
                )),
                // Leading zeros, runs that do not fit the rank, runs past 254 digits.
                6 => {
                    let n = [1, 3, 14, 16, 254, 255, 300][rng.random_range(0..7)];
                    let zeros = "0".repeat(rng.random_range(0..3));
                    SortKey::text(&format!("a{zeros}{}{text}", digits(&mut rng, n)))
                }
                _ => SortKey::text(&text),
            });
        }
        // Few distinct IDs' first bytes, so the full ID tiebreak is reached too.
        let ids: Vec<String> = (0..keys.len()).map(|i| format!("ws-0000{i:07}")).collect();
        for descending in [false, true] {
            let spec = SortSpec {
                column: 0,
                descending,
            };
            let mut ranked: Vec<usize> = (0..keys.len()).collect();
            sort_view(&mut ranked, |i| keys[i].clone(), &spec, |i| &ids[i]);
            let mut plain: Vec<usize> = (0..keys.len()).collect();
            plain.sort_by(|&a, &b| row_order(&keys[a], &ids[a], &keys[b], &ids[b], descending));
            for w in plain.windows(2) {
                let (a, b) = (&keys[w[0]], &keys[w[1]]);
                assert!(
                    a.rank(descending) <= b.rank(descending),
                    "{a:?} before {b:?} but ranks {:032x} > {:032x}",
                    a.rank(descending),
                    b.rank(descending)
                );
            }
            assert_eq!(ranked, plain, "descending: {descending}");
        }
    }

    #[test]
    fn identifiers_sort_bytewise_and_never_connected_is_the_oldest() {
        let mut ids = ["ws-73hgyvjmc", "ws-2987as0p8", "ws-17o9q5p0h"].map(SortKey::id);
        ids.sort_by(|a, b| a.compare(b, false));
        let order: Vec<_> = ids
            .iter()
            .map(|k| match k {
                SortKey::Id(s) => s.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(order, ["ws-17o9q5p0h", "ws-2987as0p8", "ws-73hgyvjmc"]);
        use crate::table::resource::last_conn_key;
        let never = last_conn_key(true, None);
        let recent = last_conn_key(true, Some(1_000));
        let unknown = last_conn_key(false, None);
        assert_eq!(never.compare(&recent, false), Ordering::Less);
        assert_eq!(never.compare(&recent, true), Ordering::Greater);
        assert_eq!(unknown.compare(&never, false), Ordering::Greater);
        assert_eq!(
            unknown.compare(&never, true),
            Ordering::Greater,
            "missing last both ways"
        );
    }

    /// Sort rows of (id, key) and return the IDs in order.
    fn order(rows: &[(&'static str, SortKey)], descending: bool) -> Vec<&'static str> {
        let mut view: Vec<usize> = (0..rows.len()).collect();
        let spec = SortSpec {
            column: 0,
            descending,
        };
        sort_view(&mut view, |i| rows[i].1.clone(), &spec, |i| rows[i].0);
        view.iter().map(|&i| rows[i].0).collect()
    }

    fn texts(cells: &[(&'static str, &str)]) -> Vec<(&'static str, SortKey)> {
        cells
            .iter()
            .map(|&(id, c)| (id, SortKey::text(c)))
            .collect()
    }

    #[test]
    fn text_ascending_descending_ignoring_case() {
        let rows = texts(&[
            ("a", "charlie"),
            ("b", "Alice"),
            ("c", "bob"),
            ("d", "ÉMILE"),
        ]);
        assert_eq!(order(&rows, false), ["b", "c", "a", "d"]);
        assert_eq!(order(&rows, true), ["d", "a", "c", "b"]);
        let bob = texts(&[("z", "bob"), ("y", "BOB"), ("x", "Bob")]);
        assert_eq!(
            order(&bob, false),
            ["x", "y", "z"],
            "same text up to case: by ID"
        );
    }

    #[test]
    fn text_is_natural_for_ids_and_names() {
        let rows = texts(&[
            ("1", "ws-10"),
            ("2", "WS-9"),
            ("3", "ws-9a"),
            ("4", "ws-009"),
        ]);
        assert_eq!(order(&rows, false), ["2", "4", "3", "1"]);
        assert_eq!(natural_cmp("desk-2", "desk-10"), Ordering::Less);
        assert_eq!(natural_cmp("a", "a1"), Ordering::Less);
        assert_eq!(natural_cmp("A1b", "a1B"), Ordering::Equal);
    }

    #[test]
    fn the_prefix_shortcut_compares_like_natural_order() {
        let words = [
            "", "a", "a1", "a01", "a10", "a9", "a9b", "a09b", "ab", "b", "ws-009", "ws-9", "ws-90",
            "ws-9a", "x-1-2", "x-1-10", "x-10", "é9", "é10", "9", "10", "010", "a-",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    natural_cmp_lowered(a, b),
                    natural_cmp(a, b),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn numbers_compare_by_value() {
        let rows: Vec<_> = [
            ("a", 10.0),
            ("b", 9.0),
            ("c", 100.0),
            ("d", -0.0),
            ("e", 0.0),
        ]
        .iter()
        .map(|&(id, n)| (id, SortKey::number(n)))
        .collect();
        assert_eq!(order(&rows, false), ["d", "e", "b", "a", "c"]);
        assert_eq!(order(&rows, true), ["c", "a", "b", "d", "e"]);
    }

    #[test]
    fn missing_is_last_in_both_directions() {
        let rows = vec![
            ("a", SortKey::number(f64::NAN)),
            ("b", SortKey::number(2.0)),
            ("c", SortKey::Missing),
            ("d", SortKey::text("  ")),
            ("e", SortKey::number(1.0)),
            ("f", SortKey::text("x")),
        ];
        assert_eq!(order(&rows, false), ["e", "b", "f", "a", "c", "d"]);
        assert_eq!(order(&rows, true), ["f", "b", "e", "a", "c", "d"]);
    }

    #[test]
    fn tiebreak_makes_order_independent_of_input_order() {
        let rows = texts(&[("ws-c", "x"), ("ws-a", "x"), ("ws-b", "y"), ("ws-d", "")]);
        for descending in [false, true] {
            let mut a: Vec<usize> = vec![0, 1, 2, 3];
            let mut b: Vec<usize> = vec![3, 2, 1, 0];
            let spec = SortSpec {
                column: 0,
                descending,
            };
            sort_view(&mut a, |i| rows[i].1.clone(), &spec, |i| rows[i].0);
            sort_view(&mut b, |i| rows[i].1.clone(), &spec, |i| rows[i].0);
            assert_eq!(a, b);
        }
        assert_eq!(order(&rows, false), ["ws-a", "ws-c", "ws-b", "ws-d"]);
        assert_eq!(order(&rows, true), ["ws-b", "ws-a", "ws-c", "ws-d"]);
    }

    #[test]
    fn cells_parse_as_numbers_only_in_numeric_columns() {
        assert_eq!(SortKey::from_cell(" 1,024 ", true), SortKey::Number(1024.0));
        assert_eq!(SortKey::from_cell("80 GiB", true), SortKey::text("80 GiB"));
        assert_eq!(SortKey::from_cell("", true), SortKey::Missing);
        assert_eq!(SortKey::from_cell("42", false), SortKey::Text("42".into()));
    }

    #[test]
    fn spec_indicator_and_select() {
        let up = SortSpec::default();
        assert_eq!((up.indicator(), up.ascii_indicator()), ("↑", "^"));
        let down = up.select(0);
        assert_eq!((down.indicator(), down.ascii_indicator()), ("↓", "v"));
        assert_eq!(down.select(0), up);
        assert_eq!(
            down.select(3),
            SortSpec {
                column: 3,
                descending: false
            }
        );
    }

    #[test]
    fn reinsert_gives_the_order_a_full_sort_gives() {
        // 3,000 rows with many equal keys; change some keys and append new rows, then
        // compare the patched order with a fresh sort, both directions.
        for descending in [false, true] {
            let spec = SortSpec {
                column: 0,
                descending,
            };
            let mut keys: Vec<Option<u32>> = (0..3000).map(|i| Some((i * 37) % 50)).collect();
            let ids: Vec<String> = (0..3100).map(|i| format!("ws-{i:05}")).collect();
            let key = |k: &Vec<Option<u32>>, i: usize| match k[i] {
                Some(v) => SortKey::number(f64::from(v)),
                None => SortKey::Missing,
            };
            let mut order: Vec<usize> = (0..keys.len()).collect();
            sort_view(&mut order, |i| key(&keys, i), &spec, |i| &ids[i]);
            let mut touched = vec![];
            for i in (0..3000).step_by(97) {
                keys[i] = if i % 2 == 0 { None } else { Some(7) };
                touched.push(i);
            }
            for i in 3000..3100 {
                keys.push(Some((i % 13) as u32));
                touched.push(i);
            }
            reinsert(&mut order, &touched, |i| key(&keys, i), &spec, |i| &ids[i]);
            let mut fresh: Vec<usize> = (0..keys.len()).collect();
            sort_view(&mut fresh, |i| key(&keys, i), &spec, |i| &ids[i]);
            assert_eq!(order, fresh);
        }
    }

    #[test]
    fn fifty_thousand_rows_sort_by_value_then_id() {
        let ids: Vec<String> = (0..50_000).map(|i| format!("ws-{i:05}")).collect();
        let size = |i: usize| SortKey::number(((i * 7919) % 1000) as f64);
        let mut view: Vec<usize> = (0..ids.len()).rev().collect();
        sort_view(&mut view, size, &SortSpec::default(), |i| &ids[i]);
        assert!(view.windows(2).all(|w| {
            let (a, b) = ((w[0] * 7919) % 1000, (w[1] * 7919) % 1000);
            a < b || (a == b && ids[w[0]] < ids[w[1]])
        }));
    }
}
