//! The model: capacity, counts, task rows, metrics and `warn_at`, as read
//! from a TOML model file and validated. Parsing takes text, never a path, so
//! this module does no I/O; `files` reads the files.
//!
//! Reading goes in two steps: serde reads the file into `raw` structs that
//! keep every value's position, then [`Model::parse`] checks them all and
//! builds the validated [`Model`], collecting every problem it finds.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

pub use crate::domain::capacity::{Capacity, CapacityField};
use crate::domain::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::domain::text;

/// The handbook's model, compiled in so `tamplan` runs with no set-up.
pub const DEFAULT_MODEL_TOML: &str = include_str!("../../config/default.toml");

/// The name under which the built-in model is reported in errors.
pub const DEFAULT_MODEL_SOURCE: &str = "<built-in default model>";

/// The count whose largest value that still fits is reported as
/// `max_customers` (book capacity).
pub const BOOK_COUNT: &str = "customers";

/// A validated model. Build it with [`Model::parse`]; the indices it holds
/// ([`CountId`], [`MetricId`]) always point into its own lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// What the model is called, shown in headers and reports.
    pub name: String,
    /// Utilization from which the plan is "near" capacity (0.9 = 90 %).
    pub warn_at: f64,
    /// The default capacity figures.
    pub capacity: Capacity,
    /// The counts a TAM changes, in file order.
    pub counts: Vec<Count>,
    /// The task rows, in file order.
    pub rows: Vec<Row>,
    /// The metrics, in file order; a parent always comes before its children.
    pub metrics: Vec<Metric>,
    /// Counts that vary by quarter (`[counts_by_quarter]`), by count: the
    /// count's value for the year is their mean.
    pub counts_by_quarter: Vec<(CountId, [f64; 4])>,
    /// The week the rows' hours are given for (`[capacity] full_week`,
    /// default `hours_per_week`): rows that scale with no count follow the
    /// week, × `hours_per_week` ÷ `full_week`.
    pub full_week: f64,
}

/// A named number the TAM adjusts, such as customers in the book.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    /// The name used in files and `--set` (`customers`).
    pub name: String,
    /// The label shown to people (`Customers in book`).
    pub label: String,
    /// The value at which the rows' hours were given.
    pub default: f64,
}

/// Index of a count in [`Model::counts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountId(pub usize);

/// Index of a metric in [`Model::metrics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MetricId(pub usize);

/// The period a row's hours are given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// Hours a week; a year has `weeks_per_year` of them.
    Week,
    /// Hours a month; 12 a year.
    Month,
    /// Hours a quarter; 4 a year.
    Quarter,
    /// Hours a year.
    Year,
}

impl Per {
    /// How many of these periods a year holds.
    pub fn periods_per_year(self, capacity: &Capacity) -> f64 {
        match self {
            Per::Week => capacity.weeks_per_year,
            Per::Month => 12.0,
            Per::Quarter => 4.0,
            Per::Year => 1.0,
        }
    }

    /// `wk`, `mo`, `qtr` or `yr`, for a narrow column.
    pub fn short(self) -> &'static str {
        match self {
            Per::Week => "wk",
            Per::Month => "mo",
            Per::Quarter => "qtr",
            Per::Year => "yr",
        }
    }

    /// `week`, `month`, `quarter` or `year`.
    pub fn name(self) -> &'static str {
        match self {
            Per::Week => "week",
            Per::Month => "month",
            Per::Quarter => "quarter",
            Per::Year => "year",
        }
    }
}

/// One recurring task with its hours at the default counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The task's name, unique in the model.
    pub task: String,
    /// Hours per `per` at the default counts.
    pub hours: f64,
    /// The period `hours` is given for.
    pub per: Per,
    /// The count the row grows with, if any; its default is never 0.
    pub scales_with: Option<CountId>,
    /// The handbook's basis for the hours ("1 hour per customer").
    pub note: String,
    /// Whether a row that scales with no count follows the working week
    /// (× `hours_per_week` ÷ `full_week`); `follows_week = false` opts out.
    pub follows_week: bool,
}

