//! Values as a calendar writes them: dates and times with their zone, a
//! parameter, a length (`DURATION`, or from a start to an end). Every
//! reading is checked: a value that cannot be read is `None`, never a
//! panic.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use icalendar::parser::Property;

use super::MAX_DAYS;
use super::zone::Zone;

/// A start, end or recurrence id as written: a day, or a local time in a
/// zone (UTC for a `Z` time; the calendar's zone for a floating one).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum When {
    Day(NaiveDate),
    At(NaiveDateTime, Zone),
}

impl When {
    /// The local time (a day's midnight).
    pub(super) fn wall(&self) -> NaiveDateTime {
        match self {
            When::Day(day) => day.and_time(NaiveTime::MIN),
            When::At(wall, _) => *wall,
        }
    }
}

/// An `RDATE`: a start, and for a `PERIOD` its own length.
#[derive(Debug, Clone)]
pub(super) struct Extra {
    pub(super) at: When,
    pub(super) length: Option<Duration>,
}

/// A parameter's value.
pub(super) fn param(property: &Property<'_>, key: &str) -> Option<String> {
    property
        .params
        .iter()
        .find(|p| p.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().trim().trim_matches('"').to_owned())
}

/// `20261102T090000` as a local time.
pub(super) fn local_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().trim_end_matches(['Z', 'z']);
    let (date, time) = text.split_once(['T', 't'])?;
    let time = NaiveTime::parse_from_str(time, "%H%M%S").ok()?;
    Some(day(date)?.and_time(time))
}

/// `20261102`, or with a signed year of more than four digits as some
/// exporters write a far date (`+2621421231`, `-2621430101`): any year
/// chrono holds is read, and the range decides what counts.
pub(super) fn day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, text.get(1..)?),
        b'-' => (-1, text.get(1..)?),
        _ => (1, text),
    };
    if digits.len() < 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let split = digits.len().checked_sub(4)?;
    let year: i32 = digits.get(..split)?.parse().ok()?;
    let month: u32 = digits.get(split..split + 2)?.parse().ok()?;
    let day: u32 = digits.get(split + 2..)?.parse().ok()?;
    NaiveDate::from_ymd_opt(sign * year, month, day)
}

/// The length from one start to an end of the same kind.
pub(super) fn span(start: &When, end: &When) -> Option<Duration> {
    match (start, end) {
        (When::Day(a), When::Day(b)) => Some(*b - *a),
        (When::At(a, za), When::At(b, zb)) => Some(zb.instant(*b)? - za.instant(*a)?),
        _ => None,
    }
}

/// `PT1H30M`, `P1D`, `P1W`; `None` for a negative, unreadable or
/// overflowing one (the arithmetic is checked: no length can panic).
pub(super) fn duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let rest = text.strip_prefix('+').unwrap_or(text).strip_prefix('P')?;
    let (days_part, time_part) = rest.split_once('T').unwrap_or((rest, ""));
    let mut total = Duration::zero();
    let mut number = String::new();
    let add = |total: &mut Duration, number: &mut String, unit: char| -> Option<()> {
        let n: i64 = number.parse().ok()?;
        number.clear();
        let part = match unit {
            'W' => Duration::try_weeks(n)?,
            'D' => Duration::try_days(n)?,
            'H' => Duration::try_hours(n)?,
            'M' => Duration::try_minutes(n)?,
            'S' => Duration::try_seconds(n)?,
            _ => return None,
        };
        *total = total.checked_add(&part)?;
        Some(())
    };
    for c in days_part.chars() {
        match c {
            '0'..='9' => number.push(c),
            'W' | 'D' => add(&mut total, &mut number, c)?,
            _ => return None,
        }
    }
    for c in time_part.chars() {
        match c {
            '0'..='9' => number.push(c),
            'H' | 'M' | 'S' => add(&mut total, &mut number, c)?,
            _ => return None,
        }
    }
    (number.is_empty() && total <= Duration::days(MAX_DAYS)).then_some(total)
}
