//! The Smithy RPC v2 CBOR wire format (`smithy.protocols#rpcv2Cbor`), as far as the emulator
//! needs it: a request or response body is one CBOR data item, converted from and to the
//! same `serde_json::Value` the awsJson1.1 side works with, so every operation serves both.
//!
//! `aws-sdk-appstream` (1.138) speaks RPC v2 CBOR by default: `POST
//! /service/PhotonAdminProxyService/operation/<Operation>`, `Content-Type: application/cbor`,
//! `smithy-protocol: rpc-v2-cbor`. Timestamps go as tag 1 (epoch seconds) around a number,
//! which the SDK requires, so the encoder tags the members whose shape is a timestamp
//! (`timestamp_members`). Blobs (major type 2) are read as base64 text, as awsJson sends them;
//! no served operation has one.

use base64::Engine;
use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused (a hostile body must not overflow the stack).
const MAX_DEPTH: usize = 64;

/// Decodes one CBOR data item that fills `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut r = Reader { bytes, pos: 0 };
    let v = r.item(0)?.ok_or("unexpected break code")?;
    if r.pos != bytes.len() {
        return Err(format!("{} trailing bytes", bytes.len() - r.pos));
    }
    Ok(v)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or("truncated CBOR")?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// The argument of a head; None for an indefinite length (additional info 31).
    fn argument(&mut self, info: u8) -> Result<Option<u64>, String> {
        Ok(Some(match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.take(1)?[0]),
            25 => u64::from(u16::from_be_bytes(
                self.take(2)?.try_into().unwrap_or([0; 2]),
            )),
            26 => u64::from(u32::from_be_bytes(
                self.take(4)?.try_into().unwrap_or([0; 4]),
            )),
            27 => u64::from_be_bytes(self.take(8)?.try_into().unwrap_or([0; 8])),
            31 => return Ok(None),
            _ => return Err(format!("reserved additional information {info}")),
        }))
    }

    fn len(&mut self, info: u8) -> Result<Option<usize>, String> {
        match self.argument(info)? {
            Some(n) if n > self.bytes.len() as u64 => Err("length beyond the body".into()),
            Some(n) => Ok(Some(n as usize)),
            None => Ok(None),
        }
    }

    /// One item; None for the break code that ends an indefinite-length item.
    fn item(&mut self, depth: usize) -> Result<Option<Value>, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        let head = self.take(1)?[0];
        let (major, info) = (head >> 5, head & 0x1f);
        let v = match major {
            0 => {
                let n = self.argument(info)?.ok_or("indefinite integer")?;
                Value::Number(n.into())
            }
            1 => {
                let n = self.argument(info)?.ok_or("indefinite integer")?;
                let n = i64::try_from(n).map_err(|_| "negative integer out of range")?;
                Value::Number((-1 - n).into())
            }
            2 | 3 => {
                let bytes = self.string_bytes(major, info, depth)?;
                if major == 2 {
                    Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
                } else {
                    Value::String(String::from_utf8(bytes).map_err(|_| "text is not UTF-8")?)
                }
            }
            4 => {
                let mut items = Vec::new();
                match self.len(info)? {
                    Some(n) => {
                        for _ in 0..n {
                            items.push(self.item(depth + 1)?.ok_or("unexpected break code")?);
                        }
                    }
                    None => {
                        while let Some(v) = self.item(depth + 1)? {
                            items.push(v);
                        }
                    }
                }
                Value::Array(items)
            }
            5 => {
                let mut map = Map::new();
                let n = self.len(info)?;
                let mut i = 0;
                loop {
                    if n.is_some_and(|n| i == n) {
                        break;
                    }
                    let key = match self.item(depth + 1)? {
                        Some(Value::String(k)) => k,
                        Some(_) => return Err("map keys must be text".into()),
                        None if n.is_none() => break,
                        None => return Err("unexpected break code".into()),
                    };
                    let value = self.item(depth + 1)?.ok_or("map key without a value")?;
                    map.insert(key, value);
                    i += 1;
                }
                Value::Object(map)
            }
            // A tag (1 = epoch-seconds timestamp) wraps its content; the content is the value.
            6 => {
                self.argument(info)?.ok_or("indefinite tag")?;
                self.item(depth + 1)?.ok_or("tag without content")?
            }
            _ => match info {
                20 => Value::Bool(false),
                21 => Value::Bool(true),
                22 | 23 => Value::Null,
                25 => {
                    let b = self.take(2)?;
                    float(f16_to_f64(u16::from_be_bytes([b[0], b[1]])))
                }
                26 => {
                    let b: [u8; 4] = self.take(4)?.try_into().unwrap_or([0; 4]);
                    float(f64::from(f32::from_be_bytes(b)))
                }
                27 => {
                    let b: [u8; 8] = self.take(8)?.try_into().unwrap_or([0; 8]);
                    float(f64::from_be_bytes(b))
                }
                31 => return Ok(None),
                _ => return Err(format!("unsupported simple value {info}")),
            },
        };
        Ok(Some(v))
    }

    /// The bytes of a byte or text string, joining the chunks of an indefinite-length one.
    fn string_bytes(&mut self, major: u8, info: u8, depth: usize) -> Result<Vec<u8>, String> {
        if let Some(n) = self.len(info)? {
            return Ok(self.take(n)?.to_vec());
        }
        let mut out = Vec::new();
        loop {
            let head = self.take(1)?[0];
            if head == 0xff {
                return Ok(out);
            }
            if head >> 5 != major || head & 0x1f == 31 || depth > MAX_DEPTH {
                return Err("bad chunk in an indefinite-length string".into());
            }
            let n = self.len(head & 0x1f)?.ok_or("indefinite chunk")?;
            out.extend_from_slice(self.take(n)?);
        }
    }
}

