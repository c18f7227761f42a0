//! Scenarios: a named set of changes to a model — counts, capacity, row
//! hours, metric actuals, a calendar period — with who made it, when, and a
//! note. Only values that differ from the model are kept. Parsing and
//! writing take and give text; `store` does the files.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::domain::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::domain::engine::{Calendar, Change, Input, Inputs, changes};
use crate::domain::model::{CapacityField, Model};
use crate::domain::text;

/// One changed value, with where it was in the file (0:0 when it was not
/// read from one).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The count, capacity input, task or metric id.
    pub name: String,
    /// The value.
    pub value: f64,
    /// 1-based line in the file it came from.
    pub line: usize,
    /// 1-based column in the file it came from.
    pub column: usize,
}

/// Four values, one a quarter, with where they were in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Quarters {
    /// `pto_by_quarter`, or the count's name.
    pub name: String,
    /// Q1 to Q4.
    pub values: [f64; 4],
    /// 1-based line in the file it came from (0 when not read from one).
    pub line: usize,
    /// 1-based column in the file it came from.
    pub column: usize,
}

/// A scenario as saved in a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scenario {
    /// What it is called ("Q3 with five more accounts").
    pub name: String,
    /// The TAM it belongs to.
    pub owner: String,
    /// When it was saved, with the saver's UTC offset.
    pub saved: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The name of the model it applies to.
    pub model: String,
    /// Free text: what was agreed, why.
    pub note: String,
    /// Capacity counted in this calendar period's weekdays, if set.
    pub calendar: Option<Calendar>,
    /// Counts that differ from the model.
    pub counts: Vec<Entry>,
    /// Capacity inputs that differ from the model.
    pub capacity: Vec<Entry>,
    /// Task hours (per the row's period) that differ from the model.
    pub hours: Vec<Entry>,
    /// Recorded actual values of outcome metrics, by metric id.
    pub actuals: Vec<Entry>,
    /// PTO days placed in quarters (`pto_by_quarter` in `[capacity]`).
    pub pto_by_quarter: Option<Quarters>,
    /// Counts that vary by quarter (`[counts_by_quarter]`).
    pub counts_by_quarter: Vec<Quarters>,
    /// The CRM's raw counts behind the plan's counts (`[book]`), when
    /// they came from an account export.
    pub book: Option<BookCounts>,
}

// The book from the CRM: the `[book]` table, and the `format` a file that
// has one is written with (2; see docs/scenarios.md).

/// The highest scenario `format` this tamplan reads.
pub const FORMAT: i64 = 2;

/// The CRM's raw counts behind a plan (`[book]`): what `tamplan book`
/// read, before tier weights.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BookCounts {
    /// The day the customers were counted as of.
    pub as_of: chrono::NaiveDate,
    /// Active customers, each once.
    pub customers: u64,
    /// Active customers weighted by tier (the plan's `customers`).
    pub weighted_customers: f64,
    /// Active customers per tier.
    pub by_tier: BTreeMap<String, u64>,
    /// Their ARR.
    pub arr: f64,
}

/// `[book]` as read.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawBook {
    /// The day the customers were counted as of.
    #[schemars(with = "String", extend("format" = "date"))]
    as_of: toml::value::Datetime,
    /// Active customers in the CRM, each counted once.
    customers: u64,
    /// Active customers weighted by tier: the plan's `customers`.
    weighted_customers: f64,
    /// Active customers per tier.
    #[serde(default)]
    by_tier: BTreeMap<String, u64>,
    /// Their annual recurring revenue.
    #[serde(default)]
    arr: f64,
}

