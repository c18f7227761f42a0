//! `timew export` JSON, read one interval at a time: whatever the array
//! holds that is not an interval is passed over without being kept, so a
//! file of millions of values takes the memory of one.

use std::io::Read;

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::{FIRST_YEAR, LAST_YEAR, MAX_ENTRY_HOURS};
use crate::domain::calibration::{Entry, Origin, Timesheet};
use crate::domain::diagnostic::Finding;
use crate::io::error::Error;

/// One element of a `timew export` array: an interval, or something else
/// (read past without keeping it).
#[derive(Default)]
struct Interval {
    start: Option<String>,
    end: Option<String>,
    tags: Vec<String>,
    annotation: String,
    /// Not an object with string times and tags: skipped.
    bad: bool,
}

/// The most tags of an interval kept (the first names the task; the rest
/// are joined into one field).
const MAX_TAGS: usize = 100;

impl<'de> serde::Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IntervalVisitor)
    }
}

struct IntervalVisitor;

impl<'de> serde::de::Visitor<'de> for IntervalVisitor {
    type Value = Interval;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a timew interval")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Interval, A::Error> {
        let mut interval = Interval::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "start" => interval.start = map.next_value::<Text>()?.0,
                "end" => interval.end = map.next_value::<Text>()?.0,
                "annotation" => {
                    interval.annotation = map.next_value::<Text>()?.0.unwrap_or_default();
                }
                "tags" => match map.next_value::<Tags>()?.0 {
                    Some(tags) => interval.tags = tags,
                    None => interval.bad = true,
                },
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(interval)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Interval, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Interval {
            bad: true,
            ..Interval::default()
        })
    }

    fn visit_bool<E>(self, _: bool) -> Result<Interval, E> {
        Ok(Interval::bad())
    }
    fn visit_i64<E>(self, _: i64) -> Result<Interval, E> {
        Ok(Interval::bad())
    }
    fn visit_u64<E>(self, _: u64) -> Result<Interval, E> {
        Ok(Interval::bad())
    }
    fn visit_f64<E>(self, _: f64) -> Result<Interval, E> {
        Ok(Interval::bad())
    }
    fn visit_str<E>(self, _: &str) -> Result<Interval, E> {
        Ok(Interval::bad())
    }
    fn visit_unit<E>(self) -> Result<Interval, E> {
        Ok(Interval::bad())
    }
}

impl Interval {
    fn bad() -> Interval {
        Interval {
            bad: true,
            ..Interval::default()
        }
    }
}

/// A string, or `None` for any other value (read past).
struct Text(Option<String>);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, text: &str) -> Result<Text, E> {
                Ok(Text(Some(text.to_owned())))
            }
            fn visit_string<E>(self, text: String) -> Result<Text, E> {
                Ok(Text(Some(text)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Text(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_unit<E>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// An interval's tags: the first [`MAX_TAGS`] strings kept; `None` when
/// they are not a list of strings.
struct Tags(Option<Vec<String>>);

impl<'de> serde::Deserialize<'de> for Tags {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Tags;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of tags")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tags, A::Error> {
                let mut tags = Vec::new();
                let mut good = true;
                while let Some(Text(tag)) = seq.next_element::<Text>()? {
                    match tag {
                        Some(tag) if tags.len() < MAX_TAGS => tags.push(tag),
                        Some(_) => {}
                        None => good = false,
                    }
                }
                Ok(Tags(good.then_some(tags)))
            }
            fn visit_unit<E>(self) -> Result<Tags, E> {
                Ok(Tags(Some(Vec::new())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tags, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Tags(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Tags, E> {
                Ok(Tags(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Tags, E> {
                Ok(Tags(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Tags, E> {
                Ok(Tags(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Tags, E> {
                Ok(Tags(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Tags, E> {
                Ok(Tags(None))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A reader that counts the lines it has given out, so that each interval
/// is told by the line it ends on.
struct Counted<R> {
    inner: R,
    lines: std::rc::Rc<std::cell::Cell<usize>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let newlines = buf.get(..n).map_or(0, newlines);
        self.lines.set(self.lines.get() + newlines);
        Ok(n)
    }
}

fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().fold(0, |n, b| n + usize::from(*b == b'\n'))
}

/// The top-level array of a `timew export`, read one interval at a time.
struct Intervals<'a> {
    source: &'a str,
    zone: Tz,
    sheet: &'a mut Timesheet,
    lines: std::rc::Rc<std::cell::Cell<usize>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Intervals<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Intervals<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of intervals")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(interval) = seq.next_element::<Interval>()? {
            // The line the interval ends on (a reader reads ahead at most
            // to the end of its line in a `timew export`).
            let line = self.lines.get() + 1;
            interval_entry(interval, self.source, line, self.zone, self.sheet);
        }
        Ok(())
    }
}

/// A `timew export` read as a stream: one interval in memory at a time.
pub(super) fn read_timew(
    reader: impl Read,
    source: &str,
    zone: Tz,
    sheet: &mut Timesheet,
) -> Result<(), Error> {
    let lines = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = Counted {
        inner: reader,
        lines: std::rc::Rc::clone(&lines),
    };
    let mut deserializer = serde_json::Deserializer::from_reader(counted);
    let failed = |error: serde_json::Error| {
        Error::Failed(format!(
            "{source}:{}:{}: {error}; expected `timew export` JSON",
            error.line(),
            error.column()
        ))
    };
    serde::de::DeserializeSeed::deserialize(
        Intervals {
            source,
            zone,
            sheet,
            lines,
        },
        &mut deserializer,
    )
    .map_err(failed)?;
    deserializer.end().map_err(failed)
}

/// One interval into `sheet`, or skipped with why.
fn interval_entry(interval: Interval, source: &str, line: usize, zone: Tz, sheet: &mut Timesheet) {
    let skip = |reason: String| Finding::skipped(source.to_owned(), line, reason);
    if interval.bad {
        sheet.skip(skip(
            "not an interval; expected start, end and tags".to_owned(),
        ));
        return;
    }
    let parse = |text: &Option<String>| {
        text.as_deref()
            .and_then(|t| NaiveDateTime::parse_from_str(t, "%Y%m%dT%H%M%SZ").ok())
            .map(|t| DateTime::<Utc>::from_naive_utc_and_offset(t, Utc))
    };
    let (Some(start), Some(end)) = (parse(&interval.start), parse(&interval.end)) else {
        sheet.skip(skip(
            "no start or no end (still running?); expected both as 20261102T090000Z".to_owned(),
        ));
        return;
    };
    if end < start {
        sheet.skip(skip("it ends before it starts".to_owned()));
        return;
    }
    #[expect(clippy::cast_precision_loss, reason = "seconds of an interval")]
    let hours = (end - start).num_seconds() as f64 / 3600.0;
    if hours > MAX_ENTRY_HOURS {
        sheet.skip(skip(format!(
            "it lasts {} hours; expected at most {MAX_ENTRY_HOURS} hours (a day) per interval",
            (end - start).num_hours()
        )));
        return;
    }
    let local = start.with_timezone(&zone).date_naive();
    if !(FIRST_YEAR..=LAST_YEAR).contains(&local.year()) {
        sheet.skip(skip(format!(
            "{} is outside the years {FIRST_YEAR} to {LAST_YEAR}; expected a day worked",
            local.year()
        )));
        return;
    }
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
        fields: fields.into(),
        origin: Origin::Timed { start, end },
    });
}