/// How a metric's status is decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Judge {
    /// From the plan's own counts: `count`, or `count ÷ per_count`.
    Plan {
        /// The count compared.
        count: CountId,
        /// When set, the count is divided by this one (no data while it is 0).
        per_count: Option<CountId>,
        /// The comparison that must hold.
        target: Comparison,
    },
    /// From an actual value a scenario records (no data until it does).
    Actual {
        /// The comparison that must hold.
        target: Comparison,
        /// The unit of the actual value ("days", "%"), for display.
        unit: String,
    },
}

/// A comparison against a target value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// How the value is compared.
    pub op: CompareOp,
    /// The target value.
    pub value: f64,
}

/// The four ways a metric's value can be compared with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// value ≥ target
    AtLeast,
    /// value ≤ target
    AtMost,
    /// value > target
    Above,
    /// value < target
    Below,
}

impl Comparison {
    /// Whether `value` meets the target.
    pub fn holds(self, value: f64) -> bool {
        match self.op {
            CompareOp::AtLeast => value >= self.value,
            CompareOp::AtMost => value <= self.value,
            CompareOp::Above => value > self.value,
            CompareOp::Below => value < self.value,
        }
    }
}

/// A success metric of the handbook, with its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    /// Short unique name, used by scenarios to record actuals.
    pub id: String,
    /// Align, Enable, Expand & Renew.
    pub phase: String,
    /// A heading inside the phase ("Onboarding"), if any.
    pub group: Option<String>,
    /// The metric this one is a sub-item of.
    pub parent: Option<MetricId>,
    /// The metric as the handbook words it.
    pub name: String,
    /// The target in words.
    pub target: String,
    /// How the status is decided; without one, from the sub-items.
    pub judge: Option<Judge>,
}

impl Model {
    /// The built-in handbook model.
    ///
    /// # Errors
    /// Only if the compiled-in file were invalid, which the tests rule out.
    pub fn builtin() -> Result<Model, Diagnostics> {
        Model::parse(DEFAULT_MODEL_TOML, DEFAULT_MODEL_SOURCE)
    }

    /// Reads and validates a model from TOML text. `source` names the file
    /// in the diagnostics. Every problem found is reported, with its line and
    /// column.
    ///
    /// # Errors
    /// [`Diagnostics`] listing each problem when the text is not a valid model.
    pub fn parse(text: &str, source: &str) -> Result<Model, Diagnostics> {
        let raw: raw::Model =
            toml::from_str(text).map_err(|error| Diagnostics::from_toml(text, source, &error))?;
        let mut check = Checker {
            lines: LineIndex::new(text),
            problems: Vec::new(),
        };
        let model = check.model(raw);
        if check.problems.is_empty() {
            Ok(model)
        } else {
            Err(Diagnostics::new(source, check.problems))
        }
    }

    /// The counts' names, comma-separated, for "expected one of: …".
    pub fn count_names(&self) -> String {
        self.counts
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The count called `name`.
    pub fn count_id(&self, name: &str) -> Option<CountId> {
        self.counts
            .iter()
            .position(|count| count.name == name)
            .map(CountId)
    }

    /// The count at `id`.
    pub fn count(&self, id: CountId) -> Option<&Count> {
        self.counts.get(id.0)
    }

    /// Every name `--set` accepts: the counts, then the capacity inputs.
    pub fn input_names(&self) -> Vec<&str> {
        self.counts
            .iter()
            .map(|count| count.name.as_str())
            .chain(CapacityField::ALL.iter().map(|field| field.name()))
            .collect()
    }
}

/// The file's shape as serde reads it, every value with its position.
/// The same types give the model's JSON Schema ([`json_schema`]), so the
/// schema cannot drift from what the loader accepts.
mod raw {
    use schemars::JsonSchema;
    use serde::Deserialize;
    use toml::Spanned;

