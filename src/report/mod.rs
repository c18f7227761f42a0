//! `tamplan report`: the plan as a terminal table, a Markdown document, CSV
//! for a spreadsheet, or the JSON contract. Numbers are rounded for people
//! (table, Markdown, CSV) and left unrounded in JSON.

pub mod calibration;
pub mod team;

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use unicode_width::UnicodeWidthStr;

use crate::domain::capacity;
use crate::domain::engine::{Hours, Input, Inputs, Plan};
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::domain::text::{self, amount, hours_cell, number, percent, sanitize};

/// The output formats of `tamplan report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// A document to paste into 1:1 notes.
    Markdown,
    /// The task table for a spreadsheet (RFC 4180).
    Csv,
    /// The machine contract.
    Json,
}

/// A computed plan with the model and inputs it came from.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The model.
    pub model: &'a Model,
    /// Where the model came from: its file, or `built-in`.
    pub model_source: &'a str,
    /// The scenario the inputs came from, if any (name, owner, note, date).
    pub scenario: Option<&'a Scenario>,
    /// The values in effect.
    pub inputs: &'a Inputs,
    /// What the engine computed from them.
    pub plan: &'a Plan,
}

/// Column headings shared by the table and Markdown.
const PERIODS: [&str; 5] = ["Weekly", "Monthly", "Quarterly", "Yearly", "Per work week"];

fn period_values(hours: &Hours) -> [f64; 5] {
    [
        hours.weekly,
        hours.monthly,
        hours.quarterly,
        hours.yearly,
        hours.per_working_week,
    ]
}

