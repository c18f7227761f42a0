//! Calibration: the plan held against the weeks actually worked. Logged
//! hours (a [`Timesheet`] of entries read from time exports) are mapped to
//! the model's tasks by [`Rules`], then compared with the plan task by task
//! and ISO week by ISO week. Pure: entries and rules come in, figures go out.
//!
//! These are *logged hours*; a scenario's `[actuals]` are metric outcomes,
//! a different thing.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

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
    pub fields: Vec<String>,
}

impl Entry {
    /// The entry's text as rules and people see it: its fields joined.
    pub fn text(&self) -> String {
        self.fields
            .iter()
            .filter(|field| !field.trim().is_empty())
            .map(|field| field.trim())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// A line of an export that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub file: String,
    /// Its line (1-based).
    pub line: usize,
    /// Why.
    pub reason: String,
}

/// Every entry read from the exports, and the lines skipped.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timesheet {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// Lines that could not be read.
    pub skipped: Vec<Skipped>,
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
    /// The expression, compiled case-insensitive.
    pub pattern: Regex,
    /// Where a matching entry goes.
    pub target: Target,
}

/// The rules, in order: the first that matches wins.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// The rules.
    pub rules: Vec<Rule>,
}

impl Rules {
    /// Where `entry` goes: a task whose name its project or task equals,
    /// else the first rule matching its text, else nowhere (unplanned).
    pub fn target(&self, model: &Model, entry: &Entry) -> Option<Target> {
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
        let text = entry.text();
        self.rules
            .iter()
            .find(|rule| rule.pattern.is_match(&text))
            .map(|rule| rule.target)
    }
}

/// `2026-W45` for a day.
pub fn iso_week(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
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
}

/// Why nothing can be calibrated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrationError {
    /// No entry was read.
    #[error("no time entries could be read; expected at least one")]
    Empty,
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

/// Compares `sheet` with `plan`: the range is `from`/`to` or the ISO weeks
/// of the first and last entries.
///
/// # Errors
/// [`CalibrationError`] when there is nothing to compare.
pub fn calibrate(
    model: &Model,
    plan: &Plan,
    rules: &Rules,
    sheet: &Timesheet,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Calibration, CalibrationError> {
    let first = sheet.entries.iter().map(|e| e.date).min();
    let last = sheet.entries.iter().map(|e| e.date).max();
    let (Some(first), Some(last)) = (
        from.or(first.map(monday_of)),
        to.or(last.map(|d| monday_of(d) + Duration::days(6))),
    ) else {
        return Err(CalibrationError::Empty);
    };
    let (from, to) = (first, last);
    let mut weeks: Vec<String> = Vec::new();
    let mut day = monday_of(from);
    while day <= to {
        weeks.push(iso_week(day.max(from)));
        day += Duration::days(7);
    }
    let week_index = |date: NaiveDate| weeks.iter().position(|w| *w == iso_week(date));
    let mut task_hours = vec![0.0; model.rows.len()];
    let mut by_week = vec![vec![0.0; weeks.len()]; model.rows.len()];
    let mut pto_hours = 0.0;
    let mut unplanned: BTreeMap<String, f64> = BTreeMap::new();
    for entry in sheet
        .entries
        .iter()
        .filter(|e| e.date >= from && e.date <= to)
    {
        match rules.target(model, entry) {
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
            None => *unplanned.entry(entry.text()).or_default() += entry.hours,
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
    let unplanned_hours: f64 = unplanned.values().sum();
    let mut top: Vec<(String, f64)> = unplanned.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(10);
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
        unplanned: Unplanned {
            hours: unplanned_hours,
            per_working_week: unplanned_hours / working_weeks,
            top,
        },
    })
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
        Entry {
            date: date(day),
            hours,
            fields: vec![project.to_owned(), String::new(), description.to_owned()],
        }
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
        Rules {
            rules: vec![
                Rule {
                    pattern: Regex::new("(?i)cadence|sync call").expect("re"),
                    target: task("Cadence calls"),
                },
                Rule {
                    pattern: Regex::new("(?i)vacation|holiday").expect("re"),
                    target: Target::Pto,
                },
            ],
        }
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
            skipped: Vec::new(),
        };
        let c = calibrate(&model, &plan, &rules(&model), &sheet, None, None).expect("calibrates");
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
            skipped: Vec::new(),
        };
        let c = calibrate(&model, &plan, &rules(&model), &sheet, None, None).expect("calibrates");
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
            calibrate(&model, &plan, &Rules::default(), &empty, None, None),
            Err(CalibrationError::Empty)
        );
        let weekend = Timesheet {
            entries: vec![entry("2026-11-07", 1.0, "x", "")],
            skipped: Vec::new(),
        };
        let (from, to) = (Some(date("2026-11-07")), Some(date("2026-11-08")));
        assert!(matches!(
            calibrate(&model, &plan, &Rules::default(), &weekend, from, to),
            Err(CalibrationError::NoWorkingWeeks { .. })
        ));
    }
}
