//! The command line's definitions for clap: the commands, their
//! arguments, and the values flags take (formats, days, zones, `--set`).

use std::path::PathBuf;
use std::str::FromStr;

use clap::{Parser, Subcommand};

use crate::domain::model::CapacityField;
use crate::report::Format;

/// `--version`: the program's version and the handbook revision its
/// built-in model was made from (a test holds it to `config/default.toml`).
pub(super) const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (built-in model \"TAM Segment: Named\", handbook revision 176c7d470173e359)"
);

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
    /// Derive the counts from the CRM's account exports (Salesforce,
    /// HubSpot, Gainsight, a plain CSV): customers, new customers and
    /// renewals per quarter, tiers and ARR per owner.
    Book(BookArgs),
    /// Each plan's versions along its git repository's history (first
    /// parent of HEAD), computed with the model as it is today.
    History(HistoryArgs),
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
    /// What changed in a plan: since the last 1:1 (its reviewed copy, else
    /// the commit of that day, else HEAD), or between two versions in git.
    Diff(DiffArgs),
}

/// Arguments of `tamplan report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Model file (default: `model.toml` in the config folder if it exists,
    /// else the built-in handbook model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Scenario file whose values to report (`--set` applies on top). A
    /// plan with a `reviewed` date or in a git repository adds what changed
    /// since the last 1:1 (JSON `since_review`).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Change a count or capacity input, e.g. `--set customers=40`
    /// (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE", long_help = SET_HELP)]
    pub set: Vec<Assignment>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Time exports or calendars to hold against the plan (as for
    /// `calibrate`): the report adds the logged hours, and its JSON
    /// `logged`; repeatable.
    #[arg(long, value_name = "FILE")]
    pub timesheet: Vec<PathBuf>,
    /// Rules mapping logged hours to tasks (default: `rules.toml` in the
    /// config folder).
    #[arg(long, value_name = "FILE", requires = "timesheet")]
    pub rules: Option<PathBuf>,
    /// First day of the logged range (as for `calibrate`).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day, requires = "timesheet")]
    pub from: Option<chrono::NaiveDate>,
    /// Last day of the logged range (as for `calibrate`).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day, requires = "timesheet")]
    pub to: Option<chrono::NaiveDate>,
    /// Zone of export times and days (as for `calibrate`).
    #[arg(long, value_name = "ZONE", value_parser = parse_zone, requires = "timesheet")]
    pub tz: Option<chrono_tz::Tz>,
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
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
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
    pub format: Option<FormatArg>,
    /// In the team view, read a plan again when its file changes on disk
    /// (a `git pull` into the folder, a TAM's save).
    #[arg(long)]
    pub watch: bool,
    /// The CRM's account exports: each plan whose owner the book has
    /// takes that owner's counts (nothing is written; the team view shows
    /// them as unsaved). Repeatable.
    #[arg(long = "book-file", value_name = "FILE")]
    pub book_files: Vec<PathBuf>,
    /// The map for `--book-file` (as for `book`).
    #[arg(long, value_name = "FILE", requires = "book_files")]
    pub map: Option<PathBuf>,
}

/// Arguments of `tamplan book`.
#[derive(Debug, clap::Args)]
pub struct BookArgs {
    /// Account exports: a Salesforce report export, a HubSpot companies
    /// export, a Gainsight company export, a plain
    /// `account,owner,tier,start,renewal,arr` CSV, or another CSV whose
    /// columns the map names.
    #[arg(value_name = "FILE", required_unless_present = "write_map")]
    pub files: Vec<PathBuf>,
    /// The map: columns, active values, tiers and their weights, counts
    /// filled, owner aliases (default: `book.toml` in the config folder
    /// when there is one).
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Count customers active on this day, and new customers up to it
    /// (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub as_of: Option<chrono::NaiveDate>,
    /// The year whose quarters are counted (default: the year of
    /// `--as-of`).
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i32).range(1900..=2200))]
    pub year: Option<i32>,
    /// Only this owner (the name used in scenarios, any case).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Model file whose counts are filled (as for `report`).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Write or update one scenario per owner in DIR: the owners the map
    /// lists under `[owners]` and those with a scenario there already.
    #[arg(long, value_name = "DIR")]
    pub write_scenarios: Option<PathBuf>,
    /// With `--write-scenarios`: every owner of the export.
    #[arg(long, requires = "write_scenarios")]
    pub all_owners: bool,
    /// With `--write-scenarios`: write a scenario whose counts did not
    /// change too, and one that is read-only or gone since it was read.
    #[arg(long, requires = "write_scenarios")]
    pub force: bool,
    /// Write a starter map, every key explained, to FILE (not over an
    /// existing one), and stop.
    #[arg(long, value_name = "FILE", conflicts_with = "write_scenarios")]
    pub write_map: Option<PathBuf>,
}

/// Arguments of `tamplan history`.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Scenario files or folders of them (read recursively); default: the
    /// data folder's scenarios. In a bare repository, name the files
    /// (`server.git/plans/ana.toml`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Model file every version is computed with (default: `model.toml` in
    /// the config folder if it exists, else the built-in handbook model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// The versions from this day (YYYY-MM-DD, in each commit's own
    /// offset) or after this revision (a commit id, a tag, HEAD~5).
    #[arg(long, value_name = "DATE|REV", value_parser = parse_bound)]
    pub since: Option<crate::io::history::Bound>,
    /// The versions up to this day, or up to this revision.
    #[arg(long, value_name = "DATE|REV", value_parser = parse_bound)]
    pub until: Option<crate::io::history::Bound>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

/// `--since`/`--until`: a day (checked as `--from` is) or a revision; a
/// text that looks like a day but is not one is refused, not taken as a
/// revision.
fn parse_bound(text: &str) -> Result<crate::io::history::Bound, String> {
    let looks_like_day = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if looks_like_day {
        parse_day(text).map(crate::io::history::Bound::Date)
    } else if text.trim().is_empty() {
        Err("empty; expected a day (YYYY-MM-DD) or a revision (HEAD~3)".to_owned())
    } else {
        Ok(crate::io::history::Bound::Revision(text.to_owned()))
    }
}

/// `--format`: the output formats as the command line takes them, each
/// the [`Format`] of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Aligned columns for a terminal.
    Table,
    /// A document to paste into 1:1 notes.
    Markdown,
    /// The task table for a spreadsheet (RFC 4180).
    Csv,
    /// The machine contract.
    Json,
    /// One self-contained HTML document to open, print to PDF or forward.
    Html,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Table => Format::Table,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Html => Format::Html,
        }
    }
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

/// Arguments of `tamplan diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The plan (a scenario file, in a git repository or not).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Compare from this version: a day (YYYY-MM-DD: the newest commit at
    /// or before its end) or a revision (a commit, tag, branch, `HEAD~3`).
    /// Default: the last 1:1 (the plan as reviewed, else the commit of
    /// that day, else HEAD).
    #[arg(long, value_name = "DATE|REV")]
    pub since: Option<String>,
    /// Compare to this revision (default: the file as it is now, changes
    /// not yet committed included).
    #[arg(long, value_name = "REV")]
    pub to: Option<String>,
    /// Model file (default: `model.toml` in the config folder if it exists,
    /// else the built-in handbook model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}
