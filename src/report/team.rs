//! `tamplan team`: the team's plans side by side in table, Markdown, CSV
//! and JSON, with the totals, the files that did not load, and how many
//! TAMs a book needs.

use std::fmt::Write as _;

use serde::Serialize;

use super::grid::Grid;
use super::{Render, csv_text, finish_csv, md_text};
use crate::domain::team::{
    Balance, Member, Shortfall, Team, Totals, duplicate_owners, shortfall, totals,
};
use crate::domain::text::{self, amount, number, sanitize};

/// A team's roll-up, ready to print.
#[derive(Debug, Clone, Copy)]
pub struct TeamReport<'a> {
    /// The model's name.
    pub model: &'a str,
    /// The plans and the files that did not load.
    pub team: &'a Team,
    /// With `--book N`: N.
    pub book: Option<u64>,
    /// Customers a TAM of the model's default plan holds at the target
    /// (`None` when the model has no book count).
    pub per_tam: Option<u64>,
    /// Now, to tell how old a plan is.
    pub now: chrono::DateTime<chrono::FixedOffset>,
    /// Sentences from where the plans' values came from (`--book-file`:
    /// the CRM's book read, owners without a plan), said with the others.
    pub said: &'a [String],
}

/// The team's book line: "A book of 100 customers needs 3 TAMs at the
/// target (35 each); the team's 3 plans hold 95 at the target: 5 customers
/// short, 1 TAM short". The team view's is shorter (`narrow`): "A book of
/// 100 needs 3 TAMs at the target; the team holds 95: 5 customers short,
/// 1 TAM short".
pub fn book_line(short: &Shortfall, plans: usize, held: u64, narrow: bool) -> String {
    let tams_of = |n: u64| text::things_u64(n, "TAM", "TAMs");
    #[expect(clippy::cast_precision_loss, reason = "book sizes are far below 2^52")]
    let customers = short.customers_short.unsigned_abs() as f64;
    let word = |n: i64| match Balance::of(n) {
        Balance::Short => "short",
        Balance::Spare => "spare",
    };
    let team = if narrow {
        format!("the team holds {}", text::thousands(held))
    } else {
        format!(
            "the team's {} {} {} at the target",
            text::count(plans, "plan", "plans"),
            if plans == 1 { "holds" } else { "hold" },
            text::thousands(held),
        )
    };
    let held = format!(
        "{team}: {} {}",
        text::things(customers, "customer", "customers"),
        word(short.customers_short),
    );
    let book = if narrow {
        text::thousands(short.book)
    } else {
        text::things_u64(short.book, "customer", "customers")
    };
    match (short.tams, short.tams_short) {
        (Some(tams), Some(tams_short)) => format!(
            "A book of {book} needs {} at the target; {held}, {} {}",
            tams_of(tams),
            tams_of(tams_short.unsigned_abs()),
            word(tams_short)
        ),
        _ => format!(
            "A book of {book}: a TAM of the default plan holds no customers at the target, so no number of TAMs is enough; {held}"
        ),
    }
}

fn optional(value: Option<u64>) -> String {
    value.map_or_else(|| "—".to_owned(), text::thousands)
}

impl TeamReport<'_> {
    pub(super) fn totals(&self) -> Totals {
        totals(&self.team.members)
    }

    /// The shortfall for `--book N`, if asked.
    pub(super) fn shortfall(&self) -> Option<Shortfall> {
        let held = self.totals().max_customers_at_target;
        self.book.map(|book| shortfall(book, held, self.per_tam))
    }

    /// Sentences about the roll-up as a whole: duplicate owners, and a
    /// book no number of TAMs can hold.
    pub(super) fn notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = self.said.iter().map(|n| sanitize(n).into_owned()).collect();
        let twice = duplicate_owners(&self.team.members);
        if !twice.is_empty() {
            notes.push(format!(
                "Owners with more than one plan: {}",
                sanitize(&twice.join(", "))
            ));
        }
        if let Some(short) = self.shortfall()
            && short.tams_short.is_none()
        {
            notes.push(
                "A TAM of the default plan holds no customers at the target: TAMs needed and TAMs short have no number".to_owned(),
            );
        }
        notes
    }

    /// A member's cells for people, in [`HEADINGS`] order.
    #[expect(clippy::cast_precision_loss, reason = "days are far below 2^52")]
    pub(super) fn cells(&self, member: &Member) -> [String; 10] {
        let saved = match (member.saved, member.age_days(self.now)) {
            (Some(saved), Some(days)) => {
                let stale = if member.stale(self.now) { " STALE" } else { "" };
                format!(
                    "{} ({} d){stale}",
                    saved.format("%Y-%m-%d"),
                    number(days as f64)
                )
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
            number(member.customers),
            member.percent_fit(UTIL_WIDTH),
            member.status.label().to_owned(),
            text::signed(member.spare_to_target),
            optional(member.max_customers_at_target),
            member.headroom.map_or_else(|| "—".to_owned(), text::signed),
            text::thousands(u64::try_from(member.warnings).unwrap_or(u64::MAX)),
            saved,
        ]
    }

    /// What a manager should read beside the table: duplicate owners, the
    /// files that did not load, the book.
    fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.said.is_empty() {
            out.push(String::new());
            out.extend(self.said.iter().map(|n| sanitize(n).into_owned()));
        }
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
            out.push(format!(
                "Not loaded ({}):",
                text::thousands(u64::try_from(self.team.problems.len()).unwrap_or(u64::MAX))
            ));
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

    /// The book line, with `--book N`.
    pub(super) fn book_sentence(&self) -> Option<String> {
        let totals = self.totals();
        self.shortfall()
            .map(|short| book_line(&short, totals.plans, totals.max_customers_at_target, false))
    }
}

