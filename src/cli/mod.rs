//! The command line: what the commands share, and the dispatch of the one
//! clap parsed (its definitions in `args.rs`, each command in a file of its
//! own). Errors go to stderr as one paragraph each, with exit code 1 (bad
//! file, failed operation) or 2 (bad usage).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use crate::domain::diagnostic::Diagnostics;
use crate::domain::engine::{Input, Inputs};
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::io::error::Error;
use crate::io::files;
use crate::io::schema;
use crate::io::store::Paths;
use crate::tui::Ending;

mod args;
mod book;
mod calibrate;
mod check;
mod diff;
mod history;
mod import;
mod init;
mod man;
mod plan;
mod report;
mod team;

pub use args::{
    Assignment, BookArgs, CalibrateArgs, Cli, Command, DiffArgs, FormatArg, HistoryArgs,
    ReportArgs, SET_HELP, SetValue, TeamArgs,
};
use book::book;
use calibrate::calibrate;
use check::{capacity_problem, check};
use history::history;
use import::import;
use init::init;
use man::{completions, man};
use plan::plan;
use report::report;
use team::team;

/// Runs `tamplan` with the process arguments and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return clap_error(&error),
    };
    match run(cli) {
        Ok(Ending::Quit) => ExitCode::SUCCESS,
        Ok(Ending::Signal(signal)) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
        Err(Error::Output(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            say("error", &error.to_string());
            ExitCode::from(error.exit_code())
        }
    }
}

/// `text` to be written to `target`, stamped with its `#:schema` line when
/// `target` is in the user's own folders (elsewhere the line the file had
/// is kept, none added); a warning says why when the schema copy could not
/// be written.
fn stamp_saying(paths: &Paths, kind: schema::Kind, target: &Path, text: &str) -> String {
    let previous = if schema::is_own(paths, target) || !target.exists() {
        None
    } else {
        files::read_text(target).ok()
    };
    let stamped = schema::stamp_for(paths, kind, target, previous.as_deref(), text);
    if let Some(note) = &stamped.note {
        say("warning", note);
    }
    stamped.text
}

/// Writes a message to stderr the way every message of tamplan starts:
/// `tamplan: KIND: …` on each line. Not `eprintln!`: it panics when stderr
/// is gone.
pub fn say(kind: &str, text: &str) {
    let mut stderr = std::io::stderr().lock();
    for line in text.lines() {
        // Messages quote outside text (keys, values, names, paths): an ESC,
        // OSC or bidi override in it must not reach the terminal.
        let line = crate::domain::text::sanitize(line);
        let _ = writeln!(stderr, "tamplan: {kind}: {line}");
    }
}

/// Help and version to stdout (exit 0); a usage error as `tamplan: error:
/// …`, like every other message, with clap's usage lines after it (exit 2).
fn clap_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
    }
    let text = error.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    // What was typed is quoted back: sanitized like every message.
    let mut stderr = std::io::stderr().lock();
    let mut lines = text.lines();
    if let Some(first) = lines.next() {
        let _ = writeln!(
            stderr,
            "tamplan: error: {}",
            crate::domain::text::sanitize(first)
        );
    }
    for line in lines {
        let _ = writeln!(stderr, "{}", crate::domain::text::sanitize(line));
    }
    ExitCode::from(2)
}

/// Runs a parsed command line.
///
/// # Errors
/// Any [`Error`]; the caller prints it and exits with its code.
pub fn run(cli: Cli) -> Result<Ending, Error> {
    // These two describe the command line itself: no folders needed.
    match cli.command {
        Some(Command::Completions { shell }) => return completions(shell).map(|()| Ending::Quit),
        Some(Command::Man { command }) => return man(command.as_deref()).map(|()| Ending::Quit),
        _ => {}
    }
    let paths = Paths::resolve(cli.data_dir.as_deref(), cli.config_dir.as_deref())?;
    match cli.command {
        None => plan(&paths, &cli),
        Some(Command::Report(args)) => {
            let args = ReportArgs {
                model: args.model.or(cli.model),
                scenario: args.scenario.or(cli.scenario),
                // `tamplan --timesheet F report` as the planner takes it.
                timesheet: if args.timesheet.is_empty() {
                    cli.timesheet
                } else {
                    args.timesheet
                },
                rules: args.rules.or(cli.rules),
                from: args.from.or(cli.from),
                to: args.to.or(cli.to),
                tz: args.tz.or(cli.tz),
                ..args
            };
            report(&paths, &args).map(|()| Ending::Quit)
        }
        Some(Command::Calibrate(args)) => {
            let args = CalibrateArgs {
                model: args.model.or(cli.model),
                scenario: args.scenario.or(cli.scenario),
                ..args
            };
            calibrate(&paths, &args).map(|()| Ending::Quit)
        }
        Some(Command::Team(args)) => {
            let args = TeamArgs {
                model: args.model.or(cli.model),
                ..args
            };
            team(&paths, &args)
        }
        Some(Command::Book(args)) => {
            let args = BookArgs {
                model: args.model.or(cli.model),
                ..args
            };
            book(&paths, &args).map(|()| Ending::Quit)
        }
        Some(Command::History(args)) => {
            let args = HistoryArgs {
                model: args.model.or(cli.model),
                ..args
            };
            history(&paths, &args).map(|()| Ending::Quit)
        }
        Some(Command::Init { force }) => {
            init(&paths, cli.config_dir.as_deref(), force).map(|()| Ending::Quit)
        }
        Some(Command::Check { files }) => {
            check(&paths, cli.model.as_deref(), &files).map(|()| Ending::Quit)
        }
        Some(Command::Import {
            page,
            output,
            force,
            metrics_only,
        }) => import(&paths, &page, output.as_deref(), force, metrics_only).map(|()| Ending::Quit),
        Some(Command::Completions { .. } | Command::Man { .. }) => Ok(Ending::Quit),
        Some(Command::Diff(args)) => {
            let args = DiffArgs {
                model: args.model.or(cli.model),
                ..args
            };
            diff::diff(&paths, &args).map(|()| Ending::Quit)
        }
    }
}

