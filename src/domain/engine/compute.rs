//! The computation: a model and its inputs into a [`Plan`]: hours, quarters,
//! status, book capacity, warnings and metric statuses.

use super::inputs::Inputs;
use super::plan::{CapacityFigures, Hours, MetricStatus, Plan, Quarter, Status, Warning};
use crate::domain::capacity::{Calendar, Capacity, PlanError, check_capacity, gross_hours};
use crate::domain::model::{BOOK_COUNT, Judge, Model, Row};
use crate::domain::num;
use crate::domain::text;

/// Computes the plan for `model` with `inputs` (counts, capacity, row
/// hours, metric actuals and calendar).
///
/// # Errors
/// [`PlanError::NoAvailableHours`] when the capacity leaves nothing to plan.
pub fn compute(model: &Model, inputs: &Inputs) -> Result<Plan, PlanError> {
    let capacity = figures(inputs.capacity(), inputs.calendar())?;
    let periods = |row: &crate::domain::model::Row| row.per.periods_per_year(&capacity.inputs);

    let mut total_yearly = 0.0;
    let rows: Vec<Hours> = model
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let yearly = inputs.row_hours(index) * periods(row) * row_factor(model, inputs, row);
            total_yearly += yearly;
            hours_from_yearly(yearly, &capacity)
        })
        .collect();
    if !total_yearly.is_finite() {
        return Err(PlanError::TooLarge);
    }
    let totals = hours_from_yearly(total_yearly, &capacity);

    let utilization = total_yearly / capacity.available_hours;
    let status = status_of(model, utilization);

    let max_customers = max_customers_at(model, inputs, &capacity, capacity.available_hours);
    let max_customers_at_target = max_customers_at(
        model,
        inputs,
        &capacity,
        capacity.available_hours * capacity.inputs.target_utilization,
    );
    let quarters = quarters(model, inputs, &capacity);
    let mut warnings = warnings(model, inputs, &capacity, &totals, status, max_customers);
    // Every quarter over its capacity is named, even when the year fits,
    // and with or without a calendar year alike (a quarter merely near
    // capacity is not). The planner lists every warning (`w`).
    warnings.extend(
        quarters
            .iter()
            .filter(|q| q.status == Status::Over)
            .map(|q| Warning::QuarterOver { quarter: *q }),
    );
    let metrics = metric_statuses(model, inputs);
    Ok(Plan {
        capacity,
        rows,
        totals,
        utilization,
        status,
        max_customers,
        max_customers_at_target,
        quarters,
        warnings,
        metrics,
        warn_at: model.warn_at,
    })
}

/// ok / near / over for a utilization, by the model's `warn_at`.
fn status_of(model: &Model, utilization: f64) -> Status {
    if num::above(utilization, 1.0) {
        Status::Over
    } else if num::at_least(utilization, model.warn_at) {
        Status::Near
    } else {
        Status::Ok
    }
}

/// The plan quarter by quarter: each row's yearly hours ÷ 4, with the
/// counts of that quarter, against the quarter's gross hours and PTO.
fn quarters(model: &Model, inputs: &Inputs, capacity: &CapacityFigures) -> Vec<Quarter> {
    let c = &capacity.inputs;
    (1u8..=4)
        .map(|quarter| {
            let q = usize::from(quarter - 1);
            let planned_hours: f64 = model
                .rows
                .iter()
                .enumerate()
                .map(|(index, row)| {
                    let scale = match row
                        .scales_with
                        .and_then(|id| model.count(id).map(|count| (id, count.default)))
                    {
                        Some((id, default)) if default > 0.0 => inputs.count_in(id, q) / default,
                        _ => row_factor(model, inputs, row),
                    };
                    inputs.row_hours(index) * row.per.periods_per_year(c) / 4.0 * scale
                })
                .sum();
            let gross_hours =
                crate::domain::capacity::quarter_gross_hours(c, capacity.calendar, quarter);
            let pto_days = c.pto_days_in(q);
            let pto_hours = pto_days * c.hours_per_day;
            let available_hours = gross_hours - pto_hours;
            let utilization = if available_hours > 0.0 {
                planned_hours / available_hours
            } else if planned_hours > 0.0 {
                f64::INFINITY
            } else {
                0.0
            };
            Quarter {
                quarter,
                year: capacity.calendar.map(|calendar| calendar.year),
                gross_hours,
                pto_days,
                pto_hours,
                available_hours,
                planned_hours,
                utilization,
                status: status_of(model, utilization),
                warn_at: model.warn_at,
            }
        })
        .collect()
}

