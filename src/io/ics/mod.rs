//! iCalendar (`.ics`, RFC 5545 and 5546) read into logged hours the way
//! calendar programs read the same file.
//!
//! - `lines` finds every `VCALENDAR` and sets aside the lines that cannot
//!   be read; `icalendar` parses each calendar; [`mod@zone`] gives times their
//!   zone (IANA, Windows, or the file's own `VTIMEZONE`); `values` reads
//!   dates, times and lengths; `rule` makes an `RRULE` ready for `rrule`;
//!   `series` turns a series into the day parts of its instances.
//! - One event per `UID` and `RECURRENCE-ID`: the highest `SEQUENCE` wins,
//!   then the latest `LAST-MODIFIED`, then `DTSTAMP`, then the last in the
//!   file (Thunderbird and Outlook leave every edit in an export).
//! - A series is expanded in its own local time (`rrule` does the rules):
//!   `DTSTART` is always an instance, an instance made twice counts once,
//!   `RDATE` (also `VALUE=PERIOD`, with its own length) adds, `EXDATE`
//!   removes, and a moved instance (`RECURRENCE-ID`) replaces the one at
//!   the same instant, else at the same local date and time (Google writes
//!   moved instances in UTC).
//! - A day is a day where the calendar is (`X-WR-TIMEZONE`), else in the
//!   zone asked (`--tz`), else in the event's own zone: nothing depends on
//!   the machine's zone. An instance counts the parts of it inside the
//!   range; one longer than a day counts at most `hours_per_day` on each
//!   weekday it covers, as an all-day event does.
//! - Cancelled events, older versions and events that cannot be read are
//!   listed in `skipped` with why; events marked free are kept, marked, for
//!   calibration to count only when a PTO rule takes them.

mod lines;
mod rule;
mod series;
mod values;
pub mod zone;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use icalendar::parser::{Component, Property};

use crate::domain::calibration::Timesheet;
use crate::domain::diagnostic::Finding;
use values::{Extra, When, day, duration, local_time, param, span};
use zone::Zone;

pub use zone::named as zone;

/// What a calendar is read for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// First day whose hours count.
    pub from: NaiveDate,
    /// Last day whose hours count.
    pub to: NaiveDate,
    /// Hours an all-day event (or a day of a longer event) counts at most.
    pub hours_per_day: f64,
    /// The zone days are told in when the calendar names none (`--tz`).
    pub tz: Option<Tz>,
}

/// The most instances one event gives in the range before its series is
/// cut short (said in `skipped`): a year of one every five minutes.
const MAX_INSTANCES: usize = 105_120;
/// The most entries (days' parts of instances) one file gives; the events
/// beyond are said in `skipped`.
const MAX_FILE_ENTRIES: usize = 500_000;
/// The most steps the rules of one file take together: every instance a
/// rule gives (before the range or in it) and every period it steps over
/// without one.
const MAX_FILE_STEPS: u64 = 2_000_000;
/// The steps `rrule` takes without an instance before it gives up on a
/// series (its own limit).
const RRULE_IDLE_STEPS: u32 = 100_000;

/// What one file may still cost: the caps are for the file, not only for
/// each event.
#[derive(Debug)]
struct Budget {
    /// Rule steps left.
    steps: u64,
    /// Entries left.
    entries: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            steps: MAX_FILE_STEPS,
            entries: MAX_FILE_ENTRIES,
        }
    }
}
/// The longest event read: a year.
const MAX_DAYS: i64 = 366;

/// One VEVENT, as read.
#[derive(Debug, Clone, Default)]
struct Event {
    line: usize,
    order: usize,
    uid: Option<String>,
    sequence: i64,
    modified: Option<String>,
    stamp: Option<String>,
    start: Option<When>,
    end: Option<When>,
    length: Option<Duration>,
    recurrence_id: Option<When>,
    rules: Vec<String>,
    dates: Vec<Extra>,
    exdates: Vec<When>,
    summary: String,
    categories: String,
    cancelled: bool,
    free: bool,
    /// Why it cannot be read, when it cannot.
    problem: Option<String>,
    /// How it was read leniently.
    notes: Vec<String>,
}

