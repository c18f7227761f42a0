//! `tamplan import`: a handbook page (Markdown with YAML front matter and
//! Kramdown attribute lines such as `{: .alert}`) turned into a model file.
//! Pure: page text in, model TOML text and warnings out; `files` and `cli`
//! do the reading and writing.
//!
//! The page is read with pulldown-cmark (tables, YAML-style metadata blocks,
//! heading attributes), so links, emphasis and escapes are reduced to their
//! text and every value keeps its offset for `PAGE:LINE:COL` messages.
//! Kramdown attribute lists (`{: …}`) are dropped from every text.
//!
//! What the import reads, and the rules a reviewer should know:
//! - **Name**: the front matter's `title`. Only that key is needed, so the
//!   YAML is walked with yaml-rust2's event parser (a maintained YAML 1.2
//!   parser) instead of being loaded whole: aliases are never expanded, so a
//!   hostile front matter cannot blow up memory. No title: a warning and a
//!   name made from the page's file name.
//! - **Rows**: the first table whose header has a Tasks column and at least
//!   one of Weekly, Monthly, Quarterly, Yearly (Notes too, any order, any
//!   case). Each task row becomes `hours` per month (the handbook's exact
//!   column), falling back to Yearly ÷ 12, Quarterly ÷ 3, then
//!   Weekly × 52 ÷ 12 (said in a warning and a comment). A row whose task
//!   starts with "Total" is the totals row: checked against the sum of the
//!   rows, never imported.
//! - **Capacity**: 40 h a week, 52 weeks, 8 h a day; PTO from the first
//!   sentence "N days or M hours of PTO" (days win if N × 8 ≠ M).
//! - **Counts**: a row scales with `customers` only when its note says
//!   "per customer". The count's default is derived from the **first** such
//!   row (in table order) whose note gives a rate ("1 hour per customer",
//!   read per month unless the note names a period): its hours in that
//!   period ÷ the rate. Every other rate that implies a different book size
//!   is a warning; the hours always stay as the table gives them. A
//!   per-customer note that names new customers a quarter ("for average of
//!   3 customers/quarter") scales with `new_customers_per_quarter` instead
//!   (default from the note), as the built-in model does.
//! - **The built-in model's page** (the same title): a row read otherwise
//!   than the built-in model (another count, other hours) gets a REVIEW
//!   comment saying what the built-in model does.
//! - **Metrics**: every list item under a "Metrics for …" heading (up to the
//!   next heading); the phase is the heading's rest, sub-items point to their
//!   parent, a label paragraph just before a list ("Onboarding:", or a short
//!   line without final punctuation) is the list's `group`. The name is the
//!   item's text; the target is the text after "Label: " if any, "all
//!   sub-items met" for a parent, else the whole text.
//! - **Judges**: only when the item holds exactly one of these phrases and
//!   no other figure: "within N days|weeks|months" (at most N), "over N
//!   (out of M)" (above N), "at least N%" (at least N %), or a leading
//!   "N%" (at least N %). All are judged from an actual value a scenario
//!   records. Anything else has no judge: no data, or its sub-items' status.

mod analysis;
mod counts;
mod emit;
mod phrases;
mod walk;

use crate::domain::diagnostic::Finding;
use crate::domain::diagnostic::{Diagnostics, LineIndex};
use crate::domain::model::Model;
use analysis::Run;
use emit::Emit;
use walk::walk;

/// Default capacity figures, which a handbook page does not state.
const HOURS_PER_WEEK: f64 = 40.0;
const WEEKS_PER_YEAR: f64 = 52.0;
const HOURS_PER_DAY: f64 = 8.0;

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Write a model with just the metrics (`rows = []`), ignoring any table.
    pub metrics_only: bool,
}

/// Something a person should review, at a place in the page when it has
/// one: the one finding type of every reader (the page is named by the
/// caller, [`Finding::located`]).
pub type Warning = Finding;

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The model file, with comments for a reviewer; it passes
    /// [`Model::parse`].
    pub toml: String,
    /// Everything a person should review, in page order.
    pub warnings: Vec<Warning>,
    /// Task rows written.
    pub rows: usize,
    /// Metrics written.
    pub metrics: usize,
}

/// Why a page could not be imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// No table with a Tasks column and an hours column.
    #[error("no rhythm-of-business table found; metrics found: {metrics}")]
    NoTable {
        /// Metrics the page holds (what `--metrics-only` would import).
        metrics: usize,
    },
    /// `--metrics-only` on a page without metrics.
    #[error("no metrics found; expected list items under \"Metrics for …\" headings")]
    NoMetrics,
    /// Problems in the page's table or front matter, each at its place.
    #[error("{errors}")]
    Invalid {
        /// The problems, as `PAGE:LINE:COL: message`.
        errors: Diagnostics,
        /// Warnings found on the way.
        warnings: Vec<Warning>,
    },
    /// The generated model failed validation: a bug in the import, reported
    /// rather than written.
    #[error("the imported model does not validate (a bug in tamplan import):\n{0}")]
    Generated(Diagnostics),
}

/// Imports the page `page`; `source` names it in messages and comments.
///
/// # Errors
/// [`ImportError`]: no table (unless `metrics_only`), no metrics (with
/// `metrics_only`), or problems in the table, each at its line and column.
pub fn import(page: &str, source: &str, options: Options) -> Result<Imported, ImportError> {
    let walked = walk(page);
    let mut run = Run {
        lines: LineIndex::new(page),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let name = run.title(&walked, source);
    let metrics = run.metrics(&walked.items);
    let rows = if options.metrics_only {
        if metrics.is_empty() {
            return Err(ImportError::NoMetrics);
        }
        Vec::new()
    } else {
        let Some(table) = run.pick_table(&walked.tables) else {
            return Err(ImportError::NoTable {
                metrics: metrics.len(),
            });
        };
        run.rows(table)
    };
    let pto = run.pto(&walked.blocks);
    if !run.errors.is_empty() {
        return Err(ImportError::Invalid {
            errors: Diagnostics::new(source, run.errors),
            warnings: run.warnings,
        });
    }
    let counts = run.counts(&rows);
    run.warnings
        .sort_by_key(|warning| warning.line.zip(warning.column));
    let toml = Emit {
        source,
        name: &name,
        pto: &pto,
        rows: &rows,
        counts: &counts,
        metrics: &metrics,
        metrics_only: options.metrics_only,
        warnings: &run.warnings,
    }
    .render();
    Model::parse(&toml, &format!("<model imported from {source}>"))
        .map_err(ImportError::Generated)?;
    Ok(Imported {
        toml,
        warnings: run.warnings,
        rows: rows.len(),
        metrics: metrics.len(),
    })
}

/// Whether two figures written in the page agree (the domain's tolerance
/// for written figures).
fn close(a: f64, b: f64) -> bool {
    crate::domain::num::agree(a, b)
}

#[cfg(test)]
mod tests;
