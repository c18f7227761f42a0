//! `tamplan diff`: what changed in a plan between two versions, as a
//! table, Markdown, CSV or the JSON contract; and the one-line headline the
//! planner shows under its header ("38 → 42 customers, 96 % → 104 %,
//! OVERLOADED").

use std::fmt::Write as _;

use super::grid::Grid;
use super::{Render, csv_text, finish_csv, md_text};
use crate::domain::diff::{Compared, Diff, InputChange, InputKind, Value};
use crate::domain::text::{self, amount, number, sanitize};

/// A value for people: numbers grouped, a target as a percentage, a year
/// as written, four quarters side by side, "—" for nothing.
pub fn value_text(input: &InputChange, value: Value) -> String {
    match value {
        Value::Absent => "—".to_owned(),
        Value::Quarters(values) => values.map(number).join(", "),
        Value::Number(value) => match input.kind {
            InputKind::Calendar => text::plain(value),
            InputKind::Capacity if input.name == "target_utilization" => text::percent(value),
            InputKind::Hours => format!("{} h", number(value)),
            _ => number(value),
        },
    }
}

/// The main changes in one line: customers, utilization and status, and
/// how many other changes there are ("38 → 42 customers, 96 % → 104 %,
/// OVERLOADED, 2 other changes"); "no change" when there is none.
pub fn headline(diff: &Diff) -> String {
    if diff.is_empty() {
        return "no change".to_owned();
    }
    let summary = &diff.summary;
    let mut parts = Vec::new();
    let [was, is] = summary.customers;
    let customers = diff.inputs.iter().any(|input| input.name == "customers");
    if customers {
        parts.push(format!("{} → {} customers", number(was), number(is)));
    }
    let percent = |value: f64| text::utilization(value, summary.warn_at);
    let [before, after] = summary.utilization.map(percent);
    parts.push(if before == after {
        after
    } else {
        format!("{before} → {after}")
    });
    let [s0, s1] = summary.status;
    parts.push(if s0 == s1 {
        s1.0.label().to_owned()
    } else {
        format!("{} → {}", s0.0.label(), s1.0.label())
    });
    let others = diff.inputs.len() - usize::from(customers) + diff.meta.len();
    if others > 0 {
        parts.push(text::count(others, "other change", "other changes"));
    }
    parts.join(", ")
}

/// "the plan as reviewed on 2026-11-30 → the file as it is now".
fn versions_line(compared: &Compared) -> String {
    format!(
        "{}: {} → {}",
        sanitize(&compared.file),
        sanitize(&compared.from.label),
        sanitize(&compared.to.label)
    )
}

/// The summary's four figures: label, before, after.
pub(super) fn summary_rows(diff: &Diff) -> [[String; 3]; 4] {
    let s = &diff.summary;
    let percent = |value: f64| text::utilization(value, s.warn_at);
    [
        [
            "Planned hours".to_owned(),
            amount(s.planned_hours[0]),
            amount(s.planned_hours[1]),
        ],
        [
            "Available hours".to_owned(),
            amount(s.available_hours[0]),
            amount(s.available_hours[1]),
        ],
        [
            "Utilization".to_owned(),
            percent(s.utilization[0]),
            percent(s.utilization[1]),
        ],
        [
            "Status".to_owned(),
            s.status[0].0.label().to_owned(),
            s.status[1].0.label().to_owned(),
        ],
    ]
}

/// A signed yearly delta: `+84`, `-3.5`.
pub(super) fn signed_change(before: f64, after: f64) -> String {
    text::signed(after - before)
}

impl Render for Compared {
    fn table(&self) -> String {
        let diff = &self.diff;
        let mut out = String::new();
        let _ = writeln!(out, "{}", versions_line(self));
        for note in &self.notes {
            let _ = writeln!(out, "Note: {}", sanitize(note));
        }
        if diff.is_empty() {
            let _ = writeln!(out, "\nNo change.");
            return out;
        }
        let heading = |name: &str| vec![name.to_owned(), "Before".to_owned(), "After".to_owned()];
        let mut rows: Vec<Vec<String>> = Vec::new();
        if !diff.inputs.is_empty() {
            rows.push(heading("Input"));
            for input in &diff.inputs {
                rows.push(vec![
                    sanitize(&input.label).into_owned(),
                    value_text(input, input.before),
                    value_text(input, input.after),
                ]);
            }
        }
        let inputs_len = rows.len();
        if !diff.rows.is_empty() {
            rows.push(vec![
                "Task (yearly hours)".to_owned(),
                "Before".to_owned(),
                "After".to_owned(),
                "Δ".to_owned(),
            ]);
            for row in &diff.rows {
                rows.push(vec![
                    sanitize(&row.task).into_owned(),
                    amount(row.before),
                    amount(row.after),
                    signed_change(row.before, row.after),
                ]);
            }
        }
        let rows_len = rows.len();
        rows.push(heading("Plan"));
        rows.extend(summary_rows(diff).map(Vec::from));
        let grid = Grid::new(&rows, &[0]);
        for (index, row) in rows.iter().enumerate() {
            if index == 0 || index == inputs_len || index == rows_len {
                out.push('\n');
            }
            grid.line(&mut out, row);
        }
        if !diff.warnings.added.is_empty() || !diff.warnings.removed.is_empty() {
            out.push('\n');
            for warning in &diff.warnings.added {
                let _ = writeln!(out, "+ {}", sanitize(warning));
            }
            for warning in &diff.warnings.removed {
                let _ = writeln!(out, "- {}", sanitize(warning));
            }
        }
        if !diff.meta.is_empty() {
            out.push('\n');
            for meta in &diff.meta {
                let _ = writeln!(
                    out,
                    "{}: {:?} → {:?}",
                    meta.name,
                    sanitize(&meta.before),
                    sanitize(&meta.after)
                );
            }
        }
        out
    }

