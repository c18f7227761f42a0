//! `tamplan report`: the plan printed without the interactive screen, with
//! the hours logged against it when `--timesheet` gives them.

use super::args::ReportArgs;
use super::calibrate::{Window, logged_hours};
use super::{inputs_of, load_model, now, say, write_stdout};
use crate::domain::diff::Loaded;
use crate::domain::engine;
use crate::io::error::Error;
use crate::io::store::Paths;
use crate::report::{Format, PlanDocument, Render as _, Report};

pub(super) fn report(paths: &Paths, args: &ReportArgs) -> Result<(), Error> {
    let (model, source) = load_model(paths, args.model.as_deref())?;
    let (scenario, inputs) = inputs_of(&model, args.scenario.as_deref(), &args.set)?;
    // With `--set`, what fails comes from the flags (bad usage); without,
    // from the model or scenario file.
    let plan = engine::compute(&model, &inputs).map_err(|error| {
        if args.set.is_empty() {
            Error::Failed(error.to_string())
        } else {
            Error::Usage(format!("--set: {error}"))
        }
    })?;
    let calibration = if args.timesheet.is_empty() {
        None
    } else {
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
            &args.timesheet,
            args.rules.as_deref(),
            window,
        )?;
        Some(
            logged
                .calibrate(&model, &plan)
                .map_err(|error| Error::Failed(error.to_string()))?,
        )
    };
    // A saved plan with a 1:1 recorded or a history in git: what changed
    // since, in the formats that show it (JSON, Markdown, HTML). Its
    // absence never stops the report; why is said.
    let format: Format = args.format.into();
    let shows_since = matches!(format, Format::Json | Format::Markdown | Format::Html);
    let since = match (&args.scenario, &scenario) {
        (Some(file), Some(saved)) if shows_since => {
            let to = Loaded {
                scenario: saved,
                inputs: &inputs,
                plan: &plan,
            };
            super::diff::since_review(paths, &model, file, to).unwrap_or_else(|error| {
                say("note", &format!("no section since the last 1:1: {error}"));
                None
            })
        }
        _ => None,
    };
    let document = PlanDocument {
        report: Report {
            model: &model,
            model_source: &source,
            scenario: scenario.as_ref(),
            inputs: &inputs,
            plan: &plan,
        },
        logged: calibration.as_ref(),
        since: since.as_ref(),
        date: Some(now()),
    };
    let text = document.render(format).map_err(Error::Output)?;
    write_stdout(&text)
}
