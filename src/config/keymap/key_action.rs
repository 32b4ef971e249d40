//! The key-bound functions, one table row each: the name a `[keys]` config uses, the default
//! keys, the panes where it applies and its help line. The enum is generated from the rows, so
//! a function cannot exist without all four, and code that handles keys matches on the enum:
//! a renamed or removed action is a compile error, not a key that silently does nothing.

use crate::panes::{PaneKind, RowKind};
use std::fmt;

/// Where an action applies: on every pane, or on the panes whose rows are of these kinds
/// (`PaneSpec::rows` in the pane registry). `Act` marks a resource action: the key starts its
/// form or confirmation (`app::act::actions::start_for`); `On` ones the key handler does itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    All,
    On(&'static [RowKind]),
    Act(&'static [RowKind]),
}

impl Scope {
    pub(super) fn applies(self, pane: PaneKind) -> bool {
        match self {
            Scope::All => true,
            Scope::On(rows) | Scope::Act(rows) => rows.contains(&pane.rows()),
        }
    }

    /// Only on some panes (a pane-specific binding wins over a general one on the same key).
    pub(super) fn is_specific(self) -> bool {
        self != Scope::All
    }
}

/// One row of the table.
pub(super) struct Row {
    pub(super) action: KeyAction,
    /// What a `[keys]` config names it; existing config files depend on these staying put.
    pub(super) name: &'static str,
    pub(super) keys: &'static [&'static str],
    pub(super) scope: Scope,
    pub(super) help: &'static str,
}

/// Declares `KeyAction` with one variant per row and `TABLE` with the rows in the same order,
/// so a variant's discriminant is its row's index.
macro_rules! key_actions {
    ($($variant:ident = $name:literal, [$($key:literal),+], $scope:expr, $help:literal;)+) => {
        /// A key-bound function (see the table below for what each one is).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum KeyAction {
            $($variant),+
        }

        /// The rows in the order help lists them, the conflict check reads them and an
        /// unknown action's error names them.
        pub(super) const TABLE: &[Row] = &[$(Row {
            action: KeyAction::$variant,
            name: $name,
            keys: &[$($key),+],
            scope: $scope,
            help: $help,
        }),+];
    };
}

use RowKind::*;
use Scope::{Act, All, On};

