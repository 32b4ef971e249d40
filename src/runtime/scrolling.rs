//! Scrolling the table by a row costs a row, not a screen.
//!
//! ratatui diffs each frame against the last cell by cell, so when the table scrolls one
//! row every body row differs and the whole body is sent again (about 7 KB at 160x48, a
//! lot over a slow SSH link). This backend sits between ratatui's `Terminal` and the real
//! backend, keeps its own copy of what the screen shows, and before drawing a frame looks
//! for a band of rows that moved up or down by a few lines. If one saves enough, it moves
//! them on the terminal with a scrolling region (`ESC[t;br` + `ESC[nS`/`ESC[nT`, ratatui's
//! `scroll_region_up`/`_down`), moves them in its copy, and then sends only the cells that
//! still differ: the row that came into view and the cursor's highlight.
//!
//! What the screen shows is the same either way; only the bytes differ. Terminals without
//! scrolling regions are not a concern: every VT100 descendant (xterm, tmux, screen, the
//! Linux console, Windows Terminal) has them.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};

/// Moves of more lines than this are not looked for: `j`/`k` and the mouse wheel move
/// 1–3 rows; a page moves everything out of view.
const MAX_SHIFT: u16 = 3;
/// A move must spare at least this many rows from being sent again.
const MIN_SAVED: u16 = 4;

pub struct Scrolling<B> {
    inner: B,
    /// What the terminal shows, as far as this backend drew it.
    screen: Buffer,
}

/// Rows `rows` (half-open) move `by` lines: up (positive) or down (negative).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Move {
    rows: std::ops::Range<u16>,
    by: i32,
}

impl<B: Backend> Scrolling<B> {
    pub fn new(inner: B) -> Self {
        Self {
            inner,
            screen: Buffer::empty(Rect::ZERO),
        }
    }

    #[cfg(test)]
    pub fn inner(&self) -> &B {
        &self.inner
    }
}

fn row(b: &Buffer, y: u16) -> &[Cell] {
    let w = usize::from(b.area.width);
    let start = usize::from(y) * w;
    &b.content[start..start + w]
}

/// The move that spares the most rows from being redrawn, if it spares enough.
///
/// The band moved may hold rows that changed besides moving (issue 30, item 3: a relative
/// time such as "9m ago" turning "10m ago" on a row on screen, or a row's state changing):
/// those are redrawn after the move as they would be without it, so they only cut what the
/// move spares, and no longer split the band. Each row of a candidate band counts +1 if
/// the move puts it right and it was not right already, −1 if it was right and the move
/// spoils it; the band is the run of rows with the greatest sum (Kadane's algorithm). With
/// bands of whole matching rows only, one row that changed in the middle of the screen had
/// half the body sent again, and a few spread over it the whole body (7 KB at 160x48).
fn best_move(prev: &Buffer, next: &Buffer) -> Option<Move> {
    let h = prev.area.height;
    let mut best: Option<(i32, Move)> = None;
    for k in 1..=MAX_SHIFT.min(h.saturating_sub(1)) {
        for up in [true, false] {
            let by = if up { i32::from(k) } else { -i32::from(k) };
            let (mut start, mut sum) = (0u16, 0i32);
            for y in 0..h {
                let from = if up {
                    y.checked_add(k)
                } else {
                    y.checked_sub(k)
                };
                let shifted = from.is_some_and(|f| f < h && row(next, y) == row(prev, f));
                let in_place = row(next, y) == row(prev, y);
                let score = i32::from(shifted && !in_place) - i32::from(in_place && !shifted);
                if sum <= 0 {
                    (start, sum) = (y, score);
                } else {
                    sum += score;
                }
                // The band start..=y: its first and last rows are ones the move puts right,
                // so their sources are on screen.
                if sum >= i32::from(MIN_SAVED)
                    && score > 0
                    && best.as_ref().is_none_or(|(b, _)| sum > *b)
                {
                    let rows = if up {
                        start..y + 1 + k
                    } else {
                        start - k..y + 1
                    };
                    best = Some((sum, Move { rows, by }));
                }
            }
        }
    }
    best.map(|(_, m)| m)
}

