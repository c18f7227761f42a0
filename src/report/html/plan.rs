//! The 1:1 document of one plan: header and status banner, the gauge,
//! hours per task, the quarters against capacity, since the last 1:1, plan
//! against logged hours, metrics, warnings and the note.

use maud::{Markup, html};

use super::svg::{self, Column, Gauge};
use super::{Page, clean, header, page, scroll, section, status, status_class};
use crate::domain::engine::{Hours, Room};
use crate::domain::text::{amount, hours_cell, number, percent};
use crate::report::document::PlanDocument;
use crate::report::phrases::{QUARTER_HEADINGS, metric_value, period_label, quarter_cells};
use crate::report::plan::{PERIODS, period_values};

/// The document's name: the scenario's, else the model's.
fn name<'a>(doc: &PlanDocument<'a>) -> &'a str {
    match doc.report.scenario {
        Some(scenario) if !scenario.name.trim().is_empty() => &scenario.name,
        _ => &doc.report.model.name,
    }
}

/// The plan's 1:1 document.
pub fn document(doc: &PlanDocument<'_>) -> String {
    let date = doc
        .date
        .or_else(|| doc.report.scenario.and_then(|s| s.saved))
        .map(|date| date.format("%Y-%m-%d").to_string());
    let body = html! {
        (head(doc, date.as_deref()))
        main {
            (banner(doc))
            (tasks(doc))
            (quarters(doc))
            @if let Some(since) = doc.since {
                (section("since", &format!("Since {}", clean(&since.label)), &super::diff::since(&since.compared)))
            }
            @if let Some(calibration) = doc.logged {
                (super::calibration::logged(doc.report.model, calibration, "Plan against logged hours"))
            }
            (metrics(doc))
            (warnings(doc))
            (note(doc))
        }
    };
    page(
        &Page {
            kind: "1:1",
            name: name(doc),
            date,
        },
        &body,
    )
}

fn head(doc: &PlanDocument<'_>, date: Option<&str>) -> Markup {
    let report = &doc.report;
    let mut facts = Vec::new();
    if let Some(scenario) = report.scenario
        && !scenario.owner.trim().is_empty()
    {
        facts.push(("Owner", scenario.owner.clone()));
    }
    facts.push((
        "Model",
        format!("{} ({})", report.model.name, report.model_source),
    ));
    if let Some(date) = date {
        facts.push(("Date", date.to_owned()));
    }
    if let Some(saved) = report.scenario.and_then(|s| s.saved) {
        facts.push(("Saved", saved.format("%Y-%m-%d %H:%M (UTC%:z)").to_string()));
    }
    let capacity = &report.plan.capacity;
    facts.push((
        "Period",
        period_label(capacity.calendar, capacity.inputs.weeks_per_year),
    ));
    header("1:1 plan", name(doc), &facts)
}

fn banner(doc: &PlanDocument<'_>) -> Markup {
    let report = &doc.report;
    let plan = report.plan;
    let shown = plan.percent();
    let target = plan.capacity.inputs.target_utilization;
    let target_shown = percent(target);
    let label = format!(
        "Utilization {shown} ({}): {} h planned of {} h available{}",
        plan.status.label(),
        amount(plan.totals.yearly),
        amount(plan.capacity.available_hours),
        if target < 1.0 {
            format!("; target {target_shown}")
        } else {
            String::new()
        }
    );
    let room = match plan.room() {
        Room::Spare(hours) => format!("{} h spare", amount(hours)),
        Room::Over(hours) => format!("{} h over", amount(hours)),
    };
    html! {
        section class={ "banner keep " (status_class(plan.status)) } aria-label="Status" {
            p.headline {
                span.big #utilization { (shown) }
                (status(plan.status)) " · "
                span #planned { (amount(plan.totals.yearly)) } " h planned of "
                span #available { (amount(plan.capacity.available_hours)) } " h available · "
                (room)
            }
            figure {
                (svg::gauge(&Gauge {
                    utilization: plan.utilization,
                    shown: &shown,
                    status: Some(plan.status),
                    target: (target < 1.0).then_some(target),
                    target_shown: &target_shown,
                    label: &label,
                }))
            }
            p.small { "Capacity: " (report.capacity_line()) }
            p.small { "Book capacity: " (clean(&report.book_line())) }
        }
    }
}

fn cells(hours: &Hours) -> Markup {
    let [weekly, monthly, quarterly, yearly, per_week] = period_values(hours);
    html! {
        td.n { (hours_cell(weekly)) }
        td.n { (hours_cell(monthly)) }
        td.n { (hours_cell(quarterly)) }
        td.n.yearly { (hours_cell(yearly)) }
        td.n { (hours_cell(per_week)) }
    }
}

fn tasks(doc: &PlanDocument<'_>) -> Markup {
    let report = &doc.report;
    let (model, plan) = (report.model, report.plan);
    let max = plan.rows.iter().map(|h| h.yearly).fold(0.0_f64, f64::max);
    let scaling = model.rows.iter().any(|row| row.scales_with.is_some());
    let table = html! {
        table #tasks-table {
            caption.small.muted { "Hours per task; the bar is each task's yearly hours." }
            thead {
                tr {
                    th scope="col" { "Task" }
                    th scope="col" { span.muted { "Yearly, as a bar" } }
                    @for period in PERIODS { th.n scope="col" { (period) } }
                }
            }
            tbody {
                @for (i, (row, hours)) in model.rows.iter().zip(&plan.rows).enumerate() {
                    tr data-task=(i) {
                        th scope="row" {
                            (clean(&row.task))
                            @if row.scales_with.is_some() { " *" }
                            @if !row.note.trim().is_empty() {
                                span.task-note { (clean(&row.note)) }
                            }
                        }
                        td.chart {
                            (svg::bar(hours.yearly, max, None, &format!("{}: {} h a year", clean(&row.task), amount(hours.yearly))))
                        }
                        (cells(hours))
                    }
                }
            }
            tfoot {
                tr #total {
                    th scope="row" { "Total" }
                    td {}
                    (cells(&plan.totals))
                }
            }
        }
    };
    html! {
        section id="tasks" aria-labelledby="tasks-h" {
            h2 #tasks-h { "Hours per task" }
            (scroll(&table))
            @if scaling {
                p.small.muted { "* grows with a count: " (clean(&scaling_counts(doc))) }
            }
        }
    }
}

