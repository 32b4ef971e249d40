use crate::app::{Mode, State};
use crate::domain::StateClass;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Two lines: where we are (mode, Regions, profile, endpoint), then WorkSpaces by state; and
/// with several Regions, a third line while any of them fails, with its error (unless the
/// pane on screen shows that error itself).
pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let mode = match state.mode {
        Mode::Demo => " DEMO ",
        Mode::Live => " LIVE ",
    };
    let mut first = vec![
        Span::styled(
            " wsfleet ",
            Style::default()
                .fg(theme.header_fg)
                .bg(theme.header_bg)
                .add_modifier(Modifier::BOLD),
        ),
        Span::raw(" "),
        Span::styled(mode, Style::default().add_modifier(Modifier::REVERSED)),
    ];
    if let Some(jobs) = jobs(state) {
        first.push(Span::raw(" "));
        first.push(jobs);
    }
    first.extend(places(state));
    first.extend(context(state));
    let mut lines = vec![Line::from(first), counts(state, area.width)];
    lines.extend(failures(state));
    frame.render_widget(Paragraph::new(lines), area);
}

/// Jobs under way (or failed and not yet seen) are said on every pane.
fn jobs(state: &State) -> Option<Span<'static>> {
    let theme = &state.theme;
    let jobs = state.jobs.summary();
    if !jobs.any() && state.alert.is_none() {
        return None;
    }
    let mut text = String::from(" jobs:");
    if jobs.running > 0 {
        text.push_str(&format!(" {} running", jobs.running));
    }
    if jobs.queued > 0 {
        text.push_str(&format!(" {} queued", jobs.queued));
    }
    if jobs.paused > 0 {
        text.push_str(&format!(" {} PAUSED", jobs.paused));
    }
    if jobs.any() {
        text.push_str(&format!(" ({} to go)", jobs.unanswered));
    }
    if state.alert.is_some() && jobs.paused == 0 {
        text.push_str(" FAILURES");
    }
    text.push(' ');
    let bg = if state.alert.is_some() {
        theme.error
    } else {
        theme.header_bg
    };
    Some(Span::styled(
        text,
        Style::default()
            .fg(theme.header_fg)
            .bg(bg)
            .add_modifier(Modifier::BOLD),
    ))
}

/// The Regions shown, a failing one marked. Several profiles: 10 × 3 places do not fit a
/// line; their counts do, and the failing places are named.
fn places(state: &State) -> Vec<Span<'static>> {
    let theme = &state.theme;
    let failing = state.failing_regions();
    let failed_style = Style::default()
        .fg(theme.error)
        .add_modifier(Modifier::BOLD);
    let several = !state.accounts.is_empty();
    let regions = state.regions.len() / state.accounts.len().max(1);
    let mut spans = vec![Span::raw(match (several, state.regions.len()) {
        (true, _) => format!(
            " {} profiles × {regions} region{}",
            state.accounts.len(),
            if regions == 1 { "" } else { "s" }
        ),
        (false, 1) => " region".to_string(),
        (false, _) => " regions".to_string(),
    })];
    // Many failing places of several profiles are counted, not listed (the line below
    // names the first and its error).
    let counted = several && failing.len() > 2;
    if counted {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!("{} places failing!", failing.len()),
            failed_style,
        ));
    }
    // Otherwise every Region is listed; with several profiles only the failing places.
    let listed = state.regions.iter().filter(|_| !counted);
    for region in listed {
        let failed = failing.iter().any(|(r, _)| r == region);
        if several && !failed {
            continue;
        }
        // A failing Region is marked in words too ("!"), not by colour alone.
        if failed {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!("{region}!"), failed_style));
        } else {
            spans.push(Span::raw(format!(" {region}")));
        }
    }
    spans
}

/// The profile (with one), read-only, plain HTTP, and the endpoint.
fn context(state: &State) -> Vec<Span<'static>> {
    let theme = &state.theme;
    let warning = Style::default()
        .fg(theme.header_fg)
        .bg(theme.error)
        .add_modifier(Modifier::BOLD);
    let mut spans = vec![Span::raw(" ")];
    match &state.profile {
        Some(_) if !state.accounts.is_empty() => {}
        Some(p) => spans.push(Span::raw(format!(" profile {p} "))),
        None => {}
    }
    if state.read_only {
        spans.push(Span::styled(" RO ", warning));
    }
    if state.plaintext_endpoint() {
        // Credentials are signed, not encrypted: over plain HTTP the calls and answers
        // (user names, IP addresses) cross the network readable.
        spans.push(Span::raw(" "));
        spans.push(Span::styled(" PLAINTEXT HTTP ", warning));
    }
    spans.push(Span::styled(
        format!(" {}", state.endpoint),
        Style::default().fg(theme.muted),
    ));
    spans
}

