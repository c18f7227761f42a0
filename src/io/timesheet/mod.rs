//! Time exports read into a [`Timesheet`]: Toggl Track, Clockify and
//! Harvest CSV, a plain `date,task,hours[,note]` CSV, `timew export` JSON,
//! and iCalendar `.ics` (see [`crate::io::ics`]). CSV columns are found by their header names (exports vary by
//! account and settings), in any order and case; a BOM and CRLF are fine.
//! Files are read as a stream; a line that cannot be read is skipped and
//! said why, never a panic.

use std::io::Read;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::calibration::{self, Entry, Origin, Range, Timesheet};
use crate::domain::diagnostic::Finding;
use crate::io::error::Error;
use crate::io::files;
use timew::read_timew;

mod timew;

/// The formats recognised, for messages.
pub const FORMATS: &str = "Toggl Track, Clockify or Harvest CSV, a CSV with the columns date, task, hours (and note), `timew export` JSON, or an iCalendar .ics";

/// The most of a calendar read: 64 MiB (the iCalendar parser takes it
/// whole; exports in CSV and JSON are streamed).
const MAX_CALENDAR_BYTES: u64 = 64 * 1024 * 1024;

/// Entry dates read: years 1900 to 2200 (a date beyond is a typo or an
/// attack, never a week worked).
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;

/// The most hours one entry of a time export holds: a day.
const MAX_ENTRY_HOURS: f64 = 24.0;

/// How the files are read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// `--from`: the first day, when given.
    pub from: Option<NaiveDate>,
    /// `--to`: the last day, when given.
    pub to: Option<NaiveDate>,
    /// Today (the clock, which `TAMPLAN_NOW` fixes).
    pub today: NaiveDate,
    /// Hours an all-day event counts for each weekday.
    pub hours_per_day: f64,
    /// `--tz`: the zone of export times and days when no calendar names one.
    pub tz: Option<Tz>,
    /// Calendars are also read this many weeks before the range, so that a
    /// view can move the range back without reading them again.
    pub weeks_before: u32,
}

/// Every file read, and the range they set.
#[derive(Debug, Clone, PartialEq)]
pub struct Logs {
    /// The entries.
    pub sheet: Timesheet,
    /// The range to calibrate.
    pub range: Range,
    /// The earliest day a view may move the range back to.
    pub earliest: NaiveDate,
}

/// A file, told apart by its first bytes.
enum Source {
    /// A calendar, read whole.
    Calendar { name: String, text: String },
    /// A time export, streamed when read.
    Export(std::path::PathBuf),
}

/// Reads every file: time exports first (they set the default range and
/// are read in the calendars' zone), then calendars within the range,
/// then the calendar events the exports logged too are dropped.
///
/// # Errors
/// A file that cannot be opened, is not a regular file, or is no format
/// tamplan knows (the message lists the ones it does); a range that ends
/// before it starts.
pub fn read(paths: &[std::path::PathBuf], options: &Options) -> Result<Logs, Error> {
    let mut sources = Vec::new();
    for path in paths {
        sources.push(sniff(path)?);
    }
    let zone = sources
        .iter()
        .find_map(|source| match source {
            Source::Calendar { text, .. } => crate::io::ics::calendar_zone(text),
            Source::Export(_) => None,
        })
        .or(options.tz)
        .unwrap_or(chrono_tz::UTC);
    let mut sheet = Timesheet::default();
    for source in &sources {
        if let Source::Export(path) = source {
            let file = open(path)?;
            let extension = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            read_export(
                file,
                &path.display().to_string(),
                &extension,
                zone,
                &mut sheet,
            )?;
        }
    }
    let logged = sheet
        .entries
        .iter()
        .map(|e| e.date)
        .min()
        .zip(sheet.entries.iter().map(|e| e.date).max());
    let range = calibration::range(logged, options.from, options.to, options.today)
        .map_err(|error| Error::Usage(error.to_string()))?;
    let earliest = range.from - chrono::Duration::weeks(i64::from(options.weeks_before));
    let reading = crate::io::ics::Reading {
        from: earliest,
        to: range.to,
        hours_per_day: options.hours_per_day,
        tz: options.tz,
    };
    for source in &sources {
        if let Source::Calendar { name, text } = source {
            crate::io::ics::read(text, name, &reading, &mut sheet).map_err(Error::Failed)?;
        }
    }
    calibration::drop_duplicates(&mut sheet);
    Ok(Logs {
        sheet,
        range,
        earliest,
    })
}

