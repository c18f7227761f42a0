//! Engine benchmarks: the handbook model and a generated model of 10,000
//! rows. Run with `cargo bench --bench engine`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "benchmarks: set-up that fails panics, and fixtures have a known shape"
)]

use tamplan::domain::engine::{Inputs, compute};
use tamplan::domain::model::Model;

mod support;

use support::generated;

fn main() {
    divan::main();
}

#[divan::bench]
fn handbook_model(bencher: divan::Bencher) {
    let model = Model::builtin().expect("valid");
    let inputs = Inputs::defaults(&model);
    bencher.bench(|| compute(divan::black_box(&model), divan::black_box(&inputs)));
}

#[divan::bench]
fn ten_thousand_rows(bencher: divan::Bencher) {
    let model = generated(10_000);
    let inputs = Inputs::defaults(&model);
    bencher.bench(|| compute(divan::black_box(&model), divan::black_box(&inputs)));
}

#[divan::bench]
fn parse_handbook_model() -> Model {
    Model::parse(
        divan::black_box(tamplan::domain::model::DEFAULT_MODEL_TOML),
        "default",
    )
    .expect("valid")
}