impl Render for TeamReport<'_> {
    /// Aligned columns: one line a plan, the totals, problems, the book.
    fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Team on {}", sanitize(self.model));
        let rows: Vec<[String; 10]> = self.team.members.iter().map(|m| self.cells(m)).collect();
        let totals = self.totals();
        let total_row = [
            "Team".to_owned(),
            text::count(totals.plans, "plan", "plans"),
            number(totals.customers),
            totals.percent_fit(UTIL_WIDTH),
            String::new(),
            text::signed(totals.spare_to_target),
            text::thousands(totals.max_customers_at_target),
            text::signed(totals.headroom),
            String::new(),
            String::new(),
        ];
        let headings = HEADINGS.map(str::to_owned);
        // Names and words left, figures right.
        let grid = Grid::new(rows.iter().chain([&total_row, &headings]), &[0, 1, 4, 9]);
        grid.line(&mut out, &headings);
        grid.rule(&mut out);
        for row in &rows {
            grid.line(&mut out, row);
        }
        grid.rule(&mut out);
        grid.line(&mut out, &total_row);
        for sentence in self.sentences() {
            let _ = writeln!(out, "{sentence}");
        }
        out
    }

    /// The manager's notes: the table in Markdown, then the sentences.
    fn markdown(&self) -> String {
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
            number(totals.customers),
            totals.percent_fit(UTIL_WIDTH),
            text::signed(totals.spare_to_target),
            text::thousands(totals.max_customers_at_target),
            text::signed(totals.headroom)
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

    /// One header for every record, told apart by the `row` column: a
    /// `plan` each, the team's `total`, the `book` with `--book`, an
    /// `error` for each file that did not load. Numbers unrounded to two
    /// decimals, text cells guarded.
    ///
    /// # Errors
    /// Only if CSV writing fails.
    fn csv(&self) -> Result<String, std::io::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(CSV_HEADER)?;
        let number = text::decimal2;
        let or_empty = |value: Option<u64>| value.map(|v| v.to_string()).unwrap_or_default();
        for m in &self.team.members {
            writer.write_record(record(&[
                ("row", "plan".to_owned()),
                ("file", csv_text(&m.file)),
                ("name", csv_text(&m.name)),
                ("owner", csv_text(&m.owner)),
                ("saved", m.saved.map(|s| s.to_rfc3339()).unwrap_or_default()),
                ("stale", m.stale(self.now).to_string()),
                ("customers", number(m.customers)),
                ("utilization", number(m.utilization * 100.0)),
                ("status", m.status.key().to_owned()),
                ("planned_hours", number(m.planned_hours)),
                ("available_hours", number(m.available_hours)),
                ("spare_hours_to_target", number(m.spare_to_target)),
                ("max_customers", or_empty(m.max_customers)),
                (
                    "max_customers_at_target",
                    or_empty(m.max_customers_at_target),
                ),
                ("headroom", m.headroom.map(number).unwrap_or_default()),
                ("warnings", m.warnings.to_string()),
            ]))?;
        }
        let totals = self.totals();
        writer.write_record(record(&[
            ("row", "total".to_owned()),
            ("plans", totals.plans.to_string()),
            ("customers", number(totals.customers)),
            ("utilization", number(totals.utilization * 100.0)),
            ("planned_hours", number(totals.planned_hours)),
            ("available_hours", number(totals.available_hours)),
            ("spare_hours_to_target", number(totals.spare_to_target)),
            (
                "max_customers_at_target",
                totals.max_customers_at_target.to_string(),
            ),
            ("headroom", number(totals.headroom)),
        ]))?;
        if let Some(short) = self.shortfall() {
            writer.write_record(record(&[
                ("row", "book".to_owned()),
                ("book", short.book.to_string()),
                ("tams", or_empty(short.tams)),
                ("customers_short", short.customers_short.to_string()),
                (
                    "tams_short",
                    short.tams_short.map(|n| n.to_string()).unwrap_or_default(),
                ),
                (
                    "message",
                    csv_text(&book_line(
                        &short,
                        totals.plans,
                        totals.max_customers_at_target,
                        false,
                    )),
                ),
            ]))?;
        }
        for problem in &self.team.problems {
            writer.write_record(record(&[
                ("row", "error".to_owned()),
                ("file", csv_text(&problem.file)),
                ("message", csv_text(&problem.message)),
            ]))?;
        }
        finish_csv(writer)
    }

    /// The JSON contract of `team --format json`.
    ///
    /// # Errors
    /// Only if serialization fails.
    fn json(&self) -> Result<String, std::io::Error> {
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
                    spare_hours_to_target: m.spare_to_target,
                    max_customers: m.max_customers,
                    max_customers_at_target: m.max_customers_at_target,
                    headroom: m.headroom,
                    warnings: m.warnings,
                    stale: m.stale(self.now),
                    reviewed: m.reviewed.map(|day| day.to_string()),
                    changed_since_review: m.changed_since_review,
                    trend: m.trend.clone(),
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
                spare_hours_to_target: totals.spare_to_target,
                utilization: totals.utilization,
                max_customers_at_target: totals.max_customers_at_target,
                headroom: totals.headroom,
            },
            tams_needed: self.shortfall().map(|short| JsonTams {
                book: short.book,
                tams: short.tams,
                customers_short: short.customers_short,
                tams_short: short.tams_short,
            }),
            notes: self
                .notes()
                .iter()
                .map(|note| text::json_safe(note).into_owned())
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&json)?;
        text.push('\n');
        Ok(text)
    }

    /// The team's document (see [`super::html::team`]).
    fn html(&self) -> String {
        super::html::team::document(self)
    }
}

