//! A pane's registration (`PaneSpec`) and the builder the registry in `panes/mod.rs` writes
//! each entry with.

use super::{PaneKind, RowKind};
use crate::table::resource::{column_layout, Resource};

/// One pane's registration: what the rest of the app needs to know about a pane, as data.
/// Adding a pane means one file under `src/panes/` (its row type's `Resource` impl and
/// columns), its variant, entry and slot in `panes/mod.rs` (`REGISTRY`, `every_pane!`), its
/// Describe page and `service::Swept` impl if swept and, for a new kind of row that offers
/// actions, that kind in the action table. See the README's "Adding a pane".
pub struct PaneSpec {
    pub kind: PaneKind,
    /// What its rows are: the actions that apply to them are offered here.
    pub rows: RowKind,
    pub title: &'static str,
    /// `:` command names, the first being the canonical one.
    pub commands: &'static [&'static str],
    /// Whether `:` opens it by name (drill-downs such as sessions open from their parent).
    pub command: bool,
    /// Its name in the config's `[columns]` and `[refresh]` tables, if configurable there.
    pub config_name: Option<&'static str>,
    /// Swept in the background every `refresh_seconds` times this (`None`: not swept on its
    /// own). Fleets change fast; bundles and directories rarely do, and every call spends
    /// the account's shared budget of about 2 calls per second.
    pub refresh_factor: Option<u32>,
    /// Its columns laid out from names or aliases, in that order (the config's `[columns]`).
    pub column_layout: fn(&[String]) -> Result<Vec<usize>, String>,
    /// Swept again soon (`runtime::refresh::FOLLOW`) while a row's state is changing: for
    /// panes of few rows, where a whole sweep costs a call or two.
    pub follows: bool,
    /// The operation its rows are read with, named when the endpoint answers it oddly.
    pub operation: &'static str,
    /// It lists an account's resources: cleared on a profile switch, pruned when a Region
    /// leaves the view.
    pub resources: bool,
    /// The detail view asks DescribeTags for its rows' tags (WorkSpaces' own resources;
    /// WorkSpaces Applications' tags are not fetched, and a queue row is no resource at all).
    pub tagged: bool,
    /// A drill-down: the pane Esc goes back to, and what help says Esc does.
    pub parent: Option<(PaneKind, &'static str)>,
    /// Enter drills down to this pane, filtered by the row's ID in this column
    /// (`dir=d-…`, `bundle=wsb-…`, `image=wsi-…`).
    pub child: Option<(PaneKind, &'static str)>,
    /// Its rows are images shared with accounts: the image under the cursor (and in the
    /// detail view) has its shares read (DescribeWorkspaceImagePermissions, or for
    /// WorkSpaces Applications DescribeImagePermissions).
    pub shares: bool,
    /// A filter submitted on it looks WorkSpaces up by ID or user name when they are not
    /// loaded yet (DescribeWorkspaces with WorkspaceIds, or UserName and DirectoryId).
    pub looks_up: bool,
    /// The header counts its rows on every pane: its pages redraw whatever pane is shown.
    pub in_header: bool,
    /// What its title adds in brackets, for a pane whose use is not obvious.
    pub hint: Option<&'static str>,
}

impl PaneSpec {
    pub(super) const fn of<R: Resource>(
        kind: PaneKind,
        rows: RowKind,
        title: &'static str,
        commands: &'static [&'static str],
    ) -> PaneSpec {
        PaneSpec {
            kind,
            rows,
            title,
            commands,
            command: false,
            config_name: None,
            refresh_factor: None,
            column_layout: column_layout::<R>,
            follows: false,
            operation: "",
            resources: false,
            tagged: false,
            parent: None,
            child: None,
            shares: false,
            looks_up: false,
            in_header: false,
            hint: None,
        }
    }

    /// Its title adds `(hint)`.
    pub(super) const fn hinted(self, hint: &'static str) -> PaneSpec {
        PaneSpec {
            hint: Some(hint),
            ..self
        }
    }

    /// Its rows' shares are read (see `shares`).
    pub(super) const fn shared(self) -> PaneSpec {
        PaneSpec {
            shares: true,
            ..self
        }
    }

    /// A filter on it looks WorkSpaces up (see `looks_up`), and the header counts its rows.
    pub(super) const fn fleet_view(self) -> PaneSpec {
        PaneSpec {
            looks_up: true,
            in_header: true,
            ..self
        }
    }

    /// Lists an account's resources (see `resources`).
    pub(super) const fn account(self) -> PaneSpec {
        PaneSpec {
            resources: true,
            ..self
        }
    }

    /// The detail view asks DescribeTags for its rows' tags.
    pub(super) const fn tagged(self) -> PaneSpec {
        PaneSpec {
            tagged: true,
            ..self
        }
    }

    /// Opened from `parent`; Esc goes back there (`help`: what help says Esc does).
    pub(super) const fn drilled_from(self, parent: PaneKind, help: &'static str) -> PaneSpec {
        PaneSpec {
            parent: Some((parent, help)),
            ..self
        }
    }

    /// Enter opens `child` filtered by `column=ID`.
    pub(super) const fn drills_to(self, child: PaneKind, column: &'static str) -> PaneSpec {
        PaneSpec {
            child: Some((child, column)),
            ..self
        }
    }

    /// Read with this operation.
    pub(super) const fn reads(self, operation: &'static str) -> PaneSpec {
        PaneSpec { operation, ..self }
    }

    /// Followed while a row's state changes (see `follows`).
    pub(super) const fn followed(self) -> PaneSpec {
        PaneSpec {
            follows: true,
            ..self
        }
    }

    /// `:` opens it by name.
    pub(super) const fn command(self) -> PaneSpec {
        PaneSpec {
            command: true,
            ..self
        }
    }

    /// The config's `[columns]` (and `[refresh]`, if swept) name it so.
    pub(super) const fn config(self, name: &'static str) -> PaneSpec {
        PaneSpec {
            config_name: Some(name),
            ..self
        }
    }

    /// Swept in the background every `refresh_seconds × factor`.
    pub(super) const fn swept(self, factor: u32) -> PaneSpec {
        PaneSpec {
            refresh_factor: Some(factor),
            ..self
        }
    }
}
