//! CloudWatch over awsQuery in the emulator (a form POSTed to `/`, XML answers and errors),
//! sent raw: the answer's XML shape, the model's validation and errors as `<ErrorResponse>`,
//! the same throttle bucket as the RPC v2 CBOR path (`aws-sdk-cloudwatch`), and request-log
//! lines with `"service":"monitoring"` and `"protocol":"query"`. The AWS CLI's view of the
//! same protocol: tests/sim_cloudwatch_cli.rs.

mod common;

use aws_sdk_cloudwatch::config::retry::RetryConfig;
use aws_sdk_cloudwatch::config::{BehaviorVersion, Credentials, Region};
use common::{quiet_config, raw_post, start_with, RawResponse};
use serde_json::Value;
use wsfleet::sim::{Emulator, RequestLog, SimConfig, ThrottleConfig};

const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDWSFLEETDEMO/20261207/us-east-1/monitoring/\
                    aws4_request, SignedHeaders=host, Signature=0";

async fn query(emu: &Emulator, form: &str) -> RawResponse {
    let headers = [
        ("Authorization", AUTH),
        (
            "Content-Type",
            "application/x-www-form-urlencoded; charset=utf-8",
        ),
    ];
    raw_post(&emu.endpoint_url(), &headers, form).await
}

fn cloudwatch(emu: &Emulator) -> aws_sdk_cloudwatch::Client {
    let conf = aws_sdk_cloudwatch::config::Builder::new()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(common::REGION))
        .endpoint_url(emu.endpoint_url())
        .credentials_provider(Credentials::new("AKIDWSFLEETDEMO", "s", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_cloudwatch::Client::from_conf(conf)
}

const GET: &str = "Action=GetMetricData&Version=2010-08-01\
    &StartTime=2026-12-01T00%3A00%3A00Z&EndTime=2026-12-08T00%3A00%3A00Z\
    &MetricDataQueries.member.1.Id=a\
    &MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FAppStream\
    &MetricDataQueries.member.1.MetricStat.Metric.MetricName=AvailableCapacity\
    &MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=Fleet\
    &MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=nobody\
    &MetricDataQueries.member.1.MetricStat.Stat=Average\
    &MetricDataQueries.member.1.MetricStat.Period=PERIOD";

#[tokio::test]
async fn xml_answers_xml_errors_one_throttle_bucket_and_log_lines() {
    let dir = std::env::temp_dir().join(format!("wsfleet-cwq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("requests.jsonl");
    let emu = start_with(SimConfig {
        request_log: Some(RequestLog::open(&path).unwrap()),
        ..quiet_config(20)
    })
    .await;

    let listed = query(
        &emu,
        "Action=ListMetrics&Version=2010-08-01&Namespace=AWS%2FAppStream",
    )
    .await;
    assert_eq!(listed.status, 200, "{}", listed.text());
    assert!(listed.header("content-type").unwrap().contains("xml"));
    let xml = listed.text();
    assert!(
        xml.contains(
            "<ListMetricsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
        ),
        "{xml}"
    );
    assert!(xml.contains("<Name>Fleet</Name>"), "{xml}");
    assert!(xml.contains("<RequestId>"), "{xml}");

    let ok = query(&emu, &GET.replace("PERIOD", "86400")).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert!(
        ok.text().contains("<Id>a</Id>") && ok.text().contains("<StatusCode>Complete</StatusCode>")
    );

    // The model's validation, as an awsQuery error.
    let bad = query(&emu, &GET.replace("PERIOD", "7")).await;
    assert_eq!(bad.status, 400);
    let xml = bad.text();
    assert!(
        xml.contains("<Type>Sender</Type><Code>InvalidParameterValue</Code>"),
        "{xml}"
    );
    assert_eq!(
        bad.header("x-amzn-query-error"),
        Some("InvalidParameterValue;Sender")
    );
    let typed = query(&emu, &GET.replace("PERIOD", "daily")).await;
    assert!(
        typed.text().contains("<Code>InvalidParameterValue</Code>"),
        "{}",
        typed.text()
    );
    let no_version = query(&emu, "Action=ListMetrics").await;
    assert_eq!(no_version.status, 400, "{}", no_version.text());

    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let get: Vec<&Value> = lines
        .iter()
        .filter(|l| l["operation"] == "GetMetricData")
        .collect();
    assert_eq!(get.len(), 3, "{text}");
    for l in get {
        assert_eq!(
            (&l["service"], &l["protocol"]),
            (&"monitoring".into(), &"query".into()),
            "{l}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn awsquery_shares_cloudwatchs_throttle_bucket() {
    let emu = start_with(SimConfig {
        throttle: Some(ThrottleConfig {
            rate: 0.0,
            burst: 1,
        }),
        ..quiet_config(20)
    })
    .await;
    // The CBOR client takes the only token…
    cloudwatch(&emu)
        .list_metrics()
        .send()
        .await
        .expect("the bucket's token");
    // …so the awsQuery call is throttled, in XML.
    let r = query(&emu, "Action=ListMetrics&Version=2010-08-01").await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("<Code>Throttling</Code>"), "{}", r.text());
}