impl BookCounts {
    /// `format` checked, and `[book]` read.
    fn read(
        format: Option<&Spanned<i64>>,
        raw: Option<Spanned<RawBook>>,
        lines: &LineIndex,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<BookCounts> {
        check_format(format, lines, problems);
        raw.and_then(|raw| BookCounts::from_raw(raw, lines, problems))
    }

    fn from_raw(
        raw: Spanned<RawBook>,
        lines: &LineIndex,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<BookCounts> {
        let span = raw.span();
        let raw = raw.into_inner();
        let day = raw.as_of.date.and_then(|date| {
            chrono::NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
        });
        let weighted = raw.weighted_customers;
        match day {
            Some(as_of) if raw.as_of.time.is_none() && weighted.is_finite() && weighted >= 0.0 => {
                Some(BookCounts {
                    as_of,
                    customers: raw.customers,
                    weighted_customers: weighted,
                    by_tier: raw.by_tier,
                    arr: if raw.arr.is_finite() { raw.arr } else { 0.0 },
                })
            }
            _ => {
                problems.push(
                    lines.at(
                        span,
                        "[book] needs `as_of` as a day (2026-12-07) and `weighted_customers` ≥ 0"
                            .to_owned(),
                    ),
                );
                None
            }
        }
    }

    fn to_raw(&self) -> Option<RawBook> {
        Some(RawBook {
            as_of: self.as_of.format("%Y-%m-%d").to_string().parse().ok()?,
            customers: self.customers,
            weighted_customers: saved_number(self.weighted_customers),
            by_tier: self.by_tier.clone(),
            arr: saved_number(self.arr),
        })
    }
}

/// `format`: absent is 1; above [`FORMAT`] is a file of a newer tamplan.
fn check_format(format: Option<&Spanned<i64>>, lines: &LineIndex, problems: &mut Vec<Diagnostic>) {
    if let Some(format) = format {
        let value = *format.get_ref();
        if value > FORMAT {
            problems.push(lines.at(
                format.span(),
                format!(
                    "written by a newer tamplan (format {value}); this one reads formats 1 and {FORMAT}"
                ),
            ));
        } else if value < 1 {
            problems.push(lines.at(
                format.span(),
                format!("`format` is {value}; expected 1 or {FORMAT}"),
            ));
        }
    }
}

/// What a scenario names that the model lacks; the rest still applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The model's defaults with every known value of the scenario.
    pub inputs: Inputs,
    /// Each value the model has no place for, with its position.
    pub unknown: Vec<Diagnostic>,
}

type Values = BTreeMap<Spanned<String>, Spanned<f64>>;

/// A `[capacity]` value: a number, or four for `pto_by_quarter`.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
enum NumberOrList {
    Number(f64),
    List(Vec<f64>),
}

/// A tamplan scenario: the values one plan changes from its model.
// Also the scenario's JSON Schema: see `json_schema`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "tamplan scenario")]
struct Raw {
    /// The file format: absent or 1, or 2 for a file with a `[book]`.
    #[schemars(with = "Option<u8>", range(min = 1, max = 2))]
    format: Option<Spanned<i64>>,
    /// The plan's name, e.g. "Ana FY27".
    name: String,
    /// Whose plan it is, e.g. "Ana".
    #[serde(default)]
    owner: String,
    /// When it was last saved.
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    saved: Option<Spanned<toml::value::Datetime>>,
    /// The name of the model it changes.
    #[serde(default)]
    model: String,
    /// A note, e.g. what was agreed in the last 1:1.
    #[serde(default)]
    note: String,
    /// Plan a calendar year: capacity from its weekdays.
    #[schemars(with = "Option<i32>", range(min = 1, max = 9999))]
    year: Option<Spanned<i64>>,
    /// Plan one quarter of `year` (1 to 4).
    #[schemars(with = "Option<u8>", range(min = 1, max = 4))]
    quarter: Option<Spanned<i64>>,
    /// Counts by name, e.g. `customers = 42`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, f64>")]
    counts: Values,
    /// Capacity inputs by name (`hours_per_week`, `pto_days`, …); only
    /// `pto_by_quarter` takes four numbers.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, NumberOrList>")]
    capacity: BTreeMap<Spanned<String>, Spanned<NumberOrList>>,
    /// A task's hours per its period, by task name, where they differ from
    /// the model.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, f64>")]
    hours: Values,
    /// Recorded metric values, by metric id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, f64>")]
    actuals: Values,
    /// A count's value in each quarter (four numbers), by count name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, [f64; 4]>")]
    counts_by_quarter: BTreeMap<Spanned<String>, Spanned<Vec<f64>>>,
    /// The CRM's raw counts behind the plan's counts, as `tamplan book`
    /// read them (tier weights not applied).
    #[schemars(with = "Option<RawBook>")]
    book: Option<Spanned<RawBook>>,
}

/// The JSON Schema (draft 7) of a scenario file, from the type the loader
/// reads it with.
pub fn json_schema() -> schemars::Schema {
    crate::domain::schema::json_schema_for::<Raw>()
}

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
    /// Reads a scenario from TOML text; `source` names the file in
    /// diagnostics. Checks the file on its own (numbers, dates, calendar);
    /// [`Scenario::apply`] checks it against a model.
    ///
    /// # Errors
    /// Every problem found, with line and column.
    pub fn parse(text: &str, source: &str) -> Result<Scenario, Diagnostics> {
        let (scenario, problems) = Scenario::parse_partial(text, source)?;
        if problems.is_empty() {
            Ok(scenario)
        } else {
            Err(Diagnostics::new(source, problems))
        }
    }

