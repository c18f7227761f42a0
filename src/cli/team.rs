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
    let book = book_of(paths, args, &model)?;
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if args.format.is_none() && interactive {
        let book = book.map(|loaded| crate::domain::book::TeamBook {
            as_of: loaded.period.as_of,
            book: loaded.book,
            map: loaded.map,
        });
        return team_view(paths, args, (model, source), &folders, per_tam, book);
    }
    let data_dir = Some(paths.data_dir.as_path());
    let mut team = match &book {
        Some(loaded) => crate::io::team::load_with(&folders, &model, data_dir, |planned| {
            crate::domain::book::apply_to(
                planned,
                &model,
                &loaded.book,
                &loaded.map,
                loaded.period.as_of,
            );
        }),
        None => crate::io::team::load_with(&folders, &model, data_dir, |_| {}),
    };
    let said = book
        .as_ref()
        .map(|loaded| book_notes(loaded, &team))
        .unwrap_or_default();
    if team.members.is_empty() {
        return Err(Error::Failed(crate::io::team::nothing_loaded(
            &folders,
            &team.problems,
        )));
    }
    let format = args.format.map_or(Format::Table, Format::from);
    if matches!(format, Format::Json | Format::Html) {
        with_trends(&mut team, &folders, &model);
    }
    let text = crate::report::team::TeamReport {
        model: &model.name,
        team: &team,
        book: args.book,
        per_tam,
        now: now(),
        said: &said,
    }
    .render(format)
    .map_err(Error::Output)?;
    write_stdout(&text).map(|()| Ending::Quit)
}

/// `--book-file`: the CRM's book as of today, read with `--map` (or the
/// config folder's `book.toml`).
///
/// # Errors
/// The map's problems; a file that cannot be read or is no export
/// tamplan knows.
fn book_of(
    paths: &Paths,
    args: &TeamArgs,
    model: &Model,
) -> Result<Option<super::book::Loaded>, Error> {
    use chrono::Datelike as _;
    if args.book_files.is_empty() {
        return Ok(None);
    }
    let map = super::book::load_map(paths, args.map.as_deref(), model)?;
    let as_of = now().date_naive();
    let period = crate::domain::book::Period {
        as_of,
        year: as_of.year(),
    };
    super::book::load_book(&args.book_files, map, period).map(Some)
}

/// The book's side of the roll-up, for the report's notes: what was
/// read, the owners of the book that have no plan here, the plans whose
/// owner the book does not have, and how the files were read.
fn book_notes(loaded: &super::book::Loaded, team: &crate::domain::team::Team) -> Vec<String> {
    let owners = &loaded.book.owners;
    let matched = |name: &str| {
        team.members
            .iter()
            .any(|member| member.owner.trim().eq_ignore_ascii_case(name.trim()))
    };
    let without: Vec<&str> = owners
        .iter()
        .map(|owner| owner.owner.as_str())
        .filter(|name| !matched(name))
        .collect();
    let mut lines = vec![format!(
        "Customers from the CRM's book as of {}: {} read, {} of them customers, {}",
        loaded.period.as_of,
        crate::domain::text::count(loaded.book.rows, "account", "accounts"),
        crate::domain::text::thousands(u64::try_from(loaded.book.active).unwrap_or(u64::MAX)),
        crate::domain::text::count(owners.len(), "owner", "owners")
    )];
    if !without.is_empty() {
        lines.push(format!(
            "Owners of the book with no plan here (not rolled up; `tamplan book --write-scenarios` makes theirs): {}",
            without.join(", ")
        ));
    }
    let unknown: Vec<&str> = team
        .members
        .iter()
        .filter(|member| crate::domain::book::owner_of(&loaded.book, &member.owner).is_none())
        .map(|member| member.file.as_str())
        .collect();
    if !unknown.is_empty() {
        lines.push(format!(
            "Plans whose owner the book does not have (their own counts): {}",
            unknown.join(", ")
        ));
    }
    if loaded.skipped.total > 0 {
        lines.push(format!(
            "{} of the book skipped or listed (`tamplan book` shows them)",
            crate::domain::text::count(loaded.skipped.total, "line", "lines")
        ));
    }
    lines.extend(loaded.notes.iter().cloned());
    lines
}

/// Each plan's `trend`: the utilization of its last versions in its
/// repository's history (JSON and HTML only: the other formats do not
/// show it).
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
    (model, source): (Model, String),
    folders: &[PathBuf],
    per_tam: Option<u64>,
    book: Option<crate::domain::book::TeamBook>,
) -> Result<Ending, Error> {
    let settings = Settings::new(paths, &source);
    let mut app = crate::tui::team::TeamApp::loading(
        model,
        source,
        settings,
        folders.to_vec(),
        (args.book, per_tam),
        now(),
    );
    if let Some(book) = book {
        app = app.with_book_file(book);
    }
    let watch = if args.watch {
        folders.to_vec()
    } else {
        Vec::new()
    };
    let stack = crate::tui::Stack::new(crate::tui::Layer::Team(Box::new(app)));
    crate::tui::run_screen(stack, paths, &watch)
}
