//! Plan files' histories, computed: each version of each file parsed and
//! planned with the model as it is today — what `tamplan history`, the
//! planner's history screen and the team view's trend show.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::domain::history::{Histories, PlanHistory, PlanVersion};
use crate::domain::model::Model;
use crate::domain::team::{Member, Planned, Problem};

use super::{Content, Ended, HistoryError, Opened, Range, Repo, RepoPath, Version, open};

/// The histories of the plan files under `paths` (files, or folders read
/// as `tamplan team` reads them). A file path that is not on disk but lies
/// in a repository is read from its history: a plan removed since, or, in
/// a bare repository, a path under its folder.
///
/// # Errors
/// [`HistoryError::Revision`] when `--since`/`--until` names no commit
/// (bad usage); everything else is in the value.
pub fn load(paths: &[PathBuf], model: &Model, range: &Range) -> Result<Histories, HistoryError> {
    load_last(paths, model, range, None)
}

/// How many versions the team's trend shows.
pub const TREND: usize = 8;

/// The utilization of the last [`TREND`] versions of each plan file under
/// `paths` that loaded, oldest first, by the file's path as found (only
/// those versions are computed). A file outside any repository is not
/// read again and has no entry: its trend is the plan as it is.
pub fn trends(paths: &[PathBuf], model: &Model) -> HashMap<PathBuf, Vec<f64>> {
    load_last(paths, model, &Range::default(), Some(TREND))
        .map(|histories| {
            histories
                .plans
                .into_iter()
                .filter(|plan| plan.repository.is_some())
                .map(|plan| {
                    let trend = plan.trend(TREND);
                    (plan.file, trend)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// [`load`], computing only the last `keep` versions of each file.
fn load_last(
    paths: &[PathBuf],
    model: &Model,
    range: &Range,
    keep: Option<usize>,
) -> Result<Histories, HistoryError> {
    let mut out = Histories::default();
    let (on_disk, in_trees) = split_bare(paths);
    let (mut files, problems) = crate::io::team::scenario_files(&on_disk);
    out.problems = problems;
    files.extend(in_trees);
    let groups = group(files, model, keep.is_none(), &mut out);
    for group in groups {
        read_group(group, model, range, keep, &mut out)?;
    }
    out.plans.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// Plan files of one repository.
struct Group {
    repo: Repo,
    files: Vec<(PathBuf, RepoPath)>,
}

/// `files` by repository (one open per folder), in path order; a file
/// outside any repository goes straight into `out`, with its current
/// version when `current_too`.
fn group(files: Vec<PathBuf>, model: &Model, current_too: bool, out: &mut Histories) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_folder: HashMap<PathBuf, Option<usize>> = HashMap::new();
    for file in files {
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let index = if let Some(index) = by_folder.get(&folder) {
            *index
        } else {
            let index = match open(&file) {
                Ok(Opened::Repository(repo)) => Some(
                    groups
                        .iter()
                        .position(|other| other.repo.git_dir() == repo.git_dir())
                        .unwrap_or_else(|| {
                            groups.push(Group {
                                repo: *repo,
                                files: Vec::new(),
                            });
                            groups.len().saturating_sub(1)
                        }),
                ),
                Ok(Opened::NotARepository { .. }) => None,
                Err(error) => {
                    out.problems.push(Problem::error(
                        file.display().to_string(),
                        error.to_string(),
                    ));
                    by_folder.insert(folder, None);
                    continue;
                }
            };
            by_folder.insert(folder, index);
            index
        };
        if let Some(group) = index.and_then(|index| groups.get_mut(index)) {
            match group.repo.relative_path(&file) {
                Ok(path) => group.files.push((file, path)),
                Err(error) => out.problems.push(Problem::error(
                    file.display().to_string(),
                    error.to_string(),
                )),
            }
        } else {
            let note = format!(
                "{}: not in a git repository; the current version only",
                file.parent().unwrap_or(Path::new(".")).display()
            );
            if !out.notes.contains(&note) {
                out.notes.push(note);
            }
            out.plans.push(PlanHistory {
                versions: if current_too {
                    vec![current(&file, model)]
                } else {
                    Vec::new()
                },
                file,
                repository: None,
            });
        }
    }
    groups
}

/// One walk for a repository's files, each version computed (a text seen
/// before in the same file is computed once).
fn read_group(
    group: Group,
    model: &Model,
    range: &Range,
    keep: Option<usize>,
    out: &mut Histories,
) -> Result<(), HistoryError> {
    let Group { repo, files } = group;
    let repo_paths: Vec<RepoPath> = files.iter().map(|(_, path)| path.clone()).collect();
    let history = repo.versions(&repo_paths, range)?;
    let root = repo.root().display();
    match &history.ended {
        Ended::Complete => {}
        Ended::Shallow(boundary) => out.notes.push(format!(
            "{root}: a shallow clone; history ends at commit {} ({})",
            boundary.short_id(),
            boundary.day()
        )),
        Ended::Limit => out.notes.push(format!(
            "{root}: history read up to {} commits; older versions not shown",
            super::MAX_COMMITS
        )),
        Ended::Broken(error) => out.notes.push(format!(
            "{root}: history stops at an unreadable commit: {error}"
        )),
    }
    for ((file, _), series) in files.into_iter().zip(history.series) {
        if series.versions.is_empty() {
            out.notes.push(format!(
                "{}: no committed version{}",
                file.display(),
                if range.since.is_some() || range.until.is_some() {
                    " in the range asked"
                } else {
                    ""
                }
            ));
        }
        let source = file.display().to_string();
        let mut computed: HashMap<String, Result<Member, String>> = HashMap::new();
        let mut compute = |version: Version| {
            let (figures, text) = match version.content {
                Content::Text(text) => {
                    let figures = computed
                        .entry(text.clone())
                        .or_insert_with_key(|text| plan(model, &source, text))
                        .clone();
                    (figures, Some(text))
                }
                Content::Absent => (Err(format!("{source}: removed in this commit")), None),
                Content::Unreadable(error) => (Err(error.to_string()), None),
            };
            PlanVersion {
                commit: Some(version.commit),
                figures,
                text,
            }
        };
        let versions: Vec<PlanVersion> = match keep {
            None => series.versions.into_iter().map(compute).collect(),
            // Newest first, until `keep` versions have loaded.
            Some(keep) => {
                let mut newest_first = Vec::new();
                let mut loaded = 0;
                for version in series.versions.into_iter().rev() {
                    if loaded >= keep {
                        break;
                    }
                    let version = compute(version);
                    loaded += usize::from(version.figures.is_ok());
                    newest_first.push(version);
                }
                newest_first.reverse();
                newest_first
            }
        };
        out.plans.push(PlanHistory {
            file,
            repository: Some(repo.root().to_owned()),
            versions,
        });
    }
    Ok(())
}

fn plan(model: &Model, source: &str, text: &str) -> Result<Member, String> {
    Planned::from_text(model, source, text).map(|planned| planned.member)
}

/// The file on disk, computed.
fn current(file: &Path, model: &Model) -> PlanVersion {
    let source = file.display().to_string();
    match crate::io::files::read_text(file) {
        Ok(text) => PlanVersion {
            commit: None,
            figures: plan(model, &source, &text),
            text: Some(text),
        },
        Err(error) => PlanVersion {
            commit: None,
            figures: Err(error.to_string()),
            text: None,
        },
    }
}

/// `paths` that exist on disk, and those that do not but lie in a
/// repository (a file removed since, or one in a bare repository's tree).
fn split_bare(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut on_disk = Vec::new();
    let mut in_trees = Vec::new();
    for path in paths {
        if path.symlink_metadata().is_err()
            && let Ok(Opened::Repository(_)) = open(path)
        {
            in_trees.push(path.clone());
        } else {
            on_disk.push(path.clone());
        }
    }
    (on_disk, in_trees)
}
