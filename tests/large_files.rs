//! Large and hostile model and scenario files: every one gets its answer
//! within a time bound, with the place of each problem.

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
