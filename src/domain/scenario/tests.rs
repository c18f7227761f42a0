//! The scenario read, applied and written back.

#![expect(clippy::float_cmp, reason = "values are copied, not computed")]

use super::*;
use crate::domain::engine::{Input, compute};
use crate::domain::model::Model;

fn model() -> Model {
    Model::builtin().expect("valid")
}

#[test]
fn round_trip_keeps_every_value_and_the_numbers() {
    let model = model();
    let mut inputs = Inputs::defaults(&model);
    inputs.set(Input::by_name(&model, "customers").expect("count"), 40.5);
    inputs.set(Input::by_name(&model, "pto_days").expect("capacity"), 30.0);
    inputs.set_row_hours(8, 6.25);
    inputs.set_actual(3, Some(12.0));
    inputs.set_calendar(Some(Calendar {
        year: 2027,
        quarter: Some(2),
    }));
    let mut scenario = Scenario::from_inputs(&model, &inputs);
    scenario.name = "Q2 \"stretch\"".to_owned();
    scenario.owner = "Alex".to_owned();
    scenario.note = "Agreed in the 1:1.\nRevisit in March.".to_owned();
    scenario.saved = chrono::DateTime::parse_from_rfc3339("2026-11-22T15:04:05+01:00").ok();
    let text = scenario.to_toml().expect("serializes");
    let back = Scenario::parse(&text, "s.toml").expect("parses");
    assert_eq!(back.name, scenario.name);
    assert_eq!(back.owner, "Alex");
    assert_eq!(back.note, scenario.note);
    assert_eq!(back.saved, scenario.saved);
    assert_eq!(back.calendar, scenario.calendar);
    let applied = back.apply(&model);
    assert!(applied.unknown.is_empty(), "{:?}", applied.unknown);
    assert_eq!(applied.inputs, inputs);
    assert_eq!(compute(&model, &applied.inputs), compute(&model, &inputs));
}

#[test]
fn round_trip_keeps_quarters_and_the_target() {
    let model = model();
    let mut inputs = Inputs::defaults(&model);
    inputs.set(
        Input::by_name(&model, "target_utilization").expect("capacity"),
        0.85,
    );
    inputs.set_pto_by_quarter(Some([10.0, 10.0, 26.0, 10.0]));
    let wave = model.count_id("new_customers_per_quarter").expect("count");
    inputs.set_count_by_quarter(wave, Some([2.0, 5.0, 3.0, 3.0]));
    let text = Scenario::from_inputs(&model, &inputs)
        .to_toml()
        .expect("serializes");
    assert!(text.contains("target_utilization = 0.85"), "{text}");
    assert!(
        text.contains("pto_by_quarter = [10.0, 10.0, 26.0, 10.0]"),
        "{text}"
    );
    assert!(text.contains("[counts_by_quarter]"), "{text}");
    assert!(
        !text.contains("pto_days"),
        "the sum is not written twice: {text}"
    );
    let back = Scenario::parse(&text, "s.toml").expect("parses");
    let applied = back.apply(&model);
    assert!(applied.unknown.is_empty(), "{:?}", applied.unknown);
    assert_eq!(applied.inputs, inputs);
}

#[test]
fn saved_numbers_have_at_most_four_decimals_unless_typed_with_more() {
    let model = model();
    let mut inputs = Inputs::defaults(&model);
    // A calibrated figure, and one computed at a part-time week.
    inputs.set_row_hours(8, 13.600_000_000_000_001);
    inputs.set_row_hours(9, 10.0 / 3.0);
    // Typed with five decimals.
    inputs.set_row_hours(11, 1.234_56);
    inputs.set(
        Input::by_name(&model, "customers").expect("count"),
        35.1 + 0.2,
    );
    inputs.set_pto_by_quarter(Some([0.1 + 0.2, 10.0, 26.0, 10.0]));
    let text = Scenario::from_inputs(&model, &inputs)
        .to_toml()
        .expect("serializes");
    assert!(text.contains("\"Special projects\" = 13.6\n"), "{text}");
    assert!(
        text.contains("\"Professional development\" = 3.3333\n"),
        "{text}"
    );
    assert!(text.contains("\"Internal meetings\" = 1.23456\n"), "{text}");
    assert!(text.contains("customers = 35.3\n"), "{text}");
    assert!(
        text.contains("pto_by_quarter = [0.3, 10.0, 26.0, 10.0]"),
        "{text}"
    );
}

#[test]
fn only_changed_values_are_written() {
    let model = model();
    let text = Scenario::from_inputs(&model, &Inputs::defaults(&model))
        .to_toml()
        .expect("serializes");
    assert!(!text.contains("[counts]"), "{text}");
    assert!(text.contains("model = \"TAM Segment: Named\""), "{text}");
}

