//! `tamplan calibrate`, the real binary run on time exports and calendars:
//! hand-computed numbers, ranges, skipped lines, rules, the suggested
//! scenario, and hostile exports.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::path::{Path, PathBuf};

use tempfile::TempDir;

mod support;
use support::{assert_inert, assert_no_panic, json_report, keys, output_of, sorted, tamplan};

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

#[test]
fn calibrate_help_names_icalendar() {
    let (code, stdout, _) = output_of(tamplan().args(["calibrate", "--help"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("iCalendar (.ics)"), "{stdout}");
    let (_, stdout, _) = output_of(tamplan().arg("--help"));
    assert!(stdout.contains("iCalendar"), "--timesheet: {stdout}");
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
