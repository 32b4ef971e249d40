//! A WorkSpace's CloudWatch metrics in its details: per metric one line with a sparkline of
//! its last days (ratatui's bar symbols, or ASCII ones with `--ascii`), its unit, min, max
//! and last value. A day without a datapoint is a dot (a space in ASCII), never a zero bar;
//! a metric without any is "no data". Drawn as text lines so they scroll with the details.

use crate::app::metrics::MetricsEntry;
use crate::config::Theme;
use crate::domain::metrics::{DailySeries, WorkspaceMetrics};
use crate::ui::Symbols;
use ratatui::style::{Modifier, Style};
use ratatui::symbols::bar;
use ratatui::text::{Line, Span};

const BARS: [&str; 8] = [
    bar::ONE_EIGHTH,
    bar::ONE_QUARTER,
    bar::THREE_EIGHTHS,
    bar::HALF,
    bar::FIVE_EIGHTHS,
    bar::THREE_QUARTERS,
    bar::SEVEN_EIGHTHS,
    bar::FULL,
];
const ASCII_BARS: [&str; 8] = ["_", ".", ",", ":", "-", "=", "+", "#"];
const LABEL_WIDTH: usize = 19;

/// The metrics section: a heading with their age, then one line per metric. `previous`: the
/// metrics fetched before (this run or a warm start), shown with their age while they are
/// asked again or when asking again failed.
pub fn lines(
    entry: Option<&MetricsEntry>,
    previous: Option<(&WorkspaceMetrics, i64)>,
    now: i64,
    theme: &Theme,
    sym: &Symbols,
) -> Vec<Line<'static>> {
    let heading = |status: String| {
        Line::from(vec![
            Span::styled(
                "Metrics, last 14 days",
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("  {status}"), Style::default().fg(theme.muted)),
        ])
    };
    let series = |m: &WorkspaceMetrics| -> Vec<Line<'static>> {
        m.series
            .iter()
            .map(|s| series_line(s, theme, sym))
            .collect()
    };
    let mut out = match (entry, previous) {
        (None, _) => vec![],
        (Some(MetricsEntry::Loading { .. }), None) => {
            vec![heading(format!("CloudWatch, loading{}", sym.ellipsis))]
        }
        (Some(MetricsEntry::Loading { .. }), Some((m, at))) => {
            let mut out = vec![heading(format!(
                "CloudWatch, {}, asking again{}",
                age(now - at),
                sym.ellipsis
            ))];
            out.extend(series(m));
            out
        }
        (Some(MetricsEntry::Failed { .. }), p) => {
            let mut out = vec![heading(match p {
                Some((_, at)) => format!("CloudWatch, {}", age(now - at)),
                None => "CloudWatch".to_string(),
            })];
            out.extend(p.map(|(m, _)| series(m)).unwrap_or_default());
            out
        }
        (Some(MetricsEntry::Ready { metrics, at }), _) => {
            let mut out = vec![heading(format!("CloudWatch, {}", age(now - at)))];
            out.extend(series(metrics));
            out
        }
    };
    if let Some(MetricsEntry::Failed { error, .. }) = entry {
        out.push(Line::from(Span::styled(
            format!("  ! {error}"),
            Style::default().fg(theme.error),
        )));
    }
    out
}

fn series_line(s: &DailySeries, theme: &Theme, sym: &Symbols) -> Line<'static> {
    let label = Span::styled(
        format!("  {:<LABEL_WIDTH$} ", s.spec.label),
        Style::default().fg(theme.muted),
    );
    let (Some(min), Some(max), Some(last)) = (s.min(), s.max(), s.last()) else {
        return Line::from(vec![
            label,
            Span::styled("no data", Style::default().fg(theme.muted)),
        ]);
    };
    let unit = s.spec.unit;
    Line::from(vec![
        label,
        Span::styled(spark(s, max, sym.ascii), Style::default().fg(theme.title)),
        Span::raw(format!(
            "  min {} max {} last {}{}{unit}",
            number(min),
            number(max),
            number(last),
            if unit.is_empty() || unit == "%" {
                ""
            } else {
                " "
            },
        )),
    ])
}

/// One character per day, scaled from 0 to the highest value.
pub fn spark(s: &DailySeries, max: f64, ascii: bool) -> String {
    let bars = if ascii { &ASCII_BARS } else { &BARS };
    let missing = if ascii { " " } else { "·" };
    s.days
        .iter()
        .map(|d| match d {
            None => missing,
            Some(_) if max <= 0.0 => bars[0],
            Some(v) => bars[((v / max) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 || v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// How old fetched metrics are: "just now", then "as of 3 min ago" (a warm start's may be
/// hours or days old).
fn age(secs: i64) -> String {
    match secs {
        s if s < 60 => "just now".to_string(),
        s if s < 3600 => format!("as of {} min ago", s / 60),
        s if s < 2 * 86_400 => format!("as of {} h ago", s / 3600),
        s => format!("as of {} days ago", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::metrics::WORKSPACE_METRICS;

    #[test]
    fn missing_days_are_not_zero_bars() {
        let s = DailySeries {
            spec: WORKSPACE_METRICS[0],
            days: vec![Some(0.0), None, Some(4.0), Some(8.0)],
        };
        assert_eq!(spark(&s, 8.0, false), "▁·▅█");
        assert_eq!(spark(&s, 8.0, true), "_ -#");
    }
}
