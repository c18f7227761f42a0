//! What the benches share: a generated model of any size.

use std::fmt::Write as _;

use tamplan::domain::model::Model;

/// A model with `rows` task rows, a third scaling with customers, a third
/// with another count, the rest fixed, in all four periods.
pub fn generated(rows: usize) -> Model {
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
