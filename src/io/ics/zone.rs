//! Time zones as a calendar names them: an IANA name, a Windows name as
//! Outlook writes it, or a `VTIMEZONE` of the file itself (Outlook's
//! "Customized Time Zone", Exchange's and Lotus' own names). Local times
//! become instants the way RFC 5545 says: a time a DST change repeats takes
//! the first reading, a time it skips takes the offset before the gap (so
//! 02:30 on a spring-forward day is 03:30).

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

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

/// The zone a `TZID` names: an IANA name (also at the end of a path, as
/// `/mozilla.org/20050126_1/Europe/Berlin`), or a Windows name.
pub fn named(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    tzid.parse::<Tz>()
        .ok()
        .or_else(|| {
            WINDOWS_ZONES
                .iter()
                .find(|(windows, _)| windows.eq_ignore_ascii_case(tzid))
                .and_then(|(_, iana)| iana.parse().ok())
        })
        .or_else(|| {
            // The last two parts of a path (Europe/Berlin), else the last.
            let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
            let two = parts.len().checked_sub(2).and_then(|at| parts.get(at..));
            (parts.len() > 1)
                .then(|| two.map(|two| two.join("/")))
                .flatten()
                .and_then(|name| name.parse().ok())
        })
}

/// A zone: a known one, or one a `VTIMEZONE` defines.
#[derive(Debug, Clone, PartialEq)]
pub enum Zone {
    /// IANA (or Windows, mapped).
    Known(Tz),
    /// Defined in the file.
    Defined(Arc<Defined>),
}

/// A `VTIMEZONE`'s transitions: (instant, offset in seconds from then on),
/// sorted, and the offset before the first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Defined {
    /// The zone's name, for messages.
    pub name: String,
    transitions: Vec<(i64, i32)>,
    initial: i32,
}

/// Years a defined zone's rules are expanded over.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;
/// The most onsets one `STANDARD`/`DAYLIGHT` rule gives.
const MAX_ONSETS: usize = 1_000;

/// `+0100`, `-0500`, `+053000` in seconds.
fn offset(text: &str) -> Option<i32> {
    let text = text.trim();
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, text.get(1..)?),
        b'-' => (-1, text.get(1..)?),
        _ => (1, text),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let part = |range: std::ops::Range<usize>| digits.get(range)?.parse::<i32>().ok();
    let seconds = if digits.len() == 6 { part(4..6)? } else { 0 };
    Some(sign * (part(0..2)? * 3600 + part(2..4)? * 60 + seconds))
}

/// One `STANDARD` or `DAYLIGHT` part of a `VTIMEZONE`.
#[derive(Debug, Default)]
pub struct Observance {
    /// Its `DTSTART` (local, in the offset before it).
    pub start: Option<NaiveDateTime>,
    /// `TZOFFSETFROM`.
    pub from: Option<String>,
    /// `TZOFFSETTO`.
    pub to: Option<String>,
    /// `RRULE` values.
    pub rules: Vec<String>,
    /// `RDATE` values (local).
    pub dates: Vec<NaiveDateTime>,
}

impl Defined {
    /// The zone its observances define, or `None` when none can be read.
    pub fn new(name: &str, observances: &[Observance]) -> Option<Defined> {
        let mut transitions = Vec::new();
        for observance in observances {
            let (Some(start), Some(from), Some(to)) = (
                observance.start,
                observance.from.as_deref().and_then(offset),
                observance.to.as_deref().and_then(offset),
            ) else {
                continue;
            };
            let mut onsets = vec![start];
            onsets.extend(observance.dates.iter().copied());
            for rule in &observance.rules {
                onsets.extend(yearly_onsets(start, rule));
            }
            for onset in onsets {
                transitions.push((onset.and_utc().timestamp() - i64::from(from), to));
            }
        }
        transitions.sort_unstable();
        transitions.dedup_by_key(|(at, _)| *at);
        let first = observances
            .iter()
            .filter_map(|o| Some((o.start?, o.from.as_deref().and_then(offset)?)))
            .min_by_key(|(start, _)| *start)
            .map(|(_, from)| from);
        let initial = first.or_else(|| transitions.first().map(|(_, to)| *to))?;
        Some(Defined {
            name: name.to_owned(),
            transitions,
            initial,
        })
    }

    fn offset_at(&self, instant: i64) -> i32 {
        let after = self.transitions.partition_point(|(at, _)| *at <= instant);
        after
            .checked_sub(1)
            .and_then(|at| self.transitions.get(at))
            .map_or(self.initial, |(_, to)| *to)
    }
}

/// The onsets a rule of an observance gives from `FIRST_YEAR` to
/// `LAST_YEAR`, expanded in local time (a rule without an end never runs
/// past them).
fn yearly_onsets(start: NaiveDateTime, rule: &str) -> Vec<NaiveDateTime> {
    use chrono::Datelike as _;
    // Outlook starts its rules in 1601: the rule is the same from 1900.
    let start = if start.year() < FIRST_YEAR {
        start.with_year(FIRST_YEAR).unwrap_or(start)
    } else {
        start
    };
    let rule: String = rule
        .split(';')
        .filter(|part| !part.to_ascii_uppercase().starts_with("UNTIL="))
        .collect::<Vec<_>>()
        .join(";");
    let text = format!("DTSTART:{}Z\nRRULE:{rule}", start.format("%Y%m%dT%H%M%S"));
    let Ok(set) = text.parse::<rrule::RRuleSet>() else {
        return Vec::new();
    };
    (&set)
        .into_iter()
        .map(|at| at.naive_utc())
        .take_while(|at| at.year() <= LAST_YEAR)
        .take(MAX_ONSETS)
        .collect()
}

