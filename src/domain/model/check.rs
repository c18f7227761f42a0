//! Validation: the raw model walked, every value checked, every problem
//! collected with its position, and the validated [`Model`] built.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use super::raw;
use super::{
    Capacity, CapacityField, CompareOp, Comparison, Count, CountId, Judge, Metric, MetricId, Model,
    Row,
};
use crate::domain::diagnostic::{Diagnostic, LineIndex};
use crate::domain::text;

/// Walks the raw model, checking every value and collecting problems.
pub(super) struct Checker<'t> {
    /// The text's lines, indexed once for every problem placed in it.
    pub(super) lines: LineIndex<'t>,
    pub(super) problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems.push(self.lines.at(span, message.into()));
    }

    /// A finite number ≥ 0, or a problem (and 0 in its place).
    fn number(&mut self, field: &str, value: &Spanned<f64>) -> f64 {
        let number = *value.get_ref();
        if number.is_nan() {
            self.problem(
                value.span(),
                format!("`{field}` is nan; expected a finite number ≥ 0"),
            );
            0.0
        } else if number.is_infinite() {
            self.problem(
                value.span(),
                format!("`{field}` is infinite; expected a finite number ≥ 0"),
            );
            0.0
        } else if number < 0.0 {
            self.problem(
                value.span(),
                format!(
                    "`{field}` is {}; expected a number ≥ 0",
                    text::plain(number)
                ),
            );
            0.0
        } else {
            number
        }
    }

    /// Non-empty text, trimmed.
    fn required_text(&mut self, field: &str, value: Spanned<String>) -> String {
        let span = value.span();
        let value = value.into_inner();
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.problem(span, format!("`{field}` is empty; expected some text"));
        }
        trimmed.to_owned()
    }

    /// A name for files and `--set`: lowercase letters, digits and `_`.
    fn identifier(&mut self, field: &str, value: Spanned<String>) -> String {
        let span = value.span();
        let value = value.into_inner();
        let valid = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            self.problem(
                span,
                format!(
                    "`{field}` is {value:?}; expected a name of lowercase letters, digits and _"
                ),
            );
        }
        value
    }

    pub(super) fn model(&mut self, raw: raw::Model) -> Model {
        let name = self.required_text("name", raw.name);
        let warn_at = match &raw.warn_at {
            Some(value) => {
                let number = self.number("warn_at", value);
                if number > 1.0 {
                    self.problem(
                        value.span(),
                        format!(
                            "`warn_at` is {}; expected a fraction from 0 to 1 (0.9 = 90 %)",
                            text::plain(number)
                        ),
                    );
                }
                number
            }
            None => 0.9,
        };
        let capacity = self.capacity(&raw.capacity);
        let full_week = match &raw.capacity.full_week {
            Some(value) => {
                let number = self.number("full_week", value);
                if number <= 0.0 && value.get_ref().is_finite() && *value.get_ref() >= 0.0 {
                    self.problem(value.span(), "`full_week` is 0; expected a number above 0");
                }
                number
            }
            None => capacity.hours_per_week,
        };
        let counts = self.counts(raw.counts);
        let counts_by_quarter = self.counts_by_quarter(raw.counts_by_quarter, &counts);
        let rows_span = raw.rows.span();
        let rows = self.rows(raw.rows.into_inner(), &counts, &capacity);
        let metrics = self.metrics(raw.metrics, &counts);
        // A model without rows plans nothing (0 hours); it is allowed only
        // as a metrics-only model (`tamplan import --metrics-only`).
        if rows.is_empty() && metrics.is_empty() {
            self.problem(
                rows_span,
                "`rows` is empty and there are no metrics; expected at least one [[rows]] table, or [[metrics]] for a metrics-only model",
            );
        }
        Model {
            name,
            warn_at,
            capacity,
            counts,
            rows,
            metrics,
            counts_by_quarter,
            full_week,
        }
    }

    fn capacity(&mut self, raw: &raw::Capacity) -> Capacity {
        let pto_by_quarter =
            raw.pto_by_quarter.as_ref().and_then(
                |days| match crate::domain::capacity::four_quarters(
                    "pto_by_quarter",
                    days.get_ref(),
                ) {
                    Ok(days) => Some(days),
                    Err(why) => {
                        self.problem(days.span(), why);
                        None
                    }
                },
            );
        let pto_days = match (&raw.pto_days, pto_by_quarter) {
            (Some(days), None) => self.number("pto_days", days),
            (Some(days), Some(quarters)) => {
                let year = self.number("pto_days", days);
                let sum: f64 = quarters.iter().sum();
                if crate::domain::num::differs(year, sum) {
                    self.problem(
                        days.span(),
                        format!(
                            "`pto_days` is {} but `pto_by_quarter` adds up to {}; expected them to agree, or only `pto_by_quarter`",
                            text::plain(year),
                            text::plain(sum)
                        ),
                    );
                }
                sum
            }
            (None, Some(quarters)) => quarters.iter().sum(),
            (None, None) => {
                self.problem(
                    0..0,
                    "missing field `pto_days` in [capacity]; expected `pto_days` or `pto_by_quarter`",
                );
                0.0
            }
        };
        let target_utilization = raw
            .target_utilization
            .as_ref()
            .map_or(1.0, |value| *value.get_ref());
        let capacity = Capacity {
            hours_per_week: self.number("hours_per_week", &raw.hours_per_week),
            weeks_per_year: self.number("weeks_per_year", &raw.weeks_per_year),
            pto_days,
            hours_per_day: self.number("hours_per_day", &raw.hours_per_day),
            target_utilization,
            pto_by_quarter,
        };
        if let Err(problem) = crate::domain::capacity::check_capacity(&capacity, None) {
            let span = match problem.field() {
                "hours_per_week" => Some(raw.hours_per_week.span()),
                "weeks_per_year" => Some(raw.weeks_per_year.span()),
                "target_utilization" => raw.target_utilization.as_ref().map(Spanned::span),
                "pto_by_quarter" => raw.pto_by_quarter.as_ref().map(Spanned::span),
                // Too large: the week × the year, or the PTO.
                _ if !(capacity.hours_per_week * capacity.weeks_per_year).is_finite() => {
                    Some(raw.hours_per_week.span())
                }
                _ if !(capacity.pto_days * capacity.hours_per_day).is_finite() => {
                    Some(raw.hours_per_day.span())
                }
                _ => None,
            }
            .or_else(|| raw.pto_days.as_ref().map(Spanned::span))
            .or_else(|| raw.pto_by_quarter.as_ref().map(Spanned::span))
            .unwrap_or(0..0);
            self.problem(span, problem.to_string());
        }
        capacity
    }

    fn counts_by_quarter(
        &mut self,
        raw: std::collections::BTreeMap<Spanned<String>, Spanned<Vec<f64>>>,
        counts: &[Count],
    ) -> Vec<(CountId, [f64; 4])> {
        let mut out = Vec::new();
        for (name, values) in raw {
            let Some(index) = counts
                .iter()
                .position(|count| count.name == *name.get_ref())
            else {
                self.problem(
                    name.span(),
                    format!(
                        "count {:?} in [counts_by_quarter] is not in the model; expected one of: {}",
                        text::sanitize(name.get_ref()),
                        counts
                            .iter()
                            .map(|count| count.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                continue;
            };
            match crate::domain::capacity::four_quarters(name.get_ref(), values.get_ref()) {
                Ok(four) => out.push((CountId(index), four)),
                Err(why) => self.problem(values.span(), why),
            }
        }
        out
    }

    fn counts(&mut self, raw: Vec<raw::Count>) -> Vec<Count> {
        let mut seen = HashSet::new();
        let mut counts = Vec::with_capacity(raw.len());
        for count in raw {
            let span = count.name.span();
            let name = self.identifier("name", count.name);
            if CapacityField::from_name(&name).is_some() {
                self.problem(
                    span.clone(),
                    format!(
                        "count name {name:?} is a capacity input's name; expected another name"
                    ),
                );
            }
            if !seen.insert(name.clone()) {
                self.problem(
                    span,
                    format!("duplicate count name {name:?}; expected each count once"),
                );
            }
            let label = self.required_text("label", count.label);
            let default = self.number("default", &count.default);
            counts.push(Count {
                name,
                label,
                default,
            });
        }
        counts
    }

    fn rows(&mut self, raw: Vec<raw::Row>, counts: &[Count], capacity: &Capacity) -> Vec<Row> {
        let mut seen = HashSet::new();
        let mut rows = Vec::with_capacity(raw.len());
        // The year's hours must stay finite: the row that makes them
        // infinite is named, not the whole file or a flag.
        let mut yearly = 0.0_f64;
        for row in raw {
            let span = row.task.span();
            let task = self.required_text("task", row.task);
            if !task.is_empty() && !seen.insert(task.to_lowercase()) {
                self.problem(
                    span,
                    format!("duplicate task {task:?}; expected each task once"),
                );
            }
            let hours = self.number("hours", &row.hours);
            let this = hours * row.per.periods_per_year(capacity);
            if (yearly + this).is_infinite() && yearly.is_finite() {
                self.problem(
                    row.hours.span(),
                    format!(
                        "`hours` is {}: the plan's hours a year are too large to compute; expected a smaller number",
                        text::plain(hours)
                    ),
                );
            }
            yearly += this;
            let scales_with = row
                .scales_with
                .and_then(|name| self.scaling_count(&name, counts));
            rows.push(Row {
                task,
                hours,
                per: row.per,
                scales_with,
                note: row.note,
                follows_week: row.follows_week.unwrap_or(true),
            });
        }
        rows
    }

    /// The count a row scales with: it must exist and have a default > 0.
    fn scaling_count(&mut self, name: &Spanned<String>, counts: &[Count]) -> Option<CountId> {
        let id = self.count_ref("scales_with", name, counts)?;
        let count = counts.get(id.0)?;
        if count.default > 0.0 {
            Some(id)
        } else {
            self.problem(
                name.span(),
                format!(
                    "`scales_with` names {:?}, whose default is 0; a row can only scale with a count whose default is above 0",
                    count.name
                ),
            );
            None
        }
    }

    fn count_ref(
        &mut self,
        field: &str,
        name: &Spanned<String>,
        counts: &[Count],
    ) -> Option<CountId> {
        let wanted = name.get_ref();
        if let Some(index) = counts.iter().position(|count| &count.name == wanted) {
            Some(CountId(index))
        } else {
            let known: Vec<&str> = counts.iter().map(|count| count.name.as_str()).collect();
            let expected = if known.is_empty() {
                "no counts are defined; add a [[counts]] table".to_owned()
            } else {
                format!("expected one of: {}", known.join(", "))
            };
            self.problem(
                name.span(),
                format!("`{field}` names {wanted:?}, which is not a count; {expected}"),
            );
            None
        }
    }

    fn metrics(&mut self, raw: Vec<raw::Metric>, counts: &[Count]) -> Vec<Metric> {
        let mut metrics: Vec<Metric> = Vec::with_capacity(raw.len());
        for metric in raw {
            let id_span = metric.id.span();
            let id = self.identifier("id", metric.id);
            if metrics.iter().any(|earlier| earlier.id == id) {
                self.problem(
                    id_span,
                    format!("duplicate metric id {id:?}; expected each id once"),
                );
            }
            let phase = self.required_text("phase", metric.phase);
            let name = self.required_text("name", metric.name);
            let parent = metric.parent.and_then(|parent| {
                let found = metrics.iter().position(|earlier| &earlier.id == parent.get_ref());
                if found.is_none() {
                    self.problem(
                        parent.span(),
                        format!(
                            "`parent` names {:?}; expected the id of a metric listed before this one",
                            parent.get_ref()
                        ),
                    );
                }
                found.map(MetricId)
            });
            let judge = metric.judge.and_then(|judge| self.judge(judge, counts));
            metrics.push(Metric {
                id,
                phase,
                group: metric.group,
                parent,
                name,
                target: metric.target,
                judge,
            });
        }
        metrics
    }

    fn judge(&mut self, judge: Spanned<raw::Judge>, counts: &[Count]) -> Option<Judge> {
        let span = judge.span();
        let judge = judge.into_inner();
        let comparisons = [
            (CompareOp::AtLeast, "at_least", &judge.at_least),
            (CompareOp::AtMost, "at_most", &judge.at_most),
            (CompareOp::Above, "above", &judge.above),
            (CompareOp::Below, "below", &judge.below),
        ];
        let given: Vec<_> = comparisons
            .iter()
            .filter_map(|(op, field, value)| value.as_ref().map(|value| (*op, *field, value)))
            .collect();
        let target = if let [(op, field, value)] = given.as_slice() {
            Comparison {
                op: *op,
                value: self.number(field, value),
            }
        } else {
            self.problem(
                span,
                format!(
                    "`judge` has {} comparisons; expected exactly one of at_least, at_most, above, below",
                    given.len()
                ),
            );
            return None;
        };
        match judge.from {
            raw::Source::Plan => {
                let Some(count) = &judge.count else {
                    self.problem(
                        span,
                        "`judge` from the plan needs `count`; expected the name of a count",
                    );
                    return None;
                };
                let count = self.count_ref("count", count, counts)?;
                let per_count = match &judge.per_count {
                    Some(name) => Some(self.count_ref("per_count", name, counts)?),
                    None => None,
                };
                Some(Judge::Plan {
                    count,
                    per_count,
                    target,
                })
            }
            raw::Source::Actual => {
                if let Some(field) = judge.count.as_ref().or(judge.per_count.as_ref()) {
                    self.problem(
                        field.span(),
                        "`count` and `per_count` belong to judges from the plan; expected from = \"plan\" or no count",
                    );
                }
                Some(Judge::Actual {
                    target,
                    unit: judge.unit.unwrap_or_default(),
                })
            }
        }
    }
}
