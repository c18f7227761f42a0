//! `tamplan team`: the roll-up printed, or the team view on a terminal.

use std::path::PathBuf;

use super::{TeamArgs, apply, load_model, now, write_stdout};
use crate::domain::engine;
use crate::domain::engine::Inputs;
use crate::domain::model::Model;
use crate::io::error::Error;
use crate::io::store::Paths;
use crate::report::{Format, Render as _};
use crate::tui::Ending;
use crate::tui::planner::Settings;

/// `tamplan team`: the team view on a terminal without `--format`, else
/// the roll-up printed; exit 1 when no plan loaded.
pub(super) fn team(paths: &Paths, args: &TeamArgs) -> Result<Ending, Error> {
    use std::io::IsTerminal as _;
    let (model, source) = load_model(paths, args.model.as_deref())?;
    let folders = if args.paths.is_empty() {
        vec![paths.scenarios_dir()]
    } else {
        args.paths.clone()
    };
    let inputs = apply(&model, Inputs::defaults(&model), &args.set)?;
    let per_tam = engine::compute(&model, &inputs)
        .map_err(|error| Error::Usage(format!("--set: {error}")))?
        .max_customers_at_target;
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if args.format.is_none() && interactive {
        return team_view(paths, args, model, source, &folders, per_tam);
    }
    let mut team = crate::io::team::load(&folders, &model);
    if team.members.is_empty() {
        return Err(Error::Failed(crate::io::team::nothing_loaded(
            &folders,
            &team.problems,
        )));
    }
    let format = args.format.map_or(Format::Table, Format::from);
    if format == Format::Json {
        with_trends(&mut team, &folders, &model);
    }
    let text = crate::report::team::TeamReport {
        model: &model.name,
        team: &team,
        book: args.book,
        per_tam,
        now: now(),
    }
    .render(format)
    .map_err(Error::Output)?;
    write_stdout(&text).map(|()| Ending::Quit)
}

/// Each plan's `trend`: the utilization of its last versions in its
/// repository's history (JSON only: the other formats do not show it).
fn with_trends(team: &mut crate::domain::team::Team, folders: &[PathBuf], model: &Model) {
    let trends = crate::io::history::plans::trends(folders, model);
    let by_file: std::collections::HashMap<String, Vec<f64>> = trends
        .into_iter()
        .map(|(path, trend)| {
            let file = crate::domain::text::sanitize(&path.display().to_string()).into_owned();
            (file, trend)
        })
        .collect();
    for member in &mut team.members {
        match by_file.get(&member.file) {
            Some(trend) => member.trend.clone_from(trend),
            // Outside a repository: the plan as it is, its only version.
            None => member.trend = vec![member.utilization],
        }
    }
}

/// The interactive team view on the plans under `folders`: on screen at
/// once, filled as the plans are read (off the event loop); exit 1 when
/// none could be read.
pub(super) fn team_view(
    paths: &Paths,
    args: &TeamArgs,
    model: Model,
    source: String,
    folders: &[PathBuf],
    per_tam: Option<u64>,
) -> Result<Ending, Error> {
    let settings = Settings::new(paths, &source);
    let app = crate::tui::team::TeamApp::loading(
        model,
        source,
        settings,
        folders.to_vec(),
        (args.book, per_tam),
        now(),
    );
    let watch = if args.watch {
        folders.to_vec()
    } else {
        Vec::new()
    };
    let stack = crate::tui::Stack::new(crate::tui::Layer::Team(Box::new(app)));
    crate::tui::run_screen(stack, paths, &watch)
}
