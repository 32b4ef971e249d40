//! A fresh sort of 50,000 text cells in a few milliseconds (issue 30, item 1).
//!
//! Sorting with `SortKey`'s comparator compares texts naturally (digit runs by value, ASCII
//! case folded) byte by byte; with ranks of their first 15 bytes most comparisons ended on
//! integers, but cells sharing long prefixes (user names of one family name, addresses of one
//! subnet, error messages) still went through the natural comparison thousands of times
//! each: 15–20 ms a column.
//!
//! Here each cell is written once as its natural-order encoding (`encode_natural`), whose
//! plain byte order IS the natural order, and rows are sorted by integers only: first by the
//! encoding's first 16 bytes (and how many there are), then by the resource ID. Rows whose
//! first 16 bytes are all equal and go on are sorted again among themselves by the next 16,
//! and so on: a most-significant-chunk-first sort, where every comparison is of integers.

use super::sort::id_rank;

/// A digit run longer than this has a length that does not fit its byte: such a column is
/// sorted the slow way (`encode_natural` says so).
const LONGEST_RUN: usize = 254;

/// Appends the natural-order encoding of `text` to `out`: bytes ASCII-lowercased, each run of
/// ASCII digits as '0', the run's length without leading zeros, then those digits. Byte
/// order of two encodings is the natural order of the texts (`sort::natural_bytes`): a run
/// against any other byte orders by its '0' as by its first digit, since no other byte lies
/// between '0' and '9'; two runs by length, then digits; `a01` and `a1` encode alike. Says
/// false when a run is longer than `LONGEST_RUN` digits.
pub fn encode_natural(text: &[u8], out: &mut Vec<u8>) -> bool {
    let mut i = 0;
    let mut fits = true;
    while i < text.len() {
        let c = text[i];
        if !c.is_ascii_digit() {
            out.push(c.to_ascii_lowercase());
            i += 1;
            continue;
        }
        let end = i + text[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let zeros = text[i..end].iter().take_while(|&&c| c == b'0').count();
        let digits = &text[i + zeros..end];
        fits &= digits.len() <= LONGEST_RUN;
        out.push(b'0');
        out.push(digits.len().min(255) as u8);
        out.extend_from_slice(digits);
        i = end;
    }
    fits
}

/// What a row is sorted by, as far as one chunk of its encoding goes. 32 bytes.
#[derive(Clone, Copy)]
struct Item {
    /// 16 bytes of the encoding from the current chunk on, zero-padded.
    chunk: u128,
    /// The first 8 bytes of the resource ID.
    id: u64,
    row: u32,
    /// 1 number, 2 text, 3 identifier (as `SortKey`), reversed when descending; 255 missing.
    kind: u8,
    /// How many bytes of `chunk` are the encoding's (16: maybe more follow).
    len: u8,
}

/// The chunk of `enc` at `level` (bytes `16 * level ..`), and how many of its bytes are there.
fn chunk_at(enc: &[u8], level: usize) -> (u128, u8) {
    let rest = &enc[(level * 16).min(enc.len())..];
    let n = rest.len().min(16);
    let mut b = [0u8; 16];
    b[..n].copy_from_slice(&rest[..n]);
    (u128::from_be_bytes(b), n as u8)
}

/// Rows and their encodings: what `sort_encoded` sorts.
pub struct Encoded {
    buf: Vec<u8>,
    /// Per row index: its encoding's span in `buf`, and its kind (`Item::kind`, ascending).
    spans: Vec<(u32, u32, u8)>,
}

impl Encoded {
    /// Room for rows `0..rows`.
    pub fn new(rows: usize) -> Encoded {
        Encoded {
            buf: Vec::with_capacity(rows * 16),
            spans: vec![(0, 0, 255); rows],
        }
    }

    /// The encoding of `row`'s key: `bytes` appended (by `encode_natural`, or as they are)
    /// and its kind (255: missing).
    pub fn push(&mut self, row: usize, kind: u8, bytes: impl FnOnce(&mut Vec<u8>)) {
        let start = self.buf.len() as u32;
        bytes(&mut self.buf);
        self.spans[row] = (start, self.buf.len() as u32, kind);
    }

    fn of(&self, row: u32) -> &[u8] {
        let (a, b, _) = self.spans[row as usize];
        &self.buf[a as usize..b as usize]
    }
}

/// Sort `view` by the encodings of `keys` in the direction given, missing keys last either
/// way, then by `tiebreak` (the resource ID, always ascending): the order `sort_view` gives
/// for the same keys.
pub fn sort_encoded<'a>(
    view: &mut [usize],
    keys: &Encoded,
    descending: bool,
    tiebreak: impl Fn(usize) -> &'a str,
) {
    let mut items: Vec<Item> = view
        .iter()
        .map(|&row| {
            let kind = keys.spans[row].2;
            let (chunk, len) = chunk_at(keys.of(row as u32), 0);
            Item {
                chunk,
                id: id_rank(tiebreak(row)),
                row: row as u32,
                kind: if kind == 255 || !descending {
                    kind
                } else {
                    4 - kind
                },
                len,
            }
        })
        .collect();
    let by_key = |a: &Item, b: &Item| {
        a.kind.cmp(&b.kind).then_with(|| {
            let o = a.chunk.cmp(&b.chunk).then(a.len.cmp(&b.len));
            if descending {
                o.reverse()
            } else {
                o
            }
        })
    };
    let by_id = |a: &Item, b: &Item| {
        a.id.cmp(&b.id)
            .then_with(|| tiebreak(a.row as usize).cmp(tiebreak(b.row as usize)))
    };
    // By the first chunk alone: equal chunks are equal to the sort, which sorts them in
    // linear time. Then each run of equal chunks is sorted by the next chunk when the
    // encodings go on, or, when it holds whole keys, by ID.
    items.sort_unstable_by(by_key);
    let mut work = vec![(0, items.len(), 0)];
    while let Some((start, end, level)) = work.pop() {
        let run = &mut items[start..end];
        if level > 0 {
            for it in run.iter_mut() {
                (it.chunk, it.len) = chunk_at(keys.of(it.row), level);
            }
            run.sort_unstable_by(by_key);
        }
        for (i, j) in equal_runs(run) {
            if run[i].len == 16 && run[i].kind != 255 {
                work.push((start + i, start + j, level + 1));
            } else {
                run[i..j].sort_unstable_by(by_id);
            }
        }
    }
    for (slot, it) in view.iter_mut().zip(items) {
        *slot = it.row as usize;
    }
}