    /// Reads what can be read of a scenario: the scenario without its bad
    /// values, and a problem for each. `tamplan check` uses it to report
    /// every problem of a file in one run.
    ///
    /// # Errors
    /// A file that is not TOML or not shaped like a scenario.
    pub fn parse_partial(
        text: &str,
        source: &str,
    ) -> Result<(Scenario, Vec<Diagnostic>), Diagnostics> {
        let raw: Raw =
            toml::from_str(text).map_err(|error| Diagnostics::from_toml(text, source, &error))?;
        let pos = LineIndex::new(text); // one scan for every position named
        let mut problems = Vec::new();
        // `pto_by_quarter` is the one list in `[capacity]`.
        let mut numbers = Values::new();
        let mut pto_by_quarter = None;
        for (name, value) in raw.capacity {
            let span = value.span();
            match (name.get_ref().as_str(), value.into_inner()) {
                (_, NumberOrList::Number(number)) => {
                    numbers.insert(name, Spanned::new(span, number));
                }
                ("pto_by_quarter", NumberOrList::List(days)) => {
                    pto_by_quarter = quarters(&pos, &name, &days, span, &mut problems);
                }
                (other, NumberOrList::List(_)) => problems.push(pos.at(
                    span,
                    format!(
                        "capacity input {other:?} is a list; expected a number (only `pto_by_quarter` takes four)"
                    ),
                )),
            }
        }
        let mut entries = |values: Values, what: &str| -> Vec<Entry> {
            values
                .into_iter()
                .filter_map(|(name, value)| {
                    let (line, column) = pos.line_column(name.span().start);
                    let number = *value.get_ref();
                    if number.is_finite() && number >= 0.0 {
                        Some(Entry {
                            name: name.into_inner(),
                            value: number,
                            line,
                            column,
                        })
                    } else {
                        problems.push(pos.at(
                            value.span(),
                            format!(
                                "{what} {:?} is {}; expected a finite number ≥ 0",
                                name.get_ref(),
                                text::plain(number)
                            ),
                        ));
                        None
                    }
                })
                .collect()
        };
        let counts = entries(raw.counts, "count");
        let capacity = entries(numbers, "capacity input");
        let hours = entries(raw.hours, "hours of task");
        let actuals = entries(raw.actuals, "actual of metric");
        if let (Some(days), Some(year)) = (
            &pto_by_quarter,
            capacity.iter().find(|entry| entry.name == "pto_days"),
        ) {
            let sum: f64 = days.values.iter().sum();
            if crate::domain::num::differs(year.value, sum) {
                problems.push(Diagnostic {
                    line: year.line,
                    column: year.column,
                    message: format!(
                        "`pto_days` is {} but `pto_by_quarter` adds up to {}; expected them to agree, or only `pto_by_quarter`",
                        text::plain(year.value),
                        text::plain(sum)
                    ),
                });
            }
        }
        let counts_by_quarter = raw
            .counts_by_quarter
            .into_iter()
            .filter_map(|(name, values)| {
                let span = values.span();
                quarters(&pos, &name, values.get_ref(), span, &mut problems)
            })
            .collect();

        let saved = raw
            .saved
            .and_then(|saved| saved_date(&pos, &saved, &mut problems));
        let calendar = calendar(&pos, raw.year.as_ref(), raw.quarter.as_ref(), &mut problems);
        let book = BookCounts::read(raw.format.as_ref(), raw.book, &pos, &mut problems);
        let scenario = Scenario {
            name: raw.name,
            owner: raw.owner,
            saved,
            model: raw.model,
            note: raw.note,
            calendar,
            counts,
            capacity,
            hours,
            actuals,
            pto_by_quarter,
            counts_by_quarter,
            book,
        };
        Ok((scenario, problems))
    }

