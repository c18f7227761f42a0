//! What changed in a plan between two versions: the semantic diff behind
//! `tamplan diff`, the planner's "since the last 1:1" line and the 1:1
//! summary. Pure: two loaded plans of one model in, a [`Diff`] out, which
//! serialises as the `diff --format json` contract (with [`Compared`] for
//! the file and the two versions' places).
//!
//! A change is judged on the values the plan computes with (a scenario
//! value equal to the model's default is no change), through the domain's
//! one tolerance. `reviewed`, `saved` and the `#:schema` line are never a
//! change.

use serde::Serialize;
use serde::ser::SerializeSeq as _;

use crate::domain::capacity::Calendar;
use crate::domain::engine::{Change, Input, Inputs, Plan, Status, Warning, changes};
use crate::domain::model::Model;
use crate::domain::num;
use crate::domain::scenario::Scenario;

/// One version of a plan, loaded and computed with the model.
#[derive(Debug, Clone, Copy)]
pub struct Loaded<'a> {
    /// Name, owner, note (and `reviewed`, `saved`: never a change).
    pub scenario: &'a Scenario,
    /// Its values on the model's defaults.
    pub inputs: &'a Inputs,
    /// Its figures.
    pub plan: &'a Plan,
}

/// A value of an input before or after: a number, four numbers (one a
/// quarter), or nothing (a calendar not set, quarters not placed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A count, a capacity input, a task's hours, a year or a quarter.
    Number(f64),
    /// Q1 to Q4.
    Quarters([f64; 4]),
    /// Not set (`null` in JSON).
    Absent,
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Number(value) => serializer.serialize_f64(*value),
            Value::Quarters(values) => {
                let mut seq = serializer.serialize_seq(Some(values.len()))?;
                for value in values {
                    seq.serialize_element(value)?;
                }
                seq.end()
            }
            Value::Absent => serializer.serialize_none(),
        }
    }
}

/// What kind of input changed, for people's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A count (`customers`).
    Count,
    /// A capacity input (`pto_days`, `target_utilization`).
    Capacity,
    /// The calendar (`year`, `quarter`).
    Calendar,
    /// Values by quarter (`pto_by_quarter`, `counts_by_quarter.NAME`).
    Quarters,
    /// A task's hours per its period (`hours.TASK`).
    Hours,
    /// A metric's recorded actual (`actuals.ID`).
    Actual,
}

/// An input that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputChange {
    /// Its name as files and `--set` write it: a count or capacity input
    /// (`customers`, `target_utilization`), `year`, `quarter`,
    /// `pto_by_quarter`, `counts_by_quarter.NAME`, `hours.TASK` (hours per
    /// the task's period) or `actuals.ID`.
    pub name: String,
    /// Before.
    pub before: Value,
    /// After.
    pub after: Value,
    /// What it is called on screen ("Customers", "Hours for Onboarding").
    #[serde(skip)]
    pub label: String,
    /// Its kind.
    #[serde(skip)]
    pub kind: InputKind,
}

/// A task whose yearly hours changed (from its own hours or a count it
/// scales with).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowChange {
    /// The task.
    pub task: String,
    /// Yearly hours before.
    pub before: f64,
    /// Yearly hours after.
    pub after: f64,
}

/// A status before and after, serialised as `"ok"`, `"near"`, `"over"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusKey(pub Status);

impl Serialize for StatusKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.key())
    }
}

/// The plan's figures before and after, each as `[before, after]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Planned yearly hours.
    pub planned_hours: [f64; 2],
    /// Available yearly hours.
    pub available_hours: [f64; 2],
    /// Planned ÷ available.
    pub utilization: [f64; 2],
    /// ok / near / over.
    pub status: [StatusKey; 2],
    /// Customers in the book (0 without a `customers` count).
    #[serde(skip)]
    pub customers: [f64; 2],
    /// The model's `warn_at`, to show a percentage that agrees with its
    /// status.
    #[serde(skip)]
    pub warn_at: f64,
}

