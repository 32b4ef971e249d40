//! Targeted lookups (the large-fleet issue): a filter that names WorkSpaces not on screen yet
//! (`ws-…` IDs, `id=ws-…`, `user=NAME`) asks the service for them directly when the filter is
//! submitted, instead of waiting up to a whole sweep for their page. The answers are merged
//! into the table like a re-read (by ID: never duplicated, and the sweep still passes over
//! them), with their connection status.

use crate::app::msg::{Asker, Command};
use crate::app::state::{Joined, State};
use crate::panes::PaneKind;
use crate::table::filter::{looks_like_user_name, plain_words};
use crate::table::Keyed;
use std::collections::BTreeSet;

/// DescribeWorkspaces' WorkspaceId pattern: `ws-` and 8 to 63 lowercase letters or digits.
fn is_workspace_id(s: &str) -> bool {
    s.strip_prefix("ws-").is_some_and(|rest| {
        (8..=63).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    })
}

/// What a filter names: WorkSpace IDs (bare or `id=`/`workspace=`) and user names (`user=`).
pub fn named(filter: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut ids, mut users) = (BTreeSet::new(), BTreeSet::new());
    for token in filter.split_whitespace() {
        if token.starts_with('!') {
            continue;
        }
        let (name, value) = match token.split_once('=') {
            Some((n, v)) => (n.to_ascii_lowercase(), v.trim_matches('"')),
            None => (String::new(), token),
        };
        match name.as_str() {
            "" | "id" | "workspace" if is_workspace_id(value) => {
                ids.insert(value.to_string());
            }
            "user" if !value.is_empty() => {
                users.insert(value.to_string());
            }
            _ => {}
        }
    }
    (ids, users)
}

/// The lookups a just-submitted filter on the WorkSpaces or connection pane calls for, per
/// Region shown: IDs not in the table; users not in the table, in each known directory of
/// the Region (DescribeWorkspaces takes a user name only with its directory); and plain
/// words that find no row loaded, as user names, in the Regions not swept whole yet (issue
/// 26: `/lisa.peterson` waited for the sweep while `/user=lisa.peterson` did not). The
/// status line says when a word is looked up.
pub fn for_filter(state: &mut State) -> Vec<Command> {
    if !state.active.spec().looks_up {
        return vec![];
    }
    let filter = state.pane().filter_text().to_string();
    let (ids, users) = named(&filter);
    let table = &state.panes.workspaces.table;
    let ids: Vec<String> = ids
        .into_iter()
        .filter(|id| table.get(id).is_none())
        .collect();
    let users: Vec<String> = users
        .into_iter()
        .filter(|u| {
            !table
                .rows()
                .iter()
                .any(|w| w.user_name.eq_ignore_ascii_case(u))
        })
        .collect();
    let words = words_not_found(state, &filter, &users);
    let commands: Vec<Command> = state
        .regions
        .iter()
        .filter_map(|region| {
            let mut names = users.clone();
            if !swept_whole(state, region) {
                names.extend(words.iter().cloned());
            }
            let directories = directories_most_first(state, region);
            let users: Vec<(String, String)> = names
                .iter()
                .flat_map(|u| directories.iter().map(move |d| (d.clone(), u.clone())))
                .collect();
            (!ids.is_empty() || !users.is_empty()).then(|| Command::LookupWorkspaces {
                region: region.clone(),
                ids: ids.clone(),
                users,
            })
        })
        .collect();
    say_words_looked_up(state, &words, &commands);
    commands
}

/// The plain words of `filter` that may be user names and find no row loaded (`users` are
/// asked for already).
fn words_not_found(state: &mut State, filter: &str, users: &[String]) -> Vec<String> {
    if state.regions.iter().all(|r| swept_whole(state, r)) {
        return vec![];
    }
    let ctx = crate::app::state::ctx_of(&state.joined, state.now, state.idle_days);
    let pane = &mut state.panes.workspaces;
    let mut words: Vec<String> = vec![];
    for word in plain_words(filter) {
        let asked = users
            .iter()
            .chain(&words)
            .any(|u| u.eq_ignore_ascii_case(&word));
        if looks_like_user_name(&word)
            && !is_workspace_id(&word)
            && !asked
            && !pane.word_finds_a_row(&word, &ctx)
        {
            words.push(word);
        }
    }
    words
}

/// Whether a sweep of `region`'s WorkSpaces has finished in this run (the cache's rows are
/// not a sweep's): after one, a word that finds no row names no WorkSpace of the Region.
fn swept_whole(state: &State, region: &str) -> bool {
    state
        .panes
        .workspaces
        .regions
        .get(region)
        .is_some_and(|s| s.last_ok.is_some() && s.cached_at.is_none())
}

