//! botocore speaking Smithy RPC v2 CBOR to the emulator, as it does from 1.44 on when a
//! service model lists `smithy-rpc-v2-cbor` first: the WorkSpaces model (from `../shared/specs`)
//! is copied with `protocols` reduced to CBOR only (and, for comparison, JSON only), loaded
//! through botocore's data path, and the same calls are made with both clients: reads, the
//! campaign's actions and an error must give equal answers, and the request log must show the
//! CBOR client's calls as `rpc-v2-cbor`.
//!
//! Needs a Python with botocore >= 1.44: `WSFLEET_BOTOCORE_PYTHON` (set by `.ci/run`, which
//! installs botocore into target/ci-venv), else `/tmp/botocore-venv/bin/python`,
//! `/tmp/awscli-venv/bin/python` or `python3`. Without one, or without the model, the test says
//! why and passes as skipped, or fails under `WSFLEET_CI_REQUIRE_TOOLS=1` (`.ci/run`).

mod common;
mod external;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use wsfleet::sim::{RequestLog, SimConfig};

const SCRIPT: &str = r#"
import copy, gzip, json, os, sys, tempfile
import botocore.session
from botocore.exceptions import ClientError

url, model_path = sys.argv[1], sys.argv[2]
model = json.load(gzip.open(model_path))

def client_with(protocol, key="AKIDTEST"):
    m = copy.deepcopy(model)
    m["metadata"]["protocols"] = [protocol]
    m["metadata"]["protocol"] = protocol
    root = tempfile.mkdtemp(prefix="wsfleet-botocore-")
    d = os.path.join(root, "workspaces", m["metadata"]["apiVersion"])
    os.makedirs(d)
    with open(os.path.join(d, "service-2.json"), "w") as f:
        json.dump(m, f)
    s = botocore.session.Session()
    s.get_component("data_loader").search_paths.insert(0, root)
    c = s.create_client("workspaces", region_name="us-east-1", endpoint_url=url,
                        aws_access_key_id=key, aws_secret_access_key="secret")
    sent = []
    text = lambda v: v.decode() if isinstance(v, bytes) else v
    c.meta.events.register("before-send", lambda request, **kw: sent.append(
        (request.url, text(request.headers.get("Content-Type")),
         text(request.headers.get("smithy-protocol")))))
    return c, sent

cbor, cbor_sent = client_with("smithy-rpc-v2-cbor")
js, js_sent = client_with("json")
checks = 0

def same(name, a, b):
    global checks
    a = {k: v for k, v in a.items() if k != "ResponseMetadata"}
    b = {k: v for k, v in b.items() if k != "ResponseMetadata"}
    assert a == b, f"{name}: CBOR {a!r} != JSON {b!r}"
    checks += 1

wss = js.describe_workspaces(Limit=25)["Workspaces"]
avail = [w["WorkspaceId"] for w in wss if w["State"] == "AVAILABLE"]
ws = avail[0]
for name, kw in [("describe_workspaces", {"Limit": 7}),
                 ("describe_workspaces", {"WorkspaceIds": [ws]}),
                 ("describe_workspace_bundles", {}),
                 ("describe_workspace_bundles", {"Owner": "AMAZON"}),
                 ("describe_workspace_images", {}),
                 ("describe_workspace_directories", {}),
                 ("describe_workspace_snapshots", {"WorkspaceId": ws}),
                 ("describe_workspaces_pools", {}),
                 ("describe_tags", {"ResourceId": ws}),
                 ("describe_account", {})]:
    same(name, getattr(cbor, name)(**kw), getattr(js, name)(**kw))

snap = cbor.describe_workspace_snapshots(WorkspaceId=ws)
assert len(snap["RestoreSnapshots"]) == 3, snap
assert hasattr(snap["RestoreSnapshots"][0]["SnapshotTime"], "tzinfo"), "timestamps parse as datetimes"

# The campaign's actions over CBOR: point a bundle at another image, migrate, reboot.
bundles = cbor.describe_workspace_bundles()["Bundles"]
corp = [b for b in bundles if b["Name"] == "Standard-Win10-Corp"][0]
images = cbor.describe_workspace_images(ImageType="OWNED")["Images"]
win11 = [i for i in images if i["Name"] == "Win11-Finance-v3"][0]["ImageId"]
cbor.update_workspace_bundle(BundleId=corp["BundleId"], ImageId=win11)
assert cbor.describe_workspace_bundles(BundleIds=[corp["BundleId"]])["Bundles"][0]["ImageId"] == win11
public = cbor.describe_workspace_bundles(Owner="AMAZON")["Bundles"]
target = [b for b in public if b["Name"].startswith("Performance with Windows")][0]["BundleId"]
windows = [w for w in wss if w["State"] == "AVAILABLE" and w["WorkspaceId"] != ws
           and w["WorkspaceProperties"].get("OperatingSystemName", "").startswith("WINDOWS")
           and w["BundleId"] != target]