/// Warnings that appeared and went. A warning that stays (with other
/// figures in its sentence) is neither.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Warnings {
    /// In the later version only, as its sentence.
    pub added: Vec<String>,
    /// In the earlier version only, as its sentence then.
    pub removed: Vec<String>,
}

/// The plan's name, owner or note, changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetaChange {
    /// `name`, `owner` or `note`.
    pub name: &'static str,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
}

/// What changed from one version of a plan to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Each changed input, in the model's order: the calendar, counts and
    /// capacity, values by quarter, task hours, actuals.
    pub inputs: Vec<InputChange>,
    /// Each task whose yearly hours changed, in the model's order.
    pub rows: Vec<RowChange>,
    /// Planned, available, utilization and status, before and after.
    pub summary: Summary,
    /// Warnings that appeared and went.
    pub warnings: Warnings,
    /// Name, owner and note changes.
    pub meta: Vec<MetaChange>,
}

/// Where one side of a comparison came from (the `from` and `to` of the
/// JSON contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    /// The commit id, or `None` for the file as it is now or a review copy.
    pub commit: Option<String>,
    /// The commit's time (RFC 3339 with its offset), or the file's
    /// modification time; `None` when unknown.
    pub time: Option<String>,
    /// The version's `reviewed` date.
    pub reviewed: Option<chrono::NaiveDate>,
    /// What it is, for people: "HEAD (1a2b3c4)", "the file as it is now",
    /// "the plan as reviewed on 2026-11-30".
    #[serde(skip)]
    pub label: String,
}

/// A diff with the file and the two versions it compares: the whole
/// `diff --format json` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compared {
    /// The plan file, as given.
    pub file: String,
    /// The earlier version.
    pub from: Version,
    /// The later version.
    pub to: Version,
    /// What changed.
    #[serde(flatten)]
    pub diff: Diff,
    /// What the reader should know (no review recorded, a date in the
    /// future); shown by the text formats, not part of the JSON.
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl Diff {
    /// Whether nothing changed: no input, row, warning or meta change.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
            && self.rows.is_empty()
            && self.warnings.added.is_empty()
            && self.warnings.removed.is_empty()
            && self.meta.is_empty()
    }

    /// The same diff read the other way: every pair swapped, added and
    /// removed warnings exchanged.
    #[must_use]
    pub fn reversed(&self) -> Diff {
        let swap = |[a, b]: [f64; 2]| [b, a];
        let [s0, s1] = self.summary.status;
        Diff {
            inputs: self
                .inputs
                .iter()
                .map(|input| InputChange {
                    before: input.after,
                    after: input.before,
                    ..input.clone()
                })
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|row| RowChange {
                    task: row.task.clone(),
                    before: row.after,
                    after: row.before,
                })
                .collect(),
            summary: Summary {
                planned_hours: swap(self.summary.planned_hours),
                available_hours: swap(self.summary.available_hours),
                utilization: swap(self.summary.utilization),
                status: [s1, s0],
                customers: swap(self.summary.customers),
                warn_at: self.summary.warn_at,
            },
            warnings: Warnings {
                added: self.warnings.removed.clone(),
                removed: self.warnings.added.clone(),
            },
            meta: self
                .meta
                .iter()
                .map(|meta| MetaChange {
                    name: meta.name,
                    before: meta.after.clone(),
                    after: meta.before.clone(),
                })
                .collect(),
        }
    }
}

/// What changed from `before` to `after`, two versions of a plan on
/// `model`.
pub fn diff(model: &Model, before: Loaded<'_>, after: Loaded<'_>) -> Diff {
    Diff {
        inputs: input_changes(model, before.inputs, after.inputs),
        rows: row_changes(model, before.plan, after.plan),
        summary: summary(model, before, after),
        warnings: warning_changes(&before.plan.warnings, &after.plan.warnings),
        meta: meta_changes(before.scenario, after.scenario),
    }
}

