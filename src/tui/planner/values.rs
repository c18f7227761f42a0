//! Changing the plan's values: a step up or down, a reset to the model's
//! default, and undo and redo. Every change recomputes the plan.

use crate::domain::engine::{self, Input, Inputs};
use crate::domain::model::CapacityField;
use crate::tui::undo::Way;

use super::{App, Focus};

impl App {
    pub(super) fn change(&mut self, by: f64) {
        if self.edit().is_some() {
            return;
        }
        let mut inputs = self.inputs.clone();
        match self.focus {
            Focus::Counts => {
                let Some(input) = self.selected_input() else {
                    return;
                };
                // The target moves by 5 points and stays within 5–100 %.
                let value = match input {
                    Input::Capacity(field @ CapacityField::TargetUtilization) => {
                        (inputs.get(input) + by * field.step()).clamp(field.step(), 1.0)
                    }
                    _ => (inputs.get(input) + by).max(0.0),
                };
                inputs.set(input, value);
            }
            Focus::Tasks => {
                // The step is in the hours shown: per period at the counts now.
                let row = self.tasks.index();
                let now = engine::row_hours_now(&self.model, &inputs, row);
                if !engine::set_row_hours_now(&self.model, &mut inputs, row, (now + by).max(0.0)) {
                    self.message = Some(self.zero_count_message(row));
                    return;
                }
            }
            Focus::Metrics => {
                self.message =
                    Some("Enter records an actual value for the selected metric".to_owned());
                return;
            }
        }
        self.apply(inputs);
    }

    pub(super) fn reset_selected(&mut self) {
        let mut inputs = self.inputs.clone();
        match self.focus {
            Focus::Counts => {
                let Some(input) = self.selected_input() else {
                    return;
                };
                inputs.set(input, input.default_value(&self.model));
            }
            Focus::Tasks => {
                let row = self.tasks.index();
                let Some(hours) = self.model.rows.get(row).map(|row| row.hours) else {
                    return;
                };
                inputs.set_row_hours(row, hours);
            }
            Focus::Metrics => inputs.set_actual(self.metrics.index(), None),
        }
        self.apply(inputs);
    }

    /// Sets new values and recomputes; values that leave no working time are
    /// refused with a message and the old ones kept. Every accepted change
    /// can be undone.
    pub(super) fn apply(&mut self, inputs: Inputs) {
        if inputs == self.inputs {
            return;
        }
        match engine::compute(&self.model, &inputs) {
            Ok(plan) => {
                let previous = std::mem::replace(&mut self.inputs, inputs);
                self.plan = plan;
                self.undo.record(previous);
            }
            Err(error) => self.message = Some(format!("Refused: {error}")),
        }
    }

    pub(super) fn restore_inputs(&mut self, inputs: Inputs) -> bool {
        match engine::compute(&self.model, &inputs) {
            Ok(plan) => {
                self.inputs = inputs;
                self.plan = plan;
                true
            }
            Err(error) => {
                self.message = Some(format!("Refused: {error}"));
                false
            }
        }
    }

    /// Undo or redo the last change.
    pub(super) fn step_history(&mut self, way: Way) {
        let Some(to) = self.undo.take(way) else {
            self.message = Some(way.nothing().to_owned());
            return;
        };
        let current = self.inputs.clone();
        if self.restore_inputs(to) {
            self.undo.moved(way, current);
        }
    }
}
