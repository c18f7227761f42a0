//! The HTML documents (`--format html`), from the real binary: golden files
//! of every document, the plan's JSON with `logged`, and hostile text from
//! every file a document quotes, which must show as text, never as markup.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::path::Path;

mod support;
use support::{default_with, output_of, tamplan};

const NOW: &str = "2026-12-07T09:00:00+00:00";
const FIXTURES: &str = "tests/fixtures/html";

/// `tamplan ARGS` run in the repository with the clock fixed; its stdout.
fn run(args: &[&str]) -> String {
    let (code, stdout, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", NOW)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

/// A document one element a line, so a golden file's diff shows what
/// changed.
fn lines(html: &str) -> String {
    html.replace("><", ">\n<")
}

fn plan_args(format: &str) -> Vec<String> {
    [
        "report",
        "--scenario",
        &format!("{FIXTURES}/dana.toml"),
        "--timesheet",
        &format!("{FIXTURES}/time.csv"),
        "--rules",
        &format!("{FIXTURES}/rules.toml"),
        "--format",
        format,
    ]
    .map(str::to_owned)
    .to_vec()
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn golden_the_handbook_plan() {
    let html = run(&["report", "--format", "html"]);
    assert!(html.len() < 60 * 1024, "{} bytes", html.len());
    insta::assert_snapshot!("handbook_plan.html", lines(&html));
}

#[test]
fn golden_a_plan_with_logged_hours() {
    let html = run(&strs(&plan_args("html")));
    insta::assert_snapshot!("dana_plan_logged.html", lines(&html));
}

#[test]
fn golden_the_team() {
    let html = run(&[
        "team",
        &format!("{FIXTURES}/team"),
        "--book",
        "100",
        "--format",
        "html",
    ]);
    insta::assert_snapshot!("team.html", lines(&html));
}

#[test]
fn golden_the_calibration() {
    let html = run(&[
        "calibrate",
        "--scenario",
        &format!("{FIXTURES}/dana.toml"),
        "--rules",
        &format!("{FIXTURES}/rules.toml"),
        &format!("{FIXTURES}/time.csv"),
        "--format",
        "html",
    ]);
    insta::assert_snapshot!("calibration.html", lines(&html));
}

#[test]
fn the_same_run_makes_the_same_document() {
    let args = plan_args("html");
    assert_eq!(run(&strs(&args)), run(&strs(&args)));
}

#[test]
fn a_report_with_a_timesheet_adds_the_calibration_object_as_logged() {
    let report: serde_json::Value =
        serde_json::from_str(&run(&strs(&plan_args("json")))).expect("JSON");
    let calibration: serde_json::Value = serde_json::from_str(&run(&[
        "calibrate",
        "--scenario",
        &format!("{FIXTURES}/dana.toml"),
        "--rules",
        &format!("{FIXTURES}/rules.toml"),
        &format!("{FIXTURES}/time.csv"),
        "--format",
        "json",
    ]))
    .expect("JSON");
    assert_eq!(report["logged"], calibration);
    // Hand-computed from time.csv: 29.5 h on tasks (6 + 2 + 1.5 + 2 + 4 +
    // 2 + 5 + 6 + 1), 4 h unplanned (the hiring panels), 8 h PTO.
    assert_eq!(report["logged"]["totals"]["actual_hours"], 29.5);
    assert_eq!(report["logged"]["totals"]["unplanned_hours"], 4.0);
    assert_eq!(report["logged"]["pto_hours"], 8.0);
    // The plan's figures are the plan's, with or without the timesheet.
    let plain: serde_json::Value = serde_json::from_str(&run(&[
        "report",
        "--scenario",
        &format!("{FIXTURES}/dana.toml"),
        "--format",
        "json",
    ]))
    .expect("JSON");
    assert!(plain.get("logged").is_none(), "no timesheet, no `logged`");
    let mut without = report.clone();
    without.as_object_mut().expect("object").remove("logged");
    assert_eq!(without, plain);
    assert!(report.get("since_review").is_none());
}

#[test]
fn the_timesheet_given_before_the_command_counts_too() {
    let before = run(&[
        "--timesheet",
        &format!("{FIXTURES}/time.csv"),
        "--rules",
        &format!("{FIXTURES}/rules.toml"),
        "report",
        "--scenario",
        &format!("{FIXTURES}/dana.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(before, run(&strs(&plan_args("json"))));
}

#[test]
fn the_table_and_markdown_add_the_logged_hours() {
    let table = run(&strs(&plan_args("table")));
    assert!(
        table.contains("Calibration · 2026-11-02 to 2026-11-19"),
        "{table}"
    );
    let markdown = run(&strs(&plan_args("markdown")));
    assert!(
        markdown.contains("## Calibration: TAM Segment: Named"),
        "{markdown}"
    );
}

#[test]
fn a_timesheet_that_cannot_be_read_is_an_error_naming_it() {
    let (code, _, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", NOW)
            .args(["report", "--format", "html", "--timesheet", "nowhere.csv"])
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("nowhere.csv"), "{stderr}");
}

// ------------------------------------------------------ hostile text --

/// What a hostile file says: markup, quotes, an ampersand, an escape
/// sequence and a right-to-left override.
const HOSTILE: &str = r#"<script>alert("x")</script> & 'q' \u001b[31m \u202Eevil"#;

/// The text as a document must show it: escaped, the ESC a space, the
/// override gone.
const SHOWN: &str = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'q'  [31m evil";

fn assert_inert(html: &str, at_least: usize) {
    assert!(!html.contains("<script"), "markup got through");
    assert!(!html.contains('\u{1b}'), "an ESC got through");
    assert!(!html.contains('\u{202e}'), "a bidi override got through");
    assert!(!html.contains("alert(\"x\")"), "a raw quote got through");
    let shown = html.matches(SHOWN).count();
    assert!(
        shown >= at_least,
        "the hostile text shows {shown} times, expected {at_least}:\n{html}"
    );
}

fn hostile_files(dir: &Path) {
    // A task name, a scenario's name, owner and note, a calendar event's
    // summary. In TOML strings, the quotes escaped.
    let toml = HOSTILE.replace('"', "\\\"");
    let model = default_with(
        "task = \"Cadence calls\"",
        &format!("task = \"Cadence calls {toml}\""),
    );
    std::fs::write(dir.join("model.toml"), model).expect("model");
    std::fs::create_dir_all(dir.join("team")).expect("team");
    let scenario = format!(
        "name = \"Plan {toml}\"\nowner = \"Owner {toml}\"\nsaved = 2026-11-22T10:00:00+01:00\nmodel = \"TAM Segment: Named\"\nnote = \"Note {toml}\"\n\n[counts]\ncustomers = 30.0\n"
    );
    std::fs::write(dir.join("team/plan.toml"), scenario).expect("scenario");
    let summary = HOSTILE
        .replace(r"\u001b", "\u{1b}")
        .replace(r"\u202E", "\u{202e}");
    let calendar = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\nSUMMARY:{summary}\r\nDTSTART:20261102T090000Z\r\nDTEND:20261102T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    std::fs::write(dir.join("cal.ics"), calendar).expect("calendar");
    std::fs::write(dir.join("rules.toml"), "").expect("rules");
}

#[test]
fn hostile_text_in_every_document_shows_as_text_never_as_markup() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    hostile_files(dir.path());
    let path = |name: &str| dir.path().join(name).display().to_string();
    let range = ["--from", "2026-11-02", "--to", "2026-11-06"];
    let mut plan = vec![
        "report".to_owned(),
        "--model".to_owned(),
        path("model.toml"),
        "--scenario".to_owned(),
        path("team/plan.toml"),
        "--timesheet".to_owned(),
        path("cal.ics"),
        "--rules".to_owned(),
        path("rules.toml"),
        "--format".to_owned(),
        "html".to_owned(),
    ];
    plan.extend(range.map(str::to_owned));
    let html = run(&strs(&plan));
    // The name (title, heading), the owner, the note, the task (its row,
    // its bar's label, the calibration's rows and weeks), the summary.
    assert_inert(&html, 8);

    let mut calibrate = vec![
        "calibrate".to_owned(),
        "--model".to_owned(),
        path("model.toml"),
        "--rules".to_owned(),
        path("rules.toml"),
        path("cal.ics"),
        "--format".to_owned(),
        "html".to_owned(),
    ];
    calibrate.extend(range.map(str::to_owned));
    assert_inert(&run(&strs(&calibrate)), 3);

    let team = run(&[
        "team",
        "--model",
        &path("model.toml"),
        &path("team"),
        "--format",
        "html",
    ]);
    // The owner, the plan's name (its row and its bar's label).
    assert_inert(&team, 3);
}
