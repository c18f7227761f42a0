//! Calibration: the plan held against the weeks actually worked. Logged
//! hours (a [`Timesheet`] of entries read from time exports) are mapped to
//! the model's tasks by [`Rules`], then compared with the plan task by task
//! and ISO week by ISO week. Pure: entries and rules come in, figures go out.
//!
//! These are *logged hours*; a scenario's `[actuals]` are metric outcomes,
//! a different thing.

use crate::domain::diagnostic::Finding;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use regex::{RegexSet, RegexSetBuilder};

use crate::domain::engine::{self, Inputs, Plan};
use crate::domain::model::Model;

/// One logged entry: a day, its hours, and the text rules match.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The day it was logged on.
    pub date: NaiveDate,
    /// Its hours.
    pub hours: f64,
    /// Project (or calendar), task, description, tags: what rules match.
    /// Shared: every instance and day part of a calendar event points to
    /// its one copy of the event's text.
    pub fields: std::sync::Arc<[String]>,
    /// Where it came from: a line of a time export or a calendar event.
    pub origin: Origin,
}

/// Where an entry came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Origin {
    /// A line of a time export, without start and end times (Harvest, a
    /// plain CSV).
    #[default]
    Logged,
    /// A line of a time export with its start and end (Toggl, Clockify,
    /// timew): what a calendar event is matched against.
    Timed {
        /// When it started.
        start: DateTime<Utc>,
        /// When it ended.
        end: DateTime<Utc>,
    },
    /// One day's part of a calendar event's instance.
    Calendar(std::sync::Arc<Instance>),
}

/// One instance of a calendar event (an entry per day it covers points to
/// it).
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// The file.
    pub file: String,
    /// The line of its `BEGIN:VEVENT`.
    pub line: usize,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// The hours it counts in all: its length, or for an all-day or a
    /// multi-day event `hours_per_day` on each weekday it covers.
    pub hours: f64,
    /// Marked free (`TRANSP:TRANSPARENT`): counted only when a PTO rule
    /// matches it.
    pub free: bool,
}

impl Entry {
    /// An entry of a time export without times.
    pub fn logged(date: NaiveDate, hours: f64, fields: Vec<String>) -> Entry {
        Entry {
            date,
            hours,
            fields: fields.into(),
            origin: Origin::Logged,
        }
    }

    /// The entry's text as rules and people see it: its fields joined.
    pub fn text(&self) -> String {
        let mut text = String::new();
        self.write_text(&mut text);
        text
    }

    /// [`Entry::text`] into `text` (cleared first), to reuse one buffer.
    pub fn write_text(&self, text: &mut String) {
        text.clear();
        for field in self.fields.iter() {
            let field = field.trim();
            if field.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str(" · ");
            }
            text.push_str(field);
        }
    }

    /// The calendar instance it is part of, if any.
    pub fn instance(&self) -> Option<&Instance> {
        match &self.origin {
            Origin::Calendar(instance) => Some(instance),
            Origin::Logged | Origin::Timed { .. } => None,
        }
    }
}

/// The most skipped lines kept to show; the rest are counted.
pub const SKIPPED_KEPT: usize = 100;

/// Every entry read from the exports, the lines skipped, and notes on how
/// they were read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timesheet {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// The first [`SKIPPED_KEPT`] lines that could not be read.
    pub skipped: Vec<Finding>,
    /// How many were skipped in all.
    pub skipped_total: usize,
    /// How the files were read where that changes figures (a lenient
    /// reading, a series cut short, a range cut at today).
    pub notes: Vec<String>,
}

impl Timesheet {
    /// Says that a line or event was skipped (kept when among the first
    /// [`SKIPPED_KEPT`], counted always).
    pub fn skip(&mut self, skipped: Finding) {
        self.skipped_total += 1;
        if self.skipped.len() < SKIPPED_KEPT {
            self.skipped.push(skipped);
        }
    }

    /// Adds a note once.
    pub fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}

/// Where a rule sends an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A task row of the model, by index.
    Task(usize),
    /// Time off.
    Pto,
}

