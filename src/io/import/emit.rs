//! Emitting the model: the TOML file with a comment for every choice the
//! import made, REVIEW on the guesses.

use std::fmt::Write as _;

use super::analysis::{Column, ImportedMetric, ImportedRow, Pto};
use super::counts::{Counts, NEW_COUNT, NEW_COUNT_LABEL};
use super::{HOURS_PER_DAY, HOURS_PER_WEEK, WEEKS_PER_YEAR, Warning, close};
use crate::domain::model::{BOOK_COUNT, Model};
use crate::domain::text;

/// The longest comment line written.
const COMMENT_WIDTH: usize = 78;

/// Writes the model file.
pub(super) struct Emit<'a> {
    pub(super) source: &'a str,
    pub(super) name: &'a str,
    pub(super) pto: &'a Pto,
    pub(super) rows: &'a [ImportedRow],
    pub(super) counts: &'a Counts,
    pub(super) metrics: &'a [ImportedMetric],
    pub(super) metrics_only: bool,
    pub(super) warnings: &'a [Warning],
}

/// A TOML string, escaped by the `toml` crate.
pub(super) fn string(value: &str) -> String {
    toml::Value::String(value.to_owned()).to_string()
}

/// A TOML number: an integer when whole, else a float.
pub(super) fn toml_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        toml::Value::Float(value).to_string()
    }
}

