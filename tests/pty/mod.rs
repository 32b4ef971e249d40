//! Run the real wsfleet binary in a pseudo-terminal and read its screen with a VT100 parser.

#![allow(dead_code)]

pub mod hangup;

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

static SESSIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    /// Every byte the program wrote, for checks on escape sequences.
    raw: Arc<Mutex<Vec<u8>>>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Set when the reader saw the end of the output (the program closed the terminal).
    drained: Arc<AtomicBool>,
}

impl Session {
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::spawn_with_env(args, cols, rows, &[("TERM", "xterm-256color")])
    }

    /// `spawn` with these environment variables set (TERM among them).
    pub fn spawn_with_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_wsfleet"));
        cmd.args(args);
        // Each session gets its own warm-start cache, so runs never see each other's fleet.
        let cache = std::env::temp_dir().join(format!(
            "wsfleet-pty-cache-{}-{}",
            std::process::id(),
            SESSIONS.fetch_add(1, Ordering::SeqCst)
        ));
        cmd.env("WSFLEET_CACHE_DIR", &cache);
        // And its own unfinished-jobs journal (a test that restarts passes the same one).
        cmd.env("WSFLEET_DATA_DIR", cache.join("data"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        // Outside tmux, whatever runs the tests: escape sequences are checked unwrapped.
        cmd.env_remove("TMUX");
        let child = pair.slave.spawn_command(cmd).expect("spawn wsfleet");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let raw = Arc::new(Mutex::new(Vec::new()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let (raw2, parser2) = (raw.clone(), parser.clone());
        let drained = Arc::new(AtomicBool::new(false));
        let drained2 = drained.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                raw2.lock().unwrap().extend_from_slice(&buf[..n]);
                parser2.lock().unwrap().process(&buf[..n]);
            }
            drained2.store(true, Ordering::SeqCst);
        });
        Session {
            master: pair.master,
            writer,
            child,
            raw,
            parser,
            drained,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait until the screen satisfies `pred`; panics with the screen on timeout.
    pub fn wait_for(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        wait_screen(what, timeout, || self.screen(), pred)
    }

    /// Wait for the program to exit; returns its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader take in the last bytes (terminal restore) before checks.
                while !self.drained.load(Ordering::SeqCst) && start.elapsed() < timeout {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return status.exit_code();
            }
            if start.elapsed() > timeout {
                self.child.kill().ok();
                panic!("wsfleet did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Send a signal to the program (e.g. `libc::SIGTERM`).
    pub fn signal(&self, sig: i32) {
        let pid = self.child.process_id().expect("child pid") as libc::pid_t;
        // SAFETY: kill has no memory-safety preconditions; pid is our own child.
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0, "kill({pid}, {sig})");
    }

    /// Whether the pty is in canonical, echoing mode (what a shell expects after we exit).
    pub fn is_cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("pty fd");
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: fd is a valid pty master owned by self; t is a valid termios buffer.
        let rc = unsafe { libc::tcgetattr(fd, &mut t) };
        assert_eq!(rc, 0, "tcgetattr failed");
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.child.kill().ok();
    }
}

/// Wait until `screen()` satisfies `pred`; panics with the screen on timeout.
pub fn wait_screen(
    what: &str,
    timeout: Duration,
    screen: impl Fn() -> String,
    pred: impl Fn(&str) -> bool,
) -> String {
    let start = Instant::now();
    loop {
        let s = screen();
        if pred(&s) {
            return s;
        }
        if start.elapsed() > timeout {
            panic!("timed out waiting for {what}; screen:\n{s}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Wait until `done` holds (say, a file the program writes exists); panics naming `what` on
/// timeout. For conditions outside the screen, as `Session::wait_for` is for the screen.
pub fn wait_until(what: &str, timeout: Duration, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        if start.elapsed() > timeout {
            panic!("timed out waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What a confirmation on `screen` asks to be typed ("Type 12 and press Enter"), if it asks.
pub fn typed(screen: &str) -> Option<String> {
    let word = screen.split("Type ").nth(1)?.split_whitespace().next()?;
    Some(word.to_string())
}

impl Session {
    /// Confirm the dialog on `screen`: type what it asks for, or Tab to OK and Enter.
    pub fn confirm(&mut self, screen: &str) {
        match typed(screen) {
            Some(word) => self.send(&format!("{word}\r")),
            None => self.send("\t\r"),
        }
    }
}

/// The emulator's request log (`--sim-request-log`), one JSON value per line.
pub fn request_log(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The resource IDs of every answered (HTTP 200) `operation` call among `lines`.
pub fn sent(lines: &[serde_json::Value], operation: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|v| v["operation"] == operation && v["status"] == 200)
        .flat_map(|v| v["resources"].as_array().cloned().unwrap_or_default())
        .map(|r| r.as_str().unwrap_or_default().to_string())
        .collect()
}

/// A port on 127.0.0.1 free a moment ago (bound, then released), for `start_sim`.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `wsfleet sim --port PORT` with `args` (output discarded); waits until it accepts calls.
/// The caller kills it.
pub fn start_sim(port: u16, args: &[&std::ffi::OsStr]) -> std::process::Child {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_wsfleet"))
        .args(["sim", "--port", &port.to_string()])
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start wsfleet sim");
    wait_until("the emulator listens", Duration::from_secs(60), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    child
}