/// One rule: a case-insensitive regular expression and its target.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The expression, matched case-insensitively.
    pub pattern: String,
    /// Where a matching entry goes.
    pub target: Target,
}

/// The most rules a rules file may hold.
pub const MAX_RULES: usize = 1_000;

/// The most memory the rules' regular expressions may take, compiled, in
/// all (and the most their matching cache may grow to): 10 MB.
pub const MAX_REGEX_BYTES: usize = 10 * 1024 * 1024;

/// How deeply a rule's pattern may nest groups and repetitions. The regex
/// parser recurses once a level: 215 nested repetitions (`a+++…`, within
/// its default limit of 250) overflow a 2 MiB thread stack in a debug
/// build. No rule needs more than 32.
pub const NEST_LIMIT: u32 = 32;

/// The rules, in order: the first that matches wins. Their patterns are
/// compiled into one set, so an entry's text is read once, however many
/// rules there are.
#[derive(Debug, Clone)]
pub struct Rules {
    rules: Vec<Rule>,
    set: RegexSet,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            rules: Vec::new(),
            set: RegexSet::empty(),
        }
    }
}

impl Rules {
    /// Compiles `rules`, case-insensitively, within [`MAX_REGEX_BYTES`] and
    /// [`NEST_LIMIT`] in all.
    ///
    /// # Errors
    /// A pattern that is not a regular expression, or patterns that
    /// compile to more than the limit together.
    pub fn new(rules: Vec<Rule>) -> Result<Rules, regex::Error> {
        let set = RegexSetBuilder::new(rules.iter().map(|rule| rule.pattern.as_str()))
            .case_insensitive(true)
            .size_limit(MAX_REGEX_BYTES)
            .dfa_size_limit(MAX_REGEX_BYTES)
            .nest_limit(NEST_LIMIT)
            .build()?;
        Ok(Rules { rules, set })
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Where `entry` goes: a task whose name its project or task equals,
    /// else the first rule matching its text, else nowhere (unplanned).
    pub fn target(&self, model: &Model, entry: &Entry) -> Option<Target> {
        self.target_of(model, entry, &entry.text())
    }

    /// [`Rules::target`] with the entry's text already joined.
    fn target_of(&self, model: &Model, entry: &Entry, text: &str) -> Option<Target> {
        for field in entry.fields.iter().take(2) {
            let field = field.trim();
            if let Some(index) = model
                .rows
                .iter()
                .position(|row| row.task.eq_ignore_ascii_case(field))
            {
                return Some(Target::Task(index));
            }
        }
        // The set gives every matching rule's index in order: the lowest
        // is the first rule that matches.
        let first = self.set.matches(text).iter().next()?;
        self.rules.get(first).map(|rule| rule.target)
    }
}

/// `2026-W45` for a day.
pub fn iso_week(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

/// The ISO weeks from `from` to `to`, in order.
fn iso_weeks(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut weeks = Vec::new();
    let mut day = monday_of(from);
    while day <= to {
        weeks.push(iso_week(day.max(from)));
        day += Duration::days(7);
    }
    weeks
}

/// Monday–Friday days from `from` to `to`, both included.
pub fn weekdays(from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days()
        .take_while(|day| *day <= to)
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .fold(0, |n, _| n + 1)
}

/// The Monday of a day's ISO week.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// One task compared with the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    /// The task, by index in the model.
    pub task: usize,
    /// The plan's hours per working week.
    pub plan_per_working_week: f64,
    /// Hours logged in the range.
    pub actual_hours: f64,
    /// Those ÷ working weeks.
    pub actual_per_working_week: f64,
    /// actual − plan, per working week.
    pub delta: f64,
    /// Hours by ISO week, in [`Calibration::weeks`] order.
    pub by_week: Vec<f64>,
}

/// Entries no rule maps, grouped by text.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplanned {
    /// Their hours.
    pub hours: f64,
    /// Those ÷ working weeks.
    pub per_working_week: f64,
    /// Their texts with hours, largest first (at most ten).
    pub top: Vec<(String, f64)>,
}

