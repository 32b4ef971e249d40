//! The Smithy RPC v2 CBOR wire format (`smithy.protocols#rpcv2Cbor`): a request or response
//! body is one CBOR data item, converted from and to the same `serde_json::Value` the
//! awsJson1.1 side works with, so every operation of both services serves both protocols from
//! one handler.
//!
//! The CBOR itself is read and written by `ciborium`; this module only maps its data model
//! onto JSON's. Timestamps go as tag 1 (epoch seconds) around a number, which the SDKs require,
//! so the encoder tags the members whose shape is a timestamp (each service's
//! `TIMESTAMP_MEMBERS`). Blobs (major type 2) are read as base64 text, as awsJson sends them;
//! no served operation has one.

use base64::Engine;
use ciborium::Value as Cbor;
use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused (a hostile body must not overflow the stack).
const MAX_DEPTH: usize = 64;

/// Decodes one CBOR data item that fills `bytes`: trailing bytes are an error, as they would
/// be a second item the protocol does not allow.
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut rest = bytes;
    let item: Cbor = ciborium::de::from_reader_with_recursion_limit(&mut rest, MAX_DEPTH)
        .map_err(|e| e.to_string())?;
    if !rest.is_empty() {
        return Err(format!("{} trailing bytes", rest.len()));
    }
    to_json(item)
}

fn to_json(item: Cbor) -> Result<Value, String> {
    Ok(match item {
        Cbor::Null => Value::Null,
        Cbor::Bool(b) => Value::Bool(b),
        Cbor::Integer(i) => {
            let i = i128::from(i);
            if let Ok(u) = u64::try_from(i) {
                Value::Number(u.into())
            } else {
                Value::Number(i64::try_from(i).map_err(|_| "integer out of range")?.into())
            }
        }
        // NaN and infinities, which JSON cannot hold, become null.
        Cbor::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        Cbor::Text(s) => Value::String(s),
        Cbor::Bytes(b) => Value::String(base64::engine::general_purpose::STANDARD.encode(b)),
        // A tag (1 = epoch-seconds timestamp) wraps its content; the content is the value.
        Cbor::Tag(_, inner) => to_json(*inner)?,
        Cbor::Array(items) => {
            Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?)
        }
        Cbor::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                let Cbor::Text(k) = k else {
                    return Err("map keys must be text".into());
                };
                map.insert(k, to_json(v)?);
            }
            Value::Object(map)
        }
        _ => return Err("unsupported CBOR data item".into()),
    })
}

/// Encodes `v`, tagging the numbers of members named in `timestamp_members` as epoch-seconds
/// timestamps (tag 1). Lengths are always definite.
pub fn encode(v: &Value, timestamp_members: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    // Writing a Value into a Vec cannot fail: every JSON value has a CBOR form.
    let _ = ciborium::ser::into_writer(&to_cbor(v, false, timestamp_members), &mut out);
    out
}

fn to_cbor(v: &Value, timestamp: bool, ts: &[&str]) -> Cbor {
    match v {
        Value::Null => Cbor::Null,
        Value::Bool(b) => Cbor::Bool(*b),
        Value::Number(n) => {
            let num = if let Some(u) = n.as_u64() {
                Cbor::Integer(u.into())
            } else if let Some(i) = n.as_i64() {
                Cbor::Integer(i.into())
            } else {
                Cbor::Float(n.as_f64().unwrap_or(0.0))
            };
            if timestamp {
                Cbor::Tag(1, Box::new(num))
            } else {
                num
            }
        }
        Value::String(s) => Cbor::Text(s.clone()),
        // A list of timestamps tags each element.
        Value::Array(items) => {
            Cbor::Array(items.iter().map(|i| to_cbor(i, timestamp, ts)).collect())
        }
        Value::Object(map) => Cbor::Map(
            map.iter()
                .map(|(k, item)| {
                    (
                        Cbor::Text(k.clone()),
                        to_cbor(item, ts.contains(&k.as_str()), ts),
                    )
                })
                .collect(),
        ),
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
        let bytes = encode(&json!({"CreatedTime": 1_700_000_000.25}), &["CreatedTime"]);
        // map(1), text(11) "CreatedTime", tag 1, then the float
        assert_eq!(bytes[0], 0xa1);
        assert_eq!(bytes[13], 0xc1);
        assert_eq!(
            decode(&bytes).unwrap(),
            json!({"CreatedTime": 1_700_000_000.25})
        );
        let item: Cbor = ciborium::de::from_reader(&bytes[..]).unwrap();
        let Cbor::Map(m) = item else { panic!() };
        assert!(matches!(&m[0].1, Cbor::Tag(1, inner) if matches!(**inner, Cbor::Float(_))));
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
        assert!(decode(&deep).is_err(), "nesting beyond the recursion limit");
    }
}
