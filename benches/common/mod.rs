//! Shared helpers of the benchmarks: settings from the environment, statistics, tables and
//! a description of the machine. Benchmarks print figures; they never fail on one.

#![allow(dead_code)]

use std::time::Duration;

pub mod pty;

/// `WSFLEET_BENCH_QUICK=1` shrinks every size for a smoke run.
pub fn quick() -> bool {
    std::env::var("WSFLEET_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A number from the environment, else `default` (or `quick_default` in a quick run).
pub fn env_num<T: std::str::FromStr>(name: &str, default: T, quick_default: T) -> T {
    match std::env::var(name).ok().and_then(|v| v.parse().ok()) {
        Some(v) => v,
        None if quick() => quick_default,
        None => default,
    }
}

/// A comma-separated list of numbers from the environment.
pub fn env_list(name: &str, default: &[usize], quick_default: &[usize]) -> Vec<usize> {
    if let Ok(v) = std::env::var(name) {
        let parsed: Vec<usize> = v.split(',').filter_map(|s| s.trim().parse().ok()).collect();
        if !parsed.is_empty() {
            return parsed;
        }
    }
    if quick() {
        quick_default.to_vec()
    } else {
        default.to_vec()
    }
}

/// Median, 95th percentile and max of a sample.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub n: usize,
    pub median: Duration,
    pub p95: Duration,
    pub max: Duration,
}

pub fn summarize(mut xs: Vec<Duration>) -> Summary {
    assert!(!xs.is_empty());
    xs.sort();
    let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize];
    Summary {
        n: xs.len(),
        median: at(0.5),
        p95: at(0.95),
        max: *xs.last().unwrap(),
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// A plain-text table: a header row, then rows, columns padded to fit.
pub struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(title: &str, header: &[&str]) -> Self {
        Table {
            title: title.to_string(),
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: vec![],
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Prints as a Markdown table, so results paste straight into BENCHMARKS.md.
    pub fn print(&self) {
        let n = self.header.len();
        let mut width: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                width[i] = width[i].max(c.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut s = String::from("|");
            for (i, w) in width.iter().enumerate() {
                let c = cells.get(i).map(String::as_str).unwrap_or("");
                s.push_str(&format!(" {c:<w$} |"));
            }
            s
        };
        println!();
        println!("### {}", self.title);
        println!();
        println!("{}", line(&self.header));
        let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
        println!("{}", line(&rule).replace(' ', "-"));
        for r in &self.rows {
            println!("{}", line(r));
        }
        println!();
    }
}

/// The machine, for the record: CPUs, model, memory, OS, rustc.
pub fn print_machine() {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "?".into());
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    let os = std::fs::read_to_string("/etc/os-release")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("PRETTY_NAME="))
        .map(|l| {
            l.trim_start_matches("PRETTY_NAME=")
                .trim_matches('"')
                .to_string()
        })
        .unwrap_or_else(|| "?".into());
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "?".into());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("machine: {cpus} CPUs, {model}; {mem}; {os}; {rustc}");
    println!("load average at start: {}", load.trim());
    if quick() {
        println!(
            "QUICK RUN (WSFLEET_BENCH_QUICK): sizes shrunk, figures not comparable to targets"
        );
    }
}

/// The one place benchmarks build a page message, so a change to `Msg::Page` (e.g. a
/// `region` field for multi-region) is a one-line fix here.
pub fn page_msg(sweep: u64, rows: wsfleet::app::Rows, last: bool) -> wsfleet::app::Msg {
    wsfleet::app::Msg::Page {
        region: "us-east-1".into(),
        sweep,
        rows,
        last,
    }
}

/// The pane and end-of-sweep flag of a page message, if it is one.
pub fn page_info(msg: &wsfleet::app::Msg) -> Option<(wsfleet::panes::PaneKind, bool, usize)> {
    use wsfleet::app::Msg;
    match msg {
        Msg::Page { rows, last, .. } => {
            let n = rows.len();
            Some((rows.pane(), *last, n))
        }
        _ => None,
    }
}

/// The AWS CLI v1 to compare with, if there is one.
pub fn find_aws() -> Option<String> {
    let candidates: Vec<String> = match std::env::var("WSFLEET_BENCH_AWS") {
        Ok(v) if v == "none" => return None,
        Ok(v) => vec![v],
        Err(_) => vec!["/tmp/awscli-venv/bin/aws".into(), "aws".into()],
    };
    for c in candidates {
        if let Ok(out) = std::process::Command::new(&c).arg("--version").output() {
            let v = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if out.status.success() {
                println!("AWS CLI: {c}: {}", v.trim());
                if !v.contains("aws-cli/1.") {
                    println!("  (not v1: the comparison asks for v1; using it anyway)");
                }
                return Some(c);
            }
        }
    }
    println!("AWS CLI not found: skipping the CLI side (run benches/setup-awscli.sh, or set WSFLEET_BENCH_AWS)");
    None
}
