//! iCalendar (`.ics`, RFC 5545) from Google Calendar or Outlook, read into
//! logged hours: `icalendar` parses, `rrule` expands recurrences, and
//! `chrono-tz` gives times their zone (IANA names, and the Windows names
//! Outlook writes). Recurrences are expanded only within the range, so a
//! rule without an end never runs forever; `RDATE`, `EXDATE` and moved
//! instances (`RECURRENCE-ID`) are honoured; cancelled events and events
//! marked free (`TRANSP:TRANSPARENT`) are skipped. An all-day event counts
//! `hours_per_day` for each weekday it covers.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::domain::calibration::{Entry, Skipped, Timesheet};

/// Windows zone names as Outlook writes them, and their IANA zone.
const WINDOWS_ZONES: [(&str, &str); 24] = [
    ("UTC", "UTC"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
];

/// The zone a `TZID` names: an IANA name, or a Windows name.
pub fn zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    tzid.parse::<Tz>().ok().or_else(|| {
        WINDOWS_ZONES
            .iter()
            .find(|(windows, _)| windows.eq_ignore_ascii_case(tzid))
            .and_then(|(_, iana)| iana.parse().ok())
    })
}

/// A start or end as written: a day (all-day), or an instant.
#[derive(Debug, Clone, Copy, PartialEq)]
enum When {
    Day(NaiveDate),
    At(DateTime<Tz>),
}

/// A `DTSTART`/`DTEND`/`RECURRENCE-ID` value with its `TZID`.
fn when(value: &str, tzid: Option<&str>, is_date: bool, local: Tz) -> Option<When> {
    let value = value.trim();
    if is_date || value.len() == 8 {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .ok()
            .map(When::Day);
    }
    if let Some(utc) = value.strip_suffix('Z') {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some(When::At(
            Utc.from_utc_datetime(&naive).with_timezone(&chrono_tz::UTC),
        ));
    }
    let naive = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
    let tz = tzid.and_then(zone).unwrap_or(local);
    // A time that a DST change skips or repeats takes the earlier reading.
    tz.from_local_datetime(&naive).earliest().map(When::At)
}

/// `PT1H30M`, `P1D`, `P1W`, `-PT15M` (negative durations are refused).
fn duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let rest = text.strip_prefix('+').unwrap_or(text).strip_prefix('P')?;
    let (days_part, time_part) = rest.split_once('T').unwrap_or((rest, ""));
    let mut total = Duration::zero();
    let mut number = String::new();
    for c in days_part.chars() {
        match c {
            '0'..='9' => number.push(c),
            'W' => total += Duration::weeks(number.parse().ok()?),
            'D' => total += Duration::days(number.parse().ok()?),
            _ => return None,
        }
        if !c.is_ascii_digit() {
            number.clear();
        }
    }
    for c in time_part.chars() {
        match c {
            '0'..='9' => number.push(c),
            'H' => total += Duration::hours(number.parse().ok()?),
            'M' => total += Duration::minutes(number.parse().ok()?),
            'S' => total += Duration::seconds(number.parse().ok()?),
            _ => return None,
        }
        if !c.is_ascii_digit() {
            number.clear();
        }
    }
    Some(total)
}

/// One VEVENT, as read.
#[derive(Debug, Clone, Default)]
struct Event {
    line: usize,
    uid: String,
    start: Option<When>,
    end: Option<When>,
    length: Option<Duration>,
    recurrence_id: Option<When>,
    /// The DTSTART, RRULE, RDATE and EXDATE lines, for `rrule`.
    recurrence: Vec<String>,
    summary: String,
    categories: String,
    skip: bool,
}

