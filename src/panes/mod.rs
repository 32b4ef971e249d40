//! The panes: which exist, what they are called, and each one's columns (one file per pane).

mod app_fleets;
mod app_images;
mod app_sessions;
mod bundles;
mod connections;
mod contexts;
mod directories;
mod images;
mod pools;
mod queue;
mod sessions;
mod workspaces;

pub use contexts::ContextRow;
pub use queue::{JobRow, OutcomeRow};

use crate::domain::{
    AppFleet, AppImage, AppSession, ConnectionStatus, PoolSession, Workspace, WorkspaceBundle,
    WorkspaceDirectory, WorkspaceImage, WorkspacesPool,
};
use crate::table::resource::{column_layout, Resource};

/// Every pane, in the order Tab and the number keys walk them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneKind {
    Workspaces,
    Connections,
    Images,
    Pools,
    Bundles,
    Directories,
    /// The sessions of one pool (opened with Enter on a pool).
    Sessions,
    /// The command queue's jobs (`:queue`).
    Queue,
    /// One job's per-resource outcomes (Enter on a job).
    Outcomes,
    /// The AWS profiles to switch to (`:ctx`).
    Contexts,
    /// WorkSpaces Applications images (`:appimages`).
    AppImages,
    /// WorkSpaces Applications fleets (`:appfleets`).
    AppFleets,
    /// The streaming sessions of one fleet (opened with Enter on a fleet).
    AppSessions,
}

/// What a pane's rows are. The action table (`config::keymap`'s key actions) says where each
/// action applies by these, so every pane listing the same kind of row offers the same
/// actions (the connection pane's rows are WorkSpaces, as on the WorkSpaces pane).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    Workspace,
    Image,
    Pool,
    PoolSession,
    Bundle,
    Directory,
    /// A job or a campaign of wsfleet's queue (no AWS resource).
    Job,
    /// One resource's outcome in a job.
    Outcome,
    /// An AWS profile to switch to.
    Profile,
    AppImage,
    AppFleet,
    AppSession,
}

impl PaneKind {
    /// Panes reachable with Tab and 1–6 (sessions are a drill-down from a pool).
    pub const TOP: [PaneKind; 6] = [
        PaneKind::Workspaces,
        PaneKind::Connections,
        PaneKind::Images,
        PaneKind::Pools,
        PaneKind::Bundles,
        PaneKind::Directories,
    ];

    /// The panes that list an account's resources (cleared on a profile switch, pruned when a
    /// Region leaves the view), in registry order.
    pub fn resources() -> impl Iterator<Item = PaneKind> {
        REGISTRY.iter().filter(|s| s.resources).map(|s| s.kind)
    }

    /// Every pane, as registered.
    pub fn all() -> impl Iterator<Item = PaneKind> {
        REGISTRY.iter().map(|s| s.kind)
    }

    /// This pane's registration: everything about it that is data.
    pub fn spec(self) -> &'static PaneSpec {
        REGISTRY
            .iter()
            .find(|s| s.kind == self)
            .expect("every pane kind is registered")
    }

    pub fn title(self) -> &'static str {
        self.spec().title
    }

    /// What its rows are (where the action table's actions apply).
    pub fn rows(self) -> RowKind {
        self.spec().rows
    }

    /// `:` command names, the first being the canonical one (k9s-style short aliases).
    pub fn commands(self) -> &'static [&'static str] {
        self.spec().commands
    }

    /// The pane named `name` in the config's `[columns]` and `[refresh]` tables.
    pub fn from_config_name(name: &str) -> Option<PaneKind> {
        REGISTRY
            .iter()
            .find(|s| s.config_name == Some(name))
            .map(|s| s.kind)
    }

    pub fn from_command(cmd: &str) -> Option<PaneKind> {
        let cmd = cmd.trim().to_ascii_lowercase();
        REGISTRY
            .iter()
            .find(|s| s.command && s.commands.contains(&cmd.as_str()))
            .map(|s| s.kind)
    }

    pub fn next(self) -> PaneKind {
        let i = Self::TOP.iter().position(|&p| p == self).unwrap_or(0);
        Self::TOP[(i + 1) % Self::TOP.len()]
    }

    pub fn prev(self) -> PaneKind {
        let i = Self::TOP.iter().position(|&p| p == self).unwrap_or(0);
        Self::TOP[(i + Self::TOP.len() - 1) % Self::TOP.len()]
    }
}