/// A JSON number for a float; NaN and infinities (which JSON cannot hold) become null.
fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let frac = f64::from(h & 0x3ff);
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + frac / 1024.0) * 2f64.powi(exp - 15),
    }
}

/// Encodes `v`, tagging the numbers of members named in `timestamp_members` as epoch-seconds
/// timestamps (tag 1). Lengths are always definite.
pub fn encode(v: &Value, timestamp_members: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    write(&mut out, v, false, timestamp_members);
    out
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend_from_slice(&[m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(m | 26);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend_from_slice(&n.to_be_bytes());
        }
    }
}

fn write(out: &mut Vec<u8>, v: &Value, timestamp: bool, ts: &[&str]) {
    match v {
        Value::Null => out.push(0xf6),
        Value::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
        Value::Number(n) => {
            if timestamp {
                head(out, 6, 1);
            }
            if let Some(u) = n.as_u64() {
                head(out, 0, u);
            } else if let Some(i) = n.as_i64() {
                head(out, 1, (-1 - i) as u64);
            } else {
                out.push(0xfb);
                out.extend_from_slice(&n.as_f64().unwrap_or(0.0).to_be_bytes());
            }
        }
        Value::String(s) => {
            head(out, 3, s.len() as u64);
            out.extend_from_slice(s.as_bytes());
        }
        Value::Array(items) => {
            head(out, 4, items.len() as u64);
            for item in items {
                write(out, item, timestamp, ts);
            }
        }
        Value::Object(map) => {
            head(out, 5, map.len() as u64);
            for (k, item) in map {
                head(out, 3, k.len() as u64);
                out.extend_from_slice(k.as_bytes());
                write(out, item, ts.contains(&k.as_str()), ts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_round_trip() {
        let v = json!({
            "Names": ["a", "b"], "MaxResults": 25, "Neg": -300, "dryRun": true,
            "Nothing": null, "Nested": {"x": 1.5, "Long": "é".repeat(40)}, "Big": 4_000_000_000u64,
        });
        assert_eq!(decode(&encode(&v, &[])).unwrap(), v);
    }

    #[test]
    fn timestamps_are_tagged() {
        let bytes = encode(&json!({"CreatedTime": 1.5}), &["CreatedTime"]);
        // map(1), text(11) "CreatedTime", tag 1, float64 1.5
        assert_eq!(bytes[0], 0xa1);
        assert_eq!(&bytes[13..15], &[0xc1, 0xfb]);
        assert_eq!(decode(&bytes).unwrap(), json!({"CreatedTime": 1.5}));
    }

    #[test]
    fn indefinite_lengths_and_small_floats_decode() {
        // {_ "a": [_ 1, 2], "t": (_ "x", "y")} then f16 1.0 inside an array
        let bytes = [
            0xbf, 0x61, b'a', 0x9f, 0x01, 0x02, 0xff, 0x61, b't', 0x7f, 0x61, b'x', 0x61, b'y',
            0xff, 0x61, b'h', 0x81, 0xf9, 0x3c, 0x00, 0xff,
        ];
        assert_eq!(
            decode(&bytes).unwrap(),
            json!({"a": [1, 2], "t": "xy", "h": [1.0]})
        );
    }

    #[test]
    fn garbage_is_an_error() {
        for bad in [
            &[0x61][..],
            &[0xff],
            &[0xa1, 0x01, 0x02],
            &[0x01, 0x02],
            &[0x1c],
        ] {
            assert!(decode(bad).is_err(), "{bad:?}");
        }
        let deep = vec![0x81; 200];
        assert!(decode(&deep).is_err());
    }
}
