//! `tamplan check`, and bad model, scenario and rules files met by any
//! command: every problem at its line and column, exit codes, and nothing
//! in a file reaching the terminal.

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
    DEFAULT_MODEL, SCENARIO, assert_inert, assert_no_panic, check, default_with, model_file,
    output_of, position, tamplan,
};

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
