//! Hostile and unlucky time exports and calendars: every one gets an
//! answer within a time bound (and, where it blew up, a memory bound), with
//! what was refused said in `skipped` or in an error naming the file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// The most one read may take here (debug builds, a shared machine).
const SECONDS: u64 = 20;

fn calendar(events: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tamplan tests//EN\r\nX-WR-CALNAME:Work\r\n{events}END:VCALENDAR\r\n"
    )
}

struct Run {
    dir: tempfile::TempDir,
    path: PathBuf,
    rules: PathBuf,
}

fn file(name: &str, text: &[u8]) -> Run {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the file");
    let rules = dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nmatch = \".\"\ntask = \"Special projects\"\n",
    )
    .expect("rules");
    Run { dir, path, rules }
}

fn command(run: &Run, range: Option<(&str, &str)>) -> Command {
    let mut command = Command::cargo_bin("tamplan").expect("binary");
    command
        .env("TZ", "UTC")
        .env("TAMPLAN_NOW", "2027-06-01T12:00:00+00:00")
        .env("TAMPLAN_CONFIG_DIR", run.dir.path())
        .env("TAMPLAN_DATA_DIR", run.dir.path())
        .args(["calibrate", "--format", "json", "--rules"])
        .arg(&run.rules)
        .timeout(Duration::from_secs(SECONDS));
    if let Some((from, to)) = range {
        command.args(["--from", from, "--to", to]);
    }
    command.arg(&run.path);
    command
}

