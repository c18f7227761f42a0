//! One `RRULE` made ready for the `rrule` crate: expanded in the series'
//! local time, its `UNTIL` read leniently and clamped, its start moved
//! near the window by whole periods when the rule allows it.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::values::{When, local_time};

/// One RRULE made ready for `rrule`: the series is expanded in local time
/// (every time written as if UTC), from a start moved near the window
/// when the rule allows it, up to an end clamped to the window.
#[derive(Debug, Default)]
pub(super) struct Prepared {
    /// `DTSTART:…\nRRULE:…`; `None` when no instance can reach the window
    /// (an UNTIL before it, a DTSTART after it).
    pub(super) text: Option<String>,
    /// How it was read leniently.
    pub(super) notes: Vec<String>,
    /// It has a COUNT or an UNTIL: it may end before the window does.
    pub(super) ends: bool,
    /// The length of one step of the rule, when fixed (SECONDLY to WEEKLY).
    pub(super) period: Option<Duration>,
}

/// A rule's `UNTIL` as a local time of the series (`None`: unreadable),
/// with a note when read leniently. A year beyond four digits is far
/// future (`+`) or far past (`-`).
pub(super) fn until_wall(
    value: &str,
    start: &When,
    notes: &mut Vec<String>,
) -> Option<NaiveDateTime> {
    let value = value.trim();
    if value.starts_with('+') {
        return Some(NaiveDateTime::MAX);
    }
    if value.starts_with('-') {
        return Some(NaiveDateTime::MIN);
    }
    let date = |text: &str| NaiveDate::parse_from_str(text.get(..8)?, "%Y%m%d").ok();
    match (start, value.len()) {
        (When::Day(_), _) => date(value).map(|d| d.and_time(NaiveTime::MIN)),
        (When::At(..), 8) => {
            notes.push(format!(
                "UNTIL={value} is a date where DTSTART has a time; read as the end of that day"
            ));
            date(value).and_then(|d| d.and_hms_opt(23, 59, 59))
        }
        (When::At(_, zone), _) => {
            if let Some(utc) = value.strip_suffix(['Z', 'z']).and_then(local_time) {
                Some(zone.local(utc.and_utc()))
            } else {
                notes.push(format!(
                    "UNTIL={value} has no Z where DTSTART has a zone; read as a local time"
                ));
                local_time(value)
            }
        }
    }
}

/// How far a rule's start may move and keep every instance where it was:
/// whole periods of a fixed frequency (times `INTERVAL`), or for MONTHLY and
/// YEARLY whole 400-year Gregorian cycles (times `INTERVAL`), as months.
pub(super) enum Step {
    Fixed(Duration),
    Months(u32),
}

pub(super) fn step(freq: &str, interval: i64) -> Option<Step> {
    let unit = match freq {
        "SECONDLY" => Duration::seconds(1),
        "MINUTELY" => Duration::minutes(1),
        "HOURLY" => Duration::hours(1),
        "DAILY" => Duration::days(1),
        "WEEKLY" => Duration::weeks(1),
        "MONTHLY" | "YEARLY" => {
            return u32::try_from(interval)
                .ok()
                .and_then(|n| n.checked_mul(400 * 12))
                .map(Step::Months);
        }
        _ => return None,
    };
    Duration::try_seconds(unit.num_seconds().checked_mul(interval)?).map(Step::Fixed)
}

/// The start moved forward by whole steps to just before `window_start`.
pub(super) fn moved_start(
    first: NaiveDateTime,
    window_start: NaiveDateTime,
    step: &Step,
) -> NaiveDateTime {
    if first >= window_start {
        return first;
    }
    match step {
        Step::Fixed(period) => {
            let (Some(gap), Some(period)) = (
                (window_start - first).num_seconds().checked_sub(1),
                Some(period.num_seconds()).filter(|p| *p > 0),
            ) else {
                return first;
            };
            let steps = gap / period;
            steps
                .checked_mul(period)
                .and_then(Duration::try_seconds)
                .and_then(|jump| first.checked_add_signed(jump))
                .unwrap_or(first)
        }
        Step::Months(months) => {
            let gap = (window_start.year() - first.year() - 1).max(0);
            let cycle = i32::try_from(*months / 12).unwrap_or(i32::MAX).max(1);
            let years = gap / cycle * cycle;
            u32::try_from(years)
                .ok()
                .and_then(|years| years.checked_mul(12))
                .and_then(|months| first.checked_add_months(chrono::Months::new(months)))
                .filter(|moved| *moved < window_start)
                .unwrap_or(first)
        }
    }
}

/// The last moment an `UNTIL` is read up to: the end of the last year
/// whose days are read (2200).
pub(super) fn last_readable() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2200, 12, 31)
        .and_then(|day| day.and_hms_opt(23, 59, 59))
        .unwrap_or(NaiveDateTime::MAX)
}

/// The text `rrule` reads for one RRULE, its start moved near the window
/// (`FREQ=SECONDLY` from 1970 costs what the range holds, not 56 years)
/// and its UNTIL clamped to the years read (`UNTIL=99991231` is common).
/// With a COUNT the start cannot move: the file's step cap bounds it.
pub(super) fn prepare(
    rule: &str,
    start: &When,
    window: (NaiveDateTime, NaiveDateTime),
) -> Prepared {
    let (window_start, window_end) = window;
    let mut prepared = Prepared::default();
    let mut freq = String::new();
    let mut interval = 1_i64;
    let mut counted = false;
    let mut until = None;
    let mut parts: Vec<String> = Vec::new();
    for part in rule.split(';').filter(|part| !part.trim().is_empty()) {
        let Some((name, value)) = part.split_once('=') else {
            parts.push(part.to_owned());
            continue;
        };
        let name = name.trim().to_ascii_uppercase();
        match name.as_str() {
            "UNTIL" => {
                match until_wall(value, start, &mut prepared.notes) {
                    Some(wall) => until = Some(wall),
                    // Left for `rrule` to refuse, with its reason.
                    None => parts.push(part.to_owned()),
                }
                continue;
            }
            "FREQ" => value.trim().to_ascii_uppercase().clone_into(&mut freq),
            "INTERVAL" => interval = value.trim().parse().unwrap_or(1),
            "COUNT" => counted = true,
            _ => {}
        }
        parts.push(part.to_owned());
    }
    prepared.ends = counted || until.is_some();
    let first = start.wall();
    if first > window_end || until.is_some_and(|until| until < window_start && until >= first) {
        // Only DTSTART can be in the range; it is always counted.
        return prepared;
    }
    let step = (interval > 0).then(|| step(&freq, interval)).flatten();
    prepared.period = match &step {
        Some(Step::Fixed(period)) => Some(*period),
        _ => None,
    };
    let from = match &step {
        Some(step) if !counted => moved_start(first, window_start, step),
        _ => first,
    };
    if let Some(until) = until {
        // Within the years read (the iteration stops at the window anyway).
        let until = until.min(last_readable());
        parts.push(format!("UNTIL={}Z", until.format("%Y%m%dT%H%M%S")));
    }
    prepared.text = Some(format!(
        "DTSTART:{}Z\nRRULE:{}",
        from.format("%Y%m%dT%H%M%S"),
        parts.join(";")
    ));
    prepared
}
