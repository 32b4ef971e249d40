use super::tokens::tokenize;
use super::*;

const COLS: &[ColumnName] = &[
    ColumnName::new("ID", &[]),
    ColumnName::new("USER", &[]),
    ColumnName::new("STATE", &[]),
    ColumnName::new("DIRECTORY", &["dir", "directory"]),
    ColumnName::new("ERROR", &[]),
    ColumnName::new("LAST CONN", &[]),
];
const ROWS: &[[&str; 6]] = &[
    ["ws-1", "alice", "AVAILABLE", "d-123", "", "2d"],
    ["ws-2", "bob", "UNHEALTHY", "d-456", "", ""],
    ["ws-3", "john smith", "UNHEALTHY", "d-123", "Err: gone", ""],
    ["ws-4", "Ádám", "STOPPED", "d-456", "", ""],
    ["ws-5", "anna", "UNHEALTHY", "d-456", "", "1d"],
];

/// IDs of the fixture rows `input` keeps.
fn hits(input: &str) -> Vec<&'static str> {
    let f = Filter::parse(input, COLS).unwrap_or_else(|e| panic!("{input}: {e}"));
    let rows = ROWS.iter().filter(|r| f.matches(|i| Cow::Borrowed(r[i])));
    rows.map(|r| r[0]).collect()
}

fn parse(input: &str) -> Filter {
    Filter::parse(input, COLS).unwrap()
}

fn error(input: &str) -> String {
    Filter::parse(input, COLS).unwrap_err().to_string()
}

#[test]
fn terms_are_equal_when_the_text_means_the_same_filter() {
    let terms = |input: &str| Terms::parse(input, COLS).unwrap();
    // A space, a repeated word, quotes around a word, another case: the same terms.
    let same = [
        "alice state=stopped",
        "alice state=stopped ",
        "alice  alice state=stopped",
    ];
    for input in same
        .iter()
        .chain(&["\"alice\" state=stopped", "ALICE state=stopped"])
    {
        assert_eq!(terms(input), terms(same[0]), "{input}");
    }
    // A letter more, a negation, another value: other terms.
    for input in [
        "alic state=stopped",
        "!alice state=stopped",
        "alice state=stop",
    ] {
        assert_ne!(terms(input), terms(same[0]), "{input}");
    }
    assert_eq!(terms("").compile().unwrap().terms(), &terms(""));
}

#[test]
fn terms_say_which_columns_they_read() {
    // Column 5 (LAST CONN) stands for a column whose text moves with the clock.
    let live = |c: usize| c == 5;
    let reads = |input: &str| Terms::parse(input, COLS).unwrap().reads(live);
    assert!(reads("alice"), "a word searches every column");
    assert!(reads("!last_conn=2d"));
    assert!(!reads("user~^a state=stopped !dir=d-1"));
    assert!(!reads(""));
    assert!(!Terms::parse("alice", &COLS[..5]).unwrap().reads(live));
}

#[test]
fn the_last_token_starts_after_the_whole_tokens_before_it() {
    for (input, head) in [
        ("", ""),
        ("alice", ""),
        ("alice ", ""),
        ("alice bob", "alice "),
        ("  alice   !state=stopped", "  alice   "),
        ("a user=\"john smith\"", "a "),
        ("a \"x y\"z", "a "),
        ("a \"unterminated b", "a "),
    ] {
        assert_eq!(&input[..last_token_start(input)], head, "{input:?}");
    }
    // The tokens before it and after it are those of the whole.
    let input = "user=\"john smith\" !dir=d-1 ~x";
    let at = last_token_start(input);
    let halves = [&input[..at], &input[at..]].map(|h| tokenize(h).unwrap().len());
    assert_eq!(halves[0] + halves[1], tokenize(input).unwrap().len());
}

#[test]
fn plain_words_search_any_column_ignoring_case() {
    assert_eq!(hits("456"), ["ws-2", "ws-4", "ws-5"]);
    assert_eq!(hits("SMITH"), ["ws-3"]);
    assert_eq!(hits("ádÁm"), ["ws-4"]);
    // Words are ANDed, and each may be found in a different column.
    assert_eq!(hits("d-123 alice"), ["ws-1"]);
}

