//! A team folder: every scenario file under the paths given (folders read
//! recursively, symlinked folders not followed, so a loop cannot run
//! forever), each read, checked against the model and planned. A file that
//! cannot be used is kept with its error; the others still roll up.

use std::path::{Path, PathBuf};

use crate::domain::model::Model;
use crate::domain::team::{Planned, Problem, Team};
use crate::io::files;

/// Every `*.toml` under `paths` (files as given, folders recursively),
/// sorted; folders that cannot be read and symlinked folders are problems.
/// A file reached twice — a link to a plan beside it, a folder given twice
/// or inside another given, a path and a link to it — is counted once: the
/// first in path order is kept and each other is a problem naming it.
pub fn scenario_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut problems),
            Ok(_) => files.push(path.clone()),
            Err(error) => problems.push(Problem::error(
                path.display().to_string(),
                format!("cannot read it: {error}"),
            )),
        }
    }
    files.sort();
    files.dedup();
    let files = once_each(files, &mut problems);
    (files, problems)
}

/// `files` (sorted) with each file that another before it leads to (by its
/// canonical path) dropped and named in a problem. A path that cannot be
/// resolved (a broken link) stays, to be reported when it is read.
fn once_each(files: Vec<PathBuf>, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut first: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    let mut kept: Vec<PathBuf> = Vec::with_capacity(files.len());
    for path in files {
        let Ok(real) = std::fs::canonicalize(&path) else {
            kept.push(path);
            continue;
        };
        if let Some(earlier) = first.get(&real).and_then(|&index| kept.get(index)) {
            problems.push(Problem::error(
                path.display().to_string(),
                format!(
                    "{}: the same file as {} (both are {}); counted once",
                    path.display(),
                    earlier.display(),
                    real.display()
                ),
            ));
        } else {
            first.insert(real, kept.len());
            kept.push(path);
        }
    }
    kept
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(Problem::error(
                dir.display().to_string(),
                format!("cannot read the folder: {error}"),
            ));
            return;
        }
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if kind.is_dir() {
            if !hidden && !crate::io::reviews::is_copies_folder(&path) {
                walk(&path, files, problems);
            }
        } else if kind.is_symlink() && path.is_dir() {
            problems.push(Problem::error(
                path.display().to_string(),
                "a link to a folder; not followed (a loop would never end)".to_owned(),
            ));
        } else if !hidden && path.extension().is_some_and(|ext| ext == "toml") {
            files.push(path);
        }
    }
}

/// Why there is no team: no plan file under `folders`, or none that could
/// be used (each problem on a line of its own).
pub fn nothing_loaded(folders: &[PathBuf], problems: &[Problem]) -> String {
    let shown: Vec<String> = folders.iter().map(|p| p.display().to_string()).collect();
    if problems.is_empty() {
        return format!("no scenario files in {}", shown.join(", "));
    }
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    format!(
        "no plan in {} could be used:\n{}",
        shown.join(", "),
        messages.join("\n")
    )
}

/// Reads every scenario under `paths` and plans it with `model`. A file
/// that is not TOML, not a scenario, made for another model, names what the
/// model lacks, or cannot be planned is a [`Problem`].
pub fn load(paths: &[PathBuf], model: &Model) -> Team {
    load_with(paths, model, None, |_| {})
}

/// [`load`], with `data_dir` (where the copies as reviewed are kept)
/// whether each plan changed since its last 1:1
/// ([`crate::io::reviews::changed_since_review`]), and each plan handed to
/// `adjust` once read and judged against its review (`team --book-file`
/// fills its counts from the CRM's book there).
pub fn load_with(
    paths: &[PathBuf],
    model: &Model,
    data_dir: Option<&Path>,
    mut adjust: impl FnMut(&mut Planned),
) -> Team {
    let (files, mut problems) = scenario_files(paths);
    let mut members = Vec::new();
    for path in files {
        let source = path.display().to_string();
        match planned(&path, &source, model, data_dir) {
            Ok(mut planned) => {
                adjust(&mut planned);
                members.push(planned.member);
            }
            Err(message) => problems.push(Problem::error(source, message)),
        }
    }
    Team { members, problems }
}

fn planned(
    path: &Path,
    source: &str,
    model: &Model,
    data_dir: Option<&Path>,
) -> Result<Planned, String> {
    let text = files::read_text(path).map_err(|error| error.to_string())?;
    Planned::from_text(model, source, &text).map(|mut planned| {
        if let Some(data_dir) = data_dir {
            planned.member.changed_since_review = crate::io::reviews::changed_since_review(
                data_dir,
                path,
                model,
                &planned.scenario,
                &planned.inputs,
            );
        }
        planned
    })
}
