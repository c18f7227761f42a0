//! `tamplan calibrate`: the plan against the weeks worked, in table,
//! Markdown, CSV and JSON.

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::grid::Grid;
use super::{Render, csv_text, finish_csv, md_text};
use crate::domain::calibration::Calibration;
use crate::domain::model::Model;
use crate::domain::text::{self, amount, hours_cell, sanitize};

/// A calibration ready to print.
#[derive(Debug, Clone, Copy)]
pub struct CalibrationReport<'a> {
    /// The model (task names).
    pub model: &'a Model,
    /// The figures (with the lines and events not counted).
    pub calibration: &'a Calibration,
}

/// `-0` never printed: a zero is a zero.
fn unsigned_zero(value: f64) -> f64 {
    value + 0.0
}

pub(super) fn delta(value: f64) -> String {
    let cell = hours_cell(value);
    if cell.starts_with('-') || cell == "0.00" {
        cell
    } else {
        format!("+{cell}")
    }
}

impl CalibrationReport<'_> {
    pub(super) fn task(&self, index: usize) -> String {
        self.model
            .rows
            .get(index)
            .map_or_else(String::new, |row| sanitize(&row.task).into_owned())
    }

    pub(super) fn summary(&self) -> String {
        let c = self.calibration;
        format!(
            "{} to {} · {} · {} working weeks ({} h PTO) · {}",
            c.from,
            c.to,
            text::count(c.weeks.len(), "week", "weeks"),
            text::number(c.working_weeks),
            amount(c.pto_hours),
            text::count(c.entries, "entry", "entries"),
        )
    }

    /// The three totals every format shows, per working week: on tasks
    /// (against the plan), unplanned, and all logged.
    pub(super) fn totals(&self) -> [(&'static str, Option<f64>, f64); 3] {
        let c = self.calibration;
        [
            (
                "Total on tasks",
                Some(c.plan_per_working_week),
                c.actual_per_working_week,
            ),
            ("Unplanned", None, c.unplanned.per_working_week),
            ("All logged", None, c.all_per_working_week()),
        ]
    }

    fn notes(&self, out: &mut String, bullet: &str) {
        let notes = &self.calibration.notes;
        if notes.is_empty() {
            return;
        }
        let _ = writeln!(out, "\nNotes:");
        for note in notes {
            let _ = writeln!(out, "{bullet}{}", sanitize(note));
        }
    }

    fn skipped_lines(&self, out: &mut String) {
        let c = self.calibration;
        self.notes(out, "  ");
        if c.skipped_total == 0 {
            return;
        }
        let _ = writeln!(
            out,
            "\nSkipped ({}):",
            text::thousands(u64::try_from(c.skipped_total).unwrap_or(u64::MAX))
        );
        for skipped in c.skipped.iter().take(20) {
            let _ = writeln!(out, "  {}", sanitize(&skipped.to_string()));
        }
        if c.skipped_total > 20 {
            let _ = writeln!(
                out,
                "  … and {} more",
                text::thousands(u64::try_from(c.skipped_total - 20).unwrap_or(u64::MAX))
            );
        }
    }
}

