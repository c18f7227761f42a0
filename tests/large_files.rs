//! Large and hostile model, scenario and rules files: every one gets its
//! answer within a time (and, for rules, a memory) bound, with the place of
//! each problem.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

fn tamplan() -> Command {
    let mut command = Command::cargo_bin("tamplan").expect("the binary is built");
    let nowhere = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-user-folders");
    command
        .env_remove("NO_COLOR")
        .env("TAMPLAN_CONFIG_DIR", &nowhere)
        .env("TAMPLAN_DATA_DIR", &nowhere);
    command
}

/// Writes `text` to `name` in a fresh directory.
fn file(name: &str, text: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

/// Runs `command`; its exit code and stderr, and how long it took.
fn timed(command: &mut Command) -> (i32, String, Duration) {
    let start = Instant::now();
    let output = command.output().expect("runs");
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr, took)
}

/// A bound for work that is linear in a file of a few MB, in a debug build
/// on a busy machine; the quadratic scans it replaces took 15 s and more.
const BOUND: Duration = Duration::from_secs(6);

#[test]
fn a_scenario_of_40000_hours_is_checked_and_reported_in_linear_time() {
    let mut text = String::from("name = \"Big\"\n\n[hours]\n");
    for i in 0..40_000 {
        let _ = writeln!(text, "\"Task {i}\" = 1");
    }
    let (_dir, path) = file("big.toml", &text);
    let (code, stderr, took) = timed(tamplan().arg("check").arg(&path));
    assert_eq!(code, 1, "{}", stderr.get(..500).unwrap_or(&stderr));
    assert!(
        stderr.contains(&format!("{}:40003:1: ", path.display())),
        "the last entry named at its line"
    );
    assert!(took < BOUND, "check took {took:?}");
    let (code, _, took) = timed(tamplan().arg("report").arg("--scenario").arg(&path));
    assert_eq!(code, 1);
    assert!(took < BOUND, "report took {took:?}");
}

#[test]
fn a_model_of_20000_bad_rows_is_checked_in_linear_time() {
    let mut text = include_str!("../config/default.toml").to_owned();
    for i in 0..20_000 {
        let _ = write!(
            text,
            "\n[[rows]]\ntask = \"T{i}\"\nhours = -1\nper = \"week\"\n"
        );
    }
    let (_dir, path) = file("model.toml", &text);
    let (code, stderr, took) = timed(tamplan().arg("check").arg(&path));
    assert_eq!(code, 1);
    // The last row's `hours`: the second line from the end.
    let last = text.lines().count() - 1;
    assert!(
        stderr.contains(&format!("{}:{last}:9: ", path.display())),
        "the last row named at its line: {}",
        stderr.lines().last().unwrap_or_default()
    );
    assert!(took < BOUND, "check took {took:?}");
}

/// `n` rules, each `pattern` for the task `task`.
fn rules(n: usize, pattern: &str, task: &str) -> String {
    let mut text = String::new();
    for _ in 0..n {
        let _ = write!(
            text,
            "[[rule]]\nmatch = \"{pattern}\"\ntask = \"{task}\"\n\n"
        );
    }
    text
}

#[test]
fn more_than_1000_rules_are_refused_at_the_first_one_too_many() {
    // Each as much as a real rule: 1,000 of them fit in the 10 MB.
    let (_dir, path) = file(
        "rules.toml",
        &rules(1_000, "cadence\\\\b|sync call|check-in", "Cadence calls"),
    );
    let (code, stderr, _) = timed(tamplan().arg("check").arg(&path));
    assert_eq!((code, stderr.as_str()), (0, ""), "1,000 rules are fine");

    let (_dir, path) = file("rules.toml", &rules(40_000, "x", "Golf"));
    let (code, stderr, took) = timed(tamplan().arg("check").arg(&path));
    assert_eq!(code, 1);
    // Rule 1,001 starts on line 4,001; its `match` at column 9 of the next.
    assert!(
        stderr.contains(&format!(
            "{}:4002:9: rule 1001 of 40000: a rules file holds at most 1000 rules",
            path.display()
        )),
        "{}",
        stderr.lines().last().unwrap_or_default()
    );
    assert!(
        stderr.contains(&format!(
            "{}:3999:8: task \"Golf\" is not in the model",
            path.display()
        )),
        "the rules before it are checked"
    );
    assert!(took < BOUND, "check took {took:?}");
}

#[test]
fn rules_that_compile_big_are_refused_within_10_mb_in_all() {
    // Each rule fits on its own (well under 1 MiB); 2,000 of them took
    // 17 s and 2.3 GB.
    let pattern = "\\\\w{20}";
    let (_dir, path) = file("rules.toml", &rules(2_000, pattern, "Cadence calls"));
    let start = Instant::now();
    let output = std::process::Command::new("prlimit")
        .arg("--as=1000000000")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_tamplan"))
        .arg("check")
        .arg(&path)
        .env("TAMPLAN_CONFIG_DIR", "/nonexistent/g")
        .env("TAMPLAN_DATA_DIR", "/nonexistent/g")
        .output()
        .expect("prlimit runs");
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.contains("the rules up to this one take more than 10 MB of memory compiled"),
        "{first}"
    );
    // One refusal for the budget (not one a later rule), and the count.
    assert_eq!(
        stderr.matches("more than 10 MB").count(),
        1,
        "one refusal: {stderr}"
    );
    assert!(stderr.contains(":4002:9: rule 1001 of 2000"), "{stderr}");
    assert!(took < BOUND, "check took {took:?}");

    // One pattern far too long is refused at its place, before parsing.
    let long = "\\\\w".repeat(100_000);
    let (_dir, path) = file("rules.toml", &rules(1, &long, "Cadence calls"));
    let (code, stderr, took) = timed(tamplan().arg("check").arg(&path));
    assert_eq!(code, 1);
    assert!(
        stderr.contains(":2:9: `match` \"\\\\w\\\\w")
            && stderr.contains("200000 bytes long; at most 10000"),
        "{stderr}"
    );
    assert!(took < BOUND, "check took {took:?}");
}
