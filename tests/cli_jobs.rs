//! `wsfleet jobs` and `wsfleet resume JOB` (issue 29): the real binary against the emulator
//! over HTTP; a `do` stopped by SIGTERM leaves its job in the journal, `jobs` lists it, and
//! `resume` sends only the targets never sent, with the same confirmation as a new job.

mod cli_support;
mod common;

use cli_support::*;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_lists_an_interrupted_job_and_resume_sends_only_the_never_sent() {
    let s = setup("resume").await;
    let Stopped { send, out, .. } = s.rebuild_stopped_by_sigterm().await;
    assert_eq!(out.status.code(), Some(143));
    let first: std::collections::BTreeSet<String> =
        s.mutations().into_iter().flat_map(|(_, ids)| ids).collect();
    assert!(!first.is_empty() && first.len() < send.len());

    // `jobs` lists it: interrupted, with what was never sent.
    let jobs = s.wsfleet(&["jobs", "-o", "jsonl"]).await;
    assert_eq!(jobs.code, 0, "{}", jobs.stderr);
    let listed = json_lines(&jobs.stdout);
    assert_eq!(listed.len(), 1, "{}", jobs.stdout);
    let job = &listed[0];
    assert_eq!(job["state"], "interrupted");
    assert_eq!(job["action"], "rebuild");
    let not_sent = job["not_sent"].as_u64().unwrap() as usize;
    assert_eq!(not_sent + first.len(), send.len(), "{job}");
    let key = job["job"].as_str().unwrap().to_string();
    let text = s.wsfleet(&["jobs"]).await;
    assert!(text.stdout.contains(&key), "{}", text.stdout);

    // The same rules as a new job: rebuild is destructive, so --yes is not enough, a wrong
    // count sends nothing, and read-only refuses; the job stays in the journal.
    for args in [
        &["resume", &key, "--yes"][..],
        &["resume", &key, "--confirm", "1"],
        &[
            "--read-only",
            "resume",
            &key,
            "--confirm",
            &not_sent.to_string(),
        ],
        &["resume", "no-such-job", "--yes"],
    ] {
        let run = s.wsfleet(args).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
    assert!(s.mutations().is_empty());
    assert!(s.journal().unwrap().contains(&key));

    // The dry run re-reads them and says what would go; then the resume sends exactly those.
    let dry = s.wsfleet(&["resume", &key, "--dry-run"]).await;
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let (again, _) = dry_run_ids(&dry.stdout);
    assert!(
        again.is_disjoint(&first),
        "nothing sent before is offered again"
    );
    assert_eq!(again.len(), not_sent);
    let m = again.len().to_string();
    let run = s
        .wsfleet(&[
            "--api-rate",
            "20",
            "--api-burst",
            "20",
            "resume",
            &key,
            "--confirm",
            &m,
            "-o",
            "jsonl",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let resent: Vec<String> = s.mutations().into_iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(resent.len(), again.len(), "each once");
    assert_eq!(set_of(resent), again);
    assert_eq!(json_lines(&run.stdout).len(), not_sent);
    // Finished: it left the journal.
    let jobs = s.wsfleet(&["jobs", "-o", "jsonl"]).await;
    assert_eq!(jobs.stdout, "", "{}", jobs.stderr);
}
