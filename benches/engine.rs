//! Engine benchmarks: the handbook model and a generated model of 10,000
//! rows. Run with `cargo bench --bench engine`.

use std::fmt::Write as _;

use tamplan::domain::engine::{Inputs, compute};
use tamplan::domain::model::Model;

fn main() {
    divan::main();
}

/// A model with `rows` task rows, a third scaling with customers, a third
/// with another count, the rest fixed, in all four periods.
fn generated(rows: usize) -> Model {
    let mut text = String::from(
        "name = \"Generated\"\n[capacity]\nhours_per_week = 40\nweeks_per_year = 52\npto_days = 56\nhours_per_day = 8\n\
         [[counts]]\nname = \"customers\"\nlabel = \"Customers\"\ndefault = 35\n\
         [[counts]]\nname = \"ebrs\"\nlabel = \"EBRs\"\ndefault = 27\n",
    );
    let periods = ["week", "month", "quarter", "year"];
    let hours = ["0", "0.25", "0.5", "1", "2.5", "4", "13"];
    for i in 0..rows {
        let per = periods[i % periods.len()];
        let _ = write!(
            text,
            "[[rows]]\ntask = \"Task {i}\"\nhours = {}\nper = \"{per}\"\n",
            hours[i % hours.len()]
        );
        match i % 3 {
            0 => text.push_str("scales_with = \"customers\"\n"),
            1 => text.push_str("scales_with = \"ebrs\"\n"),
            _ => {}
        }
    }
    Model::parse(&text, "generated").expect("the generated model is valid")
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
