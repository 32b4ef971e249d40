//! Plain words as typed (case kept), for what a filter may ask the service for: a word that
//! matches nothing loaded may be a user name the sweep has not reached (issue 26).

use super::tokens::tokenize;

/// The plain words of `input` that must be found (not negated, no operator), as typed; none
/// when the input does not parse.
pub fn plain_words(input: &str) -> Vec<String> {
    let Ok(tokens) = tokenize(input) else {
        return vec![];
    };
    tokens
        .into_iter()
        .filter(|t| !t.negate && t.op.is_none() && !t.text.is_empty())
        .map(|t| t.text)
        .collect()
}

/// Whether `word` can be a directory user name as DescribeWorkspaces takes it: 1 to 63
/// characters (the UserName shape) of `[\w+=,.@-]` (the user-name pattern of the directory
/// operations; `\w` as AWS means it, ASCII letters, digits and `_`).
pub fn looks_like_user_name(word: &str) -> bool {
    (1..=63).contains(&word.len())
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_the_wanted_words_as_typed() {
        assert_eq!(
            plain_words("Lisa.Peterson !bob state=ERROR user~^a \"two words\" last>7d"),
            ["Lisa.Peterson", "two words"]
        );
        assert!(plain_words("\"unterminated").is_empty());
    }

    #[test]
    fn user_names_follow_the_models_pattern() {
        for ok in ["lisa.peterson", "a", "j_doe+ops@corp.example", "x-1,2=3"] {
            assert!(looks_like_user_name(ok), "{ok}");
        }
        let long = "a".repeat(64);
        for not in ["two words", "", "naïve", "a/b", long.as_str()] {
            assert!(!looks_like_user_name(not), "{not}");
        }
    }
}
