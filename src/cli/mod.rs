//! The command line: clap definitions and what each command does. Errors go
//! to stderr as one paragraph each, with exit code 1 (bad file, failed
//! operation) or 2 (bad usage).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use clap::{Parser, Subcommand};

use crate::domain::diagnostic::Diagnostics;
use crate::domain::engine::{self, Input, Inputs};
use crate::domain::model::{CapacityField, Model};
use crate::domain::scenario::Scenario;
use crate::io::error::Error;
use crate::io::files;
use crate::io::schema;
use crate::io::store::{self, Paths};
use crate::report::{Format, Render as _, Report};
use crate::tui::Ending;
use crate::tui::planner::{Action, App, Pick, Settings};

mod calibrate;
mod check;
mod init;
mod team;

use calibrate::{PLANNER_WEEKS_BEFORE, Window, calibrate, logged_hours};
use check::{capacity_problem, check};
use init::init;
use team::team;

/// `--version`: the program's version and the handbook revision its
/// built-in model was made from (a test holds it to `config/default.toml`).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (built-in model \"TAM Segment: Named\", handbook revision 176c7d470173e359)"
);

/// The version as the man page's `.TH` line gives it: the program and its
/// version on every page, its double quotes written `\(dq` (a raw one would
/// end the quoted argument, and the title would read "Segment:").
fn man_source() -> String {
    format!("tamplan {}", VERSION.replace('"', r"\(dq"))
}

