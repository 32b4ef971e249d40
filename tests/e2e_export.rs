//! End to end with --demo in a pseudo-terminal: `y` copies IDs with OSC 52, `:export` writes
//! the filtered, sorted view to CSV and JSON.

mod pty;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use pty::Session;
use std::time::Duration;

const LOAD: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(10);

/// WorkSpace IDs on screen, top to bottom.
fn screen_ids(screen: &str) -> Vec<String> {
    let re = regex::Regex::new(r"\bws-[a-z0-9]{8,}").unwrap();
    re.find_iter(screen)
        .map(|m| m.as_str().to_string())
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn y_copies_the_cursor_id_then_the_marked_ids_with_osc52() {
    let mut s = Session::spawn(&["--demo", "--size", "30"], 140, 30);
    let screen = s.wait_for("rows", LOAD, |sc| sc.contains("┌ WorkSpaces [1/30]"));
    let ids = screen_ids(&screen);
    assert!(ids.len() >= 2, "{screen}");

    s.send("y");
    s.wait_for("copied notice", STEP, |sc| {
        sc.contains("sent 1 ID to the terminal's clipboard")
    });
    let one = format!("\x1b]52;c;{}\x07", STANDARD.encode(&ids[0]));
    assert!(
        contains(&s.raw(), one.as_bytes()),
        "no OSC 52 for {}",
        ids[0]
    );

    // Two marked rows: both IDs, sorted, one per line.
    s.send("  ");
    s.wait_for("2 marked", STEP, |sc| sc.contains("2 marked"));
    s.send("y");
    s.wait_for("copied 2", STEP, |sc| {
        sc.contains("sent 2 IDs to the terminal's clipboard")
    });
    let mut marked = vec![ids[0].clone(), ids[1].clone()];
    marked.sort();
    let two = format!("\x1b]52;c;{}\x07", STANDARD.encode(marked.join("\n")));
    assert!(
        contains(&s.raw(), two.as_bytes()),
        "no OSC 52 for {marked:?}"
    );
    // Not wrapped for tmux: the child runs outside it.
    assert!(!contains(&s.raw(), b"\x1bPtmux;"));

    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);
}

#[test]
fn export_writes_the_filtered_sorted_view_to_csv_and_json() {
    let dir = std::env::temp_dir().join(format!("wsfleet-e2e-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (csv_path, json_path) = (dir.join("view.csv"), dir.join("view.json"));

    let mut s = Session::spawn(&["--demo", "--size", "30"], 160, 40);
    // The export joins two sweeps: WorkSpaces, and connection status for the CONN and LAST
    // CONN columns. The status line speaks for the pane on screen only, so each pane is
    // waited for on its own: its every row there and its sweep ended ("refreshed", not
    // "loading"). Later sweeps bring the same values (the emulator changes nothing unasked).
    // Keys go only to a drawn screen: before that the terminal is not in raw mode yet.
    s.wait_for("the first frame", LOAD, |sc| sc.contains("┌ WorkSpaces ["));
    s.send(":conn\r");
    s.wait_for("every connection status", LOAD, |sc| {
        sc.contains("┌ Connections [1/30]") && sc.contains("refreshed")
    });
    s.send(":ws\r");
    s.wait_for("every WorkSpace", LOAD, |sc| {
        sc.contains("┌ WorkSpaces [1/30]") && sc.contains("refreshed")
    });

    // AVAILABLE only, sorted by the next column (USER), reversed.
    s.send("/state=available\r");
    s.wait_for("filtered", STEP, |sc| sc.contains("/state=available sort"));
    s.send(">");
    s.wait_for("sorted by user", STEP, |sc| sc.contains("sort:USER↑"));
    s.send("s");
    let screen = s.wait_for("reversed", STEP, |sc| sc.contains("sort:USER↓"));
    let title = regex::Regex::new(r"WorkSpaces \[1/(\d+) of 30\]").unwrap();
    let shown: usize = title.captures(&screen).expect(&screen)[1].parse().unwrap();
    assert!(shown > 0 && shown < 30, "{screen}");
    let ids = screen_ids(&screen);
    assert_eq!(
        ids.len(),
        shown,
        "every filtered row fits on screen:\n{screen}"
    );

    // A bad format writes nothing and says how.
    s.send(":export xml /tmp/nothing\r");
    s.wait_for("usage", STEP, |sc| {
        sc.contains("usage: :export csv|json PATH")
    });

    s.send(&format!(":export csv {}\r", csv_path.display()));
    s.wait_for("csv notice", STEP, |sc| {
        sc.contains(&format!(
            "exported {shown} WorkSpaces to {}",
            csv_path.display()
        ))
    });
    s.send(&format!(":export {}\r", json_path.display()));
    s.wait_for("json notice", STEP, |sc| {
        sc.contains(&format!(
            "exported {shown} WorkSpaces to {}",
            json_path.display()
        ))
    });
    s.send("q");
    assert_eq!(s.wait_exit(STEP), 0);

    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&headers[..3], ["ID", "USER", "STATE"]);
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), shown);
    assert_eq!(rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>(), ids);
    assert!(rows.iter().all(|r| r[2] == "AVAILABLE"), "{rows:?}");
    // The joined connection status too: a user is on an AVAILABLE WorkSpace or not.
    assert_eq!(headers[3], "CONN");
    assert!(
        rows.iter()
            .all(|r| r[3] == "CONNECTED" || r[3] == "DISCONNECTED"),
        "{rows:?}"
    );
    // Every column, not only those on screen.
    assert!(headers.len() > 6, "{headers:?}");

    // Values, not what the screen shows (navigation issue): a last connection is an ISO 8601
    // time in UTC (empty when never), sizes are numbers, no cell reads "… ago".
    let iso = regex::Regex::new(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$").unwrap();
    let last = headers.iter().position(|h| h == "LAST CONN").unwrap();
    let root = headers.iter().position(|h| h == "ROOT").unwrap();
    for r in &rows {
        assert!(r[last].is_empty() || iso.is_match(&r[last]), "{}", r[last]);
        assert!(
            r[root].is_empty() || r[root].parse::<f64>().is_ok(),
            "{}",
            r[root]
        );
        assert!(r.iter().all(|c| !c.ends_with(" ago")), "{r:?}");
    }
    // The same rows and columns in JSON: numbers as numbers, nothing as null.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    let arr = json.as_array().unwrap();
    assert_eq!(arr.len(), shown);
    for (obj, row) in arr.iter().zip(&rows) {
        assert_eq!(obj.as_object().unwrap().len(), headers.len(), "{obj}");
        for (h, cell) in headers.iter().zip(row) {
            match &obj[h.as_str()] {
                serde_json::Value::Null => assert_eq!(cell, "", "{h}"),
                serde_json::Value::Number(n) => {
                    assert_eq!(cell.parse::<f64>().ok(), n.as_f64(), "{h}")
                }
                serde_json::Value::String(v) => assert_eq!(v, cell, "{h}"),
                other => panic!("{h}: {other}"),
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