/// Apply `m` to `b` as the terminal applies it: rows move, the rows uncovered are blank.
fn apply_move(b: &mut Buffer, m: &Move) {
    let w = usize::from(b.area.width);
    let (top, bottom) = (usize::from(m.rows.start) * w, usize::from(m.rows.end) * w);
    let n = m.by.unsigned_abs() as usize * w;
    let region = &mut b.content[top..bottom];
    if m.by > 0 {
        region.rotate_left(n);
        let len = region.len();
        region[len - n..].fill(Cell::default());
    } else {
        region.rotate_right(n);
        region[..n].fill(Cell::default());
    }
}

impl<B: Backend> Backend for Scrolling<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let size = self.inner.size()?;
        let area = Rect::new(0, 0, size.width, size.height);
        if self.screen.area != area {
            // A new size: ratatui clears the screen and draws everything.
            self.screen = Buffer::empty(area);
        }
        let mut next = self.screen.clone();
        for (x, y, cell) in content {
            if let Some(c) = next.cell_mut(Position { x, y }) {
                *c = cell.clone();
            }
        }
        if let Some(m) = best_move(&self.screen, &next) {
            // Through this backend's own scroll, which moves the copy too.
            let k = m.by.unsigned_abs() as u16;
            if m.by > 0 {
                self.scroll_region_up(m.rows, k)?;
            } else {
                self.scroll_region_down(m.rows, k)?;
            }
        }
        let diff = self.screen.diff(&next);
        self.inner.draw(diff.into_iter())?;
        self.screen = next;
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.screen.reset();
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        // ratatui forgets its last frame after any clear, and so does this copy.
        self.screen.reset();
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }

    fn scroll_region_up(
        &mut self,
        region: std::ops::Range<u16>,
        line_count: u16,
    ) -> Result<(), Self::Error> {
        self.follow_scroll(&region, i32::from(line_count));
        self.inner.scroll_region_up(region, line_count)
    }

    fn scroll_region_down(
        &mut self,
        region: std::ops::Range<u16>,
        line_count: u16,
    ) -> Result<(), Self::Error> {
        self.follow_scroll(&region, -i32::from(line_count));
        self.inner.scroll_region_down(region, line_count)
    }
}