#[test]
fn equals_is_whole_cell_ignoring_case_and_names_are_flexible() {
    assert_eq!(hits("state=unhealthy"), ["ws-2", "ws-3", "ws-5"]);
    assert!(hits("state=UNHEAL").is_empty());
    assert_eq!(hits("user=ÁDÁM"), ["ws-4"]);
    for name in ["DIR", "Directory", "directory", "dIrEcToRy"] {
        assert_eq!(hits(&format!("{name}=D-123")), ["ws-1", "ws-3"]);
    }
    assert_eq!(hits("last_conn=1d"), ["ws-5"]);
    assert_eq!(hits("\"last conn\"=2D"), ["ws-1"]);
}

#[test]
fn regex_is_case_insensitive_unless_opted_out() {
    assert_eq!(hits("user~^a"), ["ws-1", "ws-5"]);
    assert_eq!(hits("user~^A"), ["ws-1", "ws-5"]);
    assert_eq!(hits("state~healthy$"), ["ws-2", "ws-3", "ws-5"]);
    assert!(hits("state~(?-i)healthy").is_empty());
    assert_eq!(hits("error~a=b|gone"), ["ws-3"]); // only the first operator splits
}

#[test]
fn negation_and_the_issue_example() {
    assert_eq!(hits("!dir=d-123"), ["ws-2", "ws-4", "ws-5"]);
    assert_eq!(hits("!smith !alice"), ["ws-2", "ws-4", "ws-5"]);
    assert_eq!(hits("!user~^a"), ["ws-2", "ws-3", "ws-4"]);
    assert_eq!(hits("state=UNHEALTHY user~^a !dir=d-123"), ["ws-5"]);
}

#[test]
fn quotes_group_spaces_and_make_operators_literal() {
    assert_eq!(hits("user=\"john smith\""), ["ws-3"]);
    assert_eq!(hits("\"john smith\""), ["ws-3"]);
    assert_eq!(hits("\"ERR: gone\""), ["ws-3"]);
    // A quoted '=' or '!' is text, not an operator.
    assert!(hits("\"dir=d-123\"").is_empty());
    assert!(hits("\"!anna\"").is_empty());
}

#[test]
fn empty_value_matches_empty_cells() {
    assert_eq!(hits("error="), ["ws-1", "ws-2", "ws-4", "ws-5"]);
    assert_eq!(hits("!error="), ["ws-3"]);
    assert_eq!(hits("!last_conn= error="), ["ws-1", "ws-5"]);
}

#[test]
fn blank_input_is_an_empty_filter_that_keeps_everything() {
    for input in ["", "   ", " \t "] {
        assert!(parse(input).is_empty());
        assert_eq!(hits(input).len(), ROWS.len());
    }
    assert!(!parse("x").is_empty());
}

#[test]
fn errors_say_what_to_fix() {
    assert_eq!(
        error("foo=1"),
        "unknown column 'foo' (columns: id, user, state, dir, error, last_conn)"
    );
    let bad_regex = "bad regex for user: unclosed character class";
    assert_eq!(error("user~["), bad_regex);
    assert_eq!(error("user=\"john"), "unterminated quote");
    assert_eq!(error("=x"), "empty column name before '='");
    assert_eq!(error("~x"), "empty column name before '~'");
    assert_eq!(error("state=x !"), "'!' needs a term after it");
    assert_eq!(error("! x"), "'!' needs a term after it");
}

#[test]
fn cells_are_fetched_only_when_needed() {
    // Column terms run before plain words, whatever the typed order.
    let f = parse("alice state=stopped user~x");
    let asked = std::cell::RefCell::new(Vec::new());
    let row = ROWS[0];
    assert!(!f.matches(|i| {
        asked.borrow_mut().push(i);
        Cow::Borrowed(row[i])
    }));
    assert_eq!(*asked.borrow(), [2], "the failing term stops the row");
    let f = parse("456");
    assert!(!f.matches_in(&[0, 1, 2], |i| Cow::Borrowed(ROWS[1][i])));
    assert!(f.matches_in(&[3], |i| Cow::Borrowed(ROWS[1][i])));
}

