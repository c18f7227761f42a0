//! `tamplan calibrate`: the plan against the weeks worked, in table,
//! Markdown, CSV and JSON.

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use unicode_width::UnicodeWidthStr;

use super::{Format, csv_text, finish_csv, md_text};
use crate::domain::calibration::{Calibration, Skipped};
use crate::domain::model::Model;
use crate::domain::text::{self, amount, hours_cell, sanitize};

/// A calibration ready to print.
#[derive(Debug, Clone, Copy)]
pub struct CalibrationReport<'a> {
    /// The model (task names).
    pub model: &'a Model,
    /// The figures.
    pub calibration: &'a Calibration,
    /// The lines that could not be read.
    pub skipped: &'a [Skipped],
}

fn delta(value: f64) -> String {
    let cell = hours_cell(value);
    if cell.starts_with('-') || cell == "0.00" {
        cell
    } else {
        format!("+{cell}")
    }
}

impl CalibrationReport<'_> {
    /// The report in `format`.
    ///
    /// # Errors
    /// Only if CSV or JSON writing fails.
    pub fn render(&self, format: Format) -> Result<String, std::io::Error> {
        match format {
            Format::Table => Ok(self.table()),
            Format::Markdown => Ok(self.markdown()),
            Format::Csv => self.csv(),
            Format::Json => self.json(),
        }
    }

    fn task(&self, index: usize) -> String {
        self.model
            .rows
            .get(index)
            .map_or_else(String::new, |row| sanitize(&row.task).into_owned())
    }

    fn summary(&self) -> String {
        let c = self.calibration;
        format!(
            "{} to {} · {} · {} working weeks ({} h PTO) · {}",
            c.from,
            c.to,
            text::count(c.weeks.len(), "week", "weeks"),
            text::plain(c.working_weeks),
            amount(c.pto_hours),
            text::count(c.entries, "entry", "entries"),
        )
    }

    /// Aligned columns: plan, actual and Δ per working week, then the last
    /// weeks, then the unplanned and the skipped.
    pub fn table(&self) -> String {
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
        rows.push(vec![
            "Unplanned".to_owned(),
            String::new(),
            hours_cell(c.unplanned.per_working_week),
            String::new(),
        ]);
        rows.push(vec![
            "Total".to_owned(),
            hours_cell(c.plan_per_working_week),
            hours_cell(c.actual_per_working_week + c.unplanned.per_working_week),
            delta(
                c.actual_per_working_week + c.unplanned.per_working_week - c.plan_per_working_week,
            ),
        ]);
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
        let columns = headings.len();
        let widths: Vec<usize> = (0..columns)
            .map(|i| {
                rows.iter()
                    .chain(std::iter::once(&headings))
                    .filter_map(|row| row.get(i))
                    .map(|cell| cell.width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |out: &mut String, cells: &[String]| {
            let mut text = String::new();
            for (index, width) in widths.iter().enumerate() {
                let cell = cells.get(index).map_or("", String::as_str);
                let pad = " ".repeat(width.saturating_sub(cell.width()));
                if index == 0 {
                    let _ = write!(text, "{cell}{pad}  ");
                } else {
                    let _ = write!(text, "{pad}{cell}  ");
                }
            }
            let _ = writeln!(out, "{}", text.trim_end());
        };
        line(&mut out, &headings);
        for row in &rows {
            line(&mut out, row);
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

    fn skipped_lines(&self, out: &mut String) {
        if self.skipped.is_empty() {
            return;
        }
        let _ = writeln!(out, "\nSkipped ({}):", self.skipped.len());
        for skipped in self.skipped.iter().take(20) {
            let _ = writeln!(
                out,
                "  {}:{}: {}",
                sanitize(&skipped.file),
                skipped.line,
                sanitize(&skipped.reason)
            );
        }
        if self.skipped.len() > 20 {
            let _ = writeln!(out, "  … and {} more", self.skipped.len() - 20);
        }
    }

    /// The calibration as a Markdown document.
    pub fn markdown(&self) -> String {
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
        let _ = writeln!(
            out,
            "| Unplanned |  | {} |  |",
            hours_cell(c.unplanned.per_working_week)
        );
        if !c.unplanned.top.is_empty() {
            let _ = writeln!(out, "\n## Unplanned, largest first\n");
            for (text, hours) in &c.unplanned.top {
                let _ = writeln!(out, "- {} h: {}", amount(*hours), md_text(text));
            }
        }
        out
    }

    /// One record a task and week, for a spreadsheet.
    ///
    /// # Errors
    /// Only if CSV writing fails.
    pub fn csv(&self) -> Result<String, std::io::Error> {
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
        finish_csv(writer)
    }

    /// The JSON contract of `calibrate --format json`.
    ///
    /// # Errors
    /// Only if serialization fails.
    pub fn json(&self) -> Result<String, std::io::Error> {
        let c = self.calibration;
        let json = JsonCalibration {
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
                    delta: row.delta,
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
            },
            skipped: self
                .skipped
                .iter()
                .map(|s| JsonSkipped {
                    file: text::json_safe(&s.file).into_owned(),
                    line: s.line,
                    reason: text::json_safe(&s.reason).into_owned(),
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&json)?;
        text.push('\n');
        Ok(text)
    }
}

#[derive(Serialize)]
struct JsonCalibration<'a> {
    from: String,
    to: String,
    entries: usize,
    weeks: &'a [String],
    working_weeks: f64,
    pto_hours: f64,
    rows: Vec<JsonRow<'a>>,
    unplanned: JsonUnplanned,
    totals: JsonTotals,
    skipped: Vec<JsonSkipped>,
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
}

#[derive(Serialize)]
struct JsonSkipped {
    file: String,
    line: usize,
    reason: String,
}
