//! `tamplan book`: each owner's book from the CRM — customers and weighted
//! customers, tiers, new customers and renewals per quarter, ARR, and the
//! counts it fills — as a table, Markdown, CSV or the JSON contract.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use super::grid::Grid;
use super::{Render, csv_text, finish_csv, md_text};
use crate::domain::book::{Counted, OwnerBook, Skipped};
use crate::domain::text::{self, sanitize};

/// How many skipped lines the table and Markdown show (JSON keeps the
/// first 100).
const SHOWN_SKIPPED: usize = 20;

/// The book report.
pub struct BookReport<'a> {
    /// The day customers are counted as of.
    pub as_of: NaiveDate,
    /// The year of the quarters.
    pub year: i32,
    /// Each owner, by name.
    pub owners: &'a [Counted],
    /// Rows read in all files.
    pub rows: usize,
    /// Lines skipped or listed.
    pub skipped: &'a Skipped,
    /// How the files were read, and what was written.
    pub notes: &'a [String],
}

/// `42 customers, 47.5 weighted`: both counts, as every report shows them.
pub fn both_counts(customers: u64, weighted: f64) -> String {
    format!(
        "{}, {} weighted",
        text::things_u64(customers, "customer", "customers"),
        text::number(weighted)
    )
}

fn quarter(value: Option<u64>) -> String {
    value.map_or_else(|| "–".to_owned(), text::thousands)
}

