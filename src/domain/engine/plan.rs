//! The plan's types: hours in every period, capacity figures, status,
//! warnings, metric statuses, quarters and the [`Plan`] itself.

use std::fmt;

use crate::domain::capacity::{Calendar, Capacity};
use crate::domain::num;
use crate::domain::text;

/// One row's hours in every period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Hours {
    /// Calendar-week average: yearly ÷ weeks per year (PTO spread in).
    pub weekly: f64,
    /// yearly ÷ 12
    pub monthly: f64,
    /// yearly ÷ 4
    pub quarterly: f64,
    /// hours × periods a year × (count now ÷ default)
    pub yearly: f64,
    /// yearly ÷ working weeks: the hours in a week actually worked.
    pub per_working_week: f64,
}

/// The capacity inputs and what follows from them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityFigures {
    /// The inputs.
    pub inputs: Capacity,
    /// The calendar period gross hours come from, if not weeks.
    pub calendar: Option<Calendar>,
    /// `hours_per_week` × `weeks_per_year`
    pub gross_hours: f64,
    /// `pto_days` × `hours_per_day`
    pub pto_hours: f64,
    /// gross − PTO
    pub available_hours: f64,
    /// available ÷ `hours_per_week`
    pub working_weeks: f64,
}

/// How full the plan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Below `warn_at`.
    Ok,
    /// From `warn_at` up to 100 %.
    Near,
    /// Above 100 %.
    Over,
}

impl Status {
    /// `ok`, `near` or `over`, as in the JSON contract.
    pub fn key(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Near => "near",
            Status::Over => "over",
        }
    }

    /// `OK`, `NEAR CAPACITY` or `OVERLOADED`, for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Near => "NEAR CAPACITY",
            Status::Over => "OVERLOADED",
        }
    }
}

/// A metric's standing against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricStatus {
    /// The target holds.
    Met,
    /// The target does not hold.
    Missed,
    /// Nothing to judge yet.
    NoData,
}

impl MetricStatus {
    /// `met`, `missed` or `no_data`, as in the JSON contract.
    pub fn key(self) -> &'static str {
        match self {
            MetricStatus::Met => "met",
            MetricStatus::Missed => "missed",
            MetricStatus::NoData => "no_data",
        }
    }

    /// `met`, `missed` or `no data`, for people.
    pub fn label(self) -> &'static str {
        match self {
            MetricStatus::Met => "met",
            MetricStatus::Missed => "missed",
            MetricStatus::NoData => "no data",
        }
    }
}

/// Something a TAM should know about the plan, as a sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Warning {
    /// Planned hours above the available hours.
    OverCapacity {
        /// Planned yearly hours.
        planned: f64,
        /// Available yearly hours.
        available: f64,
    },
    /// Planned hours at or above `warn_at` of the available hours.
    NearCapacity {
        /// Planned yearly hours.
        planned: f64,
        /// Available yearly hours.
        available: f64,
        /// The model's threshold.
        warn_at: f64,
    },
    /// A working week longer than the contracted week.
    LongWeek {
        /// Planned hours per working week.
        per_working_week: f64,
        /// The contracted week.
        hours_per_week: f64,
    },
    /// Planned hours above the target utilization (below 100 %).
    AboveTarget {
        /// Planned yearly hours.
        planned: f64,
        /// The hours at the target: available × target.
        at_target: f64,
        /// The target, a fraction.
        target: f64,
    },
    /// A quarter over its capacity, even if the year fits.
    QuarterOver {
        /// The quarter.
        quarter: Quarter,
    },
    /// More customers than the plan has room for.
    BookTooLarge {
        /// Customers in the book now.
        customers: f64,
        /// Book capacity.
        max_customers: u64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Warning::OverCapacity { planned, available } => write!(
                f,
                "Planned {} h exceeds the {} h available by {} h ({})",
                text::amount(planned),
                text::amount(available),
                text::amount(planned - available),
                text::utilization(planned / available, 1.0)
            ),
            Warning::NearCapacity {
                planned,
                available,
                warn_at,
            } => write!(
                f,
                "Planned {} h fills {} of the {} h available (near capacity from {}): little room for the unplanned",
                text::amount(planned),
                text::utilization(planned / available, warn_at),
                text::amount(available),
                text::percent(warn_at)
            ),
            Warning::LongWeek {
                per_working_week,
                hours_per_week,
            } => write!(
                f,
                "A working week averages {} h against a {} h week",
                text::amount(per_working_week),
                text::amount(hours_per_week)
            ),
            Warning::AboveTarget {
                planned,
                at_target,
                target,
            } => write!(
                f,
                "Planned {} h is {} h above the {} target ({} h): less room for the unplanned than agreed",
                text::amount(planned),
                text::amount(planned - at_target),
                text::percent(target),
                text::amount(at_target)
            ),
            Warning::QuarterOver { quarter } => write!(
                f,
                "{} is overloaded: {} h planned, {} h available ({}), with {} PTO days",
                quarter.label(),
                text::amount(quarter.planned_hours),
                text::amount(quarter.available_hours),
                quarter.percent(),
                text::number(quarter.pto_days)
            ),
            Warning::BookTooLarge {
                customers,
                max_customers,
            } => write!(
                f,
                "The book holds {}; this plan has room for {}",
                text::things(customers, "customer", "customers"),
                text::thousands(max_customers)
            ),
        }
    }
}

