//! The command line: clap definitions and what each command does. Errors go
//! to stderr as one paragraph each, with exit code 1 (bad file, failed
//! operation) or 2 (bad usage).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use clap::{Parser, Subcommand};

use crate::app::App;
use crate::engine::{self, Input, Inputs};
use crate::error::Error;
use crate::files;
use crate::model::Model;
use crate::report::{Format, Report};
use crate::tui::Ending;

/// Plan a Technical Account Manager's working time from the handbook's
/// rhythm-of-business model.
#[derive(Debug, Parser)]
#[command(name = "tamplan", version, about, long_about = None)]
pub struct Cli {
    /// Model file to plan with (default: the built-in handbook model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// What to do; without a command, opens the interactive planner.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the plan without the interactive screen.
    Report(ReportArgs),
    /// Validate model files and print `ok` or every problem found.
    Check {
        /// The files to check.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
}

/// Arguments of `tamplan report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Model file (default: the built-in handbook model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Change a count or capacity input, e.g. `--set customers=40`
    /// (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<Assignment>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `NAME=VALUE` from `--set`: VALUE is a finite number ≥ 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The count or capacity name.
    pub name: String,
    /// The value.
    pub value: f64,
}

impl FromStr for Assignment {
    type Err = String;

    fn from_str(text: &str) -> Result<Assignment, String> {
        let Some((name, value)) = text.split_once('=') else {
            return Err("expected NAME=VALUE, e.g. customers=40".to_owned());
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(
                "the name before `=` is empty; expected NAME=VALUE, e.g. customers=40".to_owned(),
            );
        }
        let value =
            crate::text::parse_value(value.trim()).map_err(|why| format!("{name}: {why}"))?;
        Ok(Assignment {
            name: name.to_owned(),
            value,
        })
    }
}

/// Runs `tamplan` with the process arguments and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Ending::Quit) => ExitCode::SUCCESS,
        Ok(Ending::Signal(signal)) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
        Err(Error::Output(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("tamplan: error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// Runs a parsed command line.
///
/// # Errors
/// Any [`Error`]; the caller prints it and exits with its code.
pub fn run(cli: Cli) -> Result<Ending, Error> {
    match cli.command {
        None => plan(cli.model.as_deref()),
        Some(Command::Report(args)) => {
            let args = ReportArgs {
                model: args.model.or(cli.model),
                ..args
            };
            report(&args).map(|()| Ending::Quit)
        }
        Some(Command::Check { files }) => check(&files).map(|()| Ending::Quit),
    }
}

/// The interactive planner on the model at `model_path` (or the built-in).
fn plan(model_path: Option<&std::path::Path>) -> Result<Ending, Error> {
    let model = files::model_or_builtin(model_path)?;
    let source =
        model_path.map_or_else(|| "built-in".to_owned(), |path| path.display().to_string());
    let app = App::new(model, source, (0, 0)).map_err(|error| Error::Usage(error.to_string()))?;
    crate::tui::run(app)
}

fn report(args: &ReportArgs) -> Result<(), Error> {
    let model = files::model_or_builtin(args.model.as_deref())?;
    let inputs = apply(&model, &args.set)?;
    let plan = engine::compute(&model, &inputs)
        .map_err(|error| Error::Usage(format!("--set: {error}")))?;
    let text = Report {
        model: &model,
        inputs: &inputs,
        plan: &plan,
    }
    .render(args.format)
    .map_err(Error::Output)?;
    write_stdout(&text)
}

/// The model's defaults with every `--set` applied.
///
/// # Errors
/// [`Error::Usage`] for a name the model does not have, listing the valid ones.
pub fn apply(model: &Model, assignments: &[Assignment]) -> Result<Inputs, Error> {
    let mut inputs = Inputs::defaults(model);
    for assignment in assignments {
        let Some(input) = Input::by_name(model, &assignment.name) else {
            return Err(Error::Usage(format!(
                "--set {}={}: unknown name {:?}; expected one of: {}",
                assignment.name,
                crate::text::plain(assignment.value),
                assignment.name,
                model.input_names().join(", ")
            )));
        };
        inputs.set(input, assignment.value);
    }
    Ok(inputs)
}

fn check(paths: &[PathBuf]) -> Result<(), Error> {
    let mut failed = 0usize;
    for path in paths {
        match files::load_model(path) {
            Ok(_) => write_stdout(&format!("{}: ok\n", path.display()))?,
            Err(error) => {
                failed += 1;
                eprintln!("{error}");
            }
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(Error::CheckFailed {
            failed,
            total: paths.len(),
        })
    }
}

fn write_stdout(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Error::Output)
}
