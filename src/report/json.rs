//! The JSON contract of `tamplan report --format json`: the plan's figures
//! unrounded, in the shape PRODUCT.md documents.

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::plan::{Report, scales_with};
use crate::domain::engine::{Hours, Inputs};
use crate::domain::model::Model;
use crate::domain::text;

#[derive(Serialize)]
pub(super) struct JsonReport<'a> {
    model: Cow<'a, str>,
    counts: JsonCounts<'a>,
    capacity: JsonCapacity,
    rows: Vec<JsonRow<'a>>,
    totals: JsonHours,
    utilization: f64,
    status: &'static str,
    max_customers: Option<u64>,
    max_customers_at_target: Option<u64>,
    quarters: Vec<JsonQuarter>,
    warnings: Vec<String>,
    metrics: Vec<JsonMetric<'a>>,
}

#[derive(Serialize)]
struct JsonQuarter {
    quarter: u8,
    gross_hours: f64,
    pto_hours: f64,
    available_hours: f64,
    planned_hours: f64,
    utilization: f64,
    status: &'static str,
}

/// The counts as one object, in the model's order.
struct JsonCounts<'a>(&'a Model, &'a Inputs);

impl Serialize for JsonCounts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let JsonCounts(model, inputs) = self;
        let mut map = serializer.serialize_map(Some(model.counts.len()))?;
        for (i, count) in model.counts.iter().enumerate() {
            map.serialize_entry(&count.name, &inputs.count(crate::domain::model::CountId(i)))?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonCapacity {
    hours_per_week: f64,
    weeks_per_year: f64,
    pto_days: f64,
    hours_per_day: f64,
    target_utilization: f64,
    gross_hours: f64,
    pto_hours: f64,
    available_hours: f64,
    working_weeks: f64,
}

#[derive(Serialize)]
struct JsonHours {
    weekly: f64,
    monthly: f64,
    quarterly: f64,
    yearly: f64,
    per_working_week: f64,
}

impl From<&Hours> for JsonHours {
    fn from(hours: &Hours) -> JsonHours {
        JsonHours {
            weekly: hours.weekly,
            monthly: hours.monthly,
            quarterly: hours.quarterly,
            yearly: hours.yearly,
            per_working_week: hours.per_working_week,
        }
    }
}

#[derive(Serialize)]
struct JsonRow<'a> {
    task: Cow<'a, str>,
    #[serde(flatten)]
    hours: JsonHours,
    scales_with: Option<&'a str>,
    note: Cow<'a, str>,
}

#[derive(Serialize)]
struct JsonMetric<'a> {
    phase: Cow<'a, str>,
    name: Cow<'a, str>,
    target: Cow<'a, str>,
    status: &'static str,
}

impl<'a> From<Report<'a>> for JsonReport<'a> {
    fn from(report: Report<'a>) -> JsonReport<'a> {
        let Report {
            model,
            inputs,
            plan,
            ..
        } = report;
        let c = &plan.capacity;
        JsonReport {
            model: text::json_safe(&model.name),
            counts: JsonCounts(model, inputs),
            capacity: JsonCapacity {
                hours_per_week: c.inputs.hours_per_week,
                weeks_per_year: c.inputs.weeks_per_year,
                pto_days: c.inputs.pto_days,
                hours_per_day: c.inputs.hours_per_day,
                target_utilization: c.inputs.target_utilization,
                gross_hours: c.gross_hours,
                pto_hours: c.pto_hours,
                available_hours: c.available_hours,
                working_weeks: c.working_weeks,
            },
            rows: model
                .rows
                .iter()
                .zip(&plan.rows)
                .map(|(row, hours)| JsonRow {
                    task: text::json_safe(&row.task),
                    hours: hours.into(),
                    scales_with: scales_with(model, row),
                    note: text::json_safe(&row.note),
                })
                .collect(),
            totals: (&plan.totals).into(),
            utilization: plan.utilization,
            status: plan.status.key(),
            max_customers: plan.max_customers,
            max_customers_at_target: plan.max_customers_at_target,
            quarters: plan
                .quarters
                .iter()
                .map(|q| JsonQuarter {
                    quarter: q.quarter,
                    gross_hours: q.gross_hours,
                    pto_hours: q.pto_hours,
                    available_hours: q.available_hours,
                    planned_hours: q.planned_hours,
                    utilization: q.utilization,
                    status: q.status.key(),
                })
                .collect(),
            warnings: plan.warnings.iter().map(ToString::to_string).collect(),
            metrics: model
                .metrics
                .iter()
                .zip(&plan.metrics)
                .map(|(metric, status)| JsonMetric {
                    phase: text::json_safe(&metric.phase),
                    name: text::json_safe(&metric.name),
                    target: text::json_safe(&metric.target),
                    status: status.key(),
                })
                .collect(),
        }
    }
}
