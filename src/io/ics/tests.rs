//! Calendars written for these tests, each with hand-computed hours.

#![expect(clippy::float_cmp, reason = "whole and quarter hours")]

use super::*;
use crate::domain::calibration::Entry;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn calendar(events: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tamplan tests//EN\r\nX-WR-CALNAME:Work\r\n{events}END:VCALENDAR\r\n"
    )
}

fn reading(from: &str, to: &str) -> Reading {
    Reading {
        from: day(from),
        to: day(to),
        hours_per_day: 8.0,
        tz: None,
    }
}

fn read_range(text: &str, from: &str, to: &str) -> Timesheet {
    let mut sheet = Timesheet::default();
    read(text, "cal.ics", &reading(from, to), &mut sheet).expect("reads");
    sheet
}

#[test]
fn a_timed_event_in_a_zone_and_a_windows_zone() {
    let text = calendar(
        "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Acme sync call\r\nDTSTART;TZID=Europe/Berlin:20261102T090000\r\nDTEND;TZID=Europe/Berlin:20261102T103000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Team meeting\r\nDTSTART;TZID=W. Europe Standard Time:20261103T090000\r\nDURATION:PT45M\r\nEND:VEVENT\r\n",
    );
    let sheet = read_range(&text, "2026-11-01", "2026-11-30");
    assert_eq!(sheet.entries.len(), 2, "{:?}", sheet.skipped);
    assert_eq!(sheet.entries[0].hours, 1.5);
    assert_eq!(sheet.entries[0].date, day("2026-11-02"));
    assert_eq!(sheet.entries[0].text(), "Work · Acme sync call");
    assert_eq!(sheet.entries[1].hours, 0.75);
}

#[test]
fn events_across_a_dst_change_last_their_real_length() {
    // Berlin falls back at 03:00 on 2026-10-25; New York on 2026-11-01.
    let text = calendar(
        "BEGIN:VEVENT\r\nUID:eu\r\nSUMMARY:Night shift EU\r\nDTSTART;TZID=Europe/Berlin:20261025T000000\r\nDTEND;TZID=Europe/Berlin:20261025T040000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:us\r\nSUMMARY:Night shift US\r\nDTSTART;TZID=Eastern Standard Time:20261101T000000\r\nDTEND;TZID=Eastern Standard Time:20261101T040000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:spring\r\nSUMMARY:Spring EU\r\nDTSTART;TZID=Europe/Berlin:20260329T000000\r\nDTEND;TZID=Europe/Berlin:20260329T040000\r\nEND:VEVENT\r\n",
    );
    let sheet = read_range(&text, "2026-01-01", "2026-12-31");
    let hours: Vec<f64> = sheet.entries.iter().map(|e| e.hours).collect();
    assert_eq!(
        hours,
        [5.0, 5.0, 3.0],
        "an hour more in autumn, less in spring"
    );
}

#[test]
fn an_unbounded_weekly_rule_over_ten_years_ends_and_counts_right() {
    let text = calendar(
        "BEGIN:VEVENT\r\nUID:w\r\nSUMMARY:Weekly sync call\r\nDTSTART;TZID=America/New_York:20200106T100000\r\nDTEND;TZID=America/New_York:20200106T110000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:VEVENT\r\n",
    );
    let sheet = read_range(&text, "2020-01-01", "2029-12-31");
    // Mondays from 2020-01-06 to 2029-12-31.
    let mondays = day("2020-01-06")
        .iter_weeks()
        .take_while(|d| *d <= day("2029-12-31"))
        .count();
    assert_eq!(sheet.entries.len(), mondays);
    assert_eq!(mondays, 522);
    assert!(
        sheet.entries.iter().all(|e| e.hours == 1.0),
        "DST never stretches a 1 h call"
    );
}

