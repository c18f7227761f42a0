//! Time exports read into a [`Timesheet`]: Toggl Track, Clockify and
//! Harvest CSV, a plain `date,task,hours[,note]` CSV, `timew export` JSON,
//! and iCalendar `.ics` (see [`crate::io::ics`]). CSV columns are found by their header names (exports vary by
//! account and settings), in any order and case; a BOM and CRLF are fine.
//! Files are read as a stream; a line that cannot be read is skipped and
//! said why, never a panic.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::domain::calibration::{Entry, Skipped, Timesheet};
use crate::io::error::Error;
use crate::io::files;

/// The formats recognised, for messages.
pub const FORMATS: &str = "Toggl Track, Clockify or Harvest CSV, a CSV with the columns date, task, hours (and note), `timew export` JSON, or an iCalendar .ics";

/// The most of a calendar read: 64 MiB (the iCalendar parser takes it
/// whole; exports in CSV and JSON are streamed).
const MAX_CALENDAR_BYTES: u64 = 64 * 1024 * 1024;

/// What a calendar needs that an export does not: the range recurrences
/// are expanded in, and how long an all-day event's day is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalendarRange {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Hours an all-day event counts for each weekday.
    pub hours_per_day: f64,
}

/// Reads every file into one timesheet.
///
/// # Errors
/// A file that cannot be opened, is not a regular file, or is no format
/// tamplan knows (the message lists the ones it does).
pub fn read(paths: &[std::path::PathBuf], range: CalendarRange) -> Result<Timesheet, Error> {
    let mut sheet = Timesheet::default();
    for path in paths {
        read_file(path, range, &mut sheet)?;
    }
    Ok(sheet)
}

fn read_file(path: &Path, range: CalendarRange, sheet: &mut Timesheet) -> Result<(), Error> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if let Some(kind) = files::not_a_file(&meta) {
        return Err(Error::NotAFile {
            path: path.to_owned(),
            kind,
        });
    }
    let file = std::io::BufReader::new(std::fs::File::open(path).map_err(read_error)?);
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    read_from(file, &path.display().to_string(), &extension, range, sheet)
}

/// Reads one export from `reader` into `sheet`: its kind told by its first
/// bytes, else by `extension` (lower case, no dot). Streamed, except a
/// calendar, which is read whole up to a cap.
///
/// # Errors
/// A read error, or text that is no format tamplan knows.
pub fn read_from(
    mut file: impl Read,
    source: &str,
    extension: &str,
    range: CalendarRange,
    sheet: &mut Timesheet,
) -> Result<(), Error> {
    let read_error = |source: std::io::Error| Error::Failed(format!("{source}"));
    // Enough of the start to tell the format.
    let mut head = Vec::new();
    (&mut file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(read_error)?;
    let start = String::from_utf8_lossy(&head);
    let start = start.trim_start_matches('\u{feff}').trim_start();
    let rest = std::io::Cursor::new(head.clone()).chain(file);
    if start.starts_with('[') {
        return read_timew(rest, source, sheet);
    }
    if start.starts_with("BEGIN:VCALENDAR") || extension == "ics" {
        let mut text = String::new();
        rest.take(MAX_CALENDAR_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|error| Error::Failed(format!("{source}: {error}")))?;
        // Never a calendar cut short without a word: that would be hours lost.
        if u64::try_from(text.len()).unwrap_or(u64::MAX) > MAX_CALENDAR_BYTES {
            return Err(Error::Failed(format!(
                "{source}: a calendar larger than {} MiB; expected a smaller export (a shorter range)",
                MAX_CALENDAR_BYTES / 1024 / 1024
            )));
        }
        return crate::io::ics::read(
            &text,
            source,
            range.from,
            range.to,
            range.hours_per_day,
            sheet,
        )
        .map_err(Error::Failed);
    }
    if start.to_lowercase().contains("date") || extension == "csv" {
        return read_csv(rest, source, sheet);
    }
    Err(Error::Failed(format!(
        "{source}: not a time export tamplan knows; expected {FORMATS}"
    )))
}

/// Where each field is in a CSV's records.
#[derive(Debug, Default)]
struct Columns {
    date: Option<usize>,
    hours: Option<usize>,
    hours_clock: bool,
    fields: Vec<usize>,
}

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Columns {
        let names: Vec<String> = header
            .iter()
            .map(|name| name.trim_start_matches('\u{feff}').trim().to_lowercase())
            .collect();
        let find = |wanted: &[&str]| {
            wanted
                .iter()
                .find_map(|w| names.iter().position(|name| name == w))
        };
        let decimal = find(&["duration (decimal)", "hours", "duration (hours)"]);
        let clock = find(&["duration", "duration (h)"]);
        let mut fields = Vec::new();
        for wanted in [
            "project",
            "client",
            "task",
            "description",
            "notes",
            "note",
            "tags",
            "tag",
        ] {
            if let Some(index) = names.iter().position(|name| name == wanted) {
                fields.push(index);
            }
        }
        // The project (or client) first, then the task: an entry whose
        // project or task is a task's name maps to it without a rule.
        Columns {
            date: find(&["start date", "date", "day"]),
            hours: decimal.or(clock),
            hours_clock: decimal.is_none() && clock.is_some(),
            fields,
        }
    }
}