/// Plan a Technical Account Manager's working time from the handbook's
/// rhythm-of-business model.
#[derive(Debug, Parser)]
#[command(
    name = "tamplan",
    version = VERSION,
    about,
    long_about = None,
    after_help = "Run `tamplan` with no command to open the interactive planner (`?` there lists its keys)."
)]
pub struct Cli {
    /// Model file to plan with (default: `model.toml` in the config folder
    /// if it exists, else the built-in handbook model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Scenario file to open in the planner.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Time exports or iCalendar (.ics) calendars to hold against the plan
    /// in the planner's calibration view (`l`); repeatable.
    #[arg(long, value_name = "FILE")]
    pub timesheet: Vec<PathBuf>,
    /// Rules mapping logged hours to tasks (default: `rules.toml` in the
    /// config folder).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// First day of the logged range (as for `calibrate`).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day, requires = "timesheet")]
    pub from: Option<chrono::NaiveDate>,
    /// Last day of the logged range (as for `calibrate`).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day, requires = "timesheet")]
    pub to: Option<chrono::NaiveDate>,
    /// Zone of export times and days when no calendar names one (as for
    /// `calibrate`).
    #[arg(long, value_name = "ZONE", value_parser = parse_zone, requires = "timesheet")]
    pub tz: Option<chrono_tz::Tz>,
    /// Folder for scenarios, exports and recovery files (default:
    /// `$TAMPLAN_DATA_DIR`, else the platform's, e.g. ~/.local/share/tamplan).
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Folder for the user's `model.toml` (default: `$TAMPLAN_CONFIG_DIR`,
    /// else the platform's, e.g. ~/.config/tamplan).
    #[arg(long, value_name = "DIR", global = true)]
    pub config_dir: Option<PathBuf>,
    /// What to do; without a command, opens the interactive planner.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the plan without the interactive screen.
    Report(ReportArgs),
    /// Write the built-in model to `model.toml` and the starter rules to
    /// `rules.toml` in the config folder, to change them; `tamplan` then
    /// uses them. An existing `rules.toml` is kept.
    Init {
        /// Replace an existing `model.toml` and `rules.toml`, keeping a copy
        /// of each beside it as `FILE.bak-YYYYMMDDTHHMMSS`.
        #[arg(long)]
        force: bool,
    },
    /// Validate model, scenario and rules files and print `ok` or every
    /// problem found.
    Check {
        /// The files to check.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// Hold the plan against the weeks actually worked: time exports mapped
    /// to tasks by `rules.toml`, per task and ISO week.
    Calibrate(CalibrateArgs),
    /// Roll up a team's plans: every scenario file under the folders (read
    /// recursively) or files given; with none, the data folder's scenarios.
    Team(TeamArgs),
    /// Make a model file from a handbook page (Markdown with the
    /// rhythm-of-business table and "Metrics for …" lists).
    Import {
        /// The handbook page.
        #[arg(value_name = "PAGE.md")]
        page: PathBuf,
        /// Write the model here instead of to stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite FILE if it exists.
        #[arg(long, requires = "output")]
        force: bool,
        /// Import just the metrics (for a page without the table).
        #[arg(long)]
        metrics_only: bool,
    },
    /// Print a completion script for a shell, e.g. `tamplan completions
    /// bash > ~/.local/share/bash-completion/completions/tamplan`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `tamplan man | man -l -`; with a
    /// command's name, that command's page (`tamplan man report`).
    Man {
        /// The command whose page to print.
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
}

/// Arguments of `tamplan report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Model file (default: `model.toml` in the config folder if it exists,
    /// else the built-in handbook model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Scenario file whose values to report (`--set` applies on top).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Change a count or capacity input, e.g. `--set customers=40`
    /// (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE", long_help = SET_HELP)]
    pub set: Vec<Assignment>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Arguments of `tamplan calibrate`.
#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// Time exports and calendars: Toggl, Clockify or Harvest CSV, a
    /// `date,task,hours` CSV, `timew export` JSON, or iCalendar (.ics)
    /// calendars.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Rules file (default: `rules.toml` in the config folder; `tamplan
    /// init` writes a starter).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// First day of the range (default: the Monday of the first export
    /// entry's week; with calendars alone, the Monday four weeks before
    /// this week's).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub from: Option<chrono::NaiveDate>,
    /// Last day of the range (default: the earlier of the last export
    /// entry's day and today; with calendars alone, today). Never after
    /// today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub to: Option<chrono::NaiveDate>,
    /// Zone of export times (matched against calendar events) and of days
    /// when no calendar names one with X-WR-TIMEZONE: an IANA name such as
    /// Europe/Berlin (default: UTC).
    #[arg(long, value_name = "ZONE", value_parser = parse_zone)]
    pub tz: Option<chrono_tz::Tz>,
    /// Model file (as for `report`).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Scenario whose plan to compare with (as for `report`).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Change the plan compared with, as in `report`.
    #[arg(long = "set", value_name = "NAME=VALUE", long_help = SET_HELP)]
    pub set: Vec<Assignment>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the suggested scenario (the hours that match the weeks
    /// logged) here.
    #[arg(long, value_name = "FILE")]
    pub write_scenario: Option<PathBuf>,
    /// Overwrite the `--write-scenario` file if it exists.
    #[arg(long, requires = "write_scenario")]
    pub force: bool,
}

/// Arguments of `tamplan team`.
#[derive(Debug, clap::Args)]
pub struct TeamArgs {
    /// Folders (read recursively) or scenario files; default: the data
    /// folder's scenarios.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Model file (default: `model.toml` in the config folder if it exists,
    /// else the built-in handbook model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// How many TAMs a book of N customers needs, at the target of the
    /// model's plan (with any `--set`).
    #[arg(long, value_name = "N")]
    pub book: Option<u64>,
    /// Change the model's plan used for `--book`, as in `report`.
    #[arg(long = "set", value_name = "NAME=VALUE", long_help = SET_HELP)]
    pub set: Vec<Assignment>,
    /// Output format; without it, the team view on a terminal, the table
    /// otherwise.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// In the team view, read a plan again when its file changes on disk
    /// (a `git pull` into the folder, a TAM's save).
    #[arg(long)]
    pub watch: bool,
}

/// `--from`/`--to`: a day of the years 1900 to 2200 (a day beyond is a
/// typo, and would run date arithmetic off chrono's range).
fn parse_day(text: &str) -> Result<chrono::NaiveDate, String> {
    use chrono::Datelike as _;
    let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a day; expected YYYY-MM-DD, e.g. 2026-11-02"))?;
    if (1900..=2200).contains(&day.year()) {
        Ok(day)
    } else {
        Err(format!(
            "{text:?} is outside the years 1900 to 2200; expected a day worked"
        ))
    }
}

/// `--tz`: an IANA zone (or a Windows name, as Outlook writes them).
fn parse_zone(text: &str) -> Result<chrono_tz::Tz, String> {
    crate::io::ics::zone(text).ok_or_else(|| {
        format!("{text:?} is not a time zone; expected an IANA name such as Europe/Berlin")
    })
}

/// The long help of `--set`: every name the built-in model takes (a test
/// keeps it equal to the model's), and where other names come from.
pub const SET_HELP: &str =
    "Change a count or capacity input, e.g. `--set customers=40` (repeatable).

Names of the built-in model:
  counts:   customers, new_customers_per_quarter, ebrs_per_year,
            webinars_per_quarter, priority1_customers
  capacity: hours_per_week, weeks_per_year, pto_days, hours_per_day,
            target_utilization (0.85 or 85 %)
  quarters: pto_by_quarter=10,10,26,10 (PTO days placed in Q1–Q4), and any
            count with four values: new_customers_per_quarter=2,5,3,3

A model file of your own may name other counts; an unknown name is
refused with the list of valid ones.";

/// `NAME=VALUE` from `--set`: VALUE is a finite number ≥ 0, or four of
/// them, one a quarter (`a,b,c,d`).
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The count or capacity name.
    pub name: String,
    /// The value.
    pub value: SetValue,
}

/// The value of a `--set`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SetValue {
    /// One number.
    One(f64),
    /// Four numbers, Q1 to Q4.
    Quarters([f64; 4]),
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
        let value = if value.contains(',') {
            let values = value
                .split(',')
                .map(|part| crate::domain::text::parse_value(part.trim()))
                .collect::<Result<Vec<f64>, String>>()
                .map_err(|why| format!("{name}: {why}"))?;
            SetValue::Quarters(crate::domain::capacity::four_quarters(name, &values)?)
        } else {
            // The target may be given as a percentage, as in the planner.
            let parsed = if name == CapacityField::TargetUtilization.name() {
                crate::domain::text::parse_target(value)
            } else {
                crate::domain::text::parse_value(value.trim())
            };
            SetValue::One(parsed.map_err(|why| format!("{name}: {why}"))?)
        };
        Ok(Assignment {
            name: name.to_owned(),
            value,
        })
    }
}

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
    }
}

