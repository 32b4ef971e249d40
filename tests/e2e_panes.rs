//! End to end with --demo in a pseudo-terminal: panes, filter, marks, details, pane errors.

mod pty;

use pty::Session;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(10);

#[test]
fn every_pane_filter_marks_and_details() {
    let mut s = Session::spawn(&["--demo", "--size", "60"], 120, 30);
    // Every row (not only the first page): the filter and marks below count on all of them.
    s.wait_for("every WorkSpace", LOAD, |sc| {
        sc.contains("┌ WorkSpaces [1/60]")
    });

    // Every pane by command, with its own rows.
    for (cmd, title, id) in [
        ("conn", "Connections", "ws-"),
        ("img", "Images", "wsi-"),
        ("pools", "Pools", "wspool-"),
        ("bundles", "Bundles", "wsb-"),
        ("dirs", "Directories", "d-"),
        ("ws", "WorkSpaces", "ws-"),
    ] {
        s.send(&format!(":{cmd}\r"));
        s.wait_for(title, LOAD, |sc| {
            sc.contains(&format!("┌ {title} [")) && sc.contains(id)
        });
    }

    // Tab walks panes too.
    s.send("\t");
    s.wait_for("connections via Tab", STEP, |sc| {
        sc.contains("┌ Connections [")
    });
    s.send("1");
    s.wait_for("back to WorkSpaces", STEP, |sc| {
        sc.contains("┌ WorkSpaces [")
    });

    // Filter: only STOPPED rows remain, and the title says so.
    s.send("/state=stopped\r");
    let screen = s.wait_for("filtered rows", STEP, |sc| {
        sc.contains("/state=stopped sort")
    });
    assert!(
        !screen.contains("AVAILABLE  "),
        "only stopped rows:\n{screen}"
    );
    assert!(screen.contains("STOPPED"), "{screen}");

    // Mark two rows; the status line counts them.
    s.send("  ");
    s.wait_for("2 marked", STEP, |sc| sc.contains("2 marked"));
    // Clearing the filter keeps the marks.
    s.send("\x1b");
    s.wait_for("filter cleared", STEP, |sc| !sc.contains("/state=stopped"));
    assert!(s.screen().contains("2 marked"));

    // Details open and close.
    s.send("d");
    s.wait_for("detail view", STEP, |sc| {
        sc.contains("WorkspaceId") && sc.contains("Tags")
    });
    s.wait_for("tags fetched", LOAD, |sc| !sc.contains("loading…"));
    s.send("\x1b");
    s.wait_for("detail closed", STEP, |sc| !sc.contains("WorkspaceId"));

    // Help.
    s.send("?");
    s.wait_for("help", STEP, |sc| sc.contains("Keys — WorkSpaces"));
    s.send("\x1b");
    s.wait_for("help closed", STEP, |sc| !sc.contains("Keys — WorkSpaces"));

    // A pool's sessions.
    s.send(":pools\r");
    s.wait_for("pools", LOAD, |sc| sc.contains("wspool-"));
    s.send("\r");
    s.wait_for("sessions", LOAD, |sc| sc.contains("Sessions of wspool-"));
    s.send("\x1b");
    s.wait_for("back to pools", STEP, |sc| sc.contains("┌ Pools ["));

    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}

#[test]
fn a_failing_pane_shows_its_error_while_others_keep_working() {
    let mut s = Session::spawn(
        &[
            "--demo",
            "--size",
            "40",
            "--sim-fault",
            "DescribeWorkspaceImages=access-denied",
        ],
        120,
        30,
    );
    s.wait_for("WorkSpaces rows", LOAD, |sc| {
        sc.matches("ws-").count() >= 10
    });
    s.send(":img\r");
    let screen = s.wait_for("images error", LOAD, |sc| {
        sc.contains("AccessDeniedException")
    });
    assert!(screen.contains("┌ Images ["), "{screen}");
    // The other panes still load.
    s.send(":bundles\r");
    s.wait_for("bundles", LOAD, |sc| sc.contains("wsb-"));
    s.send(":ws\r");
    s.wait_for("workspaces", STEP, |sc| sc.contains("┌ WorkSpaces [1/40]"));
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}

#[test]
fn an_unknown_command_says_so_and_changes_nothing() {
    let mut s = Session::spawn(&["--demo", "--size", "30"], 100, 24);
    s.wait_for("rows", LOAD, |sc| sc.contains("ws-"));
    s.send(":nosuch\r");
    s.wait_for("error", STEP, |sc| sc.contains("unknown command 'nosuch'"));
    s.send("\x1b");
    // Wait for the prompt to go before the next key: Esc and a key sent together read as Alt+key.
    s.wait_for("closed", STEP, |sc| !sc.contains(":nosuch"));
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}

