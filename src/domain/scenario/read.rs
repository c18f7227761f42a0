//! Reading a scenario file: the loader's type (also the file's JSON
//! Schema), then each value checked where it stands in the file.

use std::collections::BTreeMap;

use chrono::Datelike as _;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::book::{BookCounts, RawBook};
use super::{Entry, FORMAT, Quarters, Reviewed, Scenario};
use crate::domain::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::domain::engine::Calendar;
use crate::domain::text;

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
    /// The file format: absent or 1 for the first, 2 for a file that uses
    /// `reviewed` or `[book]`. A tamplan refuses a format newer than it
    /// reads.
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
    /// The day of the last 1:1 that reviewed the plan, a TOML date, e.g.
    /// `reviewed = 2026-12-07`.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    reviewed: Option<Spanned<toml::Value>>,
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

/// Only the `format` key, read when a file does not read as a scenario: a
/// newer format is said before its unknown keys.
#[derive(Deserialize)]
struct FormatOnly {
    format: Option<Spanned<i64>>,
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
        let raw = read_raw(text, source)?;
        let pos = LineIndex::new(text); // one scan for every position named
        let mut problems = Vec::new();
        let reviewed = format_and_reviewed(&raw, &pos, source, &mut problems)?;
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
        pto_agrees(pto_by_quarter.as_ref(), &capacity, &mut problems);
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
        let book = raw
            .book
            .and_then(|book| BookCounts::from_raw(book, &pos, &mut problems));
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
            reviewed,
        };
        Ok((scenario, problems))
    }
}

/// `pto_days` and `pto_by_quarter` both given: they must add up alike.
fn pto_agrees(by_quarter: Option<&Quarters>, capacity: &[Entry], problems: &mut Vec<Diagnostic>) {
    if let (Some(days), Some(year)) = (
        by_quarter,
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

/// The file's text as the loader's type, or why not; a newer format is
/// said as such, not as its new keys.
fn read_raw(text: &str, source: &str) -> Result<Raw, Diagnostics> {
    toml::from_str(text).map_err(|error| {
        toml::from_str::<FormatOnly>(text)
            .ok()
            .and_then(|only| only.format)
            .filter(|format| *format.get_ref() > FORMAT)
            .map_or_else(
                || Diagnostics::from_toml(text, source, &error),
                |format| {
                    Diagnostics::new(
                        source,
                        vec![LineIndex::new(text).at(format.span(), newer(*format.get_ref()))],
                    )
                },
            )
    })
}

/// `format` (a newer one refuses the whole file) and `reviewed`.
fn format_and_reviewed(
    raw: &Raw,
    pos: &LineIndex,
    source: &str,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<Reviewed>, Diagnostics> {
    if let Some(format) = &raw.format {
        let value = *format.get_ref();
        if value > FORMAT {
            // Nothing else of a newer format can be trusted.
            return Err(Diagnostics::new(
                source,
                vec![pos.at(format.span(), newer(value))],
            ));
        }
        if value < 1 {
            problems.push(pos.at(
                format.span(),
                format!("`format` is {value}; expected 1 or 2"),
            ));
        }
    }
    Ok(raw
        .reviewed
        .as_ref()
        .and_then(|reviewed| reviewed_date(pos, reviewed, problems)))
}

/// The refusal of a file written in a newer format.
fn newer(format: i64) -> String {
    format!("written by a newer tamplan (format {format}); this one reads formats 1 and 2")
}

/// `reviewed`: a date without a time, in years 1 to 9999.
fn reviewed_date(
    lines: &LineIndex,
    reviewed: &Spanned<toml::Value>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Reviewed> {
    let date = match reviewed.get_ref() {
        toml::Value::Datetime(toml::value::Datetime {
            date: Some(date),
            time: None,
            offset: None,
        }) => chrono::NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .filter(|day| (1..=9999).contains(&day.year())),
        _ => None,
    };
    let (line, column) = lines.line_column(reviewed.span().start);
    if date.is_none() {
        problems.push(lines.at(
            reviewed.span(),
            format!(
                "`reviewed` is {}; expected a date without quotes, e.g. reviewed = 2026-12-07",
                reviewed.get_ref()
            ),
        ));
    }
    date.map(|date| Reviewed { date, line, column })
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