/// The plan against the weeks worked.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// First day of the range.
    pub from: NaiveDate,
    /// Last day of the range.
    pub to: NaiveDate,
    /// Entries read (in the range or not).
    pub entries: usize,
    /// The ISO weeks of the range.
    pub weeks: Vec<String>,
    /// Weekdays ÷ 5 − PTO hours ÷ `hours_per_week`.
    pub working_weeks: f64,
    /// Hours mapped to PTO in the range.
    pub pto_hours: f64,
    /// One row a task, in the model's order.
    pub rows: Vec<TaskRow>,
    /// Hours no task takes.
    pub unplanned: Unplanned,
    /// Σ plan per working week.
    pub plan_per_working_week: f64,
    /// Σ logged hours on tasks.
    pub actual_hours: f64,
    /// Those ÷ working weeks.
    pub actual_per_working_week: f64,
    /// The first [`SKIPPED_KEPT`] lines and events not counted.
    pub skipped: Vec<Finding>,
    /// How many were not counted in all.
    pub skipped_total: usize,
    /// How the range was chosen and the files read, where that changes
    /// figures.
    pub notes: Vec<String>,
}

impl Calibration {
    /// Every hour logged in the range but PTO: on tasks and unplanned.
    pub fn all_hours(&self) -> f64 {
        self.actual_hours + self.unplanned.hours
    }

    /// Those ÷ working weeks.
    pub fn all_per_working_week(&self) -> f64 {
        self.actual_per_working_week + self.unplanned.per_working_week
    }
}

/// The range calibrated: its days, and how it was chosen when that is
/// worth a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Notes: a range cut at today.
    pub notes: Vec<String>,
}

/// The range to calibrate: `from`/`to` when given; else, when time exports
/// were read (`logged`: their first and last day), the Monday of the first
/// entry's ISO week to the earlier of the last entry's day and today; else
/// (calendars alone) the four ISO weeks before the current one and the
/// current week up to today. A range that runs past today is cut there
/// with a note: days that have not happened are never counted as worked.
///
/// # Errors
/// [`CalibrationError::Backwards`] when the range ends before it starts,
/// [`CalibrationError::TooLong`] when it spans [`MAX_RANGE_YEARS`] years
/// or more.
pub fn range(
    logged: Option<(NaiveDate, NaiveDate)>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Range, CalibrationError> {
    let mut notes = Vec::new();
    // Entries logged ahead of today (a plan typed into the tracker) run
    // the range past today too, and are cut below with a note.
    let (default_from, default_to) = match logged {
        Some((first, last)) => (monday_of(first), last),
        None => (monday_of(today) - Duration::days(28), today),
    };
    let from = from.unwrap_or(default_from);
    let mut to = to.unwrap_or(default_to);
    if to > today {
        notes.push(format!(
            "The range ran to {to}; it is cut at today, {today}: days that have not happened are not counted as worked."
        ));
        to = today;
    }
    if from > to {
        return Err(CalibrationError::Backwards { from, to });
    }
    if from
        .checked_add_months(chrono::Months::new(12 * MAX_RANGE_YEARS))
        .is_none_or(|limit| to >= limit)
    {
        return Err(CalibrationError::TooLong { from, to });
    }
    Ok(Range { from, to, notes })
}

/// The longest range calibrated, in years: weeks are shown one column
/// each, and calendars are expanded over the whole range.
pub const MAX_RANGE_YEARS: u32 = 20;

/// Drops the calendar instances that the time exports logged too: an
/// instance overlapping the union of the timed entries for more than half
/// its length counts once (from the export), and is listed as a duplicate.
/// The length of an all-day or multi-day event is what it counts
/// (`hours_per_day` a weekday), so an all-day "Vacation" beside an 8-hour
/// one in the export counts once.
/// Entries without times (Harvest, a plain CSV) are never matched; a note
/// says so when calendars were read with them.
pub fn drop_duplicates(sheet: &mut Timesheet) {
    let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = sheet
        .entries
        .iter()
        .filter_map(|entry| match entry.origin {
            Origin::Timed { start, end } => Some((start, end)),
            Origin::Logged | Origin::Calendar(_) => None,
        })
        .collect();
    let calendars = sheet.entries.iter().any(|e| e.instance().is_some());
    let untimed = sheet
        .entries
        .iter()
        .any(|e| matches!(e.origin, Origin::Logged));
    if calendars && untimed {
        sheet.note(
            "Entries without start and end times (Harvest, a plain CSV) are never matched with calendar events: an event logged in both counts twice.".to_owned(),
        );
    }
    if !calendars || spans.is_empty() {
        return;
    }
    spans.sort_unstable();
    let mut union: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match union.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => union.push((start, end)),
        }
    }
    let overlap = |start: DateTime<Utc>, end: DateTime<Utc>| {
        let first = union.partition_point(|(_, e)| *e <= start);
        union
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|(s, _)| *s < end)
            .map(|(s, e)| (*e).min(end) - (*s).max(start))
            .fold(Duration::zero(), |sum, part| {
                sum + part.max(Duration::zero())
            })
    };
    let mut verdicts: std::collections::HashMap<*const Instance, bool> =
        std::collections::HashMap::new();
    let mut duplicates = Vec::new();
    sheet.entries.retain(|entry| {
        let Origin::Calendar(instance) = &entry.origin else {
            return true;
        };
        let key = std::sync::Arc::as_ptr(instance);
        let duplicate = *verdicts.entry(key).or_insert_with(|| {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "milliseconds of at most a year of hours, clamped"
            )]
            let length = Duration::milliseconds(
                (instance.hours * 3_600_000.0).round().clamp(0.0, 3.2e10) as i64,
            );
            let duplicate =
                length > Duration::zero() && overlap(instance.start, instance.end) * 2 > length;
            if duplicate {
                duplicates.push(Finding::skipped(instance.file.clone(), instance.line, format!(
                        "event {:?} at {}: a duplicate of the time export's entries (overlaps them for more than half its length); counted once, from the export",
                        entry.fields.get(1).map_or("", String::as_str),
                        instance.start.format("%Y-%m-%d %H:%M UTC")
                    )));
            }
            duplicate
        });
        !duplicate
    });
    for skipped in duplicates {
        sheet.skip(skipped);
    }
}