    fn markdown(&self) -> String {
        let mut out = format!("# Changes: {}\n\n", md_text(&self.file));
        let _ = writeln!(
            out,
            "- **From:** {}\n- **To:** {}",
            md_text(&self.from.label),
            md_text(&self.to.label)
        );
        for note in &self.notes {
            let _ = writeln!(out, "- **Note:** {}", md_text(note));
        }
        out.push('\n');
        markdown_body(&self.diff, &mut out, 2);
        out
    }

    fn csv(&self) -> Result<String, std::io::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["section", "name", "before", "after"])?;
        let diff = &self.diff;
        for input in &diff.inputs {
            let raw = |value: Value| match value {
                Value::Absent => String::new(),
                Value::Number(value) => value.to_string(),
                Value::Quarters(values) => values.map(|v| v.to_string()).join(";"),
            };
            writer.write_record([
                "input".to_owned(),
                csv_text(&input.name),
                raw(input.before),
                raw(input.after),
            ])?;
        }
        for row in &diff.rows {
            writer.write_record([
                "row".to_owned(),
                csv_text(&row.task),
                row.before.to_string(),
                row.after.to_string(),
            ])?;
        }
        let s = &diff.summary;
        for (name, [before, after]) in [
            ("planned_hours", s.planned_hours),
            ("available_hours", s.available_hours),
            ("utilization", s.utilization),
        ] {
            writer.write_record(["summary", name, &before.to_string(), &after.to_string()])?;
        }
        writer.write_record([
            "summary",
            "status",
            s.status[0].0.key(),
            s.status[1].0.key(),
        ])?;
        for warning in &diff.warnings.added {
            writer.write_record(["warning", "added", "", &csv_text(warning)])?;
        }
        for warning in &diff.warnings.removed {
            writer.write_record(["warning", "removed", &csv_text(warning), ""])?;
        }
        for meta in &diff.meta {
            writer.write_record([
                "meta",
                meta.name,
                &csv_text(&meta.before),
                &csv_text(&meta.after),
            ])?;
        }
        finish_csv(writer)
    }

    fn json(&self) -> Result<String, std::io::Error> {
        let mut text = serde_json::to_string_pretty(&json_safe(self))?;
        text.push('\n');
        Ok(text)
    }

    /// A document of its own: see [`super::html::diff`].
    fn html(&self) -> String {
        super::html::diff::document(self)
    }
}

/// The `diff` object of the JSON contract: `compared` with the text from
/// files made safe for JSON readers (as every JSON of tamplan).
///
/// # Errors
/// Only if serialization fails, which it does not for finite numbers.
pub fn json_value(compared: &Compared) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::to_value(json_safe(compared))
}

fn json_safe(compared: &Compared) -> Compared {
    let mut safe = compared.clone();
    let clean = |text: &mut String| *text = text::json_safe(text).into_owned();
    clean(&mut safe.file);
    for input in &mut safe.diff.inputs {
        clean(&mut input.name);
    }
    for row in &mut safe.diff.rows {
        clean(&mut row.task);
    }
    for warning in safe
        .diff
        .warnings
        .added
        .iter_mut()
        .chain(&mut safe.diff.warnings.removed)
    {
        clean(warning);
    }
    for meta in &mut safe.diff.meta {
        clean(&mut meta.before);
        clean(&mut meta.after);
    }
    safe
}

/// The diff's sections in Markdown, headings at `level` (the 1:1 summary
/// nests them one deeper).
pub fn markdown_body(diff: &Diff, out: &mut String, level: usize) {
    let hashes = "#".repeat(level);
    if diff.is_empty() {
        let _ = writeln!(out, "No change.");
        return;
    }
    let _ = writeln!(out, "{hashes} Plan\n");
    let _ = writeln!(out, "| Figure | Before | After |\n|---|---:|---:|");
    for [label, before, after] in summary_rows(diff) {
        let _ = writeln!(out, "| {label} | {before} | {after} |");
    }
    out.push('\n');
    if !diff.inputs.is_empty() {
        let _ = writeln!(out, "{hashes} Inputs\n");
        let _ = writeln!(out, "| Input | Before | After |\n|---|---:|---:|");
        for input in &diff.inputs {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                md_text(&input.label),
                value_text(input, input.before),
                value_text(input, input.after)
            );
        }
        out.push('\n');
    }
    if !diff.rows.is_empty() {
        let _ = writeln!(out, "{hashes} Tasks (yearly hours)\n");
        let _ = writeln!(out, "| Task | Before | After | Δ |\n|---|---:|---:|---:|");
        for row in &diff.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md_text(&row.task),
                amount(row.before),
                amount(row.after),
                signed_change(row.before, row.after)
            );
        }
        out.push('\n');
    }
    if !diff.warnings.added.is_empty() || !diff.warnings.removed.is_empty() {
        let _ = writeln!(out, "{hashes} Warnings\n");
        for warning in &diff.warnings.added {
            let _ = writeln!(out, "- New: {}", md_text(warning));
        }
        for warning in &diff.warnings.removed {
            let _ = writeln!(out, "- Gone: {}", md_text(warning));
        }
        out.push('\n');
    }
    if !diff.meta.is_empty() {
        let _ = writeln!(out, "{hashes} Name, owner and note\n");
        for meta in &diff.meta {
            let _ = writeln!(
                out,
                "- {}: “{}” → “{}”",
                meta.name,
                md_text(&meta.before),
                md_text(&meta.after)
            );
        }
        out.push('\n');
    }
}