#[test]
fn exdate_rdate_moved_cancelled_and_free_events() {
    let text = calendar(
        "BEGIN:VEVENT\r\nUID:r\r\nSUMMARY:Cadence\r\nDTSTART:20261102T090000Z\r\nDTEND:20261102T100000Z\r\nRRULE:FREQ=DAILY;COUNT=5\r\nEXDATE:20261104T090000Z\r\nRDATE:20261110T090000Z\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:r\r\nRECURRENCE-ID:20261103T090000Z\r\nSUMMARY:Cadence (moved)\r\nDTSTART:20261103T140000Z\r\nDTEND:20261103T163000Z\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Cancelled\r\nSTATUS:CANCELLED\r\nDTSTART:20261102T120000Z\r\nDTEND:20261102T130000Z\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:f\r\nSUMMARY:Focus (free)\r\nTRANSP:TRANSPARENT\r\nDTSTART:20261102T130000Z\r\nDTEND:20261102T150000Z\r\nEND:VEVENT\r\n",
    );
    let sheet = read_range(&text, "2026-11-01", "2026-11-30");
    let free: Vec<f64> = sheet
        .entries
        .iter()
        .filter(|e| e.instance().is_some_and(|i| i.free))
        .map(|e| e.hours)
        .collect();
    assert_eq!(free, [2.0], "kept, marked free: only a PTO rule counts it");
    let mut got: Vec<(NaiveDate, f64)> = sheet
        .entries
        .iter()
        .filter(|e| e.instance().is_some_and(|i| !i.free))
        .map(|e| (e.date, e.hours))
        .collect();
    got.sort_by_key(|entry| entry.0);
    // 2, 3 (moved: 2.5 h), 5, 6, and the extra 10th; the 4th is excluded.
    assert_eq!(
        got,
        [
            (day("2026-11-02"), 1.0),
            (day("2026-11-03"), 2.5),
            (day("2026-11-05"), 1.0),
            (day("2026-11-06"), 1.0),
            (day("2026-11-10"), 1.0),
        ]
    );
}

#[test]
fn an_all_day_event_counts_a_day_for_each_weekday() {
    // Friday to Tuesday (DTEND is the day after): Fri, Mon, Tue.
    let text = calendar(
        "BEGIN:VEVENT\r\nUID:v\r\nSUMMARY:Vacation\r\nDTSTART;VALUE=DATE:20261106\r\nDTEND;VALUE=DATE:20261111\r\nEND:VEVENT\r\n",
    );
    let sheet = read_range(&text, "2026-11-01", "2026-11-30");
    let days: Vec<NaiveDate> = sheet.entries.iter().map(|e| e.date).collect();
    assert_eq!(
        days,
        [day("2026-11-06"), day("2026-11-09"), day("2026-11-10")]
    );
    assert!(sheet.entries.iter().all(|e| e.hours == 8.0));
}

#[test]
fn five_thousand_events_with_three_hundred_endless_rules_in_good_time() {
    use std::fmt::Write as _;
    let mut events = String::new();
    for i in 0..5_000 {
        let day = 1 + i % 28;
        let rule = if i < 300 { "RRULE:FREQ=WEEKLY\r\n" } else { "" };
        let _ = write!(
            events,
            "BEGIN:VEVENT\r\nUID:e{i}\r\nSUMMARY:Event {i}\r\nDTSTART;TZID=Europe/Berlin:202601{day:02}T090000\r\nDTEND;TZID=Europe/Berlin:202601{day:02}T100000\r\n{rule}END:VEVENT\r\n"
        );
    }
    let text = calendar(&events);
    let started = std::time::Instant::now();
    let sheet = read_range(&text, "2026-01-01", "2026-12-31");
    let took = started.elapsed();
    assert!(
        sheet.entries.len() > 4_700 + 300 * 48,
        "{}",
        sheet.entries.len()
    );
    // Release builds take a fraction of this (see the README); a debug
    // build is only checked to end in reasonable time.
    assert!(took.as_secs() < 20, "{took:?}");
}

#[test]
fn what_is_not_a_calendar_is_an_error_not_a_panic() {
    let mut sheet = Timesheet::default();
    assert!(
        read(
            "hello",
            "x.ics",
            &reading("2026-01-01", "2026-12-31"),
            &mut sheet
        )
        .is_err()
    );
    let text = calendar("BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:No start\r\nEND:VEVENT\r\n");
    let sheet = read_range(&text, "2026-01-01", "2026-12-31");
    assert_eq!(sheet.skipped.len(), 1);
    assert!(sheet.skipped[0].message.contains("no DTSTART"));
}

