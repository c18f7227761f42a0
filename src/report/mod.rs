//! `tamplan report`: the plan as a terminal table, a Markdown document, CSV
//! for a spreadsheet, or the JSON contract. Numbers are rounded for people
//! (table, Markdown, CSV) and left unrounded in JSON; the HTML documents
//! (`html/`) show the figures the JSON gives, as the terminal words them.

pub mod book;
pub mod calibration;
pub mod diff;
mod document;
mod grid;
pub mod history;
pub mod html;
mod json;
mod phrases;
mod plan;
mod summary;
pub mod team;

use crate::domain::text::{self, sanitize};

pub use document::PlanDocument;
pub use phrases::{
    QUARTER_HEADINGS, book_capacity, describe_change, gross_basis, input_value, metric_value,
    period_label, quarter_cells,
};
pub use plan::Report;
pub use summary::{SinceSection, Summary, delta_cell};

/// The output formats of `tamplan report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// A document to paste into 1:1 notes.
    Markdown,
    /// The task table for a spreadsheet (RFC 4180).
    Csv,
    /// The machine contract.
    Json,
    /// One self-contained HTML document to open, print or forward.
    Html,
}

/// A report in the formats of `--format`: the plan ([`Report`]), the
/// calibration ([`calibration::CalibrationReport`]), the book from the
/// CRM ([`book::BookReport`]) and the team
/// ([`team::TeamReport`]).
pub trait Render {
    /// Aligned columns for a terminal.
    fn table(&self) -> String;

    /// A Markdown document.
    fn markdown(&self) -> String;

    /// RFC 4180 CSV, text cells neutralised against formula injection.
    ///
    /// # Errors
    /// Only if the CSV writer fails.
    fn csv(&self) -> Result<String, std::io::Error>;

    /// The JSON contract, numbers unrounded.
    ///
    /// # Errors
    /// Only if serialization fails.
    fn json(&self) -> Result<String, std::io::Error>;

    /// One self-contained HTML document (inline CSS and SVG, no script).
    /// A report without a document of its own shows its table in the
    /// shared page ([`html::page`]).
    fn html(&self) -> String {
        html::text_page("Report", "tamplan", None, &self.table())
    }

    /// The report in `format`.
    ///
    /// # Errors
    /// Only if serializing JSON or CSV fails, which does not happen for
    /// finite numbers and UTF-8 text.
    fn render(&self, format: Format) -> Result<String, std::io::Error> {
        match format {
            Format::Table => Ok(self.table()),
            Format::Markdown => Ok(self.markdown()),
            Format::Csv => self.csv(),
            Format::Json => self.json(),
            Format::Html => Ok(self.html()),
        }
    }
}

/// Markdown table cell text: sanitized, pipes escaped.
/// Markdown cell or line text: sanitized, with what Markdown would read as
/// a table pipe, HTML, a link or an autolink escaped, so a name, owner or
/// note from a file shows as written and links nowhere.
fn md_text(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::new();
    let mut chars = clean.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '[' | ']' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Only where it would start an entity (`&lt;`, `&#60;`).
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;");
            }
            _ => out.push(c),
        }
    }
    // `https://…` would become a link on its own.
    out.replace("://", ":\\/\\/")
}

/// The text a CSV writer holds, once flushed.
fn finish_csv(writer: csv::Writer<Vec<u8>>) -> Result<String, std::io::Error> {
    let bytes = writer
        .into_inner()
        .map_err(csv::IntoInnerError::into_error)?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

/// A CSV text cell: sanitized, and prefixed with `'` when a spreadsheet
/// would read it as a formula (`= + - @`, tab or CR first).
fn csv_text(value: &str) -> String {
    // Sanitize first: a direction mark before `=` is dropped, and the `=`
    // it hid must still be guarded.
    let clean = text::sanitize(value);
    let risky = clean
        .trim_start()
        .starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky {
        format!("'{clean}")
    } else {
        clean.into_owned()
    }
}
