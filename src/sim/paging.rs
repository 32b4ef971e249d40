//! NextToken handling shared by every paginated operation.
//!
//! A token is a cursor: the sort key of the last item returned, hex-encoded with the
//! operation name and a checksum so it is opaque and tamper-evident. The next page starts
//! strictly after that key, so a resource that disappears (or appears) between calls never
//! makes another one repeat or be skipped. A token the emulator did not issue for this
//! operation is rejected with InvalidParameterValuesException.

use super::error::ApiError;

const VERSION: &str = "wsf1";

/// FNV-1a, enough for a tamper check (tokens are not a security boundary).
fn checksum(op: &str, key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in op.bytes().chain([0u8]).chain(key.bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The token continuing after `key` in `op`'s listing.
pub fn encode(op: &str, key: &str) -> String {
    format!(
        "{VERSION}.{}.{:08x}",
        hex(key.as_bytes()),
        checksum(op, key)
    )
}

/// The cursor key inside a token issued for `op`.
pub fn decode(op: &str, token: &str) -> Result<String, ApiError> {
    let invalid = || {
        ApiError::invalid_parameter(format!(
            "The NextToken '{}' is not valid for {op}. Use the NextToken returned by the \
             previous {op} call.",
            shorten(token)
        ))
    };
    let mut parts = token.split('.');
    let (Some(VERSION), Some(body), Some(sum), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let key = unhex(body)
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(invalid)?;
    if u32::from_str_radix(sum, 16).ok() != Some(checksum(op, &key)) {
        return Err(invalid());
    }
    Ok(key)
}

/// The cursor of an optional NextToken.
pub fn cursor(op: &str, token: &Option<String>) -> Result<Option<String>, ApiError> {
    token.as_deref().map(|t| decode(op, t)).transpose()
}

fn shorten(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Up to `limit` items from an iterator already positioned after the cursor, plus whether
/// any item remains (so the last page carries no NextToken).
pub fn take_page<T>(mut items: impl Iterator<Item = T>, limit: usize) -> (Vec<T>, bool) {
    let page: Vec<T> = items.by_ref().take(limit).collect();
    let more = page.len() == limit && items.next().is_some();
    (page, more)
}

/// A page of `items` and its NextToken, given each item's sort key.
pub fn finish_page<T>(
    op: &str,
    (page, more): (Vec<T>, bool),
    key: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let token = if more {
        page.last().map(|last| encode(op, &key(last)))
    } else {
        None
    };
    (page, token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_are_bound_to_the_operation() {
        let t = encode("DescribeWorkspaces", "ws-abc123xyz");
        assert_eq!(decode("DescribeWorkspaces", &t).unwrap(), "ws-abc123xyz");
        let e = decode("DescribeWorkspaceImages", &t).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValuesException");
    }

    #[test]
    fn malformed_tokens_are_rejected() {
        for bad in [
            "",
            "garbage",
            "not-a-token-we-issued",
            "wsf1.zz.00000000",
            "wsf1.7773.deadbeef",
            "wsf1.7773.1.2",
        ] {
            assert!(decode("DescribeWorkspaces", bad).is_err(), "{bad}");
        }
        let t = encode("DescribeWorkspaces", "ws-abc123xyz");
        let tampered = t.replacen("7773", "7774", 1);
        assert!(decode("DescribeWorkspaces", &tampered).is_err());
    }

    #[test]
    fn take_page_reports_whether_more_remain() {
        let (p, more) = take_page(1..=5, 2);
        assert_eq!((p, more), (vec![1, 2], true));
        let (p, more) = take_page(1..=4, 4);
        assert_eq!((p, more), (vec![1, 2, 3, 4], false));
        let (p, more) = take_page(1..=3, 5);
        assert_eq!((p, more), (vec![1, 2, 3], false));
        let (page, token) = finish_page("Op", take_page(1..=3, 2), |n| n.to_string());
        assert_eq!(page, vec![1, 2]);
        assert_eq!(decode("Op", &token.unwrap()).unwrap(), "2");
    }
}
