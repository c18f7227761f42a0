//! The model: capacity, counts, task rows, metrics and `warn_at`, as read
//! from a TOML model file and validated. Parsing takes text, never a path, so
//! this module does no I/O; `files` reads the files.
//!
//! Reading goes in two steps: serde reads the file into `raw` structs that
//! keep every value's position, then [`Model::parse`] checks them all and
//! builds the validated [`Model`], collecting every problem it finds.

mod check;
mod raw;

use std::fmt;

use serde::Deserialize;

pub use crate::domain::capacity::{Capacity, CapacityField};
use crate::domain::diagnostic::{Diagnostics, LineIndex};
use check::Checker;

/// The handbook's model, compiled in so `tamplan` runs with no set-up.
pub const DEFAULT_MODEL_TOML: &str = include_str!("../../../config/default.toml");

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

/// The JSON Schema (draft 7) of a model file, from the types the loader
/// reads it with.
pub fn json_schema() -> schemars::Schema {
    crate::domain::schema::json_schema_for::<raw::Model>()
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
