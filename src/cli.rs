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
use crate::report::{Format, Report};
use crate::tui::Ending;
use crate::tui::planner::{Action, App, Pick, Settings};

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

/// How far back the planner reads calendars, so that its calibration view
/// can move the range a quarter back.
const PLANNER_WEEKS_BEFORE: u32 = 13;

/// The range asked on the command line.
#[derive(Debug, Clone, Copy)]
struct Window {
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    tz: Option<chrono_tz::Tz>,
    weeks_before: u32,
}

/// Time exports and calendars read, with the rules (`--rules`, else the
/// config folder's `rules.toml`, else none) and the range they set; exit 1
/// when nothing could be read.
fn logged_hours(
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
            .map(|s| format!("{}:{}: {}", s.file, s.line, s.reason))
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
fn calibrate(paths: &Paths, args: &CalibrateArgs) -> Result<(), Error> {
    let (model, _) = load_model(paths, args.model.as_deref())?;
    let (scenario, base) = match &args.scenario {
        Some(path) => {
            let (scenario, inputs) = load_scenario(&model, path)?;
            (Some(scenario), inputs)
        }
        None => (None, Inputs::defaults(&model)),
    };
    let inputs = apply(&model, base, &args.set)?;
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
    .render(args.format)
    .map_err(Error::Output)?;
    write_stdout(&text)
}

/// The clock: now, or `TAMPLAN_NOW` (RFC 3339) so tests and scripts get the
/// same "days since saved" every run.
fn now() -> chrono::DateTime<chrono::FixedOffset> {
    std::env::var("TAMPLAN_NOW")
        .ok()
        .and_then(|now| chrono::DateTime::parse_from_rfc3339(&now).ok())
        .unwrap_or_else(|| chrono::Local::now().fixed_offset())
}

/// `tamplan team`: the team view on a terminal without `--format`, else
/// the roll-up printed; exit 1 when no plan loaded.
fn team(paths: &Paths, args: &TeamArgs) -> Result<Ending, Error> {
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
    let team = crate::io::team::load(&folders, &model);
    if team.members.is_empty() {
        let shown: Vec<String> = folders.iter().map(|p| p.display().to_string()).collect();
        let why = if team.problems.is_empty() {
            format!("no scenario files in {}", shown.join(", "))
        } else {
            let problems: Vec<String> = team
                .problems
                .iter()
                .map(|problem| problem.message.clone())
                .collect();
            format!(
                "no plan in {} could be used:\n{}",
                shown.join(", "),
                problems.join("\n")
            )
        };
        return Err(Error::Failed(why));
    }
    let text = crate::report::team::TeamReport {
        model: &model.name,
        team: &team,
        book: args.book,
        per_tam,
        now: now(),
    }
    .render(args.format.unwrap_or(Format::Table))
    .map_err(Error::Output)?;
    write_stdout(&text).map(|()| Ending::Quit)
}

/// The interactive team view on the plans under `folders`.
fn team_view(
    paths: &Paths,
    args: &TeamArgs,
    model: Model,
    source: String,
    folders: &[PathBuf],
    per_tam: Option<u64>,
) -> Result<Ending, Error> {
    use crate::domain::team::Problem;
    let (found, mut problems) = crate::io::team::scenario_files(folders);
    let mut plans = Vec::new();
    for path in found {
        match files::read_text(&path) {
            Ok(text) => match crate::tui::team::plan_from(&model, &path, text) {
                Ok(plan) => plans.push(plan),
                Err(problem) => problems.push(problem),
            },
            Err(error) => problems.push(Problem {
                file: path.display().to_string(),
                message: error.to_string(),
            }),
        }
    }
    if plans.is_empty() {
        let shown: Vec<String> = folders.iter().map(|p| p.display().to_string()).collect();
        if problems.is_empty() {
            return Err(Error::Failed(format!(
                "no scenario files in {}",
                shown.join(", ")
            )));
        }
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        return Err(Error::Failed(format!(
            "no plan in {} could be used:\n{}",
            shown.join(", "),
            messages.join("\n")
        )));
    }
    let settings = Settings::new(paths, &source);
    let app = crate::tui::team::TeamApp::new(
        model,
        source,
        settings,
        plans,
        problems,
        args.book,
        per_tam,
        now(),
    );
    let watch = if args.watch {
        folders.to_vec()
    } else {
        Vec::new()
    };
    crate::tui::run_screen(app, paths, &watch)
}

/// `tamplan init`: the built-in model to the config folder. A folder given
/// with `--config-dir` is not remembered, so the message says to pass it
/// again.
fn init(paths: &Paths, flag: Option<&Path>, force: bool) -> Result<(), Error> {
    let path = paths.model_file();
    std::fs::create_dir_all(&paths.config_dir).map_err(|source| Error::Write {
        path: paths.config_dir.clone(),
        source,
    })?;
    let model = stamp_saying(
        paths,
        schema::Kind::Model,
        &path,
        crate::domain::model::DEFAULT_MODEL_TOML,
    );
    let stamp = now().format("%Y%m%dT%H%M%S").to_string();
    let mut kept = Vec::new();
    if force {
        kept.extend(backup(&path, &model, &stamp)?);
    }
    files::write_atomic(&path, &model, force)?;
    // The starter rules beside it; an existing rules file is kept unless
    // `--force`.
    let rules = paths.rules_file();
    let starter = stamp_saying(
        paths,
        schema::Kind::Rules,
        &rules,
        crate::io::rules::STARTER,
    );
    if force {
        kept.extend(backup(&rules, &starter, &stamp)?);
    }
    let rules_written = match files::write_atomic(&rules, &starter, force) {
        Ok(()) => format!(" and {}", rules.display()),
        Err(Error::OutputExists { .. }) => String::new(),
        Err(error) => return Err(error),
    };
    for (file, copy) in &kept {
        write_stdout(&format!(
            "kept the replaced {} as {}\n",
            file.display(),
            copy.display()
        ))?;
    }
    let how = match flag {
        Some(dir) => format!(
            "tamplan plans with it when given `--config-dir {}` again (or TAMPLAN_CONFIG_DIR={0})",
            dir.display()
        ),
        None => "tamplan now plans with it".to_owned(),
    };
    write_stdout(&format!("wrote {}{rules_written}; {how}\n", path.display()))
}

/// Before `init --force` replaces `path` with `text`: a copy of the file
/// there (when it differs) as `path.bak-STAMP`, or `path.bak-STAMP-2` and
/// so on when that name is taken; never over an earlier copy. The file and
/// its copy.
///
/// # Errors
/// [`Error::Write`] when the copy cannot be made; the file is then left
/// alone.
fn backup(path: &Path, text: &str, stamp: &str) -> Result<Option<(PathBuf, PathBuf)>, Error> {
    use std::io::Write as _;

    let Ok(old) = std::fs::read(path) else {
        return Ok(None);
    };
    if old == text.as_bytes() {
        return Ok(None);
    }
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".bak-{stamp}"));
    for n in 1_u32.. {
        let mut candidate = name.clone();
        if n > 1 {
            candidate.push(format!("-{n}"));
        }
        let copy = PathBuf::from(candidate);
        let write_error = |source| Error::Write {
            path: copy.clone(),
            source,
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&copy)
        {
            Ok(mut file) => {
                file.write_all(&old)
                    .and_then(|()| file.sync_all())
                    .map_err(write_error)?;
                return Ok(Some((path.to_owned(), copy)));
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(write_error(error)),
        }
    }
    Ok(None)
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

/// Checks each file: a model (it has `rows`) on its own, a scenario
/// against the model in use.
fn check(
    paths: &Paths,
    model_flag: Option<&Path>,
    files_to_check: &[PathBuf],
) -> Result<(), Error> {
    let mut failed = 0usize;
    for path in files_to_check {
        match check_file(paths, model_flag, path) {
            Ok(()) => write_stdout(&format!(
                "{}: ok\n",
                crate::domain::text::sanitize(&path.display().to_string())
            ))?,
            Err(error) => {
                failed += 1;
                say("error", &error.to_string());
            }
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(Error::CheckFailed {
            failed,
            total: files_to_check.len(),
        })
    }
}

fn check_file(paths: &Paths, model_flag: Option<&Path>, path: &Path) -> Result<(), Error> {
    let text = files::read_text(path)?;
    // A model has [[rows]] or [[metrics]], a rules file [[rule]], a
    // scenario none of them; read leniently, so a model with a bad value is
    // still checked as a model.
    let (table, _) = toml::de::DeTable::parse_recoverable(&text);
    let has = |key: &str| table.get_ref().contains_key(key);
    let is_model = has("rows") || has("metrics");
    if is_model {
        Model::parse(&text, &path.display().to_string())?;
    } else if has("rule") {
        // Rules name the model's tasks: checked against the model in use.
        let (model, _) = load_model(paths, model_flag)?;
        crate::io::rules::parse(&text, &path.display().to_string(), &model)?;
    } else {
        let (model, _) = load_model(paths, model_flag)?;
        scenario_for(&model, &text, &path.display().to_string())?;
    }
    Ok(())
}

/// Values that cannot be planned with, as a problem at the scenario's
/// first capacity entry (the values that make them so).
fn capacity_problem(
    model: &Model,
    scenario: &Scenario,
    inputs: &Inputs,
) -> Option<crate::domain::diagnostic::Diagnostic> {
    let error = engine::compute(model, inputs).err()?;
    // The value to blame: the largest one for numbers too large, else the
    // input the error names, else the first capacity entry.
    let entries = || {
        scenario
            .counts
            .iter()
            .chain(&scenario.capacity)
            .chain(&scenario.hours)
    };
    let blamed = match error {
        engine::PlanError::TooLarge => entries().max_by(|a, b| a.value.total_cmp(&b.value)),
        _ => scenario
            .capacity
            .iter()
            .find(|entry| entry.name == error.field()),
    };
    let at = blamed.or_else(|| scenario.capacity.first()).map_or_else(
        || {
            scenario
                .pto_by_quarter
                .as_ref()
                .map_or((1, 1), |days| (days.line, days.column))
        },
        |entry| (entry.line, entry.column),
    );
    Some(crate::domain::diagnostic::Diagnostic {
        line: at.0,
        column: at.1,
        message: error.to_string(),
    })
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