fn open(path: &Path) -> Result<std::io::BufReader<std::fs::File>, Error> {
    let read_error = |source| Error::ReadExport {
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
    Ok(std::io::BufReader::new(
        std::fs::File::open(path).map_err(read_error)?,
    ))
}

/// A calendar (read whole, up to the cap) or an export (left for later).
fn sniff(path: &Path) -> Result<Source, Error> {
    let mut file = open(path)?;
    let name = path.display().to_string();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut head = Vec::new();
    (&mut file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|error| Error::Failed(format!("{name}: {error}")))?;
    if !is_calendar(&head, &extension) {
        return Ok(Source::Export(path.to_owned()));
    }
    let text = read_calendar(std::io::Cursor::new(head).chain(file), &name)?;
    Ok(Source::Calendar { name, text })
}

fn is_calendar(head: &[u8], extension: &str) -> bool {
    let start = String::from_utf8_lossy(head);
    let start = start.trim_start_matches('\u{feff}').trim_start();
    start.to_ascii_uppercase().starts_with("BEGIN:VCALENDAR")
        || (extension == "ics" && !start.starts_with('['))
}

/// A calendar's text, refused over the cap (never cut short without a
/// word: that would be hours lost).
fn read_calendar(reader: impl Read, source: &str) -> Result<String, Error> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_CALENDAR_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| Error::Failed(format!("{source}: {error}")))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_CALENDAR_BYTES {
        return Err(Error::Failed(format!(
            "{source}: a calendar larger than {} MiB; expected a smaller export (a shorter range)",
            MAX_CALENDAR_BYTES / 1024 / 1024
        )));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Reads one export or calendar from `reader` into `sheet` (a calendar
/// within `reading`'s range): its kind told by its first bytes, else by
/// `extension` (lower case, no dot).
///
/// # Errors
/// A read error, or text that is no format tamplan knows.
pub fn read_from(
    mut file: impl Read,
    source: &str,
    extension: &str,
    reading: &crate::io::ics::Reading,
    sheet: &mut Timesheet,
) -> Result<(), Error> {
    let mut head = Vec::new();
    (&mut file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|error| Error::Failed(format!("{source}: {error}")))?;
    let calendar = is_calendar(&head, extension);
    let rest = std::io::Cursor::new(head).chain(file);
    if calendar {
        let text = read_calendar(rest, source)?;
        return crate::io::ics::read(&text, source, reading, sheet).map_err(Error::Failed);
    }
    read_export(
        rest,
        source,
        extension,
        reading.tz.unwrap_or(chrono_tz::UTC),
        sheet,
    )
}

/// Reads one time export: times read in `zone`.
fn read_export(
    mut file: impl Read,
    source: &str,
    extension: &str,
    zone: Tz,
    sheet: &mut Timesheet,
) -> Result<(), Error> {
    let read_error = |error: std::io::Error| Error::Failed(format!("{source}: {error}"));
    // Enough of the start to tell the format.
    let mut head = Vec::new();
    (&mut file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(read_error)?;
    let start = String::from_utf8_lossy(&head);
    let start = start.trim_start_matches('\u{feff}').trim_start();
    let json = start.starts_with('[');
    let dated = start.to_lowercase().contains("date");
    let rest = std::io::Cursor::new(head.clone()).chain(file);
    if json {
        return read_timew(rest, source, zone, sheet);
    }
    if dated || extension == "csv" {
        return read_csv(rest, source, zone, sheet);
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
    start_time: Option<usize>,
    end_date: Option<usize>,
    end_time: Option<usize>,
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
            start_time: find(&["start time"]),
            end_date: find(&["end date"]),
            end_time: find(&["end time"]),
            fields,
        }
    }
}

/// How a file writes `a/b/yyyy` dates: chosen once for the whole file.
#[derive(Debug, Default)]
struct SlashDates {
    /// Entries (index in the sheet) whose date was written with slashes,
    /// read month first, with (first, second) parts.
    read: Vec<(usize, u32, u32, i32)>,
    /// A first part over 12 was seen: the file writes the day first.
    day_first: Option<String>,
    /// A second part over 12 was seen: the file writes the month first.
    month_first: Option<String>,
}

fn read_csv(reader: impl Read, source: &str, zone: Tz, sheet: &mut Timesheet) -> Result<(), Error> {
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
    let mut slashes = SlashDates::default();
    let mut record = csv::StringRecord::new();
    let mut line = 1;
    loop {
        line += 1;
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                sheet.skip(Finding::skipped(source.to_owned(), line, error.to_string()));
                continue;
            }
        }
        let skip = |reason: String| Finding::skipped(source.to_owned(), line, reason);
        let date_text = record.get(date_at).map(str::trim).unwrap_or_default();
        let Some(date) = parse_date(date_text) else {
            sheet.skip(skip(format!(
                "{date_text:?} is not a date; expected 2026-11-02, 11/02/2026 or 02.11.2026"
            )));
            continue;
        };
        if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
            sheet.skip(skip(format!(
                "{date_text:?} is outside the years {FIRST_YEAR} to {LAST_YEAR}; expected a day worked"
            )));
            continue;
        }
        let duration = record.get(hours_at).map(str::trim).unwrap_or_default();
        let hours = match entry_hours(duration, columns.hours_clock) {
            Ok(hours) => hours,
            Err(why) => {
                sheet.skip(skip(why));
                continue;
            }
        };
        if let Some((first, second, year)) = date_text
            .contains('/')
            .then(|| slash_parts(date_text))
            .flatten()
        {
            slashes
                .read
                .push((sheet.entries.len(), first, second, year));
            if first > 12 && slashes.day_first.is_none() {
                slashes.day_first = Some(date_text.to_owned());
            }
            if second > 12 && slashes.month_first.is_none() {
                slashes.month_first = Some(date_text.to_owned());
            }
        }
        let origin = times(&record, &columns, date, zone);
        sheet.entries.push(Entry {
            date,
            hours,
            fields: columns
                .fields
                .iter()
                .map(|at| record.get(*at).unwrap_or_default().to_owned())
                .collect::<Vec<String>>()
                .into(),
            origin,
        });
    }
    settle_slash_dates(&slashes, source, sheet);
    Ok(())
}

