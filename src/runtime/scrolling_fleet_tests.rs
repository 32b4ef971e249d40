//! Issue 30, item 3: a whole scroll of the WorkSpaces table through `Scrolling`, at 80x24
//! and 160x48, with cells of very different widths (long user names and errors on a few
//! rows), pages of the sweep and of connection states arriving part way, and the clock
//! moving on so relative times ("9m ago") change: every `j` step draws a few rows' cells,
//! never a screen (a step of the terminal bench once wrote 7,395 B).

use super::tests::Counted;
use super::Scrolling;
use crate::app::{update, Mode, Msg, Rows, State};
use crate::domain::{ConnectionStatus, Workspace, WorkspaceState};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const NOW: i64 = 1_795_262_400;

fn workspace(i: usize) -> Workspace {
    let long = i % 37 == 5;
    Workspace {
        id: format!("ws-{:09}", i * 7919 % 1_000_003),
        region: "us-east-1".into(),
        user_name: if long {
            format!("maximilian.alexander.worthington-smythe{i}")
        } else {
            format!("u{}", i % 101)
        },
        computer_name: format!("WSAMZN-{i:08X}"),
        state: [WorkspaceState::Available, WorkspaceState::Stopped][i % 2].clone(),
        directory_id: format!("d-90000000{:02}", i % 8),
        bundle_id: "wsb-abc12345".into(),
        compute_type: ["VALUE", "STANDARD", "GRAPHICSPRO"][i % 3].into(),
        running_mode: "AUTO_STOP".into(),
        ip_address: format!("10.{}.{}.{}", i % 3, i % 250, i % 200),
        root_volume_gib: Some(80),
        user_volume_gib: Some(if i.is_multiple_of(11) { 2000 } else { 50 }),
        error_code: String::new(),
        error_message: if i % 53 == 7 {
            "The WorkSpace failed to start because its directory could not be reached".into()
        } else {
            String::new()
        },
        ..Default::default()
    }
}

/// Connection states whose last connections are seconds to months old: the ages shown move
/// from one unit to the next as the clock goes on.
fn connection(w: &Workspace, i: usize) -> ConnectionStatus {
    ConnectionStatus {
        workspace_id: w.id.clone(),
        region: w.region.clone(),
        state: ["CONNECTED", "DISCONNECTED", "UNKNOWN"][i % 3].into(),
        check_time: Some(NOW - 60),
        last_user_connection: (!i.is_multiple_of(9))
            .then(|| NOW - [50, 590, 3590, 35_990, 8_639_990][i % 5]),
    }
}

fn lines(b: &ratatui::buffer::Buffer) -> Vec<String> {
    let w = usize::from(b.area.width);
    b.content
        .chunks(w)
        .map(|r| r.iter().map(|c| c.symbol()).collect())
        .collect()
}

fn page(s: &mut State, rows: Rows, last: bool) {
    update(
        s,
        Msg::Page {
            region: "us-east-1".into(),
            sweep: 1,
            rows,
            last,
        },
    );
}

#[test]
fn a_whole_scroll_of_the_fleet_draws_a_few_rows_a_step() {
    std::env::set_var("TZ", "UTC");
    let fleet: Vec<Workspace> = (0..400).map(workspace).collect();
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let mut s = State::new(Mode::Demo, "us-east-1".into(), None, String::new());
        s.fixed_now = Some(NOW);
        update(&mut s, Msg::Resize(w, h));
        page(&mut s, Rows::Workspaces(fleet[..250].to_vec()), false);
        let mut term = Terminal::new(Scrolling::new(Counted(TestBackend::new(w, h), 0))).unwrap();
        term.draw(|f| crate::ui::draw(f, &s)).unwrap();
        let mut worst = (0, 0);
        let mut worst_lines = String::new();
        for step in 0..460 {
            // What arrives between steps is drawn in a frame of its own, as the event loop
            // draws it; only the `j` steps are counted.
            let arrives = match step {
                60 => Some(Rows::Workspaces(fleet[250..].to_vec())),
                120 => Some(Rows::Connections(
                    fleet
                        .iter()
                        .enumerate()
                        .map(|(i, w)| connection(w, i))
                        .collect(),
                )),
                _ => None,
            };
            if let Some(rows) = arrives {
                page(&mut s, rows, step == 60);
                term.draw(|f| crate::ui::draw(f, &s)).unwrap();
            }
            // The clock moves 10 s a step: "9m ago" becomes "10m ago" on the way.
            s.fixed_now = Some(NOW + 10 * step as i64);
            let before = term.backend().inner().1;
            let screen_before = lines(term.backend().inner().0.buffer());
            update(
                &mut s,
                Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
            );
            term.draw(|f| crate::ui::draw(f, &s)).unwrap();
            let drawn = term.backend().inner().1 - before;
            if drawn > worst.0 {
                let after = lines(term.backend().inner().0.buffer());
                let changed: Vec<String> = screen_before
                    .iter()
                    .zip(&after)
                    .enumerate()
                    .filter(|(_, (a, b))| a != b)
                    .take(4)
                    .map(|(y, (a, b))| format!("{y}: {a}\n{y}> {b}"))
                    .collect();
                worst_lines = changed.join("\n");
            }
            worst = worst.max((drawn, step));
        }
        println!("{worst_lines}");
        println!(
            "{w}x{h}: the largest `j` step drew {} cells (step {})",
            worst.0, worst.1
        );
        // The row that came into view, the cursor's two rows, the counters: a few rows.
        assert!(
            worst.0 <= 4 * usize::from(w),
            "{w}x{h}: step {} drew {} cells",
            worst.1,
            worst.0
        );
    }
}