fn tiers(book: &OwnerBook) -> String {
    book.by_tier
        .iter()
        .map(|(tier, n)| format!("{} {}", sanitize(tier), text::thousands(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "none".to_owned()
    } else {
        list.join(", ")
    }
}

impl BookReport<'_> {
    fn heading(&self) -> String {
        let customers: u64 = self.owners.iter().map(|o| o.book.customers).sum();
        let weighted: f64 = self.owners.iter().map(|o| o.book.weighted).sum();
        format!(
            "Book as of {}, quarters of {}: {}, {} ({} read)",
            self.as_of,
            self.year,
            text::count(self.owners.len(), "owner", "owners"),
            both_counts(customers, weighted),
            text::count(self.rows, "row", "rows")
        )
    }

    fn grid_rows(&self) -> Vec<Vec<String>> {
        let mut rows = vec![
            [
                "Owner",
                "Customers",
                "Weighted",
                "New Q1",
                "Q2",
                "Q3",
                "Q4",
                "Renewals Q1",
                "Q2",
                "Q3",
                "Q4",
                "ARR",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        for counted in self.owners {
            let book = &counted.book;
            let mut row = vec![
                sanitize(&book.owner).into_owned(),
                text::thousands(book.customers),
                text::number(book.weighted),
            ];
            row.extend(book.new_by_quarter.iter().map(|n| quarter(*n)));
            row.extend(book.renewals_by_quarter.iter().map(|n| text::thousands(*n)));
            row.push(text::number(book.arr.round()));
            rows.push(row);
        }
        rows
    }

    fn lines(&self, out: &mut String, bullet: &str, escape: fn(&str) -> String) {
        for counted in self.owners {
            let book = &counted.book;
            let _ = writeln!(
                out,
                "{bullet}{}: {} ({}); fills {}; keeps {}",
                escape(&book.owner),
                both_counts(book.customers, book.weighted),
                escape(&tiers(book)),
                escape(&names(&counted.filled)),
                escape(&names(&counted.kept))
            );
        }
        if self
            .owners
            .iter()
            .any(|o| o.book.new_by_quarter.iter().any(Option::is_none))
        {
            let _ = writeln!(
                out,
                "{bullet}New customers after {} (–) are not in the CRM yet: those quarters keep the plan's values.",
                self.as_of
            );
        }
    }

    fn trailer(&self, out: &mut String, bullet: &str, escape: fn(&str) -> String) {
        if !self.notes.is_empty() {
            let _ = writeln!(out, "\nNotes:");
            for note in self.notes {
                let _ = writeln!(out, "{bullet}{}", escape(note));
            }
        }
        if self.skipped.total > 0 {
            let _ = writeln!(
                out,
                "\nSkipped or listed ({}):",
                text::count(self.skipped.total, "line", "lines")
            );
            for skipped in self.skipped.kept.iter().take(SHOWN_SKIPPED) {
                let _ = writeln!(out, "{bullet}{}", escape(&skipped.to_string()));
            }
            if self.skipped.total > SHOWN_SKIPPED {
                let _ = writeln!(
                    out,
                    "{bullet}… and {} more (the JSON lists the first 100)",
                    text::count(self.skipped.total - SHOWN_SKIPPED, "line", "lines")
                );
            }
        }
    }
}

fn plain(text: &str) -> String {
    sanitize(text).into_owned()
}

impl Render for BookReport<'_> {
    fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}\n", self.heading());
        let rows = self.grid_rows();
        let grid = Grid::new(&rows, &[0]);
        for (index, row) in rows.iter().enumerate() {
            grid.line(&mut out, row);
            if index == 0 {
                grid.rule(&mut out);
            }
        }
        out.push('\n');
        self.lines(&mut out, "", plain);
        self.trailer(&mut out, "  ", plain);
        out
    }

    fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "## {}\n", md_text(&self.heading()));
        let rows = self.grid_rows();
        for (index, row) in rows.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|cell| md_text(cell)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
            if index == 0 {
                let rule: Vec<&str> = (0..row.len())
                    .map(|i| if i == 0 { "---" } else { "---:" })
                    .collect();
                let _ = writeln!(out, "| {} |", rule.join(" | "));
            }
        }
        out.push('\n');
        self.lines(&mut out, "- ", md_text);
        self.trailer(&mut out, "- ", md_text);
        out
    }

    fn csv(&self) -> Result<String, std::io::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record([
            "owner",
            "customers",
            "weighted_customers",
            "new_q1",
            "new_q2",
            "new_q3",
            "new_q4",
            "renewals_q1",
            "renewals_q2",
            "renewals_q3",
            "renewals_q4",
            "arr",
            "by_tier",
            "counts_filled",
            "counts_kept",
        ])?;
        for counted in self.owners {
            let book = &counted.book;
            let mut row = vec![
                csv_text(&book.owner),
                book.customers.to_string(),
                text::decimal2(book.weighted),
            ];
            row.extend(
                book.new_by_quarter
                    .iter()
                    .map(|n| n.map(|n| n.to_string()).unwrap_or_default()),
            );
            row.extend(book.renewals_by_quarter.iter().map(ToString::to_string));
            row.push(text::decimal2(book.arr));
            row.push(csv_text(
                &book
                    .by_tier
                    .iter()
                    .map(|(tier, n)| format!("{tier}={n}"))
                    .collect::<Vec<_>>()
                    .join(";"),
            ));
            row.push(csv_text(&counted.filled.join(";")));
            row.push(csv_text(&counted.kept.join(";")));
            writer.write_record(&row)?;
        }
        finish_csv(writer)
    }

    fn json(&self) -> Result<String, std::io::Error> {
        let safe = |text: &str| text::json_safe(text).into_owned();
        let json = JsonBook {
            as_of: self.as_of.to_string(),
            year: self.year,
            owners: self
                .owners
                .iter()
                .map(|counted| {
                    let book = &counted.book;
                    JsonOwner {
                        owner: safe(&book.owner),
                        customers: book.customers,
                        weighted_customers: book.weighted,
                        by_tier: book
                            .by_tier
                            .iter()
                            .map(|(tier, n)| (safe(tier), *n))
                            .collect(),
                        new_by_quarter: book.new_by_quarter,
                        renewals_by_quarter: book.renewals_by_quarter,
                        arr: book.arr,
                        counts_filled: counted.filled.clone(),
                        counts_kept: counted.kept.clone(),
                    }
                })
                .collect(),
            skipped: self
                .skipped
                .kept
                .iter()
                .map(|s| JsonSkipped {
                    file: safe(&s.file),
                    line: s.line,
                    reason: safe(&s.message),
                })
                .collect(),
            skipped_total: self.skipped.total,
            notes: self.notes.iter().map(|n| safe(n)).collect(),
        };
        let mut text = serde_json::to_string_pretty(&json)?;
        text.push('\n');
        Ok(text)
    }
}

#[derive(Serialize)]
struct JsonBook {
    as_of: String,
    year: i32,
    owners: Vec<JsonOwner>,
    skipped: Vec<JsonSkipped>,
    skipped_total: usize,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct JsonOwner {
    owner: String,
    customers: u64,
    weighted_customers: f64,
    by_tier: std::collections::BTreeMap<String, u64>,
    /// `null` for a quarter after the as-of day.
    new_by_quarter: [Option<u64>; 4],
    renewals_by_quarter: [u64; 4],
    arr: f64,
    counts_filled: Vec<String>,
    counts_kept: Vec<String>,
}

#[derive(Serialize)]
struct JsonSkipped {
    file: String,
    line: Option<usize>,
    reason: String,
}
