//! A series into entries: a master event expanded within the window, its
//! moved instances put in place, and each instance cut into the parts of
//! the days it covers.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::rule::prepare;
use super::values::{When, span};
use super::zone::Zone;
use super::{
    Budget, Calendar, Event, MAX_DAYS, MAX_FILE_ENTRIES, MAX_FILE_STEPS, MAX_INSTANCES,
    RRULE_IDLE_STEPS,
};
use crate::domain::calibration::{Entry, Instance, Origin, Timesheet};

impl Calendar<'_> {
    /// A master event (if any) and its moved instances.
    pub(super) fn series(
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
pub(super) enum Start {
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
pub(super) enum Kind {
    AllDay,
    Timed(Zone),
}

/// A time as the local time of `zone` (a day as its midnight).
pub(super) fn in_zone(when: &When, zone: &Zone, all_day: bool) -> NaiveDateTime {
    match when {
        When::Day(day) => day.and_time(NaiveTime::MIN),
        When::At(wall, _) if all_day => wall.date().and_time(NaiveTime::MIN),
        When::At(wall, own) if own == zone => *wall,
        When::At(wall, own) => own.instant(*wall).map_or(*wall, |at| zone.local(at)),
    }
}

/// The instance a RECURRENCE-ID names: the one at the same instant, else
/// the one at the same local date and time (a look-up, not a scan).
pub(super) fn find_instance(
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
