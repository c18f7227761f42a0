//! The interactive planner, opened without a command: the model, a
//! scenario, logged hours and unsaved work of earlier sessions put in it.

use super::args::Cli;
use super::calibrate::{PLANNER_WEEKS_BEFORE, Window, logged_hours};
use super::load_model;
use crate::domain::scenario::Scenario;
use crate::io::error::Error;
use crate::io::files;
use crate::io::store::{self, Paths};
use crate::tui::Ending;
use crate::tui::planner::{Action, App, Pick, Settings};

/// The interactive planner.
pub(super) fn plan(paths: &Paths, cli: &Cli) -> Result<Ending, Error> {
    let scenario = cli.scenario.as_deref();
    let (model, source) = load_model(paths, cli.model.as_deref())?;
    let settings = Settings::new(paths, &source);
    // The model's own values cannot be planned: the model file's fault.
    let mut app = App::with_settings(model, source, settings, (0, 0))
        .map_err(|error| Error::Failed(error.to_string()))?;
    if let Some(path) = scenario {
        let text = files::read_text(path)?;
        // A malformed file is refused here, with every problem listed; a
        // file naming unknown things opens in the planner, which asks.
        Scenario::parse(&text, &path.display().to_string())?;
        app.update(Action::Opened {
            path: path.to_owned(),
            text,
            purpose: Pick::Open,
        });
    }
    if !cli.timesheet.is_empty() {
        let range = Window {
            from: cli.from,
            to: cli.to,
            tz: cli.tz,
            weeks_before: PLANNER_WEEKS_BEFORE,
        };
        let logged = logged_hours(
            paths,
            app.model(),
            app.plan(),
            &cli.timesheet,
            cli.rules.as_deref(),
            range,
        )?;
        let skipped = logged.sheet.skipped_total;
        app.set_logged(logged);
        let notice = if skipped == 0 {
            "Logged hours read: l shows them against the plan".to_owned()
        } else {
            format!(
                "Logged hours read ({} skipped; `tamplan calibrate` lists them): l shows them",
                text_count(skipped, "line", "lines")
            )
        };
        app.update(Action::Notice(notice));
    }
    // Unsaved work of earlier sessions, newest first, one dialog at a time.
    let recoveries = store::read_recoveries(paths);
    for recovery in recoveries.found {
        app.update(Action::Recovered(recovery));
    }
    if !recoveries.skipped.is_empty() {
        app.update(Action::Notice(recoveries.skipped.join("; ")));
    }
    crate::tui::run(app, paths)
}

fn text_count(n: usize, one: &str, many: &str) -> String {
    crate::domain::text::count(n, one, many)
}
