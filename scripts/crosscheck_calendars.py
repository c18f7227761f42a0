#!/usr/bin/env python3
"""Cross-check of tests/calendars: an outside check of the hand-worked figures.

Each tests/calendars/NAME.ics has a NAME.toml beside it whose figures (busy
hours per ISO week, free hours, skipped records) were worked by hand from the
reading rules that tamplan implements. This script reads every .ics a second
way, independently of tamplan's Rust code: recurring_ical_events (with
icalendar) expands the recurrences over the range, and a little code of its
own applies the day rules (split at local midnights, the 24 h cap rule, all-day
days, free and cancelled). It prints one line per file: ok, or differs with
both figures.

It is run by hand, NOT in CI (it needs `pip install icalendar
recurring-ical-events`, and the library may change its reading between
versions):

    python3 scripts/crosscheck_calendars.py            # every pair
    python3 scripts/crosscheck_calendars.py NAME ...   # only these

Two readings are made of each file:

* "rules": the library's expansion plus the few rules tamplan's contract
  states that the library reads otherwise or not at all. Each is a small,
  named step below, and the line says which fired: an event whose TZID is
  neither an IANA nor a Windows name nor defined by a VTIMEZONE of the file
  is skipped (the library reads it as a floating time); an UNTIL that is a
  DATE while DTSTART is a date-time is read as the end of that day in
  DTSTART's zone (the library reads it as midnight UTC at its start); an
  event whose RRULE cannot be read keeps its DTSTART as one instance (the
  library can only drop the whole series); one UID + RECURRENCE-ID written
  several times keeps the version with the highest SEQUENCE, then the latest
  LAST-MODIFIED, then DTSTAMP, then the last in the file (the library takes
  the highest SEQUENCE, then the first in the file); an instance lasts
  DTEND - DTSTART of its event as an exact span (RFC 5545 3.8.5.3; the
  library adds it on the clock, which goes wrong on a DST night: an instance
  starting in the spring gap ends before it starts). This reading is
  compared with the .toml.
* "library alone": the same without those steps. Where it gives other hours
  than the .toml, the line says so, with its figures: that is a place where
  the library reads the file differently from tamplan's rules, not a mistake
  in the .toml (the .toml comment says why its figure is right).

Both readings strip a leading BOM, drop lines that cannot be read (a line
without ':', text outside BEGIN:VCALENDAR..END:VCALENDAR) and events without a
readable DTSTART: the library cannot parse a file that has them at all.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

CALENDARS = Path(__file__).resolve().parent.parent / "tests" / "calendars"
UTC = dt.timezone.utc
DAY = dt.timedelta(days=1)


# ---------------------------------------------------------------- lines


def split_calendars(raw: bytes) -> tuple[list[str], int]:
    """The VCALENDAR blocks of a file as texts, and the count of lines that
    cannot be read (dropped here)."""
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]  # a BOM is an encoding mark, not a line
    physical = re.split(r"\r\n|\n|\r", text)
    logical: list[str] = []
    for line in physical:
        if line[:1] in (" ", "\t") and logical:
            logical[-1] += line[1:]
        else:
            logical.append(line)
    blocks: list[str] = []
    current: list[str] | None = None
    depth = 0
    unreadable = 0
    for line in logical:
        if not line.strip():
            continue
        upper = line.upper()
        if current is None:
            if upper == "BEGIN:VCALENDAR":
                current, depth = [line], 1
            else:
                unreadable += 1  # outside any VCALENDAR
            continue
        if ":" not in line:
            unreadable += 1
            continue
        current.append(line)
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
            if depth == 0:
                blocks.append("\r\n".join(current) + "\r\n")
                current = None
    return blocks, unreadable


# ---------------------------------------------------------------- zones


def known_zone_name(tzid: str, vtimezones: set[str]) -> bool:
    tzid = tzid.strip().strip('"')
    if tzid in vtimezones:
        return True
    try:
        ZoneInfo(tzid)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        pass
    try:  # icalendar's Windows-name table (what Outlook writes)
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

        return tzid in WINDOWS_TO_OLSON
    except ImportError:
        return False


def has_unknown_zone(event, vtimezones: set[str]) -> bool:
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        prop = event.get(name)
        if prop is not None and "TZID" in prop.params:
            if not known_zone_name(prop.params["TZID"], vtimezones):
                return True
    return False


def utc(moment: dt.datetime, floating: dt.tzinfo) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=floating)
    return moment.astimezone(UTC)


# ---------------------------------------------------------------- events


def readable_dtstart(event) -> bool:
    prop = event.get("DTSTART")
    if prop is None:
        return False
    try:
        return isinstance(prop.dt, dt.date)
    except Exception:  # icalendar's vBroken
        return False


def rid_key(event):
    prop = event.get("RECURRENCE-ID")
    if prop is None:
        return None
    value = prop.dt
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def stamp(event, name: str) -> dt.datetime:
    prop = event.get(name)
    if prop is None:
        return dt.datetime.min.replace(tzinfo=UTC)
    value = prop.dt
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def supersede(events: list) -> tuple[list, int]:
    """One event per UID + RECURRENCE-ID: highest SEQUENCE, then latest
    LAST-MODIFIED, then latest DTSTAMP, then the last in the file."""
    best: dict = {}
    for index, event in enumerate(events):
        key = (str(event.get("UID", "")), rid_key(event))
        rank = (
            int(event.get("SEQUENCE", 0)),
            stamp(event, "LAST-MODIFIED"),
            stamp(event, "DTSTAMP"),
            index,
        )
        if key not in best or rank > best[key][0]:
            best[key] = (rank, event)
    keep = {id(event) for _, event in best.values()}
    kept = [e for e in events if id(e) in keep]
    return kept, len(events) - len(kept)


def calendar_with(calendar, events: list):
    """A copy of `calendar`'s header and VTIMEZONEs holding `events`."""
    new = icalendar.Calendar()
    for name, value in calendar.items():
        new[name] = value
    for tz in calendar.walk("VTIMEZONE"):
        new.add_component(tz)
    for event in events:
        new.add_component(event)
    return new


