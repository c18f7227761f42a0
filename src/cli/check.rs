//! `tamplan check`: models, scenarios and rules files checked, every problem
//! listed.

use std::path::Path;
use std::path::PathBuf;

use super::{load_model, say, scenario_for, write_stdout};
use crate::domain::engine;
use crate::domain::engine::Inputs;
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::io::error::Error;
use crate::io::files;
use crate::io::store::Paths;

/// Checks each file: a model (it has `rows`) on its own, a scenario
/// against the model in use.
pub(super) fn check(
    paths: &Paths,
    model_flag: Option<&Path>,
    files_to_check: &[PathBuf],
) -> Result<(), Error> {
    let mut failed = 0usize;
    for path in files_to_check {
        match check_file(paths, model_flag, path) {
            Ok(()) => write_stdout(&format!(
                "{}: ok\n",
                crate::domain::text::sanitize(&path.display().to_string())
            ))?,
            Err(error) => {
                failed += 1;
                say("error", &error.to_string());
            }
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(Error::CheckFailed {
            failed,
            total: files_to_check.len(),
        })
    }
}

pub(super) fn check_file(
    paths: &Paths,
    model_flag: Option<&Path>,
    path: &Path,
) -> Result<(), Error> {
    let text = files::read_text(path)?;
    // A model has [[rows]] or [[metrics]], a rules file [[rule]], a
    // scenario none of them; read leniently, so a model with a bad value is
    // still checked as a model.
    let (table, _) = toml::de::DeTable::parse_recoverable(&text);
    let has = |key: &str| table.get_ref().contains_key(key);
    let is_model = has("rows") || has("metrics");
    if is_model {
        Model::parse(&text, &path.display().to_string())?;
    } else if has("rule") {
        // Rules name the model's tasks: checked against the model in use.
        let (model, _) = load_model(paths, model_flag)?;
        crate::io::rules::parse(&text, &path.display().to_string(), &model)?;
    } else {
        let (model, _) = load_model(paths, model_flag)?;
        let (scenario, _) = scenario_for(&model, &text, &path.display().to_string())?;
        // A `reviewed` day to come is a warning: the plan still loads.
        if let Some(warning) = scenario.reviewed_in_future(super::now().date_naive()) {
            say("warning", &warning.located(&path.display().to_string()));
        }
    }
    Ok(())
}

/// Values that cannot be planned with, as a problem at the scenario's
/// first capacity entry (the values that make them so).
pub(super) fn capacity_problem(
    model: &Model,
    scenario: &Scenario,
    inputs: &Inputs,
) -> Option<crate::domain::diagnostic::Diagnostic> {
    let error = engine::compute(model, inputs).err()?;
    // The value to blame: the largest one for numbers too large, else the
    // input the error names, else the first capacity entry.
    let entries = || {
        scenario
            .counts
            .iter()
            .chain(&scenario.capacity)
            .chain(&scenario.hours)
    };
    let blamed = match error {
        engine::PlanError::TooLarge => entries().max_by(|a, b| a.value.total_cmp(&b.value)),
        _ => scenario
            .capacity
            .iter()
            .find(|entry| entry.name == error.field()),
    };
    let at = blamed.or_else(|| scenario.capacity.first()).map_or_else(
        || {
            scenario
                .pto_by_quarter
                .as_ref()
                .map_or((1, 1), |days| (days.line, days.column))
        },
        |entry| (entry.line, entry.column),
    );
    Some(crate::domain::diagnostic::Diagnostic {
        line: at.0,
        column: at.1,
        message: error.to_string(),
    })
}
