//! Calibration of a year of a 40-person team's Toggl export (100,000
//! entries, as `scripts/bench_calibrate.py` writes it), against a minimal
//! program doing the least the same answer needs: the `csv` crate reads the
//! same bytes, the same rules' regular expressions map each entry, and the
//! hours are summed per task and ISO week. Both run in one `cargo bench
//! --bench calibrate`; docs/reference.md gives the ratio of their medians.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "benchmarks: set-up that fails panics, and fixtures have a known shape"
)]

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use tamplan::domain::calibration::{Range, Timesheet, calibrate};
use tamplan::domain::engine::{Inputs, compute};
use tamplan::domain::model::Model;

fn main() {
    divan::main();
}

/// A small deterministic generator (no dependency for a benchmark's input).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// The export: 100,000 entries over 2026, in Toggl's detailed CSV.
fn export() -> String {
    const PROJECTS: [&str; 7] = ["Acme", "Beta", "Gamma", "Delta", "EBRs", "Misc", "Internal"];
    const TEXTS: [&str; 9] = [
        "Sync call",
        "Q4 review",
        "Onboarding kickoff",
        "Hiring panel",
        "Team meeting",
        "Account plan",
        "Webinar prep",
        "Renewal call",
        "Research",
    ];
    let mut random = Lcg(7);
    let mut out = String::from(
        "\u{feff}User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\r\n",
    );
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    for i in 0..100_000_u64 {
        let day = start + chrono::Duration::days(i64::try_from(random.next(365)).unwrap_or(0));
        let pick = |r: &mut Lcg, list: &[&'static str]| {
            list.get(usize::try_from(r.next(list.len() as u64)).unwrap_or(0))
                .copied()
                .unwrap_or_default()
        };
        let text = if i % 500 == 0 {
            "Vacation"
        } else {
            pick(&mut random, &TEXTS)
        };
        let (client, project) = (pick(&mut random, &PROJECTS), pick(&mut random, &PROJECTS));
        let (hours, minutes) = (random.next(5), random.next(4) * 15);
        let _ = write!(
            out,
            "TAM {},tam{}@example.com,{client},{project},,\"{text} #{}\",No,{day},09:00:00,{day},10:00:00,{hours:02}:{minutes:02}:00,tag{},\r\n",
            i % 40,
            i % 40,
            i % 97,
            i % 5
        );
    }
    out
}

#[divan::bench(sample_count = 20)]
fn tamplan_calibrate(bencher: divan::Bencher) {
    let model = Model::builtin().expect("valid");
    let plan = compute(&model, &Inputs::defaults(&model)).expect("plan");
    let rules = tamplan::io::rules::parse(tamplan::io::rules::STARTER, "rules.toml", &model)
        .expect("rules");
    let text = export();
    let range = Range {
        from: NaiveDate::from_ymd_opt(2025, 12, 29).expect("a date"),
        to: NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date"),
        notes: Vec::new(),
    };
    let reading = tamplan::io::ics::Reading {
        from: range.from,
        to: range.to,
        hours_per_day: 8.0,
        tz: None,
    };
    bencher.bench(|| {
        let mut sheet = Timesheet::default();
        tamplan::io::timesheet::read_from(
            text.as_bytes(),
            "toggl.csv",
            "csv",
            &reading,
            &mut sheet,
        )
        .expect("reads");
        calibrate(&model, &plan, &rules, &sheet, &range).expect("calibrates")
    });
}

#[divan::bench(sample_count = 20)]
fn minimal_program(bencher: divan::Bencher) {
    let model = Model::builtin().expect("valid");
    let rules = tamplan::io::rules::parse(tamplan::io::rules::STARTER, "rules.toml", &model)
        .expect("rules");
    let patterns: Vec<(Regex, usize)> = rules
        .rules()
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            let pattern = regex::RegexBuilder::new(&rule.pattern)
                .case_insensitive(true)
                .build()
                .expect("a regex");
            (pattern, index)
        })
        .collect();
    let text = export();
    bencher.bench(|| {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().expect("a header").clone();
        let at = |name: &str| {
            header
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}') == name)
        };
        let (date, duration) = (
            at("Start date").expect("date"),
            at("Duration").expect("duration"),
        );
        let fields: Vec<usize> = ["Project", "Task", "Description", "Tags"]
            .iter()
            .filter_map(|name| at(name))
            .collect();
        // Hours per rule (and one more for none) per ISO week.
        let mut sums = vec![[0.0_f64; 54]; patterns.len() + 1];
        let mut joined = String::new();
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).expect("a record") {
            let Some(day) = record
                .get(date)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            else {
                continue;
            };
            let hours = record.get(duration).map_or(0.0, |d| {
                d.split(':')
                    .zip([1.0, 60.0, 3600.0])
                    .map(|(part, unit)| part.parse::<f64>().unwrap_or(0.0) / unit)
                    .sum()
            });
            joined.clear();
            for field in &fields {
                joined.push_str(record.get(*field).unwrap_or_default());
                joined.push_str(" · ");
            }
            let target = patterns
                .iter()
                .find(|(pattern, _)| pattern.is_match(&joined))
                .map_or(patterns.len(), |(_, index)| *index);
            let week = usize::try_from(day.iso_week().week()).unwrap_or(0);
            if let Some(slot) = sums.get_mut(target).and_then(|weeks| weeks.get_mut(week)) {
                *slot += hours;
            }
        }
        sums
    });
}