/// One pane's registration: what the rest of the app needs to know about a pane, as data.
/// Adding a pane means one file under `src/panes/` (its row type's `Resource` impl and
/// columns), its variant and entry here, its slot in `app::panes`, its sweep in
/// `runtime::refresh` (the service call) and, if it offers actions, its row kind in the action
/// table. See the README's "Adding a pane".
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
    const fn of<R: Resource>(
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
    const fn hinted(self, hint: &'static str) -> PaneSpec {
        PaneSpec {
            hint: Some(hint),
            ..self
        }
    }

    /// Its rows' shares are read (see `shares`).
    const fn shared(self) -> PaneSpec {
        PaneSpec {
            shares: true,
            ..self
        }
    }

    /// A filter on it looks WorkSpaces up (see `looks_up`), and the header counts its rows.
    const fn fleet_view(self) -> PaneSpec {
        PaneSpec {
            looks_up: true,
            in_header: true,
            ..self
        }
    }

    /// Lists an account's resources (see `resources`).
    const fn account(self) -> PaneSpec {
        PaneSpec {
            resources: true,
            ..self
        }
    }

    /// The detail view asks DescribeTags for its rows' tags.
    const fn tagged(self) -> PaneSpec {
        PaneSpec {
            tagged: true,
            ..self
        }
    }

    /// Opened from `parent`; Esc goes back there (`help`: what help says Esc does).
    const fn drilled_from(self, parent: PaneKind, help: &'static str) -> PaneSpec {
        PaneSpec {
            parent: Some((parent, help)),
            ..self
        }
    }

    /// Enter opens `child` filtered by `column=ID`.
    const fn drills_to(self, child: PaneKind, column: &'static str) -> PaneSpec {
        PaneSpec {
            child: Some((child, column)),
            ..self
        }
    }

    /// Read with this operation.
    const fn reads(self, operation: &'static str) -> PaneSpec {
        PaneSpec { operation, ..self }
    }

    /// Followed while a row's state changes (see `follows`).
    const fn followed(self) -> PaneSpec {
        PaneSpec {
            follows: true,
            ..self
        }
    }

    /// `:` opens it by name.
    const fn command(self) -> PaneSpec {
        PaneSpec {
            command: true,
            ..self
        }
    }

    /// The config's `[columns]` (and `[refresh]`, if swept) name it so.
    const fn config(self, name: &'static str) -> PaneSpec {
        PaneSpec {
            config_name: Some(name),
            ..self
        }
    }

    /// Swept in the background every `refresh_seconds × factor`.
    const fn swept(self, factor: u32) -> PaneSpec {
        PaneSpec {
            refresh_factor: Some(factor),
            ..self
        }
    }
}

use PaneKind as K;

/// Every pane, once.
pub static REGISTRY: [PaneSpec; 13] = [
    PaneSpec::of::<Workspace>(
        K::Workspaces,
        RowKind::Workspace,
        "WorkSpaces",
        &["ws", "workspaces", "workspace"],
    )
    .command()
    .config("workspaces")
    .swept(1)
    .reads("DescribeWorkspaces")
    .account()
    .tagged()
    .fleet_view(),
    PaneSpec::of::<ConnectionStatus>(
        K::Connections,
        RowKind::Workspace,
        "Connections",
        &["conn", "connections", "connection"],
    )
    .command()
    .config("connections")
    .swept(2)
    .reads("DescribeWorkspacesConnectionStatus")
    .account()
    .fleet_view(),
    PaneSpec::of::<WorkspaceImage>(
        K::Images,
        RowKind::Image,
        "Images",
        &["img", "images", "image"],
    )
    .command()
    .config("images")
    .swept(4)
    .followed()
    .reads("DescribeWorkspaceImages")
    .account()
    .tagged()
    .shared()
    .drills_to(K::Bundles, "image"),
    PaneSpec::of::<WorkspacesPool>(K::Pools, RowKind::Pool, "Pools", &["pools", "pool"])
        .command()
        .config("pools")
        .swept(1)
        .followed()
        .reads("DescribeWorkspacesPools")
        .account()
        .tagged(),
    PaneSpec::of::<WorkspaceBundle>(
        K::Bundles,
        RowKind::Bundle,
        "Bundles",
        &["bundles", "bundle"],
    )
    .command()
    .config("bundles")
    .swept(10)
    .reads("DescribeWorkspaceBundles")
    .account()
    .tagged()
    .drills_to(K::Workspaces, "bundle"),
    PaneSpec::of::<WorkspaceDirectory>(
        K::Directories,
        RowKind::Directory,
        "Directories",
        &["dirs", "directories", "directory"],
    )
    .command()
    .config("directories")
    .swept(10)
    .reads("DescribeWorkspaceDirectories")
    .account()
    .tagged()
    .drills_to(K::Workspaces, "dir"),
    PaneSpec::of::<PoolSession>(K::Sessions, RowKind::PoolSession, "Sessions", &["sessions"])
        .config("sessions")
        .reads("DescribeWorkspacesPoolSessions")
        .account()
        .drilled_from(K::Pools, "back to pools"),
    PaneSpec::of::<JobRow>(K::Queue, RowKind::Job, "Queue", &["queue", "jobs"])
        .command()
        .config("queue"),
    // An outcome is a record of a job, not a resource: its resource's tags are in that
    // resource's own pane (and may be WorkSpaces Applications', which DescribeTags does not read).
    PaneSpec::of::<OutcomeRow>(K::Outcomes, RowKind::Outcome, "Outcomes", &["outcomes"])
        .drilled_from(K::Queue, "back to the queue"),
    PaneSpec::of::<ContextRow>(
        K::Contexts,
        RowKind::Profile,
        "Contexts",
        &["ctx", "contexts", "context", "profiles"],
    )
    // A profile is no AWS resource: DescribeTags is never asked about one.
    .hinted("Enter switches profile"),
    // WorkSpaces Applications: images change slowly, fleets as often as pools.
    PaneSpec::of::<AppImage>(
        K::AppImages,
        RowKind::AppImage,
        "App images",
        &["appimages", "aimg", "appimage"],
    )
    .command()
    .config("appimages")
    .swept(4)
    .followed()
    .reads("DescribeImages")
    .account()
    .shared(),
    PaneSpec::of::<AppFleet>(
        K::AppFleets,
        RowKind::AppFleet,
        "App fleets",
        &["appfleets", "afl", "appfleet"],
    )
    .command()
    .config("appfleets")
    .swept(2)
    .followed()
    .reads("DescribeFleets")
    .account(),
    PaneSpec::of::<AppSession>(
        K::AppSessions,
        RowKind::AppSession,
        "App sessions",
        &["appsessions"],
    )
    .config("appsessions")
    .reads("DescribeSessions")
    .account()
    .drilled_from(K::AppFleets, "back to fleets"),
];

