use crate::app::state::RefreshStatus;
use crate::app::State;
use crate::config::keymap::KeyAction;
use crate::panes::{PaneKind, RowKind};
use crate::table::format::{clock, thousands};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Bottom line: marks, then the active pane's refresh progress or error (or a message), then
/// key hints. Each gets its room in that order of importance: the message first, then the
/// marks (shortened if need be), then the hints (only if they fit whole), so nothing
/// overlaps at 80 columns.
pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let message = message(state);
    let width = area.width as usize;
    let message_width = message.width().min(width);
    let mut room = width - message_width;
    let mut spans = vec![];
    if let Some(m) = marks(state, room) {
        room -= m.chars().count();
        spans.push(Span::styled(
            m,
            Style::default().fg(theme.header_fg).bg(theme.header_bg),
        ));
    }
    if let Some(a) = acted(state, room) {
        room -= a.chars().count();
        spans.push(Span::styled(a, Style::default().fg(theme.transitional)));
    }
    spans.push(message);
    let hints = hints(state, room);
    let hint_width = hints.as_ref().map_or(0, |h| h.chars().count() as u16);
    let [l, h] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(hint_width)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), l);
    if let Some(hints) = hints {
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                hints,
                Style::default().fg(theme.muted),
            ))),
            h,
        );
    }
}

/// The most important thing to say: quitting, an alert, a notice, the pane's refresh.
fn message(state: &State) -> Span<'static> {
    let theme = &state.theme;
    let ell = crate::ui::Symbols::new(state.ascii).ellipsis;
    let pane = state.pane();
    let r = pane.refresh();
    if state.quitting {
        let jobs = state.jobs.summary();
        Span::styled(
            format!(
                " quitting: waiting for {} running job(s) to record every outcome{ell}",
                jobs.running + jobs.queued
            ),
            Style::default().fg(theme.error),
        )
    } else if let Some((_, a)) = &state.alert {
        Span::styled(
            format!(" {a}"),
            Style::default()
                .fg(theme.error)
                .add_modifier(ratatui::style::Modifier::BOLD),
        )
    } else if let Some(n) = &state.notice {
        Span::styled(format!(" {n}"), Style::default().fg(theme.error))
    } else if r.error.is_some() {
        // The pane's own error line says what failed; not again here.
        Span::styled(
            " ! refresh failed (e: in full)",
            Style::default().fg(theme.error),
        )
    } else if r.in_progress {
        Span::raw(loading(pane.plural(), r, ell))
    } else if let Some(t) = r.last_ok {
        Span::styled(
            format!(" refreshed {}", clock(t)),
            Style::default().fg(theme.muted),
        )
    } else {
        Span::raw(not_loaded(state, ell))
    }
}

/// A pane with nothing loaded yet and nothing under way.
fn not_loaded(state: &State, ell: &str) -> String {
    if !state.active.spec().resources {
        // Panes wsfleet fills itself: nothing to connect to.
        String::new()
    } else if state.active == PaneKind::Connections && state.panes.workspaces.refresh.in_progress {
        // A cold start sweeps the WorkSpaces first (`runtime::SweepOrder::WorkspacesFirst`;
        // the rows on screen have their status asked for by ID meanwhile): say so, or a
        // 50,000-WorkSpace load looks stuck here for a quarter of an hour.
        format!(" connection status comes after the WorkSpaces{ell}")
    } else {
        format!(" connecting{ell}")
    }
}

/// How many rows are marked (and hidden by the filter), in the longest form that fits in
/// `room`.
fn marks(state: &State, room: usize) -> Option<String> {
    let pane = state.pane();
    let n = pane.marks();
    if n == 0 {
        return None;
    }
    let hidden = pane.hidden_marks();
    let forms = if hidden > 0 {
        vec![
            format!(" {n} marked ({hidden} hidden by filter) "),
            format!(" {n} marked ({hidden} hidden) "),
            format!(" {n}* ({hidden} hidden) "),
        ]
    } else {
        vec![format!(" {n} marked "), format!(" {n}* ")]
    };
    forms.into_iter().find(|f| f.chars().count() <= room)
}