fn read_csv(reader: impl Read, source: &str, sheet: &mut Timesheet) -> Result<(), Error> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(reader);
    let header = csv
        .headers()
        .map_err(|error| Error::Failed(format!("{source}:1: {error}; expected {FORMATS}")))?
        .clone();
    let columns = Columns::from_header(&header);
    let (Some(date_at), Some(hours_at)) = (columns.date, columns.hours) else {
        return Err(Error::Failed(format!(
            "{source}:1: no date and hours columns in the header; expected {FORMATS}"
        )));
    };
    let mut record = csv::StringRecord::new();
    let mut line = 1;
    loop {
        line += 1;
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                sheet.skipped.push(Skipped {
                    file: source.to_owned(),
                    line,
                    reason: error.to_string(),
                });
                continue;
            }
        }
        let skip = |reason: String| Skipped {
            file: source.to_owned(),
            line,
            reason,
        };
        let date = record.get(date_at).map(str::trim).unwrap_or_default();
        let Some(date) = parse_date(date) else {
            sheet.skipped.push(skip(format!(
                "{date:?} is not a date; expected 2026-11-02, 11/02/2026 or 02.11.2026"
            )));
            continue;
        };
        let duration = record.get(hours_at).map(str::trim).unwrap_or_default();
        let hours = if columns.hours_clock {
            parse_clock(duration).or_else(|| parse_decimal(duration))
        } else {
            parse_decimal(duration).or_else(|| parse_clock(duration))
        };
        match hours {
            Some(hours) if hours >= 0.0 && hours.is_finite() => {
                sheet.entries.push(Entry {
                    date,
                    hours,
                    fields: columns
                        .fields
                        .iter()
                        .map(|at| record.get(*at).unwrap_or_default().to_owned())
                        .collect(),
                });
            }
            Some(_) => sheet.skipped.push(skip(format!(
                "the duration {duration:?} is negative; expected hours ≥ 0"
            ))),
            None => sheet.skipped.push(skip(format!(
                "{duration:?} is not a duration; expected 1.5, 1:30 or 01:30:00"
            ))),
        }
    }
    Ok(())
}

/// `2026-11-02`, `2026/11/02`, `02.11.2026`, `11/02/2026` (US) or
/// `22/11/2026` (a first part over 12 is the day).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.split_whitespace().next()?;
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date);
        }
    }
    let first: u32 = text.split('/').next()?.parse().ok()?;
    let format = if first > 12 { "%d/%m/%Y" } else { "%m/%d/%Y" };
    NaiveDate::parse_from_str(text, format).ok()
}

/// `01:30:00` or `1:30` as hours.
pub fn parse_clock(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.split(':').collect();
    let number = |part: &&str| part.trim().parse::<u32>().ok().map(f64::from);
    match parts.as_slice() {
        [h, m] => Some(number(h)? + number(m)? / 60.0),
        [h, m, s] => Some(number(h)? + number(m)? / 60.0 + number(s)? / 3600.0),
        _ => None,
    }
}