#[test]
fn cached_haystacks_give_the_same_rows_as_cells() {
    // Columns 0-3 in one haystack, 4-5 in the other; every fixture query agrees with
    // `matches`.
    for input in [
        "456",
        "SMITH",
        "ádÁm",
        "d-123 alice",
        "gone",
        "2d",
        "!smith !alice",
        "state=unhealthy user~^a !dir=d-123",
        "\"john smith\"",
        "ws-1",
        "-1",
    ] {
        let f = parse(input);
        for r in ROWS {
            let own = haystack(r[..4].iter().map(|c| c.to_string()));
            let live = haystack(r[4..].iter().map(|c| c.to_string()));
            let cached = f.matches_cached(&own, &live, |i| Cow::Borrowed(r[i]));
            assert_eq!(
                cached,
                f.matches(|i| Cow::Borrowed(r[i])),
                "{input} on {r:?}"
            );
        }
    }
    // NUL joins cells: a word spanning two cells is not found.
    let own = haystack(["ws-1".to_string(), "alice".to_string()]);
    assert!(!parse("1alice").matches_cached(&own, "", |_| Cow::Borrowed("")));
}

#[test]
fn repeated_and_combined_terms_keep_their_meaning() {
    // Repeats change nothing; several terms on one column are still ANDed.
    assert_eq!(hits(&"456 ".repeat(2_000)), ["ws-2", "ws-4", "ws-5"]);
    assert_eq!(hits(&"!dir=d-123 ".repeat(500)), ["ws-2", "ws-4", "ws-5"]);
    assert_eq!(hits("user~^a user~a$"), ["ws-5"]);
    assert_eq!(hits("user~^a !user~e$"), ["ws-5"]);
    assert_eq!(hits("user~^a !user~^a"), Vec::<&str>::new());
    assert_eq!(hits("ws !ws"), Vec::<&str>::new());
    assert_eq!(
        hits("state=unhealthy !state=stopped !dir=d-123"),
        ["ws-2", "ws-5"]
    );
    // Overlapping words are each found: "ws-" inside "ws-5", "5" inside it too.
    assert_eq!(hits("ws- ws-5 5"), ["ws-5"]);
    assert_eq!(hits("!ws-2 456"), ["ws-4", "ws-5"]);
    // The first bad pattern of a column is named, even among good ones.
    assert_eq!(
        error("user~a user~( state~x"),
        "bad regex for user: unclosed group"
    );
}

#[test]
fn a_long_filter_of_distinct_terms_agrees_term_by_term() {
    // 4,096 characters of distinct regexes and words that every row passes or fails the
    // same way as the terms tested one by one.
    let mut input = String::new();
    let mut terms = vec![];
    for i in 0.. {
        let term = match i % 3 {
            0 => format!("id~ws|{i}"),
            1 => format!("!user~zz{i}"),
            _ => "ws-".to_string(),
        };
        if input.len() + term.len() + 1 > 4_096 {
            break;
        }
        input.push_str(&term);
        input.push(' ');
        terms.push(term);
    }
    let all = hits(&input);
    let each: Vec<&str> = ROWS
        .iter()
        .filter(|r| {
            terms.iter().all(|t| {
                let f = parse(t);
                f.matches(|i| Cow::Borrowed(r[i]))
            })
        })
        .map(|r| r[0])
        .collect();
    assert_eq!(all, each);
    assert_eq!(all.len(), ROWS.len());
}

