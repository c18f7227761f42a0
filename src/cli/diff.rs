//! `tamplan diff FILE [--since DATE|REV] [--to REV]`: what changed in a
//! plan since the last 1:1, or between two versions in git.

use std::path::Path;

use super::args::DiffArgs;
use super::{load_model, now, say, scenario_for, write_stdout};
use crate::domain::diff::{Compared, Loaded, Version, diff as diff_of};
use crate::domain::engine::{self, Inputs, Plan};
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::io::error::Error;
use crate::io::files;
use crate::io::history::{Bound, CommitInfo, Repo, RepoPath};
use crate::io::reviews;
use crate::io::store::Paths;
use crate::report::{Format, Render as _, SinceSection};

/// One version, loaded: its scenario, values and figures.
struct Side {
    scenario: Scenario,
    inputs: Inputs,
    plan: Plan,
}

impl Side {
    fn loaded(&self) -> Loaded<'_> {
        Loaded {
            scenario: &self.scenario,
            inputs: &self.inputs,
            plan: &self.plan,
        }
    }
}

/// Parses, checks and plans a version's text; `source` names it in
/// errors ("ana.toml", "ana.toml at 1a2b3c4").
fn load(model: &Model, text: &str, source: &str) -> Result<Side, Error> {
    let (scenario, inputs) = scenario_for(model, text, source)?;
    let plan = engine::compute(model, &inputs)
        .map_err(|error| Error::Failed(format!("{source}: {error}")))?;
    Ok(Side {
        scenario,
        inputs,
        plan,
    })
}

/// A commit as the `from`/`to` of the contract.
fn commit_version(commit: &CommitInfo, label: String) -> Version {
    Version {
        commit: Some(commit.id.clone()),
        time: Some(commit.time.to_rfc3339()),
        reviewed: None,
        label,
    }
}

/// The repository of the plan, or a line saying why `what` needs one.
fn need_repo<'r>(
    repo: Option<&'r (Repo, RepoPath)>,
    file: &Path,
    what: &str,
) -> Result<&'r (Repo, RepoPath), Error> {
    repo.ok_or_else(|| {
        Error::Failed(format!(
            "{} is not in a git repository; {what} needs one",
            file.display()
        ))
    })
}

/// The file at a revision of its repository.
fn at_revision(
    repo: &(Repo, RepoPath),
    file: &Path,
    revision: &str,
) -> Result<(CommitInfo, String), Error> {
    let snapshot = repo
        .0
        .text_at(revision, &repo.1)
        .map_err(|error| Error::Failed(error.to_string()))?;
    reviews::snapshot_text(snapshot, file)
}

/// The later version: the file as it is now, or `--to REV`.
fn later(
    model: &Model,
    args: &DiffArgs,
    repo: Option<&(Repo, RepoPath)>,
) -> Result<(Side, Version), Error> {
    let file = args.file.as_path();
    let shown = file.display().to_string();
    let (side, mut version) = match &args.to {
        None => {
            let text = files::read_text(file)?;
            let time = std::fs::metadata(file)
                .and_then(|meta| meta.modified())
                .ok()
                .map(|time| {
                    chrono::DateTime::<chrono::Utc>::from(time)
                        .with_timezone(&now().timezone())
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
                });
            let version = Version {
                commit: None,
                time,
                reviewed: None,
                label: "the file as it is now".to_owned(),
            };
            (load(model, &text, &shown)?, version)
        }
        Some(revision) => {
            let repo = need_repo(repo, file, "--to")?;
            let (commit, text) = at_revision(repo, file, revision)?;
            let label = format!("{revision} ({}, {})", commit.short_id(), commit.day());
            let side = load(model, &text, &format!("{shown} at {}", commit.short_id()))?;
            (side, commit_version(&commit, label))
        }
    };
    version.reviewed = side.scenario.reviewed.map(|r| r.date);
    Ok((side, version))
}

/// The earlier version asked for with `--since DATE|REV`.
fn since(
    model: &Model,
    file: &Path,
    since: &str,
    repo: Option<&(Repo, RepoPath)>,
) -> Result<(Side, Version), Error> {
    let shown = file.display().to_string();
    let repo = need_repo(repo, file, "--since")?;
    let (commit, text) = match Bound::parse(since) {
        Bound::Date(day) => {
            let snapshot = repo
                .0
                .text_at_end_of_day(day, &repo.1)
                .map_err(|error| Error::Failed(error.to_string()))?
                .ok_or_else(|| {
                    Error::Failed(format!(
                        "{shown}: no commit of the git repository at {} is from {day} or before",
                        repo.0.root().display()
                    ))
                })?;
            reviews::snapshot_text(snapshot, file)?
        }
        Bound::Revision(revision) => at_revision(repo, file, &revision)?,
    };
    let label = format!("{since} ({}, {})", commit.short_id(), commit.day());
    let side = load(model, &text, &format!("{shown} at {}", commit.short_id()))?;
    Ok((side, commit_version(&commit, label)))
}