impl<'a> CalibrationReport<'a> {
    /// The calibration object of the JSON contract (`calibrate`, and the
    /// plan's `logged`).
    pub(super) fn json_value(&self) -> JsonCalibration<'a> {
        let c = self.calibration;
        JsonCalibration {
            from: c.from.to_string(),
            to: c.to.to_string(),
            entries: c.entries,
            weeks: &c.weeks,
            working_weeks: c.working_weeks,
            pto_hours: c.pto_hours,
            rows: c
                .rows
                .iter()
                .map(|row| JsonRow {
                    task: text::json_safe(&self.task(row.task)).into_owned(),
                    plan_per_working_week: row.plan_per_working_week,
                    actual_hours: row.actual_hours,
                    actual_per_working_week: row.actual_per_working_week,
                    delta: unsigned_zero(row.delta),
                    by_week: ByWeek(&c.weeks, &row.by_week),
                })
                .collect(),
            unplanned: JsonUnplanned {
                hours: c.unplanned.hours,
                per_working_week: c.unplanned.per_working_week,
                top: c
                    .unplanned
                    .top
                    .iter()
                    .map(|(text, hours)| JsonTop {
                        text: text::json_safe(text).into_owned(),
                        hours: *hours,
                    })
                    .collect(),
            },
            totals: JsonTotals {
                plan_per_working_week: c.plan_per_working_week,
                actual_hours: c.actual_hours,
                actual_per_working_week: c.actual_per_working_week,
                unplanned_hours: c.unplanned.hours,
                unplanned_per_working_week: c.unplanned.per_working_week,
                all_hours: c.all_hours(),
                all_per_working_week: c.all_per_working_week(),
            },
            notes: c
                .notes
                .iter()
                .map(|n| text::json_safe(n).into_owned())
                .collect(),
            skipped_total: c.skipped_total,
            skipped: c
                .skipped
                .iter()
                .map(|s| JsonSkipped {
                    file: text::json_safe(&s.file).into_owned(),
                    line: s.line,
                    reason: text::json_safe(&s.message).into_owned(),
                })
                .collect(),
        }
    }
}

impl Render for CalibrationReport<'_> {
    /// Aligned columns: plan, actual and Δ per working week, then the last
    /// weeks, then the unplanned and the skipped.
    fn table(&self) -> String {
        let c = self.calibration;
        let mut out = String::new();
        let _ = writeln!(out, "Calibration · {}", self.summary());
        out.push('\n');
        let weeks: Vec<&String> = c.weeks.iter().rev().take(6).rev().collect();
        let skip = c.weeks.len() - weeks.len();
        let mut rows: Vec<Vec<String>> = c
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![
                    self.task(row.task),
                    hours_cell(row.plan_per_working_week),
                    hours_cell(row.actual_per_working_week),
                    delta(row.delta),
                ];
                cells.extend(row.by_week.iter().skip(skip).map(|h| hours_cell(*h)));
                cells
            })
            .collect();
        for (label, plan, actual) in self.totals() {
            rows.push(vec![
                label.to_owned(),
                plan.map(hours_cell).unwrap_or_default(),
                hours_cell(actual),
                plan.map(|plan| delta(actual - plan)).unwrap_or_default(),
            ]);
        }
        let mut headings = vec![
            "Task".to_owned(),
            "Plan/wk".to_owned(),
            "Actual/wk".to_owned(),
            "Δ".to_owned(),
        ];
        headings.extend(weeks.iter().map(|w| {
            w.split("-W")
                .nth(1)
                .map_or_else(String::new, |n| format!("W{n}"))
        }));
        let grid = Grid::new(rows.iter().chain(std::iter::once(&headings)), &[0]);
        grid.line(&mut out, &headings);
        for row in &rows {
            grid.line(&mut out, row);
        }
        if !c.unplanned.top.is_empty() {
            let _ = writeln!(
                out,
                "\nUnplanned, largest first (a rule in rules.toml maps them):"
            );
            for (text, hours) in &c.unplanned.top {
                let _ = writeln!(out, "  {:>8} h  {}", amount(*hours), sanitize(text));
            }
        }
        self.skipped_lines(&mut out);
        out
    }

    /// The calibration as a Markdown document.
    fn markdown(&self) -> String {
        let c = self.calibration;
        let mut out = String::new();
        let _ = writeln!(out, "# Calibration: {}\n", md_text(&self.model.name));
        let _ = writeln!(out, "{}\n", md_text(&self.summary()));
        let _ = writeln!(
            out,
            "| Task | Plan per working week | Actual per working week | Δ |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for row in &c.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md_text(&self.task(row.task)),
                hours_cell(row.plan_per_working_week),
                hours_cell(row.actual_per_working_week),
                delta(row.delta)
            );
        }
        for (label, plan, actual) in self.totals() {
            let _ = writeln!(
                out,
                "| **{label}** | {} | {} | {} |",
                plan.map(hours_cell).unwrap_or_default(),
                hours_cell(actual),
                plan.map(|plan| delta(actual - plan)).unwrap_or_default(),
            );
        }
        if !c.unplanned.top.is_empty() {
            let _ = writeln!(out, "\n## Unplanned, largest first\n");
            for (text, hours) in &c.unplanned.top {
                let _ = writeln!(out, "- {} h: {}", amount(*hours), md_text(text));
            }
        }
        if !c.notes.is_empty() {
            let _ = writeln!(out, "\n## Notes\n");
            for note in &c.notes {
                let _ = writeln!(out, "- {}", md_text(note));
            }
        }
        if c.skipped_total > 0 {
            let _ = writeln!(
                out,
                "\n{} not counted (`tamplan calibrate` lists them).",
                text::count(c.skipped_total, "line or event", "lines or events")
            );
        }
        out
    }

    /// One record a task and week, for a spreadsheet.
    ///
    /// # Errors
    /// Only if CSV writing fails.
    fn csv(&self) -> Result<String, std::io::Error> {
        let c = self.calibration;
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header = vec![
            "task".to_owned(),
            "plan_per_working_week".to_owned(),
            "actual_hours".to_owned(),
            "actual_per_working_week".to_owned(),
            "delta".to_owned(),
        ];
        header.extend(c.weeks.iter().cloned());
        writer.write_record(&header)?;
        let number = text::decimal2;
        for row in &c.rows {
            let mut record = vec![
                csv_text(&self.task(row.task)),
                number(row.plan_per_working_week),
                number(row.actual_hours),
                number(row.actual_per_working_week),
                number(row.delta),
            ];
            record.extend(row.by_week.iter().map(|h| number(*h)));
            writer.write_record(&record)?;
        }
        let hours = [c.actual_hours, c.unplanned.hours, c.all_hours()];
        for ((label, plan, actual), hours) in self.totals().into_iter().zip(hours) {
            let mut record = vec![
                label.to_owned(),
                plan.map(number).unwrap_or_default(),
                number(hours),
                number(actual),
                plan.map(|plan| number(actual - plan)).unwrap_or_default(),
            ];
            record.extend(c.weeks.iter().map(|_| String::new()));
            writer.write_record(&record)?;
        }
        finish_csv(writer)
    }

    /// The JSON contract of `calibrate --format json`.
    ///
    /// # Errors
    /// Only if serialization fails.
    fn json(&self) -> Result<String, std::io::Error> {
        let mut text = serde_json::to_string_pretty(&self.json_value())?;
        text.push('\n');
        Ok(text)
    }

    /// The calibration's document (see [`super::html::calibration`]).
    fn html(&self) -> String {
        super::html::calibration::document(self)
    }
}