#[test]
fn comparisons_on_numbers_sizes_and_ages() {
    const C: &[ColumnName] = &[
        ColumnName::new("ID", &[]),
        ColumnName::new("ROOT", &[]),
        ColumnName::new("LAST CONN", &["last"]),
        ColumnName::new("IDLE DAYS", &["idle"]),
    ];
    const R: &[[&str; 4]] = &[
        ["ws-1", "80G", "3d ago", "3"],
        ["ws-2", "175G", "12m ago", "0"],
        ["ws-3", "175G", "never", "45"],
        ["ws-4", "1,000G", "40d ago", "40"],
        ["ws-5", "", "", ""],
    ];
    let hits = |input: &str| -> Vec<&str> {
        let f = Filter::parse(input, C).unwrap_or_else(|e| panic!("{input}: {e}"));
        R.iter()
            .filter(|r| f.matches(|i| Cow::Borrowed(r[i])))
            .map(|r| r[0])
            .collect()
    };
    assert_eq!(hits("root>=175"), ["ws-2", "ws-3", "ws-4"]);
    assert_eq!(hits("root>175"), ["ws-4"]);
    assert_eq!(hits("root<100G"), ["ws-1"]);
    assert_eq!(hits("idle>30"), ["ws-3", "ws-4"]);
    assert_eq!(hits("idle<=3"), ["ws-1", "ws-2"]);
    // Ages: "never" is older than anything; a bare number against an age is days.
    assert_eq!(hits("last>7d"), ["ws-3", "ws-4"]);
    assert_eq!(hits("last<1h"), ["ws-2"]);
    assert_eq!(hits("last>2"), ["ws-1", "ws-3", "ws-4"]);
    assert_eq!(hits("!last>7d"), ["ws-1", "ws-2", "ws-5"]);
    // An empty cell has no quantity: it passes no comparison.
    assert!(!hits("root<1000000").contains(&"ws-5"));
    let bad = Filter::parse("idle>lots", C).unwrap_err().to_string();
    assert_eq!(
        bad,
        "idle: 'lots' is not a number, size (175G) or age (7d, 12h, 30m)"
    );
    assert!(Filter::parse("nosuch>3", C)
        .unwrap_err()
        .to_string()
        .starts_with("unknown column"));
}

#[test]
fn fifty_thousand_rows() {
    let states = ["AVAILABLE", "UNHEALTHY", "STOPPED"];
    let cell = |i: usize, c: usize| match c {
        0 => format!("ws-{i}"),
        1 => format!("user{}", i % 100),
        2 => states[i % 3].to_string(),
        3 => format!("d-{}", i % 7),
        _ => String::new(),
    };
    let f = parse("state=unhealthy user~^USER1 !dir=d-0 ws-");
    let got = (0..50_000).filter(|&i| f.matches(|c| Cow::Owned(cell(i, c))));
    let want =
        (0..50_000).filter(|i| i % 3 == 1 && (i % 100).to_string().starts_with('1') && i % 7 != 0);
    assert_eq!(got.count(), want.count());
}

/// Tag terms: `tag.KEY` (has it), `tag.KEY=value`, `tag.KEY~regex`, negated or not;
/// a tag the row lacks is cell NO_TAG.
#[test]
fn tag_terms_test_the_named_tag() {
    // ws-1 Team=Finance, ws-2 Team=Eng CostCenter=42, ws-3 no tags.
    let tags: &[&[(&str, &str)]] = &[
        &[("Team", "Finance")],
        &[("Team", "Eng"), ("CostCenter", "42")],
        &[],
    ];
    let hits = |input: &str| -> Vec<usize> {
        let f = Filter::parse(input, COLS).unwrap();
        (0..3)
            .filter(|&r| {
                f.matches(|c| {
                    if c < COLS.len() {
                        Cow::Owned(format!("ws-{}", r + 1))
                    } else {
                        let key = &f.tags()[c - COLS.len()];
                        let v = tags[r].iter().find(|(k, _)| k == key);
                        Cow::Owned(v.map_or(NO_TAG.to_string(), |(_, v)| v.to_string()))
                    }
                })
            })
            .collect()
    };
    assert_eq!(hits("tag.Team"), [0, 1]);
    assert_eq!(hits("!tag.Team"), [2]);
    assert_eq!(hits("tag.Team=finance"), [0]);
    assert_eq!(hits("!tag.Team=finance"), [1, 2]);
    assert_eq!(hits("tag.Team~^e"), [1]);
    assert_eq!(hits("tag.CostCenter>=40"), [1]);
    assert_eq!(hits("tag.Team tag.CostCenter"), [1]);
    // Keys are case-sensitive, as in WorkSpaces.
    assert_eq!(hits("tag.team"), Vec::<usize>::new());
    // The prefix is not.
    assert_eq!(hits("TAG.Team=eng"), [1]);
}

#[test]
fn a_tag_term_without_a_key_or_with_a_bad_regex_is_refused_whole() {
    assert_eq!(
        Filter::parse("tag.=x", COLS).unwrap_err(),
        FilterError::EmptyTagKey
    );
    let e = Filter::parse("state=stopped tag.Team~[", COLS).unwrap_err();
    assert!(e.to_string().contains("bad regex for tag.Team"), "{e}");
}
