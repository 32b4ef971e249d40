//! The panes: which exist, what they are called, and each one's columns (one file per pane).

mod app_fleets;
mod app_images;
mod app_sessions;
mod bundles;
mod connections;
mod contexts;
mod directories;
mod doctor;
mod images;
mod pools;
mod queue;
mod sessions;
mod spec;
pub mod workspace_usage;
mod workspaces;

pub use contexts::ContextRow;
pub use doctor::subject_plural;
pub use queue::{JobRow, OutcomeRow};
pub use spec::PaneSpec;

use crate::domain::{
    AppFleet, AppImage, AppSession, ConnectionStatus, PoolSession, Workspace, WorkspaceBundle,
    WorkspaceDirectory, WorkspaceImage, WorkspacesPool,
};

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
    /// The fleet doctor's findings (`:doctor`).
    Doctor,
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
    /// A finding of the fleet doctor (no AWS resource: it names some).
    Finding,
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

use PaneKind as K;

/// Every pane, once.
pub static REGISTRY: [PaneSpec; 14] = [
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
    // The doctor's rows are wsfleet's findings, computed from the other panes' rows.
    PaneSpec::of::<crate::domain::doctor::Finding>(
        K::Doctor,
        RowKind::Finding,
        "Doctor",
        &["doctor", "popeye"],
    )
    .command()
    .config("doctor")
    .hinted("Enter shows them, the FIX key fixes them"),
];

/// Every pane's slot, once: its kind, its field in `app`'s `Panes` and the type of its rows,
/// the panes swept in the background (`.swept(…)` above) apart from the others. `app` builds
/// its `Panes` and `Rows` from this list and `runtime` each sweep's task from its `swept`
/// part (the row type's `service::Swept` impl says which Describe operation pages it): call
/// it with the name of a macro taking `swept: [KIND => field: Row, …], local: […]`.
macro_rules! every_pane {
    ($then:ident) => {
        $then! {
            swept: [
                Workspaces => workspaces: $crate::domain::Workspace,
                Connections => connections: $crate::domain::ConnectionStatus,
                Images => images: $crate::domain::WorkspaceImage,
                Pools => pools: $crate::domain::WorkspacesPool,
                Bundles => bundles: $crate::domain::WorkspaceBundle,
                Directories => directories: $crate::domain::WorkspaceDirectory,
                AppImages => app_images: $crate::domain::AppImage,
                AppFleets => app_fleets: $crate::domain::AppFleet,
            ],
            // Drill-downs loaded per parent, and wsfleet's own rows.
            local: [
                Sessions => sessions: $crate::domain::PoolSession,
                Queue => queue: $crate::panes::JobRow,
                Outcomes => outcomes: $crate::panes::OutcomeRow,
                Contexts => contexts: $crate::panes::ContextRow,
                AppSessions => app_sessions: $crate::domain::AppSession,
                Doctor => doctor: $crate::domain::doctor::Finding,
            ],
        }
    };
}
pub(crate) use every_pane;

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

    /// The slot list's `swept` part is exactly the panes the registry sweeps: a pane swept by
    /// the registry but listed as local would never be swept (and the other way round, its
    /// task would start without an interval and never run).
    #[test]
    fn the_slot_lists_swept_panes_are_the_registrys() {
        macro_rules! swept_kinds {
            (swept: [$($kind:ident => $field:ident: $row:ty),* $(,)?], local: [$($local:tt)*] $(,)?) => {
                vec![$(PaneKind::$kind),*]
            };
        }
        let listed: Vec<PaneKind> = every_pane!(swept_kinds);
        let registered: Vec<PaneKind> = swept().map(|(kind, _, _)| kind).collect();
        assert_eq!(listed, registered);
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
