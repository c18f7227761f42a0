//! What changed in a plan, as HTML: the document of `diff --format html`
//! and the "Since the last 1:1" section of the plan's document. The
//! figures and words are the ones `diff`'s table gives (`report::diff`).

use maud::{Markup, html};

use super::{Page, clean, delta, page, scroll, section, status_class};
use crate::domain::diff::{Compared, Diff};
use crate::report::diff::{headline, signed_change, summary_rows, value_text};

/// The "Since the last 1:1" section's content in the plan's document:
/// the two versions, then the changes with `h3` headings.
pub fn since(compared: &Compared) -> Markup {
    html! {
        p.keep {
            (clean(&compared.from.label)) " → " (clean(&compared.to.label))
        }
        @if !compared.diff.is_empty() {
            p.headline { (clean(&headline(&compared.diff))) "." }
        }
        (changes(compared, Level::Parts))
    }
}

/// The notes, then the changes under their headings: the plan's figures,
/// the inputs, the tasks' yearly hours, the warnings, name, owner and
/// note; "No change." when there is none.
fn changes(compared: &Compared, level: Level) -> Markup {
    let diff = &compared.diff;
    html! {
        @for note in &compared.notes {
            p.note-line { "Note: " (clean(note)) }
        }
        @if diff.is_empty() {
            p { "No change." }
        } @else {
            (level.part("diff-plan", "Plan", &scroll(&plan_table(diff))))
            @if !diff.inputs.is_empty() {
                (level.part("diff-inputs", "Inputs", &scroll(&inputs_table(diff))))
            }
            @if !diff.rows.is_empty() {
                (level.part("diff-rows", "Tasks (yearly hours)", &scroll(&rows_table(diff))))
            }
            @if !diff.warnings.added.is_empty() || !diff.warnings.removed.is_empty() {
                (level.part("diff-warnings", "Warnings", &warnings(diff)))
            }
            @if !diff.meta.is_empty() {
                (level.part("diff-meta", "Name, owner and note", &meta(diff)))
            }
        }
    }
}

/// The heading level of the parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Sections of their own (`h2`): the diff's document.
    Sections,
    /// Parts of the plan document's section (`h3`).
    Parts,
}

impl Level {
    fn part(self, id: &str, heading: &str, body: &Markup) -> Markup {
        match self {
            Level::Sections => section(id, heading, body),
            Level::Parts => html! {
                div.keep id=(id) {
                    h3 { (heading) }
                    (body)
                }
            },
        }
    }
}

fn plan_table(diff: &Diff) -> Markup {
    let s = &diff.summary;
    let [planned, available, utilization, status] = summary_rows(diff);
    let change = |[before, after]: [f64; 2]| signed_change(before, after);
    html! {
        table #diff-plan-table {
            thead { tr { th scope="col" { "Figure" } th.n scope="col" { "Before" } th.n scope="col" { "After" } th.n scope="col" { "Change" } } }
            tbody {
                @for (i, (row, shift)) in [(planned, s.planned_hours), (available, s.available_hours)].into_iter().enumerate() {
                    tr data-figure=(i) {
                        th scope="row" { (row[0]) }
                        td.n.before { (row[1]) }
                        td.n.after { (row[2]) }
                        td.n { (delta(&change(shift))) }
                    }
                }
                tr data-figure="2" {
                    th scope="row" { (utilization[0]) }
                    td.n.before { (utilization[1]) }
                    td.n.after { (utilization[2]) }
                    td.n {}
                }
                tr {
                    th scope="row" { (status[0]) }
                    td.n { span class={ "status " (status_class(s.status[0].0)) } { (status[1]) } }
                    td.n { span class={ "status " (status_class(s.status[1].0)) } { (status[2]) } }
                    td.n {}
                }
            }
        }
    }
}

fn inputs_table(diff: &Diff) -> Markup {
    html! {
        table #diff-inputs-table {
            thead { tr { th scope="col" { "Input" } th.n scope="col" { "Before" } th.n scope="col" { "After" } } }
            tbody {
                @for input in &diff.inputs {
                    tr {
                        th scope="row" { (clean(&input.label)) }
                        td.n { (value_text(input, input.before)) }
                        td.n { (value_text(input, input.after)) }
                    }
                }
            }
        }
    }
}

fn rows_table(diff: &Diff) -> Markup {
    html! {
        table #diff-rows-table {
            thead { tr { th scope="col" { "Task" } th.n scope="col" { "Before" } th.n scope="col" { "After" } th.n scope="col" { "Change" } } }
            tbody {
                @for (i, row) in diff.rows.iter().enumerate() {
                    tr data-row=(i) {
                        th scope="row" { (clean(&row.task)) }
                        td.n.before { (crate::domain::text::amount(row.before)) }
                        td.n.after { (crate::domain::text::amount(row.after)) }
                        td.n { (delta(&signed_change(row.before, row.after))) }
                    }
                }
            }
        }
    }
}

fn warnings(diff: &Diff) -> Markup {
    html! {
        ul.warnings {
            @for warning in &diff.warnings.added { li { "⚠ New: " (clean(warning)) } }
            @for warning in &diff.warnings.removed { li { "✓ Gone: " (clean(warning)) } }
        }
    }
}

fn meta(diff: &Diff) -> Markup {
    html! {
        ul {
            @for change in &diff.meta {
                li { (change.name) ": “" (clean(&change.before)) "” → “" (clean(&change.after)) "”" }
            }
        }
    }
}

/// `diff --format html`: the changes as a document of their own.
pub fn document(compared: &Compared) -> String {
    let body = html! {
        (super::header("Changes", &compared.file, &[
            ("From", compared.from.label.clone()),
            ("To", compared.to.label.clone()),
        ]))
        main {
            @let diff = &compared.diff;
            div class={ "banner " (status_class(diff.summary.status[1].0)) } {
                p.headline { (clean(&headline(diff))) }
            }
            (changes(compared, Level::Sections))
        }
    };
    let date = compared
        .to
        .time
        .as_deref()
        .and_then(|time| time.get(..10))
        .map(str::to_owned);
    page(
        &Page {
            kind: "Changes",
            name: &compared.file,
            date,
        },
        &body,
    )
}
