//! Raw WorkSpaces Applications calls for the emulator tests, over either wire protocol: awsJson1.1
//! (`X-Amz-Target: PhotonAdminProxyService.<Op>`, what the AWS CLI and boto3 send) and Smithy
//! RPC v2 CBOR (`/service/PhotonAdminProxyService/operation/<Op>`, what `aws-sdk-appstream`
//! sends), with any access key (the key picks the account). Used where the SDK will not send a
//! request (an enum value outside the model) or where both protocols must be compared.

#![allow(dead_code)]

use std::time::Duration;

use ciborium::Value as Cbor;
use serde_json::{json, Value};

/// The two protocols the WorkSpaces Applications model lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    Json,
    Cbor,
}

pub const BOTH: [Wire; 2] = [Wire::Json, Wire::Cbor];

/// An answer: HTTP status and body (CBOR decoded to JSON; timestamps' tag dropped).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    /// The error code (`__type`), or "" for a success.
    pub fn code(&self) -> &str {
        if self.status == 200 {
            return "";
        }
        self.body["__type"].as_str().unwrap_or("<no __type>")
    }
}

/// One call of `op` with `body`, signed (in form) with `akid`, over `wire`.
pub async fn call(url: &str, wire: Wire, akid: &str, op: &str, body: &Value) -> Answer {
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential={akid}/20261207/us-east-1/appstream/aws4_request, \
         SignedHeaders=host, Signature=abcdef"
    );
    match wire {
        Wire::Json => {
            let target = format!("PhotonAdminProxyService.{op}");
            let headers = [
                ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", target.as_str()),
                ("Authorization", auth.as_str()),
            ];
            let (status, bytes) = post(url, "/", &headers, body.to_string().as_bytes()).await;
            let body = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                panic!("{op}: not JSON ({e}): {}", String::from_utf8_lossy(&bytes))
            });
            Answer { status, body }
        }
        Wire::Cbor => {
            let mut encoded = Vec::new();
            ciborium::ser::into_writer(body, &mut encoded).unwrap();
            let path = format!("/service/PhotonAdminProxyService/operation/{op}");
            let headers = [
                ("Content-Type", "application/cbor"),
                ("Accept", "application/cbor"),
                ("smithy-protocol", "rpc-v2-cbor"),
                ("Authorization", auth.as_str()),
            ];
            let (status, bytes) = post(url, &path, &headers, &encoded).await;
            let item: Cbor = ciborium::de::from_reader(bytes.as_slice())
                .unwrap_or_else(|e| panic!("{op}: not CBOR ({e})"));
            Answer {
                status,
                body: to_json(item),
            }
        }
    }
}

fn to_json(item: Cbor) -> Value {
    match item {
        Cbor::Null => Value::Null,
        Cbor::Bool(b) => json!(b),
        Cbor::Integer(i) => {
            let i = i128::from(i);
            u64::try_from(i).map_or_else(|_| json!(i as i64), |u| json!(u))
        }
        Cbor::Float(f) => json!(f),
        Cbor::Text(s) => json!(s),
        Cbor::Tag(_, inner) => to_json(*inner),
        Cbor::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Cbor::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let Cbor::Text(k) = k else {
                        panic!("text keys")
                    };
                    (k, to_json(v))
                })
                .collect(),
        ),
        other => panic!("unexpected CBOR item {other:?}"),
    }
}

/// One HTTP/1.1 POST of raw bytes to `path` on 127.0.0.1: the status and body.
async fn post(url: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let authority = url.strip_prefix("http://").unwrap();
    let mut stream = tokio::net::TcpStream::connect(authority).await.unwrap();
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: {}\r\n\
         Connection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut buf))
        .await
        .expect("answered")
        .unwrap();
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, buf[split + 4..].to_vec())
}