#[test]
fn unknown_names_are_reported_with_their_position_and_the_rest_applies() {
    let text = "name = \"x\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 40\ncustomerz = 41\n[hours]\n\"Nope\" = 3\n";
    let scenario = Scenario::parse(text, "x.toml").expect("parses");
    let applied = scenario.apply(&model());
    let messages: Vec<String> = applied
        .unknown
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("5:1: count \"customerz\" is not in the model"),
        "{messages:?}"
    );
    assert_eq!(messages[1], "7:1: task \"Nope\" is not in the model");
    let customers = Input::by_name(&model(), "customers").expect("count");
    assert_eq!(applied.inputs.get(customers), 40.0);
}

#[test]
fn bad_values_are_errors_with_positions() {
    let text = "name = \"x\"\nyear = 2027\nquarter = 5\n[counts]\ncustomers = -4\n";
    let error = Scenario::parse(text, "x.toml").expect_err("invalid");
    let shown = error.to_string();
    assert!(
        shown.contains("x.toml:3:11: `quarter` is 5; expected 1, 2, 3 or 4"),
        "{shown}"
    );
    assert!(
        shown.contains("x.toml:5:13: count \"customers\" is -4; expected a finite number ≥ 0"),
        "{shown}"
    );
    let error = Scenario::parse("name = 1\n", "y.toml").expect_err("invalid");
    assert!(error.to_string().starts_with("y.toml:1:8: "), "{error}");
    let error = Scenario::parse("name = \"a\"\nextra = 1\n", "z.toml").expect_err("invalid");
    assert!(
        error
            .to_string()
            .contains("z.toml:2:1: unknown field `extra`"),
        "{error}"
    );
}

#[test]
fn reviewed_round_trips_and_makes_the_file_format_2() {
    let model = model();
    let mut scenario = Scenario::from_inputs(&model, &Inputs::defaults(&model));
    scenario.name = "Ana".to_owned();
    let old = scenario.to_toml().expect("serializes");
    assert!(
        !old.contains("format"),
        "no key for a first-wave file: {old}"
    );
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    scenario.reviewed = Some(Reviewed::on(date));
    let text = scenario.to_toml().expect("serializes");
    let first_key = text.lines().find(|line| !line.starts_with('#'));
    assert_eq!(first_key, Some("format = 2"), "{text}");
    assert!(text.contains("\nreviewed = 2026-11-30\n"), "{text}");
    let back = Scenario::parse(&text, "s.toml").expect("parses");
    assert_eq!(back.reviewed.map(|r| r.date), Some(date));
    assert_eq!(back.to_toml().expect("serializes"), text);
    // `stamped` keeps it.
    let stamped = Scenario::stamped(
        &model,
        &Inputs::defaults(&model),
        &back,
        chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00Z").expect("time"),
    );
    assert_eq!(stamped.reviewed.map(|r| r.date), Some(date));
}

#[test]
fn a_reviewed_that_is_not_a_date_or_a_newer_format_is_refused_at_its_place() {
    let error = Scenario::parse("name = \"x\"\nreviewed = \"last week\"\n", "r.toml")
        .expect_err("not a date");
    assert!(
        error.to_string().contains(
            "r.toml:2:12: `reviewed` is \"last week\"; expected a date without quotes, e.g. reviewed = 2026-12-07"
        ),
        "{error}"
    );
    let error = Scenario::parse("name = \"x\"\nreviewed = 2026-12-07T10:00:00Z\n", "r.toml")
        .expect_err("a time too");
    assert!(
        error.to_string().starts_with("r.toml:2:12: `reviewed` is"),
        "{error}"
    );
    let error =
        Scenario::parse("format = 3\nname = \"x\"\n[book]\nx = 1\n", "n.toml").expect_err("newer");
    assert_eq!(
        error.to_string().lines().next(),
        Some("n.toml:1:10: written by a newer tamplan (format 3); this one reads formats 1 and 2")
    );
    let error = Scenario::parse("format = 3\nname = \"x\"\n", "n.toml").expect_err("newer");
    assert!(
        error
            .to_string()
            .contains("n.toml:1:10: written by a newer tamplan (format 3)")
    );
    assert!(Scenario::parse("format = 1\nname = \"x\"\n", "o.toml").is_ok());
    assert!(Scenario::parse("format = 0\nname = \"x\"\n", "o.toml").is_err());
}

#[test]
fn a_reviewed_date_in_the_future_is_a_warning_and_the_plan_loads() {
    let scenario =
        Scenario::parse("name = \"x\"\nreviewed = 2027-01-04\n", "f.toml").expect("loads");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
    let warning = scenario.reviewed_in_future(today).expect("a warning");
    assert_eq!((warning.line, warning.column), (2, 12));
    assert_eq!(
        warning.message,
        "`reviewed` is 2027-01-04, after today (2026-12-07); expected the day of a 1:1 that took place"
    );
    let tomorrow = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).expect("date");
    assert!(scenario.reviewed_in_future(tomorrow).is_none());
}

#[test]
fn a_scenario_for_another_model_says_so() {
    let text = "name = \"x\"\nmodel = \"Other\"\n";
    let applied = Scenario::parse(text, "x.toml")
        .expect("parses")
        .apply(&model());
    assert_eq!(applied.unknown.len(), 1);
    assert!(
        applied.unknown[0]
            .message
            .contains("made for the model \"Other\"")
    );
}
