//! Which columns a table shows and how wide, from the widest text of each column over the
//! rows the pane holds (not only those on screen: a sort or a scroll changes no width).
//!
//! An identifier (WorkSpace, bundle, image, directory, pool, session ID, an account) is
//! never cut: its column is as wide as its widest value. Free text (user names, error
//! messages) is capped and cut with an ellipsis. When the row is too narrow, the columns
//! with the highest priority number drop first, and a column empty in every row never
//! shows in the place of one that did not fit; priority 0 always stays.

use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

/// Widest a free-text column grows before its values are cut.
pub const FREE_TEXT_MAX: u16 = 40;
/// Narrowest a free-text column shrinks to when the essential columns do not fit.
const FREE_TEXT_MIN: u16 = 8;

/// One candidate column, as the table sees it.
pub struct Candidate<'a> {
    pub title: &'a str,
    /// The declared width: a cap's floor for free text.
    pub declared: u16,
    pub priority: u8,
    /// An identifier: never cut.
    pub opaque: bool,
    /// The widest value (the declared width when there is no row, so columns keep their
    /// place while loading).
    pub content: u16,
}

/// The columns kept (indexes into the candidates, in their order) and each one's width.
#[derive(Debug, PartialEq)]
pub struct Fit {
    pub shown: Vec<usize>,
    pub widths: Vec<u16>,
}

/// Fits `cands` into `avail` terminal columns, one space between columns. `wide` keeps
/// every column at its full width (Ctrl-W); the terminal cuts what does not fit.
pub fn fit(cands: &[Candidate], avail: u16, wide: bool) -> Fit {
    let natural: Vec<u16> = cands
        .iter()
        .map(|c| {
            let w = c.content.max(c.title.width() as u16);
            if c.opaque || wide {
                w
            } else {
                w.min(FREE_TEXT_MAX.max(c.declared))
            }
        })
        .collect();
    if wide {
        // Every column in its declared order, none squeezed: those past the right edge are
        // cut there (the last one shown partly), as a terminal would.
        let mut fit = Fit {
            shown: vec![],
            widths: vec![],
        };
        let mut used: u16 = 0;
        for (i, &w) in natural.iter().enumerate() {
            let sep = u16::from(used > 0);
            if used + sep >= avail {
                break;
            }
            fit.shown.push(i);
            fit.widths.push(w.min(avail - used - sep));
            used += sep + w.min(avail - used - sep);
        }
        return fit;
    }
    let (keep, mut used) = choose(cands, &natural, avail);
    let shown: Vec<usize> = (0..cands.len()).filter(|&i| keep[i]).collect();
    let mut widths: Vec<u16> = shown.iter().map(|&i| natural[i]).collect();
    // The essentials alone are too wide: free text gives way, identifiers do not.
    while used > avail {
        let Some((n, w)) = shown
            .iter()
            .enumerate()
            .filter(|(_, &i)| !cands[i].opaque)
            .map(|(n, _)| (n, widths[n]))
            .filter(|&(_, w)| w > FREE_TEXT_MIN)
            .max_by_key(|&(n, w)| (w, std::cmp::Reverse(n)))
        else {
            break;
        };
        let cut = (used - avail).min(w - FREE_TEXT_MIN);
        widths[n] -= cut;
        used -= cut;
    }
    // Room to spare on a wide screen goes to the free text that was capped.
    for (n, &i) in shown.iter().enumerate() {
        let full = cands[i].content.max(cands[i].title.width() as u16);
        if used >= avail {
            break;
        }
        if full > widths[n] {
            let more = (full - widths[n]).min(avail - used);
            widths[n] += more;
            used += more;
        }
    }
    Fit { shown, widths }
}

/// Which columns fit at their natural widths, most important first, and the width they take
/// with a space between each.
fn choose(cands: &[Candidate], natural: &[u16], avail: u16) -> (Vec<bool>, u16) {
    let mut by_priority: Vec<usize> = (0..cands.len()).collect();
    by_priority.sort_by_key(|&i| (cands[i].priority, i));
    let mut keep = vec![false; cands.len()];
    let mut used: u16 = 0;
    // Once a column did not fit, a column empty in every row never takes its place (an
    // empty BASE RELEASED for PLATFORM): it says nothing.
    let mut dropped = false;
    for i in by_priority {
        let priority = cands[i].priority;
        let empty = cands[i].content == 0;
        if priority == crate::table::resource::WIDE_ONLY || (dropped && empty) {
            continue;
        }
        let need = natural[i] + u16::from(used > 0);
        if used + need <= avail || priority == 0 {
            keep[i] = true;
            used = used.saturating_add(need);
        } else {
            dropped = true;
        }
    }
    (keep, used)
}

