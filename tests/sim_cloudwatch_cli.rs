//! The AWS CLI's `cloudwatch` commands against `wsfleet sim`, in both protocols the emulator
//! serves them over besides RPC v2 CBOR:
//! - as the pinned CLI v1 speaks them (its CloudWatch model asks for JSON 1.0 with X-Amz-Target
//!   GraniteServiceVersion20100801.<Operation> and `x-amzn-query-mode`);
//! - over awsQuery (a form POSTed to `/`, XML answers and errors), which the model also lists
//!   and older CLI v1 releases speak: the same CLI with the model from `../shared/specs`
//!   reduced to `query`, loaded through AWS_DATA_PATH.
//!
//! Both must give the same answers and the same errors. The `aws` it runs: as
//! tests/sim_appstream_cli.rs (`WSFLEET_AWS_CLI`, /tmp/awscli-venv/bin/aws, PATH); without one
//! the test says why and passes as skipped, or fails under `WSFLEET_CI_REQUIRE_TOOLS=1`.

#[allow(dead_code)] // its `aws` runner: this test needs AWS_DATA_PATH, so it has its own
mod aws_cli;
mod external;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_cli::{find_aws, start_sim};
use serde_json::Value;

/// A data path holding the CloudWatch model with `query` as its only protocol.
fn query_model(dir: &Path) -> Result<(), String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/specs/monitoring-2010-08-01.service.json.gz");
    if !path.exists() {
        return Err(format!("{} is not there", path.display()));
    }
    let out = Command::new("gzip")
        .arg("-dc")
        .arg(&path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    let mut text = String::new();
    out.stdout
        .as_slice()
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    let mut model: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    model["metadata"]["protocol"] = "query".into();
    model["metadata"]["protocols"] = serde_json::json!(["query"]);
    let at = dir.join("cloudwatch").join("2010-08-01");
    std::fs::create_dir_all(&at).map_err(|e| e.to_string())?;
    std::fs::write(at.join("service-2.json"), model.to_string()).map_err(|e| e.to_string())
}

/// `aws cloudwatch <args>`; with `data_path`, over the model found there.
fn aws(bin: &PathBuf, port: u16, data_path: Option<&Path>, args: &[&str]) -> Result<Value, String> {
    let mut cmd = Command::new(bin);
    cmd.args(["--endpoint-url", &format!("http://127.0.0.1:{port}")])
        .args(["--region", "us-east-1", "--output", "json", "cloudwatch"])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "AKIDWSFLEETDEMO")
        .env("AWS_SECRET_ACCESS_KEY", "emulated")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_MAX_ATTEMPTS", "1");
    if let Some(p) = data_path {
        cmd.env("AWS_DATA_PATH", p);
    }
    let out = cmd.output().expect("run aws");
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).expect("aws prints JSON"))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn iso(t: u64) -> String {
    chrono::DateTime::from_timestamp(t as i64, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[test]
fn aws_cli_cloudwatch_commands_in_json_and_awsquery() {
    let bin = match find_aws() {
        Ok(bin) => bin,
        Err(why) => {
            return external::skip("aws_cli_cloudwatch_commands_in_json_and_awsquery", &why)
        }
    };
    let dir = std::env::temp_dir().join(format!("wsfleet-cw-cli-{}", std::process::id()));
    if let Err(why) = query_model(&dir) {
        return external::skip("aws_cli_cloudwatch_commands_in_json_and_awsquery", &why);
    }
    let (_sim, port) = start_sim();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let (start, end) = (iso(now - 3 * 86_400), iso(now + 3600));

    let mut answers = vec![];
    for data_path in [None, Some(dir.as_path())] {
        let listed = aws(
            &bin,
            port,
            data_path,
            &["list-metrics", "--namespace", "AWS/AppStream"],
        )
        .unwrap();
        let metrics = listed["Metrics"].as_array().unwrap().clone();
        assert!(
            !metrics.is_empty() && metrics.len().is_multiple_of(3),
            "{listed}"
        );
        assert_eq!(metrics[0]["Dimensions"][0]["Name"], "Fleet");
        let fleet = metrics[0]["Dimensions"][0]["Value"]
            .as_str()
            .unwrap()
            .to_string();
        let queries = serde_json::json!([{
            "Id": "avail",
            "MetricStat": {
                "Metric": {
                    "Namespace": "AWS/AppStream",
                    "MetricName": "AvailableCapacity",
                    "Dimensions": [{"Name": "Fleet", "Value": fleet}],
                },
                "Period": 86400,
                "Stat": "Average",
            },
        }])
        .to_string();
        let args = [
            "get-metric-data",
            "--start-time",
            &start,
            "--end-time",
            &end,
            "--metric-data-queries",
            &queries,
        ];
        let data = aws(&bin, port, data_path, &args).unwrap();
        let r = &data["MetricDataResults"][0];
        assert_eq!(
            (&r["Id"], &r["StatusCode"]),
            (&"avail".into(), &"Complete".into())
        );
        assert!(!r["Values"].as_array().unwrap().is_empty(), "{data}");
        // The same validation: a Period that is not 1, 5, 10, 20, 30 or a multiple of 60.
        let bad = queries.replace("86400", "7");
        let mut bad_args = args;
        bad_args[6] = &bad;
        let err = aws(&bin, port, data_path, &bad_args).unwrap_err();
        assert!(err.contains("InvalidParameterValue"), "{err}");
        // The CLI prints timestamps as the wire had them (cli_timestamp_format = none): epoch
        // seconds in JSON, ISO 8601 in XML.
        let mut r = r.clone();
        for t in r["Timestamps"].as_array_mut().unwrap() {
            if let Some(secs) = t.as_u64() {
                *t = iso(secs).into();
            }
        }
        answers.push((metrics, r));
    }
    assert_eq!(answers[0], answers[1], "JSON and awsQuery answer alike");
    let _ = std::fs::remove_dir_all(dir);
}
