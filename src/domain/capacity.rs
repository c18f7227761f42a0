//! Capacity: the inputs (week, year, PTO, target utilization, PTO placed in
//! quarters), the calendar period gross hours may come from, the hours of
//! each quarter, and what makes a capacity plannable. The model validates
//! its capacity with [`check_capacity`]; the engine computes with it.

use crate::domain::text;

/// Working time: the week, the year and the PTO taken from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity {
    /// Contracted hours in a working week (40).
    pub hours_per_week: f64,
    /// Weeks in a year (52).
    pub weeks_per_year: f64,
    /// Days of PTO a year, holidays and sick time included (56).
    pub pto_days: f64,
    /// Hours in a working day, to turn PTO days into hours (8).
    pub hours_per_day: f64,
    /// The utilization the plan aims at, 0 < t ≤ 1 (1.0: plan to be full;
    /// 0.85 keeps 15 % for the unplanned).
    pub target_utilization: f64,
    /// PTO days placed in each quarter; when set, `pto_days` is their sum.
    /// Without it each quarter has `pto_days` ÷ 4.
    pub pto_by_quarter: Option<[f64; 4]>,
}

impl Capacity {
    /// PTO days in quarter `q` (0-based): placed, or a quarter of the year's.
    pub fn pto_days_in(&self, q: usize) -> f64 {
        match self.pto_by_quarter {
            Some(days) => days.get(q).copied().unwrap_or(0.0),
            None => self.pto_days / 4.0,
        }
    }

    /// Places PTO in quarters (or, with `None`, spreads it evenly again);
    /// `pto_days` becomes their sum.
    pub fn set_pto_by_quarter(&mut self, days: Option<[f64; 4]>) {
        if let Some(days) = days {
            self.pto_days = days.iter().sum();
        }
        self.pto_by_quarter = days;
    }
}

/// One of the capacity inputs that hold one number, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CapacityField {
    /// `hours_per_week`
    HoursPerWeek,
    /// `weeks_per_year`
    WeeksPerYear,
    /// `pto_days`
    PtoDays,
    /// `hours_per_day`
    HoursPerDay,
    /// `target_utilization`
    TargetUtilization,
}

impl CapacityField {
    /// Every capacity input, in the order they are listed.
    pub const ALL: [CapacityField; 5] = [
        CapacityField::HoursPerWeek,
        CapacityField::WeeksPerYear,
        CapacityField::PtoDays,
        CapacityField::HoursPerDay,
        CapacityField::TargetUtilization,
    ];

    /// The name used in model files and `--set`.
    pub fn name(self) -> &'static str {
        match self {
            CapacityField::HoursPerWeek => "hours_per_week",
            CapacityField::WeeksPerYear => "weeks_per_year",
            CapacityField::PtoDays => "pto_days",
            CapacityField::HoursPerDay => "hours_per_day",
            CapacityField::TargetUtilization => "target_utilization",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            CapacityField::HoursPerWeek => "Hours per week",
            CapacityField::WeeksPerYear => "Weeks per year",
            CapacityField::PtoDays => "PTO days",
            CapacityField::HoursPerDay => "Hours per day",
            CapacityField::TargetUtilization => "Target utilization",
        }
    }

    /// The field's value in `capacity`.
    pub fn get(self, capacity: &Capacity) -> f64 {
        match self {
            CapacityField::HoursPerWeek => capacity.hours_per_week,
            CapacityField::WeeksPerYear => capacity.weeks_per_year,
            CapacityField::PtoDays => capacity.pto_days,
            CapacityField::HoursPerDay => capacity.hours_per_day,
            CapacityField::TargetUtilization => capacity.target_utilization,
        }
    }

    /// Sets the field's value in `capacity`. PTO days placed in quarters
    /// take a change of the year's days spread evenly over the quarters.
    pub fn set(self, capacity: &mut Capacity, value: f64) {
        let slot = match self {
            CapacityField::HoursPerWeek => &mut capacity.hours_per_week,
            CapacityField::WeeksPerYear => &mut capacity.weeks_per_year,
            CapacityField::PtoDays => {
                if let Some(days) = capacity.pto_by_quarter {
                    let by = (value - capacity.pto_days) / 4.0;
                    capacity.set_pto_by_quarter(Some(days.map(|d| (d + by).max(0.0))));
                    return;
                }
                &mut capacity.pto_days
            }
            CapacityField::HoursPerDay => &mut capacity.hours_per_day,
            CapacityField::TargetUtilization => &mut capacity.target_utilization,
        };
        *slot = value;
    }

    /// How much `+` and `-` change it: a percentage point × 5 for the
    /// target, 1 for the others.
    pub fn step(self) -> f64 {
        match self {
            CapacityField::TargetUtilization => 0.05,
            _ => 1.0,
        }
    }

    /// The field called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<CapacityField> {
        CapacityField::ALL
            .into_iter()
            .find(|field| field.name() == name)
    }
}