/// The model to use: `--model`, else the user's `model.toml` when it
/// exists, else the built-in one; with where it came from.
fn load_model(paths: &Paths, flag: Option<&Path>) -> Result<(Model, String), Error> {
    let user_model = paths.model_file();
    let path = flag
        .map(Path::to_path_buf)
        .or_else(|| user_model.is_file().then_some(user_model));
    match path {
        Some(path) => Ok((files::load_model(&path)?, path.display().to_string())),
        None => Ok((Model::builtin()?, "built-in".to_owned())),
    }
}

/// Reads a scenario file and applies it to `model`; names the model lacks
/// are errors here (the planner asks instead).
fn load_scenario(model: &Model, path: &Path) -> Result<(Scenario, Inputs), Error> {
    let text = files::read_text(path)?;
    scenario_for(model, &text, &path.display().to_string())
}

/// A scenario applied to `model`, or every problem of it in one error, in
/// file order: bad values, names the model lacks, and values that leave no
/// working time.
fn scenario_for(model: &Model, text: &str, source: &str) -> Result<(Scenario, Inputs), Error> {
    let (scenario, mut problems) = Scenario::parse_partial(text, source)?;
    let applied = scenario.apply(model);
    problems.extend(applied.unknown);
    if let Some(problem) = capacity_problem(model, &scenario, &applied.inputs) {
        problems.push(problem);
    }
    problems.sort_by_key(|problem| (problem.line, problem.column));
    if problems.is_empty() {
        Ok((scenario, applied.inputs))
    } else {
        Err(Error::Invalid(Diagnostics::new(source, problems)))
    }
}

/// The clock (see [`crate::io::clock`]).
fn now() -> chrono::DateTime<chrono::FixedOffset> {
    crate::io::clock::now()
}

/// The values a command plans: the scenario's (`--scenario`, read and
/// checked) or the model's defaults, then every `--set`; the scenario
/// itself when there is one.
///
/// # Errors
/// The scenario file's problems; bad usage for a `--set`.
pub(super) fn inputs_of(
    model: &Model,
    scenario: Option<&std::path::Path>,
    set: &[Assignment],
) -> Result<(Option<Scenario>, Inputs), Error> {
    let (scenario, base) = match scenario {
        Some(path) => {
            let (scenario, inputs) = load_scenario(model, path)?;
            (Some(scenario), inputs)
        }
        None => (None, Inputs::defaults(model)),
    };
    Ok((scenario, apply(model, base, set)?))
}

/// `inputs` with every `--set` applied.
///
/// # Errors
/// [`Error::Usage`] for a name the model does not have, listing the valid ones.
pub fn apply(
    model: &Model,
    mut inputs: Inputs,
    assignments: &[Assignment],
) -> Result<Inputs, Error> {
    for assignment in assignments {
        let name = assignment.name.as_str();
        let input = Input::by_name(model, name);
        match (input, assignment.value) {
            (Some(input), SetValue::One(value)) => inputs.set(input, value),
            (Some(Input::Count(id)), SetValue::Quarters(values)) => {
                inputs.set_count_by_quarter(id, Some(values));
            }
            (None, SetValue::Quarters(days)) if name == "pto_by_quarter" => {
                inputs.set_pto_by_quarter(Some(days));
            }
            (None, SetValue::One(_)) if name == "pto_by_quarter" => {
                return Err(Error::Usage(
                    "--set pto_by_quarter: one value; expected four, one a quarter (pto_by_quarter=10,10,26,10)"
                        .to_owned(),
                ));
            }
            (Some(Input::Capacity(_)), SetValue::Quarters(_)) => {
                return Err(Error::Usage(format!(
                    "--set {name}: four values; expected one number (only counts and pto_by_quarter take one a quarter)"
                )));
            }
            (None, value) => {
                let value = match value {
                    SetValue::One(value) => crate::domain::text::plain(value),
                    SetValue::Quarters(values) => values.map(crate::domain::text::plain).join(","),
                };
                return Err(Error::Usage(format!(
                    "--set {}={value}: unknown name {:?}; expected one of: {}, pto_by_quarter",
                    crate::domain::text::sanitize(name),
                    crate::domain::text::sanitize(name),
                    model.input_names().join(", ")
                )));
            }
        }
    }
    Ok(inputs)
}

fn write_stdout(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Error::Output)
}
