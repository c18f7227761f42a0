//! The team document (`team --format html`, and the team view's export): a
//! row per TAM with a utilization bar and headroom, the team's totals, the
//! book line, and the files that did not load.

use maud::{Markup, html};

use super::svg::{self, Gauge};
use super::{Page, clean, header, page, scroll, section, status_class};
use crate::domain::team::Member;
use crate::domain::text::{self, amount, number};
use crate::report::team::{HEADINGS, TeamReport};

/// The team's document. The trend column (each plan's utilization over
/// its last versions, oldest first: [`Member::trend`]) is there when the
/// plans' history was read.
pub fn document(report: &TeamReport<'_>) -> String {
    let trends = report.team.members.iter().any(|m| !m.trend.is_empty());
    let date = report.now.format("%Y-%m-%d").to_string();
    let totals = report.totals();
    let scale = report
        .team
        .members
        .iter()
        .map(|m| m.utilization)
        .filter(|u| u.is_finite())
        .fold(1.25_f64, f64::max)
        .min(2.0);
    let shown = totals.percent();
    let label = format!(
        "Team utilization {shown}: {} h planned of {} h available",
        amount(totals.planned_hours),
        amount(totals.available_hours)
    );
    let table = plans_table(report, trends, scale);
    let body = html! {
        (header("Team", report.model, &[("Date", date.clone()), ("Plans", text::count(totals.plans, "plan", "plans"))]))
        main {
            section.banner.keep aria-label="The team" {
                p.headline {
                    span.big #utilization { (shown) }
                    "utilization · "
                    span #planned { (amount(totals.planned_hours)) } " h planned of "
                    span #available { (amount(totals.available_hours)) } " h available · "
                    (number(totals.customers)) " customers · headroom " (text::signed(totals.headroom))
                }
                figure {
                    (svg::gauge(&Gauge {
                        utilization: totals.utilization,
                        shown: &shown,
                        status: None,
                        target: None,
                        target_shown: "",
                        label: &label,
                    }))
                }
                @if let Some(line) = report.book_sentence() {
                    p #book { strong { "Book: " } (line) }
                }
            }
            (section("plans", "Plans", &scroll(&table)))
            (notes(report))
        }
    };
    page(
        &Page {
            kind: "Team",
            name: report.model,
            date: Some(date),
        },
        &body,
    )
}

/// A row per plan, with its utilization bar (against `scale`), and the
/// team's totals.
fn plans_table(report: &TeamReport<'_>, trends: bool, scale: f64) -> Markup {
    let totals = report.totals();
    html! {
        table #team-table {
            thead {
                tr {
                    @for (i, heading) in HEADINGS.iter().enumerate() {
                        @if i == 3 { th scope="col" colspan="2" { (heading) } }
                        @else if matches!(i, 0 | 1 | 4 | 9) { th scope="col" { (heading) } }
                        @else { th.n scope="col" { (heading) } }
                        @if i == 3 && trends { th scope="col" { "Trend" } }
                    }
                }
            }
            tbody {
                @for (i, member) in report.team.members.iter().enumerate() {
                    @let cells = report.cells(member);
                    tr data-plan=(i) class=(status_class(member.status)) {
                        th scope="row" { (cells[0]) }
                        td { (cells[1]) }
                        td.n { (cells[2]) }
                        td.chart {
                            (svg::meter(member.utilization, scale, member.status,
                                &format!("{}: {} of {} h available", clean(&member.name), member.percent(), amount(member.available_hours))))
                        }
                        td.n.util { (cells[3]) }
                        @if trends {
                            td.chart { (trend(member)) }
                        }
                        td { span.status { (cells[4]) } }
                        td.n { (cells[5]) }
                        td.n { (cells[6]) }
                        td.n.headroom { (cells[7]) }
                        td.n { (cells[8]) }
                        td.nw { (cells[9]) }
                    }
                }
            }
            tfoot {
                tr #team-total {
                    th scope="row" { "Team" }
                    td { (text::count(totals.plans, "plan", "plans")) }
                    td.n { (number(totals.customers)) }
                    td {}
                    td.n.util { (totals.percent_fit(8)) }
                    @if trends { td {} }
                    td {}
                    td.n { (text::signed(totals.spare_to_target)) }
                    td.n { (text::thousands(totals.max_customers_at_target)) }
                    td.n { (text::signed(totals.headroom)) }
                    td {} td {}
                }
            }
        }
    }
}

fn trend(member: &Member) -> Markup {
    match member.trend.as_slice() {
        [] => html! { span.muted { "—" } },
        values => {
            let label = format!(
                "{}: utilization over the last versions, oldest first: {}",
                clean(&member.name),
                values
                    .iter()
                    .map(|v| text::utilization(*v, member.warn_at))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            svg::trend(values, &label)
        }
    }
}

fn notes(report: &TeamReport<'_>) -> Markup {
    let notes = report.notes();
    let problems = &report.team.problems;
    if notes.is_empty() && problems.is_empty() {
        return html! {};
    }
    let body = html! {
        @if !notes.is_empty() {
            ul { @for note in &notes { li { (clean(note)) } } }
        }
        @if !problems.is_empty() {
            h3 { "Not loaded (" (problems.len()) ")" }
            ul {
                @for problem in problems {
                    li {
                        // Every problem names its file, once.
                        @if !problem.message.starts_with(&problem.file) {
                            code { (clean(&problem.file)) } ": "
                        }
                        @for (i, line) in problem.message.lines().enumerate() {
                            @if i > 0 { br; }
                            (clean(line))
                        }
                    }
                }
            }
        }
    };
    section("notes", "Notes", &body)
}