/// An entry's hours, or why they are refused: not a number, negative, or
/// more than a day.
fn entry_hours(duration: &str, clock: bool) -> Result<f64, String> {
    let hours = if clock {
        parse_clock(duration).or_else(|| parse_decimal(duration))
    } else {
        parse_decimal(duration).or_else(|| parse_clock(duration))
    };
    match hours {
        Some(hours) if (0.0..=MAX_ENTRY_HOURS).contains(&hours) => Ok(hours),
        Some(hours) if hours.is_nan() || hours.is_infinite() => Err(format!(
            "the duration {duration:?} is not a number of hours; expected 1.5, 1:30 or 01:30:00"
        )),
        Some(hours) if hours < 0.0 => Err(format!(
            "the duration {duration:?} is negative; expected hours ≥ 0"
        )),
        Some(_) => Err(format!(
            "the duration {duration:?} is more than {MAX_ENTRY_HOURS} hours; expected at most a day per entry"
        )),
        None => Err(format!(
            "{duration:?} is not a duration; expected 1.5, 1:30 or 01:30:00"
        )),
    }
}

/// Dates written `a/b/yyyy` are read month first unless the file shows a
/// day over 12 first (`13/11/2026`): then every such date of the file is
/// read day first, so `12/11/2026` beside it is 12 November.
fn settle_slash_dates(slashes: &SlashDates, source: &str, sheet: &mut Timesheet) {
    let Some(example) = &slashes.day_first else {
        return;
    };
    if let Some(other) = &slashes.month_first {
        sheet.note(format!(
            "{source}: dates are written both day first ({example}) and month first ({other}); each is read the only way it can be, and 01/02 to 12/12 month first"
        ));
        return;
    }
    sheet.note(format!(
        "{source}: dates read day first (the file writes {example})"
    ));
    for (index, first, second, year) in &slashes.read {
        let Some(entry) = sheet.entries.get_mut(*index) else {
            continue;
        };
        let Some(date) = NaiveDate::from_ymd_opt(*year, *second, *first) else {
            continue;
        };
        let shift = date - entry.date;
        entry.date = date;
        if let Origin::Timed { start, end } = &mut entry.origin {
            *start += shift;
            *end += shift;
        }
    }
}

