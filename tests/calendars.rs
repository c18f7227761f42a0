//! The calendar suite: every `tests/calendars/NAME.ics` (in the shape a
//! calendar program writes it) is calibrated by the real binary and must
//! give the hours per ISO week worked out by hand in `NAME.toml`, under
//! two machine time zones (nothing may depend on `TZ`).
//!
//! Each file is read twice: once with a rule sending every event to one
//! task (the busy hours per week, and how many events or lines were
//! skipped), once with a rule making every event PTO (so events marked
//! free count too: their hours are that total less the busy one).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// What a fixture's `.toml` says.
#[derive(Debug, serde::Deserialize)]
struct Expected {
    from: String,
    to: String,
    #[serde(default)]
    hours_per_day: Option<f64>,
    #[serde(default)]
    skipped: Option<u64>,
    #[serde(default)]
    free: f64,
    weeks: BTreeMap<String, f64>,
}

/// The machine zones the suite runs under: far west and far east of UTC.
const ZONES: [&str; 2] = ["America/Los_Angeles", "Pacific/Kiritimati"];

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calendars");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/calendars")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "ics"))
        .collect();
    files.sort();
    files
}

fn calibrate(ics: &Path, expected: &Expected, rule: &str, zone: &str) -> serde_json::Value {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, rule).expect("rules");
    let mut command = Command::cargo_bin("tamplan").expect("binary");
    command
        .env("TZ", zone)
        .env("TAMPLAN_NOW", "2027-06-01T12:00:00+00:00")
        .env("TAMPLAN_CONFIG_DIR", dir.path())
        .env("TAMPLAN_DATA_DIR", dir.path())
        .args(["calibrate", "--format", "json", "--from"])
        .arg(&expected.from)
        .arg("--to")
        .arg(&expected.to)
        .arg("--rules")
        .arg(&rules)
        // Room for a week of PTO in every range.
        .args(["--set", "hours_per_week=168"]);
    if let Some(hours) = expected.hours_per_day {
        command.arg("--set").arg(format!("hours_per_day={hours}"));
    }
    let output = command.arg(ics).output().expect("runs");
    assert!(
        output.status.success(),
        "{}: {}",
        ics.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn every_calendar_gives_the_hand_worked_hours_under_two_machine_zones() {
    let files = fixtures();
    assert!(
        files.len() >= 30,
        "the suite holds {} calendars",
        files.len()
    );
    let mut failures = Vec::new();
    for ics in &files {
        let text = std::fs::read_to_string(ics.with_extension("toml")).expect("its .toml");
        let expected: Expected = toml::from_str(&text).expect("a valid .toml");
        let name = ics
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for zone in ZONES {
            let busy = calibrate(
                ics,
                &expected,
                "[[rule]]\nmatch = \".\"\ntask = \"Special projects\"\n",
                zone,
            );
            let mut weeks: BTreeMap<String, f64> = BTreeMap::new();
            for row in busy["rows"].as_array().expect("rows") {
                for (week, hours) in row["by_week"].as_object().expect("by_week") {
                    *weeks.entry(week.clone()).or_default() += hours.as_f64().unwrap_or(0.0);
                }
            }
            for (week, hours) in &expected.weeks {
                let got = weeks.get(week).copied().unwrap_or(0.0);
                if !close(got, *hours) {
                    failures.push(format!(
                        "{name} (TZ={zone}): {week} is {got} h, expected {hours} h"
                    ));
                }
            }
            for (week, got) in &weeks {
                if !expected.weeks.contains_key(week) && !close(*got, 0.0) {
                    failures.push(format!(
                        "{name} (TZ={zone}): {week} is {got} h, expected none"
                    ));
                }
            }
            let unplanned = busy["unplanned"]["hours"].as_f64().unwrap_or(0.0);
            if !close(unplanned, 0.0) {
                failures.push(format!("{name} (TZ={zone}): {unplanned} h unplanned"));
            }
            if let Some(skipped) = expected.skipped
                && busy["skipped_total"] != skipped
            {
                failures.push(format!(
                    "{name} (TZ={zone}): {} skipped, expected {skipped}: {}",
                    busy["skipped_total"], busy["skipped"]
                ));
            }
            let pto = calibrate(
                ics,
                &expected,
                "[[rule]]\nmatch = \".\"\npto = true\n",
                zone,
            );
            let busy_total: f64 = weeks.values().sum();
            let everything = pto["pto_hours"].as_f64().unwrap_or(0.0)
                + pto["totals"]["all_hours"].as_f64().unwrap_or(0.0);
            let free = everything - busy_total;
            if !close(free, expected.free) {
                failures.push(format!(
                    "{name} (TZ={zone}): {free} h free, expected {}",
                    expected.free
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