impl Report<'_> {
    /// Renders the report in `format`.
    ///
    /// # Errors
    /// Only if serializing JSON or CSV fails, which does not happen for
    /// finite numbers and UTF-8 text.
    pub fn render(&self, format: Format) -> Result<String, std::io::Error> {
        match format {
            Format::Table => Ok(self.table()),
            Format::Markdown => Ok(self.markdown()),
            Format::Csv => self.csv(),
            Format::Json => self.json(),
        }
    }

    fn rows(&self) -> impl Iterator<Item = (&crate::domain::model::Row, &Hours)> {
        self.model.rows.iter().zip(&self.plan.rows)
    }

    /// "NEAR CAPACITY · 100 % of 1,632 h available"
    fn status_line(&self) -> String {
        let plan = self.plan;
        format!(
            "{} · {} of {} h available · {} h planned",
            plan.status.label(),
            plan.percent(),
            amount(plan.capacity.available_hours),
            amount(plan.totals.yearly)
        )
    }

    /// "40 h/week × 52 weeks = 2,080 h − PTO 56 days × 8 h = 448 h → 1,632 h available (40.8 working weeks)"
    fn capacity_line(&self) -> String {
        let c = &self.plan.capacity;
        let week = crate::domain::engine::week_basis(self.model, &c.inputs)
            .map_or_else(String::new, |basis| format!("; {basis}"));
        format!(
            "{} = {} h gross − PTO {} days × {} h = {} h → {} h available ({} working weeks){week}",
            gross_basis(c),
            amount(c.gross_hours),
            number(c.inputs.pto_days),
            number(c.inputs.hours_per_day),
            amount(c.pto_hours),
            amount(c.available_hours),
            amount(c.working_weeks)
        )
    }

    /// "35 customers (book now 35)", or why there is no figure.
    fn book_line(&self) -> String {
        book_capacity(self.model, self.inputs, self.plan)
    }

    /// Aligned columns for a terminal: header, task table with totals,
    /// capacity, warnings and metrics.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} ({})",
            sanitize(&self.model.name),
            sanitize(self.model_source)
        );
        let _ = writeln!(out, "{}", self.status_line());
        out.push('\n');

        let tasks: Vec<String> = self
            .rows()
            .map(|(row, _)| {
                let mark = if row.scales_with.is_some() { " *" } else { "" };
                format!("{}{mark}", sanitize(&row.task))
            })
            .collect();
        let task_width = tasks
            .iter()
            .map(|task| task.width())
            .chain([4, 5])
            .max()
            .unwrap_or(5);
        let cells: Vec<[String; 5]> = self
            .plan
            .rows
            .iter()
            .chain([&self.plan.totals])
            .map(|hours| period_values(hours).map(hours_cell))
            .collect();
        let widths: Vec<usize> = (0..PERIODS.len())
            .map(|column| {
                cells
                    .iter()
                    .filter_map(|row| row.get(column))
                    .map(String::len)
                    .chain(PERIODS.get(column).map(|heading| heading.len()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |out: &mut String, first: &str, rest: &[String]| {
            let _ = write!(
                out,
                "{first}{}",
                " ".repeat(task_width.saturating_sub(first.width()))
            );
            for (cell, width) in rest.iter().zip(&widths) {
                let _ = write!(out, "  {cell:>width$}");
            }
            out.push('\n');
        };
        let headings: Vec<String> = PERIODS
            .iter()
            .map(|heading| (*heading).to_owned())
            .collect();
        line(&mut out, "Task", &headings);
        let rule_width = task_width + widths.iter().map(|width| width + 2).sum::<usize>();
        let _ = writeln!(out, "{}", "─".repeat(rule_width));
        for (task, row) in tasks.iter().zip(&cells) {
            line(&mut out, task, row);
        }
        let _ = writeln!(out, "{}", "─".repeat(rule_width));
        if let Some(totals) = cells.last() {
            line(&mut out, "Total", totals);
        }
        self.table_scaling(&mut out);
        out.push('\n');
        let _ = writeln!(out, "Capacity: {}", self.capacity_line());
        let _ = writeln!(out, "Book capacity: {}", self.book_line());
        self.table_quarters(&mut out);

        if !self.plan.warnings.is_empty() {
            out.push('\n');
            let _ = writeln!(out, "Warnings");
            for warning in &self.plan.warnings {
                let _ = writeln!(out, "  ! {warning}");
            }
        }

        self.table_metrics(&mut out);
        out
    }

    /// The footnote to the `*` rows: the counts they grow with, now.
    fn table_scaling(&self, out: &mut String) {
        let scaling: Vec<String> = self
            .model
            .counts
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                self.model
                    .rows
                    .iter()
                    .any(|row| row.scales_with.map(|id| id.0) == Some(*i))
            })
            .map(|(i, count)| {
                let now = self.inputs.count(crate::domain::model::CountId(i));
                format!(
                    "{} {}",
                    text::in_sentence(&sanitize(&count.label)),
                    number(now)
                )
            })
            .collect();
        if !scaling.is_empty() {
            let _ = writeln!(out, "* grows with a count: {}", scaling.join(", "));
        }
    }

    /// The quarters in aligned columns.
    fn table_quarters(&self, out: &mut String) {
        let rows: Vec<[String; 7]> = self.plan.quarters.iter().map(quarter_cells).collect();
        let widths: Vec<usize> = (0..QUARTER_HEADINGS.len())
            .map(|column| {
                rows.iter()
                    .filter_map(|row| row.get(column))
                    .map(|cell| cell.width())
                    .chain(QUARTER_HEADINGS.get(column).map(|heading| heading.width()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        out.push('\n');
        let mut line = |cells: &[String]| {
            for (index, (cell, width)) in cells.iter().zip(&widths).enumerate() {
                let pad = " ".repeat(width.saturating_sub(cell.width()));
                // Text left, numbers right.
                if index == 0 || index == 6 {
                    let _ = write!(out, "{cell}{pad}  ");
                } else {
                    let _ = write!(out, "{pad}{cell}  ");
                }
            }
            let trimmed = out.trim_end_matches(' ').len();
            out.truncate(trimmed);
            out.push('\n');
        };
        line(&QUARTER_HEADINGS.map(str::to_owned));
        for row in &rows {
            line(row);
        }
    }

    /// The metrics, grouped by phase, sub-items indented.
    fn table_metrics(&self, out: &mut String) {
        if self.model.metrics.is_empty() {
            return;
        }
        out.push('\n');
        let _ = writeln!(out, "Metrics");
        let mut phase = None;
        for (metric, status) in self.model.metrics.iter().zip(&self.plan.metrics) {
            if phase != Some(metric.phase.as_str()) {
                phase = Some(metric.phase.as_str());
                let _ = writeln!(out, "  {}", sanitize(&metric.phase));
            }
            let indent = if metric.parent.is_some() { "    " } else { "" };
            let _ = writeln!(
                out,
                "    {indent}[{:<7}] {} (target: {})",
                status.label(),
                sanitize(&metric.name),
                sanitize(&metric.target)
            );
        }
    }

    /// The 1:1 summary in Markdown, compared with the model's defaults
    /// (see [`Summary`]).
    pub fn markdown(&self) -> String {
        let defaults = Inputs::defaults(self.model);
        let empty = Scenario::default();
        let scenario = self.scenario.unwrap_or(&empty);
        match crate::domain::engine::compute(self.model, &defaults) {
            Ok(baseline) => Summary {
                model: self.model,
                model_source: self.model_source,
                scenario,
                inputs: self.inputs,
                plan: self.plan,
                baseline_label: "model defaults",
                baseline_inputs: &defaults,
                baseline: &baseline,
                date: scenario.saved,
            }
            .markdown(),
            // A validated model always plans; without a baseline, compare
            // the plan with itself.
            Err(_) => Summary {
                model: self.model,
                model_source: self.model_source,
                scenario,
                inputs: self.inputs,
                plan: self.plan,
                baseline_label: "this plan",
                baseline_inputs: self.inputs,
                baseline: self.plan,
                date: scenario.saved,
            }
            .markdown(),
        }
    }

    /// The task table with its totals row as RFC 4180 CSV. Text cells are
    /// neutralised against formula injection.
    ///
    /// # Errors
    /// Only if the CSV writer fails.
    pub fn csv(&self) -> Result<String, std::io::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record([
            "task",
            "weekly",
            "monthly",
            "quarterly",
            "yearly",
            "per_working_week",
            "scales_with",
            "note",
        ])?;
        let cell = crate::domain::text::decimal2;
        for (row, hours) in self.rows() {
            let mut record = vec![csv_text(&row.task)];
            record.extend(period_values(hours).map(cell));
            record.push(csv_text(scales_with(self.model, row).unwrap_or_default()));
            record.push(csv_text(&row.note));
            writer.write_record(&record)?;
        }
        let mut totals = vec!["Total".to_owned()];
        totals.extend(period_values(&self.plan.totals).map(cell));
        totals.extend([String::new(), String::new()]);
        writer.write_record(&totals)?;
        // The quarters follow after an empty line, a table of their own.
        let mut bytes = writer
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)?;
        bytes.push(b'\n');
        let mut writer = csv::Writer::from_writer(bytes);
        writer.write_record([
            "quarter",
            "gross_hours",
            "pto_days",
            "pto_hours",
            "available_hours",
            "planned_hours",
            "utilization",
            "status",
        ])?;
        for q in &self.plan.quarters {
            writer.write_record([
                q.label(),
                cell(q.gross_hours),
                cell(q.pto_days),
                cell(q.pto_hours),
                cell(q.available_hours),
                cell(q.planned_hours),
                crate::domain::text::decimal2(q.utilization * 100.0),
                q.status.key().to_owned(),
            ])?;
        }
        finish_csv(writer)
    }

    /// The JSON contract of PRODUCT.md, numbers unrounded.
    ///
    /// # Errors
    /// Only if serialization fails.
    pub fn json(&self) -> Result<String, std::io::Error> {
        let mut text = serde_json::to_string_pretty(&JsonReport::from(*self))?;
        text.push('\n');
        Ok(text)
    }
}

/// Where the gross hours come from (see [`capacity::gross_basis`]).
pub fn gross_basis(figures: &crate::domain::engine::CapacityFigures) -> String {
    capacity::gross_basis(&figures.inputs, figures.calendar)
}

/// A change in words: "Customers in book 35 → 42", "EBRs 9 → 6 h a month".
pub fn describe_change(model: &Model, change: crate::domain::engine::Change) -> String {
    match change {
        crate::domain::engine::Change::Input {
            input,
            before,
            after,
        } => {
            format!(
                "{} {} → {}",
                input.label(model),
                input_value(input, before),
                input_value(input, after)
            )
        }
        crate::domain::engine::Change::Hours {
            row,
            before,
            after,
            scale,
        } => match model.rows.get(row) {
            Some(row) => {
                // At the counts now, as the planner shows and takes them.
                let at = row
                    .scales_with
                    .and_then(|id| model.count(id))
                    .map(|count| {
                        format!(
                            " at {} {}",
                            number(scale * count.default),
                            text::in_sentence(&count.label)
                        )
                    })
                    .unwrap_or_default();
                format!(
                    "{} {} → {} h a {}{at}",
                    row.task,
                    number(before * scale),
                    number(after * scale),
                    row.per.name()
                )
            }
            None => String::new(),
        },
        crate::domain::engine::Change::Calendar {
            before,
            after,
            weeks,
        } => format!(
            "Capacity counted in {} → {}",
            period_label(before, weeks.0),
            period_label(after, weeks.1)
        ),
        crate::domain::engine::Change::PtoByQuarter { before, after } => format!(
            "PTO days by quarter {} → {}",
            quarters_text(before),
            quarters_text(after)
        ),
        crate::domain::engine::Change::CountByQuarter { id, before, after } => format!(
            "{} by quarter {} → {}",
            model.count(id).map_or("", |count| count.label.as_str()),
            quarters_text(before),
            quarters_text(after)
        ),
    }
}

/// A count or capacity input for people: the target as a percentage
/// (`85 %`), the others as numbers (`1,028`).
pub fn input_value(input: Input, value: f64) -> String {
    match input {
        Input::Capacity(crate::domain::model::CapacityField::TargetUtilization) => percent(value),
        _ => number(value),
    }
}

/// The period capacity is counted in: `2027`, `2027 Q1`, or without a
/// calendar the year's weeks (`52 weeks`).
pub fn period_label(calendar: Option<crate::domain::engine::Calendar>, weeks: f64) -> String {
    calendar.map_or_else(
        || format!("{} weeks", number(weeks)),
        crate::domain::engine::Calendar::label,
    )
}

/// `10, 10, 26, 10`, or `even` for values the same every quarter.
fn quarters_text(values: Option<[f64; 4]>) -> String {
    values.map_or_else(|| "even".to_owned(), |values| values.map(number).join(", "))
}

/// The actual value recorded for metric `index`, with its unit: `4.3 of
/// 5`, `12 days`, `85 %`; `None` when nothing is recorded.
pub fn metric_value(model: &Model, inputs: &Inputs, index: usize) -> Option<String> {
    let actual = inputs.actual(index)?;
    let unit = match model.metrics.get(index).and_then(|m| m.judge.as_ref()) {
        Some(crate::domain::model::Judge::Actual { unit, .. }) => sanitize(unit).into_owned(),
        _ => String::new(),
    };
    Some(if unit.is_empty() {
        number(actual)
    } else {
        format!("{} {unit}", number(actual))
    })
}

/// "35 customers (+0)"-style book capacity in words.
#[expect(clippy::cast_precision_loss, reason = "book sizes are far below 2^52")]
pub fn book_capacity(model: &Model, inputs: &Inputs, plan: &Plan) -> String {
    let Some(book) = model.count_id(crate::domain::model::BOOK_COUNT) else {
        return "no `customers` count in this model".to_owned();
    };
    let now = inputs.count(book);
    let room = |max: u64| {
        let room = max as f64 - now;
        let sign = if room >= 0.0 { "+" } else { "" };
        format!("{sign}{}", number(room))
    };
    let target = plan.capacity.inputs.target_utilization;
    match (plan.max_customers, plan.max_customers_at_target) {
        (Some(max), Some(at)) if target < 1.0 => format!(
            "{} at 100 %, {} at {} ({} at the target)",
            text::thousands(max),
            text::thousands(at),
            percent(target),
            room(at)
        ),
        (Some(max), _) => format!(
            "{} ({})",
            text::things(max as f64, "customer", "customers"),
            room(max)
        ),
        (None, _) => "unlimited (no row grows with customers)".to_owned(),
    }
}

/// The quarter table's headings and, per quarter, its cells for people:
/// gross, PTO days, available, planned, utilization, status.
pub const QUARTER_HEADINGS: [&str; 7] = [
    "Quarter",
    "Gross h",
    "PTO days",
    "Available h",
    "Planned h",
    "Utilization",
    "Status",
];

/// One quarter's cells, as [`QUARTER_HEADINGS`] names them.
pub fn quarter_cells(quarter: &crate::domain::engine::Quarter) -> [String; 7] {
    [
        quarter.label(),
        hours_cell(quarter.gross_hours),
        number(quarter.pto_days),
        hours_cell(quarter.available_hours),
        hours_cell(quarter.planned_hours),
        quarter.percent(),
        quarter.status.label().to_owned(),
    ]
}

/// The name of the count `row` grows with.
fn scales_with<'m>(model: &'m Model, row: &crate::domain::model::Row) -> Option<&'m str> {
    row.scales_with
        .and_then(|id| model.count(id))
        .map(|count| count.name.as_str())
}