fn number_or_absent(value: Option<f64>) -> Value {
    value.map_or(Value::Absent, Value::Number)
}

fn quarters_or_absent(value: Option<[f64; 4]>) -> Value {
    value.map_or(Value::Absent, Value::Quarters)
}

fn input_changes(model: &Model, before: &Inputs, after: &Inputs) -> Vec<InputChange> {
    let change = |name: String, label: String, kind, before, after| InputChange {
        name,
        before,
        after,
        label,
        kind,
    };
    let mut out = Vec::new();
    for found in changes(model, before, after) {
        match found {
            Change::Calendar { before, after, .. } => {
                let year = |c: Option<Calendar>| number_or_absent(c.map(|c| f64::from(c.year)));
                let quarter = |c: Option<Calendar>| {
                    number_or_absent(c.and_then(|c| c.quarter).map(f64::from))
                };
                if year(before) != year(after) {
                    out.push(change(
                        "year".to_owned(),
                        "Calendar year".to_owned(),
                        InputKind::Calendar,
                        year(before),
                        year(after),
                    ));
                }
                if quarter(before) != quarter(after) {
                    out.push(change(
                        "quarter".to_owned(),
                        "Calendar quarter".to_owned(),
                        InputKind::Calendar,
                        quarter(before),
                        quarter(after),
                    ));
                }
            }
            Change::Input {
                input,
                before,
                after,
            } => out.push(change(
                input.name(model).to_owned(),
                input.label(model).to_owned(),
                match input {
                    Input::Count(_) => InputKind::Count,
                    Input::Capacity(_) => InputKind::Capacity,
                },
                Value::Number(before),
                Value::Number(after),
            )),
            Change::PtoByQuarter { before, after } => out.push(change(
                "pto_by_quarter".to_owned(),
                "PTO days by quarter".to_owned(),
                InputKind::Quarters,
                quarters_or_absent(before),
                quarters_or_absent(after),
            )),
            Change::CountByQuarter { id, before, after } => {
                if let Some(count) = model.count(id) {
                    out.push(change(
                        format!("counts_by_quarter.{}", count.name),
                        format!("{} by quarter", count.label),
                        InputKind::Quarters,
                        quarters_or_absent(before),
                        quarters_or_absent(after),
                    ));
                }
            }
            Change::Hours {
                row, before, after, ..
            } => {
                if let Some(row) = model.rows.get(row) {
                    out.push(change(
                        format!("hours.{}", row.task),
                        format!("Hours for {}", row.task),
                        InputKind::Hours,
                        Value::Number(before),
                        Value::Number(after),
                    ));
                }
            }
        }
    }
    for (index, metric) in model.metrics.iter().enumerate() {
        let (was, is) = (before.actual(index), after.actual(index));
        let differs = match (was, is) {
            (Some(a), Some(b)) => num::differs(a, b),
            (None, None) => false,
            _ => true,
        };
        if differs {
            out.push(change(
                format!("actuals.{}", metric.id),
                format!("Actual for {}", metric.name),
                InputKind::Actual,
                number_or_absent(was),
                number_or_absent(is),
            ));
        }
    }
    out
}

fn row_changes(model: &Model, before: &Plan, after: &Plan) -> Vec<RowChange> {
    model
        .rows
        .iter()
        .zip(before.rows.iter().zip(&after.rows))
        .filter(|(_, (was, is))| num::differs(was.yearly, is.yearly))
        .map(|(row, (was, is))| RowChange {
            task: row.task.clone(),
            before: was.yearly,
            after: is.yearly,
        })
        .collect()
}