/// Logged hours kept for a view that moves its range: the entries (read
/// from `earliest` on), the rules, and the range shown.
#[derive(Debug, Clone)]
pub struct Logged {
    /// Every entry read.
    pub sheet: Timesheet,
    /// The rules mapping them to tasks.
    pub rules: Rules,
    /// The range shown.
    pub range: Range,
    /// The earliest day the range may start (calendars were read from it).
    pub earliest: NaiveDate,
    /// Today: the range never ends after it.
    pub today: NaiveDate,
}

impl Logged {
    /// The plan against the range shown.
    ///
    /// # Errors
    /// [`CalibrationError`] when the range holds nothing to compare.
    pub fn calibrate(&self, model: &Model, plan: &Plan) -> Result<Calibration, CalibrationError> {
        calibrate(model, plan, &self.rules, &self.sheet, &self.range)
    }

    /// The range moved by `weeks` (earlier when negative), its length kept
    /// and never past today nor before `earliest`; `None` when it cannot
    /// move that way.
    pub fn moved(&self, weeks: i64) -> Option<Range> {
        let shift = Duration::weeks(weeks);
        let from = self.range.from.checked_add_signed(shift)?;
        let to = self.range.to.checked_add_signed(shift)?;
        if from < self.earliest || from > self.today || (weeks > 0 && self.range.to >= self.today) {
            return None;
        }
        let cut = to > self.today;
        let to = to.min(self.today);
        let notes = if cut {
            vec![format!(
                "The range is cut at today, {}: days that have not happened are not counted as worked.",
                self.today
            )]
        } else {
            Vec::new()
        };
        Some(Range { from, to, notes })
    }
}