/// Markdown table cell text: sanitized, pipes escaped.
/// Markdown cell or line text: sanitized, with what Markdown would read as
/// a table pipe, HTML, a link or an autolink escaped, so a name, owner or
/// note from a file shows as written and links nowhere.
fn md_text(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::new();
    let mut chars = clean.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '[' | ']' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Only where it would start an entity (`&lt;`, `&#60;`).
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;");
            }
            _ => out.push(c),
        }
    }
    // `https://…` would become a link on its own.
    out.replace("://", ":\\/\\/")
}

/// The text a CSV writer holds, once flushed.
fn finish_csv(writer: csv::Writer<Vec<u8>>) -> Result<String, std::io::Error> {
    let bytes = writer
        .into_inner()
        .map_err(csv::IntoInnerError::into_error)?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

/// A CSV text cell: sanitized, and prefixed with `'` when a spreadsheet
/// would read it as a formula (`= + - @`, tab or CR first).
fn csv_text(value: &str) -> String {
    // Sanitize first: a direction mark before `=` is dropped, and the `=`
    // it hid must still be guarded.
    let clean = text::sanitize(value);
    let risky = clean
        .trim_start()
        .starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky {
        format!("'{clean}")
    } else {
        clean.into_owned()
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    model: Cow<'a, str>,
    counts: JsonCounts<'a>,
    capacity: JsonCapacity,
    rows: Vec<JsonRow<'a>>,
    totals: JsonHours,
    utilization: f64,
    status: &'static str,
    max_customers: Option<u64>,
    max_customers_at_target: Option<u64>,
    quarters: Vec<JsonQuarter>,
    warnings: Vec<String>,
    metrics: Vec<JsonMetric<'a>>,
}

#[derive(Serialize)]
struct JsonQuarter {
    quarter: u8,
    gross_hours: f64,
    pto_hours: f64,
    available_hours: f64,
    planned_hours: f64,
    utilization: f64,
    status: &'static str,
}

/// The counts as one object, in the model's order.
struct JsonCounts<'a>(&'a Model, &'a Inputs);

impl Serialize for JsonCounts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let JsonCounts(model, inputs) = self;
        let mut map = serializer.serialize_map(Some(model.counts.len()))?;
        for (i, count) in model.counts.iter().enumerate() {
            map.serialize_entry(&count.name, &inputs.count(crate::domain::model::CountId(i)))?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonCapacity {
    hours_per_week: f64,
    weeks_per_year: f64,
    pto_days: f64,
    hours_per_day: f64,
    target_utilization: f64,
    gross_hours: f64,
    pto_hours: f64,
    available_hours: f64,
    working_weeks: f64,
}

#[derive(Serialize)]
struct JsonHours {
    weekly: f64,
    monthly: f64,
    quarterly: f64,
    yearly: f64,
    per_working_week: f64,
}

impl From<&Hours> for JsonHours {
    fn from(hours: &Hours) -> JsonHours {
        JsonHours {
            weekly: hours.weekly,
            monthly: hours.monthly,
            quarterly: hours.quarterly,
            yearly: hours.yearly,
            per_working_week: hours.per_working_week,
        }
    }
}

#[derive(Serialize)]
struct JsonRow<'a> {
    task: Cow<'a, str>,
    #[serde(flatten)]
    hours: JsonHours,
    scales_with: Option<&'a str>,
    note: Cow<'a, str>,
}

#[derive(Serialize)]
struct JsonMetric<'a> {
    phase: Cow<'a, str>,
    name: Cow<'a, str>,
    target: Cow<'a, str>,
    status: &'static str,
}

impl<'a> From<Report<'a>> for JsonReport<'a> {
    fn from(report: Report<'a>) -> JsonReport<'a> {
        let Report {
            model,
            inputs,
            plan,
            ..
        } = report;
        let c = &plan.capacity;
        JsonReport {
            model: text::json_safe(&model.name),
            counts: JsonCounts(model, inputs),
            capacity: JsonCapacity {
                hours_per_week: c.inputs.hours_per_week,
                weeks_per_year: c.inputs.weeks_per_year,
                pto_days: c.inputs.pto_days,
                hours_per_day: c.inputs.hours_per_day,
                target_utilization: c.inputs.target_utilization,
                gross_hours: c.gross_hours,
                pto_hours: c.pto_hours,
                available_hours: c.available_hours,
                working_weeks: c.working_weeks,
            },
            rows: model
                .rows
                .iter()
                .zip(&plan.rows)
                .map(|(row, hours)| JsonRow {
                    task: text::json_safe(&row.task),
                    hours: hours.into(),
                    scales_with: scales_with(model, row),
                    note: text::json_safe(&row.note),
                })
                .collect(),
            totals: (&plan.totals).into(),
            utilization: plan.utilization,
            status: plan.status.key(),
            max_customers: plan.max_customers,
            max_customers_at_target: plan.max_customers_at_target,
            quarters: plan
                .quarters
                .iter()
                .map(|q| JsonQuarter {
                    quarter: q.quarter,
                    gross_hours: q.gross_hours,
                    pto_hours: q.pto_hours,
                    available_hours: q.available_hours,
                    planned_hours: q.planned_hours,
                    utilization: q.utilization,
                    status: q.status.key(),
                })
                .collect(),
            warnings: plan.warnings.iter().map(ToString::to_string).collect(),
            metrics: model
                .metrics
                .iter()
                .zip(&plan.metrics)
                .map(|(metric, status)| JsonMetric {
                    phase: text::json_safe(&metric.phase),
                    name: text::json_safe(&metric.name),
                    target: text::json_safe(&metric.target),
                    status: status.key(),
                })
                .collect(),
        }
    }
}

/// The 1:1 summary: date, owner, the scenario, counts, the task table with
/// deltas against a baseline, capacity, warnings and metrics.
#[derive(Debug, Clone, Copy)]
pub struct Summary<'a> {
    /// The model.
    pub model: &'a Model,
    /// Where the model came from: its file, or `built-in`.
    pub model_source: &'a str,
    /// Name, owner and note (empty for a plan without a scenario).
    pub scenario: &'a Scenario,
    /// The values of the plan.
    pub inputs: &'a Inputs,
    /// The plan.
    pub plan: &'a Plan,
    /// What the baseline is ("model defaults", a scenario's name).
    pub baseline_label: &'a str,
    /// The baseline's values.
    pub baseline_inputs: &'a Inputs,
    /// The baseline's plan.
    pub baseline: &'a Plan,
    /// The date the summary is for.
    pub date: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// A signed difference for people: `+84.00`, `-3.50`, `0.00`.
pub fn delta_cell(delta: f64) -> String {
    let cell = hours_cell(delta);
    if cell.starts_with('-') || cell == "0.00" {
        cell
    } else {
        format!("+{cell}")
    }
}

impl Summary<'_> {
    /// The summary as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        self.markdown_head(&mut out);
        self.markdown_counts(&mut out);
        self.markdown_tasks(&mut out);
        self.markdown_rest(&mut out);
        out
    }

    fn markdown_head(&self, out: &mut String) {
        let (model, plan, baseline) = (self.model, self.plan, self.baseline);
        let title = if self.scenario.name.is_empty() {
            &model.name
        } else {
            &self.scenario.name
        };
        let _ = writeln!(out, "# 1:1 summary: {}\n", md_text(title));
        if let Some(date) = self.date {
            let _ = writeln!(
                out,
                "- **Date:** {}",
                date.format("%Y-%m-%d %H:%M (UTC%:z)")
            );
        }
        if !self.scenario.owner.is_empty() {
            let _ = writeln!(out, "- **Owner:** {}", md_text(&self.scenario.owner));
        }
        let _ = writeln!(
            out,
            "- **Model:** {} ({})",
            md_text(&model.name),
            md_text(self.model_source)
        );
        let _ = writeln!(out, "- **Baseline:** {}", md_text(self.baseline_label));
        let _ = writeln!(
            out,
            "- **Status:** {} · {} of {} h available · {} h planned (baseline: {} · {})",
            plan.status.label(),
            plan.percent(),
            amount(plan.capacity.available_hours),
            amount(plan.totals.yearly),
            baseline.status.label(),
            baseline.percent()
        );
        if !self.scenario.note.trim().is_empty() {
            out.push('\n');
            for line in self.scenario.note.lines() {
                let _ = writeln!(out, "> {}", md_text(line));
            }
        }
        out.push('\n');
    }

    fn markdown_counts(&self, out: &mut String) {
        let model = self.model;
        let _ = writeln!(out, "## Counts\n");
        let _ = writeln!(out, "| Count | Value | Baseline | Δ |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for input in Input::all(model) {
            let (now, then) = (self.inputs.get(input), self.baseline_inputs.get(input));
            let delta = now - then;
            let delta = if crate::domain::num::differs(now, then) {
                format!(
                    "{}{}",
                    if delta > 0.0 { "+" } else { "" },
                    input_value(input, delta)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {delta} |",
                md_text(input.label(model)),
                input_value(input, now),
                input_value(input, then)
            );
        }
        out.push('\n');
        let changed: Vec<String> =
            crate::domain::engine::changes(model, self.baseline_inputs, self.inputs)
                .into_iter()
                .filter(|change| matches!(change, crate::domain::engine::Change::Hours { .. }))
                .map(|change| format!("- {}", md_text(&describe_change(model, change))))
                .collect();
        if !changed.is_empty() {
            let _ = writeln!(out, "Task hours changed:\n\n{}\n", changed.join("\n"));
        }
        let (then, now) = (self.baseline_inputs.calendar(), self.inputs.calendar());
        if then == now {
            if let Some(calendar) = now {
                let _ = writeln!(
                    out,
                    "Capacity counted in the weekdays of {}.\n",
                    calendar.label()
                );
            }
        } else {
            let _ = writeln!(
                out,
                "Capacity counted in: {} → {} (baseline → now).\n",
                period_label(then, self.baseline_inputs.capacity().weeks_per_year),
                period_label(now, self.inputs.capacity().weeks_per_year)
            );
        }
    }

    fn markdown_tasks(&self, out: &mut String) {
        let (model, plan, baseline) = (self.model, self.plan, self.baseline);
        let _ = writeln!(out, "## Tasks (hours)\n");
        let _ = writeln!(
            out,
            "| Task | {} | Δ yearly | Scales with | Note |",
            PERIODS.join(" | ")
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---|---|");
        for ((row, hours), then) in model.rows.iter().zip(&plan.rows).zip(&baseline.rows) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md_text(&row.task),
                period_values(hours).map(hours_cell).join(" | "),
                delta_cell(hours.yearly - then.yearly),
                scales_with(model, row).map(md_text).unwrap_or_default(),
                md_text(&row.note)
            );
        }
        let _ = writeln!(
            out,
            "| **Total** | {} | **{}** |  |  |",
            period_values(&plan.totals)
                .map(|v| format!("**{}**", hours_cell(v)))
                .join(" | "),
            delta_cell(plan.totals.yearly - baseline.totals.yearly)
        );
        out.push('\n');
    }

    fn markdown_rest(&self, out: &mut String) {
        let (model, plan, baseline) = (self.model, self.plan, self.baseline);
        let report = Report {
            model,
            model_source: self.model_source,
            scenario: None,
            inputs: self.inputs,
            plan,
        };
        let _ = writeln!(out, "## Capacity\n");
        let _ = writeln!(out, "- {}", report.capacity_line());
        let _ = writeln!(
            out,
            "- Available: {} → {} h (baseline → now)",
            amount(baseline.capacity.available_hours),
            amount(plan.capacity.available_hours)
        );
        let _ = writeln!(
            out,
            "- Planned: {} h ({}), {} h per working week; baseline {} h ({})",
            amount(plan.totals.yearly),
            plan.percent(),
            amount(plan.totals.per_working_week),
            amount(baseline.totals.yearly),
            baseline.percent()
        );
        let _ = writeln!(out, "- Book capacity: {}", report.book_line());
        if plan.capacity.inputs.target_utilization < 1.0 {
            let _ = writeln!(
                out,
                "- Target utilization: {} (baseline: {})",
                percent(plan.capacity.inputs.target_utilization),
                percent(baseline.capacity.inputs.target_utilization)
            );
        }
        out.push('\n');

        let _ = writeln!(out, "## Quarters\n");
        let _ = writeln!(out, "| {} |", QUARTER_HEADINGS.join(" | "));
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---|");
        for quarter in &plan.quarters {
            let _ = writeln!(out, "| {} |", quarter_cells(quarter).join(" | "));
        }
        out.push('\n');

        let _ = writeln!(out, "## Warnings\n");
        if plan.warnings.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for warning in &plan.warnings {
            let _ = writeln!(out, "- {warning}");
        }

        if !model.metrics.is_empty() {
            out.push('\n');
            let _ = writeln!(out, "## Metrics\n");
            let _ = writeln!(
                out,
                "| Phase | Metric | Target | Actual | Status | Baseline |"
            );
            let _ = writeln!(out, "|---|---|---|---:|---|---|");
            for (index, ((metric, status), then)) in model
                .metrics
                .iter()
                .zip(&plan.metrics)
                .zip(&baseline.metrics)
                .enumerate()
            {
                let sub = if metric.parent.is_some() { "↳ " } else { "" };
                let actual = self.inputs.actual(index).map(number).unwrap_or_default();
                let changed = if status == then { "" } else { " (changed)" };
                let _ = writeln!(
                    out,
                    "| {} | {sub}{} | {} | {actual} | {}{changed} | {} |",
                    md_text(&metric.phase),
                    md_text(&metric.name),
                    md_text(&metric.target),
                    status.label(),
                    then.label()
                );
            }
        }
    }
}
