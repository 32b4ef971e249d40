//! The warm-start cache seen from the state: which file a context and Region use, the rows
//! saved, and a snapshot's rows shown at once (the file itself: `io::cache`).

use super::show::rebuild_all;
use crate::app::io::cache::{CachedUsage, Snapshot, VERSION};
use crate::app::io::cached_metrics::CachedMetrics;
use crate::app::model::pane::PaneState;
use crate::app::state::State;
use crate::table::resource::Resource;
use std::path::{Path, PathBuf};

/// `fleet-<mode>-<profile>-<region>.json` for the state's mode and account context, with
/// anything odd in the profile name replaced; live against `--endpoint-url`, the endpoint is
/// part of the name too (`fleet-live-<profile>-<region>-at-<endpoint>.json`), so one
/// endpoint's fleet is never shown as CACHED for another. (The demo's emulator listens on a
/// new port each run, with the same fleet: its endpoint is left out.)
pub fn path_for(dir: &Path, state: &State, region: &str) -> PathBuf {
    let mode = match state.mode {
        crate::app::Mode::Demo => "demo",
        crate::app::Mode::Live => "live",
    };
    let profile = state.context_name();
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let at = match state.mode {
        // Only an `--endpoint-url` (AWS's own endpoint follows from profile and Region).
        crate::app::Mode::Live if state.endpoint.contains("://") => {
            let endpoint: String = clean(&state.endpoint).chars().take(80).collect();
            format!("-at-{endpoint}")
        }
        _ => String::new(),
    };
    dir.join(format!(
        "fleet-{}-{}-{}{at}.json",
        clean(mode),
        clean(&profile),
        clean(region)
    ))
}

/// The rows of `region` in every top pane.
pub fn snapshot_of(state: &State, region: &str) -> Snapshot {
    fn rows<R: Resource>(p: &PaneState<R>, region: &str) -> Vec<R> {
        p.table
            .rows()
            .iter()
            .filter(|r| r.region() == region)
            .cloned()
            .collect()
    }
    let p = &state.panes;
    let workspaces = rows(&p.workspaces, region);
    let seen = state.doctor.of(workspaces.iter().map(|w| w.id.as_str()));
    Snapshot {
        version: VERSION,
        saved_at: state.now,
        profile: state.context_name(),
        region: region.to_string(),
        workspaces,
        connections: rows(&p.connections, region),
        images: rows(&p.images, region),
        pools: rows(&p.pools, region),
        bundles: rows(&p.bundles, region),
        directories: rows(&p.directories, region),
        tags: state
            .joined
            .tags
            .iter()
            .filter(|(id, _)| in_region(state, id, region))
            .map(|(id, t)| (id.clone(), t.clone()))
            .collect(),
        seen,
        metrics: state
            .joined
            .metrics
            .ready()
            .filter(|(id, _, _)| in_region(state, id, region) || fleet_in(id, region))
            .map(|(id, m, at)| (id.clone(), CachedMetrics::of(m, at)))
            .collect(),
        usage: state
            .joined
            .usage
            .ready()
            .filter(|(id, _, _)| in_region(state, id, region))
            .map(|(id, summary, at)| {
                let summary = summary.clone();
                (id.clone(), CachedUsage { at, summary })
            })
            .collect(),
    }
}

/// Whether `arn` is a WorkSpaces Applications fleet's in `region`
/// (`arn:aws:appstream:<region>:…`).
fn fleet_in(arn: &str, region: &str) -> bool {
    arn.split(':').nth(3) == Some(region) && arn.starts_with("arn:aws")
}

/// Whether the resource `id` (a WorkSpace, image, bundle or directory) is listed in
/// `region`.
fn in_region(state: &State, id: &str, region: &str) -> bool {
    let p = &state.panes;
    let of = |r: Option<&str>| r == Some(region);
    of(p.workspaces.table.get(id).map(|r| r.region.as_str()))
        || of(p.images.table.get(id).map(|r| r.region.as_str()))
        || of(p.bundles.table.get(id).map(|r| r.region.as_str()))
        || of(p.directories.table.get(id).map(|r| r.region.as_str()))
}

/// Show a snapshot's rows at once, marked as cached until the Region's first sweep.
pub fn apply(state: &mut State, s: Snapshot) {
    let region = s.region.clone();
    let at = s.saved_at;
    let p = &mut state.panes;
    // Live data that arrived before the cache was read is newer: never overwrite it.
    for w in &s.workspaces {
        state
            .joined
            .users
            .entry(w.id.clone())
            .or_insert_with(|| w.user_name.clone());
        *state
            .joined
            .workspaces_per_directory
            .entry(w.directory_id.clone())
            .or_insert(0) += 1;
    }
    for c in &s.connections {
        state
            .joined
            .connections
            .entry(c.workspace_id.clone())
            .or_insert_with(|| c.clone());
    }
    for (id, tags) in s.tags {
        state.joined.tags.entry(id).or_insert(tags);
    }
    state.doctor.remember(&s.seen);
    for (id, cached) in s.usage {
        state.joined.usage.restore(id, cached.summary, cached.at);
    }
    for (id, cached) in s.metrics {
        let (metrics, fetched) = cached.restore(&id);
        state.joined.metrics.restore(id, metrics, fetched);
    }
    state.joined.touch();
    p.workspaces.apply_cached(&region, at, s.workspaces);
    p.connections.apply_cached(&region, at, s.connections);
    p.images.apply_cached(&region, at, s.images);
    p.pools.apply_cached(&region, at, s.pools);
    p.bundles.apply_cached(&region, at, s.bundles);
    p.directories.apply_cached(&region, at, s.directories);
    rebuild_all(state);
}