/// The hours of row `index` per its period at the current counts: what the
/// planner shows and takes when the TAM types a task's hours (42 h a month
/// of cadence calls at 42 customers, where the model says 35 at 35).
pub fn row_hours_now(model: &Model, inputs: &Inputs, index: usize) -> f64 {
    inputs.row_hours(index) * row_scale(model, inputs, index)
}

/// The model's hours of row `index` per its period at the current counts:
/// the default a changed task is shown against.
pub fn model_hours_now(model: &Model, inputs: &Inputs, index: usize) -> f64 {
    model.rows.get(index).map_or(0.0, |row| row.hours) * row_scale(model, inputs, index)
}

/// Sets row `index` so that its hours per period at the current counts are
/// `hours`. Returns `false` (and changes nothing) when the row grows with a
/// count that is 0 now, so no value of its hours would show.
pub fn set_row_hours_now(model: &Model, inputs: &mut Inputs, index: usize, hours: f64) -> bool {
    let scale = row_scale(model, inputs, index);
    if scale > 0.0 && (hours / scale).is_finite() {
        inputs.set_row_hours(index, hours / scale);
        true
    } else {
        false
    }
}

/// count now ÷ count default for row `index`; for a row that scales with
/// no count, the working week's share of the full week (1 for a row that
/// opts out).
pub fn row_scale(model: &Model, inputs: &Inputs, index: usize) -> f64 {
    model
        .rows
        .get(index)
        .map_or(1.0, |row| row_factor(model, inputs, row))
}

/// count now ÷ count default for a scaling row; `hours_per_week` ÷
/// `full_week` for a row that follows the week; 1 otherwise.
fn row_factor(model: &Model, inputs: &Inputs, row: &Row) -> f64 {
    match row
        .scales_with
        .and_then(|id| model.count(id).map(|count| (id, count.default)))
    {
        Some((id, default)) if default > 0.0 => inputs.count(id) / default,
        None if row.follows_week => week_share(model, inputs.capacity()),
        Some(_) | None => 1.0,
    }
}

/// `hours_per_week` ÷ the model's `full_week`: the share of the rows that
/// scale with no count a working week takes (0.5 at 20 h of 40; 1 when
/// the full week is not above 0).
pub fn week_share(model: &Model, capacity: &Capacity) -> f64 {
    if model.full_week > 0.0 && capacity.hours_per_week.is_finite() {
        capacity.hours_per_week / model.full_week
    } else {
        1.0
    }
}

/// What the working week does to the rows that follow it, for the basis
/// line: "fixed tasks × 0.5 at 20 h", or `None` when nothing changes (the
/// full week, or no row follows it).
pub fn week_basis(model: &Model, capacity: &Capacity) -> Option<String> {
    let share = week_share(model, capacity);
    let follows = model
        .rows
        .iter()
        .any(|row| row.scales_with.is_none() && row.follows_week);
    (follows && num::differs(share, 1.0)).then(|| {
        format!(
            "fixed tasks × {} at {} h",
            text::number(share),
            text::number(capacity.hours_per_week)
        )
    })
}

fn figures(inputs: &Capacity, calendar: Option<Calendar>) -> Result<CapacityFigures, PlanError> {
    check_capacity(inputs, calendar)?;
    let gross_hours = gross_hours(inputs, calendar);
    let pto_hours = inputs.pto_days * inputs.hours_per_day;
    let available_hours = gross_hours - pto_hours;
    Ok(CapacityFigures {
        inputs: *inputs,
        calendar,
        gross_hours,
        pto_hours,
        available_hours,
        working_weeks: available_hours / inputs.hours_per_week,
    })
}

/// The five periods of a yearly figure. Per working week is computed as
/// yearly × `hours_per_week` ÷ available, which equals yearly ÷ working weeks
/// but keeps the default plan's total at exactly 40.
fn hours_from_yearly(yearly: f64, capacity: &CapacityFigures) -> Hours {
    Hours {
        weekly: yearly / capacity.inputs.weeks_per_year,
        monthly: yearly / 12.0,
        quarterly: yearly / 4.0,
        yearly,
        per_working_week: yearly * capacity.inputs.hours_per_week / capacity.available_hours,
    }
}

