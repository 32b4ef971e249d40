//! Comparison terms (`root>=175`, `last>7d`): the operator and the quantity compared.

/// A comparison operator of a filter term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Compare {
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl Compare {
    pub(super) fn from_op(op: char) -> Compare {
        match op {
            '>' => Compare::Above,
            'G' => Compare::AtLeast,
            '<' => Compare::Below,
            _ => Compare::AtMost,
        }
    }

    /// `cell OP bound`. An age bound against a plain cell, or a plain bound against an age
    /// cell (`idle>30` on "3d ago"), compares days.
    pub(super) fn holds(self, cell: Quantity, bound: Quantity) -> bool {
        let (a, b) = match (cell, bound) {
            (Quantity::Plain(a), Quantity::Plain(b)) | (Quantity::Age(a), Quantity::Age(b)) => {
                (a, b)
            }
            (Quantity::Age(a), Quantity::Plain(b)) => (a / DAY, b),
            (Quantity::Plain(a), Quantity::Age(b)) => (a, b / DAY),
        };
        match self {
            Compare::Above => a > b,
            Compare::AtLeast => a >= b,
            Compare::Below => a < b,
            Compare::AtMost => a <= b,
        }
    }
}

pub(super) const DAY: f64 = 86_400.0;

/// What a comparison compares: a plain number (counts, sizes in GiB, days) or an age in
/// seconds ("3d ago", `7d`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Quantity {
    Plain(f64),
    Age(f64),
}

impl Quantity {
    /// A filter's bound: `30`, `175G`, `1.5`, or an age `7d` / `12h` / `30m`.
    pub(super) fn parse_bound(s: &str) -> Option<Quantity> {
        let s = s.trim();
        let unit = |suffix: char, scale: f64| {
            let n: f64 = s.strip_suffix(suffix)?.trim().parse().ok()?;
            Some(Quantity::Age(n * scale))
        };
        unit('d', DAY)
            .or_else(|| unit('h', 3_600.0))
            .or_else(|| unit('m', 60.0))
            .or_else(|| {
                let n = s.strip_suffix(['G', 'g']).unwrap_or(s);
                n.parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .map(Quantity::Plain)
            })
    }

    /// A cell as shown: "3d ago", "just now", "never" (older than anything), "175G",
    /// "1,234", "30". Anything else has no quantity and fails every comparison.
    pub(super) fn parse_cell(s: &str) -> Option<Quantity> {
        let s = s.trim();
        match s {
            "never" => return Some(Quantity::Age(f64::INFINITY)),
            "just now" => return Some(Quantity::Age(0.0)),
            _ => {}
        }
        if let Some(age) = s.strip_suffix(" ago") {
            return Quantity::parse_bound(age).filter(|q| matches!(q, Quantity::Age(_)));
        }
        let plain = s.replace(',', "");
        let plain = plain.strip_suffix(['G', 'g']).unwrap_or(&plain);
        plain
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Quantity::Plain)
    }
}
