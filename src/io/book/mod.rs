//! Account exports from a CRM read into [`Export`]s: Salesforce report
//! exports (`salesforce.rs`), HubSpot companies exports (`hubspot.rs`),
//! Gainsight company exports (`gainsight.rs`), the plain
//! `account,owner,tier,start,renewal,arr` CSV (`plain.rs`), and any other
//! CSV whose columns a map names; which one a file is, from its header
//! (`detect.rs`). CSV as the `csv` crate reads it: quotes, CRLF, a BOM,
//! any column order and case; text that is not UTF-8 is read as Latin-1
//! (Windows exports), with a note.
//!
//! Dates are read in one order per file (ISO always; `a/b/yyyy` month
//! first or day first, chosen from the file's own dates or the map's
//! `date_order`, and said when the file does not show it). ARR is read
//! with currency signs, codes and thousands separators.
//!
//! Bounded: at most [`MAX_FILE_BYTES`] a file, [`MAX_ROWS`] rows, and
//! [`MAX_FIELD_BYTES`] a row's field; a row that cannot be used is
//! skipped with its file, line and reason, never a panic.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::domain::book::{Account, Active, DateOrder, Export, Map, Skipped};
use crate::domain::text;
use crate::io::error::Error;
use crate::io::files;

mod detect;
mod gainsight;
mod hubspot;
mod plain;
mod salesforce;

pub use detect::KNOWN;
use detect::{Header, Rule};

/// A starter map, every key explained (`tamplan book --write-map`).
pub const STARTER_MAP: &str = include_str!("starter-map.toml");

/// The map used when `--map` is not given, if it exists: `book.toml` in
/// the config folder.
pub fn map_file(paths: &crate::io::store::Paths) -> PathBuf {
    paths.config_dir.join("book.toml")
}

/// The largest export read: 256 MiB (a million accounts with long rows).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The most rows read from one file; the rest are left with a note.
pub const MAX_ROWS: usize = 2_000_000;

/// The longest row read, all fields together: 1 MiB (a row longer is
/// skipped).
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;

/// The most columns a header may have.
const MAX_COLUMNS: usize = 2_000;

/// Dates read: years 1900 to 2200 (a date beyond is a typo).
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;

/// The largest ARR read (a typo beyond).
const MAX_ARR: f64 = 1e15;

/// Every file read, and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Exports {
    /// Each file's accounts.
    pub exports: Vec<Export>,
    /// Rows that could not be read.
    pub skipped: Skipped,
    /// How files were read where that changes figures.
    pub notes: Vec<String>,
}

/// Reads every file with `map`.
///
/// # Errors
/// A file that cannot be opened, is not a regular file, is too large, or
/// is no export tamplan knows (the message lists the kinds read and points
/// to `--map`).
pub fn read(paths: &[PathBuf], map: &Map) -> Result<Exports, Error> {
    let mut read = Exports::default();
    for path in paths {
        let file = open(path)?;
        let export = read_from(
            file,
            &path.display().to_string(),
            map,
            &mut read.skipped,
            &mut read.notes,
        )?;
        read.exports.push(export);
    }
    Ok(read)
}