/// The runs of two or more `items` equal in kind and chunk, as (start, end).
fn equal_runs(items: &[Item]) -> Vec<(usize, usize)> {
    let same = |a: &Item, b: &Item| a.kind == b.kind && a.chunk == b.chunk && a.len == b.len;
    let mut runs = vec![];
    let mut i = 0;
    while i < items.len() {
        let j = i + items[i..].iter().take_while(|b| same(&items[i], b)).count();
        if j - i > 1 {
            runs.push((i, j));
        }
        i = j;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::sort::{sort_view, SortKey, SortSpec};

    /// The encodings' byte order is the natural order: sorted by them, texts with digit
    /// runs (leading zeros, long runs, runs at the start and the end), case, punctuation
    /// below and above the digits, non-ASCII, prefixes of each other and many equal ones
    /// come out exactly as `sort_view` orders their `SortKey::text`, both ways.
    #[test]
    fn sorting_by_encodings_equals_sorting_by_keys() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(31);
        let alphabet: Vec<char> = "aAzZ0019 -./:~_éÄ".chars().collect();
        let mut texts: Vec<String> = vec![
            "".into(),
            "0".into(),
            "00".into(),
            "a0".into(),
            "a".into(),
            "a00b".into(),
            "a0b".into(),
            "x".repeat(40),
            format!("{}1", "x".repeat(40)),
            format!("{}01", "x".repeat(40)),
            "9".repeat(30),
            format!("1{}", "0".repeat(29)),
        ];
        // Ties: the same key written many ways (case, leading zeros), long and short.
        for k in 0..200 {
            texts.push(["AVAILABLE", "available", "Desk-007", "desk-7", "ÄRGER 1"][k % 5].into());
            texts.push(format!("christopher.anderson-{:0w$}", k % 3, w = k % 4 + 1));
        }
        for _ in 0..3000 {
            let len = rng.random_range(0..40);
            let prefix = ["christopher.anderson", "10.0.12.", "ws-", ""][rng.random_range(0..4)];
            let rest: String = (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            texts.push(format!("{prefix}{rest}"));
        }
        let ids: Vec<String> = (0..texts.len())
            .map(|i| format!("ws-{:08}", (i * 7919) % 10007))
            .collect();
        let mut keys = Encoded::new(texts.len());
        for (i, t) in texts.iter().enumerate() {
            let t = t.trim().to_lowercase();
            let kind = if t.is_empty() { 255 } else { 2 };
            keys.push(i, kind, |out| {
                assert!(encode_natural(t.as_bytes(), out));
            });
        }
        for descending in [false, true] {
            let spec = SortSpec {
                column: 0,
                descending,
            };
            let mut want: Vec<usize> = (0..texts.len()).collect();
            sort_view(&mut want, |i| SortKey::text(&texts[i]), &spec, |i| &ids[i]);
            let mut got: Vec<usize> = (0..texts.len()).collect();
            sort_encoded(&mut got, &keys, descending, |i| &ids[i]);
            assert_eq!(got, want, "descending {descending}");
        }
    }
}