/// Calibrates within the time bound; the JSON.
fn calibrate(run: &Run, range: Option<(&str, &str)>) -> serde_json::Value {
    let started = std::time::Instant::now();
    let output = command(run, range).output().expect("runs");
    assert!(
        output.status.success(),
        "after {:?}: {:?}\n{}",
        started.elapsed(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// Runs the binary under a virtual memory limit (KiB) and a time bound.
fn calibrate_limited(run: &Run, range: (&str, &str), kib: u64) -> serde_json::Value {
    let binary = assert_cmd::cargo::cargo_bin("tamplan");
    let script = format!(
        "ulimit -v {kib} && exec \"$0\" calibrate --format json --rules \"$1\" --from {} --to {} \"$2\"",
        range.0, range.1
    );
    let output = Command::new("sh")
        .env("TZ", "UTC")
        .env("TAMPLAN_NOW", "2027-06-01T12:00:00+00:00")
        .env("TAMPLAN_CONFIG_DIR", run.dir.path())
        .env("TAMPLAN_DATA_DIR", run.dir.path())
        .arg("-c")
        .arg(script)
        .arg(&binary)
        .arg(&run.rules)
        .arg(&run.path)
        .timeout(Duration::from_secs(SECONDS))
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "under {kib} KiB: {:?}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn skipped(json: &serde_json::Value) -> Vec<String> {
    json["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| s["reason"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn hours(json: &serde_json::Value) -> f64 {
    json["totals"]["actual_hours"].as_f64().unwrap_or_default()
}

fn has(reasons: &[String], part: &str) -> bool {
    reasons.iter().any(|r| r.contains(part))
}

const FOUR_WEEKS: (&str, &str) = ("2026-11-02", "2026-11-29");

// Point 4: a series expanded from the range, not from DTSTART.
#[test]
fn a_secondly_series_from_1970_costs_what_the_range_holds() {
    let run = file(
        "cal.ics",
        calendar(
            "BEGIN:VEVENT\r\nUID:s\r\nSUMMARY:Tick\r\nDTSTART:19700101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY;INTERVAL=7\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:h\r\nSUMMARY:Hourly\r\nDTSTART:00010101T090000Z\r\nDURATION:PT30M\r\nRRULE:FREQ=HOURLY;INTERVAL=24\r\nEND:VEVENT\r\n",
        )
        .as_bytes(),
    );
    let json = calibrate(&run, Some(FOUR_WEEKS));
    // Hourly every 24 hours from year 1 is 09:00 daily: 20 weekdays … and
    // weekends, 28 days of half an hour; the ticks are cut at the cap.
    let reasons = skipped(&json);
    assert!(has(&reasons, "more than 105120 instances"), "{reasons:?}");
    // The ticks cut at the cap still count days of the range (1 s every 7 s).
    assert!(hours(&json) >= 14.0 + 1.0, "{json}");
}

#[test]
fn a_series_with_a_count_from_long_ago_is_cut_short_and_says_so() {
    let run = file(
        "cal.ics",
        calendar(
            "BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Counted\r\nDTSTART:19700101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY;COUNT=2000000000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:o\r\nSUMMARY:Other\r\nDTSTART:20261104T090000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
        )
        .as_bytes(),
    );
    let json = calibrate(&run, Some(FOUR_WEEKS));
    let reasons = skipped(&json);
    assert!(has(&reasons, "cut short"), "{reasons:?}");
}

#[test]
fn an_until_far_ahead_and_a_dtstart_far_back_are_clamped() {
    let run = file(
        "cal.ics",
        calendar(
            "BEGIN:VEVENT\r\nUID:u\r\nSUMMARY:Daily\r\nDTSTART:20260105T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=99991231T000000Z\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:far\r\nSUMMARY:Far\r\nDTSTART:+2621421231T000000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:edge\r\nSUMMARY:Edge\r\nDTSTART:20260105T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;BYDAY=MO;UNTIL=+2621421231T000000Z\r\nEND:VEVENT\r\n",
        )
        .as_bytes(),
    );
    let json = calibrate(&run, Some(FOUR_WEEKS));
    // 20 weekdays of an hour, and 4 Mondays of an hour.
    assert!((hours(&json) - 24.0).abs() < 1e-9, "{json}");
}

#[test]
fn a_rule_that_never_matches_or_interval_0_is_said() {
    let run = file(
        "cal.ics",
        calendar(
            "BEGIN:VEVENT\r\nUID:z\r\nSUMMARY:Zero\r\nDTSTART:20261102T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;INTERVAL=0\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:n\r\nSUMMARY:Never\r\nDTSTART:20261103T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\n",
        )
        .as_bytes(),
    );
    let json = calibrate(&run, Some(FOUR_WEEKS));
    let reasons = skipped(&json);
    assert!(
        reasons
            .iter()
            .filter(|r| r.contains("Zero") || r.contains("Never"))
            .count()
            == 2,
        "{reasons:?}"
    );
    // Each still counts its DTSTART.
    assert!((hours(&json) - 2.0).abs() < 1e-9, "{json}");
}

// Point 5: all-day events walk only the days in the range.
#[test]
fn long_all_day_instances_are_clipped_to_the_range_and_capped() {
    let run = file(
        "cal.ics",
        calendar(
            "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Away\r\nDTSTART;VALUE=DATE:20250101\r\nDURATION:P366D\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\n",
        )
        .as_bytes(),
    );
    let json = calibrate_limited(&run, ("2026-01-05", "2026-12-27"), 1_000_000);
    let reasons = skipped(&json);
    assert!(has(&reasons, "entries in the range"), "{reasons:?}");
}

// Point 6: moved instances are looked up, not scanned for.
#[test]
fn thousands_of_moved_instances_of_a_minutely_series() {
    let mut events = String::from(
        "BEGIN:VEVENT\r\nUID:m\r\nSUMMARY:Ping\r\nDTSTART;TZID=Europe/Berlin:20261102T000000\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n",
    );
    // Each names no instance (thirty seconds off): every one was compared with
    // every instance, twice.
    for minute in 0..8_000 {
        let (h, m) = (minute / 60 % 24, minute % 60);
        let day = 2 + minute / 1440;
        write!(
            events,
            "BEGIN:VEVENT\r\nUID:m\r\nSUMMARY:Ping moved\r\nRECURRENCE-ID;TZID=Europe/Berlin:202611{day:02}T{h:02}{m:02}30\r\nDTSTART;TZID=Europe/Berlin:202611{day:02}T{h:02}{m:02}30\r\nDURATION:PT1M\r\nEND:VEVENT\r\n"
        )
        .expect("a string");
    }
    let run = file("cal.ics", calendar(&events).as_bytes());
    let json = calibrate(&run, Some(("2026-11-02", "2026-11-08")));
    assert!(hours(&json) > 0.0, "{json}");
}

// Point 7: the event's text is shared, the file capped, a cut said.
#[test]
fn a_large_summary_on_every_minute_is_shared_not_copied() {
    let summary = "x".repeat(50_000);
    let run = file(
        "cal.ics",
        calendar(&format!(
            "BEGIN:VEVENT\r\nUID:big\r\nSUMMARY:{summary}\r\nDTSTART:20261102T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n"
        ))
        .as_bytes(),
    );
    let json = calibrate_limited(&run, ("2026-11-02", "2027-01-31"), 1_000_000);
    let reasons = skipped(&json);
    // 91 days of minutes is more than the cap: said, not silent.
    assert!(has(&reasons, "more than 105120 instances"), "{reasons:?}");
}

#[test]
fn the_cap_is_for_the_whole_file_and_said() {
    let mut events = String::new();
    for n in 0..8 {
        write!(
            events,
            "BEGIN:VEVENT\r\nUID:e{n}\r\nSUMMARY:Every minute {n}\r\nDTSTART:20261102T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n"
        )
        .expect("a string");
    }
    let run = file("cal.ics", calendar(&events).as_bytes());
    let json = calibrate(&run, Some(("2026-11-02", "2027-01-31")));
    let reasons = skipped(&json);
    assert!(has(&reasons, "more than 500000 entries"), "{reasons:?}");
}

#[test]
fn a_hundred_thousand_exdates() {
    let mut exdates = String::new();
    let mut day = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).expect("a day");
    for _ in 0..100_000 {
        write!(exdates, "EXDATE;VALUE=DATE:{}\r\n", day.format("%Y%m%d")).expect("a string");
        day = day.succ_opt().expect("a day");
    }
    let run = file(
        "cal.ics",
        calendar(&format!(
            "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Standup\r\nDTSTART:20261102T090000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\n{exdates}END:VEVENT\r\n"
        ))
        .as_bytes(),
    );
    let json = calibrate(&run, Some(("2026-11-02", "2026-11-06")));
    // Every minute from 09:00 on the first day, then four whole days: each
    // day EXDATE was a pass over every instance.
    assert!((hours(&json) - 111.0).abs() < 1e-6, "{json}");
}

// Point 8: timew JSON is streamed.
#[test]
fn timew_json_of_millions_of_values_is_streamed() {
    let mut text = String::with_capacity(16_000_000);
    text.push_str(
        "[\n{\"start\":\"20261102T090000Z\",\"end\":\"20261102T100000Z\",\"tags\":[\"Acme\"]}",
    );
    for _ in 0..6_000_000 {
        text.push_str(",1");
    }
    text.push_str("\n]\n");
    let run = file("timew.json", text.as_bytes());
    let json = calibrate_limited(&run, ("2026-11-02", "2026-11-06"), 400_000);
    assert_eq!(json["skipped_total"], 6_000_000);
    assert!((hours(&json) - 1.0).abs() < 1e-9, "{json}");
}

// Point 9: the range is bounded.
#[test]
fn a_range_over_twenty_years_is_refused() {
    let run = file(
        "times.csv",
        b"date,task,hours\n1900-01-01,Acme,1\n2026-11-02,Acme,1\n2200-12-31,Acme,1\n",
    );
    let output = command(&run, None).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("longer than 20 years"), "{stderr}");
    let output = command(&run, Some(("2000-01-01", "2026-11-29")))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

// Point 17: hours with a reason at their line.
#[test]
fn hours_that_are_no_day_of_work_are_refused_at_their_line() {
    let run = file(
        "times.csv",
        b"date,task,hours\n2026-11-02,Acme,1e308\n2026-11-02,Acme,1e308\n2026-11-03,Acme,NaN\n2026-11-03,Acme,inf\n2026-11-04,Acme,4294967295:59\n2026-11-05,Acme,2\n",
    );
    let json = calibrate(&run, Some(FOUR_WEEKS));
    assert!((hours(&json) - 2.0).abs() < 1e-9, "{json}");
    let lines: Vec<u64> = json["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| s["line"].as_u64().unwrap_or_default())
        .collect();
    assert_eq!(lines, [2, 3, 4, 5, 6]);
    let reasons = skipped(&json);
    assert!(has(&reasons, "more than 24 hours"), "{reasons:?}");
    assert!(has(&reasons, "not a number"), "{reasons:?}");
}

#[test]
fn timew_intervals_over_a_day_are_refused_at_their_line() {
    let run = file(
        "timew.json",
        b"[\n{\"start\":\"20261102T090000Z\",\"end\":\"20261102T100000Z\",\"tags\":[\"Acme\"]},\n{\"start\":\"20261102T090000Z\",\"end\":\"20261104T100000Z\",\"tags\":[\"Acme\"]}\n]\n",
    );
    let json = calibrate(&run, Some(FOUR_WEEKS));
    assert!((hours(&json) - 1.0).abs() < 1e-9, "{json}");
    assert_eq!(json["skipped"][0]["line"], 3, "{json}");
    assert!(has(&skipped(&json), "at most 24 hours"), "{json}");
}

#[test]
fn a_negative_duration_in_a_calendar_is_said() {
    let run = file(
        "cal.ics",
        calendar(
            "BEGIN:VEVENT\r\nUID:n\r\nSUMMARY:Backwards\r\nDTSTART:20261102T090000Z\r\nDURATION:-PT1H\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:o\r\nSUMMARY:Other\r\nDTSTART:20261104T090000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
        )
        .as_bytes(),
    );
    let json = calibrate(&run, Some(FOUR_WEEKS));
    let reasons = skipped(&json);
    assert!(has(&reasons, "DURATION \"-PT1H\""), "{reasons:?}");
    assert_eq!(json["skipped"][0]["line"], 5, "{json}");
}

// Point 18: a missing export is not a TOML file.
#[test]
fn a_missing_export_names_what_was_expected() {
    let run = file("other.csv", b"");
    let mut command = command(&run, None);
    let missing = Path::new(run.dir.path()).join("missing.csv");
    command.arg(&missing);
    let output = command.output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("TOML"), "{stderr}");
    assert!(
        stderr.contains("expected a readable time export or calendar"),
        "{stderr}"
    );
}
