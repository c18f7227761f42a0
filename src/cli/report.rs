//! `tamplan report`: the plan printed without the interactive screen.

use super::args::ReportArgs;
use super::{inputs_of, load_model, write_stdout};
use crate::domain::engine;
use crate::io::error::Error;
use crate::io::store::Paths;
use crate::report::{Render as _, Report};

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
    let text = Report {
        model: &model,
        model_source: &source,
        scenario: scenario.as_ref(),
        inputs: &inputs,
        plan: &plan,
    }
    .render(args.format.into())
    .map_err(Error::Output)?;
    write_stdout(&text)
}