proptest::proptest! {
    #[test]
    fn the_reader_never_panics_on_arbitrary_text(text in "[ -~\r\n]{0,400}") {
        let mut sheet = Timesheet::default();
        let _ = read(&format!("BEGIN:VCALENDAR\r\n{text}\r\nEND:VCALENDAR\r\n"), "x.ics", &reading("2026-01-01", "2026-12-31"), &mut sheet);
        let _ = read(&text, "y.ics", &reading("2026-01-01", "2026-12-31"), &mut sheet);
    }
}

#[test]
fn no_duration_date_or_count_can_panic() {
    assert_eq!(duration("P99999999999999W"), None);
    assert_eq!(duration("PT9223372036854775807S"), None);
    assert_eq!(duration("P100000000D"), None, "more than a year");
    assert_eq!(duration("PT1H30M"), Some(Duration::minutes(90)));
    let text = calendar(concat!(
        "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Huge\r\nDTSTART:20261102T090000Z\r\nDURATION:P99999999999999W\r\nEND:VEVENT\r\n",
        "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Far\r\nDTSTART;VALUE=DATE:99991231\r\nDURATION:P100000000D\r\nEND:VEVENT\r\n",
        "BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Count\r\nDTSTART:20261102T090000Z\r\nDTEND:20261102T100000Z\r\nRRULE:FREQ=DAILY;COUNT=4294967295\r\nEND:VEVENT\r\n",
        "BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Until far\r\nDTSTART:20261102T090000Z\r\nDTEND:20261102T100000Z\r\nRRULE:FREQ=WEEKLY;UNTIL=99991231T000000Z\r\nEND:VEVENT\r\n",
    ));
    let sheet = read_range(&text, "2026-11-02", "2026-11-15");
    let hours = |summary: &str| -> f64 {
        sheet
            .entries
            .iter()
            .filter(|e| e.fields.get(1).is_some_and(|s| s == summary))
            .map(|e| e.hours)
            .sum()
    };
    assert_eq!(hours("Count"), 14.0, "every day of the range");
    assert_eq!(hours("Until far"), 2.0, "two Mondays");
    assert_eq!(sheet.skipped_total, 2, "{:?}", sheet.skipped);
}

#[test]
fn a_far_start_written_with_a_long_year_is_read_and_the_range_decides() {
    let text = calendar(concat!(
        // Far in the future: read, and never in the range.
        "BEGIN:VEVENT\r\nUID:f\r\nSUMMARY:Far future\r\nDTSTART:+2621421231T090000Z\r\nDTEND:+2621421231T100000Z\r\nEND:VEVENT\r\n",
        "BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Far day\r\nDTSTART;VALUE=DATE:+2621421231\r\nEND:VEVENT\r\n",
        // Far in the past, weekly: the series is read, or listed; never a
        // crash, never unbounded.
        "BEGIN:VEVENT\r\nUID:p\r\nSUMMARY:Far past\r\nDTSTART:-2621430104T090000Z\r\nDTEND:-2621430104T100000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n",
        "BEGIN:VEVENT\r\nUID:n\r\nSUMMARY:Near\r\nDTSTART:20261102T090000Z\r\nDTEND:20261102T100000Z\r\nEND:VEVENT\r\n",
    ));
    let started = std::time::Instant::now();
    let sheet = read_range(&text, "2026-11-02", "2026-11-15");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    let far: Vec<&Entry> = sheet
        .entries
        .iter()
        .filter(|e| {
            e.fields
                .get(1)
                .is_some_and(|s| s.starts_with("Far f") || s.starts_with("Far d"))
        })
        .collect();
    assert!(far.is_empty(), "{far:?}");
    assert!(
        !sheet
            .skipped
            .iter()
            .any(|s| s.message.contains("not a date")),
        "a long year is a date: {:?}",
        sheet.skipped
    );
    let near: f64 = sheet
        .entries
        .iter()
        .filter(|e| e.fields.get(1).is_some_and(|s| s == "Near"))
        .map(|e| e.hours)
        .sum();
    assert_eq!(near, 1.0);
    let past = sheet
        .entries
        .iter()
        .filter(|e| e.fields.get(1).is_some_and(|s| s == "Far past"))
        .count();
    let said = sheet.skipped.iter().any(|s| s.message.contains("Far past"));
    assert!(
        past > 0 || said,
        "the far-past series counts or is listed: {:?}",
        sheet.skipped
    );
}
