//! `tamplan calibrate`, and the logged hours the planner opens with: time
//! exports and calendars read, over the range they set.

use std::path::Path;
use std::path::PathBuf;

use super::{CalibrateArgs, inputs_of, load_model, now, say, stamp_saying, write_stdout};
use crate::domain::engine;
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::io::error::Error;
use crate::io::files;
use crate::io::schema;
use crate::io::store::Paths;
use crate::report::Render as _;

/// How far back the planner reads calendars, so that its calibration view
/// can move the range a quarter back.
pub(super) const PLANNER_WEEKS_BEFORE: u32 = 13;

/// The range asked on the command line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub(super) from: Option<chrono::NaiveDate>,
    pub(super) to: Option<chrono::NaiveDate>,
    pub(super) tz: Option<chrono_tz::Tz>,
    pub(super) weeks_before: u32,
}

/// Time exports and calendars read, with the rules (`--rules`, else the
/// config folder's `rules.toml`, else none) and the range they set; exit 1
/// when nothing could be read.
pub(super) fn logged_hours(
    paths: &Paths,
    model: &Model,
    plan: &engine::Plan,
    timesheets: &[PathBuf],
    rules: Option<&Path>,
    window: Window,
) -> Result<crate::domain::calibration::Logged, Error> {
    let rules_path = rules.map_or_else(|| paths.rules_file(), Path::to_path_buf);
    let rules = if rules.is_some() || rules_path.is_file() {
        let text = files::read_text(&rules_path)?;
        crate::io::rules::parse(&text, &rules_path.display().to_string(), model)?
    } else {
        crate::domain::calibration::Rules::default()
    };
    let today = now().date_naive();
    let options = crate::io::timesheet::Options {
        from: window.from,
        to: window.to,
        today,
        hours_per_day: plan.capacity.inputs.hours_per_day,
        tz: window.tz,
        weeks_before: window.weeks_before,
    };
    let read = crate::io::timesheet::read(timesheets, &options)?;
    let sheet = read.sheet;
    if sheet.entries.is_empty() {
        let skipped: Vec<String> = sheet
            .skipped
            .iter()
            .take(10)
            .map(ToString::to_string)
            .collect();
        return Err(Error::Failed(format!(
            "no time entries could be read{}{}",
            if skipped.is_empty() { "" } else { ":\n" },
            skipped.join("\n")
        )));
    }
    let logged = crate::domain::calibration::Logged {
        sheet,
        rules,
        range: read.range,
        earliest: read.earliest,
        today,
    };
    // Nothing to compare is said here, before any screen opens.
    logged
        .calibrate(model, plan)
        .map_err(|error| Error::Failed(error.to_string()))?;
    Ok(logged)
}

/// `tamplan calibrate`: exports read, rules applied, the plan compared;
/// exit 1 only when nothing could be read.
pub(super) fn calibrate(paths: &Paths, args: &CalibrateArgs) -> Result<(), Error> {
    let (model, _) = load_model(paths, args.model.as_deref())?;
    let (scenario, inputs) = inputs_of(&model, args.scenario.as_deref(), &args.set)?;
    let plan = engine::compute(&model, &inputs)
        .map_err(|error| Error::Usage(format!("--set: {error}")))?;
    let window = Window {
        from: args.from,
        to: args.to,
        tz: args.tz,
        weeks_before: 0,
    };
    let logged = logged_hours(
        paths,
        &model,
        &plan,
        &args.files,
        args.rules.as_deref(),
        window,
    )?;
    let calibration = logged
        .calibrate(&model, &plan)
        .map_err(|error| Error::Failed(error.to_string()))?;
    if let Some(path) = &args.write_scenario {
        let suggested =
            crate::domain::calibration::suggestion(&model, &inputs, &plan, &calibration);
        let mut out = Scenario::from_inputs(&model, &suggested);
        out.name = match &scenario {
            Some(s) if !s.name.is_empty() => format!("{} (calibrated)", s.name),
            _ => "Calibrated".to_owned(),
        };
        out.owner = scenario
            .as_ref()
            .map(|s| s.owner.clone())
            .unwrap_or_default();
        out.note = format!(
            "Hours from the weeks logged {} to {}.",
            calibration.from, calibration.to
        );
        out.saved = Some(now());
        let text = out
            .to_toml()
            .map_err(|error| Error::Failed(error.to_string()))?;
        let text = stamp_saying(paths, schema::Kind::Scenario, path, &text);
        files::write_atomic(path, &text, args.force)?;
        say(
            "note",
            &format!("wrote the suggested scenario to {}", path.display()),
        );
    }
    let text = crate::report::calibration::CalibrationReport {
        model: &model,
        calibration: &calibration,
    }
    .render(args.format.into())
    .map_err(Error::Output)?;
    write_stdout(&text)
}