    /// The model's defaults with this scenario's values. Names the model
    /// does not have are left out and listed in [`Applied::unknown`].
    pub fn apply(&self, model: &Model) -> Applied {
        let mut inputs = Inputs::defaults(model);
        let mut unknown = Vec::new();
        if !self.model.is_empty() && self.model != model.name {
            unknown.push(Diagnostic {
                line: 1,
                column: 1,
                message: format!(
                    "the scenario was made for the model {:?}; this is {:?}",
                    text::sanitize(&self.model),
                    text::sanitize(&model.name)
                ),
            });
        }
        let mut missing = |entry: &Entry, message: String| {
            unknown.push(Diagnostic {
                line: entry.line,
                column: entry.column,
                message,
            });
        };
        for entry in &self.counts {
            match model.count_id(&entry.name) {
                Some(id) => inputs.set(Input::Count(id), entry.value),
                None => missing(
                    entry,
                    format!(
                        "count {:?} is not in the model; expected one of: {}",
                        text::sanitize(&entry.name),
                        model.count_names()
                    ),
                ),
            }
        }
        for entry in &self.capacity {
            match CapacityField::from_name(&entry.name) {
                Some(field) => inputs.set(Input::Capacity(field), entry.value),
                None => missing(
                    entry,
                    format!(
                        "capacity input {:?} does not exist; expected one of: hours_per_week, weeks_per_year, pto_days, hours_per_day, target_utilization, pto_by_quarter",
                        text::sanitize(&entry.name)
                    ),
                ),
            }
        }
        for entry in &self.hours {
            match model.rows.iter().position(|row| row.task == entry.name) {
                Some(index) => inputs.set_row_hours(index, entry.value),
                None => missing(
                    entry,
                    format!("task {:?} is not in the model", text::sanitize(&entry.name)),
                ),
            }
        }
        for entry in &self.actuals {
            let found = model
                .metrics
                .iter()
                .position(|metric| metric.id == entry.name);
            match found.filter(|index| {
                model.metrics.get(*index).is_some_and(|m| {
                    matches!(m.judge, Some(crate::domain::model::Judge::Actual { .. }))
                })
            }) {
                Some(index) => inputs.set_actual(index, Some(entry.value)),
                None if found.is_some() => missing(
                    entry,
                    format!(
                        "metric {:?} is judged from the plan, not from an actual value",
                        text::sanitize(&entry.name)
                    ),
                ),
                None => missing(
                    entry,
                    format!(
                        "metric {:?} is not in the model",
                        text::sanitize(&entry.name)
                    ),
                ),
            }
        }
        self.apply_quarters(model, &mut inputs, &mut unknown);
        inputs.set_calendar(self.calendar);
        Applied { inputs, unknown }
    }

