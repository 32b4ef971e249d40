//! The two wire protocols' encodings: request bodies in, answers and errors out.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde_json::Value;

use super::super::appstream;
use super::super::cbor;
use super::super::cloudwatch;
use super::super::error::ApiError;
use super::super::types::TIMESTAMP_MEMBERS;
use super::target::Service;

pub(super) const JSON_1_1: &str = "application/x-amz-json-1.1";
pub(super) const CBOR: &str = "application/cbor";
/// The `smithy-protocol` header value of RPC v2 CBOR, and the request log's name for it.
pub(super) const RPC_V2_CBOR: &str = "rpc-v2-cbor";

/// How a request body, and so its answer, is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wire {
    /// awsJson1.1 (`POST /` with X-Amz-Target).
    Json,
    /// Smithy RPC v2 CBOR (`POST /service/<Service>/operation/<Operation>`).
    Cbor,
}

/// An empty CBOR body counts as an empty map; anything else must be one CBOR map.
pub(super) fn parse_cbor_body(body: &[u8]) -> Result<Value, ApiError> {
    if body.is_empty() {
        return Ok(Value::Object(Default::default()));
    }
    match cbor::decode(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(ApiError::serialization(
            "The request body must be a CBOR map",
        )),
        Err(e) => Err(ApiError::serialization(format!(
            "The request body is not valid CBOR: {e}"
        ))),
    }
}

/// An empty body counts as `{}`; anything else must be a JSON object.
pub(super) fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(ApiError::serialization(
            "The request body must be a JSON object",
        )),
        Err(e) => Err(ApiError::serialization(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}

pub(super) fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    (status, [(header::CONTENT_TYPE, JSON_1_1)], bytes).into_response()
}

/// The answer in the request's encoding. RPC v2 CBOR answers carry `smithy-protocol`, and
/// tag the timestamp members of the service the call was for (an error body has none).
pub(super) fn body_response(
    status: StatusCode,
    body: &Value,
    wire: Wire,
    service: Service,
) -> Response {
    match wire {
        Wire::Json => json_response(status, body),
        Wire::Cbor => {
            let timestamps = match service {
                Service::WorkSpaces => TIMESTAMP_MEMBERS,
                Service::AppStream => appstream::TIMESTAMP_MEMBERS,
                Service::CloudWatch => cloudwatch::TIMESTAMP_MEMBERS,
            };
            let bytes = cbor::encode(body, timestamps);
            (
                status,
                [("content-type", CBOR), ("smithy-protocol", RPC_V2_CBOR)],
                bytes,
            )
                .into_response()
        }
    }
}

/// An error: awsJson1.1 and RPC v2 CBOR both carry the code in the body's `__type` (with the
/// HTTP status of the error); x-amzn-ErrorType repeats it for the request log and for
/// clients that read it first.
pub(super) fn error_response(e: &ApiError, wire: Wire) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut resp = body_response(status, &e.body(), wire, Service::WorkSpaces);
    resp.headers_mut()
        .insert("x-amzn-ErrorType", HeaderValue::from_static(e.code));
    resp
}

/// CloudWatch's model is `awsQueryCompatible`: its SDK (which sends `x-amzn-query-mode`)
/// takes the error code from `x-amzn-query-error: <Code>;<Sender|Receiver>`.
pub(super) fn with_query_error(mut resp: Response) -> Response {
    let code = resp
        .headers()
        .get("x-amzn-ErrorType")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(code) = code {
        let fault = if resp.status().is_server_error() {
            "Receiver"
        } else {
            "Sender"
        };
        if let Ok(v) = HeaderValue::from_str(&format!("{code};{fault}")) {
            resp.headers_mut().insert("x-amzn-query-error", v);
        }
    }
    resp
}

pub(super) fn html_500() -> Response {
    let page = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n\
                <center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\
                \r\n</body>\r\n</html>\r\n";
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// Every response carries a request ID, like AWS's.
pub(super) fn with_request_id(mut resp: Response) -> Response {
    let mut rng = rand::rng();
    let r: u128 = rng.random();
    let hex = format!("{r:032x}");
    let id = format!(
        "{}-{}-4{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        ["8", "9", "a", "b"][(r % 4) as usize],
        &hex[17..20],
        &hex[20..32]
    );
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-amzn-RequestId", v);
    }
    resp
}
