//! iCalendar (`.ics`, RFC 5545 and 5546) read into logged hours the way
//! calendar programs read the same file.
//!
//! - [`lines`] finds every `VCALENDAR` and sets aside the lines that cannot
//!   be read; `icalendar` parses each calendar; [`zone`] gives times their
//!   zone (IANA, Windows, or the file's own `VTIMEZONE`).
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
pub mod zone;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use chrono_tz::Tz;
use icalendar::parser::{Component, Property};

use crate::domain::calibration::{Entry, Instance, Origin, Skipped, Timesheet};
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

/// A start, end or recurrence id as written: a day, or a local time in a
/// zone (UTC for a `Z` time; the calendar's zone for a floating one).
#[derive(Debug, Clone, PartialEq)]
enum When {
    Day(NaiveDate),
    At(NaiveDateTime, Zone),
}

impl When {
    /// The local time (a day's midnight).
    fn wall(&self) -> NaiveDateTime {
        match self {
            When::Day(day) => day.and_time(NaiveTime::MIN),
            When::At(wall, _) => *wall,
        }
    }
}

/// An `RDATE`: a start, and for a `PERIOD` its own length.
#[derive(Debug, Clone)]
struct Extra {
    at: When,
    length: Option<Duration>,
}

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
        sheet.skip(Skipped {
            file: source.to_owned(),
            line,
            reason: format!("{reason}; the line is skipped"),
        });
    }
    let mut budget = Budget::default();
    for block in &structure.blocks {
        match icalendar::parser::read_calendar(&block.text) {
            Ok(calendar) => {
                Calendar::new(&calendar, block, source, reading).read(sheet, &mut budget);
            }
            Err(error) => sheet.skip(Skipped {
                file: source.to_owned(),
                line: block.line,
                reason: format!(
                    "a VCALENDAR that cannot be read ({}); skipped",
                    error.lines().nth(1).unwrap_or_default().trim()
                ),
            }),
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
        sheet.skip(Skipped {
            file: self.source.to_owned(),
            line: event.line,
            reason: format!("event {:?}: {why}", event.summary),
        });
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

    /// A master event (if any) and its moved instances.
    fn series(
        &self,
        sheet: &mut Timesheet,
        budget: &mut Budget,
        master: Option<&Event>,
        moved: &[&Event],
    ) {
        let mut instances: BTreeMap<NaiveDateTime, Duration> = BTreeMap::new();
        let mut kind = None;
        if let Some(master) = master {
            if master.cancelled {
                self.skip(sheet, master, "cancelled; not counted");
                for event in moved {
                    self.skip(
                        sheet,
                        event,
                        "a moved instance of a cancelled event; not counted",
                    );
                }
                return;
            }
            match self.expand(sheet, budget, master) {
                Ok((list, of)) => {
                    instances = list;
                    kind = Some(of);
                }
                Err(why) => {
                    self.skip(sheet, master, &why);
                    // Its moved instances still happened.
                }
            }
        }
        for event in moved {
            if let (Some(rid), Some(kind)) = (&event.recurrence_id, &kind)
                && let Some(at) = find_instance(&instances, rid, kind)
            {
                instances.remove(&at);
            }
            if event.cancelled {
                self.skip(sheet, event, "a cancelled instance; not counted");
                continue;
            }
            match Self::single(event) {
                Ok((start, length)) => {
                    let fields = self.fields(event);
                    self.emit(sheet, budget, event, &fields, start.into(), length);
                }
                Err(why) => self.skip(sheet, event, &why),
            }
        }
        if let (Some(master), Some(kind)) = (master, kind) {
            let fields = self.fields(master);
            for (wall, length) in instances {
                let start = match &kind {
                    Kind::AllDay => Start::AllDay(wall.date()),
                    Kind::Timed(zone) => Start::Timed(wall, zone.clone()),
                };
                if !self.emit(sheet, budget, master, &fields, start, length) {
                    break;
                }
            }
        }
    }

    /// An event's text, shared by all its entries.
    fn fields(&self, event: &Event) -> Arc<[String]> {
        Arc::from(vec![
            self.name.clone(),
            event.summary.clone(),
            event.categories.clone(),
        ])
    }

    /// An event's start and length.
    fn single(event: &Event) -> Result<(When, Duration), String> {
        if let Some(problem) = &event.problem {
            return Err(format!("{problem}; not counted"));
        }
        let Some(start) = event.start.clone() else {
            return Err("no DTSTART; not counted".to_owned());
        };
        let length = match (&event.end, event.length, &start) {
            (Some(end), _, _) => span(&start, end).ok_or(
                "DTEND is a date where DTSTART has a time (or the other way); not counted",
            )?,
            (None, Some(length), _) => length,
            (None, None, When::Day(_)) => Duration::days(1),
            (None, None, When::At(..)) => Duration::zero(),
        };
        if length < Duration::zero() {
            return Err("it ends before it starts; not counted".to_owned());
        }
        if length > Duration::days(MAX_DAYS) {
            return Err(format!("it lasts more than {MAX_DAYS} days; not counted"));
        }
        Ok((start, length))
    }

    /// Every instance of a master event whose parts may fall in the range,
    /// as local times of its zone with their lengths, and that zone.
    fn expand(
        &self,
        sheet: &mut Timesheet,
        budget: &mut Budget,
        event: &Event,
    ) -> Result<(BTreeMap<NaiveDateTime, Duration>, Kind), String> {
        let (start, length) = Self::single(event)?;
        let kind = match &start {
            When::Day(_) => Kind::AllDay,
            When::At(_, zone) => Kind::Timed(zone.clone()),
        };
        let all_day = matches!(kind, Kind::AllDay);
        let zone = match &kind {
            Kind::AllDay => Zone::UTC,
            Kind::Timed(zone) => zone.clone(),
        };
        let first = start.wall();
        // Instances starting in this window of local time can reach the range.
        let reach = length + Duration::days(2);
        let window_start = self
            .reading
            .from
            .and_time(NaiveTime::MIN)
            .checked_sub_signed(reach)
            .unwrap_or(NaiveDateTime::MIN);
        let window_end = self
            .reading
            .to
            .checked_add_signed(Duration::days(2))
            .unwrap_or(NaiveDate::MAX)
            .and_time(NaiveTime::MIN);
        let window = (window_start, window_end);
        let mut found: BTreeMap<NaiveDateTime, Duration> = BTreeMap::new();
        found.insert(first, length);
        for rule in &event.rules {
            self.expand_rule(
                sheet,
                budget,
                event,
                rule,
                (&start, length),
                window,
                &mut found,
            );
        }
        for extra in &event.dates {
            let wall = in_zone(&extra.at, &zone, all_day);
            let extra_length = extra.length.unwrap_or(length);
            // A period has its own length: it may reach the range from
            // further back than the window.
            let reaches = wall
                .checked_add_signed(extra_length + Duration::days(2))
                .is_none_or(|end| end >= self.reading.from.and_time(NaiveTime::MIN));
            if wall <= window_end && reaches {
                found.insert(wall, extra_length);
            }
        }
        // A day excludes every instance on it (one pass for all of them).
        let mut days: std::collections::HashSet<NaiveDate> = std::collections::HashSet::new();
        for exdate in &event.exdates {
            match exdate {
                When::Day(day) if !all_day => {
                    days.insert(*day);
                }
                _ => {
                    found.remove(&in_zone(exdate, &zone, all_day));
                }
            }
        }
        if !days.is_empty() {
            found.retain(|wall, _| !days.contains(&wall.date()));
        }
        for note in &event.notes {
            sheet.note(format!("{}:{}: {note}", self.source, event.line));
        }
        Ok((found, kind))
    }

    /// One RRULE's instances in the window into `found`; a series cut
    /// short, or a rule giving none, said in `skipped`.
    #[expect(
        clippy::too_many_arguments,
        reason = "one step of expand, its state passed in"
    )]
    fn expand_rule(
        &self,
        sheet: &mut Timesheet,
        budget: &mut Budget,
        event: &Event,
        rule: &str,
        (start, length): (&When, Duration),
        window: (NaiveDateTime, NaiveDateTime),
        found: &mut BTreeMap<NaiveDateTime, Duration>,
    ) {
        let (window_start, window_end) = window;
        let range_start = self.reading.from.and_time(NaiveTime::MIN);
        let prepared = prepare(rule, start, window);
        for note in &prepared.notes {
            sheet.note(format!("{}:{}: {note}", self.source, event.line));
        }
        let Some(text) = prepared.text else {
            return;
        };
        let set = match text.parse::<rrule::RRuleSet>() {
            Ok(set) => set.limit(),
            Err(error) => {
                self.skip(
                    sheet,
                    event,
                    &format!("its RRULE cannot be read ({error}); only its DTSTART is counted"),
                );
                return;
            }
        };
        let mut given = 0_usize;
        let mut count = 0_usize;
        let mut previous: Option<NaiveDateTime> = None;
        let mut ended = true;
        for at in &set {
            let wall = at.naive_utc();
            given += 1;
            // What reaching it cost: one step, and one per period
            // stepped over without an instance.
            let skipped_periods = match (prepared.period, previous) {
                (Some(period), Some(previous)) if period > Duration::zero() => {
                    let gap = (wall - previous).num_seconds() / period.num_seconds().max(1);
                    u64::try_from(gap).unwrap_or(0)
                }
                _ => 0,
            };
            previous = Some(wall);
            let cost = 1_u64.saturating_add(skipped_periods);
            if budget.steps < cost {
                budget.steps = 0;
                self.skip(
                    sheet,
                    event,
                    &format!(
                        "its series is cut short at {wall}: the rules of this file take more than {MAX_FILE_STEPS} steps to expand; the later instances are not counted"
                    ),
                );
                ended = false;
                break;
            }
            budget.steps -= cost;
            if wall > window_end {
                ended = false;
                break;
            }
            if wall < window_start {
                continue;
            }
            found.insert(wall, length);
            // Only instances that can reach the range count toward its cap
            // (the window starts earlier, for zones and long events).
            if wall
                .checked_add_signed(length + Duration::days(1))
                .is_none_or(|end| end >= range_start)
            {
                count += 1;
            }
            if count >= MAX_INSTANCES {
                self.skip(
                    sheet,
                    event,
                    &format!(
                        "its series has more than {MAX_INSTANCES} instances in the range; those after {wall} are not counted"
                    ),
                );
                ended = false;
                break;
            }
        }
        if ended && given == 0 {
            self.skip(
                sheet,
                event,
                &format!(
                    "its RRULE {rule:?} gives no instance (INTERVAL=0, COUNT=0, or no day matches it); only its DTSTART is counted"
                ),
            );
        } else if ended && !prepared.ends && previous.is_some_and(|last| last < window_end) {
            self.skip(
                sheet,
                event,
                &format!(
                    "its RRULE {rule:?} gives no instance for {RRULE_IDLE_STEPS} steps after {}; the later instances are not counted",
                    previous.map(|p| p.to_string()).unwrap_or_default()
                ),
            );
        }
    }

    /// Takes room for `parts` from the file's cap on entries; `false`
    /// (said in `skipped`) when there is none.
    fn take(
        &self,
        sheet: &mut Timesheet,
        budget: &mut Budget,
        event: &Event,
        parts: &[(NaiveDate, f64)],
    ) -> bool {
        if parts.len() > budget.entries {
            budget.entries = 0;
            self.skip(
                sheet,
                event,
                &format!(
                    "the file gives more than {MAX_FILE_ENTRIES} entries in the range; this event's instances from {} on are not counted",
                    parts.first().map(|(day, _)| day.to_string()).unwrap_or_default()
                ),
            );
            return false;
        }
        budget.entries -= parts.len();
        true
    }

    /// One instance's entries: a day's part each. `false` when the file's
    /// cap on entries is reached (said once, in `skipped`).
    #[expect(clippy::cast_precision_loss, reason = "seconds of an event")]
    fn emit(
        &self,
        sheet: &mut Timesheet,
        budget: &mut Budget,
        event: &Event,
        fields: &Arc<[String]>,
        start: Start,
        length: Duration,
    ) -> bool {
        let reading = self.reading;
        let hours = |d: Duration| d.num_seconds() as f64 / 3600.0;
        let in_range = |day: NaiveDate| day >= reading.from && day <= reading.to;
        let weekday = |day: NaiveDate| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let view = self.zone.clone().or_else(|| reading.tz.map(Zone::Known));
        let mut parts: Vec<(NaiveDate, f64)> = Vec::new();
        let (instant_start, instant_end) = match start {
            Start::AllDay(day) => {
                let days = length.num_days().clamp(1, MAX_DAYS);
                // Only the days in the range are walked.
                let last = day
                    .checked_add_signed(Duration::days(days - 1))
                    .unwrap_or(NaiveDate::MAX)
                    .min(reading.to);
                let mut date = day.max(reading.from);
                while date <= last {
                    if weekday(date) {
                        parts.push((date, reading.hours_per_day));
                    }
                    let Some(next) = date.succ_opt() else { break };
                    date = next;
                }
                let view = view.clone().unwrap_or(Zone::UTC);
                let from = view.instant(day.and_time(NaiveTime::MIN));
                let to = day
                    .checked_add_signed(Duration::days(days))
                    .and_then(|end| view.instant(end.and_time(NaiveTime::MIN)));
                let (Some(from), Some(to)) = (from, to) else {
                    return true;
                };
                (from, to)
            }
            Start::Timed(wall, zone) => {
                let Some(from) = zone.instant(wall) else {
                    return true;
                };
                let Some(to) = from.checked_add_signed(length) else {
                    return true;
                };
                let view = view.clone().unwrap_or_else(|| zone.clone());
                let (local_from, local_to) = (view.local(from), view.local(to));
                if length > Duration::days(1) {
                    // Only the days in the range are walked.
                    let mut day = local_from.date().max(reading.from);
                    while day <= local_to.date().min(reading.to) {
                        let day_start = day.and_time(NaiveTime::MIN).max(local_from);
                        let Some(next) = day.succ_opt() else { break };
                        let day_end = next.and_time(NaiveTime::MIN).min(local_to);
                        let part = hours(day_end - day_start);
                        if part > 0.0 && in_range(day) && weekday(day) {
                            parts.push((day, part.min(reading.hours_per_day)));
                        }
                        day = next;
                    }
                } else {
                    let day = local_from.date();
                    let midnight = day.succ_opt().map(|next| next.and_time(NaiveTime::MIN));
                    match midnight.filter(|m| local_to > *m) {
                        Some(midnight) => {
                            let first = view.instant(midnight).map_or(Duration::zero(), |m| {
                                (m - from).clamp(Duration::zero(), length)
                            });
                            parts.push((day, hours(first)));
                            parts.push((local_to.date(), hours(length - first)));
                        }
                        None => parts.push((day, hours(length))),
                    }
                    parts.retain(|(day, hours)| in_range(*day) && *hours > 0.0);
                }
                (from, to)
            }
        };
        if parts.is_empty() {
            return true;
        }
        if !self.take(sheet, budget, event, &parts) {
            return false;
        }
        let instance = Arc::new(Instance {
            file: self.source.to_owned(),
            line: event.line,
            start: instant_start,
            end: instant_end,
            hours: parts.iter().map(|(_, hours)| hours).sum(),
            free: event.free,
        });
        for (date, hours) in parts {
            sheet.entries.push(Entry {
                date,
                hours,
                fields: Arc::clone(fields),
                origin: Origin::Calendar(Arc::clone(&instance)),
            });
        }
        true
    }
}