    use super::Per;

    /// A tamplan model: the rhythm-of-business table of recurring tasks
    /// and the capacity they are planned against.
    // Also the model's JSON Schema: see `json_schema`.
    #[derive(Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(title = "tamplan model")]
    pub struct Model {
        /// The model's name, e.g. "TAM Segment: Named".
        #[schemars(with = "String", regex(pattern = r"\S"))]
        pub name: Spanned<String>,
        /// Utilization from which a plan is flagged as near capacity, as a
        /// fraction (0.9 = 90 %).
        #[schemars(with = "Option<f64>", range(min = 0.0, max = 1.0))]
        pub warn_at: Option<Spanned<f64>>,
        /// The working year the hours are planned against.
        pub capacity: Capacity,
        /// The numbers a user changes (customers in the book, …) that rows
        /// scale with.
        #[serde(default)]
        pub counts: Vec<Count>,
        /// The recurring tasks, each with its hours per period.
        #[schemars(with = "Vec<Row>")]
        pub rows: Spanned<Vec<Row>>,
        /// The success metrics, each with its target.
        #[serde(default)]
        pub metrics: Vec<Metric>,
        /// A count's value in each quarter (four numbers), by count name.
        #[serde(default)]
        #[schemars(with = "std::collections::BTreeMap<String, [f64; 4]>")]
        pub counts_by_quarter: std::collections::BTreeMap<Spanned<String>, Spanned<Vec<f64>>>,
    }

    /// The working year.
    #[derive(Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Capacity {
        /// Hours in a working week, e.g. 40.
        #[schemars(with = "f64", range(min = 0.0))]
        pub hours_per_week: Spanned<f64>,
        /// Weeks in a year, e.g. 52.
        #[schemars(with = "f64", range(min = 0.0))]
        pub weeks_per_year: Spanned<f64>,
        /// Days of paid time off a year.
        #[schemars(with = "Option<f64>", range(min = 0.0))]
        pub pto_days: Option<Spanned<f64>>,
        /// Hours in a working day, the length of a PTO day, e.g. 8.
        #[schemars(with = "f64", range(min = 0.0))]
        pub hours_per_day: Spanned<f64>,
        /// The share of capacity a plan should fill, as a fraction
        /// (0.85 = 85 %).
        #[schemars(with = "Option<f64>", range(min = 0.0, max = 1.0))]
        pub target_utilization: Option<Spanned<f64>>,
        /// PTO days in each quarter (four numbers).
        #[schemars(with = "Option<[f64; 4]>")]
        pub pto_by_quarter: Option<Spanned<Vec<f64>>>,
        /// The week the rows' hours are given for (default
        /// `hours_per_week`): a row that scales with no count takes
        /// `hours_per_week` ÷ `full_week` of its hours (half at 20 h of 40).
        #[schemars(with = "Option<f64>", range(min = 0.0))]
        pub full_week: Option<Spanned<f64>>,
    }

