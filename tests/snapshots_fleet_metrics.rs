//! Snapshots of details with CloudWatch sparklines (issue 28), drawn from fixed state with
//! ratatui's TestBackend: a WorkSpaces Applications fleet's capacity metrics at 80x24 and
//! 160x48 (and a stopped fleet's "no data"), and a WorkSpace's at 160x48 in ASCII mode with 16
//! colours and without colour (NO_COLOR).

use crossterm::event::KeyCode;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui::Terminal;
use wsfleet::app::{update, Mode, Msg, Rows, State};
use wsfleet::domain::fleet_metrics::FLEET_METRICS;
use wsfleet::domain::metrics::{daily, WorkspaceMetrics, WORKSPACE_METRICS};
use wsfleet::domain::{AppCapacity, AppFleet};
use wsfleet::ui::Theme;

mod app_fixtures;
use app_fixtures::*;

const ID: &str = "ws-a1b2c3d4e";
const FLEET: &str = "arn:aws:appstream:us-east-1:123456789012:fleet/sales";

fn fleet(name: &str, state: &str, in_use: i32) -> AppFleet {
    AppFleet {
        name: name.into(),
        region: "us-east-1".into(),
        arn: format!("arn:aws:appstream:us-east-1:123456789012:fleet/{name}"),
        state: state.into(),
        fleet_type: "ON_DEMAND".into(),
        image_name: "Office".into(),
        instance_type: "stream.standard.medium".into(),
        capacity: Some(AppCapacity {
            desired: 4,
            running: 4,
            in_use,
            available: 4 - in_use,
        }),
        stacks: vec!["office-stack".into()],
        created: Some(NOW - 60 * DAY),
        ..Default::default()
    }
}

fn first_day() -> i64 {
    (NOW.div_euclid(DAY) - 13) * DAY
}

/// Fourteen days of a fleet of 4: busier on weekdays, full (errors) on two days.
fn fleet_metrics(arn: &str, running: bool) -> WorkspaceMetrics {
    let d0 = first_day();
    let series = FLEET_METRICS
        .iter()
        .map(|spec| {
            let points: Vec<(i64, f64)> = (0..14)
                .filter(|_| running)
                .map(|d| {
                    let used = if d % 7 < 5 { 1 + d % 4 } else { 0 } as f64;
                    let v = match spec.name {
                        "CapacityUtilization" => used / 4.0 * 100.0,
                        "AvailableCapacity" => 4.0 - used,
                        _ => f64::from(u8::from(used >= 4.0)) * 3.0,
                    };
                    (d0 + d * DAY, v)
                })
                .collect();
            daily(*spec, d0, 14, &points)
        })
        .collect();
    WorkspaceMetrics {
        workspace_id: arn.into(),
        first_day: d0,
        series,
    }
}

fn fleet_details(w: u16, h: u16, name: &str, running: bool) -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    s.fixed_now = Some(NOW);
    update(&mut s, Msg::Resize(w, h));
    let state = if running { "RUNNING" } else { "STOPPED" };
    page(&mut s, Rows::AppFleets(vec![fleet(name, state, 2)]));
    s.panes.app_fleets.refresh.last_ok = Some(NOW);
    for c in ":appfleets\r".chars() {
        key(
            &mut s,
            if c == '\r' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            },
        );
    }
    key(&mut s, KeyCode::Char('d'));
    let arn = format!("arn:aws:appstream:us-east-1:123456789012:fleet/{name}");
    update(
        &mut s,
        Msg::Metrics {
            workspace_id: arn.clone(),
            result: Ok(fleet_metrics(&arn, running)),
        },
    );
    s
}

/// A WorkSpace's details with made-up metrics (as tests/snapshots_metrics.rs), one metric
/// without data.
fn workspace_details(w: u16, h: u16) -> State {
    utc();
    let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
    s.fixed_now = Some(NOW);
    update(&mut s, Msg::Resize(w, h));
    page(
        &mut s,
        Rows::Workspaces(vec![ws(ID, "alice.adams", "AVAILABLE", "d-1111111111")]),
    );
    s.panes.workspaces.refresh.last_ok = Some(NOW);
    key(&mut s, KeyCode::Char('d'));
    let d0 = first_day();
    let series = WORKSPACE_METRICS
        .iter()
        .enumerate()
        .map(|(m, spec)| {
            let points: Vec<(i64, f64)> = if spec.name == "SessionLaunchTime" {
                vec![]
            } else {
                (0..14)
                    .map(|d| (d0 + d * DAY, (m as f64 + 1.0) * (1.0 + (d % 5) as f64)))
                    .collect()
            };
            daily(*spec, d0, 14, &points)
        })
        .collect();
    let metrics = WorkspaceMetrics {
        workspace_id: ID.into(),
        first_day: d0,
        series,
    };
    update(
        &mut s,
        Msg::Metrics {
            workspace_id: ID.into(),
            result: Ok(metrics),
        },
    );
    s
}

fn draw(state: &State, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| wsfleet::ui::draw(f, state)).unwrap();
    t.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn fleet_details_with_capacity_sparklines_at_160x48() {
    let s = fleet_details(160, 48, "sales", true);
    let screen = text(&draw(&s, 160, 48));
    for label in ["Capacity used", "Available capacity", "Insufficient cap."] {
        assert!(screen.contains(label), "{label}: {screen}");
    }
    assert!(screen.contains(FLEET.rsplit('/').next().unwrap()));
    assert!(!screen.contains("no data"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn fleet_details_with_capacity_sparklines_at_80x24() {
    let mut s = fleet_details(80, 24, "sales", true);
    for _ in 0..12 {
        key(&mut s, KeyCode::Char('j'));
    }
    let screen = text(&draw(&s, 80, 24));
    assert!(screen.contains("Insufficient cap."), "{screen}");
    assert!(screen.contains("min 0 max 100 last"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_stopped_fleet_has_no_data_never_zero() {
    let s = fleet_details(160, 48, "labs", false);
    let screen = text(&draw(&s, 160, 48));
    assert_eq!(screen.matches("no data").count(), 3, "{screen}");
    assert!(!screen.contains("min 0"), "{screen}");
}

#[test]
fn workspace_details_at_160x48_in_ascii_with_16_colours() {
    let mut s = workspace_details(160, 48);
    s.ascii = true;
    s.theme = Theme::load("ansi16", None).unwrap();
    let screen = text(&draw(&s, 160, 48));
    assert!(screen.is_ascii(), "{screen}");
    assert!(screen.contains("Connection failures"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn workspace_details_at_160x48_without_colour() {
    let mut s = workspace_details(160, 48);
    s.theme = Theme::default().without_colour();
    let buf = draw(&s, 160, 48);
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset), "({x}, {y})");
        }
    }
    let screen = text(&buf);
    assert!(screen.contains("no data"), "{screen}");
    insta::assert_snapshot!(screen);
}
