//! Many short texts kept in one buffer, addressed by index: the filter haystacks of 50,000
//! rows in a few contiguous megabytes instead of 100,000 separate allocations spread over
//! the heap, so a filter keystroke that reads them all misses the cache less (measured in
//! the render bench: a keystroke at 50,000 rows). A replaced text is appended and the old
//! bytes left as garbage until they are half the buffer, then everything is packed again.

use super::rows::GONE;

#[derive(Debug, Default)]
pub struct Texts {
    buf: String,
    /// Start and end of each text in `buf`.
    spans: Vec<(u32, u32)>,
    garbage: usize,
}

impl Texts {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let &(s, e) = self.spans.get(i)?;
        Some(&self.buf[s as usize..e as usize])
    }

    pub fn push(&mut self, text: &str) {
        let start = self.buf.len() as u32;
        self.buf.push_str(text);
        self.spans.push((start, self.buf.len() as u32));
    }

    pub fn set(&mut self, i: usize, text: &str) {
        let (s, e) = self.spans[i];
        let at = s as usize;
        if text.len() <= (e - s) as usize && self.buf.is_char_boundary(at + text.len()) {
            // Fits where the old one was; the old text's tail is garbage.
            self.buf.replace_range(at..at + text.len(), text);
            self.garbage += (e - s) as usize - text.len();
            self.spans[i] = (s, s + text.len() as u32);
        } else {
            self.garbage += (e - s) as usize;
            let start = self.buf.len() as u32;
            self.buf.push_str(text);
            self.spans[i] = (start, self.buf.len() as u32);
        }
        if self.garbage > self.buf.len() / 2 {
            self.pack(Some, self.spans.len());
        }
    }

    pub fn clear(&mut self) {
        *self = Texts::default();
    }

    /// Keep the texts of rows still in the table, in order (see `Changes::remap`).
    pub fn remap(&mut self, map: &[usize]) {
        let kept: Vec<usize> = (0..self.spans.len())
            .filter(|&i| map.get(i).is_some_and(|&m| m != GONE))
            .collect();
        let n = kept.len();
        self.pack(|k| kept.get(k).copied(), n);
    }

    /// Rebuild the buffer with the texts `from(0..n)` in that order, no garbage.
    fn pack(&mut self, from: impl Fn(usize) -> Option<usize>, n: usize) {
        let live: usize = (0..n)
            .filter_map(&from)
            .map(|i| (self.spans[i].1 - self.spans[i].0) as usize)
            .sum();
        let mut buf = String::with_capacity(live);
        let mut spans = Vec::with_capacity(n);
        for i in (0..n).filter_map(&from) {
            let start = buf.len() as u32;
            buf.push_str(self.get(i).unwrap_or(""));
            spans.push((start, buf.len() as u32));
        }
        (self.buf, self.spans, self.garbage) = (buf, spans, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_replaced_removed_and_packed_in_place() {
        let mut t = Texts::default();
        for w in ["alpha", "bravo", "charlie", "delta"] {
            t.push(w);
        }
        t.set(1, "bo");
        t.set(2, "a much longer charlie");
        assert_eq!(t.get(1), Some("bo"));
        assert_eq!(t.get(2), Some("a much longer charlie"));
        t.remap(&[0, GONE, 1, 2]);
        assert_eq!(
            (0..t.len()).map(|i| t.get(i).unwrap()).collect::<Vec<_>>(),
            ["alpha", "a much longer charlie", "delta"]
        );
        assert_eq!(t.garbage, 0);
        for _ in 0..100 {
            t.set(0, "a text longer than any before it, again and again");
        }
        assert!(t.buf.len() < 400, "garbage is packed away: {}", t.buf.len());
        assert_eq!(t.get(3), None);
    }
}
