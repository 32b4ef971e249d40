//! What leaves the app at the user's asking: text for the clipboard, a pane's view written
//! to a file (`:export`), and the `:` history kept for the next start.

use super::{misrouted, Executor};
use crate::app::{Command, Msg};

impl Executor {
    pub(super) fn exports(&self, c: Command) {
        let tx = self.tx.clone();
        match c {
            // Between frames, straight to the terminal: ratatui never sees these bytes.
            Command::Copy(text) => {
                if let Err(e) = crate::app::clipboard::write_osc52(&text) {
                    let _ = tx.send(Msg::Notice(format!("copy failed: {e}")));
                }
            }
            Command::Export {
                format,
                path,
                force,
                plural,
                headers,
                rows,
            } => {
                tokio::task::spawn_blocking(move || {
                    let notice =
                        crate::app::export::write(format, &path, force, plural, &headers, &rows);
                    let _ = tx.send(Msg::Notice(notice));
                });
            }
            Command::SaveHistory(entries) => {
                let Some(dir) = self.journal_dir.clone() else {
                    return;
                };
                tokio::task::spawn_blocking(move || {
                    // Losing the history is not worth a message in the middle of work.
                    let _ = crate::runtime::history_file::save(&dir, &entries);
                });
            }
            other => misrouted("exports", &other),
        }
    }
}
