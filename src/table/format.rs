//! Text formatting shared by panes: ages, clock times, sizes.

use chrono::{Local, TimeZone};
use std::cell::Cell;

thread_local! {
    /// The earliest moment a text `age` gave since `clock_watch` started reads differently.
    static NEXT_CHANGE: Cell<i64> = const { Cell::new(i64::MAX) };
}

/// Run `f`, and say when the texts `age` gave it next change (epoch seconds; `i64::MAX`:
/// never): text built from the clock ("5m ago") is then rebuilt when it changes, not every
/// minute for every row.
pub fn clock_watch<T>(f: impl FnOnce() -> T) -> (T, i64) {
    let outer = NEXT_CHANGE.with(|n| n.replace(i64::MAX));
    let out = f();
    let at = NEXT_CHANGE.with(|n| n.replace(outer.min(n.get())));
    (out, at)
}

/// "43d ago", "5h ago", "12m ago", "just now"; "never" when there is no timestamp.
pub fn age(then: Option<i64>, now: i64) -> String {
    let Some(then) = then else {
        return "never".into();
    };
    let secs = (now - then).max(0);
    // The text changes when the age reaches the next whole unit it is counted in.
    let unit = match secs {
        0..=3599 => 60,
        3600..=86_399 => 3600,
        _ => 86_400,
    };
    let changes = then + (secs / unit + 1) * unit;
    NEXT_CHANGE.with(|n| n.set(n.get().min(changes)));
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{}m ago", secs / 60),
        3600..=86_399 => format!("{}h ago", secs / 3600),
        _ => format!("{}d ago", secs / 86_400),
    }
}

/// Local wall-clock time "HH:MM:SS" for an epoch-seconds timestamp.
pub fn clock(t: i64) -> String {
    Local
        .timestamp_opt(t, 0)
        .single()
        .map(|d| d.format("%H:%M:%S").to_string())
        .unwrap_or_else(|| "--:--:--".into())
}

/// Local date and time "YYYY-MM-DD HH:MM" for an epoch-seconds timestamp.
pub fn clock_date(t: i64) -> String {
    Local
        .timestamp_opt(t, 0)
        .single()
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

pub fn gib(v: Option<i32>) -> String {
    v.map(|g| format!("{g}G")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_like_an_admin_says_them() {
        assert_eq!(age(None, 100), "never");
        assert_eq!(age(Some(100), 130), "just now");
        assert_eq!(age(Some(0), 43 * 86_400 + 10), "43d ago");
        assert_eq!(age(Some(0), 5 * 3600), "5h ago");
        assert_eq!(age(Some(0), 720), "12m ago");
    }
}

/// An identifier as shown: an ARN (WorkSpaces Applications images and fleets are keyed by
/// it) by its resource part (`image/NAME`), anything else as it is.
pub fn short_id(id: &str) -> &str {
    match id.strip_prefix("arn:") {
        Some(rest) => rest.splitn(5, ':').nth(4).unwrap_or(id),
        None => id,
    }
}

#[cfg(test)]
mod short_id_tests {
    #[test]
    fn arns_show_their_resource_part() {
        use super::short_id;
        assert_eq!(
            short_id("arn:aws:appstream:us-east-1:123456789012:image/Office"),
            "image/Office"
        );
        assert_eq!(
            short_id("arn:aws:appstream:us-east-1::image/Base"),
            "image/Base"
        );
        assert_eq!(short_id("ws-123"), "ws-123");
    }
}

/// 20000 → "20,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod thousands_tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(5025), "5,025");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