/// `1.5` (or `1,5`) as hours.
pub fn parse_decimal(text: &str) -> Option<f64> {
    text.replace(',', ".").parse::<f64>().ok()
}

/// One `timew export` interval.
#[derive(serde::Deserialize)]
struct Interval {
    start: Option<String>,
    end: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    annotation: String,
}

fn read_timew(reader: impl Read, source: &str, sheet: &mut Timesheet) -> Result<(), Error> {
    let intervals: Vec<serde_json::Value> = serde_json::from_reader(reader).map_err(|error| {
        Error::Failed(format!(
            "{source}:{}:{}: {error}; expected `timew export` JSON",
            error.line(),
            error.column()
        ))
    })?;
    for (index, value) in intervals.into_iter().enumerate() {
        let line = index + 1;
        let skip = |reason: String| Skipped {
            file: source.to_owned(),
            line,
            reason,
        };
        let Ok(interval) = serde_json::from_value::<Interval>(value) else {
            sheet.skipped.push(skip(
                "not an interval; expected start, end and tags".to_owned(),
            ));
            continue;
        };
        let parse = |text: &Option<String>| {
            text.as_deref()
                .and_then(|t| NaiveDateTime::parse_from_str(t, "%Y%m%dT%H%M%SZ").ok())
                .map(|t| DateTime::<Utc>::from_naive_utc_and_offset(t, Utc))
        };
        let (Some(start), Some(end)) = (parse(&interval.start), parse(&interval.end)) else {
            sheet.skipped.push(skip(
                "no start or no end (still running?); expected both as 20261102T090000Z".to_owned(),
            ));
            continue;
        };
        if end < start {
            sheet
                .skipped
                .push(skip("it ends before it starts".to_owned()));
            continue;
        }
        #[expect(clippy::cast_precision_loss, reason = "seconds of an interval")]
        let hours = (end - start).num_seconds() as f64 / 3600.0;
        let local = start.with_timezone(&chrono::Local).date_naive();
        let mut fields = vec![interval.tags.first().cloned().unwrap_or_default()];
        fields.push(
            interval
                .tags
                .get(1..)
                .map(|t| t.join(" "))
                .unwrap_or_default(),
        );
        fields.push(interval.annotation);
        sheet.entries.push(Entry {
            date: local,
            hours,
            fields,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_dates_as_exports_write_them() {
        assert_eq!(parse_clock("01:30:00"), Some(1.5));
        assert_eq!(parse_clock("2:15"), Some(2.25));
        assert_eq!(parse_clock("x:15"), None);
        assert_eq!(parse_decimal("1,25"), Some(1.25));
        let day = NaiveDate::from_ymd_opt(2026, 11, 2);
        assert_eq!(parse_date("2026-11-02"), day);
        assert_eq!(parse_date("11/02/2026"), day);
        assert_eq!(parse_date("02.11.2026"), day);
        assert_eq!(parse_date("2026-11-02 09:00"), day);
        assert_eq!(
            parse_date("22/11/2026"),
            NaiveDate::from_ymd_opt(2026, 11, 22)
        );
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn a_calendar_over_the_cap_is_refused_not_cut_short() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
        let range = CalendarRange {
            from: day,
            to: day,
            hours_per_day: 8.0,
        };
        let huge = std::io::repeat(b' ').take(MAX_CALENDAR_BYTES + 10);
        let mut sheet = Timesheet::default();
        let error = read_from(huge, "big.ics", "ics", range, &mut sheet)
            .expect_err("over the cap")
            .to_string();
        assert!(
            error.contains("big.ics: a calendar larger than 64 MiB"),
            "{error}"
        );
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;

    proptest::proptest! {
        #[test]
        fn readers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
            let mut sheet = Timesheet::default();
            let _ = read_csv(bytes.as_slice(), "x.csv", &mut sheet);
            let _ = read_timew(bytes.as_slice(), "x.json", &mut sheet);
            let mut with_header = b"date,task,hours,note\n".to_vec();
            with_header.extend(&bytes);
            let _ = read_csv(with_header.as_slice(), "y.csv", &mut sheet);
            for entry in &sheet.entries {
                proptest::prop_assert!(entry.hours >= 0.0 && entry.hours.is_finite());
            }
        }
    }
}