/// The team CSV's one header: the `row` column says which record it is.
const CSV_HEADER: [&str; 22] = [
    "row",
    "file",
    "name",
    "owner",
    "saved",
    "stale",
    "plans",
    "customers",
    "utilization",
    "status",
    "planned_hours",
    "available_hours",
    "spare_hours_to_target",
    "max_customers",
    "max_customers_at_target",
    "headroom",
    "warnings",
    "book",
    "tams",
    "customers_short",
    "tams_short",
    "message",
];

/// A CSV record in [`CSV_HEADER`]'s order from (column, value) pairs;
/// the other cells are empty.
fn record(cells: &[(&str, String)]) -> Vec<String> {
    CSV_HEADER
        .iter()
        .map(|name| {
            cells
                .iter()
                .find(|(column, _)| column == name)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        })
        .collect()
}

/// The widest utilization the table and Markdown show in full
/// (`100.02 %`, `12,340 %`); a longer one is shortened (`1.7T %`).
const UTIL_WIDTH: usize = 8;

/// The table's and Markdown's column headings.
pub const HEADINGS: [&str; 10] = [
    "Owner",
    "Plan",
    "Customers",
    "Util",
    "Status",
    "Spare h to target",
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
    notes: Vec<String>,
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
    spare_hours_to_target: f64,
    max_customers: Option<u64>,
    max_customers_at_target: Option<u64>,
    headroom: Option<f64>,
    warnings: usize,
    stale: bool,
    /// The day of the plan's last 1:1, if recorded.
    reviewed: Option<String>,
    /// Whether it changed since (`null`: no 1:1 recorded, or the plan
    /// then not found).
    changed_since_review: Option<bool>,
    trend: Vec<f64>,
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
    spare_hours_to_target: f64,
    utilization: f64,
    max_customers_at_target: u64,
    headroom: f64,
}

#[derive(Serialize)]
struct JsonTams {
    book: u64,
    tams: Option<u64>,
    customers_short: i64,
    tams_short: Option<i64>,
}
