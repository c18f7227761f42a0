//! A scenario written: what a plan changes from its model, stamped for
//! saving, as TOML text with numbers as a file keeps them.

use std::collections::BTreeMap;

use chrono::Datelike as _;
use serde::Serialize;

use super::book::{BookCounts, RawBook};
use super::{Entry, FORMAT, Quarters, Scenario};
use crate::domain::engine::{Change, Input, Inputs, changes};
use crate::domain::model::{CapacityField, Model};

#[derive(Serialize)]
struct Out<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<i64>,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    owner: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    saved: Option<toml::value::Datetime>,
    model: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quarter: Option<u8>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    counts: BTreeMap<&'a str, f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    capacity: BTreeMap<&'a str, toml::Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    counts_by_quarter: BTreeMap<&'a str, [f64; 4]>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    hours: BTreeMap<&'a str, f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    actuals: BTreeMap<&'a str, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    book: Option<RawBook>,
}

impl Scenario {
    /// The scenario to write for `inputs`: what they change from
    /// `model`'s defaults, with `meta`'s name, owner and note, saved at
    /// `now`. The one place a scenario is stamped for writing (the
    /// planner's and the team's saves, recovery files).
    pub fn stamped(
        model: &Model,
        inputs: &Inputs,
        meta: &Scenario,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Scenario {
        let mut scenario = Scenario::from_inputs(model, inputs);
        scenario.name.clone_from(&meta.name);
        scenario.owner.clone_from(&meta.owner);
        scenario.note.clone_from(&meta.note);
        scenario.book.clone_from(&meta.book);
        scenario.reviewed = meta.reviewed;
        scenario.saved = Some(now);
        scenario
    }

    /// A scenario holding what `inputs` change from `model`'s defaults.
    pub fn from_inputs(model: &Model, inputs: &Inputs) -> Scenario {
        let entry = |name: &str, value: f64| Entry {
            name: name.to_owned(),
            value,
            line: 0,
            column: 0,
        };
        let mut scenario = Scenario {
            model: model.name.clone(),
            calendar: inputs.calendar(),
            ..Scenario::default()
        };
        let quarters = |name: &str, values: [f64; 4]| Quarters {
            name: name.to_owned(),
            values,
            line: 0,
            column: 0,
        };
        for change in changes(model, &Inputs::defaults(model), inputs) {
            match change {
                // Values by quarter stand for their year's value.
                Change::Input {
                    input: Input::Count(id),
                    ..
                } if inputs.count_by_quarter(id).is_some() => {}
                Change::Input {
                    input: Input::Capacity(CapacityField::PtoDays),
                    ..
                } if inputs.capacity().pto_by_quarter.is_some() => {}
                Change::Input { input, after, .. } => {
                    let list = match input {
                        Input::Count(_) => &mut scenario.counts,
                        Input::Capacity(_) => &mut scenario.capacity,
                    };
                    list.push(entry(input.name(model), after));
                }
                // Written from the inputs above.
                Change::Calendar { .. } => {}
                Change::PtoByQuarter { after, .. } => {
                    scenario.pto_by_quarter = after.map(|days| quarters("pto_by_quarter", days));
                }
                Change::CountByQuarter { id, after, .. } => {
                    if let (Some(values), Some(count)) = (after, model.count(id)) {
                        scenario
                            .counts_by_quarter
                            .push(quarters(&count.name, values));
                    }
                }
                Change::Hours { row, after, .. } => {
                    if let Some(row) = model.rows.get(row) {
                        scenario.hours.push(entry(&row.task, after));
                    }
                }
            }
        }
        for (index, metric) in model.metrics.iter().enumerate() {
            if let Some(actual) = inputs.actual(index) {
                scenario.actuals.push(entry(&metric.id, actual));
            }
        }
        scenario
    }

    /// The scenario as TOML text, only the values it changes.
    ///
    /// # Errors
    /// Only if TOML serialization fails, which it does not for finite numbers.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let saved = self.saved.and_then(|saved| {
            saved
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                .parse()
                .ok()
        });
        let book = self.book.as_ref().and_then(BookCounts::to_raw);
        let reviewed = self.reviewed.map(|reviewed| toml::value::Datetime {
            date: Some(toml::value::Date {
                year: u16::try_from(reviewed.date.year()).unwrap_or_default(),
                month: u8::try_from(reviewed.date.month()).unwrap_or_default(),
                day: u8::try_from(reviewed.date.day()).unwrap_or_default(),
            }),
            time: None,
            offset: None,
        });
        let out = Out {
            // A third-wave key makes the file format 2; others stay as
            // they were, with no `format` key.
            format: (reviewed.is_some() || book.is_some()).then_some(FORMAT),
            name: &self.name,
            owner: &self.owner,
            saved,
            model: &self.model,
            note: &self.note,
            reviewed,
            year: self.calendar.map(|calendar| calendar.year),
            quarter: self.calendar.and_then(|calendar| calendar.quarter),
            counts: values(&self.counts),
            capacity: values(&self.capacity)
                .into_iter()
                .map(|(name, value)| (name, toml::Value::Float(value)))
                .chain(self.pto_by_quarter.iter().map(|days| {
                    (
                        "pto_by_quarter",
                        toml::Value::Array(
                            days.values
                                .iter()
                                .map(|d| toml::Value::Float(saved_number(*d)))
                                .collect(),
                        ),
                    )
                }))
                .collect(),
            counts_by_quarter: self
                .counts_by_quarter
                .iter()
                .map(|quarters| (quarters.name.as_str(), quarters.values.map(saved_number)))
                .collect(),
            hours: values(&self.hours),
            actuals: values(&self.actuals),
            book,
        };
        let mut text =
            String::from("# A tamplan scenario: only the values that differ from the model.\n");
        text.push_str(&toml::to_string(&out)?);
        Ok(text)
    }
}

fn values(entries: &[Entry]) -> BTreeMap<&str, f64> {
    entries
        .iter()
        .map(|entry| (entry.name.as_str(), saved_number(entry.value)))
        .collect()
}

/// A number as a scenario file keeps it: at most four decimals
/// (`13.600000000000001`, a calibrated figure, is saved as `13.6`;
/// `10 ÷ 3` as `3.3333`), unless it reads back exactly with up to eight, as
/// a value typed with more decimals does (`1.23456` stays).
pub(super) fn saved_number(value: f64) -> f64 {
    let at = |decimals: i32| {
        let scale = 10f64.powi(decimals);
        let rounded = (value * scale).round() / scale;
        rounded.is_finite().then_some(rounded)
    };
    let Some(four) = at(4) else {
        return value;
    };
    if !crate::domain::num::differs(four, value) {
        return four;
    }
    (5..=8)
        .filter_map(at)
        .find(|typed| (typed - value).abs() <= f64::EPSILON * value.abs().max(1.0))
        .unwrap_or(four)
}
