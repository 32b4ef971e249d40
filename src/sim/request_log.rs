//! The request log (`wsfleet sim --request-log`, `--demo --sim-request-log`): one JSON line per
//! HTTP request that reached the emulator, whatever it was answered with, so tests and scripts
//! can count what a client really sent (retries, throttled calls, batches) rather than what it
//! reported.
//!
//! A line: `{"time":"2026-11-21T09:14:03.512Z","account":"123456789012","region":"us-east-1",
//! "operation":"RebootWorkspaces","status":200,"error":null,"resources":["ws-…"]}`. `time` is
//! when the request arrived (RFC 3339, UTC, milliseconds); `account` and `region` come from the
//! SigV4 credential scope (null when it did not resolve); `operation` is the X-Amz-Target
//! name (null without one); `error` is the `__type` of an error answer; `resources` is only on
//! mutating operations (see `ops::resource_ids`). WorkSpaces Applications calls carry
//! `"service":"appstream"` after `operation` (WorkSpaces lines have no `service`), and their
//! `resources` are image, fleet and session names or IDs (`appstream::resource_ids`). A
//! request sent as Smithy RPC v2 CBOR (either service) carries `"protocol":"rpc-v2-cbor"` after
//! `service` (CloudWatch over awsQuery `"protocol":"query"`); awsJson1.1 lines have no `protocol`, so lines written before both protocols were
//! served read the same. `status` is null only for a request whose
//! client hung up before it was answered (during a Hang fault or the added latency).
//!
//! The log is a side channel: it never changes an answer, and a failed write is dropped
//! rather than reported, since the demo's terminal has no room for emulator messages.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// An open request log, shared by every request (cloning shares the file).
#[derive(Debug, Clone)]
pub struct RequestLog {
    path: PathBuf,
    file: Arc<File>,
}

