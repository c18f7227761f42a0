//! The engine: the one place the arithmetic lives. It takes a
//! [`Model`](crate::domain::model::Model) and the values a TAM changed
//! ([`Inputs`]) and returns a [`Plan`]: every row's hours in five periods,
//! totals, capacity, utilization, status, book capacity, warnings and
//! metric statuses. Pure: no I/O, no terminal.

mod compute;
mod inputs;
mod plan;

pub use crate::domain::capacity::{Calendar, PlanError, check_capacity, gross_hours};
pub use compute::{
    compute, model_hours_now, row_hours_now, row_scale, set_row_hours_now, week_basis, week_share,
};
pub use inputs::{Change, Input, Inputs, changes};
pub use plan::{CapacityFigures, Hours, MetricStatus, Plan, Quarter, Room, Status, Warning};

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "the handbook's figures must come out exactly"
)]
mod tests;
