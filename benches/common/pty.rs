//! The real `wsfleet` binary in a pseudo-terminal, and `wsfleet sim` as a separate process:
//! what the terminal and answer benches drive.

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The binary Cargo built for this bench; WSFLEET_BENCH_BIN overrides it (the target dir may
/// be shared with another checkout whose build replaces it).
pub fn bin() -> String {
    std::env::var("WSFLEET_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wsfleet").into())
}
/// The pty's size: WSFLEET_BENCH_COLS x WSFLEET_BENCH_LINES, 160x48 unless told.
pub fn cols() -> u16 {
    size_from("WSFLEET_BENCH_COLS", 160)
}
pub fn lines() -> u16 {
    size_from("WSFLEET_BENCH_LINES", 48)
}
fn size_from(var: &str, default: u16) -> u16 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What the reader thread saw.
#[derive(Default)]
pub struct Seen {
    pub bytes: usize,
    pub last_output: Option<Instant>,
    pub first_frame: Option<Instant>,
    pub first_rows: Option<Instant>,
}

/// The real binary in a pty, its screen kept by a vt100 parser on a reader thread.
pub struct Session {
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    pub seen: Arc<Mutex<Seen>>,
    pub started: Instant,
}

/// Directories the app reads and writes (config, data, cache, ~/.aws), kept per run.
fn isolate(cmd: &mut CommandBuilder, home: &Path) {
    let _ = std::fs::create_dir_all(home);
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("XDG_CACHE_HOME", home.join("cache"));
    cmd.env("AWS_CONFIG_FILE", home.join("aws-config"));
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"));
    cmd.env_remove("AWS_PROFILE");
    cmd.env_remove("WSFLEET_CONFIG");
    // The cache goes to XDG_CACHE_HOME under `home`, never to a caller's override.
    cmd.env_remove("WSFLEET_CACHE_DIR");
    cmd.env_remove("WSFLEET_DATA_DIR");
}

impl Session {
    /// `wsfleet` against the emulator at `url`, with `extra` arguments, everything it keeps
    /// under `home`.
    pub fn spawn(url: &str, rate: f64, burst: u32, home: &Path, extra: &[String]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: lines(),
                cols: cols(),
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(bin());
        cmd.args([
            "--endpoint-url",
            url,
            "--region",
            "us-east-1",
            "--api-rate",
            &rate.to_string(),
            "--api-burst",
            &burst.to_string(),
            // No second sweep during the run: idle means nothing changing.
            "--refresh",
            "86400",
            "--audit-log",
            &home.join("audit.log").to_string_lossy(),
        ]);
        cmd.args(extra);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("TMUX");
        cmd.env("AWS_ACCESS_KEY_ID", "AKIDEMULATOR");
        cmd.env("AWS_SECRET_ACCESS_KEY", "emulator");
        isolate(&mut cmd, home);
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn wsfleet");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(lines(), cols(), 0)));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let (p2, s2) = (parser.clone(), seen.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let now = Instant::now();
                let mut p = p2.lock().unwrap();
                p.process(&buf[..n]);
                let mut s = s2.lock().unwrap();
                s.bytes += n;
                s.last_output = Some(now);
                if s.first_frame.is_none() || s.first_rows.is_none() {
                    let screen = p.screen().contents();
                    if s.first_frame.is_none() && screen.contains(" wsfleet ") {
                        s.first_frame = Some(now);
                    }
                    if s.first_rows.is_none() && screen.contains("ws-") {
                        s.first_rows = Some(now);
                    }
                }
            }
        });
        Session {
            _master: pair.master,
            writer,
            child,
            parser,
            seen,
            started,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn bytes(&self) -> usize {
        self.seen.lock().unwrap().bytes
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    pub fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Poll the screen every 5 ms until `pred` holds (true) or `timeout` passes (false).
    pub fn wait_for(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if pred(&self.screen()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        println!("timed out waiting for {what}; screen:\n{}", self.screen());
        false
    }

    /// Wait until nothing has been written for `quiet` (at most `max`).
    pub fn settle(&self, quiet: Duration, max: Duration) {
        let start = Instant::now();
        while start.elapsed() < max {
            let last = self.seen.lock().unwrap().last_output;
            if last.is_none_or(|t| t.elapsed() >= quiet) {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.child.kill().ok();
        let _ = self.child.wait();
    }
}

/// `wsfleet sim` as a separate process; returns it and its endpoint URL.
pub fn start_sim(size: usize, rate: f64, burst: u32, home: &Path) -> (std::process::Child, String) {
    let _ = std::fs::create_dir_all(home);
    let mut child = Command::new(bin())
        .args(["sim", "--port", "0", "--size", &size.to_string()])
        .args(["--rate", &rate.to_string(), "--burst", &burst.to_string()])
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("WSFLEET_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn wsfleet sim");
    let out = child.stdout.take().unwrap();
    let mut lines = BufReader::new(out).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("wsfleet sim printed its endpoint")
            .expect("read sim output");
        if let Some(i) = line.find("http://") {
            break line[i..].trim().to_string();
        }
    };
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}