/// How many WorkSpaces an action is working on (shown with `>` until they settle, whatever
/// the filter: issue 26), in the longest form that fits in `room`.
fn acted(state: &State, room: usize) -> Option<String> {
    if state.active.rows() != RowKind::Workspace {
        return None;
    }
    let n = state.panes.workspaces.acted.len();
    if n == 0 {
        return None;
    }
    let forms = [
        format!(" {n} acted on (>, until settled) "),
        format!(" {n} acted on "),
        format!(" {n}> "),
    ];
    forms.into_iter().find(|f| f.chars().count() <= room)
}

/// Key hints that fit whole in `room`; none under an alert, which must be read whole.
fn hints(state: &State, room: usize) -> Option<String> {
    if state.alert.is_some() {
        return None;
    }
    // Hints show the keys actually bound (the config may have moved them).
    let k = |a: KeyAction| {
        state
            .keymap
            .keys_for(a)
            .split(' ')
            .next()
            .unwrap_or("")
            .to_string()
    };
    let hints = [
        format!(
            "{} cmd  {} filter  {} help  {} quit ",
            k(KeyAction::Command),
            k(KeyAction::Filter),
            k(KeyAction::Help),
            k(KeyAction::Quit)
        ),
        format!("{} help ", k(KeyAction::Help)),
    ];
    hints.into_iter().find(|h| h.chars().count() < room)
}

/// "loading WorkSpaces… 5,025 of ~20,000 (about 9 min left)": the rows the last sweep (or
/// the cache) held are what this one will most likely bring again, so they are the expected
/// total; the time left is at the rate of this sweep's own pages. Rows a lookup brought
/// ahead of the sweep count in neither (issue 26: they made a cold start read "1,550 of
/// ~1,553 (about 0 s left)"); with no sweep finished and no cache there is no total to give.
fn loading(plural: &str, r: &RefreshStatus, ell: &str) -> String {
    let mut text = format!(" loading {plural}{ell} {}", thousands(r.loaded));
    let expected = r.expected.unwrap_or(0);
    if expected > r.loaded {
        text.push_str(&format!(" of ~{}", thousands(expected)));
        let elapsed = r.started.map(|t| t.elapsed().as_secs_f64()).unwrap_or(0.0);
        // A few seconds in, the rate says something (the first pages come in a burst).
        if elapsed >= 5.0 && r.loaded > 0 {
            let left = (expected - r.loaded) as f64 * elapsed / r.loaded as f64;
            text.push_str(&format!(" (about {} left)", duration(left)));
        }
    }
    text
}

/// 40 → "40 s", 540 → "9 min", 5400 → "1 h 30 min".
fn duration(secs: f64) -> String {
    let s = secs.round() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s.div_ceil(60)),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::RefreshStatus;

    fn sweeping(loaded: usize, expected: Option<usize>, secs: u64) -> RefreshStatus {
        let started = std::time::Instant::now() - std::time::Duration::from_secs(secs);
        RefreshStatus {
            loaded,
            expected,
            in_progress: true,
            started: Some(started),
            ..RefreshStatus::default()
        }
    }

    /// Issue 26: the estimate counts the sweep only. With the last sweep's 20,000 rows
    /// expected, 5,000 swept in 100 s leave 300 s; with no sweep finished (a cold start,
    /// whatever a lookup put in the table) there is no total and no time left to make up.
    #[test]
    fn the_estimate_comes_from_the_sweeps_own_pages() {
        let text = super::loading("WorkSpaces", &sweeping(5_000, Some(20_000), 100), "…");
        assert_eq!(
            text,
            " loading WorkSpaces… 5,000 of ~20,000 (about 5 min left)"
        );
        let cold = super::loading("WorkSpaces", &sweeping(1_550, None, 100), "…");
        assert_eq!(cold, " loading WorkSpaces… 1,550");
        // Past what was expected (the fleet grew): the count alone.
        let grown = super::loading("WorkSpaces", &sweeping(300, Some(250), 10), "…");
        assert_eq!(grown, " loading WorkSpaces… 300");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(super::duration(40.0), "40 s");
        assert_eq!(super::duration(540.0), "9 min");
        assert_eq!(super::duration(541.0), "10 min");
        assert_eq!(super::duration(5400.0), "1 h 30 min");
    }
}
