//! The terminal going away without a SIGHUP. When an SSH session drops (or a multiplexer's
//! window is killed), the pseudo-terminal's other side closes: reads and writes on it fail,
//! and SIGHUP goes only to the session leader. Behind a shell or wrapper that ignores SIGHUP
//! and stays, wsfleet hears nothing but its terminal. crossterm's reader does not report this
//! either (it keeps reading the hung-up descriptor), so a thread of our own waits for the
//! hang-up itself: `poll` with no events asked still reports POLLHUP, and reads no input.
//!
//! Once the terminal is gone, whatever still writes to it (ratatui's drop, a message on the
//! way out) must not fail in a way that aborts: `silence` points the terminal's descriptors at
//! `/dev/null` (output) and at a pipe nobody writes (input, so crossterm's reader sleeps).

use std::os::fd::RawFd;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether standard input, output and error were terminals when wsfleet started (after a
/// hang-up `isatty` answers no, so it is asked first).
static WAS_TTY: [AtomicBool; 3] = [
    AtomicBool::new(false),
    AtomicBool::new(false),
    AtomicBool::new(false),
];

/// Note which standard descriptors are terminals; call before the terminal is set up.
pub fn note_terminals() {
    for (fd, was) in WAS_TTY.iter().enumerate() {
        // SAFETY: isatty only inspects a descriptor number.
        was.store(unsafe { libc::isatty(fd as RawFd) } == 1, Ordering::SeqCst);
    }
}

fn was_tty(fd: RawFd) -> bool {
    WAS_TTY[fd as usize].load(Ordering::SeqCst)
}

/// Resolves when the terminal (standard input or output) hangs up; never when neither is a
/// terminal.
pub async fn watch() {
    let fds: Vec<RawFd> = [0, 1].into_iter().filter(|&fd| was_tty(fd)).collect();
    if fds.is_empty() {
        return std::future::pending().await;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    // A plain thread: it blocks in poll(2) for the whole session.
    let spawned = std::thread::Builder::new()
        .name("wsfleet-hangup".into())
        .spawn(move || {
            wait_for_hangup(&fds);
            let _ = tx.send(());
        });
    if spawned.is_err() || rx.await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Block until one of `fds` reports a hang-up, an error or that it is no longer open.
fn wait_for_hangup(fds: &[RawFd]) {
    let mut polled: Vec<libc::pollfd> = fds
        .iter()
        .map(|&fd| libc::pollfd {
            fd,
            // No events asked: POLLHUP, POLLERR and POLLNVAL are reported regardless, and
            // no input is taken from crossterm.
            events: 0,
            revents: 0,
        })
        .collect();
    loop {
        // SAFETY: `polled` is a valid array of pollfd of the given length.
        let n = unsafe { libc::poll(polled.as_mut_ptr(), polled.len() as libc::nfds_t, -1) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        let gone = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
        if polled.iter().any(|p| p.revents & gone != 0) {
            return;
        }
    }
}

/// The terminal is gone: from now on output to it goes to `/dev/null` and input from it
/// waits forever, so nothing can fail on a dead descriptor (ratatui's drop prints to stderr,
/// and a failed print panics). Descriptors that were not terminals (a log file as stderr)
/// are left alone.
pub fn silence() {
    if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
        use std::os::fd::AsRawFd;
        for fd in [1, 2].into_iter().filter(|&fd| was_tty(fd)) {
            // SAFETY: dup2 replaces one of our own standard descriptors.
            unsafe { libc::dup2(null.as_raw_fd(), fd) };
        }
    }
    if was_tty(0) {
        let mut ends = [0 as RawFd; 2];
        // SAFETY: `ends` has room for the two descriptors pipe(2) returns.
        if unsafe { libc::pipe(ends.as_mut_ptr()) } == 0 {
            // SAFETY: as above; the write end stays open (never closed) so reads block
            // instead of seeing the end of input in a loop.
            unsafe {
                libc::dup2(ends[0], 0);
                libc::close(ends[0]);
            }
        }
    }
}
