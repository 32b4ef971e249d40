//! Snapshots of a WorkSpace's details with its CloudWatch sparklines (issue 28), drawn from
//! fixed state with ratatui's TestBackend: 80x24 and 160x48, Unicode and ASCII, a metric with
//! no data, the loading and failed states.

use crossterm::event::KeyCode;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wsfleet::app::{update, Mode, Msg, Rows, State};
use wsfleet::domain::metrics::{daily, WorkspaceMetrics, WORKSPACE_METRICS};
use wsfleet::domain::{ErrorKind, ServiceError};

mod app_fixtures;
use app_fixtures::*;

const ID: &str = "ws-a1b2c3d4e";

fn state(w: u16, h: u16) -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    s.fixed_now = Some(NOW);
    update(&mut s, Msg::Resize(w, h));
    page(
        &mut s,
        Rows::Workspaces(vec![ws(ID, "alice.adams", "AVAILABLE", "d-1111111111")]),
    );
    page(
        &mut s,
        Rows::Connections(vec![conn(ID, "CONNECTED", Some(NOW - 3600))]),
    );
    s.panes.workspaces.refresh.last_ok = Some(NOW);
    key(&mut s, KeyCode::Char('d'));
    s
}

/// Fourteen days of made-up datapoints: hours connected on weekdays, latency and CPU every
/// day, no session launch at all (no data), one day without CPU.
fn metrics() -> WorkspaceMetrics {
    let first_day = (NOW.div_euclid(DAY) - 13) * DAY;
    let series = WORKSPACE_METRICS
        .iter()
        .enumerate()
        .map(|(m, spec)| {
            let points: Vec<(i64, f64)> = match spec.name {
                "SessionLaunchTime" => vec![],
                "UserConnected" => (0..14)
                    .flat_map(|d| {
                        let hours = if d % 7 < 5 { 3 + d % 6 } else { 0 };
                        (0..24).map(move |h| (first_day + d * DAY + h * 3600, f64::from(h < hours)))
                    })
                    .collect(),
                _ => (0..14)
                    .filter(|d| !(spec.name == "CPUUsage" && *d == 6))
                    .map(|d| {
                        (
                            first_day + d * DAY,
                            (m as f64 + 1.0) * (1.0 + (d % 5) as f64),
                        )
                    })
                    .collect(),
            };
            daily(*spec, first_day, 14, &points)
        })
        .collect();
    WorkspaceMetrics {
        workspace_id: ID.into(),
        first_day,
        series,
    }
}

fn answered(w: u16, h: u16) -> State {
    let mut s = state(w, h);
    update(
        &mut s,
        Msg::Metrics {
            workspace_id: ID.into(),
            result: Ok(metrics()),
        },
    );
    s
}

fn render(state: &State, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, state)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Scrolls the details down to their metrics (80x24 cannot show every field and metric).
fn scroll_to_metrics(s: &mut State) {
    for _ in 0..15 {
        key(s, KeyCode::Char('j'));
    }
}

#[test]
fn details_with_sparklines_at_160x48() {
    let s = answered(160, 48);
    let screen = render(&s, 160, 48);
    assert!(screen.contains("Hours connected"), "{screen}");
    assert!(
        screen.contains("no data"),
        "SessionLaunchTime has none: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn details_with_sparklines_at_80x24() {
    let mut s = answered(80, 24);
    scroll_to_metrics(&mut s);
    let screen = render(&s, 80, 24);
    assert!(screen.contains("Connection failures"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn details_with_sparklines_in_ascii_and_16_colours() {
    let mut s = answered(80, 24);
    s.ascii = true;
    s.theme = wsfleet::ui::Theme::load("ansi16", None).unwrap();
    scroll_to_metrics(&mut s);
    let screen = render(&s, 80, 24);
    assert!(screen.is_ascii(), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn loading_then_failed() {
    let mut s = state(160, 48);
    assert!(render(&s, 160, 48).contains("CloudWatch, loading"));
    update(
        &mut s,
        Msg::Metrics {
            workspace_id: ID.into(),
            result: Err(ServiceError::new(
                ErrorKind::AccessDenied,
                "AccessDenied",
                "not authorized to perform: cloudwatch:GetMetricData",
            )),
        },
    );
    let screen = render(&s, 160, 48);
    assert!(
        screen.contains("! AccessDenied: not authorized"),
        "{screen}"
    );
}