/// A calendar period whose weekdays give the gross hours, instead of
/// `weeks_per_year` × `hours_per_week`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    /// The year, e.g. 2027.
    pub year: i32,
    /// A quarter of it (1–4), or the whole year.
    pub quarter: Option<u8>,
}

impl Calendar {
    /// Monday-to-Friday days in the period (holidays are part of PTO).
    pub fn weekdays(self) -> u32 {
        use chrono::{Datelike, NaiveDate, Weekday};
        let (first_month, months) = match self.quarter {
            Some(q) => (u32::from(q.clamp(1, 4)) * 3 - 2, 3),
            None => (1, 12),
        };
        let Some(start) = NaiveDate::from_ymd_opt(self.year, first_month, 1) else {
            return 0;
        };
        let Some(end) = start.checked_add_months(chrono::Months::new(months)) else {
            return 0;
        };
        start
            .iter_days()
            .take_while(|day| *day < end)
            .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
            .fold(0, |n, _| n + 1)
    }

    /// How many such periods make a year: 4 for a quarter, 1 for a year.
    pub fn periods_per_year(self) -> f64 {
        if self.quarter.is_some() { 4.0 } else { 1.0 }
    }

    /// Weekdays in quarter `q` (1–4) of the year.
    pub fn quarter_weekdays(self, q: u8) -> u32 {
        Calendar {
            year: self.year,
            quarter: Some(q),
        }
        .weekdays()
    }

    /// "2027" or "2027 Q1".
    pub fn label(self) -> String {
        match self.quarter {
            Some(q) => format!("{} Q{q}", self.year),
            None => self.year.to_string(),
        }
    }
}

/// Why a set of inputs cannot be planned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// PTO takes all the year's hours.
    #[error(
        "{} h of PTO ({} days × {} h) leaves no working time of the {} h gross ({basis}); expected less PTO than gross hours",
        text::amount(*pto), text::number(*days), text::number(*per_day), text::amount(*gross)
    )]
    NoAvailableHours {
        /// PTO hours.
        pto: f64,
        /// PTO days.
        days: f64,
        /// Hours in a day.
        per_day: f64,
        /// Gross hours.
        gross: f64,
        /// Where the gross hours come from, in words.
        basis: String,
    },
    /// A week or a year of no length.
    #[error("`{0}` is 0; expected a number above 0")]
    Zero(&'static str),
    /// Numbers so large that the plan's hours are not finite.
    #[error("the values are too large to plan with; expected smaller numbers")]
    TooLarge,
    /// A target utilization of 0, or above 100 %.
    #[error(
        "`target_utilization` is {}; expected a fraction above 0 and at most 1 (0.85 = 85 %)",
        text::plain(*.0)
    )]
    Target(f64),
    /// More PTO in a quarter than it has weekdays.
    #[error(
        "Q{quarter} has {} PTO days but only {weekdays} weekdays; expected at most {weekdays}",
        text::number(*days)
    )]
    QuarterPto {
        /// The quarter, 1–4.
        quarter: u8,
        /// Its PTO days.
        days: f64,
        /// Its weekdays.
        weekdays: u32,
    },
}

impl PlanError {
    /// The input a file or `--set` should be told about.
    pub fn field(&self) -> &'static str {
        match self {
            PlanError::NoAvailableHours { .. } | PlanError::TooLarge => "pto_days",
            PlanError::Zero(name) => name,
            PlanError::Target(_) => "target_utilization",
            PlanError::QuarterPto { .. } => "pto_by_quarter",
        }
    }
}

/// Four values, one a quarter, each a finite number ≥ 0, as files and
/// `--set NAME=a,b,c,d` give them.
///
/// # Errors
/// A sentence naming `name`, what was found and what was expected.
pub fn four_quarters(name: &str, values: &[f64]) -> Result<[f64; 4], String> {
    let Ok(four) = <[f64; 4]>::try_from(values) else {
        return Err(format!(
            "`{name}` has {} value{}; expected four, one a quarter (e.g. [10, 10, 26, 10])",
            values.len(),
            if values.len() == 1 { "" } else { "s" }
        ));
    };
    if let Some((q, bad)) = (1..).zip(four).find(|(_, v)| !v.is_finite() || *v < 0.0) {
        return Err(format!(
            "`{name}` for Q{q} is {}; expected a finite number ≥ 0",
            text::plain(bad)
        ));
    }
    Ok(four)
}