fn open(path: &Path) -> Result<std::io::Take<std::io::BufReader<std::fs::File>>, Error> {
    let failed = |error: std::io::Error| {
        Error::Failed(format!(
            "cannot read {}: {error}; expected a readable account export ({KNOWN})",
            path.display()
        ))
    };
    let meta = std::fs::metadata(path).map_err(failed)?;
    if let Some(kind) = files::not_a_file(&meta) {
        return Err(Error::NotAFile {
            path: path.to_owned(),
            kind,
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::TooBig {
            path: path.to_owned(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let file = std::fs::File::open(path).map_err(failed)?;
    Ok(std::io::BufReader::new(file).take(MAX_FILE_BYTES))
}

/// A row read, its dates not yet: they are read once the file's order is
/// known.
struct Pending {
    account: Account,
    start: String,
    start_fallback: String,
    renewal: String,
}

/// The dates `a/b/yyyy` seen in a file: which order they show.
#[derive(Default)]
struct Orders {
    /// A first part over 12 (`13/03/2026`): day first; with its line.
    day_first: Option<(String, usize)>,
    /// A second part over 12 (`03/13/2026`): month first.
    month_first: Option<(String, usize)>,
    /// Any `a/b/yyyy` date.
    any: Option<String>,
}

/// What a file's rows said besides their accounts.
#[derive(Default)]
struct Seen {
    /// Some text was not UTF-8.
    latin1: bool,
    /// Lines of a Salesforce footer.
    footer: usize,
    /// ARR values that were not amounts: how many, and the first.
    bad_arr: usize,
    first_bad_arr: Option<(usize, String)>,
    /// The orders `a/b/yyyy` dates show.
    orders: Orders,
}

/// Reads one export from `reader`; `source` names it in messages.
///
/// # Errors
/// A header that cannot be read, or no export tamplan knows.
pub fn read_from(
    mut reader: impl Read,
    source: &str,
    map: &Map,
    skipped: &mut Skipped,
    notes: &mut Vec<String>,
) -> Result<Export, Error> {
    // Read whole (the caller bounds it), so that each row's line is
    // counted exactly: the CSV reader's own count is off by one after a
    // CRLF or a blank line.
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|error| {
        Error::Failed(format!(
            "cannot read {source}: {error}; expected an account export"
        ))
    })?;
    let mut lines = Lines {
        bytes: &bytes,
        at: 0,
        line: 1,
    };
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut seen = Seen::default();
    let header = header(&mut csv, source, &mut seen)?;
    let layout = detect::layout(&header, map, source).map_err(Error::Failed)?;
    let mut pending: Vec<Pending> = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut rows = 0usize;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let at = error.position().map_or(0, |p| offset(p.byte()));
                skipped.skip(source, lines.line_of(at), format!("not CSV: {error}"));
                continue;
            }
        }
        let line = lines.line_of(record.position().map_or(0, |p| offset(p.byte())));
        rows += 1;
        if rows > MAX_ROWS {
            notes.push(format!(
                "{source}: read the first {} rows; the rest were not read (at most {} a file)",
                text::thousands(MAX_ROWS as u64),
                text::thousands(MAX_ROWS as u64)
            ));
            break;
        }
        match row(&record, line, &layout, map, &mut seen) {
            Ok(Some(row)) => pending.push(row),
            Ok(None) => {}
            Err(reason) => skipped.skip(source, line, reason),
        }
    }
    say_seen(&seen, source, notes);
    let order = choose_order(map.date_order, &seen.orders, source, notes);
    let accounts = pending
        .into_iter()
        .filter_map(|row| match dated(row, order) {
            Ok(account) => Some(account),
            Err((line, reason)) => {
                skipped.skip(source, line, reason);
                None
            }
        })
        .collect();
    Ok(Export {
        file: source.to_owned(),
        kind: layout.kind,
        accounts,
    })
}

/// A byte offset the CSV reader gives, as an index.
fn offset(byte: u64) -> usize {
    usize::try_from(byte).unwrap_or(usize::MAX)
}

/// The file's header, or why there is none.
fn header(csv: &mut csv::Reader<&[u8]>, source: &str, seen: &mut Seen) -> Result<Header, Error> {
    let mut record = csv::ByteRecord::new();
    match csv.read_byte_record(&mut record) {
        Ok(true) if record.len() <= MAX_COLUMNS => {
            let names: Vec<String> = record
                .iter()
                .map(|field| decode(field, &mut seen.latin1))
                .collect();
            Ok(Header::new(names.iter().map(String::as_str)))
        }
        Ok(true) => Err(Error::Failed(format!(
            "{source}:1: {} columns; expected at most {MAX_COLUMNS} in an account export",
            record.len()
        ))),
        Ok(false) => Err(Error::Failed(format!(
            "{source}: empty; expected an account export ({KNOWN})"
        ))),
        Err(error) => Err(Error::Failed(format!(
            "{source}:1: {error}; expected an account export ({KNOWN})"
        ))),
    }
}

/// One row: an account whose dates are read later, nothing (a blank line,
/// a footer), or why it is skipped.
fn row(
    record: &csv::ByteRecord,
    line: usize,
    layout: &detect::Layout,
    map: &Map,
    seen: &mut Seen,
) -> Result<Option<Pending>, String> {
    if record
        .iter()
        .all(|field| field.iter().all(u8::is_ascii_whitespace))
    {
        return Ok(None);
    }
    if record.len() == 1 && layout.width > 1 {
        if layout.footer {
            seen.footer += 1;
            return Ok(None);
        }
        return Err(format!(
            "one field; expected {} columns as in the header",
            layout.width
        ));
    }
    if record.as_slice().len() > MAX_FIELD_BYTES {
        return Err(format!(
            "the row is {} bytes; expected at most {MAX_FIELD_BYTES}",
            record.as_slice().len()
        ));
    }
    let mut field = |at: Option<usize>| -> String {
        at.and_then(|at| record.get(at))
            .map(|bytes| decode(bytes, &mut seen.latin1).trim().to_owned())
            .unwrap_or_default()
    };
    let owner = field(Some(layout.owner));
    let name = field(Some(layout.account));
    let id = Some(field(layout.id)).filter(|id| !id.is_empty());
    if owner.is_empty() {
        return Err(format!(
            "{:?} has no owner; expected who owns the account",
            text::sanitize(&name)
        ));
    }
    if name.is_empty() && id.is_none() {
        return Err("no account name; expected the account's name".to_owned());
    }
    let active = match &layout.rule {
        Rule::Started => Active::FromStart,
        rule => {
            let value = field(layout.active).to_lowercase();
            let yes = match rule {
                Rule::Prefix(prefix) => value.starts_with(prefix),
                Rule::Equals(wanted) => value == *wanted,
                Rule::Map => map.is_active_value(&value),
                Rule::Started => true,
            };
            if yes { Active::Yes } else { Active::No }
        }
    };
    let arr_text = field(layout.arr);
    let tier = field(layout.tier);
    let start = field(layout.start);
    let start_fallback = field(layout.start_fallback);
    let renewal = field(layout.renewal);
    let arr = parse_amount(&arr_text).unwrap_or_else(|| {
        seen.bad_arr += 1;
        if seen.first_bad_arr.is_none() {
            seen.first_bad_arr = Some((line, arr_text));
        }
        0.0
    });
    for date in [&start, &start_fallback, &renewal] {
        see_order(date, line, &mut seen.orders);
    }
    Ok(Some(Pending {
        account: Account {
            line,
            id,
            name,
            owner,
            tier,
            start: None,
            renewal: None,
            arr,
            active,
        },
        start,
        start_fallback,
        renewal,
    }))
}

/// Notes on how a file was read: Latin-1, a footer, ARR not read.
fn say_seen(seen: &Seen, source: &str, notes: &mut Vec<String>) {
    if seen.latin1 {
        notes.push(format!(
            "{source}: not UTF-8 text; read as Latin-1 (Windows-1252), as Windows programs write"
        ));
    }
    if seen.footer > 0 {
        notes.push(format!(
            "{source}: {} of the Salesforce footer (totals, copyright, \"Generated By\") left out",
            text::count(seen.footer, "line", "lines")
        ));
    }
    if let Some((line, value)) = &seen.first_bad_arr {
        notes.push(format!(
            "{source}: {} not read as an amount (the first at line {line}: {:?}); those accounts count without ARR",
            text::count(seen.bad_arr, "ARR value", "ARR values"),
            text::sanitize(value)
        ));
    }
}

/// A row's account with its dates read in the file's order, or its line
/// and why a date cannot be read.
fn dated(row: Pending, order: DateOrder) -> Result<Account, (usize, String)> {
    let mut account = row.account;
    let start = if row.start.is_empty() {
        &row.start_fallback
    } else {
        &row.start
    };
    let read = |what: &str, text: &str| -> Result<Option<NaiveDate>, (usize, String)> {
        if text.is_empty() {
            return Ok(None);
        }
        parse_date(text, order).map(Some).ok_or_else(|| {
            (
                account.line,
                format!(
                    "the {what} date {:?} is not a date; expected 2026-03-04, {} or 4 Mar 2026",
                    text::sanitize(text),
                    match order {
                        DateOrder::DayFirst => "04/03/2026 (this file writes the day first)",
                        DateOrder::Us | DateOrder::Iso => "3/4/2026 (month first)",
                    }
                ),
            )
        })
    };
    let start = read("start", start)?;
    let renewal = read("renewal", &row.renewal)?;
    account.start = start;
    account.renewal = renewal;
    Ok(account)
}

/// Line numbers of byte offsets in a text, counted as the offsets grow.
struct Lines<'b> {
    bytes: &'b [u8],
    /// Lines are counted up to here.
    at: usize,
    /// The line `at` is on (1-based).
    line: usize,
}

