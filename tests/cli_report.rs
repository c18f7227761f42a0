//! `tamplan report`, the real binary run for every format: JSON against
//! its contract, the table, golden files (insta snapshots) for Markdown and
//! CSV, scenarios, `--set`, quarters and the target, and usage errors.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use tempfile::TempDir;

mod support;
use support::{
    DEFAULT_MODEL, SCENARIO, assert_inert, assert_no_panic, check, default_with, json_report, keys,
    model_file, output_of, position, sorted, tamplan, ungrouped,
};

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
fn huge_values_are_refused_not_printed_as_infinity() {
    let stderr = usage_error(&["report", "--set", "customers=1e308"]);
    assert!(stderr.contains("too large"), "{stderr}");
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
