//! `tamplan history`: each plan's versions along its repository's history,
//! computed, in table, Markdown, CSV and JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::grid::Grid;
use super::{Render, csv_text, finish_csv, md_text};
use crate::domain::history::{Histories, PlanHistory, PlanVersion};
use crate::domain::team::Member;
use crate::domain::text::{self, amount, number, sanitize};

/// The histories of `tamplan history`, ready to print.
#[derive(Debug, Clone, Copy)]
pub struct HistoryReport<'a> {
    /// The model's name.
    pub model: &'a str,
    /// The plans' versions, the notes and the paths that could not be read.
    pub histories: &'a Histories,
}

/// The table's and Markdown's column headings.
const HEADINGS: [&str; 9] = [
    "Commit",
    "Date",
    "Author",
    "Customers",
    "Util",
    "Status",
    "Planned h",
    "Available h",
    "Warnings",
];

/// The widest utilization shown in full (as the team's table).
const UTIL_WIDTH: usize = 8;

/// The commit's short id, or "current" for a file outside a repository.
fn commit_cell(version: &PlanVersion) -> String {
    version
        .commit
        .as_ref()
        .map_or_else(|| "current".to_owned(), |c| c.short_id().to_owned())
}

fn date_cell(version: &PlanVersion) -> String {
    match (&version.commit, &version.figures) {
        (Some(commit), _) => commit.time.format("%Y-%m-%d %H:%M").to_string(),
        (None, Ok(member)) => member.saved.map_or_else(
            || "not committed".to_owned(),
            |saved| saved.format("%Y-%m-%d %H:%M").to_string(),
        ),
        (None, Err(_)) => "not committed".to_owned(),
    }
}

fn author_cell(version: &PlanVersion) -> String {
    version
        .commit
        .as_ref()
        .map_or_else(String::new, |c| sanitize(&c.author).into_owned())
}

/// A loaded version's figures for people, in [`HEADINGS`] order after
/// the author.
fn figure_cells(member: &Member) -> [String; 6] {
    [
        number(member.customers),
        member.percent_fit(UTIL_WIDTH),
        member.status.label().to_owned(),
        amount(member.planned_hours),
        amount(member.available_hours),
        text::count(member.warnings, "warning", "warnings"),
    ]
}

fn heading(plan: &PlanHistory) -> String {
    match &plan.repository {
        Some(repository) => format!(
            "{} (repository {})",
            sanitize(&plan.file.display().to_string()),
            sanitize(&repository.display().to_string())
        ),
        None => format!(
            "{} (not in a git repository)",
            sanitize(&plan.file.display().to_string())
        ),
    }
}

impl HistoryReport<'_> {
    /// The notes and the paths that could not be read, as lines (the
    /// table and Markdown end with them; with JSON they go to stderr).
    pub fn notes(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .histories
            .notes
            .iter()
            .map(|note| sanitize(note).into_owned())
            .collect();
        for problem in &self.histories.problems {
            let line = if problem.message.starts_with(&problem.file) {
                problem.message.clone()
            } else {
                format!("{}: {}", problem.file, problem.message)
            };
            out.push(sanitize(&line).into_owned());
        }
        out
    }
}

