//! wsfleet behind a shell that ignores SIGHUP, in a terminal the test can hang up: what an SSH
//! drop does. The shell (`sh -c "trap '' HUP; wsfleet …"`) is the session leader, so when the
//! terminal's other side closes the kernel sends SIGHUP to it alone; wsfleet learns of the
//! drop only from its terminal (reads end, writes fail).
//!
//! portable-pty keeps extra copies of the terminal's master side (its reader and writer), so a
//! test could never close it; this harness opens the pty itself with close-on-exec
//! descriptors, so dropping the master really hangs the terminal up.

use std::ffi::CStr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub struct Droppable {
    master: Option<OwnedFd>,
    parser: Arc<Mutex<vt100::Parser>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    /// The shell that ignores SIGHUP and runs wsfleet.
    shell: Child,
    /// Where the shell writes wsfleet's exit status once it has exited.
    status: PathBuf,
}

/// A new pty pair, both sides close-on-exec (so no child, of this test or of another test
/// running beside it, keeps a copy of the master).
fn open_pty(cols: u16, rows: u16) -> (OwnedFd, OwnedFd) {
    // SAFETY: plain libc calls on descriptors this function owns; buffers are sized.
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        assert!(master >= 0, "posix_openpt");
        assert_eq!(libc::grantpt(master), 0);
        assert_eq!(libc::unlockpt(master), 0);
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(master, name.as_mut_ptr(), name.len()), 0);
        let slave = libc::open(
            CStr::from_ptr(name.as_ptr()).as_ptr(),
            libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
        );
        assert!(slave >= 0, "open the pty's slave side");
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        libc::ioctl(slave, libc::TIOCSWINSZ, &size);
        (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave))
    }
}

impl Droppable {
    /// Run wsfleet with `args` and `env` behind `sh -c "trap '' HUP; …"`; its exit status goes
    /// to `dir/status`.
    pub fn spawn(dir: &Path, args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Self {
        let (master, slave) = open_pty(cols, rows);
        let status = dir.join("status");
        let _ = std::fs::remove_file(&status);
        let script = "trap '' HUP; \"$0\" \"$@\"; echo $? > \"$WSFLEET_TEST_STATUS\"";
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_wsfleet"))
            .args(args)
            .env("WSFLEET_TEST_STATUS", &status)
            .env("WSFLEET_CACHE_DIR", dir.join("cache"))
            .env("WSFLEET_DATA_DIR", dir.join("data"))
            .env("TERM", "xterm-256color")
            .env_remove("TMUX");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let io = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup the pty"));
        cmd.stdin(io(&slave)).stdout(io(&slave)).stderr(io(&slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                // A session of its own with the pty as its controlling terminal, as sshd
                // gives the login shell.
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let shell = cmd.spawn().expect("spawn sh");
        drop(slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let (parser, stop, fd) = (parser.clone(), stop.clone(), master.as_raw_fd());
            std::thread::spawn(move || read_until_stopped(fd, &parser, &stop))
        };
        Droppable {
            master: Some(master),
            parser,
            stop,
            reader: Some(reader),
            shell,
            status,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn send(&self, keys: &str) {
        let fd = self.master.as_ref().expect("not hung up").as_raw_fd();
        let mut rest = keys.as_bytes();
        while !rest.is_empty() {
            // SAFETY: writes from a live buffer to our own descriptor.
            let n = unsafe { libc::write(fd, rest.as_ptr().cast(), rest.len()) };
            assert!(n > 0, "write to the pty");
            rest = &rest[n as usize..];
        }
    }

    /// Wait until the screen satisfies `pred`; panics with the screen on timeout.
    pub fn wait_for(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        super::wait_screen(what, timeout, || self.screen(), pred)
    }

    /// Close the terminal's master side, as sshd does when the connection drops.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        self.master.take();
    }

    /// wsfleet's exit status, as its shell saw it (128 + N after signal N).
    pub fn wait_status(&mut self, timeout: Duration) -> i32 {
        super::wait_until("wsfleet exits", timeout, || {
            std::fs::read_to_string(&self.status).is_ok_and(|s| s.ends_with('\n'))
        });
        let _ = self.shell.wait();
        std::fs::read_to_string(&self.status)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }
}

impl Drop for Droppable {
    fn drop(&mut self) {
        self.hang_up();
        let _ = self.shell.kill();
    }
}

/// Feed the screen with what the program writes until told to stop (checked every 50 ms,
/// so the master can then be closed with no read blocked on it).
fn read_until_stopped(fd: RawFd, parser: &Mutex<vt100::Parser>, stop: &AtomicBool) {
    let mut buf = [0u8; 8192];
    while !stop.load(Ordering::SeqCst) {
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        if unsafe { libc::poll(&mut p, 1, 50) } <= 0 {
            continue;
        }
        // SAFETY: reads into a live buffer of the given size.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            return;
        }
        parser.lock().unwrap().process(&buf[..n as usize]);
    }
}
