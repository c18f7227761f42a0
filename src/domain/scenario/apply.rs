//! A scenario applied to a model: the model's defaults with the
//! scenario's values, and what the model has no place for.

use super::{Applied, Entry, Scenario};
use crate::domain::diagnostic::Diagnostic;
use crate::domain::engine::{Input, Inputs};
use crate::domain::model::{CapacityField, Model};
use crate::domain::text;

impl Scenario {
    /// The model's defaults with this scenario's values. Names the model
    /// does not have are left out and listed in [`Applied::unknown`].
    pub fn apply(&self, model: &Model) -> Applied {
        let mut inputs = Inputs::defaults(model);
        let mut unknown = Vec::new();
        if !self.model.is_empty() && self.model != model.name {
            unknown.push(Diagnostic {
                line: 1,
                column: 1,
                message: format!(
                    "the scenario was made for the model {:?}; this is {:?}",
                    text::sanitize(&self.model),
                    text::sanitize(&model.name)
                ),
            });
        }
        let mut missing = |entry: &Entry, message: String| {
            unknown.push(Diagnostic {
                line: entry.line,
                column: entry.column,
                message,
            });
        };
        for entry in &self.counts {
            match model.count_id(&entry.name) {
                Some(id) => inputs.set(Input::Count(id), entry.value),
                None => missing(
                    entry,
                    format!(
                        "count {:?} is not in the model; expected one of: {}",
                        text::sanitize(&entry.name),
                        model.count_names()
                    ),
                ),
            }
        }
        for entry in &self.capacity {
            match CapacityField::from_name(&entry.name) {
                Some(field) => inputs.set(Input::Capacity(field), entry.value),
                None => missing(
                    entry,
                    format!(
                        "capacity input {:?} does not exist; expected one of: hours_per_week, weeks_per_year, pto_days, hours_per_day, target_utilization, pto_by_quarter",
                        text::sanitize(&entry.name)
                    ),
                ),
            }
        }
        for entry in &self.hours {
            match model.rows.iter().position(|row| row.task == entry.name) {
                Some(index) => inputs.set_row_hours(index, entry.value),
                None => missing(
                    entry,
                    format!("task {:?} is not in the model", text::sanitize(&entry.name)),
                ),
            }
        }
        for entry in &self.actuals {
            let found = model
                .metrics
                .iter()
                .position(|metric| metric.id == entry.name);
            match found.filter(|index| {
                model.metrics.get(*index).is_some_and(|m| {
                    matches!(m.judge, Some(crate::domain::model::Judge::Actual { .. }))
                })
            }) {
                Some(index) => inputs.set_actual(index, Some(entry.value)),
                None if found.is_some() => missing(
                    entry,
                    format!(
                        "metric {:?} is judged from the plan, not from an actual value",
                        text::sanitize(&entry.name)
                    ),
                ),
                None => missing(
                    entry,
                    format!(
                        "metric {:?} is not in the model",
                        text::sanitize(&entry.name)
                    ),
                ),
            }
        }
        self.apply_quarters(model, &mut inputs, &mut unknown);
        inputs.set_calendar(self.calendar);
        Applied { inputs, unknown }
    }

    /// PTO placed in quarters and counts by quarter, onto `inputs`; counts
    /// the model lacks go to `unknown`.
    fn apply_quarters(&self, model: &Model, inputs: &mut Inputs, unknown: &mut Vec<Diagnostic>) {
        if let Some(days) = &self.pto_by_quarter {
            inputs.set_pto_by_quarter(Some(days.values));
        }
        for quarters in &self.counts_by_quarter {
            match model.count_id(&quarters.name) {
                Some(id) => inputs.set_count_by_quarter(id, Some(quarters.values)),
                None => unknown.push(Diagnostic {
                    line: quarters.line,
                    column: quarters.column,
                    message: format!(
                        "count {:?} in [counts_by_quarter] is not in the model; expected one of: {}",
                        text::sanitize(&quarters.name),
                        model.count_names()
                    ),
                }),
            }
        }
    }

    /// A `reviewed` date after `today` (the clock's day), as a warning: the
    /// plan still loads, and "since the last 1:1" uses that day.
    pub fn reviewed_in_future(&self, today: chrono::NaiveDate) -> Option<Diagnostic> {
        self.reviewed
            .filter(|reviewed| reviewed.date > today)
            .map(|reviewed| Diagnostic {
                line: reviewed.line,
                column: reviewed.column,
                message: format!(
                    "`reviewed` is {}, after today ({today}); expected the day of a 1:1 that took place",
                    reviewed.date
                ),
            })
    }
}
