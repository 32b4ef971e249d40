//! The choices closest to a value a flag gave that is not among them, so a refusal can say
//! what was probably meant ("--bundle wsb-abc: not …; closest: wsb-abd (Standard Windows)").

use crate::app::pick::PickItem;

/// How many close choices a refusal names.
const NAMED: usize = 5;

/// The `NAMED` choices nearest `value` (by edit distance to their value or label, any case),
/// nearest first, as `value (label)`; "none offered" when there are none.
pub fn closest(value: &str, items: &[PickItem]) -> String {
    let wanted = value.trim().to_lowercase();
    let mut scored: Vec<(usize, &PickItem)> = items
        .iter()
        .filter(|i| !i.value.is_empty())
        .map(|i| {
            let to = |s: &str| distance(&wanted, &s.to_lowercase());
            (to(&i.value).min(to(&i.label)), i)
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.value.cmp(&b.1.value)));
    let names: Vec<String> = scored
        .iter()
        .take(NAMED)
        .map(|(_, i)| {
            if i.label.is_empty() || i.label == i.value {
                i.value.clone()
            } else {
                format!("{} ({})", i.value, i.label)
            }
        })
        .collect();
    if names.is_empty() {
        "none offered".into()
    } else {
        names.join(", ")
    }
}

/// Levenshtein distance, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            let cost = usize::from(ca != *cb);
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + cost);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_choices_come_first() {
        let items = vec![
            PickItem {
                label: "Standard Windows".into(),
                detail: String::new(),
                value: "wsb-abcdefgh1".into(),
            },
            PickItem::new("PERFORMANCE", ""),
            PickItem::new("", ""),
        ];
        assert_eq!(
            closest("wsb-abcdefgh2", &items),
            "wsb-abcdefgh1 (Standard Windows), PERFORMANCE"
        );
        assert_eq!(closest("performanse", &items[1..2]), "PERFORMANCE");
        assert_eq!(closest("x", &[]), "none offered");
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
