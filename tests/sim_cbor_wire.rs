//! WorkSpaces over Smithy RPC v2 CBOR (the first protocol of the WorkSpaces model): requests
//! encoded with `ciborium` and POSTed to `/service/WorkspacesService/operation/<Operation>`
//! get the same answers as the same requests over awsJson1.1, for reads, an action and errors;
//! timestamp members come as tag 1; hostile bodies are SerializationException; the request log
//! names the protocol.

mod common;

use std::time::Duration;

use ciborium::Value as Cbor;
use common::{RawResponse, REGION};
use serde_json::{json, Value};
use wsfleet::sim::{RequestLog, SimConfig};

const JSON_11: &str = "application/x-amz-json-1.1";
const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261130/us-east-1/workspaces/\
                    aws4_request, SignedHeaders=host, Signature=abcdef";

/// One HTTP/1.1 POST of raw bytes to `path` on 127.0.0.1.
async fn post(url: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> RawResponse {
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
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    assert!(
        !headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")),
        "the emulator sends a Content-Length"
    );
    RawResponse {
        status: status.parse().unwrap(),
        headers,
        body: buf[split + 4..].to_vec(),
    }
}

async fn json_call(url: &str, op: &str, body: &Value) -> RawResponse {
    let target = format!("WorkspacesService.{op}");
    post(
        url,
        "/",
        &[
            ("Content-Type", JSON_11),
            ("X-Amz-Target", &target),
            ("Authorization", AUTH),
        ],
        body.to_string().as_bytes(),
    )
    .await
}

async fn cbor_bytes(url: &str, op: &str, body: &[u8]) -> RawResponse {
    post(
        url,
        &format!("/service/WorkspacesService/operation/{op}"),
        &[
            ("Content-Type", "application/cbor"),
            ("Accept", "application/cbor"),
            ("smithy-protocol", "rpc-v2-cbor"),
            ("Authorization", AUTH),
        ],
        body,
    )
    .await
}

/// The request encoded by ciborium (serde_json::Value is Serialize).
async fn cbor_call(url: &str, op: &str, body: &Value) -> RawResponse {
    let mut bytes = Vec::new();
    ciborium::ser::into_writer(body, &mut bytes).unwrap();
    cbor_bytes(url, op, &bytes).await
}

/// A decoded CBOR answer as JSON, and the member names whose values were tagged 1.
fn decode(resp: &RawResponse) -> (Value, Vec<String>) {
    let item: Cbor = ciborium::de::from_reader(resp.body.as_slice()).expect("a CBOR body");
    let mut tagged = Vec::new();
    (to_json(item, None, &mut tagged), tagged)
}

fn to_json(item: Cbor, member: Option<&str>, tagged: &mut Vec<String>) -> Value {
    match item {
        Cbor::Null => Value::Null,
        Cbor::Bool(b) => json!(b),
        Cbor::Integer(i) => {
            let i = i128::from(i);
            u64::try_from(i).map_or_else(|_| json!(i as i64), |u| json!(u))
        }
        Cbor::Float(f) => json!(f),
        Cbor::Text(s) => json!(s),
        Cbor::Tag(tag, inner) => {
            assert_eq!(tag, 1, "only epoch-seconds timestamps are tagged");
            tagged.push(member.unwrap_or("<no member>").to_string());
            to_json(*inner, member, tagged)
        }
        Cbor::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|i| to_json(i, member, tagged))
                .collect(),
        ),
        Cbor::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let Cbor::Text(k) = k else {
                        panic!("text keys")
                    };
                    let v = to_json(v, Some(&k), tagged);
                    (k, v)
                })
                .collect(),
        ),
        other => panic!("unexpected CBOR item {other:?}"),
    }
}

fn json_number_members(v: &Value, names: &[&str], out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if names.contains(&k.as_str()) {
                    out.push(k.clone());
                }
                json_number_members(x, names, out);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|x| json_number_members(x, names, out)),
        _ => {}
    }
}

/// Removes members whose value depends on the moment of the call.
fn without(mut v: Value, member: &str) -> Value {
    match &mut v {
        Value::Object(m) => {
            m.remove(member);
            for x in m.values_mut() {
                *x = without(x.take(), member);
            }
        }
        Value::Array(items) => {
            for x in items.iter_mut() {
                *x = without(x.take(), member);
            }
        }
        _ => {}
    }
    v
}