/// Everything computed from a model and its inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Capacity inputs and figures.
    pub capacity: CapacityFigures,
    /// Each row's hours, in the model's row order.
    pub rows: Vec<Hours>,
    /// Column totals.
    pub totals: Hours,
    /// Planned yearly ÷ available (1.0 = 100 %).
    pub utilization: f64,
    /// ok / near / over.
    pub status: Status,
    /// The largest whole number of customers that keeps utilization ≤ 100 %
    /// with every other input as it is; `None` when the model has no
    /// `customers` count or no row grows with it.
    pub max_customers: Option<u64>,
    /// The same at `target_utilization` instead of 100 %.
    pub max_customers_at_target: Option<u64>,
    /// The plan quarter by quarter, Q1 to Q4.
    pub quarters: Vec<Quarter>,
    /// Sentences about the plan, most important first.
    pub warnings: Vec<Warning>,
    /// Each metric's status, in the model's metric order.
    pub metrics: Vec<MetricStatus>,
    /// The model's `warn_at`, so a percentage can be shown without
    /// contradicting the status.
    pub warn_at: f64,
}

/// One quarter of the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quarter {
    /// 1–4.
    pub quarter: u8,
    /// The calendar year, when capacity is counted in one.
    pub year: Option<i32>,
    /// A quarter of the year's weeks, or its real weekdays, × the week.
    pub gross_hours: f64,
    /// PTO days placed in it (or a quarter of the year's).
    pub pto_days: f64,
    /// Those days × `hours_per_day`.
    pub pto_hours: f64,
    /// gross − PTO.
    pub available_hours: f64,
    /// Each row's hours for a quarter, with its counts of that quarter.
    pub planned_hours: f64,
    /// planned ÷ available.
    pub utilization: f64,
    /// By the same `warn_at` rule as the year.
    pub status: Status,
    /// The model's `warn_at`.
    pub warn_at: f64,
}

impl Quarter {
    /// Its utilization as a percentage that agrees with its status (see
    /// [`text::utilization`]).
    pub fn percent(&self) -> String {
        text::utilization(self.utilization, self.warn_at)
    }

    /// "Q3" or "Q3 2027".
    pub fn label(&self) -> String {
        match self.year {
            Some(year) => format!("Q{} {year}", self.quarter),
            None => format!("Q{}", self.quarter),
        }
    }
}

/// The hours left in a plan, or the hours it is over by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Room {
    /// Hours still free (0 for a plan exactly full).
    Spare(f64),
    /// Hours planned beyond the available ones.
    Over(f64),
}

impl Plan {
    /// Its utilization as a percentage that agrees with its status:
    /// `100.2 %` when over by a little, never `100 %` (see
    /// [`text::utilization`]).
    pub fn percent(&self) -> String {
        text::utilization(self.utilization, self.warn_at)
    }

    /// Hours spare or over, judged with the domain's one tolerance, so a
    /// plan exactly full shows "0 h spare", never "-0 h over".
    pub fn room(&self) -> Room {
        let (planned, available) = (self.totals.yearly, self.capacity.available_hours);
        if num::above(planned, available) {
            Room::Over(planned - available)
        } else {
            Room::Spare((available - planned).max(0.0))
        }
    }

    /// Whether a working week is longer than the contracted week.
    pub fn long_week(&self) -> bool {
        self.warnings
            .iter()
            .any(|warning| matches!(warning, Warning::LongWeek { .. }))
    }
}
