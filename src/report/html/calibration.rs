//! The calibration document (`calibrate --format html`), and its sections
//! the plan's document shows with `--timesheet`: plan against logged hours
//! per task and per week.

use maud::{Markup, html};

use super::svg;
use super::{Page, clean, delta, header, page, scroll, section};
use crate::domain::calibration::Calibration;
use crate::domain::model::Model;
use crate::domain::text::{self, amount, hours_cell};
use crate::report::calibration::{CalibrationReport, delta as delta_text};

/// The calibration's document.
pub fn document(report: &CalibrationReport<'_>) -> String {
    let c = report.calibration;
    let body = html! {
        (header("Calibration", &report.model.name, &[
            ("Range", format!("{} to {}", c.from, c.to)),
        ]))
        main {
            (logged(report.model, c, "Plan against logged hours"))
        }
    };
    page(
        &Page {
            kind: "Calibration",
            name: &report.model.name,
            date: Some(c.to.to_string()),
        },
        &body,
    )
}

/// The logged hours against the plan: the totals, a row a task with
/// bars, the weeks as a table of values, the unplanned, notes and what
/// was not counted.
pub fn logged(model: &Model, c: &Calibration, heading: &str) -> Markup {
    let report = CalibrationReport {
        model,
        calibration: c,
    };
    let per_task = per_task(&report);
    let body = html! {
        p.small { (report.summary()) }
        (scroll(&per_task))
        (weeks(&report))
        @if !c.unplanned.top.is_empty() {
            h3 { "Unplanned, largest first" }
            p.small.muted { "A rule in rules.toml maps them to a task." }
            ul {
                @for (text, hours) in &c.unplanned.top {
                    li { (amount(*hours)) " h: " (clean(text)) }
                }
            }
        }
        @if !c.notes.is_empty() {
            h3 { "Notes" }
            ul { @for note in &c.notes { li { (clean(note)) } } }
        }
        @if c.skipped_total > 0 {
            h3 { "Not counted" }
            p.small { (text::count(c.skipped_total, "line or event", "lines or events")) " not counted:" }
            ul.small {
                @for skipped in c.skipped.iter().take(20) { li { (clean(&skipped.to_string())) } }
                @if c.skipped_total > 20 { li { "… and " (text::count(c.skipped_total - 20, "more", "more")) } }
            }
        }
    };
    section("logged", heading, &body)
}

/// Plan against logged hours per working week, a row a task, with the
/// three totals.
fn per_task(report: &CalibrationReport<'_>) -> Markup {
    let c = report.calibration;
    let max = c
        .rows
        .iter()
        .map(|r| r.plan_per_working_week.max(r.actual_per_working_week))
        .fold(0.0_f64, f64::max);
    html! {
        table #logged-table {
            caption.small.muted { "Hours per working week: the outlined bar is the plan, the solid one what was logged." }
            thead {
                tr {
                    th scope="col" { "Task" }
                    th scope="col" { span.muted { "Plan / logged" } }
                    th.n scope="col" { "Plan/wk" }
                    th.n scope="col" { "Logged/wk" }
                    th.n scope="col" { "Δ" }
                    th.n scope="col" { "Logged h" }
                }
            }
            tbody {
                @for row in &c.rows {
                    @let task = report.task(row.task);
                    tr data-task=(row.task) {
                        th scope="row" { (task) }
                        td.chart {
                            (svg::pair(row.plan_per_working_week, row.actual_per_working_week, max,
                                &format!("{task}: plan {} h, logged {} h a working week",
                                    hours_cell(row.plan_per_working_week), hours_cell(row.actual_per_working_week))))
                        }
                        td.n.plan { (hours_cell(row.plan_per_working_week)) }
                        td.n.actual { (hours_cell(row.actual_per_working_week)) }
                        td.n { (delta(&delta_text(row.delta))) }
                        td.n { (hours_cell(row.actual_hours)) }
                    }
                }
            }
            tfoot {
                @for (label, plan, actual) in report.totals() {
                    tr {
                        th scope="row" { (label) }
                        td {}
                        td.n { (plan.map(hours_cell).unwrap_or_default()) }
                        td.n { (hours_cell(actual)) }
                        td.n { @if let Some(plan) = plan { (delta(&delta_text(actual - plan))) } }
                        td {}
                    }
                }
            }
        }
    }
}

/// The hours per task and ISO week as a table of values; a cell far from
/// the plan's week is shaded and marked, so colour is never needed.
fn weeks(report: &CalibrationReport<'_>) -> Markup {
    let c = report.calibration;
    if c.weeks.is_empty() {
        return html! {};
    }
    let table = html! {
        table.heat #weeks-table {
            caption.small.muted { "Hours logged per task and ISO week; ▲ above 1.5 × the plan's week, ▽ below half of it." }
            thead {
                tr {
                    th scope="col" { "Task" }
                    th.n scope="col" { "Plan/wk" }
                    @for week in &c.weeks {
                        th.n scope="col" title=(week) { (week.split("-W").nth(1).map_or_else(|| week.clone(), |n| format!("W{n}"))) }
                    }
                }
            }
            tbody {
                @for row in &c.rows {
                    tr {
                        th scope="row" { (report.task(row.task)) }
                        td.n { (hours_cell(row.plan_per_working_week)) }
                        @for hours in &row.by_week {
                            @let (class, sign) = heat(*hours, row.plan_per_working_week);
                            td class={ "n " (class) } { (sign) (hours_cell(*hours)) }
                        }
                    }
                }
            }
        }
    };
    html! {
        h3 { "Week by week" }
        (scroll(&table))
    }
}

/// A week's cell against the plan's week: its class and its mark.
fn heat(hours: f64, plan: f64) -> (&'static str, &'static str) {
    if hours <= 0.0 {
        ("h-none", "")
    } else if plan > 0.0 && hours > 1.5 * plan {
        ("h-hi", "▲ ")
    } else if plan > 0.0 && hours < 0.5 * plan {
        ("h-lo", "▽ ")
    } else {
        ("h-ok", "")
    }
}
