//! The glyphs the UI draws with: box drawing and typographic ones by default, plain ASCII with
//! `--ascii` (for fonts without box-drawing characters).

use crate::table::sort::SortSpec;
use ratatui::symbols::border;
use std::borrow::Cow;

/// A border of `+`, `-` and `|`.
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Symbols {
    pub ascii: bool,
    pub border: border::Set<'static>,
    pub ellipsis: &'static str,
}

pub const UNICODE: Symbols = Symbols {
    ascii: false,
    border: border::PLAIN,
    ellipsis: "…",
};

pub const ASCII: Symbols = Symbols {
    ascii: true,
    border: ASCII_BORDER,
    ellipsis: "...",
};

impl Symbols {
    pub fn new(ascii: bool) -> &'static Symbols {
        if ascii {
            &ASCII
        } else {
            &UNICODE
        }
    }

    pub fn sort(&self, s: &SortSpec) -> &'static str {
        if self.ascii {
            s.ascii_indicator()
        } else {
            s.indicator()
        }
    }

    /// UI text with its typographic glyphs spelled in ASCII when in ASCII mode.
    pub fn text<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if !self.ascii || s.is_ascii() {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '…' => out.push_str("..."),
                '—' | '–' => out.push('-'),
                '×' => out.push('x'),
                '↑' => out.push_str("Up"),
                '↓' => out.push_str("Down"),
                '←' => out.push_str("Left"),
                '→' => out.push_str("Right"),
                '●' | '•' => out.push('*'),
                c => out.push(c),
            }
        }
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_spells_the_glyphs() {
        assert_eq!(ASCII.text("j k ↓ ↑"), "j k Down Up");
        assert_eq!(
            ASCII.text(" Keys — x loading… 3 × y"),
            " Keys - x loading... 3 x y"
        );
        assert_eq!(UNICODE.text("loading…"), "loading…");
    }
}