/// Reads an `.ics` text into `sheet`, expanding recurrences within `from`
/// to `to` (both included).
///
/// # Errors
/// Text that is not an iCalendar file; a single event that cannot be read
/// is skipped and said in `sheet.skipped` instead.
pub fn read(
    text: &str,
    source: &str,
    from: NaiveDate,
    to: NaiveDate,
    hours_per_day: f64,
    sheet: &mut Timesheet,
) -> Result<(), String> {
    let unfolded = icalendar::parser::unfold(text);
    let calendar = icalendar::parser::read_calendar(&unfolded).map_err(|error| {
        format!(
            "{source}: not an iCalendar file ({}); expected BEGIN:VCALENDAR",
            error.lines().next().unwrap_or_default()
        )
    })?;
    let local = calendar
        .properties
        .iter()
        .find(|p| p.name == "X-WR-TIMEZONE")
        .and_then(|p| zone(p.val.as_str()))
        .unwrap_or(chrono_tz::UTC);
    let calendar_name = calendar
        .properties
        .iter()
        .find(|p| p.name == "X-WR-CALNAME")
        .map(|p| p.val.as_str().to_owned())
        .unwrap_or_default();
    let events = events(&calendar, local);
    // Moved or cancelled instances, by the event they belong to.
    let mut moved: HashMap<String, Vec<When>> = HashMap::new();
    for event in events.iter().filter(|e| e.recurrence_id.is_some()) {
        if let Some(original) = event.recurrence_id {
            moved.entry(event.uid.clone()).or_default().push(original);
        }
    }
    let range_start =
        chrono_tz::UTC.from_utc_datetime(&from.and_hms_opt(0, 0, 0).unwrap_or_default());
    let range_end = chrono_tz::UTC.from_utc_datetime(
        &(to + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default(),
    );
    for event in &events {
        let skip = |reason: &str| Skipped {
            file: source.to_owned(),
            line: event.line,
            reason: format!("event {:?}: {reason}", event.summary),
        };
        if event.skip {
            continue;
        }
        let Some(start) = event.start else {
            sheet.skipped.push(skip("no DTSTART"));
            continue;
        };
        let length = match (event.end, event.length, start) {
            (Some(end), _, _) => span(start, end),
            (None, Some(length), _) => Some(length),
            (None, None, When::Day(_)) => Some(Duration::days(1)),
            (None, None, When::At(_)) => Some(Duration::zero()),
        };
        let Some(length) = length.filter(|l| *l >= Duration::zero()) else {
            sheet.skipped.push(skip("it ends before it starts"));
            continue;
        };
        let is_master = event
            .recurrence
            .iter()
            .any(|l| l.starts_with("RRULE") || l.starts_with("RDATE"));
        let starts: Vec<When> = if is_master && event.recurrence_id.is_none() {
            match expand(&event.recurrence, range_start, range_end, start) {
                Ok(starts) => starts,
                Err(why) => {
                    sheet.skipped.push(skip(&why));
                    continue;
                }
            }
        } else {
            vec![start]
        };
        let exceptions = moved.get(&event.uid);
        for occurrence in starts {
            if is_master
                && event.recurrence_id.is_none()
                && exceptions.is_some_and(|list| list.iter().any(|w| same_instant(*w, occurrence)))
            {
                continue; // the moved instance stands for it
            }
            let fields = vec![
                calendar_name.clone(),
                event.summary.clone(),
                event.categories.clone(),
            ];
            push(sheet, occurrence, length, from, to, hours_per_day, fields);
        }
    }
    Ok(())
}

/// Every VEVENT of the calendar, as read.
fn events(calendar: &icalendar::parser::Calendar<'_>, local: Tz) -> Vec<Event> {
    calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .enumerate()
        .map(|(index, component)| {
            let mut event = Event {
                line: index + 1,
                ..Event::default()
            };
            for property in &component.properties {
                read_property(&mut event, property, local);
            }
            event
        })
        .collect()
}

/// One property of a VEVENT into `event`.
fn read_property(event: &mut Event, property: &icalendar::parser::Property<'_>, local: Tz) {
    let param = |key: &str| {
        property
            .params
            .iter()
            .find(|p| p.key == key)
            .and_then(|p| p.val.as_ref())
            .map(|v| v.as_str().to_owned())
    };
    let tzid = param("TZID");
    let is_date = param("VALUE").is_some_and(|v| v == "DATE");
    let value = property.val.as_str();
    match property.name.as_str() {
        "UID" => value.clone_into(&mut event.uid),
        "SUMMARY" => value.clone_into(&mut event.summary),
        "CATEGORIES" => value.clone_into(&mut event.categories),
        "STATUS" if value.eq_ignore_ascii_case("CANCELLED") => event.skip = true,
        "TRANSP" if value.eq_ignore_ascii_case("TRANSPARENT") => event.skip = true,
        "DTSTART" => {
            event.start = when(value, tzid.as_deref(), is_date, local);
            event.recurrence.push(rrule_line(
                "DTSTART",
                value,
                tzid.as_deref(),
                is_date,
                local,
            ));
        }
        "DTEND" => event.end = when(value, tzid.as_deref(), is_date, local),
        "DURATION" => event.length = duration(value),
        "RECURRENCE-ID" => event.recurrence_id = when(value, tzid.as_deref(), is_date, local),
        "RRULE" => event.recurrence.push(format!("RRULE:{value}")),
        "RDATE" | "EXDATE" => event.recurrence.push(rrule_line(
            property.name.as_str(),
            value,
            tzid.as_deref(),
            is_date,
            local,
        )),
        _ => {}
    }
}

/// The line `rrule` reads for a DTSTART, RDATE or EXDATE, its zone spelled
/// the IANA way (a Windows name is mapped, a floating time takes the
/// calendar's zone).
fn rrule_line(name: &str, value: &str, tzid: Option<&str>, is_date: bool, local: Tz) -> String {
    if is_date || value.trim().len() == 8 {
        return format!("{name};VALUE=DATE:{}", value.trim());
    }
    if value.trim().ends_with('Z') {
        return format!("{name}:{}", value.trim());
    }
    let tz = tzid.and_then(zone).unwrap_or(local);
    format!("{name};TZID={}:{}", tz.name(), value.trim())
}

/// The starts of a recurring event within the range (never more than the
/// range holds: an unbounded rule is clipped to it).
fn expand(
    lines: &[String],
    range_start: DateTime<Tz>,
    range_end: DateTime<Tz>,
    first: When,
) -> Result<Vec<When>, String> {
    let set: rrule::RRuleSet = lines
        .join("\n")
        .parse()
        .map_err(|error: rrule::RRuleError| format!("its recurrence cannot be read: {error}"))?;
    let rtz = |t: DateTime<Tz>| t.with_timezone(&rrule::Tz::UTC);
    let result = set
        .after(rtz(range_start) - Duration::days(1))
        .before(rtz(range_end))
        .all(u16::MAX);
    Ok(result
        .dates
        .into_iter()
        .map(|date| match first {
            When::Day(_) => When::Day(date.date_naive()),
            When::At(at) => When::At(date.with_timezone(&at.timezone())),
        })
        .collect())
}

fn span(start: When, end: When) -> Option<Duration> {
    match (start, end) {
        (When::Day(a), When::Day(b)) => Some(b - a),
        (When::At(a), When::At(b)) => Some(b - a),
        _ => None,
    }
}

fn same_instant(a: When, b: When) -> bool {
    match (a, b) {
        (When::Day(a), When::Day(b)) => a == b,
        (When::At(a), When::At(b)) => a == b,
        (When::Day(a), When::At(b)) | (When::At(b), When::Day(a)) => b.date_naive() == a,
    }
}

/// One occurrence as entries: its real duration on its start's day, or for
/// an all-day event `hours_per_day` on each weekday it covers.
#[expect(clippy::cast_precision_loss, reason = "seconds of an event")]
fn push(
    sheet: &mut Timesheet,
    start: When,
    length: Duration,
    from: NaiveDate,
    to: NaiveDate,
    hours_per_day: f64,
    fields: Vec<String>,
) {
    match start {
        When::At(at) => {
            let date = at.date_naive();
            if date >= from && date <= to {
                sheet.entries.push(Entry {
                    date,
                    hours: length.num_seconds() as f64 / 3600.0,
                    fields,
                });
            }
        }
        When::Day(day) => {
            let days = length.num_days().max(1);
            for offset in 0..days {
                let date = day + Duration::days(offset);
                if date >= from
                    && date <= to
                    && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
                {
                    sheet.entries.push(Entry {
                        date,
                        hours: hours_per_day,
                        fields: fields.clone(),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