mig = cbor.migrate_workspace(SourceWorkspaceId=windows[0]["WorkspaceId"], BundleId=target)
assert mig["SourceWorkspaceId"] == windows[0]["WorkspaceId"] and mig["TargetWorkspaceId"].startswith("ws-"), mig
state = cbor.describe_workspaces(WorkspaceIds=[mig["TargetWorkspaceId"]])["Workspaces"][0]["State"]
assert state in ("PENDING", "AVAILABLE"), state
r = cbor.reboot_workspaces(RebootWorkspaceRequests=[{"WorkspaceId": ws}, {"WorkspaceId": "ws-zz99notreal"}])
assert [f["ErrorCode"] for f in r["FailedRequests"]] == ["ResourceNotFound.Workspace"], r
checks += 4

# Errors: the same code and message either way.
for name, kw in [("describe_workspace_snapshots", {"WorkspaceId": "ws-zz99notreal"}),
                 ("update_workspace_bundle", {"BundleId": "wsb-zz99notreal", "ImageId": win11}),
                 ("migrate_workspace", {"SourceWorkspaceId": "ws-zz99notreal", "BundleId": target})]:
    got = []
    for c in (cbor, js):
        try:
            getattr(c, name)(**kw)
            raise AssertionError(f"{name} should fail")
        except ClientError as e:
            got.append((e.response["Error"]["Code"], e.response["Error"]["Message"],
                        e.response["ResponseMetadata"]["HTTPStatusCode"]))
    assert got[0] == got[1], f"{name}: {got}"
    assert got[0][0] == "ResourceNotFoundException", got
    checks += 1

# Cross-account: shared with 210987654321, listed there as SHARED, copyable over CBOR.
dev, _ = client_with("smithy-rpc-v2-cbor", key="AKIDWSFLEETDEV")
cbor.update_workspace_image_permission(ImageId=win11, AllowCopyImage=True, SharedAccountId="210987654321")
shared = dev.describe_workspace_images(ImageType="SHARED")["Images"]
assert win11 in [i["ImageId"] for i in shared], shared
dev.copy_workspace_image(SourceImageId=win11, SourceRegion="us-east-1", Name="copied-over-cbor")
checks += 1

for u, ct, sp in cbor_sent:
    assert "/service/WorkspacesService/operation/" in u, u
    assert ct == "application/cbor" and sp == "rpc-v2-cbor", (u, ct, sp)
for u, ct, sp in js_sent:
    assert ct == "application/x-amz-json-1.1", (u, ct)
print(f"botocore {botocore.__version__}: {checks} checks passed, {len(cbor_sent)} CBOR requests")
"#;

fn model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/specs/workspaces-2015-04-08.service.json.gz")
}

/// A Python whose botocore is 1.44 or newer, or why there is none.
fn python() -> Result<String, String> {
    let mut candidates: Vec<String> = std::env::var("WSFLEET_BOTOCORE_PYTHON")
        .into_iter()
        .collect();
    candidates.extend(
        [
            "/tmp/botocore-venv/bin/python",
            "/tmp/awscli-venv/bin/python",
            "python3",
        ]
        .map(String::from),
    );
    let mut seen = Vec::new();
    for py in candidates {
        let out = Command::new(&py)
            .args(["-c", "import botocore; print(botocore.__version__)"])
            .output();
        let Ok(out) = out else {
            seen.push(format!("{py}: not found"));
            continue;
        };
        let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let parts: Vec<u32> = version.split('.').filter_map(|p| p.parse().ok()).collect();
        if out.status.success() && parts.len() >= 2 && (parts[0], parts[1]) >= (1, 44) {
            return Ok(py);
        }
        seen.push(if out.status.success() {
            format!("{py}: botocore {version}")
        } else {
            format!("{py}: no botocore")
        });
    }
    Err(seen.join("; "))
}

#[tokio::test]
async fn botocore_over_rpc_v2_cbor_gets_the_json_answers() {
    let model = model_path();
    const TEST: &str = "botocore_over_rpc_v2_cbor_gets_the_json_answers";
    if !model.exists() {
        let why = format!("the WorkSpaces model {} is not there", model.display());
        return external::skip(TEST, &why);
    }
    let py = match python() {
        Ok(py) => py,
        Err(why) => {
            return external::skip(TEST, &format!("no Python with botocore >= 1.44 ({why})"));
        }
    };
    let log = std::env::temp_dir().join(format!("wsfleet-botocore-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&log);
    let emu = common::start_with(SimConfig {
        request_log: Some(RequestLog::open(&log).unwrap()),
        ..common::quiet_config(40)
    })
    .await;
    let url = emu.endpoint_url();
    let script = SCRIPT.to_string();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(&py)
            .arg("-c")
            .arg(script)
            .arg(url)
            .arg(model)
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ENDPOINT_URL")
            .output()
            .expect("python runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "botocore script failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("checks passed"), "{stdout}");
    println!("{}", stdout.trim());

    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let cbor = lines
        .iter()
        .filter(|l| l["protocol"] == "rpc-v2-cbor")
        .count();
    let json = lines.iter().filter(|l| l.get("protocol").is_none()).count();
    assert!(
        cbor >= 20,
        "the CBOR client's calls are logged as rpc-v2-cbor: {cbor}"
    );
    assert!(json >= 10, "the JSON client's are not: {json}");
    assert!(
        lines.iter().any(|l| l["operation"] == "MigrateWorkspace"
            && l["protocol"] == "rpc-v2-cbor"
            && l["status"] == 200),
        "MigrateWorkspace went over CBOR"
    );
    let _ = std::fs::remove_file(&log);
}
