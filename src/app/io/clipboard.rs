//! Copy to the clipboard of the terminal the user sits at, with OSC 52: it travels through
//! SSH as ordinary output. Inside tmux it is sent plain, which tmux itself takes with
//! `set -g set-clipboard on` (its buffer, and on to the outer terminal); only when tmux does
//! not take it is it sent a second time in tmux's passthrough wrapper, which reaches the
//! outer terminal with `allow-passthrough on`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// `ESC ] 52 ; c ; <base64> BEL`, wrapped for tmux (`ESC Ptmux; … ESC \`, every ESC inside
/// doubled) when `tmux` is true. tmux forwards it with `set -g set-clipboard on` (or
/// `allow-passthrough on`).
pub fn osc52(text: &str, tmux: bool) -> String {
    let seq = format!("\x1b]52;c;{}\x07", STANDARD.encode(text));
    if tmux {
        let wrapped = format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"));
        format!("{seq}{wrapped}")
    } else {
        seq
    }
}

/// Whether we run inside tmux (the `TMUX` variable is set and not empty).
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// "sent 1 ID to the terminal's clipboard": what wsfleet knows is that it sent it; whether
/// the terminal took it is the terminal's (and tmux's) setting.
pub fn copied_notice(n: usize) -> String {
    let ids = if n == 1 { "ID" } else { "IDs" };
    format!("sent {n} {ids} to the terminal's clipboard")
}

/// Whether the passthrough form is needed: inside tmux, unless tmux takes clipboard
/// sequences itself (`set-clipboard on`, asked once with `tmux show-options`), in which case
/// the plain one is enough and the wrapped copy would only set the clipboard twice.
fn needs_passthrough() -> bool {
    static NEEDED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *NEEDED.get_or_init(|| {
        in_tmux()
            && !std::process::Command::new("tmux")
                .args(["show-options", "-gv", "set-clipboard"])
                .stdin(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .output()
                .is_ok_and(|o| tmux_takes_clipboard(&String::from_utf8_lossy(&o.stdout)))
    })
}

/// `set-clipboard` as tmux prints it: `on` takes applications' OSC 52 (`external` only
/// forwards tmux's own copies; `off` neither).
fn tmux_takes_clipboard(setting: &str) -> bool {
    setting.trim() == "on"
}

/// Write the OSC 52 sequence to the terminal (between frames; ratatui does not see it).
pub fn write_osc52(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(osc52(text, needs_passthrough()).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_osc52_is_base64_between_esc_bracket_52_and_bel() {
        // base64("ws-abc123") = "d3MtYWJjMTIz"
        assert_eq!(osc52("ws-abc123", false), "\x1b]52;c;d3MtYWJjMTIz\x07");
        assert_eq!(
            osc52("a\nb", false),
            format!("\x1b]52;c;{}\x07", STANDARD.encode("a\nb"))
        );
    }

    #[test]
    fn tmux_gets_it_plain_then_in_passthrough_with_escapes_doubled() {
        assert_eq!(
            osc52("ws-abc123", true),
            "\x1b]52;c;d3MtYWJjMTIz\x07\x1bPtmux;\x1b\x1b]52;c;d3MtYWJjMTIz\x07\x1b\\"
        );
    }

    #[test]
    fn only_set_clipboard_on_takes_application_sequences() {
        assert!(tmux_takes_clipboard("on\n"));
        assert!(!tmux_takes_clipboard("external\n"));
        assert!(!tmux_takes_clipboard("off"));
        assert!(!tmux_takes_clipboard(""));
    }

    #[test]
    fn notice_counts_ids() {
        assert_eq!(copied_notice(1), "sent 1 ID to the terminal's clipboard");
        assert_eq!(copied_notice(30), "sent 30 IDs to the terminal's clipboard");
    }
}
