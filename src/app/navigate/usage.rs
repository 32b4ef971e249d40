//! Usage summaries for the usage columns and the advisor (GetMetricData, see
//! `service::metrics::usage`), asked only for what is shown: the rows on screen (and two
//! screens ahead, so scrolling a step asks nothing) while a usage column is shown, and the
//! whole fleet only while the advisor needs it (the ADVICE column shown, or a filter naming
//! it). A summary fresh or being fetched is never asked again (`UsageBook`).

use crate::app::msg::{Command, Outcome};
use crate::app::navigate::show::rebuild_active;
use crate::app::state::State;
use crate::domain::usage::UsageSummary;
use crate::domain::ServiceError;
use crate::panes::workspace_usage::USAGE_TITLES;
use crate::panes::PaneKind;
use crate::table::resource::Resource;
use crate::table::Keyed;
use std::collections::BTreeMap;

/// WorkSpaces per command: 500 × 5 queries fill whole GetMetricData calls (so a fleet still
/// takes ⌈WorkSpaces × 5 ÷ 500⌉), and answers come in chunk by chunk rather than once for a
/// whole fleet.
pub const CHUNK: usize = 500;

/// Which usage columns the WorkSpaces pane shows: (any, ADVICE).
fn shown(state: &State) -> (bool, bool) {
    if state.active != PaneKind::Workspaces {
        return (false, false);
    }
    if state.wide {
        return (true, true);
    }
    let cols = crate::domain::Workspace::columns();
    let Some(layout) = &state.panes.workspaces.layout else {
        return (false, false);
    };
    let titles: Vec<&str> = layout.iter().map(|&i| cols[i].name.title).collect();
    (
        titles.iter().any(|t| USAGE_TITLES.contains(t)),
        titles.contains(&"ADVICE"),
    )
}

/// Whether a filter names the ADVICE column (`advice=AUTO_STOP`, `!advice=`).
fn filter_names_advice(text: &str) -> bool {
    text.split_whitespace().any(|term| {
        let term = term.trim_start_matches('!');
        let name = term.split(['=', '~', '<', '>']).next().unwrap_or("");
        name.len() < term.len() && name.eq_ignore_ascii_case("advice")
    })
}

/// Whether the advisor needs every WorkSpace's summary (and tags, for the skip tag): the
/// ADVICE column or a filter naming it, or `:doctor` shown (its billing-advice rule).
pub fn advisor_needed(state: &State) -> bool {
    state.active == PaneKind::Doctor
        || (state.active == PaneKind::Workspaces
            && (shown(state).1 || filter_names_advice(&state.panes.workspaces.filter_text)))
}

/// The GetMetricData commands for summaries shown and not fresh, per Region.
pub fn load_missing(state: &mut State) -> Vec<Command> {
    let ids: Vec<(String, String)> = if advisor_needed(state) {
        fleet_missing(state)
    } else if shown(state).0 {
        screen_missing(state)
    } else {
        vec![]
    };
    if ids.is_empty() {
        return vec![];
    }
    let mut by_region: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (region, id) in ids {
        by_region.entry(region).or_default().push(id);
    }
    let mut commands = vec![];
    for (region, ids) in by_region {
        state.joined.usage.asked(&ids, state.now);
        for chunk in ids.chunks(CHUNK) {
            commands.push(Command::LoadUsage {
                region: region.clone(),
                ids: chunk.to_vec(),
            });
        }
    }
    commands
}

/// Every WorkSpace whose summary is not fresh; looked for only when the fleet or the
/// summaries changed, or a minute passed, not on every keystroke.
fn fleet_missing(state: &mut State) -> Vec<(String, String)> {
    let ws = &state.panes.workspaces;
    let seen = (
        ws.table.len(),
        ws.refresh.sweep,
        state.joined.usage.len(),
        state.now / 60,
    );
    if state.joined.usage_scanned == Some(seen) {
        return vec![];
    }
    state.joined.usage_scanned = Some(seen);
    let book = &state.joined.usage;
    ws.table
        .rows()
        .iter()
        .filter(|w| book.stale(w.key(), state.now))
        .map(|w| (w.region().to_string(), w.key().to_string()))
        .collect()
}

/// When a row on screen is not fresh: the stale rows of the screen and two screens below.
fn screen_missing(state: &State) -> Vec<(String, String)> {
    let table = &state.panes.workspaces.table;
    let (book, now) = (&state.joined.usage, state.now);
    let height = state.body_rows();
    let start = table.offset();
    let stale_at = |pos: usize| table.view_row(pos).filter(|w| book.stale(w.key(), now));
    let screen = start..(start + height).min(table.view_len());
    if !screen.clone().any(|p| stale_at(p).is_some()) {
        return vec![];
    }
    (start..(start + 3 * height).min(table.view_len()))
        .filter_map(stale_at)
        .map(|w| (w.region().to_string(), w.key().to_string()))
        .collect()
}

/// Summaries arrived (or the fetch failed, said once on the status line).
pub fn on_usage(
    state: &mut State,
    ids: Vec<String>,
    result: Result<Vec<(String, UsageSummary)>, ServiceError>,
) -> Outcome {
    match result {
        Ok(summaries) => state.joined.usage.arrived(summaries, state.now),
        Err(e) => {
            state.joined.usage.failed(&ids, state.now);
            state.notice = Some(format!("usage (CloudWatch): {}: {}", e.code, e.message));
        }
    }
    state.joined.touch_ids(ids);
    rebuild_active(state);
    (true, vec![])
}

#[cfg(test)]
mod tests {
    use super::filter_names_advice;

    #[test]
    fn a_filter_naming_the_advice_column_is_noticed() {
        assert!(filter_names_advice("advice=AUTO_STOP"));
        assert!(filter_names_advice("user~a !Advice="));
        assert!(
            !filter_names_advice("advice"),
            "a plain word is not the column"
        );
        assert!(!filter_names_advice("hours<10"));
    }
}
