//! Phrases the reports and the planner share: changes, inputs, periods,
//! metric values, book capacity and the quarter table's cells, in words.

use crate::domain::capacity;
use crate::domain::engine::{Input, Inputs, Plan};
use crate::domain::model::Model;
use crate::domain::text::{self, hours_cell, number, percent, sanitize};

/// Where the gross hours come from (see [`capacity::gross_basis`]).
pub fn gross_basis(figures: &crate::domain::engine::CapacityFigures) -> String {
    capacity::gross_basis(&figures.inputs, figures.calendar)
}

/// A change in words: "Customers in book 35 → 42", "EBRs 9 → 6 h a month".
pub fn describe_change(model: &Model, change: crate::domain::engine::Change) -> String {
    match change {
        crate::domain::engine::Change::Input {
            input,
            before,
            after,
        } => {
            format!(
                "{} {} → {}",
                input.label(model),
                input_value(input, before),
                input_value(input, after)
            )
        }
        crate::domain::engine::Change::Hours {
            row,
            before,
            after,
            scale,
        } => match model.rows.get(row) {
            Some(row) => {
                // At the counts now, as the planner shows and takes them.
                let at = row
                    .scales_with
                    .and_then(|id| model.count(id))
                    .map(|count| {
                        format!(
                            " at {} {}",
                            number(scale * count.default),
                            text::in_sentence(&count.label)
                        )
                    })
                    .unwrap_or_default();
                format!(
                    "{} {} → {} h a {}{at}",
                    row.task,
                    number(before * scale),
                    number(after * scale),
                    row.per.name()
                )
            }
            None => String::new(),
        },
        crate::domain::engine::Change::Calendar {
            before,
            after,
            weeks,
        } => format!(
            "Capacity counted in {} → {}",
            period_label(before, weeks.0),
            period_label(after, weeks.1)
        ),
        crate::domain::engine::Change::PtoByQuarter { before, after } => format!(
            "PTO days by quarter {} → {}",
            quarters_text(before),
            quarters_text(after)
        ),
        crate::domain::engine::Change::CountByQuarter { id, before, after } => format!(
            "{} by quarter {} → {}",
            model.count(id).map_or("", |count| count.label.as_str()),
            quarters_text(before),
            quarters_text(after)
        ),
    }
}

/// A count or capacity input for people: the target as a percentage
/// (`85 %`), the others as numbers (`1,028`).
pub fn input_value(input: Input, value: f64) -> String {
    match input {
        Input::Capacity(crate::domain::model::CapacityField::TargetUtilization) => percent(value),
        _ => number(value),
    }
}

/// The period capacity is counted in: `2027`, `2027 Q1`, or without a
/// calendar the year's weeks (`52 weeks`).
pub fn period_label(calendar: Option<crate::domain::engine::Calendar>, weeks: f64) -> String {
    calendar.map_or_else(
        || format!("{} weeks", number(weeks)),
        crate::domain::engine::Calendar::label,
    )
}

/// `10, 10, 26, 10`, or `even` for values the same every quarter.
fn quarters_text(values: Option<[f64; 4]>) -> String {
    values.map_or_else(|| "even".to_owned(), |values| values.map(number).join(", "))
}

/// The actual value recorded for metric `index`, with its unit: `4.3 of
/// 5`, `12 days`, `85 %`; `None` when nothing is recorded.
pub fn metric_value(model: &Model, inputs: &Inputs, index: usize) -> Option<String> {
    let actual = inputs.actual(index)?;
    let unit = match model.metrics.get(index).and_then(|m| m.judge.as_ref()) {
        Some(crate::domain::model::Judge::Actual { unit, .. }) => sanitize(unit).into_owned(),
        _ => String::new(),
    };
    Some(if unit.is_empty() {
        number(actual)
    } else {
        format!("{} {unit}", number(actual))
    })
}

/// "35 customers (+0)"-style book capacity in words.
#[expect(clippy::cast_precision_loss, reason = "book sizes are far below 2^52")]
pub fn book_capacity(model: &Model, inputs: &Inputs, plan: &Plan) -> String {
    let Some(book) = model.count_id(crate::domain::model::BOOK_COUNT) else {
        return "no `customers` count in this model".to_owned();
    };
    let now = inputs.count(book);
    let room = |max: u64| {
        let room = max as f64 - now;
        let sign = if room >= 0.0 { "+" } else { "" };
        format!("{sign}{}", number(room))
    };
    let target = plan.capacity.inputs.target_utilization;
    match (plan.max_customers, plan.max_customers_at_target) {
        (Some(max), Some(at)) if target < 1.0 => format!(
            "{} at 100 %, {} at {} ({} at the target)",
            text::thousands(max),
            text::thousands(at),
            percent(target),
            room(at)
        ),
        (Some(max), _) => format!(
            "{} ({})",
            text::things(max as f64, "customer", "customers"),
            room(max)
        ),
        (None, _) => "unlimited (no row grows with customers)".to_owned(),
    }
}

/// The quarter table's headings and, per quarter, its cells for people:
/// gross, PTO days, available, planned, utilization, status.
pub const QUARTER_HEADINGS: [&str; 7] = [
    "Quarter",
    "Gross h",
    "PTO days",
    "Available h",
    "Planned h",
    "Utilization",
    "Status",
];

/// One quarter's cells, as [`QUARTER_HEADINGS`] names them.
pub fn quarter_cells(quarter: &crate::domain::engine::Quarter) -> [String; 7] {
    [
        quarter.label(),
        hours_cell(quarter.gross_hours),
        number(quarter.pto_days),
        hours_cell(quarter.available_hours),
        hours_cell(quarter.planned_hours),
        quarter.percent(),
        quarter.status.label().to_owned(),
    ]
}
