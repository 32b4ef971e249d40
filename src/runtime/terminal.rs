//! The terminal wsfleet draws on: raw mode and the alternate screen (as `ratatui::try_init`
//! sets them up, with the same panic hook that restores the terminal first), and a writer
//! that sends the 16 basic colours as basic SGR codes.
//!
//! crossterm writes every named colour as a 256-colour index (`ESC[38;5;1m` for red). A
//! terminal limited to 16 colours (the `ansi16` theme's audience: old consoles, serial
//! lines, some multiplexers) may not understand that form, so each frame is rewritten
//! before it leaves: indexes 0–7 become `30–37` / `40–47`, 8–15 become `90–97` /
//! `100–107`. They name the same colours, so this is safe for every theme; indexes from 16
//! up (a theme's 256-colour choices) pass unchanged.

use super::scrolling::Scrolling;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use regex::bytes::{Captures, Regex};
use std::io::{self, Write};
use std::sync::LazyLock;

/// Stdout, a whole write at a time: ratatui flushes after each draw (and its crossterm
/// backend after a region scroll, so a frame that scrolls goes out in two writes: the scroll,
/// then the rows it left to redraw), and what is written is rewritten whole then, so no escape
/// sequence is ever split between two rewrites.
pub struct FrameOut {
    frame: Vec<u8>,
}

impl Write for FrameOut {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(&basic_colours(&self.frame))?;
        self.frame.clear();
        out.flush()
    }
}

/// Frames go through `Scrolling`, so a table scrolled a row sends a row.
pub type Term = Terminal<Scrolling<CrosstermBackend<FrameOut>>>;

/// Raw mode, the alternate screen and a panic hook that restores both before the message
/// prints. `ratatui::try_restore` undoes it.
pub fn init() -> io::Result<Term> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::try_restore();
        hook(info);
    }));
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    Terminal::new(Scrolling::new(CrosstermBackend::new(FrameOut {
        frame: Vec::new(),
    })))
}

/// `bytes` with every SGR sequence's 256-colour indexes below 16 written as basic codes.
pub fn basic_colours(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    static SGR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\x1b\[([0-9;]*)m").expect("valid regex"));
    SGR.replace_all(bytes, |c: &Captures| {
        let params: Vec<&[u8]> = c[1].split(|&b| b == b';').collect();
        let mut out: Vec<String> = Vec::with_capacity(params.len());
        let mut i = 0;
        while i < params.len() {
            let index = params
                .get(i + 2)
                .and_then(|n| std::str::from_utf8(n).ok())
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|&n| n < 16);
            match (params[i], params.get(i + 1).copied(), index) {
                (b"38", Some(b"5"), Some(n)) => {
                    out.push(if n < 8 { 30 + n } else { 90 + n - 8 }.to_string());
                    i += 3;
                }
                (b"48", Some(b"5"), Some(n)) => {
                    out.push(if n < 8 { 40 + n } else { 100 + n - 8 }.to_string());
                    i += 3;
                }
                (p, _, _) => {
                    out.push(String::from_utf8_lossy(p).into_owned());
                    i += 1;
                }
            }
        }
        format!("\x1b[{}m", out.join(";")).into_bytes()
    })
}

#[cfg(test)]
mod tests {
    use super::basic_colours;

    fn rewrite(s: &str) -> String {
        String::from_utf8(basic_colours(s.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn the_16_colours_become_basic_sgr_codes() {
        assert_eq!(rewrite("\x1b[38;5;1mX"), "\x1b[31mX");
        assert_eq!(rewrite("\x1b[38;5;9m"), "\x1b[91m");
        assert_eq!(rewrite("\x1b[48;5;6m"), "\x1b[46m");
        assert_eq!(rewrite("\x1b[48;5;15m"), "\x1b[107m");
        assert_eq!(rewrite("\x1b[1;38;5;2;48;5;0m"), "\x1b[1;32;40m");
    }

    #[test]
    fn other_sequences_pass_unchanged() {
        for s in [
            "\x1b[38;5;208m",
            "\x1b[38;2;1;2;3m",
            "\x1b[0m",
            "\x1b[39m",
            "\x1b[2J\x1b[1;1H",
            "plain text",
        ] {
            assert_eq!(rewrite(s), s);
        }
    }
}
