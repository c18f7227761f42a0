//! `tamplan team`: the team's plans side by side in table, Markdown, CSV
//! and JSON, with the totals, the files that did not load, and how many
//! TAMs a book needs.

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{Format, csv_text, finish_csv, md_text};
use crate::domain::team::{Member, Team, Totals, duplicate_owners, totals};
use crate::domain::text::{self, amount, percent, plain, sanitize};

/// A team's roll-up, ready to print.
#[derive(Debug, Clone, Copy)]
pub struct TeamReport<'a> {
    /// The model's name.
    pub model: &'a str,
    /// The plans and the files that did not load.
    pub team: &'a Team,
    /// With `--book N`: N, and the TAMs it needs (`None` when a TAM holds
    /// no customers at the target).
    pub book: Option<(u64, Option<u64>)>,
    /// Now, to tell how old a plan is.
    pub now: chrono::DateTime<chrono::FixedOffset>,
}

/// A member's room: hours spare (positive) or over (negative).
fn spare(member: &Member) -> f64 {
    member.available_hours - member.planned_hours
}

fn optional(value: Option<u64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

fn signed(value: f64) -> String {
    if value > 0.0 {
        format!("+{}", plain(value))
    } else {
        plain(value)
    }
}

impl TeamReport<'_> {
    /// The roll-up in `format`.
    ///
    /// # Errors
    /// Only if CSV or JSON serialization fails.
    pub fn render(&self, format: Format) -> Result<String, std::io::Error> {
        match format {
            Format::Table => Ok(self.table()),
            Format::Markdown => Ok(self.markdown()),
            Format::Csv => self.csv(),
            Format::Json => self.json(),
        }
    }

    fn totals(&self) -> Totals {
        totals(&self.team.members)
    }

    /// A member's cells for people, in [`HEADINGS`] order.
    fn cells(&self, member: &Member) -> [String; 10] {
        let saved = match (member.saved, member.age_days(self.now)) {
            (Some(saved), Some(days)) => {
                let stale = if member.stale(self.now) { " STALE" } else { "" };
                format!("{} ({days} d){stale}", saved.format("%Y-%m-%d"))
            }
            _ => "not dated".to_owned(),
        };
        [
            sanitize(if member.owner.is_empty() {
                "no owner"
            } else {
                &member.owner
            })
            .into_owned(),
            sanitize(&member.name).into_owned(),
            plain(member.customers),
            percent(member.utilization),
            member.status.label().to_owned(),
            signed(spare(member)),
            optional(member.max_customers_at_target),
            member.headroom.map_or_else(|| "—".to_owned(), signed),
            member.warnings.to_string(),
            saved,
        ]
    }

    /// Aligned columns: one line a plan, the totals, problems, the book.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Team on {}", sanitize(self.model));
        let rows: Vec<[String; 10]> = self.team.members.iter().map(|m| self.cells(m)).collect();
        let totals = self.totals();
        let total_row = [
            "Team".to_owned(),
            text::count(totals.plans, "plan", "plans"),
            plain(totals.customers),
            percent(totals.utilization),
            String::new(),
            signed(totals.available_hours - totals.planned_hours),
            totals.max_customers_at_target.to_string(),
            signed(totals.headroom),
            String::new(),
            String::new(),
        ];
        let widths: Vec<usize> = (0..HEADINGS.len())
            .map(|c| {
                rows.iter()
                    .chain(std::iter::once(&total_row))
                    .filter_map(|row| row.get(c))
                    .map(|cell| cell.width())
                    .chain(HEADINGS.get(c).map(|h| h.width()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |out: &mut String, cells: &[String]| {
            let mut text = String::new();
            for (index, (cell, width)) in cells.iter().zip(&widths).enumerate() {
                let pad = " ".repeat(width.saturating_sub(cell.width()));
                // Names and words left, figures right.
                if matches!(index, 0 | 1 | 4 | 9) {
                    let _ = write!(text, "{cell}{pad}  ");
                } else {
                    let _ = write!(text, "{pad}{cell}  ");
                }
            }
            let _ = writeln!(out, "{}", text.trim_end());
        };
        line(&mut out, &HEADINGS.map(str::to_owned));
        let rule = widths
            .iter()
            .map(|w| w + 2)
            .sum::<usize>()
            .saturating_sub(2);
        let _ = writeln!(out, "{}", "─".repeat(rule));
        for row in &rows {
            line(&mut out, row);
        }
        let _ = writeln!(out, "{}", "─".repeat(rule));
        line(&mut out, &total_row);
        for sentence in self.sentences() {
            let _ = writeln!(out, "{sentence}");
        }
        out
    }

    /// What a manager should read beside the table: duplicate owners, the
    /// files that did not load, the book.
    fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        let twice = duplicate_owners(&self.team.members);
        if !twice.is_empty() {
            out.push(String::new());
            out.push(format!(
                "Owners with more than one plan: {}",
                sanitize(&twice.join(", "))
            ));
        }
        if !self.team.problems.is_empty() {
            out.push(String::new());
            out.push(format!("Not loaded ({}):", self.team.problems.len()));
            for problem in &self.team.problems {
                for (index, line) in problem.message.lines().enumerate() {
                    // Every problem names its file.
                    let line = if index == 0 && !line.starts_with(&problem.file) {
                        format!("{}: {line}", problem.file)
                    } else {
                        line.to_owned()
                    };
                    out.push(format!("  {}", sanitize(&line)));
                }
            }
        }
        if let Some(line) = self.book_sentence() {
            out.push(String::new());
            out.push(line);
        }
        out
    }

    /// "A book of 120 customers needs 5 TAMs at the target (25 each); the
    /// team has 3 plans holding 75: short by 45 customers, 2 TAMs."
    fn book_sentence(&self) -> Option<String> {
        let (book, tams) = self.book?;
        let totals = self.totals();
        #[expect(clippy::cast_precision_loss, reason = "book sizes are far below 2^52")]
        let room = totals.max_customers_at_target as f64 - book as f64;
        let Some(tams) = tams else {
            return Some(format!(
                "A book of {book} customers: one TAM holds no customers at the target, so no number of TAMs is enough"
            ));
        };
        let plans = u64::try_from(totals.plans).unwrap_or(u64::MAX);
        let tams_text =
            |n: u64| text::count(usize::try_from(n).unwrap_or(usize::MAX), "TAM", "TAMs");
        let (word, by) = if tams > plans {
            ("short", tams - plans)
        } else {
            ("spare", plans - tams)
        };
        Some(format!(
            "A book of {book} customers needs {} at the target; the team's {} {} {} at the target: {} {} ({} {word})",
            tams_text(tams),
            text::count(totals.plans, "plan", "plans"),
            if totals.plans == 1 { "holds" } else { "hold" },
            totals.max_customers_at_target,
            text::things(room.abs(), "customer", "customers"),
            if room < 0.0 { "short" } else { "spare" },
            tams_text(by),
        ))
    }

    /// The manager's notes: the table in Markdown, then the sentences.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Team summary: {}\n", md_text(self.model));
        let _ = writeln!(out, "| {} |", HEADINGS.join(" | "));
        let _ = writeln!(out, "|---|---|---:|---:|---|---:|---:|---:|---:|---|");
        for member in &self.team.members {
            let cells = self.cells(member).map(|cell| md_text(&cell));
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        let totals = self.totals();
        let _ = writeln!(
            out,
            "| **Team** | {} | {} | {} |  | {} | {} | {} |  |  |",
            text::count(totals.plans, "plan", "plans"),
            plain(totals.customers),
            percent(totals.utilization),
            signed(totals.available_hours - totals.planned_hours),
            totals.max_customers_at_target,
            signed(totals.headroom)
        );
        let sentences = self.sentences();
        if !sentences.is_empty() {
            out.push('\n');
        }
        for sentence in sentences.iter().filter(|s| !s.is_empty()) {
            let item = sentence.trim_start();
            let indent = if sentence.starts_with("  ") {
                "  - "
            } else {
                "- "
            };
            let _ = writeln!(out, "{indent}{}", md_text(item));
        }
        let _ = writeln!(
            out,
            "\nPlanned {} h of {} h available across the team.",
            amount(totals.planned_hours),
            amount(totals.available_hours)
        );
        out
    }

    /// One record a plan, for a spreadsheet; numbers unrounded to two
    /// decimals, text cells guarded.
    ///
    /// # Errors
    /// Only if CSV writing fails.
    pub fn csv(&self) -> Result<String, std::io::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record([
            "file",
            "name",
            "owner",
            "saved",
            "customers",
            "utilization",
            "status",
            "planned_hours",
            "available_hours",
            "max_customers",
            "max_customers_at_target",
            "headroom",
            "warnings",
        ])?;
        let number = text::decimal2;
        for m in &self.team.members {
            writer.write_record([
                csv_text(&m.file),
                csv_text(&m.name),
                csv_text(&m.owner),
                m.saved.map(|s| s.to_rfc3339()).unwrap_or_default(),
                number(m.customers),
                number(m.utilization * 100.0),
                m.status.key().to_owned(),
                number(m.planned_hours),
                number(m.available_hours),
                m.max_customers.map(|v| v.to_string()).unwrap_or_default(),
                m.max_customers_at_target
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                m.headroom.map(number).unwrap_or_default(),
                m.warnings.to_string(),
            ])?;
        }
        finish_csv(writer)
    }

    /// The JSON contract of `team --format json`.
    ///
    /// # Errors
    /// Only if serialization fails.
    pub fn json(&self) -> Result<String, std::io::Error> {
        let totals = self.totals();
        let json = JsonTeam {
            model: text::json_safe(self.model).into_owned(),
            plans: self
                .team
                .members
                .iter()
                .map(|m| JsonPlan {
                    file: text::json_safe(&m.file).into_owned(),
                    name: text::json_safe(&m.name).into_owned(),
                    owner: text::json_safe(&m.owner).into_owned(),
                    saved: m.saved.map(|s| s.to_rfc3339()),
                    customers: m.customers,
                    utilization: m.utilization,
                    status: m.status.key(),
                    planned_hours: m.planned_hours,
                    available_hours: m.available_hours,
                    max_customers: m.max_customers,
                    max_customers_at_target: m.max_customers_at_target,
                    headroom: m.headroom,
                    warnings: m.warnings,
                })
                .collect(),
            errors: self
                .team
                .problems
                .iter()
                .map(|p| JsonError {
                    file: text::json_safe(&p.file).into_owned(),
                    message: text::json_safe(&p.message).into_owned(),
                })
                .collect(),
            totals: JsonTotals {
                plans: totals.plans,
                customers: totals.customers,
                planned_hours: totals.planned_hours,
                available_hours: totals.available_hours,
                utilization: totals.utilization,
                max_customers_at_target: totals.max_customers_at_target,
                headroom: totals.headroom,
            },
            tams_needed: self.book.map(|(book, tams)| JsonTams { book, tams }),
        };
        let mut text = serde_json::to_string_pretty(&json)?;
        text.push('\n');
        Ok(text)
    }
}

/// The table's and Markdown's column headings.
pub const HEADINGS: [&str; 10] = [
    "Owner",
    "Plan",
    "Customers",
    "Util",
    "Status",
    "Spare h",
    "Book at target",
    "Headroom",
    "Warnings",
    "Saved",
];

#[derive(Serialize)]
struct JsonTeam {
    model: String,
    plans: Vec<JsonPlan>,
    errors: Vec<JsonError>,
    totals: JsonTotals,
    tams_needed: Option<JsonTams>,
}

#[derive(Serialize)]
struct JsonPlan {
    file: String,
    name: String,
    owner: String,
    saved: Option<String>,
    customers: f64,
    utilization: f64,
    status: &'static str,
    planned_hours: f64,
    available_hours: f64,
    max_customers: Option<u64>,
    max_customers_at_target: Option<u64>,
    headroom: Option<f64>,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonError {
    file: String,
    message: String,
}

#[derive(Serialize)]
struct JsonTotals {
    plans: usize,
    customers: f64,
    planned_hours: f64,
    available_hours: f64,
    utilization: f64,
    max_customers_at_target: u64,
    headroom: f64,
}

#[derive(Serialize)]
struct JsonTams {
    book: u64,
    tams: Option<u64>,
}