/// `text` cut to `width` columns with `ellipsis` at the end when it does not fit.
pub fn cut(text: &str, width: u16, ellipsis: &str) -> String {
    if text.width() <= width as usize {
        return text.to_string();
    }
    let room = (width as usize).saturating_sub(ellipsis.width());
    let (head, _) = text.unicode_truncate(room);
    format!("{head}{ellipsis}")
}

/// Terminal columns `text` takes.
pub fn width_of(text: &str) -> u16 {
    text.width().min(u16::MAX as usize) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(title: &'static str, priority: u8, opaque: bool, content: u16) -> Candidate<'static> {
        Candidate {
            title,
            declared: 5,
            priority,
            opaque,
            content,
        }
    }

    #[test]
    fn identifiers_keep_their_full_width_and_free_text_is_capped() {
        let c = [
            cand("ID", 0, true, 13),
            cand("USER", 0, false, 60),
            cand("IMAGE", 1, true, 13),
        ];
        let f = fit(&c, 80, false);
        assert_eq!(f.shown, vec![0, 1, 2]);
        assert_eq!(f.widths, vec![13, FREE_TEXT_MAX + 12, 13]);
        // With no room to spare, free text stops at its cap.
        let f = fit(&c, 68, false);
        assert_eq!(f.widths, vec![13, FREE_TEXT_MAX, 13]);
    }

    #[test]
    fn lower_priority_columns_drop_first_and_order_is_kept() {
        let c = [
            cand("ID", 0, true, 13),
            cand("A", 2, false, 10),
            cand("B", 1, false, 10),
        ];
        // 13 + 1 + 10 = 24 fits B (priority 1) but not A as well.
        let f = fit(&c, 30, false);
        assert_eq!(f.shown, vec![0, 2]);
    }

    #[test]
    fn an_empty_column_never_takes_the_place_of_one_that_does_not_fit() {
        let c = [
            cand("ID", 0, true, 13),
            cand("PLATFORM", 2, false, 19),
            cand("BASE RELEASED", 4, false, 0),
            cand("AGENT", 4, false, 5),
        ];
        // PLATFORM does not fit; AGENT fits and has something to say; the empty BASE
        // RELEASED would fit too, but says nothing.
        let f = fit(&c, 32, false);
        assert_eq!(f.shown, vec![0, 3]);
        // With room for everything, the empty column shows (its title says it is empty).
        let f = fit(&c, 80, false);
        assert_eq!(f.shown, vec![0, 1, 2, 3]);
    }

    #[test]
    fn when_the_essentials_do_not_fit_free_text_shrinks_and_ids_do_not() {
        let c = [cand("ID", 0, true, 21), cand("USER", 0, false, 30)];
        let f = fit(&c, 40, false);
        assert_eq!(f.widths, vec![21, 18]);
    }

    #[test]
    fn titles_are_floors() {
        let c = [cand("COMPUTER", 3, false, 2), cand("X", 3, false, 0)];
        let f = fit(&c, 80, false);
        assert_eq!(f.widths, vec![8, 1]);
    }

    #[test]
    fn wide_mode_shows_every_column_uncut() {
        let c = [
            cand("ID", 0, true, 13),
            cand("ERROR", 9, false, 120),
            cand("REGION", 0, false, 9),
        ];
        let f = fit(&c, 200, true);
        assert_eq!(f.shown, vec![0, 1, 2]);
        assert_eq!(f.widths, vec![13, 120, 9]);
        // Narrower: nothing is squeezed; the right end is cut as a terminal would.
        let f = fit(&c, 40, true);
        assert_eq!(f.shown, vec![0, 1]);
        assert_eq!(f.widths, vec![13, 26]);
    }

    #[test]
    fn cutting_adds_the_ellipsis_within_the_width() {
        assert_eq!(cut("carolyn.carter@corp.example", 10, "…"), "carolyn.c…");
        assert_eq!(cut("short", 10, "…"), "short");
        assert_eq!(cut("carolyn.carter", 10, "..."), "carolyn...");
    }
}