/// The earlier version without `--since`: the plan since the last 1:1
/// (see [`reviews::since_last_review`]), with its note, and whether it is
/// HEAD for want of a review or of a copy or commit of its day.
fn last_review(
    paths: &Paths,
    model: &Model,
    file: &Path,
    reviewed: Option<chrono::NaiveDate>,
    notes: &mut Vec<String>,
) -> Result<(Side, Version, bool), Error> {
    let shown = file.display().to_string();
    let baseline = reviews::since_last_review(&paths.data_dir, file, reviewed)?;
    let label = baseline.label();
    let head = baseline.is_head();
    notes.extend(baseline.note.clone());
    let (source, version) = match (&baseline.commit, &baseline.copy) {
        (Some(commit), _) => (
            format!("{shown} at {}", commit.short_id()),
            commit_version(commit, label),
        ),
        (None, copy) => (
            copy.as_ref()
                .map_or_else(|| shown.clone(), |c| c.display().to_string()),
            Version {
                commit: None,
                time: None,
                reviewed,
                label,
            },
        ),
    };
    let side = load(model, &baseline.text, &source)?;
    // The version's own `reviewed`, as the contract's `from.reviewed`.
    let version = Version {
        reviewed: side.scenario.reviewed.map(|r| r.date),
        ..version
    };
    Ok((side, version, head))
}

/// What changed in the plan `file` since its last 1:1, for its document
/// (`report`): the plan then against `to`, the plan as the report shows
/// it. `Ok(None)` when there is nothing to compare with: no 1:1 recorded
/// and the plan is not in a git repository.
pub(super) fn since_review(
    paths: &Paths,
    model: &Model,
    file: &Path,
    to: Loaded<'_>,
) -> Result<Option<SinceSection>, Error> {
    let reviewed = to.scenario.reviewed.map(|r| r.date);
    if reviewed.is_none() && reviews::repository_of(file)?.is_none() {
        return Ok(None);
    }
    let mut notes = Vec::new();
    if let Some(warning) = to.scenario.reviewed_in_future(now().date_naive()) {
        notes.push(warning.located(&file.display().to_string()));
    }
    let (from, from_version, head) = last_review(paths, model, file, reviewed, &mut notes)?;
    let label = SinceSection::compared_with(reviewed, head);
    Ok(Some(SinceSection {
        compared: Compared {
            file: file.display().to_string(),
            from: from_version,
            to: Version {
                commit: None,
                time: None,
                reviewed,
                label: "the plan in this report".to_owned(),
            },
            diff: diff_of(model, from.loaded(), to),
            notes,
        },
        label,
    }))
}

/// `tamplan diff`: prints what changed; exit 0 whether or not anything did.
pub(super) fn diff(paths: &Paths, args: &DiffArgs) -> Result<(), Error> {
    let (model, _) = load_model(paths, args.model.as_deref())?;
    let file = args.file.as_path();
    let shown = file.display().to_string();
    // Git is opened only for the flags that name versions in it; the last
    // 1:1 looks for itself (a copy as reviewed needs no repository).
    let repo = if args.since.is_some() || args.to.is_some() {
        reviews::repository_of(file)?
    } else {
        None
    };
    let mut notes = Vec::new();
    let (to, to_version) = later(&model, args, repo.as_ref())?;
    if let Some(warning) = to.scenario.reviewed_in_future(now().date_naive()) {
        notes.push(warning.located(&shown));
    }
    let (from, from_version) = if let Some(bound) = &args.since {
        let (side, mut version) = since(&model, file, bound, repo.as_ref())?;
        version.reviewed = side.scenario.reviewed.map(|r| r.date);
        (side, version)
    } else {
        let (side, version, _) = last_review(paths, &model, file, to_version.reviewed, &mut notes)?;
        (side, version)
    };
    let compared = Compared {
        file: shown,
        from: from_version,
        to: to_version,
        diff: diff_of(&model, from.loaded(), to.loaded()),
        notes,
    };
    let format = Format::from(args.format);
    if matches!(format, Format::Json | Format::Csv) {
        for note in &compared.notes {
            say("note", note);
        }
    }
    let text = compared.render(format).map_err(Error::Output)?;
    write_stdout(&text)
}
