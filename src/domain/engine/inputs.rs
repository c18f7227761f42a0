//! The inputs of a plan: the values a TAM changes from the model's defaults
//! ([`Input`], [`Inputs`]) and what differs between two sets of them
//! ([`Change`]).

use super::compute::row_scale;
use crate::domain::capacity::{Calendar, Capacity, CapacityField};
use crate::domain::model::{CountId, Model};
use crate::domain::num;

/// A value the TAM can change: a count or a capacity input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    /// A count of the model.
    Count(CountId),
    /// A capacity input.
    Capacity(CapacityField),
}

impl Input {
    /// Every input of `model`: its counts, then the capacity inputs.
    pub fn all(model: &Model) -> impl Iterator<Item = Input> + '_ {
        (0..model.counts.len())
            .map(|i| Input::Count(CountId(i)))
            .chain(CapacityField::ALL.into_iter().map(Input::Capacity))
    }

    /// The input called `name` (a count name or a capacity name).
    pub fn by_name(model: &Model, name: &str) -> Option<Input> {
        model
            .count_id(name)
            .map(Input::Count)
            .or_else(|| CapacityField::from_name(name).map(Input::Capacity))
    }

    /// The name used in files and `--set`.
    pub fn name(self, model: &Model) -> &str {
        match self {
            Input::Count(id) => model.count(id).map_or("", |count| count.name.as_str()),
            Input::Capacity(field) => field.name(),
        }
    }

    /// The label shown to people.
    pub fn label(self, model: &Model) -> &str {
        match self {
            Input::Count(id) => model.count(id).map_or("", |count| count.label.as_str()),
            Input::Capacity(field) => field.label(),
        }
    }

    /// The model's value for this input.
    pub fn default_value(self, model: &Model) -> f64 {
        match self {
            Input::Count(id) => model.count(id).map_or(0.0, |count| count.default),
            Input::Capacity(field) => field.get(&model.capacity),
        }
    }
}

/// The values of a plan that differ from model to what-if: counts and
/// capacity. Starts at the model's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    counts: Vec<f64>,
    counts_by_quarter: Vec<Option<[f64; 4]>>,
    capacity: Capacity,
    hours: Vec<f64>,
    actuals: Vec<Option<f64>>,
    calendar: Option<Calendar>,
}

impl Inputs {
    /// The model's defaults.
    pub fn defaults(model: &Model) -> Inputs {
        let mut inputs = Inputs {
            counts: model.counts.iter().map(|count| count.default).collect(),
            counts_by_quarter: vec![None; model.counts.len()],
            capacity: model.capacity,
            hours: model.rows.iter().map(|row| row.hours).collect(),
            actuals: vec![None; model.metrics.len()],
            calendar: None,
        };
        for (id, values) in &model.counts_by_quarter {
            inputs.set_count_by_quarter(*id, Some(*values));
        }
        inputs
    }

    /// The current value of `input`.
    pub fn get(&self, input: Input) -> f64 {
        match input {
            Input::Count(id) => self.count(id),
            Input::Capacity(field) => field.get(&self.capacity),
        }
    }

    /// Sets `input` to `value` (callers check `value` is finite and ≥ 0).
    pub fn set(&mut self, input: Input, value: f64) {
        match input {
            Input::Count(id) => {
                // A count that varies by quarter takes a change of its
                // year's value spread evenly: each quarter moves by as much.
                if let Some(quarters) = self.count_by_quarter(id) {
                    let by = value - self.count(id);
                    self.set_count_by_quarter(id, Some(quarters.map(|q| (q + by).max(0.0))));
                } else if let Some(slot) = self.counts.get_mut(id.0) {
                    *slot = value;
                }
            }
            Input::Capacity(field) => field.set(&mut self.capacity, value),
        }
    }

    /// The values of a count by quarter, when it varies by quarter.
    pub fn count_by_quarter(&self, id: CountId) -> Option<[f64; 4]> {
        self.counts_by_quarter.get(id.0).copied().flatten()
    }

    /// The value of a count in quarter `q` (0-based): its own, or the year's.
    pub fn count_in(&self, id: CountId, q: usize) -> f64 {
        self.count_by_quarter(id)
            .and_then(|values| values.get(q).copied())
            .unwrap_or_else(|| self.count(id))
    }

    /// Makes a count vary by quarter (its value for the year becomes the
    /// mean of the four), or with `None` the same all year (at that mean).
    pub fn set_count_by_quarter(&mut self, id: CountId, values: Option<[f64; 4]>) {
        if let Some(slot) = self.counts_by_quarter.get_mut(id.0) {
            *slot = values;
            if let (Some(values), Some(count)) = (values, self.counts.get_mut(id.0)) {
                *count = values.iter().sum::<f64>() / 4.0;
            }
        }
    }

