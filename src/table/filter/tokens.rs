//! Input split into tokens: whitespace-separated, quotes grouping, `!` and the operator found.

use super::FilterError;

/// One whitespace-separated piece of input, quotes removed.
pub(super) struct Token {
    pub(super) negate: bool,
    pub(super) text: String,
    /// Byte offset in `text` and kind of the first unquoted `=` or `~`.
    pub(super) op: Option<(usize, char)>,
}

pub(super) fn tokenize(input: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(tokens);
        }
        let negate = chars.next_if_eq(&'!').is_some();
        let (mut text, mut op, mut quoted, mut in_quote) = (String::new(), None, false, false);
        while let Some(c) = chars.next_if(|c| in_quote || !c.is_whitespace()) {
            match c {
                '"' => (in_quote, quoted) = (!in_quote, true),
                '=' | '~' if !in_quote && op.is_none() => op = Some((text.len(), c)),
                // `>=` and `<=` travel as 'G' and 'L'.
                '>' | '<' if !in_quote && op.is_none() => {
                    let or_equal = chars.next_if_eq(&'=').is_some();
                    let kind = match (c, or_equal) {
                        ('>', true) => 'G',
                        ('<', true) => 'L',
                        _ => c,
                    };
                    op = Some((text.len(), kind));
                }
                _ => text.push(c),
            }
        }
        if in_quote {
            return Err(FilterError::UnterminatedQuote);
        }
        if negate && text.is_empty() && op.is_none() && !quoted {
            return Err(FilterError::DanglingNot);
        }
        tokens.push(Token { negate, text, op });
    }
}

/// Byte offset where the last token of `input` starts (its length when there is none). The
/// text before it holds whole tokens, the same `tokenize` finds there in `input`, so a
/// filter of `input` is the filter of that text AND the filter of the rest.
pub fn last_token_start(input: &str) -> usize {
    let mut start = input.len();
    let (mut in_token, mut in_quote) = (false, false);
    for (i, c) in input.char_indices() {
        if !in_quote && c.is_whitespace() {
            in_token = false;
            continue;
        }
        if !in_token {
            (start, in_token) = (i, true);
        }
        if c == '"' {
            in_quote = !in_quote;
        }
    }
    start
}