// WorkSpace actions apply on the connection pane too: its rows are WorkSpaces (the idle
// clean-up flow: `:conn`, filter idle, mark, stop or terminate).
// Variant = config name, [default keys], the kinds of row it applies to (`Act`: a resource
// action), help line. Where a general and a
// pane-specific action share a default key (Enter), the pane-specific one wins in its pane.
key_actions! {
    Down           = "down",            ["j", "down"],      All, "move down";
    Up             = "up",              ["k", "up"],        All, "move up";
    PageDown       = "page-down",       ["pgdn", "ctrl-f"], All, "page down";
    PageUp         = "page-up",         ["pgup", "ctrl-b"], All, "page up";
    Top            = "top",             ["g", "home"],      All, "first row";
    Bottom         = "bottom",          ["G", "end"],       All, "last row";
    NextPane       = "next-pane",       ["tab"],            All, "next pane";
    PrevPane       = "prev-pane",       ["backtab"],        All, "previous pane";
    Command        = "command",         [":"],              All,
        "command: ws conn img pools bundles dirs aimg afl queue q (Tab completes)";
    Filter         = "filter",          ["/"],              All,
        "filter: word  col=value  col~regex  col>n (>= < <=, 7d)  tag.KEY=v  !negate  (Esc clears)";
    SortNext       = "sort-next",       [">"],              All, "sort by the next column";
    SortPrev       = "sort-prev",       ["<"],              All, "sort by the previous column";
    SortReverse    = "sort-reverse",    ["s"],              All, "reverse the sort";
    Details        = "details",         ["d", "enter"],     All, "details and tags";
    Mark           = "mark",            ["space"],          All, "mark / unmark row";
    MarkAll        = "mark-all",        ["*"],              All, "mark every row the filter shows";
    MarkRange      = "mark-range",      ["V"],              All,
        "mark range from the last marked row";
    ClearMarks     = "clear-marks",     ["U", "ctrl-\\"],   All, "clear marks";
    Refresh        = "refresh",         ["r"],              All, "refresh now";
    ToggleHeader   = "toggle-header",   ["ctrl-e"],         All, "hide / show the header";
    ShowError      = "show-error",      ["e"],              All, "the pane's error in full";
    ToggleWide     = "toggle-wide",     ["ctrl-w"],         All,
        "wide: every column (the terminal cuts what does not fit)";
    CopyIds        = "copy",            ["y"],              All,
        "copy the marked IDs (or the row's) to the clipboard (OSC 52)";
    Help           = "help",            ["?"],              All, "this help";
    Quit           = "quit",            ["q"],              All, "quit (Ctrl-C always quits)";
    Sessions       = "sessions",        ["enter"],  On(&[Pool, AppFleet]),
        "open the pool's or fleet's sessions";
    DrillDown      = "drill-down",      ["enter"],  On(&[Directory, Bundle, Image]),
        "open what it holds: a directory's or bundle's WorkSpaces, an image's bundles (Esc back)";
    GoBundle       = "go-bundle",       ["b"],      On(&[Workspace]),
        "the WorkSpace's bundle (Esc back)";
    GoDirectory    = "go-directory",    ["i"],      On(&[Workspace]),
        "the WorkSpace's directory (Esc back)";
    Outcomes       = "outcomes",        ["enter"],  On(&[Job]),
        "the job's per-resource outcomes";
    UseContext     = "use-context",     ["enter"],  On(&[Profile]),   "switch to this profile";
    OpenFinding    = "open-finding",    ["enter"],  On(&[Finding]),
        "the finding's resources in their pane, filtered to them (Esc back); its FIX key fixes them";
    CancelJob      = "cancel-job",      ["C"],      On(&[Job]),
        "cancel the job: batches not yet sent are not sent";
    Reboot         = "reboot",          ["R"],      Act(&[Workspace]), "reboot";
    Rebuild        = "rebuild",         ["B"],      Act(&[Workspace]),
        "rebuild (type to confirm)";
    Start          = "start",           ["S"],      Act(&[Workspace, Pool, AppFleet]),
        "start";
    Stop           = "stop",            ["X"],      Act(&[Workspace, Pool, AppFleet]),
        "stop";
    Terminate      = "terminate",       ["ctrl-d"],
        Act(&[Workspace, PoolSession, AppSession]),
        "terminate (type to confirm); on a streaming session, expire it";
    Restore        = "restore",         ["O"],      Act(&[Workspace]),
        "restore (type to confirm)";
    AutoStop       = "auto-stop",       ["A"],      Act(&[Workspace]), "running mode AUTO_STOP";
    AlwaysOn       = "always-on",       ["L"],      Act(&[Workspace]), "running mode ALWAYS_ON";
    MaintenanceOn  = "maintenance-on",  ["Z"],      Act(&[Workspace]), "admin maintenance on";
    MaintenanceOff = "maintenance-off", ["Y"],      Act(&[Workspace]), "admin maintenance off";
    CreateImage    = "create-image",    ["I"],      Act(&[Workspace]),
        "create an image from the WorkSpace";
    Modify         = "modify",          ["M"],      Act(&[Workspace]),
        "modify: compute type, volumes, running mode, protocol";
    Migrate        = "migrate",         ["ctrl-g"], Act(&[Workspace]),
        "migrate to another bundle, keeping the user volume (typed)";
    Share          = "share",           ["H"],      Act(&[Image, AppImage]),
        "share with an account";
    Unshare        = "unshare",         ["E"],      Act(&[Image, AppImage]),
        "unshare from an account (type to confirm)";
    UpdateImage    = "update-image",    ["P"],      Act(&[Image, AppImage]),
        "create updated image (when an update is available)";
    CheckUpdates   = "check-updates",   ["D"],      Act(&[AppImage]),
        "check for updates by dry run (changes nothing; allowed in --read-only)";
    CopyImage      = "copy-image",      ["C"],      Act(&[Image]),     "copy to another region";
    DeleteImage    = "delete-image",    ["ctrl-d"], Act(&[Image, AppImage]),
        "delete image (type to confirm)";
    Capacity       = "capacity",        ["C"],      Act(&[Pool, AppFleet]), "desired capacity";
    SwitchImage    = "switch-image",    ["I"],      Act(&[AppFleet]),
        "switch the fleet to another image";
    Campaign       = "campaign",        ["W"],      On(&[Image]),
        "image update campaign: updated image, its bundles, WorkSpaces in waves (W again resumes)";
    CreateWorkspaces = "create-workspaces", ["N"], On(&[Workspace]),
        "create WorkSpaces: directory, bundle, users (a, b or @file.csv)";
    SetTags        = "tags",            ["T"],
        Act(&[Workspace, Image, Bundle, Directory, Pool]),
        "tags: key=value adds or changes, -key removes";
}

impl KeyAction {
    /// Its row: variants are declared in table order, so the discriminant is the index.
    pub(super) fn row(self) -> &'static Row {
        &TABLE[self as usize]
    }

    /// The name a `[keys]` config binds it by ("reboot", "page-down").
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// Every key action, in the table's order.
    pub fn all() -> impl Iterator<Item = KeyAction> {
        TABLE.iter().map(|r| r.action)
    }

    /// Whether it applies on `pane` (the action table's scope).
    pub fn applies(self, pane: PaneKind) -> bool {
        self.row().scope.applies(pane)
    }

    /// A resource action: the key starts its form or confirmation (`Act` in the table).
    pub fn acts_on_rows(self) -> bool {
        matches!(self.row().scope, Scope::Act(_))
    }

    /// The action a `[keys]` config names, if any.
    pub fn from_name(name: &str) -> Option<KeyAction> {
        TABLE.iter().find(|r| r.name == name).map(|r| r.action)
    }
}

impl fmt::Display for KeyAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn each_row_sits_at_its_variants_index() {
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(row.action as usize, i, "{}", row.name);
            assert_eq!(row.action.row().name, row.name);
        }
    }

    #[test]
    fn every_name_round_trips_and_is_unique() {
        let mut seen = HashSet::new();
        for row in TABLE {
            let action = row.action;
            assert_eq!(KeyAction::from_name(action.name()), Some(action));
            assert_eq!(action.to_string(), row.name);
            assert!(
                seen.insert(action.name()),
                "'{}' named twice",
                action.name()
            );
        }
        assert_eq!(KeyAction::from_name("reboot-all"), None);
    }

    #[test]
    fn config_names_are_the_ones_config_files_use() {
        // Existing `[keys]` tables bind these names; renaming one would break them.
        assert_eq!(KeyAction::from_name("reboot"), Some(KeyAction::Reboot));
        assert_eq!(KeyAction::from_name("page-down"), Some(KeyAction::PageDown));
        assert_eq!(KeyAction::from_name("mark-all"), Some(KeyAction::MarkAll));
        assert_eq!(KeyAction::from_name("copy"), Some(KeyAction::CopyIds));
    }
}
