//! The real binary, run for every format and every bad input: exit codes,
//! messages, and golden files (insta snapshots) for Markdown and CSV.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

mod support;
use support::ungrouped;

const DEFAULT_MODEL: &str = include_str!("../config/default.toml");

fn tamplan() -> Command {
    let mut command = Command::cargo_bin("tamplan").expect("the binary is built");
    // No user model, rules or scenarios: the built-in model. (Files the
    // tests write put their schema copies under it, never in the user's
    // config folder.)
    let nowhere = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-user-folders");
    command
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "1")
        .env("TAMPLAN_CONFIG_DIR", &nowhere)
        .env("TAMPLAN_DATA_DIR", &nowhere);
    command
}

/// Writes `text` to a model file in a fresh directory.
fn model_file(text: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("model.toml");
    std::fs::write(&path, text).expect("write model");
    (dir, path)
}

/// The default model with `from` replaced by `to` (which must occur).
fn default_with(from: &str, to: &str) -> String {
    assert!(
        DEFAULT_MODEL.contains(from),
        "the default model contains {from:?}"
    );
    DEFAULT_MODEL.replacen(from, to, 1)
}

/// The line and column (1-based) of the first occurrence of `needle`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).expect("needle present");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Runs `tamplan check` on a model and returns (exit code, stderr).
fn check(text: &str) -> (i32, String, PathBuf, TempDir) {
    let (dir, path) = model_file(text);
    let output = tamplan().arg("check").arg(&path).output().expect("runs");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    (output.status.code().expect("exited"), stderr, path, dir)
}

fn assert_no_panic(stderr: &str) {
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "a backtrace hint: {stderr}"
    );
    assert!(!stderr.contains("stack backtrace"), "a backtrace: {stderr}");
}