def rrule_is_bad(calendar, event, start, end) -> bool:
    try:
        probe = calendar_with(calendar, [event])
        list(recurring_ical_events.of(probe).between(start, end))
        return False
    except Exception:
        return True


def fix_date_until(event) -> bool:
    """An UNTIL that is a DATE while DTSTART is a date-time: the end of that
    day in DTSTART's zone. True when it changed the rule."""
    start = event["DTSTART"].dt
    if not isinstance(start, dt.datetime):
        return False
    changed = False
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules]:
        if rule is None:
            continue
        untils = rule.get("UNTIL") or []
        fixed = []
        for until in untils:
            if isinstance(until, dt.date) and not isinstance(until, dt.datetime):
                end = dt.datetime.combine(until, dt.time(23, 59, 59))
                end = end.replace(tzinfo=start.tzinfo or UTC)
                fixed.append(end.astimezone(UTC))
                changed = True
            else:
                fixed.append(until)
        if untils:
            rule["UNTIL"] = fixed
    return changed


# ---------------------------------------------------------------- reading


class Reading:
    def __init__(self, first: dt.date, last: dt.date, hours_per_day: float):
        self.first, self.last, self.hpd = first, last, hours_per_day
        self.weeks: dict[str, float] = {}
        day = first
        while day <= last:
            self.weeks.setdefault(week_of(day), 0.0)
            day += DAY
        self.free = 0.0
        self.skipped = 0
        self.notes: dict[str, int] = defaultdict(int)

    def add(self, day: dt.date, hours: float, free: bool) -> None:
        if hours <= 0 or not (self.first <= day <= self.last):
            return
        if free:
            self.free += hours
        else:
            self.weeks[week_of(day)] += hours


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def read_calendar(text: str, reading: Reading, rules: bool) -> None:
    calendar = icalendar.Calendar.from_ical(text)
    vtimezones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    xwr = calendar.get("X-WR-TIMEZONE")
    xwr_zone = ZoneInfo(str(xwr)) if xwr else None
    floating = xwr_zone or UTC
    events = []
    for event in calendar.walk("VEVENT"):
        if not readable_dtstart(event):
            reading.skipped += 1
            reading.notes["no readable DTSTART"] += 1
            continue
        if rules and has_unknown_zone(event, vtimezones):
            reading.skipped += 1
            reading.notes["unknown zone"] += 1
            continue
        events.append(event)
    winners, losers = supersede(events)
    reading.skipped += losers
    if losers:
        reading.notes["superseded"] += losers
    if rules:
        events = winners  # alone, the library picks among versions itself
    window_start = reading.first - 7 * DAY
    window_end = reading.last + 7 * DAY
    kept = []
    for event in events:
        if event.get("RRULE") is not None and event.get("RECURRENCE-ID") is None:
            if rrule_is_bad(calendar, event, window_start, window_end):
                reading.skipped += 1
                reading.notes["bad RRULE"] += 1
                if not rules:
                    continue  # the library drops the whole series
                del event["RRULE"]
            elif rules and fix_date_until(event):
                reading.notes["UNTIL date read as end of day"] += 1
        status = str(event.get("STATUS", "")).upper()
        if status == "CANCELLED":
            reading.skipped += 1
            reading.notes["cancelled"] += 1
        elif str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
            reading.skipped += 1
            reading.notes["free"] += 1
        kept.append(event)

    masters = defaultdict(list)
    overrides = []
    for event in kept:
        if event.get("RECURRENCE-ID") is None:
            masters[str(event.get("UID", ""))].append(event)
        else:
            overrides.append(event)

    query = recurring_ical_events.of(calendar_with(calendar, kept))
    for occurrence in query.between(window_start, window_end):
        if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
            continue
        free = str(occurrence.get("TRANSP", "")).upper() == "TRANSPARENT"
        start = occurrence["DTSTART"].dt
        if not isinstance(start, dt.datetime):
            end = occurrence["DTEND"].dt if occurrence.get("DTEND") else start + DAY
            day = start
            while day < max(end, start + DAY):
                if day.weekday() < 5:
                    reading.add(day, reading.hpd, free)
                day += DAY
            continue
        uid = str(occurrence.get("UID", ""))
        source = source_of(occurrence, uid, masters, overrides)
        zone = xwr_zone or zone_of(source) or UTC
        begin = utc(start, floating)
        if rules:
            length = length_of(occurrence, source, begin, floating)
            clock = occurrence.get("DTEND")
            if clock is not None and utc(clock.dt, floating) - begin != length:
                reading.notes["exact length, not the library's clock end"] += 1
        elif occurrence.get("DTEND") is not None:  # the library's own end
            length = utc(occurrence["DTEND"].dt, floating) - begin
        else:
            length = dt.timedelta(0)
        spread(begin, begin + length, zone, reading, free)


