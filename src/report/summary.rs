//! The 1:1 summary: a plan in Markdown against a baseline (the model's
//! defaults or a scenario), with the deltas a review talks about.

use std::fmt::Write as _;

use super::md_text;
use super::phrases::{QUARTER_HEADINGS, describe_change, input_value, period_label, quarter_cells};
use super::plan::{PERIODS, Report, period_values, scales_with};
use crate::domain::engine::{Input, Inputs, Plan};
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::domain::text::{amount, hours_cell, number, percent};

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
    /// What changed since the last 1:1, when the plan then is known.
    pub since: Option<&'a SinceSection>,
}

/// What changed since the last 1:1, as the plan's documents show it: a
/// section of the 1:1 summary and of the HTML document, and `since_review`
/// (the `diff` object) in the plan's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct SinceSection {
    /// What it is compared with: "the last 1:1 (2026-11-30)".
    pub label: String,
    /// The two versions and what changed.
    pub compared: crate::domain::diff::Compared,
}

impl SinceSection {
    /// What the plan is compared with, in words: the last 1:1 on its day,
    /// or the last commit (`head`) when there is no review, or no copy or
    /// commit of the review's day.
    pub fn compared_with(reviewed: Option<chrono::NaiveDate>, head: bool) -> String {
        match (reviewed, head) {
            (Some(day), true) => {
                format!("the last commit (the 1:1 of {day} has no copy or commit of its day)")
            }
            (Some(day), false) => format!("the last 1:1 ({day})"),
            (None, _) => "the last commit (no 1:1 recorded)".to_owned(),
        }
    }
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
        if let Some(since) = self.since {
            let _ = writeln!(out, "## Since {}\n", md_text(&since.label));
            let diff = &since.compared.diff;
            if diff.is_empty() {
                let _ = writeln!(out, "No change.\n");
            } else {
                let _ = writeln!(out, "{}.\n", md_text(&super::diff::headline(diff)));
                super::diff::markdown_body(diff, &mut out, 3);
            }
        }
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
            scenario: Some(self.scenario),
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
        if let Some(crm) = report.crm_line() {
            let _ = writeln!(out, "- {crm}");
        }
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
