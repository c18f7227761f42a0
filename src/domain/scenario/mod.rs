//! Scenarios: a named set of changes to a model — counts, capacity, row
//! hours, metric actuals, a calendar period — with who made it, when, and a
//! note. Only values that differ from the model are kept. Parsing and
//! writing take and give text; `store` does the files.
//!
//! The types are here; reading a file (`read.rs`), applying a scenario to
//! a model (`apply.rs`), writing one (`write.rs`) and the `[book]` table
//! (`book.rs`) each have a file of their own.

mod apply;
mod book;
mod read;
mod write;

use crate::domain::diagnostic::Diagnostic;
use crate::domain::engine::{Calendar, Inputs};

pub use book::BookCounts;
pub use read::json_schema;

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
    /// The day of the last 1:1 that reviewed the plan (`reviewed`).
    pub reviewed: Option<Reviewed>,
}

/// `reviewed = DATE`: the day the plan was last reviewed in a 1:1, with
/// where it was in the file (0:0 when it was not read from one). Never a
/// change of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reviewed {
    /// The day.
    pub date: chrono::NaiveDate,
    /// 1-based line in the file it came from.
    pub line: usize,
    /// 1-based column in the file it came from.
    pub column: usize,
}

impl Reviewed {
    /// A review on `date`, not read from a file.
    pub fn on(date: chrono::NaiveDate) -> Reviewed {
        Reviewed {
            date,
            line: 0,
            column: 0,
        }
    }
}

/// The scenario format this tamplan writes when a file uses a key of the
/// third wave (`reviewed`, `[book]`); files without one are written as format 1, with
/// no `format` key.
pub const FORMAT: i64 = 2;

/// What a scenario names that the model lacks; the rest still applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The model's defaults with every known value of the scenario.
    pub inputs: Inputs,
    /// Each value the model has no place for, with its position.
    pub unknown: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests;
