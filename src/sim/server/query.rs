//! CloudWatch over awsQuery, the protocol the CloudWatch model still lists (`protocols`:
//! `query`) and that AWS CLI v1 releases before its CloudWatch model moved to JSON speak:
//! `POST /` with `Content-Type: application/x-www-form-urlencoded` and a body of
//! `Action=<Operation>&Version=2010-08-01&<members>`, lists as `Name.member.N`, structures as
//! `Name.Member`, timestamps in ISO 8601. Answers are XML (`<OpResponse><OpResult>…`), errors
//! `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
//!
//! The form is turned into the JSON members the operations already read and run through the
//! same pipeline (target, faults, CloudWatch's throttle bucket, the request log, validation),
//! so both protocols share every rule; only the encodings are here.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::super::cloudwatch;
use super::super::error::ApiError;
use super::log::{begin_line, end_line};
use super::pipeline::serve;
use super::wire::{with_query_error, with_request_id, Wire, JSON_1_1};
use super::{Reply, Sim};

const XMLNS: &str = "http://monitoring.amazonaws.com/doc/2010-08-01/";
const VERSION: &str = "2010-08-01";
/// Members whose shape is an integer, a boolean or a timestamp (the rest are strings).
const INTEGERS: &[&str] = &["Period", "MaxDatapoints"];
const BOOLEANS: &[&str] = &["ReturnData", "IncludeLinkedAccounts"];
const TIMESTAMPS: &[&str] = &["StartTime", "EndTime"];

/// Whether a request to `/` is awsQuery: a form body and no X-Amz-Target.
pub(super) fn is_query(headers: &HeaderMap) -> bool {
    headers.get("x-amz-target").is_none()
        && super::header_str(headers, "content-type")
            .is_some_and(|ct| ct.contains("x-www-form-urlencoded"))
}

/// One awsQuery call: the form as JSON members through the pipeline, the answer as XML.
pub(super) async fn respond(sim: &Sim, headers: &HeaderMap, body: &[u8]) -> Response {
    let parsed = parse_form(body);
    // The Action named even when another member does not parse (for the request log).
    let action = match &parsed {
        Ok((a, _)) => a.clone(),
        Err(_) => action_of(body),
    };
    let target = format!("{}.{action}", cloudwatch::SERVICE);
    let json = parsed
        .as_ref()
        .map(|(_, v)| serde_json::to_vec(v).unwrap_or_default())
        .unwrap_or_default();
    // The pipeline reads the members as awsJson; the content type says so.
    let mut as_json = headers.clone();
    as_json.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_1_1));
    let pending = begin_line(sim, &as_json, &json, Some(&target), Wire::Json)
        .map(|p| p.with_protocol("query"));
    let answer = match parsed {
        Err(e) => Err(Reply::Api(e)),
        Ok(_) => serve(sim, &as_json, &json, &target, Wire::Json).await,
    };
    let (status, xml, code) = match answer {
        Ok((out, _)) => (StatusCode::OK, Ok((action, out)), None),
        Err(Reply::Api(e)) => {
            let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
            (status, Err(query_code(e.code)), Some((e.code, e.message)))
        }
        Err(Reply::Html500) => return end_line(pending, super::wire::html_500()),
    };
    let mut resp = with_request_id((status, [(header::CONTENT_TYPE, "text/xml")]).into_response());
    let id = resp
        .headers()
        .get("x-amzn-RequestId")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = match (xml, &code) {
        (Ok((action, out)), _) => answer_xml(&action, &out, &id),
        (Err(qcode), Some((_, message))) => error_xml(status, qcode, message, &id),
        (Err(qcode), None) => error_xml(status, qcode, "", &id),
    };
    *resp.body_mut() = Body::from(text);
    if let Some((code, _)) = code {
        resp.headers_mut()
            .insert("x-amzn-ErrorType", HeaderValue::from_static(code));
    }
    end_line(pending, with_query_error(resp))
}

fn action_of(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .find_map(|p| p.strip_prefix("Action="))
        .and_then(|a| decode(a).ok())
        .unwrap_or_default()
}

/// awsQuery's name for a throttled call ("Throttling"); the other codes are the model's.
fn query_code(code: &'static str) -> &'static str {
    match code {
        "ThrottlingException" => "Throttling",
        other => other,
    }
}

/// `Action`, and the other members as the JSON the operations read.
fn parse_form(body: &[u8]) -> Result<(String, Value), ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::new(400, "MalformedQueryString", "The body is not UTF-8"))?;
    let mut root = Value::Object(Map::new());
    let (mut action, mut version) = (None, None);
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode(k)?, decode(v)?);
        match k.as_str() {
            "Action" => action = Some(v),
            "Version" => version = Some(v),
            _ => insert(&mut root, &k, v)?,
        }
    }
    let action = action.ok_or_else(|| {
        ApiError::new(
            400,
            "MissingAction",
            "The request must contain the parameter Action.",
        )
    })?;
    if version.as_deref() != Some(VERSION) {
        return Err(ApiError::new(
            400,
            "InvalidParameterValue",
            format!("The parameter Version must be {VERSION}."),
        ));
    }
    Ok((action, lists(root)))
}