/// The second line: how many WorkSpaces, and how many in each state as fit in `width`.
fn counts(state: &State, width: u16) -> Line<'static> {
    let total = format!(" {} WorkSpaces", state.panes.workspaces.table.len());
    // Problem states first: on a busy fleet at 80 columns they must not be the ones
    // behind "+N more".
    let mut counts: Vec<_> = state.counts_by_state().into_iter().collect();
    counts.sort_by_key(|((class, _), _)| problem_first(*class));
    let labels: Vec<(&str, usize)> = counts.iter().map(|((_, name), n)| (*name, *n)).collect();
    let room = usize::from(width).saturating_sub(total.chars().count());
    let (fitted, more) = fit_counts(&labels, room);
    let mut second = vec![Span::styled(
        total,
        Style::default().add_modifier(Modifier::BOLD),
    )];
    for (((class, _), _), (label, n)) in counts.iter().zip(fitted) {
        second.push(Span::raw("  "));
        second.push(Span::styled(label, state.theme.state(*class)));
        second.push(Span::raw(format!(" {n}")));
    }
    if more > 0 {
        second.push(Span::raw(format!("  +{more} more")));
    }
    Line::from(second)
}

/// The third line, while Regions fail that the pane on screen does not explain itself.
fn failures(state: &State) -> Option<Line<'static>> {
    let explained = state.header_failures();
    if explained.is_empty() {
        return None;
    }
    let text = explained
        .iter()
        .map(|(r, e)| format!("{r}: {e}"))
        .collect::<Vec<_>>()
        .join("  ");
    Some(Line::from(Span::styled(
        format!(" ! {text} (its rows are stale)"),
        Style::default().fg(state.theme.error),
    )))
}

/// Where a class of state goes in the header's counts: problems (ERROR, IMPAIRED,
/// UNHEALTHY), then states on their way somewhere, then AVAILABLE, then STOPPED.
fn problem_first(class: StateClass) -> u8 {
    match class {
        StateClass::Bad => 0,
        StateClass::Transitional => 1,
        StateClass::Healthy => 2,
        StateClass::Stopped => 3,
    }
}

/// State counts that fit in `width` (each `  NAME n`), whole names only, in order: as many
/// as fit and how many did not (never a name cut or shortened to a part of a word).
fn fit_counts(items: &[(&str, usize)], width: usize) -> (Vec<(String, usize)>, usize) {
    let cost = |label: &str, n: usize| 2 + label.chars().count() + 1 + n.to_string().len();
    let mut out = vec![];
    let mut used = 0;
    for (i, (l, n)) in items.iter().enumerate() {
        let rest = items.len() - i - 1;
        // Keep room for "  +N more" unless this is the last one.
        let tail = if rest > 0 {
            8 + rest.to_string().len()
        } else {
            0
        };
        if used + cost(l, *n) + tail > width && rest > 0 || used + cost(l, *n) > width {
            return (out, items.len() - i);
        }
        used += cost(l, *n);
        out.push((l.to_string(), *n));
    }
    (out, 0)
}

#[cfg(test)]
mod tests {
    use super::{fit_counts, problem_first, StateClass};

    #[test]
    fn counts_drop_but_never_cut_or_shorten_a_name() {
        let items = [
            ("ERROR", 1),
            ("IMPAIRED", 1),
            ("UNHEALTHY", 6),
            ("ADMIN_MAINTENANCE", 1),
            ("AVAILABLE", 34),
            ("STOPPED", 3),
        ];
        let (all, more) = fit_counts(&items, 200);
        assert_eq!(all.len(), 6);
        assert_eq!((all[3].0.as_str(), more), ("ADMIN_MAINTENANCE", 0));
        // 80 columns less " 40 WorkSpaces": the problems first, the rest counted.
        let (fitted, more) = fit_counts(&items, 66);
        let names: Vec<&str> = fitted.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            names,
            ["ERROR", "IMPAIRED", "UNHEALTHY", "ADMIN_MAINTENANCE"]
        );
        assert_eq!(more, 2);
        // Narrower: the rest is counted, not cut.
        let (few, more) = fit_counts(&items, 30);
        assert!(few.len() < 6 && more == 6 - few.len(), "{few:?} +{more}");
        assert!(few.iter().all(|(l, _)| items.iter().any(|(i, _)| i == l)));
    }

    #[test]
    fn problem_states_come_first() {
        let mut classes = [
            StateClass::Healthy,
            StateClass::Stopped,
            StateClass::Transitional,
            StateClass::Bad,
        ];
        classes.sort_by_key(|c| problem_first(*c));
        assert_eq!(
            classes,
            [
                StateClass::Bad,
                StateClass::Transitional,
                StateClass::Healthy,
                StateClass::Stopped
            ]
        );
    }
}