/// `a/b/yyyy` as numbers.
fn slash_parts(text: &str) -> Option<(u32, u32, i32)> {
    let text = text.split_whitespace().next()?;
    let mut parts = text.split('/');
    let first = parts.next()?.parse().ok()?;
    let second = parts.next()?.parse().ok()?;
    let year = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((first, second, year))
}

/// An entry's start and end when the export gives them (Toggl's and
/// Clockify's `Start time`, `End date`, `End time`), read in `zone`.
fn times(record: &csv::StringRecord, columns: &Columns, date: NaiveDate, zone: Tz) -> Origin {
    let time = |at: Option<usize>| at.and_then(|at| record.get(at)).and_then(parse_time);
    let (Some(start_time), Some(end_time)) = (time(columns.start_time), time(columns.end_time))
    else {
        return Origin::Logged;
    };
    let end_date = columns
        .end_date
        .and_then(|at| record.get(at))
        .and_then(|text| parse_date(text.trim()))
        .unwrap_or(date);
    let instant = |local: chrono::NaiveDateTime| {
        if zone == chrono_tz::UTC {
            Some(local.and_utc())
        } else {
            zone.from_local_datetime(&local)
                .earliest()
                .map(|at| at.with_timezone(&Utc))
        }
    };
    let start = instant(date.and_time(start_time));
    let mut end = instant(end_date.and_time(end_time));
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        end = end_date
            .succ_opt()
            .and_then(|next| instant(next.and_time(end_time)));
    }
    match (start, end) {
        (Some(start), Some(end)) if end >= start => Origin::Timed { start, end },
        _ => Origin::Logged,
    }
}

/// `09:00`, `09:00:00`, `9:00 AM`, `09:00:00 PM`.
fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    // The 24-hour clock every export but Clockify's US one writes, read
    // without chrono's format machinery (a third of a large export's time).
    let mut parts = text.split(':');
    let number = |part: Option<&str>| -> Option<u32> {
        let part = part?;
        (!part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (hours, minutes) = (number(parts.next()), number(parts.next()));
    let seconds = match parts.next() {
        None => Some(0),
        some => number(some),
    };
    if let (Some(h), Some(m), Some(s), None) = (hours, minutes, seconds, parts.next())
        && let Some(time) = NaiveTime::from_hms_opt(h, m, s)
    {
        return Some(time);
    }
    ["%I:%M:%S %p", "%I:%M %p"]
        .iter()
        .find_map(|format| NaiveTime::parse_from_str(text, format).ok())
}

/// `2026-11-02` read by hand: most exports write it, and chrono's format
/// parser is slow for a hundred thousand of them.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
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

/// `2026-11-02`, `2026/11/02`, `02.11.2026`, `11/02/2026` (US) or
/// `22/11/2026` (a first part over 12 is the day; a file chooses once for
/// all its dates, see `settle_slash_dates`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.split_whitespace().next()?;
    if let Some(date) = iso_date(text) {
        return Some(date);
    }
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
    let mut parts = text.split(':');
    let number = |part: &str| part.trim().parse::<u32>().ok().map(f64::from);
    let hours = number(parts.next()?)?;
    let minutes = number(parts.next()?)?;
    let seconds = match parts.next() {
        Some(part) => number(part)?,
        None => 0.0,
    };
    parts
        .next()
        .is_none()
        .then(|| hours + minutes / 60.0 + seconds / 3600.0)
}

/// `1.5` (or `1,5`) as hours.
pub fn parse_decimal(text: &str) -> Option<f64> {
    text.replace(',', ".").parse::<f64>().ok()
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
        let reading = crate::io::ics::Reading {
            from: day,
            to: day,
            hours_per_day: 8.0,
            tz: None,
        };
        let huge = std::io::repeat(b' ').take(MAX_CALENDAR_BYTES + 10);
        let mut sheet = Timesheet::default();
        let error = read_from(huge, "big.ics", "ics", &reading, &mut sheet)
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
            let _ = read_csv(bytes.as_slice(), "x.csv", chrono_tz::UTC, &mut sheet);
            let _ = read_timew(bytes.as_slice(), "x.json", chrono_tz::UTC, &mut sheet);
            let mut with_header = b"date,task,hours,note\n".to_vec();
            with_header.extend(&bytes);
            let _ = read_csv(with_header.as_slice(), "y.csv", chrono_tz::UTC, &mut sheet);
            for entry in &sheet.entries {
                proptest::prop_assert!(entry.hours >= 0.0 && entry.hours.is_finite());
            }
        }
    }
}
