//! The quarter view's own state and update: which quarter and which value
//! (PTO days, or a count) is selected, and what a key does to it. It never
//! changes the plan itself: [`Quarters::update`] returns the new inputs,
//! which the planner applies like any other change, so every edit here is
//! undoable and recomputes the plan through the engine.

use crate::domain::engine::Inputs;
use crate::domain::model::{CountId, Model};

/// What can be changed quarter by quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuarterField {
    /// PTO days placed in the quarter.
    Pto,
    /// A count's value in the quarter.
    Count(CountId),
}

impl QuarterField {
    /// Its heading: `PTO days`, or the count's label.
    pub fn label(self, model: &Model) -> String {
        match self {
            QuarterField::Pto => "PTO days".to_owned(),
            QuarterField::Count(id) => model
                .count(id)
                .map_or_else(String::new, |count| count.label.clone()),
        }
    }

    /// Its four values now (placed, or the year's spread evenly).
    pub fn values(self, inputs: &Inputs) -> [f64; 4] {
        match self {
            QuarterField::Pto => {
                let capacity = inputs.capacity();
                [0, 1, 2, 3].map(|q| capacity.pto_days_in(q))
            }
            QuarterField::Count(id) => [0, 1, 2, 3].map(|q| inputs.count_in(id, q)),
        }
    }

    /// Whether its values differ by quarter (placed, not spread evenly).
    pub fn placed(self, inputs: &Inputs) -> bool {
        match self {
            QuarterField::Pto => inputs.capacity().pto_by_quarter.is_some(),
            QuarterField::Count(id) => inputs.count_by_quarter(id).is_some(),
        }
    }
}

/// What a key does in the quarter view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum QuarterAction {
    /// The quarter above.
    Up,
    /// The quarter below.
    Down,
    /// The value column to the left (-1) or right (+1).
    Column(i8),
    /// Change the selected quarter's value by this much.
    Change(f64),
    /// Set the selected quarter's value (typed).
    Set(f64),
    /// The same value in every quarter again (the year's spread evenly).
    Even,
}

/// The quarter view's selection: a quarter (0–3) and a value column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quarters {
    quarter: usize,
    column: usize,
}

impl Quarters {
    /// The selected quarter, 0–3.
    pub fn quarter(self) -> usize {
        self.quarter
    }

    /// Every column that can be changed: PTO days, then each count.
    pub fn fields(model: &Model) -> Vec<QuarterField> {
        std::iter::once(QuarterField::Pto)
            .chain((0..model.counts.len()).map(|i| QuarterField::Count(CountId(i))))
            .collect()
    }

    /// The selected column.
    pub fn field(self, model: &Model) -> QuarterField {
        Quarters::fields(model)
            .get(self.column)
            .copied()
            .unwrap_or(QuarterField::Pto)
    }

    /// Applies `action`: moves the selection, or returns the inputs with the
    /// selected value changed (`None` when nothing changes).
    pub fn update(
        &mut self,
        action: QuarterAction,
        model: &Model,
        inputs: &Inputs,
    ) -> Option<Inputs> {
        let columns = Quarters::fields(model).len().max(1);
        let field = self.field(model);
        let mut values = field.values(inputs);
        match action {
            QuarterAction::Up => {
                self.quarter = self.quarter.saturating_sub(1);
                return None;
            }
            QuarterAction::Down => {
                self.quarter = (self.quarter + 1).min(3);
                return None;
            }
            QuarterAction::Column(by) => {
                self.column = if by < 0 {
                    (self.column + columns - 1) % columns
                } else {
                    (self.column + 1) % columns
                };
                return None;
            }
            QuarterAction::Change(by) => {
                let slot = values.get_mut(self.quarter)?;
                *slot = (*slot + by).max(0.0);
            }
            QuarterAction::Set(value) => {
                let slot = values.get_mut(self.quarter)?;
                *slot = value.max(0.0);
            }
            QuarterAction::Even => {
                let mut next = inputs.clone();
                match field {
                    QuarterField::Pto => next.set_pto_by_quarter(None),
                    QuarterField::Count(id) => next.set_count_by_quarter(id, None),
                }
                return Some(next);
            }
        }
        let mut next = inputs.clone();
        match field {
            QuarterField::Pto => next.set_pto_by_quarter(Some(values)),
            QuarterField::Count(id) => next.set_count_by_quarter(id, Some(values)),
        }
        Some(next)
    }
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "whole numbers of days, added exactly")]
mod tests {
    use super::*;

    #[test]
    fn keys_move_the_selection_and_change_one_quarter() {
        let model = Model::builtin().expect("valid");
        let inputs = Inputs::defaults(&model);
        let mut view = Quarters::default();
        assert_eq!(view.field(&model), QuarterField::Pto);
        view.update(QuarterAction::Down, &model, &inputs);
        view.update(QuarterAction::Down, &model, &inputs);
        assert_eq!(view.quarter(), 2);
        let next = view
            .update(QuarterAction::Change(12.0), &model, &inputs)
            .expect("a change");
        assert_eq!(
            next.capacity().pto_by_quarter,
            Some([14.0, 14.0, 26.0, 14.0])
        );
        assert_eq!(next.capacity().pto_days, 68.0);
        let even = view
            .update(QuarterAction::Even, &model, &next)
            .expect("a change");
        assert_eq!(even.capacity().pto_by_quarter, None);
        assert_eq!(even.capacity().pto_days, 68.0, "the year keeps its days");
        // Left from PTO wraps to the last count.
        view.update(QuarterAction::Column(-1), &model, &inputs);
        let last = CountId(model.counts.len() - 1);
        assert_eq!(view.field(&model), QuarterField::Count(last));
        view.update(QuarterAction::Column(1), &model, &inputs);
        view.update(QuarterAction::Column(1), &model, &inputs);
        assert_eq!(view.field(&model), QuarterField::Count(CountId(0)));
        let next = view
            .update(QuarterAction::Set(50.0), &model, &inputs)
            .expect("a change");
        assert_eq!(
            next.count_by_quarter(CountId(0)),
            Some([35.0, 35.0, 50.0, 35.0])
        );
    }
}