/// Where an instance starts: a day (all-day), or a local time in a zone.
#[derive(Debug, Clone)]
enum Start {
    AllDay(NaiveDate),
    Timed(NaiveDateTime, Zone),
}

impl From<When> for Start {
    fn from(when: When) -> Start {
        match when {
            When::Day(day) => Start::AllDay(day),
            When::At(wall, zone) => Start::Timed(wall, zone),
        }
    }
}

/// What a series' instances are: days, or local times of a zone.
#[derive(Debug, Clone)]
enum Kind {
    AllDay,
    Timed(Zone),
}

/// A parameter's value.
fn param(property: &Property<'_>, key: &str) -> Option<String> {
    property
        .params
        .iter()
        .find(|p| p.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().trim().trim_matches('"').to_owned())
}

/// `20261102T090000` as a local time.
fn local_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().trim_end_matches(['Z', 'z']);
    let (date, time) = text.split_once(['T', 't'])?;
    let time = NaiveTime::parse_from_str(time, "%H%M%S").ok()?;
    Some(day(date)?.and_time(time))
}

/// `20261102`, or with a signed year of more than four digits as some
/// exporters write a far date (`+2621421231`, `-2621430101`): any year
/// chrono holds is read, and the range decides what counts.
fn day(text: &str) -> Option<NaiveDate> {
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

/// A time as the local time of `zone` (a day as its midnight).
fn in_zone(when: &When, zone: &Zone, all_day: bool) -> NaiveDateTime {
    match when {
        When::Day(day) => day.and_time(NaiveTime::MIN),
        When::At(wall, _) if all_day => wall.date().and_time(NaiveTime::MIN),
        When::At(wall, own) if own == zone => *wall,
        When::At(wall, own) => own.instant(*wall).map_or(*wall, |at| zone.local(at)),
    }
}

/// The instance a RECURRENCE-ID names: the one at the same instant, else
/// the one at the same local date and time (a look-up, not a scan).
fn find_instance(
    instances: &BTreeMap<NaiveDateTime, Duration>,
    rid: &When,
    kind: &Kind,
) -> Option<NaiveDateTime> {
    let zone = match kind {
        Kind::AllDay => {
            let day = rid.wall().date().and_time(NaiveTime::MIN);
            let next = day.checked_add_signed(Duration::days(1))?;
            return instances.range(day..next).next().map(|(wall, _)| *wall);
        }
        Kind::Timed(zone) => zone,
    };
    if let When::At(wall, own) = rid
        && let Some(at) = own.instant(*wall)
    {
        let local = zone.local(at);
        if instances.contains_key(&local) && zone.instant(local) == Some(at) {
            return Some(local);
        }
    }
    let wall = rid.wall();
    instances.contains_key(&wall).then_some(wall)
}

/// One RRULE made ready for `rrule`: the series is expanded in local time
/// (every time written as if UTC), from a start moved near the window
/// when the rule allows it, up to an end clamped to the window.
#[derive(Debug, Default)]
struct Prepared {
    /// `DTSTART:…\nRRULE:…`; `None` when no instance can reach the window
    /// (an UNTIL before it, a DTSTART after it).
    text: Option<String>,
    /// How it was read leniently.
    notes: Vec<String>,
    /// It has a COUNT or an UNTIL: it may end before the window does.
    ends: bool,
    /// The length of one step of the rule, when fixed (SECONDLY to WEEKLY).
    period: Option<Duration>,
}

/// A rule's `UNTIL` as a local time of the series (`None`: unreadable),
/// with a note when read leniently. A year beyond four digits is far
/// future (`+`) or far past (`-`).
fn until_wall(value: &str, start: &When, notes: &mut Vec<String>) -> Option<NaiveDateTime> {
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
enum Step {
    Fixed(Duration),
    Months(u32),
}

fn step(freq: &str, interval: i64) -> Option<Step> {
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
fn moved_start(first: NaiveDateTime, window_start: NaiveDateTime, step: &Step) -> NaiveDateTime {
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
fn last_readable() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2200, 12, 31)
        .and_then(|day| day.and_hms_opt(23, 59, 59))
        .unwrap_or(NaiveDateTime::MAX)
}

/// The text `rrule` reads for one RRULE, its start moved near the window
/// (`FREQ=SECONDLY` from 1970 costs what the range holds, not 56 years)
/// and its UNTIL clamped to the years read (`UNTIL=99991231` is common).
/// With a COUNT the start cannot move: the file's step cap bounds it.
fn prepare(rule: &str, start: &When, window: (NaiveDateTime, NaiveDateTime)) -> Prepared {
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

/// The length from one start to an end of the same kind.
fn span(start: &When, end: &When) -> Option<Duration> {
    match (start, end) {
        (When::Day(a), When::Day(b)) => Some(*b - *a),
        (When::At(a, za), When::At(b, zb)) => Some(zb.instant(*b)? - za.instant(*a)?),
        _ => None,
    }
}

/// `PT1H30M`, `P1D`, `P1W`; `None` for a negative, unreadable or
/// overflowing one (the arithmetic is checked: no length can panic).
fn duration(text: &str) -> Option<Duration> {
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

#[cfg(test)]
mod tests;