    /// A working week of `hours_per_week` in days of `hours_per_day` (the
    /// part-time presets), keeping the same share of the year off: PTO
    /// days, and those placed in quarters, follow the days in the week
    /// (`hours_per_week` ÷ `hours_per_day`): 56 days of 5-day weeks are
    /// 44.8 of 4-day weeks. PTO stays as it is when either week has no
    /// days.
    pub fn set_working_week(&mut self, hours_per_week: f64, hours_per_day: f64) {
        let before = self.capacity.hours_per_week / self.capacity.hours_per_day;
        let after = hours_per_week / hours_per_day;
        let share = after / before;
        if share.is_finite() && share > 0.0 {
            match self.capacity.pto_by_quarter {
                Some(days) => self
                    .capacity
                    .set_pto_by_quarter(Some(days.map(|day| day * share))),
                None => self.capacity.pto_days *= share,
            }
        }
        self.capacity.hours_per_week = hours_per_week;
        self.capacity.hours_per_day = hours_per_day;
    }

    /// Places PTO in quarters, or with `None` spreads it evenly again.
    pub fn set_pto_by_quarter(&mut self, days: Option<[f64; 4]>) {
        self.capacity.set_pto_by_quarter(days);
    }

    /// The current value of a count (0 for an id of another model).
    pub fn count(&self, id: CountId) -> f64 {
        self.counts.get(id.0).copied().unwrap_or(0.0)
    }

    /// The current capacity inputs.
    pub fn capacity(&self) -> &Capacity {
        &self.capacity
    }

    /// The hours of row `index` (per its `per`), as changed or the model's.
    pub fn row_hours(&self, index: usize) -> f64 {
        self.hours.get(index).copied().unwrap_or(0.0)
    }

    /// Changes the hours of row `index`.
    pub fn set_row_hours(&mut self, index: usize, hours: f64) {
        if let Some(slot) = self.hours.get_mut(index) {
            *slot = hours;
        }
    }

    /// The actual value recorded for metric `index`.
    pub fn actual(&self, index: usize) -> Option<f64> {
        self.actuals.get(index).copied().flatten()
    }

    /// Records (or with `None` clears) the actual value of metric `index`.
    pub fn set_actual(&mut self, index: usize, actual: Option<f64>) {
        if let Some(slot) = self.actuals.get_mut(index) {
            *slot = actual;
        }
    }

    /// The calendar period capacity is counted in, if any.
    pub fn calendar(&self) -> Option<Calendar> {
        self.calendar
    }

    /// Counts capacity in a calendar period, or (`None`) in 52 × 40 h weeks.
    pub fn set_calendar(&mut self, calendar: Option<Calendar>) {
        self.calendar = calendar;
    }
}

/// A value that differs between two sets of inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// A count or capacity input.
    Input {
        /// Which.
        input: Input,
        /// Its value before.
        before: f64,
        /// Its value after.
        after: f64,
    },
    /// A task's hours (per its period, at the model's counts, as kept in
    /// scenario files).
    Hours {
        /// The row's index in the model.
        row: usize,
        /// The hours before.
        before: f64,
        /// The hours after.
        after: f64,
        /// count now ÷ count default in `after`: times `before` and `after`,
        /// the hours at the counts now, as the planner shows them.
        scale: f64,
    },
    /// PTO placed in quarters, or spread evenly again (`None`).
    PtoByQuarter {
        /// Before.
        before: Option<[f64; 4]>,
        /// After.
        after: Option<[f64; 4]>,
    },
    /// The calendar period capacity is counted in (`None`: the year's
    /// weeks).
    Calendar {
        /// Before.
        before: Option<Calendar>,
        /// After.
        after: Option<Calendar>,
        /// `weeks_per_year` before and after: the period without a
        /// calendar.
        weeks: (f64, f64),
    },
    /// A count that varies by quarter, or no longer does (`None`).
    CountByQuarter {
        /// Which count.
        id: CountId,
        /// Before.
        before: Option<[f64; 4]>,
        /// After.
        after: Option<[f64; 4]>,
    },
}

/// The counts, capacity inputs and task hours that differ from `before`
/// to `after`, in the model's order.
pub fn changes(model: &Model, before: &Inputs, after: &Inputs) -> Vec<Change> {
    let differs = num::differs;
    let inputs = Input::all(model).filter_map(|input| {
        let (was, is) = (before.get(input), after.get(input));
        differs(was, is).then_some(Change::Input {
            input,
            before: was,
            after: is,
        })
    });
    let hours = (0..model.rows.len()).filter_map(|row| {
        let (was, is) = (before.row_hours(row), after.row_hours(row));
        differs(was, is).then_some(Change::Hours {
            row,
            before: was,
            after: is,
            scale: row_scale(model, after, row),
        })
    });
    let pto = (before.capacity.pto_by_quarter != after.capacity.pto_by_quarter).then_some(
        Change::PtoByQuarter {
            before: before.capacity.pto_by_quarter,
            after: after.capacity.pto_by_quarter,
        },
    );
    let by_quarter = (0..model.counts.len()).filter_map(|index| {
        let id = CountId(index);
        let (was, is) = (before.count_by_quarter(id), after.count_by_quarter(id));
        (was != is).then_some(Change::CountByQuarter {
            id,
            before: was,
            after: is,
        })
    });
    let calendar = (before.calendar() != after.calendar()).then_some(Change::Calendar {
        before: before.calendar(),
        after: after.calendar(),
        weeks: (
            before.capacity.weeks_per_year,
            after.capacity.weeks_per_year,
        ),
    });
    calendar
        .into_iter()
        .chain(inputs)
        .chain(pto)
        .chain(by_quarter)
        .chain(hours)
        .collect()
}