/// Why nothing can be calibrated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrationError {
    /// No entry was read.
    #[error("no time entries could be read; expected at least one")]
    Empty,
    /// `--from` after `--to` (or after today).
    #[error(
        "the range {from} to {to} ends before it starts; expected --from on or before --to and today"
    )]
    Backwards {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// A range longer than [`MAX_RANGE_YEARS`] years.
    #[error(
        "the range {from} to {to} is longer than {MAX_RANGE_YEARS} years; expected --from and --to at most {MAX_RANGE_YEARS} years apart"
    )]
    TooLong {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// The range has no working time left (all weekends or all PTO).
    #[error(
        "the range {from} to {to} has no working weeks once PTO is taken off; expected a longer range"
    )]
    NoWorkingWeeks {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
}

/// Compares `sheet` with `plan` over `range` (see [`range`]). An entry of
/// an event marked free counts only when a PTO rule takes it; else it is
/// listed as skipped.
///
/// # Errors
/// [`CalibrationError`] when there is nothing to compare.
pub fn calibrate(
    model: &Model,
    plan: &Plan,
    rules: &Rules,
    sheet: &Timesheet,
    range: &Range,
) -> Result<Calibration, CalibrationError> {
    if sheet.entries.is_empty() {
        return Err(CalibrationError::Empty);
    }
    let (from, to) = (range.from, range.to);
    let mut not_counted = Timesheet {
        skipped: sheet.skipped.clone(),
        skipped_total: sheet.skipped_total,
        ..Timesheet::default()
    };
    // A free event is listed once, however many instances it has.
    let mut free_seen: std::collections::HashSet<(&str, usize)> = std::collections::HashSet::new();
    let weeks = iso_weeks(from, to);
    // Weeks are counted from the first Monday, not searched by name.
    let first_monday = monday_of(from);
    let week_index =
        |date: NaiveDate| usize::try_from((monday_of(date) - first_monday).num_weeks()).ok();
    let mut task_hours = vec![0.0; model.rows.len()];
    let mut by_week = vec![vec![0.0; weeks.len()]; model.rows.len()];
    let mut pto_hours = 0.0;
    let mut unplanned: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    // One buffer for every entry's text.
    let mut text = String::new();
    for entry in sheet
        .entries
        .iter()
        .filter(|e| e.date >= from && e.date <= to)
    {
        entry.write_text(&mut text);
        let target = rules.target_of(model, entry, &text);
        if let Some(instance) = entry.instance()
            && instance.free
            && target != Some(Target::Pto)
        {
            if free_seen.insert((instance.file.as_str(), instance.line)) {
                not_counted.skip(Finding::skipped(instance.file.clone(), instance.line, format!(
                        "event {:?}: marked free (TRANSP:TRANSPARENT); counted only when a PTO rule matches it",
                        entry.fields.get(1).map_or("", String::as_str),
                    )));
            }
            continue;
        }
        match target {
            Some(Target::Task(task)) => {
                if let Some(slot) = task_hours.get_mut(task) {
                    *slot += entry.hours;
                }
                if let (Some(week), Some(row)) = (week_index(entry.date), by_week.get_mut(task))
                    && let Some(slot) = row.get_mut(week)
                {
                    *slot += entry.hours;
                }
            }
            Some(Target::Pto) => pto_hours += entry.hours,
            None => match unplanned.get_mut(text.as_str()) {
                Some(hours) => *hours += entry.hours,
                None => {
                    unplanned.insert(text.clone(), entry.hours);
                }
            },
        }
    }
    let hours_per_week = plan.capacity.inputs.hours_per_week;
    let working_weeks = f64::from(weekdays(from, to)) / 5.0 - pto_hours / hours_per_week;
    if working_weeks <= 0.0 || !working_weeks.is_finite() {
        return Err(CalibrationError::NoWorkingWeeks { from, to });
    }
    let rows: Vec<TaskRow> = (0..model.rows.len())
        .map(|task| {
            let plan_pww = plan.rows.get(task).map_or(0.0, |h| h.per_working_week);
            let actual = task_hours.get(task).copied().unwrap_or(0.0);
            let actual_pww = actual / working_weeks;
            TaskRow {
                task,
                plan_per_working_week: plan_pww,
                actual_hours: actual,
                actual_per_working_week: actual_pww,
                delta: actual_pww - plan_pww,
                by_week: by_week.get(task).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let unplanned = largest_first(unplanned, working_weeks);
    let actual_hours: f64 = task_hours.iter().sum();
    Ok(Calibration {
        from,
        to,
        entries: sheet.entries.len(),
        weeks,
        working_weeks,
        pto_hours,
        plan_per_working_week: rows.iter().map(|r| r.plan_per_working_week).sum(),
        actual_hours,
        actual_per_working_week: actual_hours / working_weeks,
        rows,
        unplanned,
        skipped: not_counted.skipped,
        skipped_total: not_counted.skipped_total,
        notes: range.notes.iter().chain(&sheet.notes).cloned().collect(),
    })
}

/// Unplanned hours by text: their sum, and the ten largest.
fn largest_first(by_text: std::collections::HashMap<String, f64>, working_weeks: f64) -> Unplanned {
    let mut top: Vec<(String, f64)> = by_text.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // Summed in that order, so the figure never depends on the map's.
    let hours: f64 = top.iter().map(|(_, hours)| hours).sum();
    top.truncate(10);
    Unplanned {
        hours,
        per_working_week: hours / working_weeks,
        top,
    }
}

/// The plan's inputs with every task's hours set so that its plan per
/// working week equals the observed average (a task that grows with a count
/// at 0 keeps its hours).
pub fn suggestion(
    model: &Model,
    inputs: &Inputs,
    plan: &Plan,
    calibration: &Calibration,
) -> Inputs {
    let mut next = inputs.clone();
    for row in &calibration.rows {
        // per working week = hours now × periods × hpw ÷ available, so the
        // hours now that give the observed average are:
        let Some(model_row) = model.rows.get(row.task) else {
            continue;
        };
        let periods = model_row.per.periods_per_year(&plan.capacity.inputs);
        let per_week = plan.capacity.inputs.hours_per_week;
        if periods > 0.0 && per_week > 0.0 {
            let hours_now =
                row.actual_per_working_week * plan.capacity.available_hours / per_week / periods;
            engine::set_row_hours_now(model, &mut next, row.task, hours_now);
        }
    }
    next
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "whole hours, added exactly")]
mod tests {
    use super::*;
    use crate::domain::engine::compute;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    fn entry(day: &str, hours: f64, project: &str, description: &str) -> Entry {
        Entry::logged(
            date(day),
            hours,
            vec![project.to_owned(), String::new(), description.to_owned()],
        )
    }

    fn rules(model: &Model) -> Rules {
        let task = |name: &str| {
            Target::Task(
                model
                    .rows
                    .iter()
                    .position(|r| r.task == name)
                    .expect("task"),
            )
        };
        Rules::new(vec![
            Rule {
                pattern: "cadence|sync call".to_owned(),
                target: task("Cadence calls"),
            },
            Rule {
                pattern: "vacation|holiday".to_owned(),
                target: Target::Pto,
            },
        ])
        .expect("rules")
    }

    #[test]
    fn two_weeks_hand_computed() {
        let model = Model::builtin().expect("valid");
        let plan = compute(&model, &Inputs::defaults(&model)).expect("plan");
        // 2026-11-02 is a Monday: two ISO weeks, W45 and W46, 10 weekdays.
        let sheet = Timesheet {
            entries: vec![
                entry("2026-11-02", 6.0, "Acme", "cadence call"),
                entry("2026-11-03", 2.0, "EBRs", ""),
                entry("2026-11-10", 4.0, "Beta", "Sync call"),
                entry("2026-11-11", 8.0, "Time off", "Vacation"),
                entry("2026-11-12", 3.0, "Misc", "Hiring panel"),
                entry("2026-11-13", 1.0, "Misc", "Hiring panel"),
            ],
            ..Timesheet::default()
        };
        let today = date("2026-12-07");
        let span = Some((date("2026-11-02"), date("2026-11-13")));
        let range = range(span, None, Some(date("2026-11-15")), today).expect("a range");
        let c = calibrate(&model, &plan, &rules(&model), &sheet, &range).expect("calibrates");
        assert_eq!((c.from, c.to), (date("2026-11-02"), date("2026-11-15")));
        assert_eq!(c.weeks, ["2026-W45", "2026-W46"]);
        // 10 weekdays ÷ 5 − 8 h PTO ÷ 40 h = 1.8 working weeks.
        assert!((c.working_weeks - 1.8).abs() < 1e-12);
        assert_eq!(c.pto_hours, 8.0);
        let cadence = &c.rows[0];
        assert_eq!(cadence.actual_hours, 10.0);
        assert!((cadence.actual_per_working_week - 10.0 / 1.8).abs() < 1e-12);
        assert!((cadence.delta - (10.0 / 1.8 - 420.0 / 40.8)).abs() < 1e-9);
        assert_eq!(cadence.by_week, [6.0, 4.0]);
        let ebrs = model
            .rows
            .iter()
            .position(|r| r.task == "EBRs")
            .expect("task");
        assert_eq!(
            c.rows[ebrs].actual_hours, 2.0,
            "project equals a task's name"
        );
        assert_eq!(c.unplanned.hours, 4.0);
        assert_eq!(c.unplanned.top, [("Misc · Hiring panel".to_owned(), 4.0)]);
        assert_eq!(c.actual_hours, 12.0);
        // The suggestion makes cadence calls plan what was logged.
        let inputs = suggestion(&model, &Inputs::defaults(&model), &plan, &c);
        let next = compute(&model, &inputs).expect("plan");
        assert!((next.rows[0].per_working_week - 10.0 / 1.8).abs() < 1e-9);
    }

    fn every_day(from: &str) -> Range {
        Range {
            from: date(from),
            to: date(from) + Duration::days(13),
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_part_time_suggestion_is_kept_at_the_full_week() {
        // At 20 h (4 h days): 816 h available. Two hours of special projects
        // in one week are 2 h a working week: 2 × 816 ÷ 20 ÷ 12 = 6.8 h a
        // month at 20 h, kept as 13.6 h at the model's 40 h week.
        let model = Model::builtin().expect("valid");
        let mut inputs = Inputs::defaults(&model);
        for (name, value) in [("hours_per_week", 20.0), ("hours_per_day", 4.0)] {
            let input = engine::Input::by_name(&model, name).expect("an input");
            inputs.set(input, value);
        }
        let plan = compute(&model, &inputs).expect("plan");
        let sheet = Timesheet {
            entries: vec![entry("2026-11-02", 2.0, "Special projects", "")],
            ..Timesheet::default()
        };
        let week = Range {
            from: date("2026-11-02"),
            to: date("2026-11-08"),
            notes: Vec::new(),
        };
        let c = calibrate(&model, &plan, &rules(&model), &sheet, &week).expect("calibrates");
        let next = suggestion(&model, &inputs, &plan, &c);
        let special = 8;
        assert!((next.row_hours(special) - 13.6).abs() < 1e-9);
        let after = compute(&model, &next).expect("plan");
        assert!((after.rows[special].per_working_week - 2.0).abs() < 1e-9);
    }

    #[test]
    fn nothing_to_compare_is_an_error() {
        let model = Model::builtin().expect("valid");
        let plan = compute(&model, &Inputs::defaults(&model)).expect("plan");
        let empty = Timesheet::default();
        assert_eq!(
            calibrate(
                &model,
                &plan,
                &Rules::default(),
                &empty,
                &every_day("2026-11-02")
            ),
            Err(CalibrationError::Empty)
        );
        let weekend = Timesheet {
            entries: vec![entry("2026-11-07", 1.0, "x", "")],
            ..Timesheet::default()
        };
        let weekend_range = Range {
            from: date("2026-11-07"),
            to: date("2026-11-08"),
            notes: Vec::new(),
        };
        assert!(matches!(
            calibrate(&model, &plan, &Rules::default(), &weekend, &weekend_range),
            Err(CalibrationError::NoWorkingWeeks { .. })
        ));
    }
}
