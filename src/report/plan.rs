//! The plan report of `tamplan report`: the plan as a terminal table, the
//! 1:1 summary in Markdown against the model's defaults, CSV and JSON.

use std::fmt::Write as _;

use super::grid::Grid;
use super::json::JsonReport;
use super::phrases::{QUARTER_HEADINGS, book_capacity, gross_basis, quarter_cells};
use super::summary::Summary;
use super::{Render, csv_text, finish_csv};
use crate::domain::engine::{Hours, Inputs, Plan};
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::domain::text::{self, amount, hours_cell, number, sanitize};

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
pub(super) const PERIODS: [&str; 5] = ["Weekly", "Monthly", "Quarterly", "Yearly", "Per work week"];

pub(super) fn period_values(hours: &Hours) -> [f64; 5] {
    [
        hours.weekly,
        hours.monthly,
        hours.quarterly,
        hours.yearly,
        hours.per_working_week,
    ]
}

impl Report<'_> {
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
    pub(super) fn capacity_line(&self) -> String {
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
    pub(super) fn book_line(&self) -> String {
        book_capacity(self.model, self.inputs, self.plan)
    }

    /// "From the CRM as of 2026-09-30: 5 customers, 5.3 weighted", for a
    /// scenario whose counts came from the CRM's book (its `[book]`).
    pub(super) fn crm_line(&self) -> Option<String> {
        let book = self.scenario?.book.as_ref()?;
        Some(format!(
            "From the CRM as of {}: {} (book capacity is in average customers)",
            book.as_of,
            super::book::both_counts(book.customers, book.weighted_customers)
        ))
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
        let headings = QUARTER_HEADINGS.map(str::to_owned);
        out.push('\n');
        // Text left, numbers right.
        let grid = Grid::new(rows.iter().chain([&headings]), &[0, 6]);
        grid.line(out, &headings);
        for row in &rows {
            grid.line(out, row);
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
}

impl Report<'_> {
    /// The 1:1 summary in Markdown, compared with the model's defaults,
    /// with what changed since the last 1:1 when `since` has it.
    pub fn summary(&self, since: Option<&super::SinceSection>) -> String {
        let defaults = Inputs::defaults(self.model);
        let empty = Scenario::default();
        let scenario = self.scenario.unwrap_or(&empty);
        // A validated model always plans; without a baseline, compare the
        // plan with itself.
        let baseline = crate::domain::engine::compute(self.model, &defaults).ok();
        let (baseline_label, baseline_inputs, baseline) = match &baseline {
            Some(baseline) => ("model defaults", &defaults, baseline),
            None => ("this plan", self.inputs, self.plan),
        };
        Summary {
            model: self.model,
            model_source: self.model_source,
            scenario,
            inputs: self.inputs,
            plan: self.plan,
            baseline_label,
            baseline_inputs,
            baseline,
            date: scenario.saved,
            since,
        }
        .markdown()
    }
}

impl Render for Report<'_> {
    /// Aligned columns for a terminal: header, task table with totals,
    /// capacity, warnings and metrics.
    fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} ({})",
            sanitize(&self.model.name),
            sanitize(self.model_source)
        );
        let _ = writeln!(out, "{}", self.status_line());
        out.push('\n');

        let rows: Vec<Vec<String>> = self
            .rows()
            .map(|(row, hours)| {
                let mark = if row.scales_with.is_some() { " *" } else { "" };
                std::iter::once(format!("{}{mark}", sanitize(&row.task)))
                    .chain(period_values(hours).map(hours_cell))
                    .collect()
            })
            .collect();
        let totals: Vec<String> = std::iter::once("Total".to_owned())
            .chain(period_values(&self.plan.totals).map(hours_cell))
            .collect();
        let headings: Vec<String> = std::iter::once("Task")
            .chain(PERIODS)
            .map(str::to_owned)
            .collect();
        let grid = Grid::new(rows.iter().chain([&headings, &totals]), &[0]);
        grid.line(&mut out, &headings);
        grid.rule(&mut out);
        for row in &rows {
            grid.line(&mut out, row);
        }
        grid.rule(&mut out);
        grid.line(&mut out, &totals);
        self.table_scaling(&mut out);
        out.push('\n');
        let _ = writeln!(out, "Capacity: {}", self.capacity_line());
        let _ = writeln!(out, "Book capacity: {}", self.book_line());
        if let Some(crm) = self.crm_line() {
            let _ = writeln!(out, "{crm}");
        }
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

    /// The 1:1 summary in Markdown, compared with the model's defaults
    /// (see [`Summary`]).
    fn markdown(&self) -> String {
        self.summary(None)
    }

    /// The task table with its totals row as RFC 4180 CSV. Text cells are
    /// neutralised against formula injection.
    ///
    /// # Errors
    /// Only if the CSV writer fails.
    fn csv(&self) -> Result<String, std::io::Error> {
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
    fn json(&self) -> Result<String, std::io::Error> {
        let mut text = serde_json::to_string_pretty(&JsonReport::from(*self))?;
        text.push('\n');
        Ok(text)
    }

    /// The plan's 1:1 document (see [`super::html::plan`]).
    fn html(&self) -> String {
        super::PlanDocument::new(*self).html()
    }
}

/// The name of the count `row` grows with.
pub(super) fn scales_with<'m>(
    model: &'m Model,
    row: &crate::domain::model::Row,
) -> Option<&'m str> {
    row.scales_with
        .and_then(|id| model.count(id))
        .map(|count| count.name.as_str())
}