impl<B> Scrolling<B> {
    /// Move the copy of the screen as the terminal moves `region` by `by` lines (up when
    /// positive), at most the region's height.
    fn follow_scroll(&mut self, region: &std::ops::Range<u16>, by: i32) {
        let most = i32::from(region.end.saturating_sub(region.start));
        let by = by.clamp(-most, most);
        if by != 0 && region.end <= self.screen.area.height {
            let rows = region.clone();
            apply_move(&mut self.screen, &Move { rows, by });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Style};
    use ratatui::text::Line;
    use ratatui::widgets::{Block, Borders, Paragraph};
    use ratatui::Terminal;

    /// A bordered list of rows `first..` with row `cursor` highlighted, like the table.
    fn frame(f: &mut ratatui::Frame, first: usize, cursor: usize) {
        let area = f.area();
        let lines: Vec<Line> = (first..first + usize::from(area.height))
            .map(|i| {
                let h = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                let text = format!(
                    "ws-{h:016x} user{:<6} {h:x} {:x}",
                    h % 997,
                    h.rotate_left(17)
                );
                let style = if i == cursor {
                    Style::new().bg(Color::Blue)
                } else {
                    Style::new().fg(Color::Green)
                };
                Line::styled(text, style)
            })
            .collect();
        let block = Block::new().borders(Borders::ALL).title("WorkSpaces");
        f.render_widget(Paragraph::new(lines).block(block), area);
    }

    /// TestBackend, counting the cells drawn.
    pub(super) struct Counted(pub(super) TestBackend, pub(super) usize);

    impl Backend for Counted {
        type Error = <TestBackend as Backend>::Error;
        fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
        where
            I: Iterator<Item = (u16, u16, &'a Cell)>,
        {
            let cells: Vec<_> = content.collect();
            self.1 += cells.len();
            self.0.draw(cells.into_iter())
        }
        fn hide_cursor(&mut self) -> Result<(), Self::Error> {
            self.0.hide_cursor()
        }
        fn show_cursor(&mut self) -> Result<(), Self::Error> {
            self.0.show_cursor()
        }
        fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
            self.0.get_cursor_position()
        }
        fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), Self::Error> {
            self.0.set_cursor_position(p)
        }
        fn clear(&mut self) -> Result<(), Self::Error> {
            self.0.clear()
        }
        fn clear_region(&mut self, t: ClearType) -> Result<(), Self::Error> {
            self.0.clear_region(t)
        }
        fn size(&self) -> Result<Size, Self::Error> {
            self.0.size()
        }
        fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
            self.0.window_size()
        }
        fn flush(&mut self) -> Result<(), Self::Error> {
            self.0.flush()
        }
        fn scroll_region_up(&mut self, r: std::ops::Range<u16>, n: u16) -> Result<(), Self::Error> {
            self.0.scroll_region_up(r, n)
        }
        fn scroll_region_down(
            &mut self,
            r: std::ops::Range<u16>,
            n: u16,
        ) -> Result<(), Self::Error> {
            self.0.scroll_region_down(r, n)
        }
    }

    #[test]
    fn a_one_row_scroll_shows_the_same_screen_and_redraws_a_few_rows() {
        // Down the list with the cursor on the last row (the table scrolls each step),
        // then back up with the cursor on the first.
        let steps: Vec<(usize, usize)> = (0..30)
            .map(|i| (i, i + 45))
            .chain((0..5).map(|i| (30 - i, 30 - i)))
            .collect();
        let mut plain = Terminal::new(Counted(TestBackend::new(160, 48), 0)).unwrap();
        let mut scrolled =
            Terminal::new(Scrolling::new(Counted(TestBackend::new(160, 48), 0))).unwrap();
        for (n, &(first, cursor)) in steps.iter().enumerate() {
            let before = (plain.backend().1, scrolled.backend().inner().1);
            plain.draw(|f| frame(f, first, cursor)).unwrap();
            scrolled.draw(|f| frame(f, first, cursor)).unwrap();
            assert_eq!(
                scrolled.backend().inner().0.buffer(),
                plain.backend().0.buffer(),
                "after showing from row {first}"
            );
            let drawn = (
                plain.backend().1 - before.0,
                scrolled.backend().inner().1 - before.1,
            );
            if n > 0 && n != 30 {
                // Two rows of 158 cells (the one uncovered, the highlight's) at most.
                assert!(drawn.1 <= 2 * 158, "step {n}: {drawn:?}");
                assert!(drawn.0 > 10 * drawn.1, "step {n}: {drawn:?}");
            }
        }
    }

    #[test]
    fn moves_are_found_up_and_down_and_small_changes_are_left_to_the_diff() {
        let draw = |first: usize, cursor: usize| {
            let mut t = Terminal::new(TestBackend::new(60, 20)).unwrap();
            t.draw(|f| frame(f, first, cursor)).unwrap();
            t.backend().buffer().clone()
        };
        let (a, b) = (draw(0, 18), draw(1, 19));
        let m = best_move(&a, &b).expect("a scroll down the list moves rows up");
        assert_eq!(m.by, 1);
        assert!(m.rows.start >= 1 && m.rows.end <= 19, "{m:?}");
        let mut moved = a.clone();
        apply_move(&mut moved, &m);
        let redrawn: std::collections::HashSet<u16> =
            moved.diff(&b).iter().map(|&(_, y, _)| y).collect();
        assert!(redrawn.len() <= 3, "rows redrawn: {redrawn:?}");
        let m = best_move(&b, &a).expect("and back up moves them down");
        assert_eq!(m.by, -1);
        // The cursor moving within the page: nothing moves.
        assert_eq!(best_move(&draw(0, 3), &draw(0, 4)), None);
    }
}

#[cfg(test)]
#[path = "scrolling_fleet_tests.rs"]
mod fleet_tests;