/// The panes swept in the background, each with its config name and interval factor.
pub fn swept() -> impl Iterator<Item = (PaneKind, &'static str, u32)> {
    REGISTRY
        .iter()
        .filter_map(|s| Some((s.kind, s.config_name?, s.refresh_factor?)))
}

/// Each configured pane's visible columns, as indexes into its row type's columns.
pub type ColumnLayouts = Vec<(PaneKind, Vec<usize>)>;

/// The config's `[columns]` table, checked and laid out: an error names the pane (its key)
/// and what is wrong.
pub fn column_layouts(
    columns: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<ColumnLayouts, (String, String)> {
    let mut out = vec![];
    for (pane, names) in columns {
        let Some(kind) = PaneKind::from_config_name(pane) else {
            let known: Vec<&str> = REGISTRY.iter().filter_map(|s| s.config_name).collect();
            return Err((
                pane.clone(),
                format!("unknown pane '{pane}' (panes: {})", known.join(", ")),
            ));
        };
        let layout = (kind.spec().column_layout)(names).map_err(|e| (pane.clone(), e))?;
        out.push((kind, layout));
    }
    Ok(out)
}

/// Commands the `:` prompt completes, besides pane names.
pub const OTHER_COMMANDS: &[&str] = &["ctx", "region", "export", "sort", "q", "quit"];

/// Complete a partial `:` command: the one command it is a prefix of, if unique.
pub fn complete(partial: &str) -> Vec<&'static str> {
    let p = partial.trim().to_ascii_lowercase();
    let mut out: Vec<&'static str> = REGISTRY
        .iter()
        .filter(|s| s.command)
        .map(|s| s.commands[0])
        .chain(OTHER_COMMANDS.iter().copied())
        .filter(|c| c.starts_with(&p))
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_aliases_find_panes() {
        assert_eq!(PaneKind::from_command("ws"), Some(PaneKind::Workspaces));
        assert_eq!(PaneKind::from_command("IMG"), Some(PaneKind::Images));
        assert_eq!(PaneKind::from_command("dirs"), Some(PaneKind::Directories));
        assert_eq!(PaneKind::from_command("nope"), None);
    }

    #[test]
    fn completion_offers_matching_commands() {
        assert_eq!(complete("im"), vec!["img"]);
        assert_eq!(complete("b"), vec!["bundles"]);
        assert!(complete("").len() >= 7);
        assert_eq!(complete("q"), vec!["queue", "q", "quit"]);
        assert_eq!(complete("ex"), vec!["export"]);
    }

    #[test]
    fn tab_cycles_the_top_panes() {
        assert_eq!(PaneKind::Directories.next(), PaneKind::Workspaces);
        assert_eq!(PaneKind::Workspaces.prev(), PaneKind::Directories);
    }

    #[test]
    fn only_workspaces_resources_ask_for_tags() {
        // DescribeTags takes a WorkSpaces resource ID: a profile name, a job's outcome row or
        // a WorkSpaces Applications ARN would be sent as one and answered with an error.
        for spec in REGISTRY.iter().filter(|s| s.tagged) {
            assert!(
                matches!(
                    spec.rows,
                    RowKind::Workspace
                        | RowKind::Image
                        | RowKind::Pool
                        | RowKind::Bundle
                        | RowKind::Directory
                ),
                "{:?} asks DescribeTags for rows of kind {:?}",
                spec.kind,
                spec.rows
            );
        }
    }
}