/// `tamplan completions SHELL`: the script on stdout.
fn completions(shell: clap_complete::Shell) -> Result<(), Error> {
    use clap::CommandFactory as _;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "tamplan", &mut script);
    write_stdout(&String::from_utf8_lossy(&script))
}

/// `tamplan man [COMMAND]`: the manual page, in roff, on stdout; a
/// command's page is named `tamplan-COMMAND`, as git's are.
fn man(command: Option<&str>) -> Result<(), Error> {
    use clap::CommandFactory as _;
    let mut cli = Cli::command();
    cli.build();
    let page_of = match command {
        None => cli,
        Some(name) => {
            let names: Vec<String> = cli
                .get_subcommands()
                .map(|sub| sub.get_name().to_owned())
                .filter(|sub| sub != "help")
                .collect();
            let Some(sub) = cli.find_subcommand(name).cloned() else {
                return Err(Error::Usage(format!(
                    "`{name}` is not a tamplan command; expected one of {}",
                    names.join(", ")
                )));
            };
            // After `build`, a subcommand's display name is `tamplan-NAME`,
            // which is what the page is titled.
            sub
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(page_of)
        .source(man_source())
        .render(&mut page)
        .map_err(Error::Output)?;
    write_stdout(&String::from_utf8_lossy(&page))
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

/// The interactive planner.
fn plan(paths: &Paths, cli: &Cli) -> Result<Ending, Error> {
    let scenario = cli.scenario.as_deref();
    let (model, source) = load_model(paths, cli.model.as_deref())?;
    let settings = Settings::new(paths, &source);
    let mut app = App::with_settings(model, source, settings, (0, 0))
        .map_err(|error| Error::Usage(error.to_string()))?;
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

fn report(paths: &Paths, args: &ReportArgs) -> Result<(), Error> {
    let (model, source) = load_model(paths, args.model.as_deref())?;
    let (scenario, base) = match &args.scenario {
        Some(path) => {
            let (scenario, inputs) = load_scenario(&model, path)?;
            (Some(scenario), inputs)
        }
        None => (None, Inputs::defaults(&model)),
    };
    let inputs = apply(&model, base, &args.set)?;
    // The files were checked; what fails now comes from the flags.
    let plan = engine::compute(&model, &inputs).map_err(|error| {
        if args.set.is_empty() {
            Error::Usage(error.to_string())
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
    .render(args.format)
    .map_err(Error::Output)?;
    write_stdout(&text)
}

fn text_count(n: usize, one: &str, many: &str) -> String {
    crate::domain::text::count(n, one, many)
}

/// The clock: now, or `TAMPLAN_NOW` (RFC 3339) so tests and scripts get the
/// same "days since saved" every run.
fn now() -> chrono::DateTime<chrono::FixedOffset> {
    std::env::var("TAMPLAN_NOW")
        .ok()
        .and_then(|now| chrono::DateTime::parse_from_rfc3339(&now).ok())
        .unwrap_or_else(|| chrono::Local::now().fixed_offset())
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

/// `tamplan import`: warnings to stderr, the model to `output` or stdout.
fn import(
    paths: &Paths,
    page: &std::path::Path,
    output: Option<&std::path::Path>,
    force: bool,
    metrics_only: bool,
) -> Result<(), Error> {
    use crate::io::import::{ImportError, Options};

    let text = files::read_page(page)?;
    let source = page.display().to_string();
    let imported =
        crate::io::import::import(&text, &source, Options { metrics_only }).map_err(|error| {
            match error {
                ImportError::NoTable { metrics } => Error::NoTable {
                    path: page.to_owned(),
                    metrics,
                },
                ImportError::NoMetrics => Error::NoMetrics {
                    path: page.to_owned(),
                },
                ImportError::Invalid { errors, warnings } => {
                    for warning in &warnings {
                        say("warning", &warning.located(&source));
                    }
                    Error::Invalid(errors)
                }
                ImportError::Generated(errors) => Error::Invalid(errors),
            }
        })?;
    for warning in &imported.warnings {
        say("warning", &warning.located(&source));
    }
    match output {
        Some(path) => {
            let text = stamp_saying(paths, schema::Kind::Model, path, &imported.toml);
            files::write_atomic(path, &text, force)?;
            let shown = crate::domain::text::sanitize(&path.display().to_string()).into_owned();
            let _ = writeln!(
                std::io::stderr(),
                "tamplan: wrote {shown} ({}, {}, {}); check it with `tamplan check {shown}`",
                crate::domain::text::count(imported.rows, "row", "rows"),
                crate::domain::text::count(imported.metrics, "metric", "metrics"),
                crate::domain::text::count(imported.warnings.len(), "warning", "warnings"),
            );
            Ok(())
        }
        None => write_stdout(&imported.toml),
    }
}

fn write_stdout(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Error::Output)
}