/// Reads an `.ics` text into `sheet`: the hours of every instance that
/// falls (in part) within the reading's range.
///
/// # Errors
/// Text without any `VCALENDAR`; anything less (a line, an event) is
/// skipped and said in `sheet.skipped` instead.
pub fn read(
    text: &str,
    source: &str,
    reading: &Reading,
    sheet: &mut Timesheet,
) -> Result<(), String> {
    let structure = lines::split(text);
    if structure.blocks.is_empty() {
        return Err(format!(
            "{source}: not an iCalendar file; expected BEGIN:VCALENDAR"
        ));
    }
    for (line, reason) in structure.bad {
        sheet.skip(Finding::skipped(
            source.to_owned(),
            line,
            format!("{reason}; the line is skipped"),
        ));
    }
    let mut budget = Budget::default();
    for block in &structure.blocks {
        match icalendar::parser::read_calendar(&block.text) {
            Ok(calendar) => {
                Calendar::new(&calendar, block, source, reading).read(sheet, &mut budget);
            }
            Err(error) => sheet.skip(Finding::skipped(
                source.to_owned(),
                block.line,
                format!(
                    "a VCALENDAR that cannot be read ({}); skipped",
                    error.lines().nth(1).unwrap_or_default().trim()
                ),
            )),
        }
    }
    Ok(())
}

/// The zone a calendar file names for itself (`X-WR-TIMEZONE`), if any:
/// time exports read with it are read in that zone.
pub fn calendar_zone(text: &str) -> Option<Tz> {
    text.lines()
        .take(10_000)
        .find_map(|line| {
            line.trim_start_matches('\u{feff}')
                .strip_prefix("X-WR-TIMEZONE:")
        })
        .and_then(zone::named)
}

/// One VCALENDAR being read.
struct Calendar<'a> {
    source: &'a str,
    reading: &'a Reading,
    name: String,
    /// `X-WR-TIMEZONE`: days are told there, and floating times read there.
    zone: Option<Zone>,
    /// The zones its `VTIMEZONE`s define, by `TZID`.
    defined: HashMap<String, Zone>,
    events: Vec<Event>,
}