/// "lisa.peterson is not loaded yet: looking it up as a user name in 3 directories".
fn say_words_looked_up(state: &mut State, words: &[String], commands: &[Command]) {
    let Some(word) = words.first() else {
        return;
    };
    let asked: usize = commands
        .iter()
        .map(|c| match c {
            Command::LookupWorkspaces { users, .. } => {
                users.iter().filter(|(_, u)| u == word).count()
            }
            _ => 0,
        })
        .sum();
    let more = match words.len() {
        1 => String::new(),
        2 => " (and 1 more word)".to_string(),
        k => format!(" (and {} more words)", k - 1),
    };
    let dirs = if asked == 1 {
        "directory"
    } else {
        "directories"
    };
    state.notice = Some(if asked == 0 {
        format!("{word} is not loaded yet; no directory is known yet to look it up in as a user")
    } else {
        format!("{word} is not loaded yet: looking it up as a user name in {asked} {dirs}{more}")
    });
}

/// The known directories of `region`, those holding the most WorkSpaces first (as far as
/// the sweep, or the warm-start cache, has counted them). DescribeWorkspaces takes a user
/// name only with its directory, so a user is asked for in one directory after another,
/// each call waiting for its token (AWS: 2 calls/s): asking where most users are first
/// makes the likeliest answer come first. Ties keep the pane's order.
fn directories_most_first(state: &State, region: &str) -> Vec<String> {
    let count = |id: &str| {
        state
            .joined
            .workspaces_per_directory
            .get(id)
            .copied()
            .unwrap_or(0)
    };
    let mut directories: Vec<String> = state
        .panes
        .directories
        .table
        .rows()
        .iter()
        .filter(|d| d.region() == region)
        .map(|d| d.id.clone())
        .collect();
    directories.sort_by_key(|d| std::cmp::Reverse(count(d)));
    directories
}

/// Connection status for the WorkSpaces on screen that the connection sweep has not brought
/// yet: asked for by ID, ahead of the sweep, once per WorkSpace. A page the sweep has not
/// reached is not needed for what the user is looking at. (Cheap: only the rows on screen
/// are looked at, never the whole fleet.)
pub fn connections_on_screen(state: &mut State) -> Vec<Command> {
    if !matches!(state.active, PaneKind::Workspaces) {
        return vec![];
    }
    let body_rows = state.body_rows();
    let (joined, table) = (&mut state.joined, &state.panes.workspaces.table);
    let start = table.offset();
    let end = (start + body_rows).min(table.view_len());
    let on_screen = (start..end).filter_map(|pos| table.view_row(pos));
    ask_connections(
        joined,
        on_screen.map(|w| (w.region.as_str(), w.id.as_str())),
        Asker::Screen,
    )
}

/// DescribeWorkspacesConnectionStatus by ID for these (Region, WorkSpace ID) pairs whose
/// status is neither known nor asked for yet: one lookup per Region, each ID once, and
/// each noted as asked so no later pass asks again.
pub fn ask_connections<'a>(
    joined: &mut Joined,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
    asker: Asker,
) -> Vec<Command> {
    let mut wanted: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (region, id) in pairs {
        let known = joined.connections.contains_key(id) || joined.connections_asked.contains(id);
        if !known && !region.is_empty() {
            wanted.entry(region).or_default().push(id);
        }
    }
    let mut out = vec![];
    for (region, mut ids) in wanted {
        ids.sort_unstable();
        ids.dedup();
        let ids: Vec<String> = ids.into_iter().map(String::from).collect();
        joined.connections_asked.extend(ids.iter().cloned());
        out.push(Command::LookupConnections {
            region: region.to_string(),
            ids,
            asker,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_users_are_read_from_the_filter() {
        let (ids, users) =
            named("ws-17o9q5p0h id=ws-2987as0p8 user=alice !ws-73hgyvjmc state=ERROR ws-x");
        assert_eq!(
            ids.into_iter().collect::<Vec<_>>(),
            ["ws-17o9q5p0h", "ws-2987as0p8"]
        );
        assert_eq!(users.into_iter().collect::<Vec<_>>(), ["alice"]);
        // Not IDs: too short, upper case, another prefix.
        for word in ["ws-abc", "ws-ABCDEFGHI", "wsb-123456789"] {
            assert!(named(word).0.is_empty(), "{word}");
        }
    }
}