impl Zone {
    /// UTC.
    pub const UTC: Zone = Zone::Known(chrono_tz::UTC);

    /// The zone's name, for messages.
    pub fn name(&self) -> &str {
        match self {
            Zone::Known(tz) => tz.name(),
            Zone::Defined(defined) => &defined.name,
        }
    }

    /// Offset in seconds at an instant.
    fn offset_at(&self, instant: DateTime<Utc>) -> i32 {
        match self {
            Zone::Known(tz) => tz
                .offset_from_utc_datetime(&instant.naive_utc())
                .fix()
                .local_minus_utc(),
            Zone::Defined(defined) => defined.offset_at(instant.timestamp()),
        }
    }

    /// The local time of an instant.
    pub fn local(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        let offset = self.offset_at(instant);
        instant
            .naive_utc()
            .checked_add_signed(Duration::seconds(i64::from(offset)))
            .unwrap_or_else(|| instant.naive_utc())
    }

    /// The instant of a local time: a repeated time its first reading, a
    /// skipped time read with the offset before the gap.
    pub fn instant(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        if let Zone::Known(tz) = self {
            return match tz.from_local_datetime(&local) {
                chrono::LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
                chrono::LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
                chrono::LocalResult::None => self.before_gap(local),
            };
        }
        let as_utc = local.and_utc();
        let mut readings: Vec<DateTime<Utc>> = [-14, -12, -6, 0, 6, 12, 14]
            .iter()
            .filter_map(|hours| as_utc.checked_add_signed(Duration::hours(*hours)))
            .map(|probe| self.offset_at(probe))
            .filter_map(|offset| {
                let at = as_utc.checked_sub_signed(Duration::seconds(i64::from(offset)))?;
                (self.offset_at(at) == offset).then_some(at)
            })
            .collect();
        readings.sort_unstable();
        readings.first().copied().or_else(|| self.before_gap(local))
    }

    fn before_gap(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let before = local.and_utc().checked_sub_signed(Duration::hours(12))?;
        let offset = self.offset_at(before);
        local
            .and_utc()
            .checked_sub_signed(Duration::seconds(i64::from(offset)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").expect("a time")
    }

    #[test]
    fn a_gap_takes_the_later_reading_and_a_repeat_the_first() {
        let berlin = Zone::Known(chrono_tz::Europe::Berlin);
        let gap = berlin.instant(local("20260329T023000")).expect("read");
        assert_eq!(gap.to_rfc3339(), "2026-03-29T01:30:00+00:00", "03:30 CEST");
        let repeat = berlin.instant(local("20261025T023000")).expect("read");
        assert_eq!(repeat.to_rfc3339(), "2026-10-25T00:30:00+00:00", "CEST");
    }

    #[test]
    fn a_defined_zone_reads_like_the_iana_one() {
        let observances = [
            Observance {
                start: Some(local("16010101T030000")),
                from: Some("+0200".into()),
                to: Some("+0100".into()),
                rules: vec!["FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10".into()],
                dates: Vec::new(),
            },
            Observance {
                start: Some(local("16010101T020000")),
                from: Some("+0100".into()),
                to: Some("+0200".into()),
                rules: vec!["FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3".into()],
                dates: Vec::new(),
            },
        ];
        let defined = Zone::Defined(Arc::new(
            Defined::new("Customized Time Zone", &observances).expect("a zone"),
        ));
        let berlin = Zone::Known(chrono_tz::Europe::Berlin);
        for time in [
            "20260105T090000",
            "20260329T023000",
            "20260329T040000",
            "20260701T120000",
            "20261025T023000",
            "20261102T090000",
        ] {
            assert_eq!(
                defined.instant(local(time)),
                berlin.instant(local(time)),
                "{time}"
            );
        }
        let at = berlin.instant(local("20260701T120000")).expect("read");
        assert_eq!(defined.local(at), local("20260701T120000"));
    }

    #[test]
    fn names_as_programs_write_them() {
        assert_eq!(named("Europe/Berlin"), Some(chrono_tz::Europe::Berlin));
        assert_eq!(
            named("W. Europe Standard Time"),
            Some(chrono_tz::Europe::Berlin)
        );
        assert_eq!(
            named("/mozilla.org/20050126_1/America/New_York"),
            Some(chrono_tz::America::New_York)
        );
        assert_eq!(named("Customized Time Zone"), None);
        assert_eq!(offset("+053000"), Some(5 * 3600 + 30 * 60));
        assert_eq!(offset("-0500"), Some(-5 * 3600));
        assert_eq!(offset("+5"), None);
    }
}