/// Puts `value` at the dotted `key`, typed by the member it ends in.
fn insert(root: &mut Value, key: &str, value: String) -> Result<(), ApiError> {
    let parts: Vec<&str> = key.split('.').collect();
    let mut at = root;
    for part in &parts[..parts.len() - 1] {
        let map = at.as_object_mut().ok_or_else(|| bad_key(key))?;
        at = map
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    let last = parts[parts.len() - 1];
    // The member a list item belongs to: `Name.member.N` is typed by `Name`.
    let name = match parts.as_slice() {
        [.., name, "member", _] => name,
        _ => &last,
    };
    let typed = typed(name, &value).ok_or_else(|| {
        ApiError::new(
            400,
            "InvalidParameterValue",
            format!("The value {value} for parameter {key} is not valid."),
        )
    })?;
    at.as_object_mut()
        .ok_or_else(|| bad_key(key))?
        .insert(last.to_string(), typed);
    Ok(())
}

fn bad_key(key: &str) -> ApiError {
    ApiError::new(
        400,
        "MalformedQueryString",
        format!("The parameter {key} is malformed."),
    )
}

fn typed(name: &str, value: &str) -> Option<Value> {
    if INTEGERS.contains(&name) {
        return value.parse::<i64>().ok().map(Value::from);
    }
    if BOOLEANS.contains(&name) {
        return value.parse::<bool>().ok().map(Value::from);
    }
    if TIMESTAMPS.contains(&name) {
        let t = chrono::DateTime::parse_from_rfc3339(value).ok()?;
        return Some(Value::from(t.timestamp_millis() as f64 / 1000.0));
    }
    Some(Value::String(value.to_string()))
}

/// `{"member": {"1": a, "2": b}}` → `[a, b]`, everywhere.
fn lists(v: Value) -> Value {
    match v {
        Value::Object(mut map) => {
            if map.len() == 1 {
                if let Some(Value::Object(items)) = map.get("member") {
                    let mut items: Vec<(usize, Value)> = items
                        .iter()
                        .map(|(k, v)| (k.parse().unwrap_or(usize::MAX), lists(v.clone())))
                        .collect();
                    items.sort_by_key(|(i, _)| *i);
                    return Value::Array(items.into_iter().map(|(_, v)| v).collect());
                }
            }
            for v in map.values_mut() {
                *v = lists(std::mem::take(v));
            }
            Value::Object(map)
        }
        other => other,
    }
}

/// Percent-decoding of one form key or value (`+` is a space).
fn decode(s: &str) -> Result<String, ApiError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(hex.ok_or_else(|| bad_key(s))?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| bad_key(s))
}

fn answer_xml(action: &str, out: &Value, request_id: &str) -> String {
    let mut body = String::new();
    members(out, false, &mut body);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{XMLNS}\">\
         <{action}Result>{body}</{action}Result><ResponseMetadata><RequestId>{request_id}\
         </RequestId></ResponseMetadata></{action}Response>"
    )
}

fn error_xml(status: StatusCode, code: &str, message: &str, request_id: &str) -> String {
    let fault = if status.is_server_error() {
        "Receiver"
    } else {
        "Sender"
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"{XMLNS}\"><Error>\
         <Type>{fault}</Type><Code>{}</Code><Message>{}</Message></Error><RequestId>\
         {request_id}</RequestId></ErrorResponse>",
        escape(code),
        escape(message)
    )
}

/// An answer's members as XML elements; a list's items as `<member>`, timestamps in ISO 8601.
fn members(v: &Value, timestamp: bool, out: &mut String) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let ts = cloudwatch::TIMESTAMP_MEMBERS.contains(&k.as_str());
                out.push_str(&format!("<{k}>"));
                members(v, ts, out);
                out.push_str(&format!("</{k}>"));
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str("<member>");
                members(item, timestamp, out);
                out.push_str("</member>");
            }
        }
        Value::Number(n) if timestamp => {
            let secs = n.as_f64().unwrap_or(0.0);
            let t = chrono::DateTime::from_timestamp_millis((secs * 1000.0) as i64);
            let text = t.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            out.push_str(&text.unwrap_or_default());
        }
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::String(s) => out.push_str(&escape(s)),
        Value::Null => {}
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_becomes_the_typed_members_and_an_answer_xml() {
        let body = "Action=GetMetricData&Version=2010-08-01&StartTime=2026-12-01T00%3A00%3A00Z\
                    &MetricDataQueries.member.2.Id=b&MetricDataQueries.member.1.Id=a\
                    &MetricDataQueries.member.1.MetricStat.Period=3600\
                    &MetricDataQueries.member.1.ReturnData=false\
                    &MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=Fleet";
        let (action, v) = parse_form(body.as_bytes()).unwrap();
        assert_eq!(action, "GetMetricData");
        let q = &v["MetricDataQueries"];
        assert_eq!(
            (q[0]["Id"].as_str(), q[1]["Id"].as_str()),
            (Some("a"), Some("b"))
        );
        assert_eq!(q[0]["MetricStat"]["Period"], 3600);
        assert_eq!(q[0]["ReturnData"], false);
        assert_eq!(
            q[0]["MetricStat"]["Metric"]["Dimensions"][0]["Name"],
            "Fleet"
        );
        assert_eq!(v["StartTime"], 1_796_083_200.0);
        let bad = parse_form(b"Action=ListMetrics&Version=2010-08-01&MaxDatapoints=x");
        assert_eq!(bad.unwrap_err().code, "InvalidParameterValue");
        let out = serde_json::json!({"MetricDataResults": [{"Id": "a",
            "Timestamps": [1_796_083_200.0], "Values": [1.5]}]});
        let xml = answer_xml("GetMetricData", &out, "r");
        assert!(xml.contains("<Timestamps><member>2026-12-01T00:00:00Z</member></Timestamps>"));
        assert!(
            xml.contains("<Values><member>1.5</member></Values>"),
            "{xml}"
        );
    }
}