    /// A number the user changes, e.g. customers in the book.
    #[derive(Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Count {
        /// The count's name for files and `--set`: lowercase letters,
        /// digits and `_`.
        #[schemars(with = "String", regex(pattern = r"^[a-z0-9_]+$"))]
        pub name: Spanned<String>,
        /// The count's label on screen.
        #[schemars(with = "String", regex(pattern = r"\S"))]
        pub label: Spanned<String>,
        /// The value the rows' hours are given at.
        #[schemars(with = "f64", range(min = 0.0))]
        pub default: Spanned<f64>,
    }

    /// A recurring task.
    #[derive(Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Row {
        /// The task's name.
        #[schemars(with = "String", regex(pattern = r"\S"))]
        pub task: Spanned<String>,
        /// Hours per `per`, at the counts' default values.
        #[schemars(with = "f64", range(min = 0.0))]
        pub hours: Spanned<f64>,
        /// The period the hours are given for.
        pub per: Per,
        /// The name of the count the hours grow with, in proportion.
        #[schemars(with = "Option<String>")]
        pub scales_with: Option<Spanned<String>>,
        /// Where the hours come from, shown under the table.
        #[serde(default)]
        pub note: String,
        /// For a row that scales with no count: whether its hours follow
        /// the working week (`hours_per_week` ÷ `full_week`); default true.
        pub follows_week: Option<bool>,
    }

    /// A success metric.
    #[derive(Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Metric {
        /// The metric's id for files and `--set`: lowercase letters,
        /// digits and `_`.
        #[schemars(with = "String", regex(pattern = r"^[a-z0-9_]+$"))]
        pub id: Spanned<String>,
        /// The phase of the customer journey it belongs to.
        #[schemars(with = "String", regex(pattern = r"\S"))]
        pub phase: Spanned<String>,
        /// A group within the phase.
        pub group: Option<String>,
        /// The id of the metric this one refines.
        #[schemars(with = "Option<String>")]
        pub parent: Option<Spanned<String>>,
        /// The metric's name.
        #[schemars(with = "String", regex(pattern = r"\S"))]
        pub name: Spanned<String>,
        /// The target as the handbook words it.
        pub target: String,
        /// How the plan or a recorded actual is judged against the target.
        #[schemars(with = "Option<Judge>")]
        pub judge: Option<Spanned<Judge>>,
    }

    /// How a metric is judged: one bound of `at_least`, `at_most`, `above`
    /// or `below`.
    #[derive(Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Judge {
        /// `plan` judges the planned hours; `actual` a recorded value.
        pub from: Source,
        /// For `plan`: the count whose value is judged.
        #[schemars(with = "Option<String>")]
        pub count: Option<Spanned<String>>,
        /// For `plan`: the count that `count` is divided by (a share, e.g.
        /// EBRs per Priority 1 customer).
        #[schemars(with = "Option<String>")]
        pub per_count: Option<Spanned<String>>,
        /// Met when the value is at least this.
        #[schemars(with = "Option<f64>")]
        pub at_least: Option<Spanned<f64>>,
        /// Met when the value is at most this.
        #[schemars(with = "Option<f64>")]
        pub at_most: Option<Spanned<f64>>,
        /// Met when the value is above this.
        #[schemars(with = "Option<f64>")]
        pub above: Option<Spanned<f64>>,
        /// Met when the value is below this.
        #[schemars(with = "Option<f64>")]
        pub below: Option<Spanned<f64>>,
        /// The value's unit, shown beside it.
        pub unit: Option<String>,
    }

    /// Where a metric's value comes from.
    #[derive(Deserialize, JsonSchema, Clone, Copy)]
    #[serde(rename_all = "lowercase")]
    pub enum Source {
        /// The plan's hours.
        Plan,
        /// A value recorded in the scenario's `[actuals]`.
        Actual,
    }
}

/// The JSON Schema (draft 7) of a model file, from the types the loader
/// reads it with.
pub fn json_schema() -> schemars::Schema {
    crate::domain::schema::json_schema_for::<raw::Model>()
}

