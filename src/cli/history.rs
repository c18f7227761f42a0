//! `tamplan history`: each plan's versions along its repository's
//! history, computed with today's model, printed.

use super::{HistoryArgs, load_model, say, write_stdout};
use crate::io::error::Error;
use crate::io::history::{HistoryError, Range};
use crate::report::{Format, Render as _};

/// `tamplan history`: exit 1 when there is no plan file at all, 2 for a
/// `--since`/`--until` that names no commit; a version that does not load
/// is listed with its error and the rest is printed.
pub(super) fn history(paths: &crate::io::store::Paths, args: &HistoryArgs) -> Result<(), Error> {
    let (model, _) = load_model(paths, args.model.as_deref())?;
    let folders = if args.paths.is_empty() {
        vec![paths.scenarios_dir()]
    } else {
        args.paths.clone()
    };
    let range = Range {
        since: args.since.clone(),
        until: args.until.clone(),
    };
    let histories =
        crate::io::history::plans::load(&folders, &model, &range).map_err(|error| match error {
            HistoryError::Revision { .. } => Error::Usage(error.to_string()),
            other => Error::Failed(other.to_string()),
        })?;
    if histories.plans.is_empty() {
        return Err(Error::Failed(crate::io::team::nothing_loaded(
            &folders,
            &histories.problems,
        )));
    }
    let format = Format::from(args.format);
    let report = crate::report::history::HistoryReport {
        model: &model.name,
        histories: &histories,
    };
    // JSON holds the versions only: what is said about the repositories
    // goes to stderr, so nothing is lost and stdout stays the contract.
    if format == Format::Json {
        for note in report.notes() {
            say("note", &note);
        }
    }
    let text = report.render(format).map_err(Error::Output)?;
    write_stdout(&text)
}
