//! What more than one test file needs.
#![allow(dead_code, reason = "each test binary uses some of these, not all")]

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

/// The numbers of `text` that are not grouped by thousands (`2500`, not
/// `2,500`); dates and the decimal parts of numbers are left out.
pub fn ungrouped(text: &str) -> Vec<String> {
    let dates = regex::Regex::new(r"\d{4}-\d\d-\d\d(T[\d:+-]+)?").expect("re");
    let number = regex::Regex::new(r"\d[\d,]*").expect("re");
    let grouped = regex::Regex::new(r"^\d{1,3}(,\d{3})*$").expect("re");
    let text = dates.replace_all(text, "DATE");
    number
        .find_iter(&text)
        // A decimal part is not grouped: only digits before a `.`.
        .filter(|m| !text[..m.start()].ends_with('.'))
        .map(|m| m.as_str().trim_end_matches(','))
        .filter(|n| !grouped.is_match(n))
        .map(str::to_owned)
        .collect()
}

pub const DEFAULT_MODEL: &str = include_str!("../../config/default.toml");

pub fn tamplan() -> Command {
    let mut command = Command::cargo_bin("tamplan").expect("the binary is built");
    // No user model, rules or scenarios: the built-in model. (Files the
    // tests write put their schema copies under it, never in the user's
    // config folder.)
    let nowhere = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-user-folders");
    command
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "1")
        .env("TAMPLAN_CONFIG_DIR", &nowhere)
        .env("TAMPLAN_DATA_DIR", &nowhere)
        // The fixtures are plans in this project's own repository: their
        // reports would say what changed since its last commit. The search
        // for a repository stops at `tests/`, as `git` does with the same
        // variable, so a checkout and a copy without `.git` agree.
        .env(
            "GIT_CEILING_DIRECTORIES",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
        );
    command
}

/// Writes `text` to a model file in a fresh directory.
pub fn model_file(text: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("model.toml");
    std::fs::write(&path, text).expect("write model");
    (dir, path)
}

/// The default model with `from` replaced by `to` (which must occur).
pub fn default_with(from: &str, to: &str) -> String {
    assert!(
        DEFAULT_MODEL.contains(from),
        "the default model contains {from:?}"
    );
    DEFAULT_MODEL.replacen(from, to, 1)
}

/// The line and column (1-based) of the first occurrence of `needle`.
pub fn position(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).expect("needle present");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Runs `tamplan check` on a model and returns (exit code, stderr).
pub fn check(text: &str) -> (i32, String, PathBuf, TempDir) {
    let (dir, path) = model_file(text);
    let output = tamplan().arg("check").arg(&path).output().expect("runs");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    (output.status.code().expect("exited"), stderr, path, dir)
}

pub fn assert_no_panic(stderr: &str) {
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "a backtrace hint: {stderr}"
    );
    assert!(!stderr.contains("stack backtrace"), "a backtrace: {stderr}");
}

pub fn json_report(args: &[&str]) -> serde_json::Value {
    let output = tamplan()
        .args(["report", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

pub fn keys(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
}

pub fn sorted(mut keys: Vec<&str>) -> Vec<&str> {
    keys.sort_unstable();
    keys
}

pub const SCENARIO: &str = include_str!("../../assets/example-scenario.toml");

pub fn output_of(command: &mut Command) -> (i32, String, String) {
    let output = command.output().expect("runs");
    (
        output.status.code().expect("exited"),
        String::from_utf8(output.stdout).expect("utf-8"),
        String::from_utf8(output.stderr).expect("utf-8"),
    )
}

/// Bytes a terminal would obey: ESC, CSI/OSC introducers, BEL, C1 controls
/// and bidi overrides.
pub fn assert_inert(text: &str, what: &str) {
    for c in text.chars() {
        let dangerous = (c.is_control() && c != '\n')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(!dangerous, "{what} carries {c:?}: {text:?}");
    }
}

/// Who made a commit: name and e-mail.
pub type Who<'a> = (&'a str, &'a str);

/// The author of the repositories the tests build.
pub const ANA_AUTHOR: Who<'static> = ("Ana Author", "ana@example.com");

/// Their committer, where it differs from the author.
pub const CY_COMMITTER: Who<'static> = ("Cy Committer", "cy@example.com");

/// Runs the `git` program in `dir` (the tests build real repositories
/// with it; tamplan itself never runs it) with no user or system
/// configuration, `author` and `committer`, and `date` as both dates; what
/// it printed, trimmed.
pub fn git_as(
    dir: &std::path::Path,
    args: &[&str],
    date: &str,
    author: Who,
    committer: Who,
) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", author.0)
        .env("GIT_AUTHOR_EMAIL", author.1)
        .env("GIT_COMMITTER_NAME", committer.0)
        .env("GIT_COMMITTER_EMAIL", committer.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// [`git_as`] with Ana as author and Cy as committer.
pub fn git(dir: &std::path::Path, args: &[&str], date: &str) -> String {
    git_as(dir, args, date, ANA_AUTHOR, CY_COMMITTER)
}