impl Lines<'_> {
    /// The line of the first character at or after `offset` that is not a
    /// line ending: where a record that the reader starts at `offset`
    /// really begins.
    fn line_of(&mut self, offset: usize) -> usize {
        if offset >= self.at {
            let ahead = self.bytes.get(self.at..offset).unwrap_or_default();
            self.line += ahead.split(|&b| b == b'\n').count().saturating_sub(1);
            self.at = offset;
        }
        let endings = self
            .bytes
            .get(self.at..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .filter(|&&b| b == b'\n')
            .count();
        self.line + endings
    }
}

/// A field's text: UTF-8, else Latin-1 (and `latin1` set).
fn decode(bytes: &[u8], latin1: &mut bool) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_owned()
    } else {
        *latin1 = true;
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// A date's text without a time after it (`2026-03-04 10:22`,
/// `3/4/2026 9:14 AM`, `2026-03-04T10:22:00Z`).
fn day_part(text: &str) -> &str {
    let text = text.trim();
    let text = text.split_whitespace().next().unwrap_or(text);
    match text.find('T') {
        Some(at) if at >= 8 => text.get(..at).unwrap_or(text),
        _ => text,
    }
}

/// `a/b/yyyy` (or with `-`; two-digit years are 20yy) as numbers.
fn pair(text: &str) -> Option<(u32, u32, i32)> {
    let separator = if text.contains('/') { '/' } else { '-' };
    let mut parts = text.split(separator);
    let first: u32 = parts.next()?.parse().ok()?;
    let second: u32 = parts.next()?.parse().ok()?;
    let year_text = parts.next()?;
    if parts.next().is_some() || first > 31 || year_text.len() > 4 {
        return None;
    }
    let year: i32 = year_text.parse().ok()?;
    let year = if year_text.len() == 2 {
        2000 + year
    } else {
        year
    };
    Some((first, second, year))
}

/// Notes what order `text` shows, if it is an `a/b/yyyy` date.
fn see_order(text: &str, line: usize, orders: &mut Orders) {
    if text.is_empty() {
        return;
    }
    let day = day_part(text);
    if day.contains('.') {
        return;
    }
    let Some((first, second, _)) = pair(day) else {
        return;
    };
    if orders.any.is_none() {
        orders.any = Some(day.to_owned());
    }
    if first > 12 && orders.day_first.is_none() {
        orders.day_first = Some((day.to_owned(), line));
    }
    if second > 12 && orders.month_first.is_none() {
        orders.month_first = Some((day.to_owned(), line));
    }
}

/// The file's order for `a/b/yyyy`: the map's, else the one its dates
/// show, else month first with a note saying so.
fn choose_order(
    given: Option<DateOrder>,
    orders: &Orders,
    source: &str,
    notes: &mut Vec<String>,
) -> DateOrder {
    if let Some(order) = given {
        return order;
    }
    match (&orders.day_first, &orders.month_first, &orders.any) {
        (Some((day, _)), None, _) => {
            notes.push(format!(
                "{source}: dates read day first (D/M/YYYY): the file writes {day}"
            ));
            DateOrder::DayFirst
        }
        (Some((day, day_line)), Some((month, month_line)), _) => {
            notes.push(format!(
                "{source}: dates are written both day first ({day}, line {day_line}) and month first ({month}, line {month_line}); read month first, and those that cannot be are skipped. Set `date_order` in the map to choose"
            ));
            DateOrder::Us
        }
        (None, _, Some(example)) if orders.month_first.is_none() => {
            notes.push(format!(
                "{source}: dates such as {example} read month first (M/D/YYYY): no date in the file shows the order. If they are day first, set `date_order = \"day-first\"` in the map"
            ));
            DateOrder::Us
        }
        _ => DateOrder::Us,
    }
}

/// A date in `order`: ISO (`2026-03-04`, `2026/03/04`), `a/b/yyyy`,
/// `dd.mm.yyyy`, or with the month's name (`Mar 4, 2026`, `4 Mar 2026`);
/// a time after it is ignored. Only years 1900 to 2200.
pub fn parse_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let day = day_part(text);
    let date = iso(day)
        .or_else(|| {
            if day.contains('.') {
                let mut parts = day.split('.');
                let d = parts.next()?.parse().ok()?;
                let m = parts.next()?.parse().ok()?;
                let y = parts.next()?.parse().ok()?;
                return parts
                    .next()
                    .is_none()
                    .then(|| NaiveDate::from_ymd_opt(y, m, d))
                    .flatten();
            }
            let (first, second, year) = pair(day)?;
            match order {
                DateOrder::Iso => None,
                DateOrder::Us => NaiveDate::from_ymd_opt(year, first, second),
                DateOrder::DayFirst => NaiveDate::from_ymd_opt(year, second, first),
            }
        })
        .or_else(|| {
            let text = text.trim();
            [
                "%b %d, %Y",
                "%B %d, %Y",
                "%d %b %Y",
                "%d %B %Y",
                "%d-%b-%Y",
                "%d-%b-%y",
            ]
            .iter()
            .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        })?;
    (FIRST_YEAR..=LAST_YEAR)
        .contains(&date.year())
        .then_some(date)
}