    /// PTO placed in quarters and counts by quarter, onto `inputs`; counts
    /// the model lacks go to `unknown`.
    fn apply_quarters(&self, model: &Model, inputs: &mut Inputs, unknown: &mut Vec<Diagnostic>) {
        if let Some(days) = &self.pto_by_quarter {
            inputs.set_pto_by_quarter(Some(days.values));
        }
        for quarters in &self.counts_by_quarter {
            match model.count_id(&quarters.name) {
                Some(id) => inputs.set_count_by_quarter(id, Some(quarters.values)),
                None => unknown.push(Diagnostic {
                    line: quarters.line,
                    column: quarters.column,
                    message: format!(
                        "count {:?} in [counts_by_quarter] is not in the model; expected one of: {}",
                        text::sanitize(&quarters.name),
                        model.count_names()
                    ),
                }),
            }
        }
    }

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
        let out = Out {
            format: book.is_some().then_some(FORMAT),
            name: &self.name,
            owner: &self.owner,
            saved,
            model: &self.model,
            note: &self.note,
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

/// `saved`: a date, time and offset.
fn saved_date(
    lines: &LineIndex,
    saved: &Spanned<toml::value::Datetime>,
    problems: &mut Vec<Diagnostic>,
) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let parsed = chrono::DateTime::parse_from_rfc3339(&saved.get_ref().to_string()).ok();
    if parsed.is_none() {
        problems.push(lines.at(
            saved.span(),
            "`saved` needs a date, time and offset, e.g. 2026-11-22T14:30:00+01:00".to_owned(),
        ));
    }
    parsed
}

/// `year` and `quarter`: a year from 1 to 9999, a quarter from 1 to 4 with it.
fn calendar(
    lines: &LineIndex,
    year: Option<&Spanned<i64>>,
    quarter: Option<&Spanned<i64>>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Calendar> {
    let year = year.and_then(|year| match i32::try_from(*year.get_ref()) {
        Ok(value) if (1..=9999).contains(&value) => Some(value),
        _ => {
            problems.push(lines.at(
                year.span(),
                format!(
                    "`year` is {}; expected a year from 1 to 9999",
                    year.get_ref()
                ),
            ));
            None
        }
    });
    let quarter = match quarter {
        Some(quarter) => match u8::try_from(*quarter.get_ref()) {
            Ok(value @ 1..=4) if year.is_some() => Some(value),
            Ok(1..=4) => {
                problems.push(lines.at(
                    quarter.span(),
                    "`quarter` needs a `year`; expected `year = 2027` beside it".to_owned(),
                ));
                None
            }
            _ => {
                problems.push(lines.at(
                    quarter.span(),
                    format!("`quarter` is {}; expected 1, 2, 3 or 4", quarter.get_ref()),
                ));
                None
            }
        },
        None => None,
    };
    year.map(|year| Calendar { year, quarter })
}

/// Four values for `name`, or a problem at them.
fn quarters(
    lines: &LineIndex,
    name: &Spanned<String>,
    values: &[f64],
    span: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Quarters> {
    match crate::domain::capacity::four_quarters(name.get_ref(), values) {
        Ok(values) => {
            let (line, column) = lines.line_column(name.span().start);
            Some(Quarters {
                name: name.get_ref().clone(),
                values,
                line,
                column,
            })
        }
        Err(why) => {
            problems.push(lines.at(span, why));
            None
        }
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
fn saved_number(value: f64) -> f64 {
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

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "values are copied, not computed")]
mod tests {
    use super::*;
    use crate::domain::engine::compute;

    fn model() -> Model {
        Model::builtin().expect("valid")
    }

    #[test]
    fn round_trip_keeps_every_value_and_the_numbers() {
        let model = model();
        let mut inputs = Inputs::defaults(&model);
        inputs.set(Input::by_name(&model, "customers").expect("count"), 40.5);
        inputs.set(Input::by_name(&model, "pto_days").expect("capacity"), 30.0);
        inputs.set_row_hours(8, 6.25);
        inputs.set_actual(3, Some(12.0));
        inputs.set_calendar(Some(Calendar {
            year: 2027,
            quarter: Some(2),
        }));
        let mut scenario = Scenario::from_inputs(&model, &inputs);
        scenario.name = "Q2 \"stretch\"".to_owned();
        scenario.owner = "Alex".to_owned();
        scenario.note = "Agreed in the 1:1.\nRevisit in March.".to_owned();
        scenario.saved = chrono::DateTime::parse_from_rfc3339("2026-11-22T15:04:05+01:00").ok();
        let text = scenario.to_toml().expect("serializes");
        let back = Scenario::parse(&text, "s.toml").expect("parses");
        assert_eq!(back.name, scenario.name);
        assert_eq!(back.owner, "Alex");
        assert_eq!(back.note, scenario.note);
        assert_eq!(back.saved, scenario.saved);
        assert_eq!(back.calendar, scenario.calendar);
        let applied = back.apply(&model);
        assert!(applied.unknown.is_empty(), "{:?}", applied.unknown);
        assert_eq!(applied.inputs, inputs);
        assert_eq!(compute(&model, &applied.inputs), compute(&model, &inputs));
    }

    #[test]
    fn round_trip_keeps_quarters_and_the_target() {
        let model = model();
        let mut inputs = Inputs::defaults(&model);
        inputs.set(
            Input::by_name(&model, "target_utilization").expect("capacity"),
            0.85,
        );
        inputs.set_pto_by_quarter(Some([10.0, 10.0, 26.0, 10.0]));
        let wave = model.count_id("new_customers_per_quarter").expect("count");
        inputs.set_count_by_quarter(wave, Some([2.0, 5.0, 3.0, 3.0]));
        let text = Scenario::from_inputs(&model, &inputs)
            .to_toml()
            .expect("serializes");
        assert!(text.contains("target_utilization = 0.85"), "{text}");
        assert!(
            text.contains("pto_by_quarter = [10.0, 10.0, 26.0, 10.0]"),
            "{text}"
        );
        assert!(text.contains("[counts_by_quarter]"), "{text}");
        assert!(
            !text.contains("pto_days"),
            "the sum is not written twice: {text}"
        );
        let back = Scenario::parse(&text, "s.toml").expect("parses");
        let applied = back.apply(&model);
        assert!(applied.unknown.is_empty(), "{:?}", applied.unknown);
        assert_eq!(applied.inputs, inputs);
    }

    #[test]
    fn saved_numbers_have_at_most_four_decimals_unless_typed_with_more() {
        let model = model();
        let mut inputs = Inputs::defaults(&model);
        // A calibrated figure, and one computed at a part-time week.
        inputs.set_row_hours(8, 13.600_000_000_000_001);
        inputs.set_row_hours(9, 10.0 / 3.0);
        // Typed with five decimals.
        inputs.set_row_hours(11, 1.234_56);
        inputs.set(
            Input::by_name(&model, "customers").expect("count"),
            35.1 + 0.2,
        );
        inputs.set_pto_by_quarter(Some([0.1 + 0.2, 10.0, 26.0, 10.0]));
        let text = Scenario::from_inputs(&model, &inputs)
            .to_toml()
            .expect("serializes");
        assert!(text.contains("\"Special projects\" = 13.6\n"), "{text}");
        assert!(
            text.contains("\"Professional development\" = 3.3333\n"),
            "{text}"
        );
        assert!(text.contains("\"Internal meetings\" = 1.23456\n"), "{text}");
        assert!(text.contains("customers = 35.3\n"), "{text}");
        assert!(
            text.contains("pto_by_quarter = [0.3, 10.0, 26.0, 10.0]"),
            "{text}"
        );
    }

    #[test]
    fn only_changed_values_are_written() {
        let model = model();
        let text = Scenario::from_inputs(&model, &Inputs::defaults(&model))
            .to_toml()
            .expect("serializes");
        assert!(!text.contains("[counts]"), "{text}");
        assert!(text.contains("model = \"TAM Segment: Named\""), "{text}");
    }

    #[test]
    fn unknown_names_are_reported_with_their_position_and_the_rest_applies() {
        let text = "name = \"x\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 40\ncustomerz = 41\n[hours]\n\"Nope\" = 3\n";
        let scenario = Scenario::parse(text, "x.toml").expect("parses");
        let applied = scenario.apply(&model());
        let messages: Vec<String> = applied
            .unknown
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("5:1: count \"customerz\" is not in the model"),
            "{messages:?}"
        );
        assert_eq!(messages[1], "7:1: task \"Nope\" is not in the model");
        let customers = Input::by_name(&model(), "customers").expect("count");
        assert_eq!(applied.inputs.get(customers), 40.0);
    }

    #[test]
    fn bad_values_are_errors_with_positions() {
        let text = "name = \"x\"\nyear = 2027\nquarter = 5\n[counts]\ncustomers = -4\n";
        let error = Scenario::parse(text, "x.toml").expect_err("invalid");
        let shown = error.to_string();
        assert!(
            shown.contains("x.toml:3:11: `quarter` is 5; expected 1, 2, 3 or 4"),
            "{shown}"
        );
        assert!(
            shown.contains("x.toml:5:13: count \"customers\" is -4; expected a finite number ≥ 0"),
            "{shown}"
        );
        let error = Scenario::parse("name = 1\n", "y.toml").expect_err("invalid");
        assert!(error.to_string().starts_with("y.toml:1:8: "), "{error}");
        let error = Scenario::parse("name = \"a\"\nextra = 1\n", "z.toml").expect_err("invalid");
        assert!(
            error
                .to_string()
                .contains("z.toml:2:1: unknown field `extra`"),
            "{error}"
        );
    }

    #[test]
    fn a_scenario_for_another_model_says_so() {
        let text = "name = \"x\"\nmodel = \"Other\"\n";
        let applied = Scenario::parse(text, "x.toml")
            .expect("parses")
            .apply(&model());
        assert_eq!(applied.unknown.len(), 1);
        assert!(
            applied.unknown[0]
                .message
                .contains("made for the model \"Other\"")
        );
    }
}