fn summary(model: &Model, before: Loaded<'_>, after: Loaded<'_>) -> Summary {
    let customers = |inputs: &Inputs| {
        model
            .count_id(crate::domain::model::BOOK_COUNT)
            .map_or(0.0, |id| inputs.count(id))
    };
    Summary {
        planned_hours: [before.plan.totals.yearly, after.plan.totals.yearly],
        available_hours: [
            before.plan.capacity.available_hours,
            after.plan.capacity.available_hours,
        ],
        utilization: [before.plan.utilization, after.plan.utilization],
        status: [StatusKey(before.plan.status), StatusKey(after.plan.status)],
        customers: [customers(before.inputs), customers(after.inputs)],
        warn_at: after.plan.warn_at,
    }
}

/// A warning's kind: two warnings of one kind are the same warning with
/// other figures.
fn kind(warning: &Warning) -> (u8, u8) {
    match warning {
        Warning::OverCapacity { .. } => (0, 0),
        Warning::NearCapacity { .. } => (1, 0),
        Warning::LongWeek { .. } => (2, 0),
        Warning::AboveTarget { .. } => (3, 0),
        Warning::QuarterOver { quarter } => (4, quarter.quarter),
        Warning::BookTooLarge { .. } => (5, 0),
    }
}

fn warning_changes(before: &[Warning], after: &[Warning]) -> Warnings {
    let only_in = |these: &[Warning], those: &[Warning]| -> Vec<String> {
        these
            .iter()
            .filter(|warning| !those.iter().any(|other| kind(other) == kind(warning)))
            .map(ToString::to_string)
            .collect()
    };
    Warnings {
        added: only_in(after, before),
        removed: only_in(before, after),
    }
}

fn meta_changes(before: &Scenario, after: &Scenario) -> Vec<MetaChange> {
    [
        ("name", &before.name, &after.name),
        ("owner", &before.owner, &after.owner),
        ("note", &before.note, &after.note),
    ]
    .into_iter()
    .filter(|(_, was, is)| was != is)
    .map(|(name, was, is)| MetaChange {
        name,
        before: was.clone(),
        after: is.clone(),
    })
    .collect()
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "figures copied from the engine")]
mod tests {
    use super::*;
    use crate::domain::engine::compute;
    use proptest::prelude::*;
    use std::fmt::Write as _;

    fn model() -> Model {
        Model::builtin().expect("valid")
    }

    /// A plan from scenario text, loaded as every reader loads one.
    fn load(model: &Model, text: &str) -> (Scenario, Inputs, Plan) {
        let scenario = Scenario::parse(text, "t.toml").expect("parses");
        let applied = scenario.apply(model);
        assert!(applied.unknown.is_empty(), "{:?}", applied.unknown);
        let plan = compute(model, &applied.inputs).expect("plans");
        (scenario, applied.inputs, plan)
    }

