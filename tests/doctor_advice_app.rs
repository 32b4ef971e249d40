//! The fleet doctor's billing-advice rule (issue 28), against the emulator over HTTP:
//! opening `:doctor` asks CloudWatch for the whole fleet's usage (the rule reads it), and the
//! `billing-auto-stop` finding names exactly the WorkSpaces the advisor
//! (`domain::advice::advise`) would send to AUTO_STOP, its fix being the running-mode action.
//! Driven through `update` like the running app; the usage commands it returns are run by the
//! real service layer.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wsfleet::app::{update, Command, Mode, Msg, Rows, Setup, State};
use wsfleet::domain::advice::{advise, AUTO_STOP};
use wsfleet::domain::billing::Billing;
use wsfleet::domain::doctor::Fix;
use wsfleet::service::{
    all_pages, demo_client, demo_metrics_client, ClientOptions, MetricsService, RateBudget,
    WorkspacesService,
};
use wsfleet::sim::{Emulator, SimConfig};

const REGION: &str = "us-east-1";

fn keys(s: &mut State, text: &str) -> Vec<Command> {
    let mut out = vec![];
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        out.extend(update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).commands);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_the_doctor_reads_usage_and_names_exactly_the_advised_workspaces() {
    let emu = Emulator::start(SimConfig {
        size: 60,
        throttle: None,
        transition: Duration::from_millis(200),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let opts = ClientOptions::default();
    let url = emu.endpoint_url();
    let metrics = MetricsService::new(
        demo_metrics_client(&url, REGION, "AKIDWSFLEETDEMO", &opts),
        Arc::new(RateBudget::unlimited()),
    );
    let svc = WorkspacesService::new(
        demo_client(&url, REGION, &opts),
        REGION.into(),
        Arc::new(RateBudget::matching(40.0, 5)),
    )
    .with_metrics(metrics);
    // Every day is "the month's end", and no skip tag (so no tags are needed).
    let billing = Billing {
        month_end_days: 31,
        skip_tag: String::new(),
        ..Billing::default()
    };
    let mut setup = Setup::new(
        Mode::Demo,
        REGION.into(),
        Some("demo".into()),
        String::new(),
    );
    setup.billing = billing.clone();
    let mut s = State::start(setup);
    update(&mut s, Msg::Resize(100, 30));
    let now = wsfleet::app::state::now_epoch();
    s.fixed_now = Some(now);
    let ws = all_pages(|t| svc.describe_workspaces_page(t))
        .await
        .unwrap();
    update(
        &mut s,
        Msg::Page {
            region: REGION.into(),
            sweep: 1,
            rows: Rows::Workspaces(ws.clone()),
            last: true,
        },
    );

    // What the advisor says, worked out apart from the app.
    let ids: Vec<String> = ws.iter().map(|w| w.id.clone()).collect();
    let usage = svc
        .metrics()
        .unwrap()
        .usage_summaries(&ids, now)
        .await
        .unwrap();
    let advised: BTreeSet<String> = ws
        .iter()
        .zip(&usage)
        .filter(|(w, (_, u))| advise(u, w, None, &billing, now).mode() == Some(AUTO_STOP))
        .map(|(w, _)| w.id.clone())
        .collect();
    assert!(
        !advised.is_empty(),
        "the seeded fleet has ALWAYS_ON WorkSpaces used little"
    );

    // `:doctor` asks for the fleet's usage; the answers come through `update`.
    let commands = keys(&mut s, ":doctor\r");
    let mut asked = 0;
    for c in commands {
        if let Command::LoadUsage { ids, .. } = c {
            asked += ids.len();
            let result = svc.metrics().unwrap().usage_summaries(&ids, now).await;
            update(&mut s, Msg::Usage { ids, result });
        }
    }
    assert_eq!(asked, ws.len(), "the whole fleet's usage, once");
    let finding = s
        .panes
        .doctor
        .table
        .get("billing-auto-stop")
        .expect("a billing-auto-stop finding")
        .clone();
    let named: BTreeSet<String> = finding.ids.iter().cloned().collect();
    assert_eq!(named, advised);
    assert_eq!(finding.fix, Some(Fix::AutoStop));
    let read = format!("({}/{} read)", ws.len(), ws.len());
    assert!(finding.why.contains(&read), "{}", finding.why);
    drop(emu);
}
