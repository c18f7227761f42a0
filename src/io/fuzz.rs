//! The readers of outside text, each as one function of arbitrary bytes:
//! what the `cargo fuzz` targets in `fuzz/` call, and what
//! `tests/fuzz_corpus.rs` replays the committed seeds and regressions through on the
//! stable toolchain. Each must return (an error is fine), never panic or
//! hang; where a reader succeeds, what it produced is used as the program
//! would use it (planned, rendered), so a bad value inside is caught too.

use std::sync::LazyLock;

use chrono::NaiveDate;

use crate::domain::calibration::Timesheet;
use crate::domain::engine::{self, Inputs};
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::io::import::{Options, import};
use crate::io::timesheet::read_from;

/// The built-in model, parsed once: the scenario and rules targets read
/// against it, and parsing it anew for each input took most of their time.
static BUILTIN: LazyLock<Option<Model>> = LazyLock::new(|| Model::builtin().ok());

/// The fuzz targets, by name (the folders of `fuzz/seeds/` and `fuzz/corpus/`).
pub const TARGETS: [&str; 6] = ["model", "scenario", "rules", "page", "timesheet", "book"];

/// Runs the reader named `target` on `data`; `false` for an unknown name.
pub fn run(target: &str, data: &[u8]) -> bool {
    match target {
        "model" => model(data),
        "scenario" => scenario(data),
        "rules" => rules(data),
        "page" => page(data),
        "timesheet" => timesheet(data),
        "book" => book(data),
        _ => return false,
    }
    true
}

/// A model file: parsed, and when valid, planned at its defaults.
pub fn model(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(model) = Model::parse(&text, "fuzz.toml") {
        let _ = engine::compute(&model, &Inputs::defaults(&model));
    }
}

/// A scenario file: parsed, applied to the built-in model and planned.
pub fn scenario(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (Some(model), Ok(scenario)) = (BUILTIN.as_ref(), Scenario::parse(&text, "fuzz.toml"))
    else {
        return;
    };
    let applied = scenario.apply(model);
    let _ = engine::compute(model, &applied.inputs);
    let _ = scenario.to_toml();
}

/// A `rules.toml`, against the built-in model.
pub fn rules(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(model) = BUILTIN.as_ref() {
        let _ = crate::io::rules::parse(&text, "rules.toml", model);
    }
}

/// A handbook page: imported, and the model it writes parsed back.
pub fn page(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for metrics_only in [false, true] {
        if let Ok(imported) = import(&text, "page.md", Options { metrics_only }) {
            // The import promises a model `Model::parse` accepts.
            let _ = Model::parse(&imported.toml, "imported.toml");
        }
    }
}

/// A time export of any kind (Toggl, Clockify, Harvest, plain CSV, `timew`
/// JSON, iCalendar), told apart as `calibrate` tells them: the first byte
/// picks the file's extension, the rest is the file.
pub fn timesheet(data: &[u8]) {
    let (extension, rest) = match data.split_first() {
        Some((b'i', rest)) => ("ics", rest),
        Some((b'j', rest)) => ("json", rest),
        Some((_, rest)) => ("csv", rest),
        None => ("csv", data),
    };
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(2026, 1, 1),
        NaiveDate::from_ymd_opt(2026, 12, 31),
    ) else {
        return;
    };
    let reading = crate::io::ics::Reading {
        from,
        to,
        hours_per_day: 8.0,
        tz: None,
    };
    let mut sheet = Timesheet::default();
    let _ = read_from(rest, "fuzz", extension, &reading, &mut sheet);
}

/// An account export (Salesforce, HubSpot, Gainsight, plain CSV) as `tamplan
/// book` reads it: read, rolled up and every owner's counts filled; the
/// first byte picks the date order a map would give (none, ISO, US, day
/// first).
pub fn book(data: &[u8]) {
    use crate::domain::book::{self, DateOrder, Map, Period, Skipped};
    let (order, rest) = match data.split_first() {
        Some((b'i', rest)) => (Some(DateOrder::Iso), rest),
        Some((b'u', rest)) => (Some(DateOrder::Us), rest),
        Some((b'd', rest)) => (Some(DateOrder::DayFirst), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    let map = Map {
        date_order: order,
        ..Map::none()
    };
    let mut skipped = Skipped::default();
    let mut notes = Vec::new();
    let (Some(model), Ok(export), Some(as_of)) = (
        BUILTIN.as_ref(),
        crate::io::book::read_from(rest, "fuzz.csv", &map, &mut skipped, &mut notes),
        NaiveDate::from_ymd_opt(2026, 9, 30),
    ) else {
        return;
    };
    let period = Period { as_of, year: 2026 };
    let rolled = book::roll_up(&[export], &map, period, &mut skipped);
    let defaults = Inputs::defaults(model);
    for owner in &rolled.owners {
        let filled = book::fill(model, &defaults, owner, &map);
        let _ = engine::compute(model, &filled.inputs);
    }
}