/// `2026-03-04` or `2026/03/04`, read by hand (fast for many rows).
fn iso(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let separator = *bytes.get(4)?;
    if bytes.len() != 10 || !matches!(separator, b'-' | b'/') || bytes.get(7) != Some(&separator) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(
        i32::try_from(number(0..4)?).ok()?,
        number(5..7)?,
        number(8..10)?,
    )
}

/// An amount as exports and spreadsheets write it: `$1,234,567.89`,
/// `USD 1234`, `€1.234.567,89`, `1 234 567`, `1'234`, `(1,200)`,
/// `120k`, `1.2M`; empty is 0. `None` when it is not an amount.
pub fn parse_amount(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0.0);
    }
    let mut body = String::new();
    let mut suffix = String::new();
    let mut negative = false;
    for c in text.chars() {
        match c {
            '0'..='9' | '.' | ',' => {
                if !suffix.is_empty() {
                    // Letters between digits: not an amount.
                    if body.is_empty() {
                        suffix.clear();
                    } else {
                        return None;
                    }
                }
                body.push(c);
            }
            '-' | '(' | '\u{2212}' => negative = true,
            c if c.is_alphabetic() => suffix.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    if !body.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let scale = match suffix.as_str() {
        "k" => 1e3,
        "m" | "mm" | "mn" => 1e6,
        "b" | "bn" => 1e9,
        _ => 1.0,
    };
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots > 1 => None,
        (0, _) if commas > 1 => None,
        (1, 0) => Some('.'),
        (0, 1) => {
            // `1,234` is a thousand; `1,5` and `1,25` are decimals.
            let after = body.rsplit(',').next().map_or(0, str::len);
            (after != 3).then_some(',')
        }
        _ => {
            let last_dot = body.rfind('.');
            let last_comma = body.rfind(',');
            if last_dot > last_comma {
                Some('.')
            } else {
                Some(',')
            }
        }
    };
    let number: String = body
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            c if Some(c) == decimal => Some('.'),
            _ => None,
        })
        .collect();
    let value = number.parse::<f64>().ok()? * scale;
    let value = if negative { -value } else { value };
    (value.is_finite() && value.abs() <= MAX_ARR).then_some(value)
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "amounts read from text, compared exactly")]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_exports_write_them() {
        for (text, value) in [
            ("", 0.0),
            ("120000", 120_000.0),
            ("$1,234,567.89", 1_234_567.89),
            ("USD 1,234", 1234.0),
            ("€1.234.567,89", 1_234_567.89),
            ("1 234 567", 1_234_567.0),
            ("1\u{a0}234,5", 1234.5),
            ("1'234", 1234.0),
            ("(1,200)", -1200.0),
            ("120k", 120_000.0),
            ("1.2M", 1_200_000.0),
            ("12,5", 12.5),
            ("£ 90,000.00", 90_000.0),
            ("48000 EUR", 48_000.0),
        ] {
            assert_eq!(parse_amount(text), Some(value), "{text:?}");
        }
        for bad in ["n/a", "TBD", "-", "12abc34", "1e400"] {
            assert_eq!(parse_amount(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates_in_each_order() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_date("2026-03-04", DateOrder::Us), d(2026, 3, 4));
        assert_eq!(
            parse_date("2026-03-04 10:22", DateOrder::DayFirst),
            d(2026, 3, 4)
        );
        assert_eq!(
            parse_date("2026-03-04T10:22:00Z", DateOrder::Us),
            d(2026, 3, 4)
        );
        assert_eq!(parse_date("3/4/2026", DateOrder::Us), d(2026, 3, 4));
        assert_eq!(
            parse_date("3/4/2026 9:14 AM", DateOrder::DayFirst),
            d(2026, 4, 3)
        );
        assert_eq!(parse_date("04.03.2026", DateOrder::Us), d(2026, 3, 4));
        assert_eq!(parse_date("Mar 4, 2026", DateOrder::Us), d(2026, 3, 4));
        assert_eq!(parse_date("4 March 2026", DateOrder::Us), d(2026, 3, 4));
        assert_eq!(parse_date("3/4/26", DateOrder::Us), d(2026, 3, 4));
        assert_eq!(parse_date("13/4/2026", DateOrder::Us), None);
        assert_eq!(parse_date("3/4/2026", DateOrder::Iso), None);
        assert_eq!(parse_date("3/4/3026", DateOrder::Us), None);
        assert_eq!(parse_date("soon", DateOrder::Us), None);
    }

    fn read_text(text: &str, map: &Map) -> (Export, Skipped, Vec<String>) {
        let mut skipped = Skipped::default();
        let mut notes = Vec::new();
        let export =
            read_from(text.as_bytes(), "x.csv", map, &mut skipped, &mut notes).expect("an export");
        (export, skipped, notes)
    }

    #[test]
    fn the_order_is_chosen_once_per_file_and_said_when_ambiguous() {
        let map = Map::none();
        let (export, _, notes) = read_text(
            "account,owner,start\nA,Ana,3/4/2026\nB,Ana,13/4/2026\n",
            &map,
        );
        assert_eq!(
            notes,
            ["x.csv: dates read day first (D/M/YYYY): the file writes 13/4/2026"]
        );
        assert_eq!(
            export.accounts[0].start,
            NaiveDate::from_ymd_opt(2026, 4, 3)
        );
        let (export, _, notes) = read_text("account,owner,start\nA,Ana,3/4/2026\n", &map);
        assert!(
            notes[0].contains("read month first (M/D/YYYY): no date in the file shows the order"),
            "{notes:?}"
        );
        assert_eq!(
            export.accounts[0].start,
            NaiveDate::from_ymd_opt(2026, 3, 4)
        );
        let (_, skipped, notes) = read_text(
            "account,owner,start\nA,Ana,13/4/2026\nB,Ana,4/13/2026\n",
            &map,
        );
        assert!(notes[0].contains("both day first"), "{notes:?}");
        assert_eq!(skipped.total, 1);
        assert_eq!(skipped.kept[0].line, Some(2));
    }

    #[test]
    fn bad_rows_are_listed_with_their_lines_and_the_rest_count() {
        let map = Map::none();
        let text = "\u{feff}Account,Owner,Start,ARR\r\nA,,2026-01-01,1\r\n\"B, Inc.\",Ana,someday,2\r\n\"C\nmultiline\",Ana,2026-02-01,\"$3,000\"\r\n,Ana,2026-02-01,1\r\nD,Ana,,n/a\r\n";
        let (export, skipped, notes) = read_text(text, &map);
        let reasons: Vec<String> = skipped.kept.iter().map(ToString::to_string).collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(
            reasons[0].starts_with("x.csv:2: \"A\" has no owner"),
            "{reasons:?}"
        );
        assert!(
            reasons[1].starts_with("x.csv:6: no account name"),
            "{reasons:?}"
        );
        assert!(
            reasons[2].starts_with("x.csv:3: the start date \"someday\""),
            "{reasons:?}"
        );
        assert_eq!(export.accounts.len(), 2);
        assert_eq!(export.accounts[0].line, 4);
        assert_eq!(export.accounts[0].arr, 3000.0);
        assert!(
            notes[0].contains("1 ARR value not read as an amount (the first at line 7"),
            "{notes:?}"
        );
    }

    #[test]
    fn latin1_is_read_with_a_note() {
        let bytes = b"account,owner\nCaf\xe9,Jos\xe9\n";
        let mut skipped = Skipped::default();
        let mut notes = Vec::new();
        let export =
            read_from(&bytes[..], "x.csv", &Map::none(), &mut skipped, &mut notes).expect("read");
        assert_eq!(export.accounts[0].owner, "José");
        assert!(notes[0].contains("Latin-1"), "{notes:?}");
    }

    proptest::proptest! {
        #[test]
        fn readers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
            let map = Map::none();
            let mut skipped = Skipped::default();
            let mut notes = Vec::new();
            let _ = read_from(&bytes[..], "x.csv", &map, &mut skipped, &mut notes);
            let mut with_header = b"Account Name,Account Owner,Type,Customer Since,Renewal Date,ARR\n".to_vec();
            with_header.extend_from_slice(&bytes);
            let _ = read_from(&with_header[..], "x.csv", &map, &mut skipped, &mut notes);
            let text = String::from_utf8_lossy(&bytes);
            let _ = parse_amount(&text);
            let _ = parse_date(&text, DateOrder::DayFirst);
        }
    }
}