/// Asserts a bad model fails with exit 1 and a message at `needle`'s place.
fn assert_model_error(text: &str, needle: &str, message: &str) {
    let (line, column) = position(text, needle);
    let (code, stderr, path, _dir) = check(text);
    assert_eq!(code, 1, "{stderr}");
    assert_no_panic(&stderr);
    let expected = format!("{}:{line}:{column}: {message}", path.display());
    assert!(
        stderr.contains(&expected),
        "expected {expected:?} in:\n{stderr}"
    );
    // The same file is refused by `report` with the same message.
    let output = tamplan()
        .args(["report", "--model"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(&expected));
    assert!(
        output.stdout.is_empty(),
        "nothing printed to stdout on error"
    );
}

fn json_report(args: &[&str]) -> serde_json::Value {
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

fn keys(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
}

fn sorted(mut keys: Vec<&str>) -> Vec<&str> {
    keys.sort_unstable();
    keys
}

#[test]
fn json_quarters_and_book_capacity_at_target() {
    let json = json_report(&[]);
    let quarters = json["quarters"].as_array().expect("quarters");
    assert_eq!(quarters.len(), 4);
    for (q, quarter) in (1..).zip(quarters) {
        assert_eq!(quarter["quarter"], q);
        assert_eq!(
            sorted(keys(quarter)),
            sorted(vec![
                "quarter",
                "gross_hours",
                "pto_hours",
                "available_hours",
                "planned_hours",
                "utilization",
                "status"
            ])
        );
    }
    assert_eq!(json["max_customers_at_target"], 35);
}

#[test]
fn json_matches_the_contract_key_for_key() {
    let json = json_report(&[]);
    assert_eq!(
        sorted(keys(&json)),
        sorted(vec![
            "model",
            "counts",
            "capacity",
            "rows",
            "totals",
            "utilization",
            "status",
            "max_customers",
            "max_customers_at_target",
            "quarters",
            "warnings",
            "metrics"
        ])
    );
    assert_eq!(json["model"], "TAM Segment: Named");
    assert_eq!(
        sorted(keys(&json["counts"])),
        sorted(vec![
            "customers",
            "new_customers_per_quarter",
            "ebrs_per_year",
            "webinars_per_quarter",
            "priority1_customers"
        ])
    );
    assert_eq!(
        sorted(keys(&json["capacity"])),
        sorted(vec![
            "hours_per_week",
            "weeks_per_year",
            "pto_days",
            "hours_per_day",
            "target_utilization",
            "gross_hours",
            "pto_hours",
            "available_hours",
            "working_weeks"
        ])
    );
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 13);
    for row in rows {
        assert_eq!(
            sorted(keys(row)),
            sorted(vec![
                "task",
                "weekly",
                "monthly",
                "quarterly",
                "yearly",
                "per_working_week",
                "scales_with",
                "note"
            ])
        );
    }
    assert_eq!(rows[0]["scales_with"], "customers");
    assert!(
        rows[8]["scales_with"].is_null(),
        "Special projects is fixed"
    );
    assert_eq!(
        sorted(keys(&json["totals"])),
        sorted(vec![
            "weekly",
            "monthly",
            "quarterly",
            "yearly",
            "per_working_week"
        ])
    );
    for metric in json["metrics"].as_array().expect("metrics") {
        assert_eq!(
            sorted(keys(metric)),
            sorted(vec!["phase", "name", "target", "status"])
        );
        assert!(["met", "missed", "no_data"].contains(&metric["status"].as_str().expect("status")));
    }
    assert_eq!(json["totals"]["yearly"], 1632.0);
    assert_eq!(json["totals"]["monthly"], 136.0);
    assert_eq!(json["totals"]["quarterly"], 408.0);
    assert_eq!(json["totals"]["per_working_week"], 40.0);
    assert_eq!(json["capacity"]["available_hours"], 1632.0);
    assert_eq!(json["utilization"], 1.0);
    assert_eq!(json["status"], "near");
    assert_eq!(json["max_customers"], 35);
}

#[test]
fn json_numbers_are_unrounded() {
    let json = json_report(&["--set", "customers=42"]);
    assert_eq!(json["status"], "over");
    let weekly = json["rows"][0]["weekly"].as_f64().expect("number");
    assert!((weekly - 42.0 * 12.0 / 52.0).abs() < 1e-12, "{weekly}");
    assert!((json["totals"]["yearly"].as_f64().expect("number") - 1821.6).abs() < 1e-9);
    assert_eq!(
        json["warnings"][0],
        "Planned 1,821.6 h exceeds the 1,632 h available by 189.6 h (112 %)"
    );
}

#[test]
fn set_accepts_counts_and_capacity_names() {
    let json = json_report(&[
        "--set",
        "pto_days=30",
        "--set",
        "hours_per_day=7.5",
        "--set",
        "ebrs_per_year=24",
    ]);
    assert_eq!(json["capacity"]["pto_hours"], 225.0);
    assert_eq!(json["capacity"]["available_hours"], 1855.0);
    assert_eq!(json["counts"]["ebrs_per_year"], 24.0);
    assert_eq!(json["rows"][2]["yearly"], 96.0);
    assert_eq!(json["status"], "ok");
}

#[test]
fn the_table_has_totals_capacity_and_warnings() {
    let output = tamplan()
        .args(["report", "--set", "customers=42"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        text.contains("OVERLOADED · 112 % of 1,632 h available"),
        "{text}"
    );
    assert!(
        text.contains(
            "Total                       35.03   151.80     455.40  1,821.60          44.65\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("Capacity: 40 h/week × 52 weeks = 2,080 h gross"),
        "{text}"
    );
    assert!(text.contains("Book capacity: 35 customers (-7)"), "{text}");
    assert!(
        text.contains("! A working week averages 44.6 h against a 40 h week"),
        "{text}"
    );
    let widest = text
        .lines()
        .take(20)
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    assert!(widest <= 80, "the task table fits 80 columns ({widest})");
}

#[test]
fn the_planner_without_a_terminal_says_what_to_use_instead() {
    let output = tamplan().output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("expected an interactive terminal (use `tamplan report` for text output)"),
        "{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "no escape sequences written to a pipe"
    );
}

#[test]
fn markdown_golden() {
    let output = tamplan()
        .args(["report", "--format", "markdown", "--set", "customers=40"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    insta::assert_snapshot!(
        "report_customers_40.md",
        String::from_utf8(output.stdout).expect("utf-8")
    );
}

#[test]
fn csv_golden() {
    let output = tamplan()
        .args(["report", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8");
    insta::assert_snapshot!("report_default.csv", &text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    assert_eq!(records.len(), 19, "13 rows, the totals, then the quarters");
    assert_eq!(&records[13][0], "Total");
    assert_eq!(&records[13][4], "1632.00");
    assert_eq!(&records[14][0], "quarter", "the quarters' own header");
    assert_eq!(&records[17][0], "Q3");
    assert_eq!(&records[17][5], "408.00", "planned hours");
}

#[test]
fn csv_neutralises_formulas_and_markdown_escapes_pipes() {
    let text = default_with(
        "task = \"Gainsight work\"",
        "task = \"=HYPERLINK(\\\"x\\\") | a\"",
    )
    .replacen(
        "note = \"Logging updates and maintenance\"",
        "note = \"@SUM(A1) \\u001b[31m\"",
        1,
    );
    let (_dir, path) = model_file(&text);
    let csv_out = tamplan()
        .args(["report", "--format", "csv", "--model"])
        .arg(&path)
        .output()
        .expect("runs");
    let csv_text = String::from_utf8(csv_out.stdout).expect("utf-8");
    assert!(
        csv_text.contains("\"'=HYPERLINK(\"\"x\"\") | a\""),
        "{csv_text}"
    );
    assert!(csv_text.contains("'@SUM(A1)  [31m"), "{csv_text}");
    assert!(!csv_text.contains('\u{1b}'), "escape sequences are removed");
    let md = tamplan()
        .args(["report", "--format", "markdown", "--model"])
        .arg(&path)
        .output()
        .expect("runs");
    let md_text = String::from_utf8(md.stdout).expect("utf-8");
    assert!(md_text.contains("| =HYPERLINK(\"x\") \\| a |"), "{md_text}");
    let table = tamplan()
        .args(["report", "--model"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(
        !table.stdout.contains(&0x1b),
        "no escape reaches the terminal"
    );
}

#[test]
fn check_accepts_the_default_model_and_reports_each_file() {
    let (_dir, path) = model_file(DEFAULT_MODEL);
    tamplan()
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout(format!("{}: ok\n", path.display()));
    let bad = default_with("hours = 35", "hours = -35");
    let (_bad_dir, bad_path) = model_file(&bad);
    let output = tamplan()
        .arg("check")
        .arg(&path)
        .arg(&bad_path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("{}: ok\n", path.display())
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`hours` is -35; expected a number ≥ 0"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 2 files have problems"), "{stderr}");
}

#[test]
fn check_takes_a_file_with_metrics_and_no_rows_for_a_model() {
    // Without `rows` it is no valid model, and the error says what is
    // missing, not that a scenario has no field `metrics`.
    let rows = DEFAULT_MODEL.find("[[rows]]").expect("rows");
    let metrics = DEFAULT_MODEL.find("[[metrics]]").expect("metrics");
    let text = format!("{}{}", &DEFAULT_MODEL[..rows], &DEFAULT_MODEL[metrics..]);
    let (code, stderr, _path, _dir) = check(&text);
    assert_eq!(code, 1);
    assert!(stderr.contains("missing required field `rows`"), "{stderr}");
    assert!(!stderr.contains("unknown field `metrics`"), "{stderr}");
}

#[test]
fn check_lists_every_problem_in_a_file() {
    let text = default_with("hours = 35", "hours = -35").replacen("hours = 13", "hours = nan", 1);
    let (code, stderr, _path, _dir) = check(&text);
    assert_eq!(code, 1);
    assert!(stderr.contains("`hours` is -35"), "{stderr}");
    assert!(stderr.contains("`hours` is nan"), "{stderr}");
}

#[test]
fn malformed_toml() {
    let text = default_with("hours_per_week = 40", "hours_per_week = = 40");
    let (line, _) = position(&text, "hours_per_week = = 40");
    let (code, stderr, path, _dir) = check(&text);
    assert_eq!(code, 1);
    assert_no_panic(&stderr);
    assert!(
        stderr.contains(&format!("{}:{line}:", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains("expected"), "{stderr}");
}

#[test]
fn unknown_key() {
    let text = default_with("hours = 35", "huors = 35");
    assert_model_error(&text, "huors", "unknown field `huors`, expected one of");
}

#[test]
fn missing_required_field() {
    let text = default_with("per = \"quarter\"\n", "");
    let (code, stderr, path, _dir) = check(&text);
    assert_eq!(code, 1);
    assert_no_panic(&stderr);
    let (line, _) = position(&text, "task = \"Customer onboarding\"");
    assert!(
        stderr.contains(&format!("{}:{line}:", path.display()))
            || stderr.contains(&format!("{}:{}:", path.display(), line - 1)),
        "points at the table: {stderr}"
    );
    assert!(stderr.contains("missing required field `per`"), "{stderr}");
}

#[test]
fn negative_nan_and_infinite_numbers() {
    assert_model_error(
        &default_with("pto_days = 56", "pto_days = -1"),
        "-1",
        "`pto_days` is -1; expected a number ≥ 0",
    );
    assert_model_error(
        &default_with("hours = 35", "hours = nan"),
        "nan",
        "`hours` is nan; expected a finite number ≥ 0",
    );
    assert_model_error(
        &default_with("default = 35", "default = inf"),
        "inf",
        "`default` is infinite; expected a finite number ≥ 0",
    );
}

#[test]
fn per_that_is_not_a_period() {
    let text = default_with("per = \"quarter\"", "per = \"fortnight\"");
    assert_model_error(
        &text,
        "\"fortnight\"",
        "unknown variant `fortnight`, expected one of `week`, `month`, `quarter`, `year`",
    );
}

#[test]
fn scales_with_an_unknown_count() {
    let text = default_with("scales_with = \"ebrs_per_year\"", "scales_with = \"ebrs\"");
    assert_model_error(
        &text,
        "\"ebrs\"",
        "`scales_with` names \"ebrs\", which is not a count; expected one of: customers,",
    );
}

#[test]
fn scales_with_a_count_whose_default_is_zero() {
    let text = default_with(
        "scales_with = \"ebrs_per_year\"",
        "scales_with = \"priority1_customers\"",
    );
    assert_model_error(
        &text,
        "\"priority1_customers\"\nnote",
        "`scales_with` names \"priority1_customers\", whose default is 0",
    );
}

#[test]
fn duplicate_task_and_count_names() {
    let text = default_with("task = \"Renewals\"", "task = \"EBRs\"");
    let (line, _) = position(&text, "task = \"EBRs\"\n# \"Roughly");
    let (code, stderr, path, _dir) = check(&text);
    assert_eq!(code, 1);
    let expected = format!(
        "{}:{line}:8: duplicate task \"EBRs\"; expected each task once",
        path.display()
    );
    assert!(stderr.contains(&expected), "{expected} in {stderr}");
    let text = default_with("name = \"ebrs_per_year\"", "name = \"customers\"");
    let (line, _) = position(&text, "name = \"customers\"\nlabel = \"EBRs");
    let (code, stderr, path, _dir) = check(&text);
    assert_eq!(code, 1);
    let expected = format!(
        "{}:{line}:8: duplicate count name \"customers\"; expected each count once",
        path.display()
    );
    assert!(stderr.contains(&expected), "{expected} in {stderr}");
}

#[test]
fn empty_task_name() {
    let text = default_with("task = \"Gainsight work\"", "task = \"  \"");
    assert_model_error(&text, "\"  \"", "`task` is empty; expected some text");
}

#[test]
fn pto_that_leaves_no_available_hours() {
    let text = default_with("pto_days = 56", "pto_days = 260");
    assert_model_error(
        &text,
        "260",
        "2,080 h of PTO (260 days × 8 h) leaves no working time of the 2,080 h gross",
    );
}

#[test]
fn a_file_that_does_not_exist() {
    let output = tamplan()
        .args(["report", "--model", "/no/such/model.toml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "tamplan: error: cannot read /no/such/model.toml: no such file; expected a readable TOML file\n"
    );
}

#[test]
fn a_directory() {
    let dir = TempDir::new().expect("temp dir");
    let output = tamplan()
        .arg("check")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{} is a directory; expected a TOML file",
            dir.path().display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_utf8() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"name = \"caf\xe9\"\n").expect("write");
    let output = tamplan()
        .arg("report")
        .arg("--model")
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:1:12: not UTF-8 text; expected a UTF-8 encoded TOML file",
            path.display()
        )),
        "{stderr}"
    );
}

fn usage_error(args: &[&str]) -> String {
    let output = tamplan().args(args).output().expect("runs");
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert_no_panic(&stderr);
    stderr
}

#[test]
fn set_with_an_unknown_name_lists_the_valid_ones() {
    let stderr = usage_error(&["report", "--set", "customer=40"]);
    assert_eq!(
        stderr,
        "tamplan: error: --set customer=40: unknown name \"customer\"; expected one of: customers, \
         new_customers_per_quarter, ebrs_per_year, webinars_per_quarter, priority1_customers, hours_per_week, \
         weeks_per_year, pto_days, hours_per_day, target_utilization, pto_by_quarter\n"
    );
}

#[test]
fn set_with_a_non_number_or_a_negative_value() {
    let stderr = usage_error(&["report", "--set", "customers=lots"]);
    assert!(
        stderr.contains("customers: \"lots\" is not a number; expected a number ≥ 0"),
        "{stderr}"
    );
    let stderr = usage_error(&["report", "--set", "customers=-3"]);
    assert!(
        stderr.contains("customers: \"-3\" is not a number ≥ 0"),
        "{stderr}"
    );
    let stderr = usage_error(&["report", "--set", "customers=NaN"]);
    assert!(stderr.contains("is not a number ≥ 0"), "{stderr}");
    let stderr = usage_error(&["report", "--set", "customers"]);
    assert!(stderr.contains("expected NAME=VALUE"), "{stderr}");
}

#[test]
fn set_that_leaves_no_working_time() {
    let stderr = usage_error(&["report", "--set", "pto_days=300"]);
    assert!(
        stderr.contains("--set: 2,400 h of PTO (300 days × 8 h) leaves no working time"),
        "{stderr}"
    );
}

#[test]
fn unknown_flags_and_formats_are_usage_errors() {
    usage_error(&["report", "--colour"]);
    usage_error(&["report", "--format", "xml"]);
    usage_error(&["check"]);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `tamplan report | head -1`: the reader goes away before the report is
    // written; the writer must stop quietly, not panic.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tamplan"))
        .args(["report", "--format", "markdown"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("waits");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn the_json_example_in_assets_is_current() {
    let output = tamplan()
        .args(["report", "--format", "json"])
        .output()
        .expect("runs");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/report-default.json"
    ))
    .expect("assets/report-default.json exists");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        example,
        "regenerate it with the README's command"
    );
}

const SCENARIO: &str = include_str!("../assets/example-scenario.toml");

#[test]
fn report_a_scenario_as_the_1on1_summary() {
    let (_dir, path) = model_file(SCENARIO);
    let output = tamplan()
        .args(["report", "--format", "markdown", "--scenario"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    insta::assert_snapshot!(
        "scenario_summary.md",
        String::from_utf8(output.stdout).expect("utf-8")
    );
}

#[test]
fn report_a_scenario_as_json_with_set_on_top() {
    let (_dir, path) = model_file(SCENARIO);
    let output = tamplan()
        .args([
            "report",
            "--format",
            "json",
            "--set",
            "customers=41",
            "--scenario",
        ])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["counts"]["customers"], 41.0);
    assert_eq!(json["counts"]["webinars_per_quarter"], 2.0);
    assert_eq!(
        json["rows"][8]["yearly"], 72.0,
        "Special projects at 6 h a month"
    );
    // 2027: 261 weekdays × 8 h.
    assert_eq!(json["capacity"]["gross_hours"], 2088.0);
    let engage = json["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .find(|m| m["name"] == "Time to first engage: within 14 days")
        .expect("metric");
    assert_eq!(engage["status"], "met");
}

#[test]
fn a_scenario_naming_what_the_model_lacks_is_an_error_with_its_place() {
    let text = SCENARIO.replace(
        "webinars_per_quarter = 2.0",
        "webinars_per_quarter = 2.0\nwidgets = 3.0",
    );
    let (_dir, path) = model_file(&text);
    let (line, _) = position(&text, "widgets");
    let output = tamplan()
        .args(["report", "--scenario"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:{line}:1: count \"widgets\" is not in the model",
            path.display()
        )),
        "{stderr}"
    );
    let output = tamplan().arg("check").arg(&path).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let broken = SCENARIO.replace("year = 2027", "year = 2027\nquarter = 7");
    let (_dir2, broken_path) = model_file(&broken);
    let output = tamplan()
        .arg("check")
        .arg(&broken_path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("`quarter` is 7; expected 1, 2, 3 or 4")
    );
    let (_dir3, good) = model_file(SCENARIO);
    tamplan()
        .arg("check")
        .arg(&good)
        .assert()
        .success()
        .stdout(format!("{}: ok\n", good.display()));
}

#[test]
fn init_writes_the_model_once_and_then_it_is_used() {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    let run = |args: &[&str]| {
        tamplan()
            .env("TAMPLAN_CONFIG_DIR", &config)
            .args(args)
            .output()
            .expect("runs")
    };
    let output = run(&["init"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let model = config.join("model.toml");
    let written = std::fs::read_to_string(&model).expect("written");
    // The built-in model behind a `#:schema` line naming the schema copy.
    let schema = config.join("schemas").join("model.schema.json");
    let (first, rest) = written.split_once('\n').expect("lines");
    assert_eq!(first, format!("#:schema file://{}", schema.display()));
    assert_eq!(rest, DEFAULT_MODEL);
    assert_eq!(
        std::fs::read_to_string(&schema).expect("the schema copy"),
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/model.schema.json")
        )
        .expect("the asset")
    );
    let output = run(&["init"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("already exists; pass --force to overwrite it")
    );
    std::fs::write(
        &model,
        DEFAULT_MODEL.replacen("name = \"TAM Segment: Named\"", "name = \"My team\"", 1),
    )
    .expect("edit");
    let output = run(&["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["model"], "My team", "the user's model is used");
    assert!(run(&["init", "--force"]).status.success());
    assert_eq!(std::fs::read_to_string(&model).expect("written"), written);
    let output = tamplan()
        .args(["--config-dir"])
        .arg(dir.path().join("elsewhere"))
        .args(["init"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert!(
        dir.path().join("elsewhere/model.toml").exists(),
        "the flag wins over the environment"
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains(&format!(
            "when given `--config-dir {}` again",
            dir.path().join("elsewhere").display()
        )),
        "a folder given by flag must be given again: {said}"
    );
}

#[test]
fn init_force_keeps_a_copy_of_each_file_it_replaces() {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    let run = |args: &[&str]| {
        tamplan()
            .env("TAMPLAN_CONFIG_DIR", &config)
            .env("TAMPLAN_NOW", "2026-12-07T09:30:00+01:00")
            .args(args)
            .output()
            .expect("runs")
    };
    assert!(run(&["init"]).status.success());
    let (model, rules) = (config.join("model.toml"), config.join("rules.toml"));
    let written = std::fs::read_to_string(&rules).expect("the starter rules");
    std::fs::write(&model, "# my model\n").expect("edit");
    std::fs::write(&rules, "# my rules\n").expect("edit");
    // An earlier copy of the same second is never written over.
    let earlier = config.join("rules.toml.bak-20261207T093000");
    std::fs::write(&earlier, "# an earlier copy\n").expect("write");
    let output = run(&["init", "--force"]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}");
    let model_copy = config.join("model.toml.bak-20261207T093000");
    let rules_copy = config.join("rules.toml.bak-20261207T093000-2");
    assert_eq!(
        std::fs::read_to_string(&model_copy).expect("the model's copy"),
        "# my model\n"
    );
    assert_eq!(
        std::fs::read_to_string(&rules_copy).expect("the rules' copy"),
        "# my rules\n"
    );
    assert_eq!(
        std::fs::read_to_string(&earlier).expect("kept"),
        "# an earlier copy\n"
    );
    assert_eq!(std::fs::read_to_string(&rules).expect("replaced"), written);
    for (file, copy) in [(&model, &model_copy), (&rules, &rules_copy)] {
        let line = format!("kept the replaced {} as {}", file.display(), copy.display());
        assert!(said.contains(&line), "{line:?} in {said}");
    }
    // Unchanged files need no copy.
    let output = run(&["init", "--force"]);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("kept"));
    let copies = std::fs::read_dir(&config)
        .expect("the folder")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().contains(".bak-"))
        })
        .count();
    assert_eq!(copies, 3);
    let (_, help, _) = output_of(tamplan().args(["init", "--help"]));
    assert!(
        help.contains("rules.toml") && help.contains("model.toml") && help.contains(".bak-"),
        "{help}"
    );
}

#[test]
fn a_scenario_whose_capacity_cannot_be_planned_is_the_files_fault() {
    let text = "name = \"x\"\n[capacity]\npto_days = 300\n";
    let (_dir, path) = model_file(text);
    for args in [vec!["report", "--scenario"], vec!["check"]] {
        let output = tamplan().args(&args).arg(&path).output().expect("runs");
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!(
                "{}:3:1: 2,400 h of PTO (300 days × 8 h) leaves no working time",
                path.display()
            )),
            "{stderr}"
        );
    }
}

#[test]
fn check_uses_the_model_given_with_model() {
    let model = format!(
        "{DEFAULT_MODEL}\n[[counts]]\nname = \"widgets\"\nlabel = \"Widgets\"\ndefault = 1\n"
    );
    let (_dir, model_path) = model_file(&model);
    let (_dir2, scenario) = model_file("name = \"x\"\n[counts]\nwidgets = 3\n");
    tamplan()
        .arg("--model")
        .arg(&model_path)
        .arg("check")
        .arg(&scenario)
        .assert()
        .success();
    let output = tamplan()
        .arg("check")
        .arg(&scenario)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the built-in model has no widgets"
    );
}

#[test]
fn huge_values_are_refused_not_printed_as_infinity() {
    let stderr = usage_error(&["report", "--set", "customers=1e308"]);
    assert!(stderr.contains("too large"), "{stderr}");
}

// ------------------------------------------- help, messages and plurals --

fn output_of(command: &mut Command) -> (i32, String, String) {
    let output = command.output().expect("runs");
    (
        output.status.code().expect("exited"),
        String::from_utf8(output.stdout).expect("utf-8"),
        String::from_utf8(output.stderr).expect("utf-8"),
    )
}

#[test]
fn report_help_lists_every_set_name_of_the_built_in_model() {
    let (code, stdout, _) = output_of(tamplan().args(["report", "--help"]));
    assert_eq!(code, 0);
    let model = tamplan::domain::model::Model::builtin().expect("valid");
    for name in model.input_names() {
        assert!(stdout.contains(name), "{name} in:\n{stdout}");
    }
}

#[test]
fn top_level_help_says_no_command_opens_the_planner() {
    let (code, stdout, _) = output_of(tamplan().arg("--help"));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Run `tamplan` with no command to open the interactive planner"),
        "{stdout}"
    );
}

#[test]
fn every_message_starts_the_same_way() {
    let dir = TempDir::new().expect("temp dir");
    let scenario = dir.path().join("s.toml");
    std::fs::write(&scenario, "name = \"x\"\n[counts]\ncustomers = -1\n").expect("write");
    let cases: [(Vec<&str>, i32); 4] = [
        (vec!["report", "--bogus"], 2),
        (vec!["report", "--set", "nope=1"], 2),
        (vec!["report", "--model", "/no/such/model.toml"], 1),
        (vec!["nosuchcommand"], 2),
    ];
    for (args, expected) in cases {
        let (code, _, stderr) = output_of(tamplan().args(&args));
        assert_eq!(code, expected, "{args:?}: {stderr}");
        assert!(stderr.starts_with("tamplan: error: "), "{args:?}: {stderr}");
    }
    let (code, _, stderr) = output_of(tamplan().arg("check").arg(&scenario));
    assert_eq!(code, 1);
    for line in stderr.lines() {
        assert!(line.starts_with("tamplan: error: "), "{line}");
    }
    assert!(
        stderr.ends_with("tamplan: error: 1 of 1 file has problems\n"),
        "one file has, not have: {stderr}"
    );
}

#[test]
fn check_reports_value_errors_and_unknown_names_together() {
    let dir = TempDir::new().expect("temp dir");
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "name = \"x\"\n[counts]\ncustomers = -1\nbogus = 2\n[hours]\n\"No such task\" = 3\n",
    )
    .expect("write");
    let (code, _, stderr) = output_of(tamplan().arg("check").arg(&scenario));
    assert_eq!(code, 1);
    let path = scenario.display();
    for expected in [
        format!("{path}:3:13: count \"customers\" is -1"),
        format!("{path}:4:1: count \"bogus\" is not in the model"),
        format!("{path}:6:1:"),
    ] {
        assert!(stderr.contains(&expected), "{expected} in:\n{stderr}");
    }
}

#[test]
fn report_and_markdown_name_the_model_file_they_used() {
    let (code, stdout, _) = output_of(tamplan().arg("report"));
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().next(), Some("TAM Segment: Named (built-in)"));
    let (_dir, path) = model_file(DEFAULT_MODEL);
    let (code, stdout, _) = output_of(
        tamplan()
            .args(["report", "--format", "markdown", "--model"])
            .arg(&path),
    );
    assert_eq!(code, 0);
    assert!(
        stdout.contains(&format!(
            "- **Model:** TAM Segment: Named ({})",
            path.display()
        )),
        "{stdout}"
    );
}

// ------------------------------------------- target and quarters (issue) --

#[test]
fn quarters_and_target_from_the_command_line() {
    let json = json_report(&[
        "--set",
        "pto_by_quarter=10,10,26,10",
        "--set",
        "target_utilization=0.85",
        "--set",
        "new_customers_per_quarter=2,5,3,3",
    ]);
    assert_eq!(json["capacity"]["pto_days"], 56.0);
    assert_eq!(json["capacity"]["target_utilization"], 0.85);
    assert_eq!(json["counts"]["new_customers_per_quarter"], 3.25);
    assert_eq!(json["quarters"][2]["status"], "over");
    assert_eq!(json["quarters"][2]["available_hours"], 312.0);
    let warnings = json["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .is_some_and(|w| w.starts_with("Q3 is overloaded:"))),
        "{warnings:?}"
    );
}

#[test]
fn bad_quarter_and_target_flags_are_usage_errors() {
    for (set, expected) in [
        ("pto_by_quarter=10,10,26", "has 3 values; expected four"),
        ("pto_by_quarter=10,-1,26,10", "is not a number ≥ 0"),
        ("pto_by_quarter=56", "one value; expected four"),
        (
            "target_utilization=1.2",
            "expected a fraction above 0 and at most 1",
        ),
        (
            "target_utilization=0",
            "expected a fraction above 0 and at most 1",
        ),
        (
            "hours_per_week=40,40,40,40",
            "four values; expected one number",
        ),
        (
            "pto_by_quarter=0,0,70,0",
            "Q3 has 70 PTO days but only 65 weekdays",
        ),
    ] {
        let stderr = usage_error(&["report", "--set", set]);
        assert!(stderr.contains(expected), "{set}: {stderr}");
    }
}

#[test]
fn bad_quarters_and_targets_in_files_name_their_place() {
    let dir = TempDir::new().expect("temp dir");
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "name = \"x\"\n[capacity]\npto_days = 50\npto_by_quarter = [10, 10, 26, 10]\n\
         target_utilization = 1.5\n[counts_by_quarter]\nnope = [1, 2, 3, 4]\n\
         customers = [1, 2]\n",
    )
    .expect("write");
    let (code, _, stderr) = output_of(tamplan().arg("check").arg(&scenario));
    assert_eq!(code, 1);
    let path = scenario.display();
    for expected in [
        format!("{path}:3:1: `pto_days` is 50 but `pto_by_quarter` adds up to 56"),
        format!("{path}:8:13: `customers` has 2 values; expected four"),
        format!("{path}:7:1: count \"nope\" in [counts_by_quarter] is not in the model"),
        "`target_utilization` is 1.5; expected a fraction above 0 and at most 1".to_owned(),
    ] {
        assert!(stderr.contains(&expected), "{expected} in:\n{stderr}");
    }
    let model = default_with(
        "hours_per_day = 8",
        "hours_per_day = 8\ntarget_utilization = 0",
    )
    .replacen(
        "pto_days = 56",
        "pto_days = 56\npto_by_quarter = [1, 2, 3]",
        1,
    );
    let (code, stderr, path, _dir) = check(&model);
    assert_eq!(code, 1);
    let (line, _) = position(&model, "pto_by_quarter");
    assert!(
        stderr.contains(&format!(
            "{}:{line}:18: `pto_by_quarter` has 3 values",
            path.display()
        )),
        "{stderr}"
    );
}

// ------------------------------------------------ nothing injected (issue) --

/// Bytes a terminal would obey: ESC, CSI/OSC introducers, BEL, C1 controls
/// and bidi overrides.
fn assert_inert(text: &str, what: &str) {
    for c in text.chars() {
        let dangerous = (c.is_control() && c != '\n')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(!dangerous, "{what} carries {c:?}: {text:?}");
    }
}

#[test]
fn escapes_in_files_never_reach_the_terminal() {
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;Y2xpcA==\u{7}\u{1b}[2J\u{9b}31m\u{202e}";
    // A model with escapes in a name, an unknown key and a bad value.
    let model = default_with(
        "name = \"TAM Segment: Named\"",
        &format!(
            "name = \"{}\"\n\"bad{}key\" = 1",
            evil.escape_unicode(),
            "\\u001b"
        ),
    );
    let model = model.replace(
        &format!("name = \"{}\"", evil.escape_unicode()),
        &format!("name = \"x{}\"", "\\u001b]0;t\\u0007"),
    );
    let (code, stderr, _path, _dir) = check(&model);
    assert_eq!(code, 1);
    assert_inert(&stderr, "check's stderr");
    // A scenario naming an unknown count with escapes, and a path with one.
    let dir = TempDir::new().expect("temp dir");
    let scenario = dir.path().join("s\u{1b}[2J.toml");
    std::fs::write(
        &scenario,
        "name = \"x\"\n[counts]\n\"cu\\u001b]52;c;eA==\\u0007stomers\" = 3\n",
    )
    .expect("write");
    for args in [vec!["check"], vec!["report", "--scenario"]] {
        let (code, stdout, stderr) = output_of(tamplan().args(&args).arg(&scenario));
        assert_eq!(code, 1, "{args:?}");
        assert_inert(&stderr, "stderr");
        assert_inert(&stdout, "stdout");
    }
    // A flag clap quotes back.
    let (code, _, stderr) = output_of(tamplan().args(["report", "--\u{1b}]0;x\u{7}"]));
    assert_eq!(code, 2);
    assert_inert(&stderr, "clap's message");
}

#[test]
fn csv_guards_after_sanitizing_and_markdown_and_json_are_inert() {
    let text = default_with(
        "task = \"Gainsight work\"",
        "task = \"\\u200e=HYPERLINK(1)\"",
    )
    .replacen(
        "task = \"Renewals\"",
        "task = \"\\u202e@SUM(1) <b>x</b> [link](https://evil.example)\\u0085\"",
        1,
    );
    let (_dir, path) = model_file(&text);
    let csv = String::from_utf8(
        tamplan()
            .args(["report", "--format", "csv", "--model"])
            .arg(&path)
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("utf-8");
    assert!(csv.contains("'=HYPERLINK(1)"), "{csv}");
    assert!(csv.contains("'@SUM(1)"), "{csv}");
    let markdown = String::from_utf8(
        tamplan()
            .args(["report", "--format", "markdown", "--model"])
            .arg(&path)
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("utf-8");
    assert!(markdown.contains("&lt;b&gt;x&lt;/b&gt;"), "{markdown}");
    assert!(
        markdown.contains("\\[link\\](https:\\/\\/evil.example)"),
        "{markdown}"
    );
    assert!(!markdown.contains("https://evil"), "{markdown}");
    let json = String::from_utf8(
        tamplan()
            .args(["report", "--format", "json", "--model"])
            .arg(&path)
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("utf-8");
    assert_inert(&json, "JSON");
}

#[test]
fn import_never_replaces_a_device() {
    let (code, _, stderr) = output_of(
        tamplan()
            .args([
                "import",
                "tests/fixtures/000_176c7d470173e359.txt",
                "-o",
                "/dev/null",
                "--force",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("/dev/null is a character device; expected a regular file"),
        "{stderr}"
    );
    let meta = std::fs::metadata("/dev/null").expect("still there");
    assert!(!meta.is_file(), "/dev/null is still a device");
}

#[test]
fn a_model_with_a_bad_value_is_checked_as_a_model() {
    // An integer TOML cannot hold: still a model, with the model's message.
    let text = default_with("hours = 35", "hours = 99999999999999999999");
    let (code, stderr, path, _dir) = check(&text);
    assert_eq!(code, 1);
    let (line, _) = position(&text, "hours = 9999");
    assert!(
        stderr.contains(&format!("{}:{line}:", path.display())),
        "{stderr}"
    );
    assert!(
        !stderr.contains("scenario"),
        "not read as a scenario: {stderr}"
    );
    assert!(!stderr.contains("`name`"), "{stderr}");
}

#[test]
fn a_value_too_large_names_its_own_line_and_never_blames_set() {
    let text = default_with(
        "hours = 13\nper = \"month\"",
        "hours = 1e307\nper = \"week\"",
    );
    let (code, stderr, path, _dir) = check(&text);
    assert_eq!(code, 1, "{stderr}");
    let (line, _) = position(&text, "hours = 1e307");
    assert!(
        stderr.contains(&format!("{}:{line}:", path.display()))
            && stderr.contains("too large to compute"),
        "{stderr}"
    );
    let (_dir, model) = model_file(&text);
    let (code, _, stderr) = output_of(tamplan().args(["report", "--model"]).arg(&model));
    assert_eq!(code, 1);
    assert!(!stderr.contains("--set"), "no --set was given: {stderr}");
    // A scenario whose count is too large: that entry's line.
    let dir = TempDir::new().expect("temp dir");
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "name = \"x\"\n[capacity]\npto_days = 10\n[counts]\ncustomers = 1e308\n",
    )
    .expect("write");
    let (code, _, stderr) = output_of(tamplan().args(["report", "--scenario"]).arg(&scenario));
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!(
            "{}:5:1: the values are too large",
            scenario.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("--set"), "{stderr}");
}

// ------------------------------------------------- the team (issue 10) --

/// A team folder: Ana (30 customers), Ben (40, 85 % target, saved long
/// ago), Ana again, a broken file, another model's plan, a folder loop.
fn team_folder() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("emea/broken")).expect("folders");
    let plan = |name: &str, owner: &str, saved: &str, rest: &str| {
        format!(
            "name = \"{name}\"\nowner = \"{owner}\"\nsaved = {saved}\nmodel = \"TAM Segment: Named\"\n{rest}"
        )
    };
    let write = |path: &str, text: &str| std::fs::write(root.join(path), text).expect("write");
    write(
        "ana.toml",
        &plan(
            "Ana FY27",
            "Ana",
            "2026-11-01T10:00:00+01:00",
            "[counts]\ncustomers = 30.0\n",
        ),
    );
    write(
        "emea/ben.toml",
        &plan(
            "Ben FY27",
            "Ben",
            "2026-06-01T10:00:00+01:00",
            "[counts]\ncustomers = 40.0\n[capacity]\ntarget_utilization = 0.85\n",
        ),
    );
    write(
        "emea/ana-2.toml",
        &plan(
            "Ana stretch",
            "Ana",
            "2026-11-20T10:00:00+01:00",
            "[counts]\ncustomers = 35.0\n",
        ),
    );
    write("emea/broken/x.toml", "not toml [\n");
    write(
        "emea/broken/other.toml",
        "name = \"o\"\nmodel = \"Other model\"\n",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", root.join("emea/loop")).expect("symlink");
    dir
}

#[test]
fn the_team_rolls_up_every_plan_with_hand_computed_figures() {
    let dir = team_folder();
    let (code, stdout, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--book", "100", "--format", "json"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        sorted(keys(&json)),
        sorted(vec![
            "model",
            "plans",
            "errors",
            "totals",
            "tams_needed",
            "notes"
        ])
    );
    let plans = json["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 3);
    let by_name = |name: &str| {
        plans
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    // 948 h a year grow with customers (27.09 h each) on a 1,632 h plan.
    let per_customer = 948.0 / 35.0;
    let ana = by_name("Ana FY27");
    let planned = ana["planned_hours"].as_f64().expect("number");
    assert!((planned - (1632.0 - 5.0 * per_customer)).abs() < 1e-9);
    assert_eq!(ana["headroom"], 5.0);
    assert_eq!(ana["status"], "near");
    let ben = by_name("Ben FY27");
    assert_eq!(ben["max_customers_at_target"], 25, "85 % target");
    assert_eq!(ben["headroom"], -15.0);
    assert_eq!(ben["status"], "over");
    assert_eq!(
        sorted(keys(ben)),
        sorted(vec![
            "file",
            "name",
            "owner",
            "saved",
            "customers",
            "utilization",
            "status",
            "planned_hours",
            "available_hours",
            "max_customers",
            "max_customers_at_target",
            "headroom",
            "warnings",
            "spare_hours_to_target",
            "stale"
        ])
    );
    let totals = &json["totals"];
    assert_eq!(totals["plans"], 3);
    assert_eq!(totals["customers"], 105.0);
    assert_eq!(totals["available_hours"], 3.0 * 1632.0);
    assert_eq!(totals["max_customers_at_target"], 35 + 25 + 35);
    assert_eq!(totals["headroom"], 5.0 - 15.0 + 0.0);
    let utilization = totals["utilization"].as_f64().expect("number");
    assert!((utilization - 1.0).abs() < 1e-9, "±5 customers cancel");
    assert_eq!(json["tams_needed"]["book"], 100);
    assert_eq!(json["tams_needed"]["tams"], 3, "⌈100 ÷ 35⌉");
    let errors = json["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 3, "{errors:?}");
    let messages: Vec<&str> = errors
        .iter()
        .filter_map(|e| e["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("made for the model \"Other model\"")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains(":1:5: key with no value")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("not followed")),
        "{messages:?}"
    );
}

#[test]
fn the_team_table_flags_duplicates_stale_plans_and_the_book() {
    let dir = team_folder();
    let (code, stdout, _) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--book", "100"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Owners with more than one plan: Ana"),
        "{stdout}"
    );
    assert!(stdout.contains("2026-06-01 (175 d) STALE"), "{stdout}");
    assert!(stdout.contains("Not loaded (3):"), "{stdout}");
    assert!(
        stdout.contains(
            "A book of 100 customers needs 3 TAMs at the target; the team's 3 plans hold 95 at the target: 5 customers short, 1 TAM short"
        ),
        "{stdout}"
    );
    let (code, markdown, _) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--format", "markdown"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0);
    assert!(
        markdown.starts_with("# Team summary: TAM Segment: Named"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| **Team** | 3 plans | 105 | 100 % |"),
        "{markdown}"
    );
    let (code, csv, _) = output_of(tamplan().args(["team", "--format", "csv"]).arg(dir.path()));
    assert_eq!(code, 0);
    assert_eq!(
        csv.lines().count(),
        8,
        "a header, three plans, the totals and three errors: {csv}"
    );
}

/// The team's shortfall is capacity, not heads: the three plans hold 95
/// customers at their targets (Ben's 85 % holds 25), so a book of 100 is 5
/// customers short, which is one more TAM of the default plan (35), though
/// ⌈100 ÷ 35⌉ = 3 is the number of plans.
#[test]
fn the_team_shortfall_is_capacity_not_heads() {
    let dir = team_folder();
    let json_for = |args: &[&str]| -> serde_json::Value {
        let (code, stdout, stderr) = output_of(
            tamplan()
                .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
                .args(["team", "--format", "json"])
                .args(args)
                .arg(dir.path()),
        );
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str(&stdout).expect("JSON")
    };
    let json = json_for(&["--book", "100"]);
    let tams = &json["tams_needed"];
    assert_eq!(tams["book"], 100);
    assert_eq!(tams["tams"], 3, "⌈100 ÷ 35⌉, as before");
    assert_eq!(tams["customers_short"], 5, "100 − 95");
    assert_eq!(tams["tams_short"], 1, "⌈5 ÷ 35⌉");
    assert_eq!(
        json["notes"],
        serde_json::json!(["Owners with more than one plan: Ana"])
    );
    // Room: 95 − 20 = 75 customers, two whole TAMs of 35.
    let json = json_for(&["--book", "20"]);
    assert_eq!(json["tams_needed"]["customers_short"], -75);
    assert_eq!(json["tams_needed"]["tams_short"], -2);
    // A default plan that holds no one at the target: no number of TAMs.
    let json = json_for(&["--book", "100", "--set", "pto_days=200"]);
    assert_eq!(json["tams_needed"]["customers_short"], 5);
    assert_eq!(json["tams_needed"]["tams_short"], serde_json::Value::Null);
    assert_eq!(json["tams_needed"]["tams"], serde_json::Value::Null);
    let notes = json["notes"].as_array().expect("notes");
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .is_some_and(|n| n.contains("holds no customers at the target"))),
        "{notes:?}"
    );
    // Each plan says whether it is stale, and its spare hours are to its
    // target, like its book: Ben's 85 % of 1,632 h is 1,387.2 h.
    let plans = json["plans"].as_array().expect("plans");
    let ben = plans.iter().find(|p| p["owner"] == "Ben").expect("Ben");
    assert_eq!(ben["stale"], true, "saved 175 days ago");
    let spare = ben["spare_hours_to_target"].as_f64().expect("number");
    assert!((spare - (1387.2 - (1632.0 + 5.0 * 948.0 / 35.0))).abs() < 1e-9);
    let ana = plans.iter().find(|p| p["name"] == "Ana FY27").expect("Ana");
    assert_eq!(ana["stale"], false);
    let (_, table, _) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--book", "100"])
            .arg(dir.path()),
    );
    assert!(table.contains("5 customers short, 1 TAM short"), "{table}");
    assert!(table.contains("Spare h to target"), "{table}");
}

/// One header for every record, told apart by `row`: each plan, the
/// totals, the book and each file that did not load.
#[test]
fn the_team_csv_carries_totals_the_book_stale_flags_and_errors() {
    let dir = team_folder();
    let (code, csv, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--book", "100", "--format", "csv"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column in {header:?}"))
    };
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    let kinds: Vec<&str> = records.iter().map(|r| &r[column("row")]).collect();
    assert_eq!(
        kinds,
        [
            "plan", "plan", "plan", "total", "book", "error", "error", "error"
        ],
        "{csv}"
    );
    let ben = records
        .iter()
        .find(|r| &r[column("owner")] == "Ben")
        .expect("Ben");
    assert_eq!(&ben[column("stale")], "true");
    let total = &records[3];
    assert_eq!(&total[column("customers")], "105.00");
    assert_eq!(&total[column("plans")], "3");
    assert_eq!(&total[column("max_customers_at_target")], "95");
    let book = &records[4];
    assert_eq!(&book[column("book")], "100");
    assert_eq!(&book[column("tams")], "3");
    assert_eq!(&book[column("customers_short")], "5");
    assert_eq!(&book[column("tams_short")], "1");
    assert!(!records[5][column("message")].is_empty());
}

/// A plan of 10¹² customers is billions of percent over: its utilization
/// is shortened in the table (`1.7T %`) so the columns keep their width;
/// CSV and JSON keep the full figure.
#[test]
fn a_huge_utilization_stays_in_its_column_of_the_team_table() {
    let dir = TempDir::new().expect("temp dir");
    let plan = |owner: &str, customers: &str| {
        format!(
            "name = \"{owner} FY27\"\nowner = \"{owner}\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = {customers}\n"
        )
    };
    std::fs::write(dir.path().join("ana.toml"), plan("Ana", "30")).expect("write");
    std::fs::write(dir.path().join("zed.toml"), plan("Zed", "1e12")).expect("write");
    let (code, stdout, _) = output_of(tamplan().arg("team").arg(dir.path()));
    assert_eq!(code, 0, "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    let heading = lines
        .iter()
        .find(|l| l.starts_with("Owner"))
        .expect("headings");
    let util_end = heading.find("Util").expect("Util") + "Util".len();
    let status = heading.find("Status").expect("Status");
    assert!(status - util_end <= 2 + 4, "a narrow Util column: {stdout}");
    let zed = lines
        .iter()
        .find(|l| l.starts_with("Zed"))
        .expect("Zed's row");
    assert!(zed.contains("1.7T %  OVERLOADED"), "{stdout}");
    assert_eq!(zed.find("OVERLOADED"), Some(status), "{stdout}");
    let team = lines
        .iter()
        .rev()
        .find(|l| l.starts_with("Team "))
        .expect("totals");
    assert!(team.contains("830G %"), "{stdout}");
    assert!(!stdout.contains("1,659,663"), "{stdout}");
    let (code, markdown, _) = output_of(
        tamplan()
            .args(["team", "--format", "markdown"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0);
    assert!(markdown.contains("| 1.7T % | OVERLOADED |"), "{markdown}");
    let (code, json, _) = output_of(tamplan().args(["team", "--format", "json"]).arg(dir.path()));
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let utilization = json["plans"][1]["utilization"].as_f64().expect("a number");
    assert!(utilization > 1.6e10, "the full figure: {json}");
}

/// A plan reached twice — a link to it beside it, or the folder and the
/// file given both — is counted once, and the other path is named as its
/// duplicate.
#[cfg(unix)]
#[test]
fn a_linked_or_repeated_scenario_is_counted_once_in_the_team() {
    let dir = TempDir::new().expect("temp dir");
    let team = dir.path().join("team");
    std::fs::create_dir_all(&team).expect("folder");
    let plan = |owner: &str| {
        format!(
            "name = \"{owner} FY27\"\nowner = \"{owner}\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 30\n"
        )
    };
    std::fs::write(team.join("ana.toml"), plan("Ana")).expect("write");
    std::fs::write(team.join("ben.toml"), plan("Ben")).expect("write");
    std::os::unix::fs::symlink("ana.toml", team.join("zz-ana-link.toml")).expect("symlink");
    let json_of = |command: &mut Command| {
        let (code, json, stderr) = output_of(command);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<serde_json::Value>(&json).expect("json")
    };
    let json = json_of(tamplan().args(["team", "--format", "json"]).arg(&team));
    let plans = json["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 2, "{json}");
    assert_eq!(json["totals"]["customers"], 60.0, "{json}");
    assert_eq!(json["notes"].as_array().map(Vec::len), Some(0), "{json}");
    let errors = json["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{json}");
    let message = errors[0]["message"].as_str().expect("text");
    assert!(
        errors[0]["file"]
            .as_str()
            .expect("text")
            .ends_with("zz-ana-link.toml"),
        "{json}"
    );
    assert!(message.contains("the same file as"), "{message}");
    assert!(message.contains("ana.toml (both are"), "{message}");
    assert!(message.ends_with("counted once"), "{message}");

    // The folder, and one of its files by another way there.
    let json = json_of(
        tamplan()
            .args(["team", "--format", "json"])
            .arg(&team)
            .arg(team.join("..").join("team").join("ben.toml")),
    );
    assert_eq!(json["plans"].as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(2), "{json}");

    // The table says which path was a duplicate of which.
    let (code, stdout, _) = output_of(tamplan().arg("team").arg(&team));
    assert_eq!(code, 0);
    assert!(stdout.contains("Team   2 plans"), "{stdout}");
    assert!(
        !stdout.contains("Owners with more than one plan"),
        "{stdout}"
    );
    assert!(
        stdout.contains("zz-ana-link.toml: the same file as"),
        "{stdout}"
    );
}

#[test]
fn an_empty_team_folder_says_so_and_exits_1() {
    let dir = TempDir::new().expect("temp dir");
    let (code, _, stderr) = output_of(tamplan().arg("team").arg(dir.path()));
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("tamplan: error: no scenario files in "),
        "{stderr}"
    );
    std::fs::write(dir.path().join("x.toml"), "not toml [").expect("write");
    let (code, _, stderr) = output_of(tamplan().arg("team").arg(dir.path()));
    assert_eq!(code, 1);
    assert!(stderr.contains("could be used"), "{stderr}");
    assert!(stderr.contains("x.toml:1:5"), "{stderr}");
}

// ------------------------------------------------ calibration (issue 9) --

/// The starter rules, as `tamplan init` writes them.
fn starter_rules() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    let output = tamplan()
        .env("TAMPLAN_CONFIG_DIR", &config)
        .arg("init")
        .output()
        .expect("runs");
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        said.contains("rules.toml"),
        "init writes the rules too: {said}"
    );
    let rules = config.join("rules.toml");
    (dir, rules)
}

#[test]
fn every_export_format_calibrates_to_the_hand_computed_numbers() {
    let (_dir, rules) = starter_rules();
    for file in [
        "toggl.csv",
        "clockify.csv",
        "harvest.csv",
        "plain.csv",
        "timew.json",
        "calendar.ics",
    ] {
        // Exports set the range themselves (the Monday of the first
        // entry's week to the last entry's day); a calendar alone would
        // take the weeks before "now", so it is given the same range.
        let calendar = Path::new(file)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ics"));
        let range: &[&str] = if calendar {
            &["--from", "2026-11-02", "--to", "2026-11-13"]
        } else {
            &[]
        };
        let (code, stdout, stderr) = output_of(
            tamplan()
                .env("TAMPLAN_NOW", "2026-11-20T12:00:00+00:00")
                .args(["calibrate", "--format", "json", "--rules"])
                .arg(&rules)
                .args(range)
                .arg(format!("tests/fixtures/timesheets/{file}"))
                .current_dir(env!("CARGO_MANIFEST_DIR")),
        );
        assert_eq!(code, 0, "{file}: {stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        assert_eq!(
            sorted(keys(&json)),
            sorted(vec![
                "from",
                "to",
                "entries",
                "weeks",
                "working_weeks",
                "pto_hours",
                "rows",
                "unplanned",
                "totals",
                "notes",
                "skipped",
                "skipped_total"
            ]),
            "{file}"
        );
        // Two ISO weeks, Monday to Friday: 10 weekdays, 8 h PTO:
        // 10 ÷ 5 − 8 ÷ 40 = 1.8.
        assert_eq!(json["from"], "2026-11-02", "{file}");
        assert_eq!(json["to"], "2026-11-13", "{file}");
        assert_eq!(
            json["weeks"],
            serde_json::json!(["2026-W45", "2026-W46"]),
            "{file}"
        );
        // The calendar's free lunch is read (and listed as skipped: no PTO
        // rule takes it), so it has one entry more.
        let entries = if calendar { 7 } else { 6 };
        assert_eq!(json["entries"], entries, "{file}");
        assert_eq!(json["working_weeks"], 1.8, "{file}");
        assert_eq!(json["pto_hours"], 8.0, "{file}");
        let row = |task: &str| {
            json["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .find(|r| r["task"] == task)
                .unwrap_or_else(|| panic!("{task}"))
                .clone()
        };
        let cadence = row("Cadence calls");
        assert_eq!(cadence["actual_hours"], 10.0, "{file}");
        assert_eq!(cadence["by_week"]["2026-W45"], 6.0, "{file}");
        assert_eq!(cadence["by_week"]["2026-W46"], 4.0, "{file}");
        let per_week = cadence["actual_per_working_week"].as_f64().expect("number");
        assert!((per_week - 10.0 / 1.8).abs() < 1e-12, "{file}");
        assert_eq!(
            row("EBRs")["actual_hours"],
            2.0,
            "{file}: the project is a task"
        );
        assert_eq!(json["unplanned"]["hours"], 4.0, "{file}");
        assert_eq!(json["totals"]["actual_hours"], 12.0, "{file}");
        // One total in every format: on tasks, unplanned, and all.
        assert_eq!(json["totals"]["unplanned_hours"], 4.0, "{file}");
        assert_eq!(json["totals"]["all_hours"], 16.0, "{file}");
        let all = json["totals"]["all_per_working_week"]
            .as_f64()
            .expect("number");
        assert!((all - 16.0 / 1.8).abs() < 1e-12, "{file}");
        assert!(
            json["unplanned"]["top"][0]["text"]
                .as_str()
                .is_some_and(|t| t.contains("Hiring panel")),
            "{file}"
        );
    }
}

#[test]
fn bad_lines_are_skipped_and_said_and_nothing_readable_is_an_error() {
    let (dir, rules) = starter_rules();
    let sheet = dir.path().join("week.csv");
    std::fs::write(
        &sheet,
        "date,task,hours,note\n2026-11-02,EBRs,2,ok\nyesterday,EBRs,2,bad date\n2026-11-03,EBRs,-1,negative\n2026-11-04,EBRs,,missing\n",
    )
    .expect("write");
    let (code, stdout, stderr) = output_of(
        tamplan()
            .args(["calibrate", "--format", "json", "--rules"])
            .arg(&rules)
            .arg(&sheet),
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let skipped = json["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert_eq!(skipped[0]["line"], 3);
    assert!(
        skipped[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("is not a date"))
    );
    assert!(
        skipped[1]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("negative"))
    );
    std::fs::write(&sheet, "date,task,hours\nnope,x,1\n").expect("write");
    let (code, _, stderr) = output_of(
        tamplan()
            .arg("calibrate")
            .arg("--rules")
            .arg(&rules)
            .arg(&sheet),
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("no time entries could be read"), "{stderr}");
    assert!(stderr.contains("week.csv:2:"), "{stderr}");
    let other = dir.path().join("notes.txt");
    std::fs::write(&other, "hello\n").expect("write");
    let (code, _, stderr) = output_of(tamplan().arg("calibrate").arg(&other));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("not a time export tamplan knows; expected Toggl Track"),
        "{stderr}"
    );
}

#[test]
fn the_suggested_scenario_is_written_once_and_plans_what_was_logged() {
    let (dir, rules) = starter_rules();
    let out = dir.path().join("calibrated.toml");
    let run = |force: bool| {
        let mut command = tamplan();
        command
            .args(["calibrate", "--rules"])
            .arg(&rules)
            .arg("tests/fixtures/timesheets/plain.csv")
            .arg("--write-scenario")
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if force {
            command.arg("--force");
        }
        output_of(&mut command)
    };
    let (code, _, stderr) = run(false);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(false);
    assert_eq!(code, 1, "never over an existing file");
    assert!(stderr.contains("already exists; pass --force"), "{stderr}");
    let (code, _, _) = run(true);
    assert_eq!(code, 0);
    // Saved with four decimals: 18.888… h a month is 18.8889.
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.contains("\"Cadence calls\" = 18.8889\n"), "{text}");
    assert!(text.contains("EBRs = 3.7778\n"), "{text}");
    let json = json_report(&["--scenario", out.to_str().expect("utf-8")]);
    let cadence = json["rows"][0]["per_working_week"]
        .as_f64()
        .expect("number");
    assert!((cadence - 10.0 / 1.8).abs() < 1e-4, "{cadence}");
}

#[test]
fn bad_rules_name_their_place() {
    let dir = TempDir::new().expect("temp dir");
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "[[rule]]\nmatch = \"(x\"\ntask = \"Golf\"\n").expect("write");
    let (code, _, stderr) = output_of(
        tamplan()
            .args(["calibrate", "--rules"])
            .arg(&rules)
            .arg("tests/fixtures/timesheets/plain.csv")
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(code, 1);
    let path = rules.display();
    assert!(
        stderr.contains(&format!(
            "{path}:2:9: `match` \"(x\" is not a regular expression"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{path}:3:8: task \"Golf\" is not in the model")),
        "{stderr}"
    );
}

#[test]
fn the_version_names_the_built_in_models_handbook_revision() {
    let model =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml"))
            .expect("read");
    let revision = model
        .lines()
        .find_map(|line| line.strip_prefix("# Handbook revision: "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the model file names its revision");
    let name = model
        .lines()
        .find_map(|line| line.strip_prefix("name = "))
        .expect("the model's name");
    let (code, stdout, _) = output_of(tamplan().arg("--version"));
    assert_eq!(code, 0);
    assert_eq!(
        stdout.trim(),
        format!(
            "tamplan {} (built-in model {name}, handbook revision {revision})",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn completions_for_every_shell_and_bash_parses_its_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, stdout, stderr) = output_of(tamplan().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}: {stderr}");
        for command in ["report", "calibrate", "team", "completions"] {
            assert!(stdout.contains(command), "{shell} lacks {command}");
        }
    }
    let dir = TempDir::new().expect("temp dir");
    let script = dir.path().join("tamplan.bash");
    let (_, stdout, _) = output_of(tamplan().args(["completions", "bash"]));
    std::fs::write(&script, &stdout).expect("write");
    // bash parses it, and completing `tamplan re` offers `report`.
    let probe = format!(
        "source {} && COMP_WORDS=(tamplan re) COMP_CWORD=1 && _tamplan tamplan re tamplan && printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .expect("bash runs");
    let offered = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(offered.trim(), "report", "{offered}");
    let (code, _, stderr) = output_of(tamplan().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
    assert!(stderr.starts_with("tamplan: error:"), "{stderr}");
}

#[test]
fn the_man_pages_render_with_man() {
    let dir = TempDir::new().expect("temp dir");
    for (args, expect) in [
        (vec!["man"], "tamplan-team"),
        (vec!["man", "report"], "--format"),
        (vec!["man", "calibrate"], "--write-scenario"),
    ] {
        let (code, page, stderr) = output_of(tamplan().args(&args));
        assert_eq!(code, 0, "{stderr}");
        let file = dir.path().join("page.1");
        std::fs::write(&file, &page).expect("write");
        let out = std::process::Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("man runs (the CI installs man-db)");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains(expect), "{args:?} lacks {expect}: {text}");
    }
    let (code, _, stderr) = output_of(tamplan().args(["man", "golf"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`golf` is not a tamplan command; expected one of report, init, check"),
        "{stderr}"
    );
}

#[test]
fn hostile_time_exports_and_team_plans_are_inert_in_every_format() {
    let (dir, rules) = starter_rules();
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";
    let export = dir.path().join("hostile.csv");
    std::fs::write(
        &export,
        format!(
            "date,task,hours,note\n\
             2026-11-02,=HYPERLINK(1){evil},3,<b>x</b> [link](https://evil.example)\n\
             2026-11-03{evil},Acme,1,bad date\n\
             2026-11-04,Acme,2,Sync call\n"
        ),
    )
    .expect("write");
    for format in ["table", "markdown", "csv", "json"] {
        let (code, stdout, stderr) = output_of(
            tamplan()
                .args(["calibrate", "--format", format, "--rules"])
                .arg(&rules)
                .arg(&export),
        );
        assert_eq!(code, 0, "{format}: {stderr}");
        assert_inert(&stdout, &format!("calibrate {format}"));
        assert_inert(&stderr, "calibrate's stderr");
        // The hostile text is there, made inert, not dropped (the CSV has
        // the tasks only, not the unplanned entries' text).
        if format != "csv" {
            assert!(stdout.contains("HYPERLINK(1)"), "{format}: {stdout}");
        }
        if format == "markdown" {
            assert!(stdout.contains("&lt;b&gt;x&lt;/b&gt;"), "{stdout}");
        }
    }
    let team = dir.path().join("team");
    std::fs::create_dir_all(&team).expect("folder");
    std::fs::write(
        team.join("evil.toml"),
        "name = \"<b>x</b> \\u001b]0;t\\u0007\"\nowner = \"=cmd|' /C calc'!A0\\u202e\"\n\
         model = \"TAM Segment: Named\"\n[counts]\ncustomers = 30.0\n",
    )
    .expect("write");
    std::fs::write(
        team.join("broken\u{1b}[2J.toml"),
        "name = \u{1b}]0;x\u{7}\n",
    )
    .expect("write");
    for format in ["table", "markdown", "csv", "json"] {
        let (code, stdout, stderr) =
            output_of(tamplan().args(["team", "--format", format]).arg(&team));
        assert_eq!(code, 0, "{format}: {stderr}");
        assert_inert(&stdout, &format!("team {format}"));
        assert_inert(&stderr, "team's stderr");
        match format {
            "csv" => assert!(stdout.contains("'=cmd"), "{stdout}"),
            "table" => assert!(
                stdout.contains("=cmd") && (stdout + &stderr).contains("broken"),
                "{format}"
            ),
            "markdown" => assert!(stdout.contains("&lt;b&gt;x&lt;/b&gt;"), "{stdout}"),
            _ => {}
        }
    }
}

// ------------------------------------------------ calibration corrections --

/// `calibrate --format json` of `files` (paths relative to the crate) with
/// the starter rules, at `now`, with more arguments.
fn calibrate_json(now: &str, files: &[&str], more: &[&str]) -> serde_json::Value {
    let (_dir, rules) = starter_rules();
    let (code, stdout, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", now)
            .args(["calibrate", "--format", "json", "--rules"])
            .arg(&rules)
            .args(more)
            .args(files)
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON")
}

/// A calendar file in a temporary folder.
fn calendar_file(events: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("cal.ics");
    std::fs::write(
        &path,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nX-WR-CALNAME:Work\r\nX-WR-TIMEZONE:Europe/Berlin\r\n{events}END:VCALENDAR\r\n"
        ),
    )
    .expect("calendar");
    (dir, path)
}

#[test]
fn an_export_sets_the_range_to_its_last_day_and_never_past_today() {
    const TOGGL: &str = "tests/fixtures/timesheets/toggl.csv";
    // The last entry is Friday 2026-11-13: the range ends there, not on
    // the Sunday after (which diluted two weeks of hours over more days).
    let json = calibrate_json("2026-12-07T12:00:00+00:00", &[TOGGL], &[]);
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2026-11-02"), Some("2026-11-13"))
    );
    assert_eq!(json["notes"], serde_json::json!([]));
    // On Wednesday 2026-11-11 the entries of Thursday and Friday have not
    // happened: the range is cut at today, and a note says so.
    let json = calibrate_json("2026-11-11T12:00:00+00:00", &[TOGGL], &[]);
    assert_eq!(json["to"], "2026-11-11");
    assert!(
        json["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("cut at today")),
        "{}",
        json["notes"]
    );
    // 8 weekdays, of which one of PTO: 8 ÷ 5 − 8 ÷ 40 = 1.4 working weeks.
    assert!((json["working_weeks"].as_f64().unwrap_or(0.0) - 1.4).abs() < 1e-12);
    // A --to after today is cut the same way.
    let json = calibrate_json(
        "2026-11-20T12:00:00+00:00",
        &[TOGGL],
        &["--to", "2026-12-31"],
    );
    assert_eq!(json["to"], "2026-11-20");
    assert_eq!(json["notes"].as_array().map(Vec::len), Some(1));
}

#[test]
fn an_endless_weekly_meeting_read_with_an_export_does_not_stretch_its_range() {
    let (_dir, ics) = calendar_file(
        "BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:Team sync call\r\nDTSTART;TZID=Europe/Berlin:20260105T160000\r\nDTEND;TZID=Europe/Berlin:20260105T163000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:VEVENT\r\n",
    );
    let path = ics.display().to_string();
    let json = calibrate_json(
        "2026-12-09T12:00:00+00:00",
        &["tests/fixtures/timesheets/toggl.csv", &path],
        &[],
    );
    // Seen before: the range ran to the Sunday of the current week and two
    // weeks of Toggl hours were spread over 5.6 weeks.
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2026-11-02"), Some("2026-11-13"))
    );
    assert!((json["working_weeks"].as_f64().unwrap_or(0.0) - 1.8).abs() < 1e-12);
    // The calendar adds its two Mondays (0.5 h each) to cadence calls:
    // 6 + 4 logged + 1.
    let cadence = &json["rows"][0];
    assert_eq!(cadence["actual_hours"], 11.0);
}

#[test]
fn calendars_alone_take_the_four_weeks_before_this_one_and_this_week_to_today() {
    let (_dir, ics) = calendar_file(
        "BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:Team sync call\r\nDTSTART;TZID=Europe/Berlin:20260105T160000\r\nDTEND;TZID=Europe/Berlin:20260105T170000\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n",
    );
    let path = ics.display().to_string();
    // Wednesday 2026-11-18 is in W47: W43 to W46 whole, and W47 to
    // Wednesday.
    let json = calibrate_json("2026-11-18T12:00:00+00:00", &[&path], &[]);
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2026-10-19"), Some("2026-11-18"))
    );
    // A daily 1 h meeting on 31 days (weekends too), none after today.
    assert_eq!(json["rows"][0]["actual_hours"], 31.0);
    // 4 × 5 + 3 weekdays = 23: 4.6 working weeks.
    assert!((json["working_weeks"].as_f64().unwrap_or(0.0) - 4.6).abs() < 1e-12);
}

#[test]
fn a_timed_multi_day_vacation_counts_a_day_of_pto_a_weekday_and_a_free_one_counts_too() {
    let (_dir, ics) = calendar_file(concat!(
        // Monday 09:00 to Wednesday 17:00: 8 + 8 + 8 h, not 56 h.
        "BEGIN:VEVENT\r\nUID:v\r\nSUMMARY:Vacation\r\nDTSTART;TZID=Europe/Berlin:20261102T090000\r\nDTEND;TZID=Europe/Berlin:20261104T170000\r\nEND:VEVENT\r\n",
        // Google writes all-day events free: a free all-day Vacation is PTO.
        "BEGIN:VEVENT\r\nUID:g\r\nSUMMARY:Vacation\r\nTRANSP:TRANSPARENT\r\nDTSTART;VALUE=DATE:20261112\r\nDTEND;VALUE=DATE:20261114\r\nEND:VEVENT\r\n",
        // A free focus block no PTO rule takes is skipped, and said.
        "BEGIN:VEVENT\r\nUID:f\r\nSUMMARY:Focus time\r\nTRANSP:TRANSPARENT\r\nDTSTART;TZID=Europe/Berlin:20261105T090000\r\nDTEND;TZID=Europe/Berlin:20261105T110000\r\nEND:VEVENT\r\n",
    ));
    let path = ics.display().to_string();
    let json = calibrate_json(
        "2026-12-07T12:00:00+00:00",
        &[&path],
        &["--from", "2026-11-02", "--to", "2026-11-15"],
    );
    // 24 h + Thursday and Friday 8 h each.
    assert_eq!(json["pto_hours"], 40.0);
    assert_eq!(json["skipped_total"], 1);
    assert!(
        json["skipped"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("marked free"))
    );
    assert_eq!(json["totals"]["all_hours"], 0.0);
}

#[test]
fn an_event_the_export_logged_too_counts_once() {
    // The calendar holds the same week as the Toggl export (Berlin times,
    // which the export is read in through X-WR-TIMEZONE).
    let json = calibrate_json(
        "2026-12-07T12:00:00+00:00",
        &[
            "tests/fixtures/timesheets/toggl.csv",
            "tests/fixtures/timesheets/calendar.ics",
        ],
        &[],
    );
    assert_eq!(
        json["rows"][0]["actual_hours"], 10.0,
        "cadence calls as logged once"
    );
    assert_eq!(json["pto_hours"], 8.0, "the vacation once");
    assert_eq!(json["unplanned"]["hours"], 4.0, "the hiring panels once");
    let duplicates = json["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .filter(|s| {
            s["reason"]
                .as_str()
                .is_some_and(|r| r.contains("duplicate"))
        })
        .count();
    // Acme sync, EBRs, Beta sync, Vacation, the two hiring panels, and
    // the free lunch inside the logged Acme call.
    assert_eq!(duplicates, 7, "{}", json["skipped"]);
    // Harvest has no times: nothing is matched, and a note says so.
    let json = calibrate_json(
        "2026-12-07T12:00:00+00:00",
        &[
            "tests/fixtures/timesheets/harvest.csv",
            "tests/fixtures/timesheets/calendar.ics",
        ],
        &[],
    );
    assert!(
        json["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("never matched"))),
        "{}",
        json["notes"]
    );
    assert_eq!(
        json["rows"][0]["actual_hours"], 20.0,
        "counted twice, as the note says"
    );
}

#[test]
fn every_format_shows_the_same_three_totals() {
    let (_dir, rules) = starter_rules();
    for (format, needles) in [
        ("table", ["Total on tasks", "Unplanned", "All logged"]),
        (
            "markdown",
            ["**Total on tasks**", "**Unplanned**", "**All logged**"],
        ),
        ("csv", ["Total on tasks,", "Unplanned,", "All logged,"]),
    ] {
        let (code, stdout, stderr) = output_of(
            tamplan()
                .env("TAMPLAN_NOW", "2026-12-07T12:00:00+00:00")
                .args(["calibrate", "--format", format, "--rules"])
                .arg(&rules)
                .arg("tests/fixtures/timesheets/toggl.csv")
                .current_dir(env!("CARGO_MANIFEST_DIR")),
        );
        assert_eq!(code, 0, "{stderr}");
        for needle in needles {
            assert!(stdout.contains(needle), "{format}: {needle}\n{stdout}");
        }
        // 12 h on tasks, 4 h unplanned, 16 h in all, over 1.8 weeks.
        assert!(
            stdout.contains("6.67") && stdout.contains("2.22") && stdout.contains("8.89"),
            "{format}\n{stdout}"
        );
        assert!(
            !stdout.contains("-0.00") && !stdout.contains(",-0,"),
            "{format}: no -0\n{stdout}"
        );
    }
}

#[test]
fn day_first_dates_are_chosen_once_per_file() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("hours.csv");
    std::fs::write(
        &path,
        "date,task,hours\n12/11/2026,Cadence calls,2\n13/11/2026,Cadence calls,3\n",
    )
    .expect("csv");
    let json = calibrate_json(
        "2026-12-07T12:00:00+00:00",
        &[&path.display().to_string()],
        &[],
    );
    // Both are November: 12 November is a Thursday, in W46 with the 13th.
    assert_eq!(json["weeks"], serde_json::json!(["2026-W46"]));
    assert_eq!(json["rows"][0]["by_week"]["2026-W46"], 5.0);
    assert!(
        json["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("day first")),
        "{}",
        json["notes"]
    );
}

#[test]
fn a_range_that_ends_before_it_starts_is_bad_usage() {
    let (code, _, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-12-07T12:00:00+00:00")
            .args(["calibrate", "--from", "2026-11-20", "--to", "2026-11-10"])
            .arg("tests/fixtures/timesheets/toggl.csv")
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("ends before it starts"), "{stderr}");
}

// ------------------------------------------- what a new user met (issue 17) --

#[test]
fn check_recognises_a_rules_file() {
    let dir = TempDir::new().expect("temp dir");
    let good = dir.path().join("rules.toml");
    std::fs::write(
        &good,
        "#:schema file:///x/rules.schema.json\n[[rule]]\nmatch = \"ebr\"\ntask = \"EBRs\"\n\n[[rule]]\nmatch = \"vacation\"\npto = true\n",
    )
    .expect("write");
    let (code, stdout, stderr) = output_of(tamplan().arg("check").arg(&good));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, format!("{}: ok\n", good.display()));
    let bad = dir.path().join("bad-rules.toml");
    std::fs::write(
        &bad,
        "[[rule]]\nmatch = \"x\"\ntask = \"No such task\"\n\n[[rule]]\nmatch = \"(\"\npto = true\n",
    )
    .expect("write");
    let (code, _, stderr) = output_of(tamplan().arg("check").arg(&bad));
    assert_eq!(code, 1);
    let path = bad.display();
    assert!(
        stderr.contains(&format!("{path}:3:8:")) && stderr.contains("No such task"),
        "the unknown task at its place: {stderr}"
    );
    assert!(
        stderr.contains(&format!("{path}:6:9:")),
        "the bad pattern at its place: {stderr}"
    );
    assert!(!stderr.contains("unknown field `rule`"), "{stderr}");
}

/// The arguments of a roff request line as roff splits them: blanks
/// separate, double quotes group, `""` inside quotes is one quote.
fn roff_arguments(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ').is_some() {}
        let Some(first) = chars.next() else {
            return args;
        };
        let mut arg = String::new();
        if first == '"' {
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.next_if(|c| *c == '"').is_some() {
                        arg.push('"');
                    } else {
                        break;
                    }
                } else {
                    arg.push(c);
                }
            }
        } else {
            arg.push(first);
            while let Some(c) = chars.next_if(|c| *c != ' ') {
                arg.push(c);
            }
        }
        args.push(arg);
    }
}

#[test]
fn the_man_page_title_keeps_the_version_whole() {
    for page in [vec!["man"], vec!["man", "report"]] {
        let (code, stdout, _) = output_of(tamplan().args(&page));
        assert_eq!(code, 0);
        let title = stdout
            .lines()
            .find_map(|line| line.strip_prefix(".TH "))
            .expect("a .TH line");
        let args = roff_arguments(title);
        assert!(args.len() <= 5, "{page:?}: {title}");
        let footer = args.get(2).expect("the version");
        assert!(
            footer.contains(r"built-in model \(dqTAM Segment: Named\(dq, handbook revision"),
            "{page:?}: {args:?}"
        );
        assert!(
            !args.iter().any(|arg| arg.starts_with("Segment")),
            "{args:?}"
        );
    }
}

#[test]
fn calibrate_help_names_icalendar() {
    let (code, stdout, _) = output_of(tamplan().args(["calibrate", "--help"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("iCalendar (.ics)"), "{stdout}");
    let (_, stdout, _) = output_of(tamplan().arg("--help"));
    assert!(stdout.contains("iCalendar"), "--timesheet: {stdout}");
}

#[test]
fn the_target_is_taken_as_a_percentage_too() {
    let fraction = json_report(&["--set", "target_utilization=0.85"]);
    for typed in [
        "target_utilization=85%",
        "target_utilization=85 %",
        "target_utilization= 85 % ",
    ] {
        let json = json_report(&["--set", typed]);
        assert_eq!(json["capacity"]["target_utilization"], 0.85, "{typed}");
        assert_eq!(json, fraction, "{typed}");
    }
    // A percentage means something only for the target.
    let (code, _, stderr) = output_of(tamplan().args(["report", "--set", "customers=85%"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("customers: \"85%\" is not a number"),
        "{stderr}"
    );
}

/// A shorter week takes a share of the tasks that scale with no count
/// (special projects, professional development, internal meetings, release
/// posts: 480 h at 40 h), so the books at the handbook's counts are the
/// ones the hours leave room for; `--set` keeps PTO as given.
#[test]
fn part_time_weeks_take_their_share_of_the_fixed_tasks() {
    // 20 h with 4 h days: 1,040 − 56 × 4 = 816 h; fixed 480 × 0.5 + 204
    // (onboarding, EBRs, webinars) = 444 h; (816 − 444) ÷ (948 ÷ 35) = 13.7.
    let json = json_report(&["--set", "hours_per_week=20", "--set", "hours_per_day=4"]);
    assert_eq!(json["capacity"]["pto_days"], 56.0, "--set stays literal");
    assert_eq!(json["capacity"]["available_hours"], 816.0);
    assert_eq!(json["max_customers"], 13);
    assert_eq!(json["totals"]["yearly"], 1632.0 - 240.0);
    // 30 h with 6 h days: 1,560 − 336 = 1,224 h; fixed 480 × 0.75 + 204.
    let json = json_report(&["--set", "hours_per_week=30", "--set", "hours_per_day=6"]);
    assert_eq!(json["capacity"]["available_hours"], 1224.0);
    assert_eq!(json["max_customers"], 24);
    // The full week leaves the handbook's table as it is.
    let json = json_report(&[]);
    assert_eq!(json["totals"]["yearly"], 1632.0);
    assert_eq!(json["max_customers"], 35);
}

#[test]
fn the_basis_line_says_what_the_week_does_to_the_fixed_tasks() {
    let output = tamplan()
        .args([
            "report",
            "--set",
            "hours_per_week=20",
            "--set",
            "hours_per_day=4",
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        stdout.contains("fixed tasks × 0.5 at 20 h"),
        "the basis line names the share:\n{stdout}"
    );
    let output = tamplan().arg("report").output().expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(!stdout.contains("fixed tasks ×"), "not at 40 h:\n{stdout}");
}

/// A model row can keep its hours whatever the week, and a model can give
/// the week its rows are written for.
#[test]
fn a_row_opts_out_of_the_week_and_a_model_names_its_full_week() {
    let text = default_with(
        "task = \"Internal meetings\"",
        "task = \"Internal meetings\"\nfollows_week = false",
    );
    let (_dir, path) = model_file(&text);
    let output = tamplan()
        .args([
            "report",
            "--format",
            "json",
            "--set",
            "hours_per_week=20",
            "--model",
        ])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    // Internal meetings keep 156 h; the other three fixed rows are halved.
    assert_eq!(json["totals"]["yearly"], 1632.0 - 162.0);
    assert_eq!(json["rows"][11]["yearly"], 156.0);
    assert_eq!(json["rows"][8]["yearly"], 78.0);
    // A model written for a 32 h week: at its own 32 h nothing changes,
    // at 40 h the fixed rows grow by a quarter.
    let text = default_with("hours_per_week = 40", "hours_per_week = 32\nfull_week = 32");
    let (_dir, path) = model_file(&text);
    let output = tamplan()
        .args([
            "report",
            "--format",
            "json",
            "--set",
            "hours_per_week=40",
            "--model",
        ])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["rows"][8]["yearly"], 195.0);
    let (code, stderr, _path, _dir) = check(&default_with(
        "hours_per_week = 40",
        "hours_per_week = 40\nfull_week = 0",
    ));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`full_week` is 0; expected a number above 0"),
        "{stderr}"
    );
}

/// 1,632 h planned of 1,628 h is over, so it never reads "100 %": the
/// status line, the warning, the quarters and the Markdown agree.
#[test]
fn a_percentage_never_contradicts_its_status() {
    let output = tamplan()
        .args(["report", "--set", "pto_days=56.5"])
        .output()
        .expect("runs");
    let table = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        table.contains("OVERLOADED · 100.2 % of 1,628 h available"),
        "{table}"
    );
    assert!(!table.contains("100 %  OVERLOADED"), "quarters: {table}");
    assert!(table.contains("(100.2 %)"), "the warning: {table}");
    let output = tamplan()
        .args(["report", "--format", "markdown", "--set", "pto_days=56.5"])
        .output()
        .expect("runs");
    let markdown = String::from_utf8(output.stdout).expect("utf-8");
    assert!(markdown.contains("100.2 %"), "{markdown}");
    assert!(!markdown.contains("OVERLOADED · 100 %"), "{markdown}");
    // 1,632 h of 1,814 h is 89.97 %: below warn_at, so not "90 %".
    let output = tamplan()
        .args(["report", "--set", "pto_days=33.25"])
        .output()
        .expect("runs");
    let table = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        table.contains("OK · 89.97 % of 1,814 h available"),
        "{table}"
    );
}

/// A model whose book runs to thousands: 1 h a year a customer at 1,200,
/// 156 h a year fixed, 1,632 h available: room for 1,476.
const BIG_BOOK: &str = r#"name = "Digital book"
warn_at = 0.9

[capacity]
hours_per_week = 40
weeks_per_year = 52
pto_days = 56
hours_per_day = 8

[[counts]]
name = "customers"
label = "Customers in book"
default = 1200

[[rows]]
task = "Digital touch"
hours = 100
per = "month"
scales_with = "customers"

[[rows]]
task = "Team meetings"
hours = 13
per = "month"
"#;

#[test]
fn numbers_for_people_group_thousands_and_csv_stays_machine_readable() {
    let (dir, model) = model_file(BIG_BOOK);
    let report = |format: &str| {
        let (code, stdout, stderr) = output_of(tamplan().arg("report").args([
            "--model",
            model.to_str().expect("utf-8"),
            "--set",
            "customers=2500",
            "--set",
            "target_utilization=0.85",
            "--format",
            format,
        ]));
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let table = report("table");
    assert_eq!(ungrouped(&table), Vec::<String>::new(), "{table}");
    assert!(
        table.contains("Book capacity: 1,476 at 100 %, 1,231 at 85 % (-1,269 at the target)"),
        "{table}"
    );
    assert!(table.contains("this plan has room for 1,476"), "{table}");
    assert!(table.contains("customers in book 2,500"), "{table}");
    let markdown = report("markdown");
    assert_eq!(ungrouped(&markdown), Vec::<String>::new(), "{markdown}");
    assert!(
        markdown.contains("| Customers in book | 2,500 | 1,200 | +1,300 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Target utilization | 85 % | 100 % | -15 % |"),
        "the target as a percent: {markdown}"
    );
    // CSV cells stay numbers a spreadsheet reads.
    let csv = report("csv");
    assert!(csv.contains("Total,"), "{csv}");
    assert!(csv.contains(",2656.00,"), "{csv}");
    assert!(!csv.contains("1,2") && !csv.contains("2,6"), "{csv}");

    // The team: plans of thousands of customers, a book of tens of thousands.
    let plan = |name: &str, customers: &str| {
        format!(
            "name = \"{name}\"\nowner = \"{name}\"\nsaved = 2023-01-02T10:00:00+00:00\nmodel = \"Digital book\"\n[counts]\ncustomers = {customers}\n"
        )
    };
    std::fs::write(dir.path().join("a.toml"), plan("Ana", "1300.0")).expect("write");
    std::fs::write(dir.path().join("b.toml"), plan("Ben", "2500.0")).expect("write");
    let team = |format: &str| {
        let (code, stdout, stderr) = output_of(
            tamplan()
                .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
                .args(["team", "--book", "12000", "--format", format])
                .args(["--model", model.to_str().expect("utf-8")])
                .arg(dir.path().join("a.toml"))
                .arg(dir.path().join("b.toml")),
        );
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    for format in ["table", "markdown"] {
        let text = team(format);
        assert_eq!(ungrouped(&text), Vec::<String>::new(), "{format}: {text}");
        assert!(text.contains("1,421 d"), "{format}: {text}");
    }
    let csv = team("csv");
    assert!(csv.contains(",2500.00,"), "{csv}");
    assert!(!csv.contains("2,5"), "{csv}");
}

/// A quarter's utilization is in the unit of the year's in each format:
/// fractions in JSON, percentages in the table, Markdown and CSV.
#[test]
fn quarter_utilization_is_in_the_years_unit_in_every_format() {
    let run = |format: &str| {
        let (code, stdout, stderr) =
            output_of(tamplan().args(["report", "--set", "customers=40", "--format", format]));
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("JSON");
    let year = json["utilization"].as_f64().expect("fraction");
    assert!((year - 12_372.0 / 7.0 / 1_632.0).abs() < 1e-9);
    for quarter in json["quarters"].as_array().expect("quarters") {
        let q = quarter["utilization"].as_f64().expect("fraction");
        assert!((q - year).abs() < 1e-9, "a fraction like the year's: {q}");
    }
    for format in ["table", "markdown"] {
        let text = run(format);
        assert!(text.contains("OVERLOADED · 108 % of"), "{text}");
        let quarters = text.lines().filter(|l| l.contains("108 %")).count();
        assert!(quarters >= 5, "the year and four quarters: {text}");
    }
    let csv = run("csv");
    for q in ["Q1", "Q2", "Q3", "Q4"] {
        assert!(
            csv.contains(&format!(
                "{q},520.00,14.00,112.00,408.00,441.86,108.30,over"
            )),
            "a percentage, as the team CSV's year: {csv}"
        );
    }
}

#[test]
fn a_range_flag_outside_the_years_1900_to_2200_is_bad_usage_not_a_crash() {
    for day in ["+262142-12-31", "-262143-01-01", "1899-12-31", "2201-01-01"] {
        let (code, _, stderr) = output_of(
            tamplan()
                .arg("calibrate")
                .arg(format!("--from={day}"))
                .arg("tests/fixtures/timesheets/toggl.csv")
                .current_dir(env!("CARGO_MANIFEST_DIR")),
        );
        assert_eq!(code, 2, "{day}: {stderr}");
        assert_no_panic(&stderr);
        assert!(stderr.contains("--from"), "{day}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_gigabyte_schema_copy_is_replaced_without_being_read() {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    let schemas = config.join("schemas");
    std::fs::create_dir_all(&schemas).expect("mkdir");
    let copy = schemas.join("model.schema.json");
    // Sparse: no disk space, but reading it whole takes a gigabyte.
    std::fs::File::create(&copy)
        .and_then(|file| file.set_len(1 << 30))
        .expect("a 1 GB file");
    // The peak memory of the run, from `/usr/bin/time` (GNU time).
    if !Path::new("/usr/bin/time").exists() {
        eprintln!("skipped: no /usr/bin/time to measure the peak memory");
        return;
    }
    let output = std::process::Command::new("/usr/bin/time")
        .args(["-f", "peak-kb=%M"])
        .arg(env!("CARGO_BIN_EXE_tamplan"))
        .arg("init")
        .env("TAMPLAN_CONFIG_DIR", &config)
        .env("TAMPLAN_DATA_DIR", dir.path().join("data"))
        .output()
        .expect("time runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let peak_kb: u64 = stderr
        .lines()
        .find_map(|line| line.strip_prefix("peak-kb="))
        .and_then(|kb| kb.trim().parse().ok())
        .expect("the peak memory");
    assert!(
        peak_kb < 128 * 1024,
        "{peak_kb} KB at the peak: the copy was read whole"
    );
    assert_eq!(
        std::fs::read_to_string(&copy).expect("the copy"),
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/model.schema.json")
        )
        .expect("the asset")
    );
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_linked_schema_copy_or_folder() {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("schemas")).expect("mkdir");
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "keep me").expect("write");
    std::os::unix::fs::symlink(&precious, config.join("schemas/model.schema.json"))
        .expect("symlink");
    let output = tamplan()
        .env("TAMPLAN_CONFIG_DIR", &config)
        .arg("init")
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert_eq!(std::fs::read_to_string(&precious).expect("read"), "keep me");
    assert!(
        std::fs::symlink_metadata(config.join("schemas/model.schema.json"))
            .expect("meta")
            .is_file()
    );

    // A `schemas` folder that is a link: refused, said why, nothing there.
    let other = dir.path().join("other");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    std::os::unix::fs::symlink(&elsewhere, other.join("schemas")).expect("symlink");
    let output = tamplan()
        .env("TAMPLAN_CONFIG_DIR", &other)
        .arg("init")
        .output()
        .expect("runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: no schema line:") && stderr.contains("schemas is a link"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&elsewhere).expect("list").count(), 0);
    let model = std::fs::read_to_string(other.join("model.toml")).expect("written");
    assert!(!model.starts_with("#:schema"), "{model}");
}
