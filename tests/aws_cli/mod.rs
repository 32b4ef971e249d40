//! The AWS CLI against `wsfleet sim`, for the tests of the CLI's commands (`appstream`,
//! `workspaces`). The `aws` it runs: `WSFLEET_AWS_CLI` (set by `.ci/run`, which installs the CLI
//! into target/ci-venv), else /tmp/awscli-venv/bin/aws from benches/setup-awscli.sh, else one on
//! PATH; without one the caller skips through `external::skip`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The `aws` to run, or why there is none.
pub fn find_aws() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("WSFLEET_AWS_CLI") {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("WSFLEET_AWS_CLI={} is not a file", path.display()))
        };
    }
    let venv = PathBuf::from("/tmp/awscli-venv/bin/aws");
    if venv.is_file() {
        return Ok(venv);
    }
    std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("aws"))
                .find(|p| p.is_file())
        })
        .ok_or_else(|| {
            "no AWS CLI: neither WSFLEET_AWS_CLI, /tmp/awscli-venv/bin/aws \
             (benches/setup-awscli.sh) nor an `aws` on PATH"
                .to_string()
        })
}

pub struct Sim(Child);

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_sim() -> (Sim, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .args(["sim", "--port", &port.to_string(), "--no-throttle"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start wsfleet sim");
    let sim = Sim(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "wsfleet sim did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    (sim, port)
}

/// Runs `aws <service> <args>` against the emulator; Ok(JSON output) or Err(stderr).
pub fn aws(bin: &PathBuf, port: u16, service: &str, args: &[&str]) -> Result<Value, String> {
    let out = Command::new(bin)
        .args(["--endpoint-url", &format!("http://127.0.0.1:{port}")])
        .args(["--region", "us-east-1", "--output", "json", service])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "AKIDWSFLEETDEMO")
        .env("AWS_SECRET_ACCESS_KEY", "emulated")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_MAX_ATTEMPTS", "1")
        .output()
        .expect("run aws");
    if out.status.success() {
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("aws prints JSON")
        })
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
