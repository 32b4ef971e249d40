//! For the tests that run a tool from outside the crate (the AWS CLI, a Python with botocore):
//! when the tool is missing they skip and say why, on the real stderr so that `cargo test` shows
//! it even for a passing test. `.ci/run` installs the tools and sets `WSFLEET_CI_REQUIRE_TOOLS=1`:
//! then a missing tool fails the test instead, so a green CI run means these tests ran.

use std::io::Write;

/// The variable that turns a skip into a failure.
pub const REQUIRE_TOOLS: &str = "WSFLEET_CI_REQUIRE_TOOLS";

/// Says why the calling test is skipped (the caller then returns), or panics with the same
/// reason when `WSFLEET_CI_REQUIRE_TOOLS=1`.
pub fn skip(test: &str, why: &str) {
    if std::env::var(REQUIRE_TOOLS).is_ok_and(|v| v == "1") {
        panic!("{test} cannot run: {why}; {REQUIRE_TOOLS}=1 requires it to (.ci/run installs its tools)");
    }
    // Straight to the process's stderr: `eprintln!` in a test is captured and shown only on failure.
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {why} (.ci/run installs what it needs)"
    );
}