/// Walks the raw model, checking every value and collecting problems.
struct Checker<'t> {
    /// The text's lines, indexed once for every problem placed in it.
    lines: LineIndex<'t>,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push(self.lines.at(span, message.into()));
    }

    /// A finite number ≥ 0, or a problem (and 0 in its place).
    fn number(&mut self, field: &str, value: &Spanned<f64>) -> f64 {
        let number = *value.get_ref();
        if number.is_nan() {
            self.problem(
                value.span(),
                format!("`{field}` is nan; expected a finite number ≥ 0"),
            );
            0.0
        } else if number.is_infinite() {
            self.problem(
                value.span(),
                format!("`{field}` is infinite; expected a finite number ≥ 0"),
            );
            0.0
        } else if number < 0.0 {
            self.problem(
                value.span(),
                format!(
                    "`{field}` is {}; expected a number ≥ 0",
                    text::plain(number)
                ),
            );
            0.0
        } else {
            number
        }
    }

    /// Non-empty text, trimmed.
    fn required_text(&mut self, field: &str, value: Spanned<String>) -> String {
        let span = value.span();
        let value = value.into_inner();
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.problem(span, format!("`{field}` is empty; expected some text"));
        }
        trimmed.to_owned()
    }

    /// A name for files and `--set`: lowercase letters, digits and `_`.
    fn identifier(&mut self, field: &str, value: Spanned<String>) -> String {
        let span = value.span();
        let value = value.into_inner();
        let valid = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            self.problem(
                span,
                format!(
                    "`{field}` is {value:?}; expected a name of lowercase letters, digits and _"
                ),
            );
        }
        value
    }

    fn model(&mut self, raw: raw::Model) -> Model {
        let name = self.required_text("name", raw.name);
        let warn_at = match &raw.warn_at {
            Some(value) => {
                let number = self.number("warn_at", value);
                if number > 1.0 {
                    self.problem(
                        value.span(),
                        format!(
                            "`warn_at` is {}; expected a fraction from 0 to 1 (0.9 = 90 %)",
                            text::plain(number)
                        ),
                    );
                }
                number
            }
            None => 0.9,
        };
        let capacity = self.capacity(&raw.capacity);
        let full_week = match &raw.capacity.full_week {
            Some(value) => {
                let number = self.number("full_week", value);
                if number <= 0.0 && value.get_ref().is_finite() && *value.get_ref() >= 0.0 {
                    self.problem(value.span(), "`full_week` is 0; expected a number above 0");
                }
                number
            }
            None => capacity.hours_per_week,
        };
        let counts = self.counts(raw.counts);
        let counts_by_quarter = self.counts_by_quarter(raw.counts_by_quarter, &counts);
        let rows_span = raw.rows.span();
        let rows = self.rows(raw.rows.into_inner(), &counts, &capacity);
        let metrics = self.metrics(raw.metrics, &counts);
        // A model without rows plans nothing (0 hours); it is allowed only
        // as a metrics-only model (`tamplan import --metrics-only`).
        if rows.is_empty() && metrics.is_empty() {
            self.problem(
                rows_span,
                "`rows` is empty and there are no metrics; expected at least one [[rows]] table, or [[metrics]] for a metrics-only model",
            );
        }
        Model {
            name,
            warn_at,
            capacity,
            counts,
            rows,
            metrics,
            counts_by_quarter,
            full_week,
        }
    }

    fn capacity(&mut self, raw: &raw::Capacity) -> Capacity {
        let pto_by_quarter =
            raw.pto_by_quarter.as_ref().and_then(
                |days| match crate::domain::capacity::four_quarters(
                    "pto_by_quarter",
                    days.get_ref(),
                ) {
                    Ok(days) => Some(days),
                    Err(why) => {
                        self.problem(days.span(), why);
                        None
                    }
                },
            );
        let pto_days = match (&raw.pto_days, pto_by_quarter) {
            (Some(days), None) => self.number("pto_days", days),
            (Some(days), Some(quarters)) => {
                let year = self.number("pto_days", days);
                let sum: f64 = quarters.iter().sum();
                if crate::domain::num::differs(year, sum) {
                    self.problem(
                        days.span(),
                        format!(
                            "`pto_days` is {} but `pto_by_quarter` adds up to {}; expected them to agree, or only `pto_by_quarter`",
                            text::plain(year),
                            text::plain(sum)
                        ),
                    );
                }
                sum
            }
            (None, Some(quarters)) => quarters.iter().sum(),
            (None, None) => {
                self.problem(
                    0..0,
                    "missing field `pto_days` in [capacity]; expected `pto_days` or `pto_by_quarter`",
                );
                0.0
            }
        };
        let target_utilization = raw
            .target_utilization
            .as_ref()
            .map_or(1.0, |value| *value.get_ref());
        let capacity = Capacity {
            hours_per_week: self.number("hours_per_week", &raw.hours_per_week),
            weeks_per_year: self.number("weeks_per_year", &raw.weeks_per_year),
            pto_days,
            hours_per_day: self.number("hours_per_day", &raw.hours_per_day),
            target_utilization,
            pto_by_quarter,
        };
        if let Err(problem) = crate::domain::capacity::check_capacity(&capacity, None) {
            let span = match problem.field() {
                "hours_per_week" => Some(raw.hours_per_week.span()),
                "weeks_per_year" => Some(raw.weeks_per_year.span()),
                "target_utilization" => raw.target_utilization.as_ref().map(Spanned::span),
                "pto_by_quarter" => raw.pto_by_quarter.as_ref().map(Spanned::span),
                // Too large: the week × the year, or the PTO.
                _ if !(capacity.hours_per_week * capacity.weeks_per_year).is_finite() => {
                    Some(raw.hours_per_week.span())
                }
                _ if !(capacity.pto_days * capacity.hours_per_day).is_finite() => {
                    Some(raw.hours_per_day.span())
                }
                _ => None,
            }
            .or_else(|| raw.pto_days.as_ref().map(Spanned::span))
            .or_else(|| raw.pto_by_quarter.as_ref().map(Spanned::span))
            .unwrap_or(0..0);
            self.problem(span, problem.to_string());
        }
        capacity
    }

    fn counts_by_quarter(
        &mut self,
        raw: std::collections::BTreeMap<Spanned<String>, Spanned<Vec<f64>>>,
        counts: &[Count],
    ) -> Vec<(CountId, [f64; 4])> {
        let mut out = Vec::new();
        for (name, values) in raw {
            let Some(index) = counts
                .iter()
                .position(|count| count.name == *name.get_ref())
            else {
                self.problem(
                    name.span(),
                    format!(
                        "count {:?} in [counts_by_quarter] is not in the model; expected one of: {}",
                        text::sanitize(name.get_ref()),
                        counts
                            .iter()
                            .map(|count| count.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                continue;
            };
            match crate::domain::capacity::four_quarters(name.get_ref(), values.get_ref()) {
                Ok(four) => out.push((CountId(index), four)),
                Err(why) => self.problem(values.span(), why),
            }
        }
        out
    }

    fn counts(&mut self, raw: Vec<raw::Count>) -> Vec<Count> {
        let mut seen = HashSet::new();
        let mut counts = Vec::with_capacity(raw.len());
        for count in raw {
            let span = count.name.span();
            let name = self.identifier("name", count.name);
            if CapacityField::from_name(&name).is_some() {
                self.problem(
                    span.clone(),
                    format!(
                        "count name {name:?} is a capacity input's name; expected another name"
                    ),
                );
            }
            if !seen.insert(name.clone()) {
                self.problem(
                    span,
                    format!("duplicate count name {name:?}; expected each count once"),
                );
            }
            let label = self.required_text("label", count.label);
            let default = self.number("default", &count.default);
            counts.push(Count {
                name,
                label,
                default,
            });
        }
        counts
    }

    fn rows(&mut self, raw: Vec<raw::Row>, counts: &[Count], capacity: &Capacity) -> Vec<Row> {
        let mut seen = HashSet::new();
        let mut rows = Vec::with_capacity(raw.len());
        // The year's hours must stay finite: the row that makes them
        // infinite is named, not the whole file or a flag.
        let mut yearly = 0.0_f64;
        for row in raw {
            let span = row.task.span();
            let task = self.required_text("task", row.task);
            if !task.is_empty() && !seen.insert(task.to_lowercase()) {
                self.problem(
                    span,
                    format!("duplicate task {task:?}; expected each task once"),
                );
            }
            let hours = self.number("hours", &row.hours);
            let this = hours * row.per.periods_per_year(capacity);
            if (yearly + this).is_infinite() && yearly.is_finite() {
                self.problem(
                    row.hours.span(),
                    format!(
                        "`hours` is {}: the plan's hours a year are too large to compute; expected a smaller number",
                        text::plain(hours)
                    ),
                );
            }
            yearly += this;
            let scales_with = row
                .scales_with
                .and_then(|name| self.scaling_count(&name, counts));
            rows.push(Row {
                task,
                hours,
                per: row.per,
                scales_with,
                note: row.note,
                follows_week: row.follows_week.unwrap_or(true),
            });
        }
        rows
    }

    /// The count a row scales with: it must exist and have a default > 0.
    fn scaling_count(&mut self, name: &Spanned<String>, counts: &[Count]) -> Option<CountId> {
        let id = self.count_ref("scales_with", name, counts)?;
        let count = counts.get(id.0)?;
        if count.default > 0.0 {
            Some(id)
        } else {
            self.problem(
                name.span(),
                format!(
                    "`scales_with` names {:?}, whose default is 0; a row can only scale with a count whose default is above 0",
                    count.name
                ),
            );
            None
        }
    }

    fn count_ref(
        &mut self,
        field: &str,
        name: &Spanned<String>,
        counts: &[Count],
    ) -> Option<CountId> {
        let wanted = name.get_ref();
        if let Some(index) = counts.iter().position(|count| &count.name == wanted) {
            Some(CountId(index))
        } else {
            let known: Vec<&str> = counts.iter().map(|count| count.name.as_str()).collect();
            let expected = if known.is_empty() {
                "no counts are defined; add a [[counts]] table".to_owned()
            } else {
                format!("expected one of: {}", known.join(", "))
            };
            self.problem(
                name.span(),
                format!("`{field}` names {wanted:?}, which is not a count; {expected}"),
            );
            None
        }
    }

    fn metrics(&mut self, raw: Vec<raw::Metric>, counts: &[Count]) -> Vec<Metric> {
        let mut metrics: Vec<Metric> = Vec::with_capacity(raw.len());
        for metric in raw {
            let id_span = metric.id.span();
            let id = self.identifier("id", metric.id);
            if metrics.iter().any(|earlier| earlier.id == id) {
                self.problem(
                    id_span,
                    format!("duplicate metric id {id:?}; expected each id once"),
                );
            }
            let phase = self.required_text("phase", metric.phase);
            let name = self.required_text("name", metric.name);
            let parent = metric.parent.and_then(|parent| {
                let found = metrics.iter().position(|earlier| &earlier.id == parent.get_ref());
                if found.is_none() {
                    self.problem(
                        parent.span(),
                        format!(
                            "`parent` names {:?}; expected the id of a metric listed before this one",
                            parent.get_ref()
                        ),
                    );
                }
                found.map(MetricId)
            });
            let judge = metric.judge.and_then(|judge| self.judge(judge, counts));
            metrics.push(Metric {
                id,
                phase,
                group: metric.group,
                parent,
                name,
                target: metric.target,
                judge,
            });
        }
        metrics
    }

    fn judge(&mut self, judge: Spanned<raw::Judge>, counts: &[Count]) -> Option<Judge> {
        let span = judge.span();
        let judge = judge.into_inner();
        let comparisons = [
            (CompareOp::AtLeast, "at_least", &judge.at_least),
            (CompareOp::AtMost, "at_most", &judge.at_most),
            (CompareOp::Above, "above", &judge.above),
            (CompareOp::Below, "below", &judge.below),
        ];
        let given: Vec<_> = comparisons
            .iter()
            .filter_map(|(op, field, value)| value.as_ref().map(|value| (*op, *field, value)))
            .collect();
        let target = if let [(op, field, value)] = given.as_slice() {
            Comparison {
                op: *op,
                value: self.number(field, value),
            }
        } else {
            self.problem(
                span,
                format!(
                    "`judge` has {} comparisons; expected exactly one of at_least, at_most, above, below",
                    given.len()
                ),
            );
            return None;
        };
        match judge.from {
            raw::Source::Plan => {
                let Some(count) = &judge.count else {
                    self.problem(
                        span,
                        "`judge` from the plan needs `count`; expected the name of a count",
                    );
                    return None;
                };
                let count = self.count_ref("count", count, counts)?;
                let per_count = match &judge.per_count {
                    Some(name) => Some(self.count_ref("per_count", name, counts)?),
                    None => None,
                };
                Some(Judge::Plan {
                    count,
                    per_count,
                    target,
                })
            }
            raw::Source::Actual => {
                if let Some(field) = judge.count.as_ref().or(judge.per_count.as_ref()) {
                    self.problem(
                        field.span(),
                        "`count` and `per_count` belong to judges from the plan; expected from = \"plan\" or no count",
                    );
                }
                Some(Judge::Actual {
                    target,
                    unit: judge.unit.unwrap_or_default(),
                })
            }
        }
    }
}

impl fmt::Display for Per {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_is_valid_and_complete() {
        let model = Model::builtin().expect("the built-in model parses");
        assert_eq!(model.name, "TAM Segment: Named");
        assert_eq!(model.rows.len(), 13);
        assert_eq!(model.counts.len(), 5);
        assert_eq!(model.metrics.len(), 21);
        let phases: Vec<usize> = ["Align", "Enable", "Expand & Renew"]
            .iter()
            .map(|phase| model.metrics.iter().filter(|m| &m.phase == phase).count())
            .collect();
        assert_eq!(phases, [3, 6, 12]);
    }

    fn problems(text: &str) -> Vec<String> {
        match Model::parse(text, "m.toml") {
            Ok(_) => Vec::new(),
            Err(diagnostics) => diagnostics.to_string().lines().map(str::to_owned).collect(),
        }
    }

    const HEAD: &str = "name = \"M\"\n[capacity]\nhours_per_week = 40\nweeks_per_year = 52\npto_days = 56\nhours_per_day = 8\n";

    #[test]
    fn rows_may_be_empty_only_in_a_metrics_only_model() {
        let metric = "[[metrics]]\nid = \"m\"\nphase = \"Align\"\nname = \"M\"\ntarget = \"t\"\n";
        let only_metrics = format!("rows = []\n{HEAD}{metric}");
        let model = Model::parse(&only_metrics, "m.toml").expect("a metrics-only model parses");
        assert!(model.rows.is_empty());
        assert_eq!(model.metrics.len(), 1);
        let plan = crate::domain::engine::compute(
            &model,
            &crate::domain::engine::Inputs::defaults(&model),
        )
        .expect("a metrics-only model computes");
        assert!(plan.rows.is_empty());
        assert!(plan.totals.yearly.abs() < 1e-12, "no rows, no hours");
        assert_eq!(
            problems(&format!("rows = []\n{HEAD}")),
            [
                "m.toml:1:8: `rows` is empty and there are no metrics; expected at least one [[rows]] table, or [[metrics]] for a metrics-only model"
            ]
        );
        assert_eq!(
            problems(HEAD),
            ["m.toml:1:1: missing required field `rows`; add it to this table"],
            "the `rows` key itself stays required"
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_position() {
        let text = format!(
            "{HEAD}[[counts]]\nname = \"customers\"\nlabel = \"C\"\ndefault = 0\n\
             [[rows]]\ntask = \"A\"\nhours = -1\nper = \"month\"\nscales_with = \"customers\"\n\
             [[rows]]\ntask = \"a\"\nhours = 1\nper = \"week\"\nscales_with = \"nope\"\n"
        );
        let found = problems(&text);
        assert_eq!(
            found,
            [
                "m.toml:13:9: `hours` is -1; expected a number ≥ 0",
                "m.toml:15:15: `scales_with` names \"customers\", whose default is 0; a row can only scale with a count whose default is above 0",
                "m.toml:17:8: duplicate task \"a\"; expected each task once",
                "m.toml:20:15: `scales_with` names \"nope\", which is not a count; expected one of: customers",
            ]
        );
    }
}