/// `# text`, wrapped at [`COMMENT_WIDTH`], control characters made spaces;
/// a list item ("- …") gets a hanging indent.
pub(super) fn comment(out: &mut String, text: &str) {
    let continuation = if text.starts_with("- ") { "#  " } else { "#" };
    let mut line = String::from("#");
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        let fresh = line == "#" || line == continuation;
        if !fresh && line.chars().count() + 1 + word.chars().count() > COMMENT_WIDTH {
            out.push_str(&line);
            out.push('\n');
            continuation.clone_into(&mut line);
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

pub(super) fn key(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

impl Emit<'_> {
    /// Per row, on the built-in model's own page (its title), how the
    /// built-in model reads the same task when it reads it otherwise: the
    /// count it grows with, or its hours a year at its defaults.
    fn builtin_readings(&self) -> Vec<Option<String>> {
        let builtin = Model::builtin()
            .ok()
            .filter(|model| model.name == self.name);
        self.rows
            .iter()
            .zip(&self.counts.rows)
            .map(|(row, (scales, _))| {
                let model = builtin.as_ref()?;
                let theirs = model
                    .rows
                    .iter()
                    .find(|theirs| theirs.task.eq_ignore_ascii_case(&row.task))?;
                let count = theirs.scales_with.and_then(|id| model.counts.get(id.0));
                let mut does = Vec::new();
                if count.map(|count| count.name.as_str()) != *scales {
                    does.push(count.map_or_else(
                        || "keeps the hours fixed".to_owned(),
                        |count| {
                            format!(
                                "grows with `{}` ({}, {} by default)",
                                count.name,
                                count.label,
                                text::plain(count.default)
                            )
                        },
                    ));
                }
                let yearly = theirs.hours * theirs.per.periods_per_year(&model.capacity);
                if !close(yearly, row.hours * 12.0) {
                    does.push(format!("plans {} h a year", text::plain(yearly)));
                }
                (!does.is_empty()).then(|| {
                    format!(
                        "REVIEW: the built-in model reads {:?} otherwise: it {}.",
                        row.task,
                        does.join(" and ")
                    )
                })
            })
            .collect()
    }

    pub(super) fn render(&self) -> String {
        let mut out = String::new();
        self.header(&mut out);
        self.capacity(&mut out);
        self.counts(&mut out);
        self.rows(&mut out);
        self.metrics(&mut out);
        out
    }

    fn header(&self, out: &mut String) {
        comment(
            out,
            &format!(
                "Imported by `tamplan import` from {}. The comments say what the import read and chose; those marked REVIEW are guesses a person should check. Validate with `tamplan check`.",
                self.source
            ),
        );
        if !self.warnings.is_empty() {
            out.push_str("#\n");
            comment(out, "REVIEW: warnings of the import:");
            for warning in self.warnings {
                let at = warning
                    .line
                    .map(|line| format!("line {line}: "))
                    .unwrap_or_default();
                comment(out, &format!("- {at}{}", warning.message));
            }
        }
        out.push('\n');
        comment(out, "The page's title.");
        key(out, "name", &string(self.name));
        out.push('\n');
        comment(
            out,
            "Utilization from which the plan is \"near\" capacity (tamplan's default).",
        );
        key(out, "warn_at", "0.9");
        if self.metrics_only {
            out.push('\n');
            comment(out, "Imported with --metrics-only: no task rows.");
            key(out, "rows", "[]");
        }
    }

    fn capacity(&self, out: &mut String) {
        out.push_str("\n[capacity]\n");
        comment(
            out,
            "40 h a week, 52 weeks and 8 h a day are tamplan's defaults; the page does not state them.",
        );
        key(out, "hours_per_week", &toml_number(HOURS_PER_WEEK));
        key(out, "weeks_per_year", &toml_number(WEEKS_PER_YEAR));
        match &self.pto.found {
            Some((phrase, line)) => {
                let check = match self.pto.hours {
                    Some(hours) if close(self.pto.days * HOURS_PER_DAY, hours) => format!(
                        " {} days × {} h = {} h.",
                        text::plain(self.pto.days),
                        text::plain(HOURS_PER_DAY),
                        text::plain(hours)
                    ),
                    Some(hours) => format!(
                        " REVIEW: {} days × {} h = {} h, not the {} h the page says; the days are used.",
                        text::plain(self.pto.days),
                        text::plain(HOURS_PER_DAY),
                        text::plain(self.pto.days * HOURS_PER_DAY),
                        text::plain(hours)
                    ),
                    None => String::new(),
                };
                comment(out, &format!("Line {line}: {phrase:?}.{check}"));
            }
            None => comment(out, "REVIEW: the page states no PTO; set pto_days."),
        }
        key(out, "pto_days", &toml_number(self.pto.days));
        key(out, "hours_per_day", &toml_number(HOURS_PER_DAY));
    }

    fn counts(&self, out: &mut String) {
        if let Some((customers, _)) = self.counts.customers {
            out.push_str("\n[[counts]]\n");
            key(out, "name", &string(BOOK_COUNT));
            key(out, "label", &string("Customers in book"));
            for note in &self.counts.notes {
                comment(out, note);
            }
            key(out, "default", &toml_number(customers));
        }
        if let Some((new, phrase)) = &self.counts.new_customers {
            out.push_str("\n[[counts]]\n");
            key(out, "name", &string(NEW_COUNT));
            key(out, "label", &string(NEW_COUNT_LABEL));
            comment(out, &format!("From the note's {phrase:?}."));
            key(out, "default", &toml_number(*new));
        }
    }

    fn rows(&self, out: &mut String) {
        for ((row, (scales, why)), builtin) in self
            .rows
            .iter()
            .zip(&self.counts.rows)
            .zip(self.builtin_readings())
        {
            out.push_str("\n[[rows]]\n");
            key(out, "task", &string(&row.task));
            if row.from == Column::Monthly {
                comment(out, &format!("Line {}: the Monthly column.", row.line));
            } else {
                comment(
                    out,
                    &format!(
                        "REVIEW: line {}: no Monthly figure; {} {} gives {} h a month.",
                        row.line,
                        row.from.label(),
                        text::plain(row.figure),
                        text::plain(row.hours)
                    ),
                );
            }
            key(out, "hours", &toml_number(row.hours));
            key(out, "per", &string("month"));
            comment(out, why);
            if let Some(builtin) = &builtin {
                comment(out, builtin);
            }
            if let Some(count) = scales {
                key(out, "scales_with", &string(count));
            }
            if !row.note.is_empty() {
                key(out, "note", &string(&row.note));
            }
        }
    }

    fn metrics(&self, out: &mut String) {
        let mut phase: Option<&str> = None;
        for metric in self.metrics {
            if phase != Some(metric.phase.as_str()) {
                out.push('\n');
                comment(
                    out,
                    &format!("{} (from \"Metrics for {}\")", metric.phase, metric.phase),
                );
                phase = Some(metric.phase.as_str());
            }
            out.push_str("\n[[metrics]]\n");
            key(out, "id", &string(&metric.id));
            key(out, "phase", &string(&metric.phase));
            if let Some(group) = &metric.group {
                key(out, "group", &string(group));
            }
            if let Some(parent) = &metric.parent {
                key(out, "parent", &string(parent));
            }
            comment(out, &format!("Line {}.", metric.line));
            key(out, "name", &string(&metric.name));
            key(out, "target", &string(&metric.target));
            match &metric.judge {
                Some(judge) => {
                    comment(
                        out,
                        &format!(
                            "REVIEW: judged from an actual value a scenario records: {:?} reads as {} {}{}.",
                            judge.phrase,
                            judge.op.replace('_', " "),
                            text::plain(judge.value),
                            if judge.unit.is_empty() {
                                String::new()
                            } else {
                                format!(" {}", judge.unit)
                            }
                        ),
                    );
                    let unit = if judge.unit.is_empty() {
                        String::new()
                    } else {
                        format!(", unit = {}", string(&judge.unit))
                    };
                    let _ = writeln!(
                        out,
                        "judge = {{ from = \"actual\", {} = {}{unit} }}",
                        judge.op,
                        toml_number(judge.value)
                    );
                }
                None if metric.children > 0 => {
                    comment(out, "No judge: the status follows the sub-items.");
                }
                None => comment(
                    out,
                    "No judge: no single unambiguous target phrase, so the status is \"no data\" until a judge is added.",
                ),
            }
        }
    }
}
