//! The file's shape as serde reads it, every value with its position.
//! The same types give the model's JSON Schema
//! ([`json_schema`](super::json_schema)), so the schema cannot drift from
//! what the loader accepts.

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