impl Render for HistoryReport<'_> {
    /// A table per plan: a line per version, an error in place of the
    /// figures for a version that does not load; then the notes.
    fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "History on {}", sanitize(self.model));
        for plan in &self.histories.plans {
            let _ = writeln!(out, "\n{}", heading(plan));
            let headings = HEADINGS.map(str::to_owned);
            let rows: Vec<Vec<String>> = plan
                .versions
                .iter()
                .map(|version| {
                    let mut row = vec![
                        commit_cell(version),
                        date_cell(version),
                        author_cell(version),
                    ];
                    if let Ok(member) = &version.figures {
                        row.extend(figure_cells(member));
                    }
                    row
                })
                .collect();
            let headings_row = headings.to_vec();
            let grid = Grid::new(
                rows.iter()
                    .filter(|row| row.len() > 3)
                    .chain([&headings_row]),
                &[0, 1, 2, 5],
            );
            grid.line(&mut out, &headings);
            grid.rule(&mut out);
            for (row, version) in rows.iter().zip(&plan.versions) {
                match &version.figures {
                    Ok(_) => grid.line(&mut out, row),
                    Err(error) => {
                        let mut line = String::new();
                        grid.line(&mut line, row.get(..3).unwrap_or_default());
                        let _ = writeln!(
                            out,
                            "{}  does not load: {}",
                            line.trim_end(),
                            sanitize(error.lines().next().unwrap_or_default())
                        );
                    }
                }
            }
            if plan.versions.is_empty() {
                let _ = writeln!(out, "no versions");
            }
        }
        let sentences = self.notes();
        if !sentences.is_empty() {
            out.push('\n');
        }
        for sentence in sentences {
            let _ = writeln!(out, "{sentence}");
        }
        out
    }

    /// A section per plan with its versions' table, then the notes.
    fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Plan history: {}", md_text(self.model));
        for plan in &self.histories.plans {
            let _ = writeln!(out, "\n## {}\n", md_text(&heading(plan)));
            let _ = writeln!(out, "| {} |", HEADINGS.join(" | "));
            let _ = writeln!(out, "|---|---|---|---:|---:|---|---:|---:|---:|");
            for version in &plan.versions {
                let first = [
                    commit_cell(version),
                    date_cell(version),
                    author_cell(version),
                ]
                .map(|cell| md_text(&cell));
                match &version.figures {
                    Ok(member) => {
                        let cells = figure_cells(member).map(|cell| md_text(&cell));
                        let _ = writeln!(out, "| {} | {} |", first.join(" | "), cells.join(" | "));
                    }
                    Err(error) => {
                        let _ = writeln!(
                            out,
                            "| {} | does not load: {} |  |  |  |  |  |",
                            first.join(" | "),
                            md_text(error.lines().next().unwrap_or_default())
                        );
                    }
                }
            }
        }
        let sentences = self.notes();
        if !sentences.is_empty() {
            out.push('\n');
        }
        for sentence in sentences {
            let _ = writeln!(out, "- {}", md_text(&sentence));
        }
        out
    }

    /// A record per version: file, repository, commit, time, author, the
    /// figures (numbers to two decimals, utilization in percent) or the
    /// error.
    ///
    /// # Errors
    /// Only if CSV writing fails.
    fn csv(&self) -> Result<String, std::io::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record([
            "file",
            "repository",
            "commit",
            "time",
            "author",
            "customers",
            "utilization",
            "status",
            "planned_hours",
            "available_hours",
            "warnings",
            "error",
        ])?;
        let dec = text::decimal2;
        for plan in &self.histories.plans {
            let file = csv_text(&plan.file.display().to_string());
            let repository = plan
                .repository
                .as_ref()
                .map(|r| csv_text(&r.display().to_string()))
                .unwrap_or_default();
            for version in &plan.versions {
                let commit = version.commit.as_ref();
                let mut record = vec![
                    file.clone(),
                    repository.clone(),
                    commit.map(|c| c.id.clone()).unwrap_or_default(),
                    commit.map(|c| c.time.to_rfc3339()).unwrap_or_default(),
                    commit.map(|c| csv_text(&c.author)).unwrap_or_default(),
                ];
                match &version.figures {
                    Ok(m) => record.extend([
                        dec(m.customers),
                        dec(m.utilization * 100.0),
                        m.status.key().to_owned(),
                        dec(m.planned_hours),
                        dec(m.available_hours),
                        m.warnings.to_string(),
                        String::new(),
                    ]),
                    Err(error) => {
                        record.extend(std::iter::repeat_n(String::new(), 6));
                        record.push(csv_text(error));
                    }
                }
                writer.write_record(&record)?;
            }
        }
        finish_csv(writer)
    }

    /// `{ "plans": [ { "file", "repository", "versions": [...] } ] }`, as
    /// PRODUCT.md gives it.
    ///
    /// # Errors
    /// Only if serialization fails.
    fn json(&self) -> Result<String, std::io::Error> {
        let json = JsonHistory {
            plans: self
                .histories
                .plans
                .iter()
                .map(|plan| JsonPlan {
                    file: text::json_safe(&plan.file.display().to_string()).into_owned(),
                    repository: plan
                        .repository
                        .as_ref()
                        .map(|r| text::json_safe(&r.display().to_string()).into_owned()),
                    versions: plan.versions.iter().map(json_version).collect(),
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&json)?;
        text.push('\n');
        Ok(text)
    }
}

fn json_version(version: &PlanVersion) -> JsonVersion {
    let commit = version.commit.as_ref().map(|c| c.id.clone());
    let author = version
        .commit
        .as_ref()
        .map(|c| text::json_safe(&c.author).into_owned());
    let time = match (&version.commit, &version.figures) {
        (Some(c), _) => Some(c.time.to_rfc3339()),
        (None, Ok(member)) => member.saved.map(|s| s.to_rfc3339()),
        (None, Err(_)) => None,
    };
    match &version.figures {
        Ok(m) => JsonVersion::Loaded {
            commit,
            time,
            author,
            customers: m.customers,
            planned_hours: m.planned_hours,
            available_hours: m.available_hours,
            utilization: m.utilization,
            status: m.status.key(),
            warnings: m.warnings,
        },
        Err(error) => JsonVersion::Failed {
            commit,
            time,
            error: text::json_safe(error).into_owned(),
        },
    }
}

#[derive(Serialize)]
struct JsonHistory {
    plans: Vec<JsonPlan>,
}

#[derive(Serialize)]
struct JsonPlan {
    file: String,
    repository: Option<String>,
    versions: Vec<JsonVersion>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonVersion {
    Loaded {
        commit: Option<String>,
        time: Option<String>,
        author: Option<String>,
        customers: f64,
        planned_hours: f64,
        available_hours: f64,
        utilization: f64,
        status: &'static str,
        warnings: usize,
    },
    Failed {
        commit: Option<String>,
        time: Option<String>,
        error: String,
    },
}