#[test]
fn remapped_keys_work_and_help_shows_them() {
    let dir = std::env::temp_dir().join(format!("wsfleet-keymap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        "[keys]\n\"ctrl-r\" = \"refresh\"\n\"F1\" = \"help\"\n",
    )
    .unwrap();
    let cfg = path.to_string_lossy().to_string();
    let mut s = Session::spawn(&["--demo", "--size", "20", "--config", &cfg], 100, 40);
    s.wait_for("rows", LOAD, |sc| sc.contains("ws-"));
    // The status line hints follow the bindings.
    s.wait_for("hint", STEP, |sc| sc.contains("F1 help"));
    s.send("\x1bOP"); // F1
    let help = s.wait_for("help", STEP, |sc| sc.contains("Keys — WorkSpaces"));
    s.send("jjjjjjjjjjjjjjjjjjjj");
    let scrolled = s.wait_for("refresh listed", STEP, |sc| sc.contains("^r  refresh now"));
    assert!(help.contains("reboot") || scrolled.contains("refresh"));
    s.send("\x1b");
    s.wait_for("closed", STEP, |sc| !sc.contains("Keys — WorkSpaces"));
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}

/// The `:` history survives a restart (issue 15): the second run's Up shows the first run's
/// command.
#[test]
fn the_command_history_is_kept_across_runs() {
    let data = std::env::temp_dir().join(format!("wsfleet-e2e-history-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let data_s = data.display().to_string();
    let env = [
        ("TERM", "xterm-256color"),
        ("WSFLEET_DATA_DIR", data_s.as_str()),
    ];
    let mut s = Session::spawn_with_env(&["--demo", "--size", "20"], 100, 30, &env);
    s.wait_for("first frame", LOAD, |sc| sc.contains("WorkSpaces ["));
    s.send(":dirs\r");
    s.wait_for("directories", LOAD, |sc| sc.contains("Directories ["));
    s.send("q");
    assert_eq!(s.wait_exit(LOAD), 0);
    let mut s = Session::spawn_with_env(&["--demo", "--size", "20"], 100, 30, &env);
    s.wait_for("first frame", LOAD, |sc| sc.contains("WorkSpaces ["));
    s.send(":\x1b[A");
    s.wait_for("the last command offered", LOAD, |sc| sc.contains(":dirs"));
    s.send("\r");
    s.wait_for("directories again", LOAD, |sc| sc.contains("Directories ["));
    s.send("q");
    assert_eq!(s.wait_exit(LOAD), 0);
    std::fs::remove_dir_all(&data).ok();
}

/// Drill-downs, the breadcrumb, Esc back, the jumps from a WorkSpace to its bundle and
/// directory, wide mode and a tag filter, through the real binary at 80×24.
#[test]
fn drill_downs_breadcrumb_esc_back_jumps_wide_and_tags_at_80x24() {
    let mut s = Session::spawn(&["--demo", "--size", "40"], 80, 24);
    s.wait_for("loaded", LOAD, |sc| {
        sc.contains("┌ WorkSpaces [1/40]") && sc.contains("refreshed")
    });
    // Directory → its WorkSpaces, with the way back on the bottom border.
    s.send(":dirs\r");
    s.wait_for("directories", LOAD, |sc| {
        sc.contains("┌ Directories [1/") && sc.contains("d-")
    });
    s.send("\r");
    let screen = s.wait_for("a directory's WorkSpaces", STEP, |sc| {
        sc.contains("/dir=d-") && sc.contains("└ Directories › WorkSpaces dir=d-")
    });
    assert!(screen.contains("┌ WorkSpaces [1/"), "{screen}");
    // One Esc is back on the directories (issue 26), and the way back is gone.
    s.send("\x1b");
    s.wait_for("back on directories", STEP, |sc| {
        sc.contains("┌ Directories [1/") && !sc.contains(" › ")
    });
    // Image → the bundles built from it → their WorkSpaces.
    s.send(":img\r");
    s.wait_for("images", LOAD, |sc| sc.contains("┌ Images [1/"));
    s.send("\r");
    s.wait_for("an image's bundles", STEP, |sc| {
        sc.contains("┌ Bundles [") && sc.contains("/image=wsi-")
    });
    s.send("\r");
    s.wait_for("a bundle's WorkSpaces", STEP, |sc| {
        sc.contains("/bundle=wsb-") && sc.contains("Images › Bundles image=wsi-")
    });
    // From a WorkSpace to its bundle and to its directory.
    s.send("b");
    s.wait_for("its bundle", STEP, |sc| {
        sc.contains("┌ Bundles [1/1 of") && sc.contains("/id=wsb-")
    });
    // One Esc is back on the bundle's WorkSpaces, one step up the path (sent alone: Esc and
    // a key together read as Alt+key).
    s.send("\x1b");
    s.wait_for("back", STEP, |sc| {
        sc.contains("┌ WorkSpaces [") && sc.contains("/bundle=wsb-")
    });
    s.send("i");
    s.wait_for("its directory", STEP, |sc| {
        sc.contains("┌ Directories [1/1 of") && sc.contains("/id=d-")
    });
    // Wide mode on the WorkSpaces: every column in order, the title says so.
    s.send(":ws\r");
    s.send("\x17");
    // (Columns are as wide as their widest cell over all 40 rows, so at 80 columns the
    // terminal's edge cuts COMPUTER.)
    s.wait_for("wide", STEP, |sc| {
        sc.contains("wide") && sc.contains("COMPU")
    });
    s.send("\x17");
    // A tag filter: the demo's WorkSpaces carry a Team tag, fetched in the background. (`:ws`
    // left the drill-down path, so the bundle's filter is gone.)
    s.wait_for("no filter", STEP, |sc| sc.contains("┌ WorkSpaces [1/40]"));
    s.send("/tag.Team\r");
    s.wait_for("every tag fetched and filtered", LOAD, |sc| {
        sc.contains("/tag.Team sort") && !sc.contains(" tags ") && sc.contains("ws-")
    });
}