def source_of(occurrence, uid, masters, overrides):
    """The VEVENT an occurrence comes from: its override, else its master.
    (Read alone, several versions of one UID may still be in the calendar:
    then the one the library took, told by its length on the clock.)"""
    rid = occurrence.get("RECURRENCE-ID")
    for event in overrides:
        if str(event.get("UID", "")) == uid and rid is not None:
            if event["RECURRENCE-ID"].dt == rid.dt:
                return event
    candidates = masters.get(uid, [])
    if len(candidates) > 1 and occurrence.get("DTEND") is not None:
        clock = occurrence["DTEND"].dt - occurrence["DTSTART"].dt
        for event in candidates:
            if event.get("DURATION") is not None:
                if event["DURATION"].dt == clock:
                    return event
            elif event.get("DTEND") is not None:
                if event["DTEND"].dt - event["DTSTART"].dt == clock:
                    return event
    return candidates[0] if candidates else None


def zone_of(event):
    if event is None:
        return None
    start = event["DTSTART"].dt
    return start.tzinfo if isinstance(start, dt.datetime) else None


def exact_length(event, floating) -> dt.timedelta:
    if event.get("DURATION") is not None:
        return event["DURATION"].dt
    if event.get("DTEND") is not None:
        return utc(event["DTEND"].dt, floating) - utc(event["DTSTART"].dt, floating)
    return dt.timedelta(0)