/// The counts the `*` rows grow with, and their values now.
fn scaling_counts(doc: &PlanDocument<'_>) -> String {
    let (model, inputs) = (doc.report.model, doc.report.inputs);
    model
        .counts
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            model
                .rows
                .iter()
                .any(|row| row.scales_with.map(|id| id.0) == Some(*i))
        })
        .map(|(i, count)| {
            format!(
                "{} {}",
                crate::domain::text::in_sentence(&count.label),
                number(inputs.count(crate::domain::model::CountId(i)))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn quarters(doc: &PlanDocument<'_>) -> Markup {
    let plan = doc.report.plan;
    let columns: Vec<Column> = plan
        .quarters
        .iter()
        .map(|q| Column {
            label: q.label(),
            gross: q.gross_hours,
            pto: q.pto_hours,
            planned: q.planned_hours,
            status: q.status,
            caption: [
                format!(
                    "{} of {} h",
                    amount(q.planned_hours),
                    amount(q.available_hours)
                ),
                format!("PTO {} d · {}", number(q.pto_days), q.percent()),
            ],
        })
        .collect();
    let label = plan
        .quarters
        .iter()
        .map(|q| {
            format!(
                "{}: {} h planned of {} h available ({}), {} PTO days",
                q.label(),
                amount(q.planned_hours),
                amount(q.available_hours),
                q.percent(),
                number(q.pto_days)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let table = html! {
        table #quarters-table {
            thead {
                tr {
                    @for (i, heading) in QUARTER_HEADINGS.iter().enumerate() {
                        @if i == 0 || i == 6 { th scope="col" { (heading) } } @else { th.n scope="col" { (heading) } }
                    }
                }
            }
            tbody {
                @for q in &plan.quarters {
                    @let cells = quarter_cells(q);
                    tr class=(status_class(q.status)) {
                        @for (i, cell) in cells.iter().enumerate() {
                            @if i == 0 { th scope="row" { (cell) } }
                            @else if i == 6 { td { span.status { (cell) } } }
                            @else { td.n { (cell) } }
                        }
                    }
                }
            }
        }
    };
    let body = html! {
        figure.keep {
            (svg::columns(&columns, &format!("Quarters: {label}")))
            ul.legend {
                li { (svg::swatch("outline")) "capacity (gross hours)" }
                li { (svg::swatch("url(#p-pto)")) "PTO" }
                li { (svg::swatch("f-ok")) "planned, OK" }
                li { (svg::swatch("url(#p-near)")) "planned, near capacity" }
                li { (svg::swatch("url(#p-over)")) "planned, overloaded" }
            }
        }
        (scroll(&table))
    };
    section("quarters", "Quarters against capacity", &body)
}

fn metrics(doc: &PlanDocument<'_>) -> Markup {
    let report = &doc.report;
    let model = report.model;
    if model.metrics.is_empty() {
        return html! {};
    }
    let table = html! {
        table #metrics-table {
            thead {
                tr {
                    th scope="col" { "Phase" }
                    th scope="col" { "Metric" }
                    th scope="col" { "Target" }
                    th.n scope="col" { "Actual" }
                    th scope="col" { "Status" }
                }
            }
            tbody {
                @for (i, (metric, state)) in model.metrics.iter().zip(&report.plan.metrics).enumerate() {
                    tr {
                        td { (clean(&metric.phase)) }
                        td class=[metric.parent.is_some().then_some("sub")] {
                            @if metric.parent.is_some() { "↳ " }
                            (clean(&metric.name))
                        }
                        td { (clean(&metric.target)) }
                        td.n { (metric_value(model, report.inputs, i).unwrap_or_default()) }
                        td.nw { (metric_mark(*state)) " " (state.label()) }
                    }
                }
            }
        }
    };
    section("metrics", "Metrics", &scroll(&table))
}

/// A metric's status as a sign beside its word: ✓ met, ✗ missed, – none.
fn metric_mark(state: crate::domain::engine::MetricStatus) -> &'static str {
    match state {
        crate::domain::engine::MetricStatus::Met => "✓",
        crate::domain::engine::MetricStatus::Missed => "✗",
        crate::domain::engine::MetricStatus::NoData => "–",
    }
}

fn warnings(doc: &PlanDocument<'_>) -> Markup {
    let warnings = &doc.report.plan.warnings;
    let body = html! {
        @if warnings.is_empty() {
            p { "None." }
        } @else {
            ul.warnings {
                @for warning in warnings { li { "⚠ " (clean(&warning.to_string())) } }
            }
        }
    };
    section("warnings", "Warnings", &body)
}

fn note(doc: &PlanDocument<'_>) -> Markup {
    let note = doc.report.scenario.map_or("", |s| s.note.as_str());
    if note.trim().is_empty() {
        return html! {};
    }
    let body = html! {
        blockquote {
            @for line in note.lines() {
                @if !line.trim().is_empty() { p { (clean(line)) } }
            }
        }
    };
    section("note", "Note", &body)
}