/// The members whose shape is a timestamp in the WorkSpaces model (2015-04-08).
const TIMESTAMPS: &[&str] = &[
    "ConnectionStateCheckTimestamp",
    "Created",
    "CreatedAt",
    "CreationTime",
    "ExpirationTime",
    "LastKnownUserConnectionTimestamp",
    "LastUpdatedTime",
    "RecoverySnapshotTime",
    "SnapshotTime",
    "StartTime",
];

#[tokio::test]
async fn cbor_answers_equal_json_answers() {
    let log_path =
        std::env::temp_dir().join(format!("wsfleet-cbor-wire-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&log_path);
    let emu = common::start_with(SimConfig {
        request_log: Some(RequestLog::open(&log_path).unwrap()),
        ..common::quiet_config(20)
    })
    .await;
    let url = emu.endpoint_url();
    let first = json_call(&url, "DescribeWorkspaces", &json!({"Limit": 25})).await;
    assert_eq!(first.status, 200);
    let rows = first.json()["Workspaces"].as_array().unwrap().clone();
    let available: Vec<String> = rows
        .iter()
        .filter(|w| w["State"] == "AVAILABLE")
        .map(|w| w["WorkspaceId"].as_str().unwrap().to_string())
        .collect();
    assert!(available.len() >= 2);
    let ws = &available[0];

    let reads = [
        ("DescribeWorkspaces", json!({"Limit": 7})),
        ("DescribeWorkspaces", json!({"WorkspaceIds": [ws]})),
        ("DescribeWorkspaceBundles", json!({})),
        ("DescribeWorkspaceBundles", json!({"Owner": "AMAZON"})),
        ("DescribeWorkspaceImages", json!({})),
        (
            "DescribeWorkspaceImagePermissions",
            json!({"ImageId": rows_image(&url).await}),
        ),
        ("DescribeWorkspaceDirectories", json!({})),
        ("DescribeWorkspaceSnapshots", json!({"WorkspaceId": ws})),
        (
            "DescribeWorkspacesConnectionStatus",
            json!({"WorkspaceIds": [ws]}),
        ),
        ("DescribeWorkspacesPools", json!({})),
        ("DescribeTags", json!({"ResourceId": ws})),
        ("DescribeAccount", json!({})),
    ];
    for (op, body) in &reads {
        let j = json_call(&url, op, body).await;
        let c = cbor_call(&url, op, body).await;
        assert_eq!(j.status, 200, "{op} over JSON: {}", j.text());
        assert_eq!(c.status, 200, "{op} over CBOR");
        assert_eq!(c.header("content-type"), Some("application/cbor"), "{op}");
        assert_eq!(c.header("smithy-protocol"), Some("rpc-v2-cbor"), "{op}");
        let (cv, mut tagged) = decode(&c);
        // The connection check time is "now" minus a lag: it moves between two calls.
        let clean = |v: Value| without(v, "ConnectionStateCheckTimestamp");
        assert_eq!(
            clean(cv.clone()),
            clean(j.json()),
            "{op} {body}: same answer"
        );
        let mut want = Vec::new();
        json_number_members(&cv, TIMESTAMPS, &mut want);
        tagged.sort();
        want.sort();
        assert_eq!(
            tagged, want,
            "{op}: every timestamp member is tag 1, nothing else is"
        );
    }

    // An action: each protocol reboots one WorkSpace, and fails the same way on an unknown one.
    for (i, call) in ["json", "cbor"].iter().enumerate() {
        let body = json!({"RebootWorkspaceRequests": [
            {"WorkspaceId": available[i]}, {"WorkspaceId": "ws-zz99notreal"}]});
        let got = if *call == "json" {
            json_call(&url, "RebootWorkspaces", &body).await.json()
        } else {
            decode(&cbor_call(&url, "RebootWorkspaces", &body).await).0
        };
        let failed = got["FailedRequests"].as_array().unwrap();
        assert_eq!(failed.len(), 1, "{call}: {got}");
        assert_eq!(failed[0]["ErrorCode"], "ResourceNotFound.Workspace");
    }
    for id in &available[..2] {
        let j = json_call(&url, "DescribeWorkspaces", &json!({"WorkspaceIds": [id]})).await;
        assert_eq!(j.json()["Workspaces"][0]["State"], "REBOOTING", "{id}");
    }

    // Errors: the same status, __type and members in either encoding.
    let errors = [
        (
            "DescribeWorkspaceSnapshots",
            json!({"WorkspaceId": "ws-zz99notreal"}),
        ),
        ("DescribeWorkspaceSnapshots", json!({})),
        (
            "MigrateWorkspace",
            json!({"SourceWorkspaceId": ws, "BundleId": "wsb-zz99notreal"}),
        ),
        (
            "UpdateWorkspaceBundle",
            json!({"BundleId": "wsb-zz99notreal", "ImageId": "wsi-zz99notreal"}),
        ),
        ("RestoreWorkspace", json!({"WorkspaceId": "ws-zz99notreal"})),
    ];
    for (op, body) in &errors {
        let j = json_call(&url, op, body).await;
        let c = cbor_call(&url, op, body).await;
        assert_eq!(c.status, j.status, "{op}");
        assert_eq!(c.status, 400, "{op}");
        assert_eq!(c.header("smithy-protocol"), Some("rpc-v2-cbor"), "{op}");
        let (cv, _) = decode(&c);
        assert_eq!(cv, j.json(), "{op} {body}: same error body");
        assert!(cv["__type"].is_string(), "{op}: __type names the error");
    }
    let c = cbor_call(&url, "NoSuchOperation", &json!({})).await;
    assert_eq!(c.status, 400);
    assert_eq!(decode(&c).0["__type"], "UnknownOperationException");

    // The request log names the protocol of CBOR calls, and reads their resources.
    let lines: Vec<Value> = std::fs::read_to_string(&log_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reboots: Vec<&Value> = lines
        .iter()
        .filter(|l| l["operation"] == "RebootWorkspaces")
        .collect();
    assert_eq!(reboots.len(), 2);
    assert!(reboots[0].get("protocol").is_none(), "{}", reboots[0]);
    assert_eq!(reboots[1]["protocol"], "rpc-v2-cbor");
    assert_eq!(
        reboots[1]["resources"],
        json!([available[1], "ws-zz99notreal"])
    );
    assert_eq!(reboots[1]["region"], REGION);
    let _ = std::fs::remove_file(&log_path);
}

/// An image ID of the fleet (for DescribeWorkspaceImagePermissions).
async fn rows_image(url: &str) -> String {
    let j = json_call(
        url,
        "DescribeWorkspaceImages",
        &json!({"ImageType": "OWNED"}),
    )
    .await;
    j.json()["Images"][0]["ImageId"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn hostile_cbor_bodies_are_serialization_errors() {
    let emu = common::start(5).await;
    let url = emu.endpoint_url();
    let mut map = Vec::new();
    ciborium::ser::into_writer(&json!({"Limit": 1}), &mut map).unwrap();
    let mut trailing = map.clone();
    trailing.push(0x01);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("trailing bytes", trailing),
        ("nesting beyond the limit", vec![0x81; 500]),
        ("truncated", vec![0xa1, 0x65, b'L']),
        ("not a map", vec![0x83, 0x01, 0x02, 0x03]),
        ("a reserved head", vec![0x1c]),
    ];
    for (what, body) in cases {
        let r = cbor_bytes(&url, "DescribeWorkspaces", &body).await;
        assert_eq!(r.status, 400, "{what}");
        assert_eq!(decode(&r).0["__type"], "SerializationException", "{what}");
    }
    // An empty body is an empty input structure.
    let r = cbor_bytes(&url, "DescribeAccount", &[]).await;
    assert_eq!(r.status, 200);
    // And JSON sent to the CBOR path is refused for its media type.
    let r = post(
        &url,
        "/service/WorkspacesService/operation/DescribeAccount",
        &[("Content-Type", JSON_11), ("Authorization", AUTH)],
        b"{}",
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(decode(&r).0["__type"], "SerializationException");
}