/// Book capacity: the largest whole number of customers whose plan fits in
/// `available` hours. Planned yearly hours are `fixed + customers ×
/// per_customer`, so it is `⌊(available − fixed) ÷ per_customer⌋`.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "room is positive here and `as` saturates absurdly large values at u64::MAX"
)]
fn max_customers_at(
    model: &Model,
    inputs: &Inputs,
    capacity: &CapacityFigures,
    available: f64,
) -> Option<u64> {
    let book = model.count_id(BOOK_COUNT)?;
    let mut fixed = 0.0;
    let mut per_customer = 0.0;
    for (index, row) in model.rows.iter().enumerate() {
        let base = inputs.row_hours(index) * row.per.periods_per_year(&capacity.inputs);
        match row.scales_with {
            Some(id) if id == book => {
                if let Some(default) = model
                    .count(id)
                    .map(|count| count.default)
                    .filter(|d| *d > 0.0)
                {
                    per_customer += base / default;
                }
            }
            _ => fixed += base * row_factor(model, inputs, row),
        }
    }
    if per_customer <= 0.0 {
        return None;
    }
    let room = (available - fixed) / per_customer;
    if room <= 0.0 {
        return Some(0);
    }
    Some(num::floor(room) as u64)
}

#[expect(clippy::cast_precision_loss, reason = "book sizes are far below 2^52")]
fn warnings(
    model: &Model,
    inputs: &Inputs,
    capacity: &CapacityFigures,
    totals: &Hours,
    status: Status,
    max_customers: Option<u64>,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let planned = totals.yearly;
    let available = capacity.available_hours;
    match status {
        Status::Over => warnings.push(Warning::OverCapacity { planned, available }),
        Status::Near => warnings.push(Warning::NearCapacity {
            planned,
            available,
            warn_at: model.warn_at,
        }),
        Status::Ok => {}
    }
    let target = capacity.inputs.target_utilization;
    let at_target = available * target;
    if target < 1.0 && num::above(planned, at_target) {
        warnings.push(Warning::AboveTarget {
            planned,
            at_target,
            target,
        });
    }
    let hours_per_week = capacity.inputs.hours_per_week;
    if num::above(totals.per_working_week, hours_per_week) {
        warnings.push(Warning::LongWeek {
            per_working_week: totals.per_working_week,
            hours_per_week,
        });
    }
    if let (Some(max_customers), Some(book)) = (max_customers, model.count_id(BOOK_COUNT)) {
        let customers = inputs.count(book);
        if num::above(customers, max_customers as f64) {
            warnings.push(Warning::BookTooLarge {
                customers,
                max_customers,
            });
        }
    }
    warnings
}

fn metric_statuses(model: &Model, inputs: &Inputs) -> Vec<MetricStatus> {
    let mut statuses: Vec<Option<MetricStatus>> = model
        .metrics
        .iter()
        .enumerate()
        .map(|(index, metric)| {
            metric.judge.as_ref().map(|judge| match judge {
                Judge::Plan {
                    count,
                    per_count,
                    target,
                } => {
                    let value = inputs.count(*count);
                    let value = match per_count {
                        Some(per) => {
                            let per = inputs.count(*per);
                            if per <= 0.0 {
                                return MetricStatus::NoData;
                            }
                            value / per
                        }
                        None => value,
                    };
                    judged(target.holds(value))
                }
                Judge::Actual { target, .. } => match inputs.actual(index) {
                    Some(actual) => judged(target.holds(actual)),
                    None => MetricStatus::NoData,
                },
            })
        })
        .collect();
    // A metric without a judge follows its sub-items. Children always come
    // after their parent, so walking backwards settles children first.
    for index in (0..model.metrics.len()).rev() {
        if statuses.get(index).copied().flatten().is_some() {
            continue;
        }
        let children: Vec<MetricStatus> = model
            .metrics
            .iter()
            .zip(&statuses)
            .filter(|(metric, _)| metric.parent.map(|parent| parent.0) == Some(index))
            .map(|(_, status)| status.unwrap_or(MetricStatus::NoData))
            .collect();
        let status = if children.contains(&MetricStatus::Missed) {
            MetricStatus::Missed
        } else if !children.is_empty() && children.iter().all(|s| *s == MetricStatus::Met) {
            MetricStatus::Met
        } else {
            MetricStatus::NoData
        };
        if let Some(slot) = statuses.get_mut(index) {
            *slot = Some(status);
        }
    }
    statuses
        .into_iter()
        .map(|status| status.unwrap_or(MetricStatus::NoData))
        .collect()
}

fn judged(holds: bool) -> MetricStatus {
    if holds {
        MetricStatus::Met
    } else {
        MetricStatus::Missed
    }
}