    fn of(loaded: &(Scenario, Inputs, Plan)) -> Loaded<'_> {
        Loaded {
            scenario: &loaded.0,
            inputs: &loaded.1,
            plan: &loaded.2,
        }
    }

    const BEFORE: &str = "name = \"Ana FY27\"\nowner = \"Ana\"\nmodel = \"TAM Segment: Named\"\nsaved = 2026-11-30T10:00:00+01:00\nreviewed = 2026-11-30\n[counts]\ncustomers = 38\n";

    #[test]
    fn a_plan_against_itself_and_saved_reviewed_and_schema_are_no_change() {
        let model = model();
        let a = load(&model, BEFORE);
        let b = load(
            &model,
            &format!(
                "#:schema ./scenario.schema.json\n{}",
                BEFORE
                    .replace("2026-11-30T10:00:00+01:00", "2026-12-07T09:00:00Z")
                    .replace("reviewed = 2026-11-30", "reviewed = 2026-12-07")
            ),
        );
        assert!(diff(&model, of(&a), of(&a)).is_empty());
        let d = diff(&model, of(&a), of(&b));
        assert!(d.is_empty(), "{d:?}");
        // A value written equal to the model's default is no change.
        let c = load(&model, &format!("{BEFORE}webinars_per_quarter = 3\n"));
        let d = diff(&model, of(&a), of(&c));
        assert!(d.inputs.is_empty(), "{d:?}");
    }

    #[test]
    fn more_customers_change_the_count_the_rows_that_scale_and_the_figures() {
        let model = model();
        let a = load(&model, BEFORE);
        let b = load(
            &model,
            &BEFORE
                .replace(
                    "customers = 38",
                    "customers = 42\n[capacity]\npto_days = 30",
                )
                .replace("owner = \"Ana\"", "owner = \"Ana B\""),
        );
        let d = diff(&model, of(&a), of(&b));
        let names: Vec<&str> = d.inputs.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["customers", "pto_days"]);
        assert_eq!(d.inputs[0].before, Value::Number(38.0));
        assert_eq!(d.inputs[0].after, Value::Number(42.0));
        // Every row that grows with customers, and only those, changed.
        let scaled =
            a.2.rows
                .iter()
                .zip(&b.2.rows)
                .filter(|(x, y)| x.yearly != y.yearly)
                .count();
        assert_eq!(d.rows.len(), scaled);
        assert!(!d.rows.is_empty());
        assert_eq!(
            d.summary.planned_hours,
            [a.2.totals.yearly, b.2.totals.yearly]
        );
        assert_eq!(
            d.summary.available_hours,
            [a.2.capacity.available_hours, b.2.capacity.available_hours]
        );
        assert_eq!(d.summary.customers, [38.0, 42.0]);
        assert_eq!(d.meta.len(), 1);
        assert_eq!(d.meta[0].name, "owner");
        assert_eq!(
            (d.meta[0].before.as_str(), d.meta[0].after.as_str()),
            ("Ana", "Ana B")
        );
    }

    #[test]
    fn calendar_quarters_task_hours_and_target_are_inputs() {
        let model = model();
        let a = load(&model, BEFORE);
        let b = load(
            &model,
            &format!(
                "{}year = 2027\nquarter = 2\n{}[capacity]\ntarget_utilization = 0.85\npto_by_quarter = [10, 10, 26, 10]\n[hours]\n\"Special projects\" = 20\n",
                BEFORE.replace("[counts]\ncustomers = 38\n", ""),
                "[counts]\ncustomers = 38\n"
            ),
        );
        let d = diff(&model, of(&a), of(&b));
        let names: Vec<&str> = d.inputs.iter().map(|i| i.name.as_str()).collect();
        assert!(names.contains(&"year"), "{names:?}");
        assert!(names.contains(&"quarter"), "{names:?}");
        assert!(names.contains(&"target_utilization"), "{names:?}");
        assert!(names.contains(&"pto_by_quarter"), "{names:?}");
        assert!(names.contains(&"hours.Special projects"), "{names:?}");
        let json = serde_json::to_value(&d).expect("json");
        let pto = json["inputs"]
            .as_array()
            .and_then(|inputs| inputs.iter().find(|i| i["name"] == "pto_by_quarter"))
            .expect("pto");
        assert_eq!(pto["before"], serde_json::Value::Null);
        assert_eq!(pto["after"], serde_json::json!([10.0, 10.0, 26.0, 10.0]));
        let year = d.inputs.iter().find(|i| i.name == "year").expect("year");
        assert_eq!(
            (year.before, year.after),
            (Value::Absent, Value::Number(2027.0))
        );
    }

    #[test]
    fn warnings_that_stay_are_neither_added_nor_removed() {
        let model = model();
        let a = load(&model, &BEFORE.replace("38", "60"));
        let b = load(&model, &BEFORE.replace("38", "70"));
        let c = load(&model, &BEFORE.replace("38", "10"));
        let over = diff(&model, of(&a), of(&b));
        assert!(a.2.status == Status::Over && b.2.status == Status::Over);
        assert!(over.warnings.added.is_empty(), "{over:?}");
        assert!(over.warnings.removed.is_empty(), "{over:?}");
        let fixed = diff(&model, of(&a), of(&c));
        assert!(fixed.warnings.added.is_empty());
        assert_eq!(fixed.warnings.removed.len(), a.2.warnings.len());
        assert_eq!(
            fixed.summary.status,
            [StatusKey(Status::Over), StatusKey(c.2.status)]
        );
    }

    #[test]
    fn the_json_is_the_contract() {
        let model = model();
        let a = load(&model, BEFORE);
        let b = load(&model, &BEFORE.replace("38", "42"));
        let compared = Compared {
            file: "ana.toml".to_owned(),
            from: Version {
                commit: Some("1a2b3c".to_owned()),
                time: Some("2026-11-30T18:00:00+01:00".to_owned()),
                reviewed: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
                label: String::new(),
            },
            to: Version {
                commit: None,
                time: None,
                reviewed: None,
                label: String::new(),
            },
            diff: diff(&model, of(&a), of(&b)),
            notes: vec!["not in JSON".to_owned()],
        };
        let json = serde_json::to_value(&compared).expect("json");
        // In the contract's order.
        let text = serde_json::to_string(&compared).expect("json");
        let at = |key: &str| text.find(&format!("\"{key}\":")).expect(key);
        let order = [
            "file", "from", "to", "inputs", "rows", "summary", "warnings", "meta",
        ];
        assert!(
            order.windows(2).all(|pair| at(pair[0]) < at(pair[1])),
            "{text}"
        );
        assert_eq!(
            json.as_object().map(serde_json::Map::len),
            Some(order.len())
        );
        assert_eq!(json["from"]["reviewed"], "2026-11-30");
        assert_eq!(json["to"]["commit"], serde_json::Value::Null);
        assert_eq!(json["summary"]["status"][0], a.2.status.key());
        assert_eq!(json["summary"]["utilization"][1], b.2.utilization);
        assert_eq!(json["inputs"][0]["name"], "customers");
        assert_eq!(json["inputs"][0]["before"], 38.0);
        assert!(json["rows"][0]["task"].is_string());
        assert!(json["warnings"]["added"].is_array());
        assert_eq!(json["meta"], serde_json::json!([]));
    }

    /// A plan with a few values drawn at random.
    fn plan_text() -> impl Strategy<Value = String> {
        (
            0u32..80,
            prop::option::of(0u32..60),
            prop::option::of(0u32..30),
            prop::option::of(1u8..=4),
            prop::bool::ANY,
            "[a-z]{0,6}",
        )
            .prop_map(|(customers, pto, hours, quarter, calendar, note)| {
                let mut text = format!("name = \"p\"\nnote = \"{note}\"\n");
                if calendar {
                    text.push_str("year = 2027\n");
                    if let Some(q) = quarter {
                        let _ = writeln!(text, "quarter = {q}");
                    }
                }
                let _ = writeln!(text, "[counts]\ncustomers = {customers}");
                if let Some(pto) = pto {
                    let _ = writeln!(text, "[capacity]\npto_days = {pto}");
                }
                if let Some(hours) = hours {
                    let _ = writeln!(text, "[hours]\n\"Special projects\" = {hours}");
                }
                text
            })
    }

    proptest! {
        #[test]
        fn a_plan_against_itself_is_empty_and_swapping_swaps_every_pair(
            a in plan_text(),
            b in plan_text(),
        ) {
            let model = model();
            let (a, b) = (load(&model, &a), load(&model, &b));
            prop_assert!(diff(&model, of(&a), of(&a)).is_empty());
            prop_assert!(diff(&model, of(&b), of(&b)).is_empty());
            let forth = diff(&model, of(&a), of(&b));
            let back = diff(&model, of(&b), of(&a));
            prop_assert_eq!(back.reversed(), forth.clone());
            prop_assert_eq!(forth.is_empty(), back.is_empty());
        }
    }
}
