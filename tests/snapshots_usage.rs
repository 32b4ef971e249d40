//! Snapshots of the WorkSpaces pane's usage columns (issue 28): HOURS, LAT95, CPU%, DISK% and
//! ADVICE listed in `[columns]`, at 80x24 and 160x48, and in wide mode, drawn from fixed state
//! with ratatui's TestBackend: values, "no data" (`–`, never 0), loading (`…`), a skip tag,
//! a first month, and both kinds of advice.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use wsfleet::app::{update, Mode, Msg, Rows, Setup, State};
use wsfleet::domain::billing::Billing;
use wsfleet::domain::usage::{Session, UsageSummary};
use wsfleet::domain::{Tag, Workspace};
use wsfleet::panes::PaneKind;
use wsfleet::table::resource::column_layout;

mod app_fixtures;
use app_fixtures::*;

const HOUR: i64 = 3_600;

fn row(i: usize, mode: &str, compute: &str) -> Workspace {
    let mut w = ws(
        &format!("ws-0000000{i}a"),
        &format!("user{i}"),
        "AVAILABLE",
        "d-1111111111",
    );
    w.running_mode = mode.into();
    w.compute_type = compute.into();
    w
}

/// `n` one-hour sessions, three hours apart, from the 1st of NOW's month.
fn used(n: u32, lat: f64, cpu: f64, disk: f64, seen_last_month: bool) -> UsageSummary {
    let month = wsfleet::domain::usage::month_start(NOW);
    UsageSummary {
        hours: Some(f64::from(n)),
        sessions: (0..n)
            .map(|i| Session {
                start: month + i64::from(i) * 3 * HOUR,
                hours: 1,
            })
            .collect(),
        latency_p95: Some(lat),
        cpu: Some(cpu),
        disk: Some(disk),
        seen_last_month,
    }
}

fn state(w: u16, h: u16, layout: Option<&[&str]>) -> State {
    utc();
    let mut setup = Setup::new(Mode::Demo, "us-east-1".into(), None, String::new());
    if let Some(names) = layout {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let cols = column_layout::<Workspace>(&names).unwrap();
        setup.column_layouts = vec![(PaneKind::Workspaces, cols)];
    }
    // NOW is the 21st of November: the last ten days are "the month's end" here.
    setup.billing = Billing {
        month_end_days: 10,
        ..Billing::default()
    };
    let mut s = State::start(setup);
    s.fixed_now = Some(NOW);
    update(&mut s, Msg::Resize(w, h));
    let rows = vec![
        row(1, "AUTO_STOP", "STANDARD"),
        row(2, "ALWAYS_ON", "VALUE"),
        row(3, "ALWAYS_ON", "VALUE"),
        row(4, "AUTO_STOP", "POWER"),
        row(5, "ALWAYS_ON", "STANDARD"),
        row(6, "AUTO_STOP", "VALUE"),
        row(7, "AUTO_STOP", "STANDARD"),
    ];
    let ids: Vec<String> = rows.iter().map(|w| w.id.clone()).collect();
    page(&mut s, Rows::Workspaces(rows));
    s.panes.workspaces.refresh.last_ok = Some(NOW);
    let summaries = vec![
        (ids[0].clone(), used(60, 48.0, 41.0, 57.0, true)),
        (ids[1].clone(), used(6, 95.0, 12.0, 33.0, true)),
        (ids[2].clone(), used(2, 61.0, 8.0, 71.0, false)),
        (ids[3].clone(), used(60, 180.0, 77.0, 92.0, true)),
        (ids[4].clone(), used(70, 52.0, 35.0, 40.0, true)),
        (ids[5].clone(), UsageSummary::default()),
    ];
    update(
        &mut s,
        Msg::Usage {
            ids: ids[..6].to_vec(),
            result: Ok(summaries),
        },
    );
    for (i, id) in ids.iter().enumerate() {
        let tags = if i == 3 {
            vec![Tag {
                key: "Skip_Convert".into(),
                value: "finance".into(),
            }]
        } else {
            vec![]
        };
        update(
            &mut s,
            Msg::FleetTags {
                region: "us-east-1".into(),
                resource_id: id.clone(),
                result: Ok(tags),
                done: i + 1 == ids.len(),
            },
        );
    }
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

const LAYOUT: &[&str] = &[
    "id", "mode", "compute", "hours", "lat95", "cpu", "disk", "advice",
];

#[test]
fn usage_columns_listed_in_the_config_at_80x24() {
    let s = state(80, 24, Some(LAYOUT));
    let screen = render(&s, 80, 24);
    for want in [
        "HOURS",
        "ADVICE",
        "→ ALWAYS_ON 120h>85h",
        "→ AUTO_STOP 12h<81h",
        "…",
    ] {
        assert!(screen.contains(want), "{want}: {screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn usage_columns_listed_in_the_config_at_160x48() {
    let s = state(160, 48, Some(LAYOUT));
    let screen = render(&s, 160, 48);
    for want in ["1st month 4h<81h", "skip tag", "keep 140h>85h", "–"] {
        assert!(screen.contains(want), "{want}: {screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn wide_mode_shows_the_usage_columns_and_the_filter_matches_the_advised_mode() {
    // Wide mode draws every column; the terminal cuts what does not fit, so a wide one.
    let mut s = state(260, 16, None);
    assert!(!render(&s, 260, 16).contains("HOURS"), "off by default");
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL)),
    );
    for c in "/advice=AUTO_STOP\r".chars() {
        let code = if c == '\r' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        key(&mut s, code);
    }
    let screen = render(&s, 260, 16);
    assert!(screen.contains("→ AUTO_STOP 12h<81h"), "{screen}");
    assert!(screen.contains("ws-00000002a"), "{screen}");
    assert!(!screen.contains("ws-00000001a"), "{screen}");
    insta::assert_snapshot!(screen);
}