impl RequestLog {
    /// Opens `path` for appending, creating it 0600 (the log names accounts and resources).
    /// Opened once, at startup, so a bad path is reported before anything runs.
    pub fn open(path: impl Into<PathBuf>) -> io::Result<RequestLog> {
        let path = path.into();
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&path)?;
        Ok(RequestLog {
            path,
            file: Arc::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts the line of a request that just arrived; it is written when the request is
    /// answered (`Pending::answered`) or dropped unanswered.
    pub fn begin(&self, request: RequestInfo) -> Pending {
        Pending {
            log: self.clone(),
            line: Some(Line {
                time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                account: request.account,
                region: request.region,
                operation: request.operation,
                service: request.service,
                protocol: request.protocol,
                status: None,
                error: None,
                resources: request.resources,
            }),
        }
    }

    /// One `write` of the whole line on an O_APPEND file: concurrent requests never interleave,
    /// and the line is in the file (the file has no user-space buffer) when this returns, so a
    /// client that has its answer can read it. The write blocks the handler briefly; a line is
    /// far smaller than a page.
    fn append(&self, line: &Line) {
        let Ok(mut bytes) = serde_json::to_vec(line) else {
            return;
        };
        bytes.push(b'\n');
        let _ = (&*self.file).write_all(&bytes);
    }
}

/// What is known of a request when it arrives.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    pub account: Option<String>,
    pub region: Option<String>,
    pub operation: Option<String>,
    /// The service's signing name, for services other than WorkSpaces ("appstream").
    pub service: Option<&'static str>,
    /// Some for mutating operations, even when empty.
    pub resources: Option<Vec<String>>,
    /// The wire protocol when it is not awsJson1.1 ("rpc-v2-cbor").
    pub protocol: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct Line {
    time: String,
    account: Option<String>,
    region: Option<String>,
    operation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<&'static str>,
    status: Option<u16>,
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resources: Option<Vec<String>>,
}

/// A request not yet answered. Dropping it unanswered (the client hung up, or the emulator
/// stopped, while the request waited) still writes its line, with status null.
#[must_use = "the line is written when the request is answered"]
pub struct Pending {
    log: RequestLog,
    line: Option<Line>,
}

impl Pending {
    /// The wire protocol, when the request's encoding did not say it (awsQuery, turned into
    /// awsJson members before the pipeline: `"protocol":"query"`).
    pub fn with_protocol(mut self, protocol: &'static str) -> Pending {
        if let Some(line) = self.line.as_mut() {
            line.protocol = Some(protocol);
        }
        self
    }

    /// Writes the line with the answer's HTTP status and error `__type`, before the answer
    /// goes out.
    pub fn answered(mut self, status: u16, error: Option<&str>) {
        if let Some(mut line) = self.line.take() {
            line.status = Some(status);
            line.error = error.map(String::from);
            self.log.append(&line);
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(line) = self.line.take() {
            self.log.append(&line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::os::unix::fs::PermissionsExt;

    fn temp_path(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wsfleet-reqlog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        let _ = std::fs::remove_file(&path);
        path
    }

    fn lines(path: &Path) -> Vec<Value> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect()
    }

    #[test]
    fn lines_are_appended_with_every_key() {
        let path = temp_path("keys.jsonl");
        std::fs::write(&path, "{\"earlier\":true}\n").unwrap();
        let log = RequestLog::open(&path).unwrap();
        log.begin(RequestInfo {
            account: Some("123456789012".into()),
            region: Some("us-east-1".into()),
            operation: Some("StopWorkspaces".into()),
            service: None,
            resources: Some(vec!["ws-a".into(), "ws-b".into()]),
            protocol: None,
        })
        .answered(400, Some("ThrottlingException"));
        log.begin(RequestInfo {
            operation: Some("DescribeWorkspaces".into()),
            ..RequestInfo::default()
        })
        .answered(403, Some("MissingAuthenticationToken"));
        log.begin(RequestInfo {
            operation: Some("DescribeWorkspaces".into()),
            protocol: Some("rpc-v2-cbor"),
            ..RequestInfo::default()
        })
        .answered(200, None);

        let got = lines(&path);
        assert_eq!(got.len(), 4, "appended after what was there");
        assert!(
            !got[1].as_object().unwrap().contains_key("protocol"),
            "awsJson1.1 lines name no protocol"
        );
        assert_eq!(got[3]["protocol"], "rpc-v2-cbor");
        let stop = &got[1];
        assert_eq!(stop["account"], "123456789012");
        assert_eq!(stop["region"], "us-east-1");
        assert_eq!(stop["operation"], "StopWorkspaces");
        assert_eq!(stop["status"], 400);
        assert_eq!(stop["error"], "ThrottlingException");
        assert_eq!(stop["resources"], serde_json::json!(["ws-a", "ws-b"]));
        let time = stop["time"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(time).is_ok() && time.ends_with('Z'),
            "{time}"
        );
        assert_eq!(time.len(), "2026-11-21T09:14:03.512Z".len(), "milliseconds");
        let describe = got[2].as_object().unwrap();
        assert_eq!(describe["account"], Value::Null);
        assert_eq!(describe["region"], Value::Null);
        assert!(
            !describe.contains_key("resources"),
            "reads list no resources"
        );
    }

    #[test]
    fn a_new_file_is_created_0600() {
        let path = temp_path("mode.jsonl");
        RequestLog::open(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn an_unanswered_request_is_logged_with_a_null_status() {
        let path = temp_path("dropped.jsonl");
        let log = RequestLog::open(&path).unwrap();
        drop(log.begin(RequestInfo {
            operation: Some("DescribeWorkspaces".into()),
            ..RequestInfo::default()
        }));
        let got = lines(&path);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0]["status"], Value::Null);
        assert_eq!(got[0]["error"], Value::Null);
    }

    #[test]
    fn an_unopenable_path_is_an_error() {
        let err = RequestLog::open(temp_path("no-such-dir").join("log.jsonl")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }
}
