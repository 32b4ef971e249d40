//! What `?` lists for the active pane: its keys as bound, every `:` command with its
//! arguments, and the names its filter takes. Here rather than in `ui` so the key handler
//! knows how far help can scroll (it stops at its last line).

use crate::app::state::State;

/// The `:` commands and their arguments.
const COMMANDS: &[(&str, &str)] = &[
    (":ws :conn :img", "WorkSpaces, connection status, images"),
    (":pools :bundles :dirs", "pools, bundles, directories"),
    (":aimg :afl", "WorkSpaces Applications images and fleets"),
    (":queue", "the command queue's jobs (Enter: outcomes)"),
    (":ctx [PROFILE]", "list the AWS profiles, or switch to one"),
    (
        ":region add|rm NAME…",
        "show more Regions in the view, or fewer",
    ),
    (
        ":export[!] csv|json PATH",
        "the view as shown, every column (! overwrites)",
    ),
    (
        ":sort COLUMN [asc|desc]",
        "sort by a column (by its filter name)",
    ),
    (":q", "quit"),
];

/// One help line: the keys (or command) and what it does.
pub type HelpLine = (String, String);

/// Every line of help for the active pane, in order.
pub fn lines(state: &State) -> Vec<HelpLine> {
    let mut out: Vec<HelpLine> = state
        .keymap
        .help(state.active)
        .into_iter()
        .map(|(k, what)| (k, what.to_string()))
        .collect();
    out.push(("1-6".into(), "pane by number".into()));
    out.push((
        "Esc".into(),
        match state.active.spec().parent {
            Some((_, back)) => back,
            None => "back out of a prompt, view or overlay; clear the filter",
        }
        .into(),
    ));
    out.push(("^c".into(), "quit".into()));
    out.push((String::new(), String::new()));
    for (cmd, what) in COMMANDS {
        out.push((cmd.to_string(), what.to_string()));
    }
    let names = state.pane().filter_names();
    if !names.is_empty() {
        out.push((String::new(), String::new()));
        out.push(("filter names".into(), names.join(" ")));
    }
    out
}

/// How far help scrolls: its last line at the bottom of the box.
pub fn max_scroll(state: &State) -> u16 {
    max_scroll_of(state, rows(state).len())
}

/// Width of the key column: the key right-aligned in 16, then two spaces.
pub const KEY_WIDTH: usize = 18;

/// The help as drawn at the terminal's width: a description longer than the room beside its
/// key wraps under itself, so nothing is cut at 80 columns.
pub fn rows(state: &State) -> Vec<HelpLine> {
    // The box's borders and the key column.
    let room = usize::from(state.size.0)
        .saturating_sub(2 + KEY_WIDTH)
        .max(20);
    lines(state)
        .into_iter()
        .flat_map(|(key, what)| {
            let parts: Vec<String> = textwrap::wrap(&what, room)
                .into_iter()
                .map(|p| p.into_owned())
                .collect();
            let keys = std::iter::once(key).chain(std::iter::repeat(String::new()));
            keys.zip(parts).collect::<Vec<_>>()
        })
        .collect()
}

/// `max_scroll` for help of `len` lines (drawing has them built already).
pub fn max_scroll_of(state: &State, len: usize) -> u16 {
    // The body below the header and above the status line, less the box's borders.
    let visible = state.size.1.saturating_sub(state.header_rows() + 1 + 2);
    (len as u16).saturating_sub(visible)
}