/// Gross hours of quarter `q` (1–4): a quarter of the year's weeks, or with
/// a calendar, the quarter's real weekdays × `hours_per_week` ÷ 5.
pub fn quarter_gross_hours(capacity: &Capacity, calendar: Option<Calendar>, q: u8) -> f64 {
    match calendar {
        Some(calendar) => f64::from(calendar.quarter_weekdays(q)) * weekday_hours(capacity),
        None => capacity.hours_per_week * capacity.weeks_per_year / 4.0,
    }
}

/// Weekdays in quarter `q` (1–4): the calendar's, or a quarter of the
/// year's weeks × 5.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "weeks_per_year is a small positive number here"
)]
pub fn quarter_weekdays(capacity: &Capacity, calendar: Option<Calendar>, q: u8) -> u32 {
    match calendar {
        Some(calendar) => calendar.quarter_weekdays(q),
        None => (capacity.weeks_per_year / 4.0 * 5.0).floor().max(0.0) as u32,
    }
}

/// Gross yearly hours: `weeks_per_year` × `hours_per_week`, or with a
/// calendar, its weekdays × `hours_per_week` ÷ 5 (the contracted week spread
/// over its five weekdays), annualized for a quarter.
pub fn gross_hours(capacity: &Capacity, calendar: Option<Calendar>) -> f64 {
    match calendar {
        Some(calendar) => {
            f64::from(calendar.weekdays()) * weekday_hours(capacity) * calendar.periods_per_year()
        }
        None => capacity.hours_per_week * capacity.weeks_per_year,
    }
}

/// The hours of one weekday in a calendar period: `hours_per_week` ÷ 5, so a
/// 32-hour week counts 6.4 h a weekday.
pub fn weekday_hours(capacity: &Capacity) -> f64 {
    capacity.hours_per_week / 5.0
}

/// Where the gross hours come from, in words: "40 h/week × 52 weeks", or
/// for a calendar period "2027 Q1: 64 weekdays × 6.4 h (32 h/week ÷ 5) × 4
/// quarters".
pub fn gross_basis(capacity: &Capacity, calendar: Option<Calendar>) -> String {
    match calendar {
        Some(calendar) => format!(
            "{}: {} weekdays × {} h ({} h/week ÷ 5){}",
            calendar.label(),
            calendar.weekdays(),
            text::number(weekday_hours(capacity)),
            text::number(capacity.hours_per_week),
            if calendar.quarter.is_some() {
                " × 4 quarters"
            } else {
                ""
            }
        ),
        None => format!(
            "{} h/week × {} weeks",
            text::number(capacity.hours_per_week),
            text::number(capacity.weeks_per_year)
        ),
    }
}

/// Checks that `capacity` leaves some hours to plan.
///
/// # Errors
/// [`PlanError::NoAvailableHours`] when PTO takes all the gross hours.
pub fn check_capacity(capacity: &Capacity, calendar: Option<Calendar>) -> Result<(), PlanError> {
    // The week and the year must have a length even with a calendar: the
    // weekly and per-working-week columns divide by them.
    for field in [CapacityField::HoursPerWeek, CapacityField::WeeksPerYear] {
        if field.get(capacity) <= 0.0 {
            return Err(PlanError::Zero(field.name()));
        }
    }
    let target = capacity.target_utilization;
    if target.is_nan() || target <= 0.0 || target > 1.0 {
        return Err(PlanError::Target(target));
    }
    if let Some(days) = capacity.pto_by_quarter {
        for (q, days) in (1u8..).zip(days) {
            let weekdays = quarter_weekdays(capacity, calendar, q);
            if days > f64::from(weekdays) {
                return Err(PlanError::QuarterPto {
                    quarter: q,
                    days,
                    weekdays,
                });
            }
        }
    }
    let gross = gross_hours(capacity, calendar);
    let pto = capacity.pto_days * capacity.hours_per_day;
    if !gross.is_finite() || !pto.is_finite() {
        return Err(PlanError::TooLarge);
    }
    if gross - pto > 0.0 {
        Ok(())
    } else {
        let basis = gross_basis(capacity, calendar);
        Err(PlanError::NoAvailableHours {
            pto,
            days: capacity.pto_days,
            per_day: capacity.hours_per_day,
            gross,
            basis,
        })
    }
}