#[derive(Serialize)]
pub(super) struct JsonCalibration<'a> {
    from: String,
    to: String,
    entries: usize,
    weeks: &'a [String],
    working_weeks: f64,
    pto_hours: f64,
    rows: Vec<JsonRow<'a>>,
    unplanned: JsonUnplanned,
    totals: JsonTotals,
    notes: Vec<String>,
    skipped: Vec<JsonSkipped>,
    skipped_total: usize,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    task: String,
    plan_per_working_week: f64,
    actual_hours: f64,
    actual_per_working_week: f64,
    delta: f64,
    by_week: ByWeek<'a>,
}

/// Hours by ISO week as one object, in week order.
struct ByWeek<'a>(&'a [String], &'a [f64]);

impl Serialize for ByWeek<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (week, hours) in self.0.iter().zip(self.1) {
            map.serialize_entry(week, hours)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonUnplanned {
    hours: f64,
    per_working_week: f64,
    top: Vec<JsonTop>,
}

#[derive(Serialize)]
struct JsonTop {
    text: String,
    hours: f64,
}

#[derive(Serialize)]
struct JsonTotals {
    plan_per_working_week: f64,
    actual_hours: f64,
    actual_per_working_week: f64,
    unplanned_hours: f64,
    unplanned_per_working_week: f64,
    all_hours: f64,
    all_per_working_week: f64,
}

#[derive(Serialize)]
struct JsonSkipped {
    file: String,
    /// Always there for a skipped line (the contract's integer).
    line: Option<usize>,
    reason: String,
}