impl<'a> Calendar<'a> {
    fn new(
        calendar: &icalendar::parser::Calendar<'_>,
        block: &lines::Block,
        source: &'a str,
        reading: &'a Reading,
    ) -> Calendar<'a> {
        let property = |name: &str| {
            calendar
                .properties
                .iter()
                .find(|p| p.name == name)
                .map(|p| p.val.as_str().trim().to_owned())
        };
        let mut this = Calendar {
            source,
            reading,
            name: property("X-WR-CALNAME").unwrap_or_default(),
            zone: property("X-WR-TIMEZONE")
                .and_then(|name| zone::named(&name))
                .map(Zone::Known),
            defined: HashMap::new(),
            events: Vec::new(),
        };
        for component in calendar.components.iter().filter(|c| c.name == "VTIMEZONE") {
            this.define(component);
        }
        let events = calendar.components.iter().filter(|c| c.name == "VEVENT");
        for (order, component) in events.enumerate() {
            let line = block.events.get(order).copied().unwrap_or(block.line);
            let event = this.event(component, line, order);
            this.events.push(event);
        }
        this
    }

    fn define(&mut self, component: &Component<'_>) {
        let Some(tzid) = component
            .find_prop("TZID")
            .map(|p| p.val.as_str().trim().to_owned())
        else {
            return;
        };
        let observances: Vec<zone::Observance> = component
            .components
            .iter()
            .filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT")
            .map(|part| {
                let mut observance = zone::Observance::default();
                for p in &part.properties {
                    let value = p.val.as_str().trim();
                    match p.name.as_str() {
                        "DTSTART" => observance.start = local_time(value),
                        "TZOFFSETFROM" => observance.from = Some(value.to_owned()),
                        "TZOFFSETTO" => observance.to = Some(value.to_owned()),
                        "RRULE" => observance.rules.push(value.to_owned()),
                        "RDATE" => observance
                            .dates
                            .extend(value.split(',').filter_map(local_time)),
                        _ => {}
                    }
                }
                observance
            })
            .collect();
        if let Some(defined) = zone::Defined::new(&tzid, &observances) {
            self.defined.insert(tzid, Zone::Defined(Arc::new(defined)));
        }
    }

    /// The zone a `TZID` names: IANA or Windows first, else the file's own.
    fn zone_of(&self, tzid: &str) -> Option<Zone> {
        let tzid = tzid.trim().trim_matches('"');
        zone::named(tzid)
            .map(Zone::Known)
            .or_else(|| self.defined.get(tzid).cloned())
    }

    /// A date or date-time value with its parameters.
    fn when(&self, value: &str, property: &Property<'_>) -> Result<When, String> {
        let value = value.trim();
        let is_date = param(property, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
        if is_date || !value.contains(['T', 't']) {
            return day(value)
                .map(When::Day)
                .ok_or_else(|| format!("{value:?} is not a date; expected 20261102"));
        }
        let (text, utc) = match value.strip_suffix(['Z', 'z']) {
            Some(text) => (text, true),
            None => (value, false),
        };
        let wall = local_time(text)
            .ok_or_else(|| format!("{value:?} is not a date and time; expected 20261102T090000"))?;
        if utc {
            return Ok(When::At(wall, Zone::UTC));
        }
        match param(property, "TZID") {
            Some(tzid) => self.zone_of(&tzid).map(|zone| When::At(wall, zone)).ok_or_else(|| {
                format!("its time zone {tzid:?} is neither an IANA nor a Windows name, and the file defines no VTIMEZONE of that name")
            }),
            None => Ok(When::At(wall, self.zone.clone().unwrap_or(Zone::UTC))),
        }
    }

    fn event(&self, component: &Component<'_>, line: usize, order: usize) -> Event {
        let mut event = Event {
            line,
            order,
            ..Event::default()
        };
        for property in &component.properties {
            self.property(&mut event, property);
        }
        event
    }

    /// One property of a VEVENT into `event`.
    fn property(&self, event: &mut Event, property: &Property<'_>) {
        let value = property.val.as_str();
        let mut problem = |why: String| {
            event.problem.get_or_insert(why);
        };
        match property.name.as_str() {
            "UID" => event.uid = Some(value.trim().to_owned()),
            "SUMMARY" => value.trim().clone_into(&mut event.summary),
            "CATEGORIES" => value.trim().clone_into(&mut event.categories),
            "SEQUENCE" => event.sequence = value.trim().parse().unwrap_or(0),
            "LAST-MODIFIED" => event.modified = Some(value.trim().to_owned()),
            "DTSTAMP" => event.stamp = Some(value.trim().to_owned()),
            "STATUS" => event.cancelled = value.trim().eq_ignore_ascii_case("CANCELLED"),
            "TRANSP" => event.free = value.trim().eq_ignore_ascii_case("TRANSPARENT"),
            "DTSTART" => match self.when(value, property) {
                Ok(when) => event.start = Some(when),
                Err(why) => problem(format!("DTSTART: {why}")),
            },
            "DTEND" => match self.when(value, property) {
                Ok(when) => event.end = Some(when),
                Err(why) => problem(format!("DTEND: {why}")),
            },
            "DURATION" => match duration(value) {
                Some(length) => event.length = Some(length),
                None => problem(format!(
                    "DURATION {:?} cannot be read; expected e.g. PT1H30M, at most a year",
                    value.trim()
                )),
            },
            "RECURRENCE-ID" => match self.when(value, property) {
                Ok(when) => event.recurrence_id = Some(when),
                Err(why) => problem(format!("RECURRENCE-ID: {why}")),
            },
            "RRULE" => event.rules.push(value.trim().to_owned()),
            "RDATE" => {
                let period =
                    param(property, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD"));
                for part in value.split(',').filter(|p| !p.trim().is_empty()) {
                    let extra = if period || part.contains('/') {
                        self.period(part, property)
                    } else {
                        self.when(part, property)
                            .map(|at| Extra { at, length: None })
                    };
                    match extra {
                        Ok(extra) => event.dates.push(extra),
                        Err(why) => event.notes.push(format!("an RDATE is skipped: {why}")),
                    }
                }
            }
            "EXDATE" => {
                for part in value.split(',').filter(|p| !p.trim().is_empty()) {
                    match self.when(part, property) {
                        Ok(when) => event.exdates.push(when),
                        Err(why) => event.notes.push(format!("an EXDATE is skipped: {why}")),
                    }
                }
            }
            _ => {}
        }
    }

    /// `start/end` or `start/duration`.
    fn period(&self, part: &str, property: &Property<'_>) -> Result<Extra, String> {
        let (start, rest) = part
            .split_once('/')
            .ok_or_else(|| format!("{part:?} is not a period; expected start/end"))?;
        let at = self.when(start, property)?;
        let length = if rest.trim_start().starts_with(['P', '+', '-']) {
            duration(rest).ok_or_else(|| format!("{rest:?} is not a duration"))?
        } else {
            let end = self.when(rest, property)?;
            span(&at, &end).ok_or_else(|| format!("{part:?}: the end cannot be read"))?
        };
        Ok(Extra {
            at,
            length: Some(length),
        })
    }

    fn skip(&self, sheet: &mut Timesheet, event: &Event, why: &str) {
        sheet.skip(Finding::skipped(
            self.source.to_owned(),
            event.line,
            format!("event {:?}: {why}", event.summary),
        ));
    }

    /// Every event of the calendar into `sheet`.
    fn read(self, sheet: &mut Timesheet, budget: &mut Budget) {
        // One version per UID and RECURRENCE-ID.
        let mut latest: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (index, event) in self.events.iter().enumerate() {
            let uid = event.uid.clone().unwrap_or_else(|| format!("\u{0}{index}"));
            let rid = event.recurrence_id.as_ref().map(key).unwrap_or_default();
            match latest.entry((uid, rid)) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(index);
                }
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    let kept = *slot.get();
                    let (Some(old), Some(new)) = (self.events.get(kept), Some(event)) else {
                        continue;
                    };
                    let (winner, loser) = if newer(new, old) {
                        (index, kept)
                    } else {
                        (kept, index)
                    };
                    slot.insert(winner);
                    if let (Some(lost), Some(won)) =
                        (self.events.get(loser), self.events.get(winner))
                    {
                        self.skip(
                            sheet,
                            lost,
                            &format!(
                                "an older version of the event at line {} (SEQUENCE {} against {}); not counted",
                                won.line, lost.sequence, won.sequence
                            ),
                        );
                    }
                }
            }
        }
        // Masters and their moved instances, by UID.
        let mut series: BTreeMap<String, (Option<usize>, Vec<usize>)> = BTreeMap::new();
        for ((uid, rid), index) in &latest {
            let slot = series.entry(uid.clone()).or_default();
            if rid.is_empty() {
                slot.0 = Some(*index);
            } else {
                slot.1.push(*index);
            }
        }
        // In file order, as the file lists them.
        let mut series: Vec<(Option<usize>, Vec<usize>)> = series.into_values().collect();
        series.sort_by_key(|(master, moved)| master.iter().chain(moved).min().copied());
        for (master, moved) in &series {
            let master = master.and_then(|index| self.events.get(index));
            let mut moved: Vec<&Event> = moved.iter().filter_map(|i| self.events.get(*i)).collect();
            moved.sort_by_key(|event| event.order);
            self.series(sheet, budget, master, &moved);
        }
    }
}

/// The key an instance is known by across versions: its instant, or day.
fn key(when: &When) -> String {
    match when {
        When::Day(day) => day.to_string(),
        When::At(wall, zone) => zone
            .instant(*wall)
            .map_or_else(|| wall.to_string(), |at| at.to_rfc3339()),
    }
}

/// Whether `new` is a later version than `old`: SEQUENCE, then
/// LAST-MODIFIED, then DTSTAMP, then the later in the file.
fn newer(new: &Event, old: &Event) -> bool {
    let stamp = |text: &Option<String>| text.as_deref().and_then(local_time);
    (
        new.sequence,
        stamp(&new.modified),
        stamp(&new.stamp),
        new.order,
    ) >= (
        old.sequence,
        stamp(&old.modified),
        stamp(&old.stamp),
        old.order,
    )
}

#[cfg(test)]
mod tests;
