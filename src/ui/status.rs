use crate::app::State;
use crate::config::keymap::KeyAction;
use crate::table::format::clock;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Bottom line: marks, then the active pane's refresh progress or error, and key hints.
pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.theme;
    let ell = crate::ui::Symbols::new(state.ascii).ellipsis;
    let pane = state.pane();
    let r = pane.refresh();
    let mut spans = vec![];
    if pane.marks() > 0 {
        let hidden = pane.hidden_marks();
        let text = if hidden > 0 {
            format!(" {} marked ({hidden} hidden by filter) ", pane.marks())
        } else {
            format!(" {} marked ", pane.marks())
        };
        spans.push(Span::styled(
            text,
            Style::default().fg(theme.header_fg).bg(theme.header_bg),
        ));
    }
    let jobs = state.jobs.summary();
    spans.push(if state.quitting {
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
            " ! refresh failed (see above)",
            Style::default().fg(theme.error),
        )
    } else if r.in_progress {
        // The rows held before this sweep (the last sweep's or the cache's) are what it will
        // most likely bring again: said as the expected total.
        let expected = pane.total();
        let of = if expected > r.loaded {
            format!(" of ~{}", thousands(expected))
        } else {
            String::new()
        };
        Span::raw(format!(
            " loading {}{ell} {}{of}",
            pane.plural(),
            thousands(r.loaded)
        ))
    } else if let Some(t) = r.last_ok {
        Span::styled(
            format!(" refreshed {}", clock(t)),
            Style::default().fg(theme.muted),
        )
    } else {
        Span::raw(format!(" connecting{ell}"))
    });
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
    let hints = format!(
        "{} cmd  {} filter  {} help  {} quit ",
        k(KeyAction::Command),
        k(KeyAction::Filter),
        k(KeyAction::Help),
        k(KeyAction::Quit)
    );
    // An alert must be read whole: it takes the hints' room too.
    let hint_width = if state.alert.is_some() {
        0
    } else {
        (hints.chars().count() as u16).min(area.width / 2)
    };
    let [l, h] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(hint_width)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), l);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            hints,
            Style::default().fg(theme.muted),
        ))),
        h,
    );
}

/// 20000 → "20,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(5025), "5,025");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