def length_of(occurrence, source, begin, floating) -> dt.timedelta:
    """The real length of one timed instance: an override's own, an
    RDATE;VALUE=PERIOD's own, else the event's DTEND - DTSTART (or DURATION)
    as an exact span, the same for every instance (RFC 5545 3.8.5.3)."""
    if source is None:
        return utc(occurrence["DTEND"].dt, floating) - begin
    if source.get("RECURRENCE-ID") is not None:
        return exact_length(source, floating)
    rdates = source.get("RDATE")
    for rdate in rdates if isinstance(rdates, list) else [rdates]:
        if rdate is None:
            continue
        for item in rdate.dts:
            value = item.dt
            if isinstance(value, tuple):
                first, second = value
                if utc(first, floating) == begin:
                    if isinstance(second, dt.timedelta):
                        return second
                    return utc(second, floating) - begin
    return exact_length(source, floating)


def spread(begin: dt.datetime, end: dt.datetime, zone, reading: Reading, free: bool):
    """Split [begin, end) at local midnights; over 24 h, weekdays only and
    each day capped at hours_per_day."""
    long = end - begin > dt.timedelta(hours=24)
    moment = begin
    while moment < end:
        local = moment.astimezone(zone)
        day = local.date()
        midnight = dt.datetime.combine(day + DAY, dt.time(), tzinfo=zone).astimezone(UTC)
        piece_end = min(end, midnight)
        hours = (piece_end - moment).total_seconds() / 3600
        if long:
            hours = min(hours, reading.hpd) if day.weekday() < 5 else 0.0
        reading.add(day, hours, free)
        moment = piece_end


# ---------------------------------------------------------------- files


def read_file(path: Path, expected: dict, rules: bool) -> Reading:
    reading = Reading(
        dt.date.fromisoformat(expected["from"]),
        dt.date.fromisoformat(expected["to"]),
        float(expected.get("hours_per_day", 8)),
    )
    blocks, unreadable = split_calendars(path.read_bytes())
    reading.skipped += unreadable
    if unreadable:
        reading.notes["unreadable line"] += unreadable
    for block in blocks:
        read_calendar(block, reading, rules)
    return reading


def figures(weeks: dict, free: float, skipped=None) -> str:
    text = " ".join(f"{week[-3:]}={hours:g}" for week, hours in sorted(weeks.items()))
    text += f" free={free:g}"
    if skipped is not None:
        text += f" skipped={skipped}"
    return text


def same(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def check(path: Path) -> bool:
    expected = tomllib.loads(path.with_suffix(".toml").read_text("utf-8"))
    want_weeks = {k: float(v) for k, v in expected["weeks"].items()}
    want_free = float(expected.get("free", 0))
    want_skipped = int(expected.get("skipped", 0))
    try:
        got = read_file(path, expected, rules=True)
    except Exception as error:  # noqa: BLE001 - report and go on
        print(f"differs  {path.stem}: cannot read it ({type(error).__name__}: {error})")
        return False
    agree = (
        set(got.weeks) == set(want_weeks)
        and all(same(got.weeks[w], want_weeks[w]) for w in want_weeks)
        and same(got.free, want_free)
        and got.skipped == want_skipped
    )
    notes = ", ".join(f"{name} x{count}" for name, count in sorted(got.notes.items()))
    line = f"{'ok     ' if agree else 'differs'}  {path.stem}: "
    if agree:
        line += figures(want_weeks, want_free, want_skipped)
    else:
        line += (
            f"toml {figures(want_weeks, want_free, want_skipped)} | "
            f"check {figures(got.weeks, got.free, got.skipped)}"
        )
    if notes:
        line += f"  [{notes}]"
    alone = read_file(path, expected, rules=False)
    if not (
        all(same(alone.weeks[w], want_weeks.get(w, 0.0)) for w in alone.weeks)
        and same(alone.free, want_free)
    ):
        line += f"\n         library alone: {figures(alone.weeks, alone.free)}"
    print(line)
    return agree


def main(names: list[str]) -> int:
    paths = sorted(CALENDARS.glob("*.ics"))
    if names:
        paths = [p for p in paths if p.stem in names]
    failures = sum(not check(path) for path in paths)
    print(f"{len(paths) - failures} agree, {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
