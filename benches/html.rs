//! The 1:1 document against the JSON for the handbook plan, rendered in
//! process. Run with `cargo bench --bench html`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "benchmarks: set-up that fails panics, and fixtures have a known shape"
)]

use tamplan::domain::engine::{Inputs, compute};
use tamplan::domain::model::Model;
use tamplan::report::{Format, PlanDocument, Render as _, Report};

fn main() {
    divan::main();
}

fn render(format: Format) -> String {
    let model = Model::builtin().expect("valid");
    let inputs = Inputs::defaults(&model);
    let plan = compute(&model, &inputs).expect("plans");
    let document = PlanDocument::new(Report {
        model: &model,
        model_source: "built-in",
        scenario: None,
        inputs: &inputs,
        plan: &plan,
    });
    document.render(divan::black_box(format)).expect("renders")
}

#[divan::bench]
fn handbook_plan_json() -> String {
    render(Format::Json)
}

#[divan::bench]
fn handbook_plan_html() -> String {
    render(Format::Html)
}
