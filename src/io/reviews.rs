//! The plans as reviewed: marking a plan reviewed in a 1:1 keeps a copy of
//! it in `<data>/reviews/<hash of the plan's absolute path>/<date>.toml`
//! (edits reviewed before they were committed), and "the plan since the
//! last 1:1" is found from it.
//!
//! The folder's name is a 64-bit FNV-1a hash of the plan's absolute path
//! (symlinks resolved when the file exists), as 16 hex digits: the same on
//! every machine and with every Rust version, so copies kept by one
//! tamplan are found by the next. Each folder also holds `plan-path.txt`
//! naming the plan, for people.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::diff::{Loaded, diff};
use crate::domain::engine::{self, Inputs};
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::io::error::Error;
use crate::io::files;
use crate::io::history::{self, CommitInfo, Content, Opened, Repo, RepoPath};

/// The folder of the reviewed copies, under the data folder.
pub const FOLDER: &str = "reviews";

/// FNV-1a, 64 bits, over bytes: a stable hash that does not depend on the
/// Rust version (unlike `std`'s hashers).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The plan's absolute path: symlinks resolved when it exists, else made
/// absolute from the working folder.
pub fn absolute(plan: &Path) -> PathBuf {
    plan.canonicalize()
        .or_else(|_| std::path::absolute(plan))
        .unwrap_or_else(|_| plan.to_path_buf())
}

/// The folder holding the reviewed copies of `plan`:
/// `<data>/reviews/<16 hex digits>`.
pub fn folder(data_dir: &Path, plan: &Path) -> PathBuf {
    let path = absolute(plan);
    data_dir.join(FOLDER).join(format!(
        "{:016x}",
        fnv1a(path.as_os_str().as_encoded_bytes())
    ))
}

/// The file in each folder of copies that names its plan.
const NAMED: &str = "plan-path.txt";

/// Whether `dir` is a folder of copies as reviewed (it names its plan):
/// the team's search for plans leaves it out, so a team folder that holds
/// the data folder does not count a plan once per 1:1.
pub fn is_copies_folder(dir: &Path) -> bool {
    dir.join(NAMED).is_file()
}

/// The copy of `plan` as reviewed on `date` (which may not exist).
pub fn copy_path(data_dir: &Path, plan: &Path, date: NaiveDate) -> PathBuf {
    folder(data_dir, plan).join(format!("{}.toml", date.format("%Y-%m-%d")))
}

/// Keeps `text`, the plan as reviewed on `date`, as its reviewed copy,
/// written atomically (a copy of the same day is replaced: the last review
/// of a day is the one kept).
///
/// # Errors
/// [`Error::Write`] when the folder or the file cannot be written.
pub fn keep(data_dir: &Path, plan: &Path, date: NaiveDate, text: &str) -> Result<PathBuf, Error> {
    let dir = folder(data_dir, plan);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    let named = dir.join(NAMED);
    if !named.exists() {
        let shown = format!("{}\n", absolute(plan).display());
        files::write_atomic(&named, &shown, true)?;
    }
    let path = copy_path(data_dir, plan, date);
    files::write_atomic(&path, text, true)?;
    Ok(path)
}

/// The text of the copy of `plan` as reviewed on `date`; `Ok(None)` when
/// there is none.
///
/// # Errors
/// A copy that exists and cannot be read (not a file, too big, not UTF-8).
pub fn read_copy(data_dir: &Path, plan: &Path, date: NaiveDate) -> Result<Option<String>, Error> {
    let path = copy_path(data_dir, plan, date);
    match files::read_text(&path) {
        Ok(text) => Ok(Some(text)),
        Err(Error::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// The plan since the last 1:1: the text to compare with, and where it
/// came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The plan's text then.
    pub text: String,
    /// The day of the last 1:1 (`reviewed` of the plan now), if recorded.
    pub reviewed: Option<NaiveDate>,
    /// The commit it was read from; `None` for a reviewed copy.
    pub commit: Option<CommitInfo>,
    /// The reviewed copy it was read from, if it was.
    pub copy: Option<PathBuf>,
    /// What the reader should know ("no 1:1 is recorded: compared with
    /// HEAD").
    pub note: Option<String>,
}

impl Baseline {
    /// Whether it is HEAD for want of the plan at the last 1:1 (no review
    /// recorded, or no copy or commit of its day): said in [`Baseline::note`].
    pub fn is_head(&self) -> bool {
        self.copy.is_none() && self.note.is_some()
    }

    /// What it is, for people: "the plan as reviewed on 2026-11-30",
    /// "commit 1a2b3c4 of 2026-11-30 (the last before the end of the 1:1's
    /// day)", "HEAD (1a2b3c4, 2026-11-30)".
    pub fn label(&self) -> String {
        match (&self.copy, &self.commit, self.reviewed) {
            (Some(_), _, Some(day)) => format!("the plan as reviewed on {day}"),
            (_, Some(commit), Some(day)) if commit.day() <= day && self.note.is_none() => format!(
                "commit {} of {} (the last by the end of the 1:1 on {day})",
                commit.short_id(),
                commit.day()
            ),
            (_, Some(commit), _) => {
                format!("HEAD ({}, {})", commit.short_id(), commit.day())
            }
            _ => "the last 1:1".to_owned(),
        }
    }
}

/// The repository holding `plan` and the plan's path in it.
///
/// # Errors
/// [`Error::Failed`] for a plan outside the repository or a repository
/// that cannot be opened; `Ok(None)` when there is no repository.
pub fn repository_of(plan: &Path) -> Result<Option<(Repo, RepoPath)>, Error> {
    // The repository of the folder the plan is named in: a link in it to a
    // file elsewhere is outside the repository, and said so.
    let absolute = std::path::absolute(plan).unwrap_or_else(|_| plan.to_path_buf());
    let folder = absolute.parent().unwrap_or(&absolute);
    match history::open(folder).map_err(|error| Error::Failed(error.to_string()))? {
        Opened::NotARepository { .. } => Ok(None),
        Opened::Repository(repo) => {
            let path = repo
                .relative_path(&absolute)
                .map_err(|error| Error::Failed(error.to_string()))?;
            Ok(Some((*repo, path)))
        }
    }
}

/// The text of a snapshot's file, or why there is none.
///
/// # Errors
/// [`Error::Failed`] naming the file and the commit.
pub fn snapshot_text(
    snapshot: history::Snapshot,
    plan: &Path,
) -> Result<(CommitInfo, String), Error> {
    match snapshot.content {
        Content::Text(text) => Ok((snapshot.commit, text)),
        Content::Absent => Err(Error::Failed(format!(
            "{} is not in commit {} ({}); expected a file committed there",
            plan.display(),
            snapshot.commit.short_id(),
            snapshot.commit.day()
        ))),
        Content::Unreadable(why) => Err(Error::Failed(why.to_string())),
    }
}

/// The plan since the last 1:1, for the plan at `plan` whose `reviewed` is
/// `reviewed`: the reviewed copy of that day when it is kept, else the plan
/// at the newest first-parent commit of HEAD whose committer time is at or
/// before the end of that day (in the commit's own offset), else HEAD, with
/// a note saying why.
///
/// # Errors
/// [`Error::Failed`] with one line when there is nothing to compare with:
/// no copy and no repository, a plan outside the repository or never
/// committed, a version that cannot be read.
pub fn since_last_review(
    data_dir: &Path,
    plan: &Path,
    reviewed: Option<NaiveDate>,
) -> Result<Baseline, Error> {
    if let Some(day) = reviewed
        && let Some(text) = read_copy(data_dir, plan, day)?
    {
        return Ok(Baseline {
            text,
            reviewed,
            commit: None,
            copy: Some(copy_path(data_dir, plan, day)),
            note: None,
        });
    }
    let Some((repo, path)) = repository_of(plan)? else {
        return Err(Error::Failed(match reviewed {
            Some(day) => format!(
                "{}: reviewed on {day}, but no copy of the plan as reviewed is kept and it is not in a git repository: nothing to compare with",
                plan.display()
            ),
            None => format!(
                "{}: no 1:1 is recorded (no `reviewed` date) and it is not in a git repository: nothing to compare with; give --since, or mark the plan reviewed in the planner",
                plan.display()
            ),
        }));
    };
    let head = |note: String| -> Result<Baseline, Error> {
        let snapshot = repo
            .text_at_head(&path)
            .map_err(|error| Error::Failed(error.to_string()))?;
        if snapshot.content == Content::Absent {
            return Err(Error::Failed(format!(
                "{} has never been committed to the git repository at {}: nothing to compare with",
                plan.display(),
                repo.root().display()
            )));
        }
        let (commit, text) = snapshot_text(snapshot, plan)?;
        Ok(Baseline {
            text,
            reviewed,
            commit: Some(commit),
            copy: None,
            note: Some(note),
        })
    };
    let Some(day) = reviewed else {
        return head(
            "no 1:1 is recorded (the plan has no `reviewed` date): compared with HEAD".to_owned(),
        );
    };
    let at_day = repo
        .text_at_end_of_day(day, &path)
        .map_err(|error| Error::Failed(error.to_string()))?;
    match at_day {
        Some(snapshot) if snapshot.content != Content::Absent => {
            let (commit, text) = snapshot_text(snapshot, plan)?;
            Ok(Baseline {
                text,
                reviewed,
                commit: Some(commit),
                copy: None,
                note: None,
            })
        }
        _ => head(format!(
            "reviewed on {day}, but the plan was not committed by the end of that day and no copy of it as reviewed is kept: compared with HEAD"
        )),
    }
}

/// Whether the plan at `plan` (its `scenario` and `inputs` on `model`)
/// changed since its last 1:1: `None` when no 1:1 is recorded, or the plan
/// then is not found (no copy as reviewed and no commit by the end of that
/// day) or does not load.
pub fn changed_since_review(
    data_dir: &Path,
    plan: &Path,
    model: &Model,
    scenario: &Scenario,
    inputs: &Inputs,
) -> Option<bool> {
    let reviewed = scenario.reviewed?.date;
    let baseline = since_last_review(data_dir, plan, Some(reviewed)).ok()?;
    if baseline.is_head() {
        return None; // HEAD, for want of the plan then
    }
    let then = Scenario::parse(&baseline.text, &baseline.label()).ok()?;
    let applied = then.apply(model);
    let then_plan = engine::compute(model, &applied.inputs).ok()?;
    let now_plan = engine::compute(model, inputs).ok()?;
    let changes = diff(
        model,
        Loaded {
            scenario: &then,
            inputs: &applied.inputs,
            plan: &then_plan,
        },
        Loaded {
            scenario,
            inputs,
            plan: &now_plan,
        },
    );
    Some(!changes.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv1a_and_stable() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        let data = Path::new("/data");
        assert_eq!(
            folder(data, Path::new("/nowhere/team/ana.toml")),
            Path::new("/data/reviews").join(format!("{:016x}", fnv1a(b"/nowhere/team/ana.toml")))
        );
    }

    #[test]
    fn a_kept_copy_is_read_back_and_a_later_one_of_the_day_replaces_it() {
        let dir = tempfile::tempdir().expect("dir");
        let plan = dir.path().join("ana.toml");
        std::fs::write(&plan, "name = \"Ana\"\n").expect("plan");
        let data = dir.path().join("data");
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        assert_eq!(read_copy(&data, &plan, day).expect("reads"), None);
        let kept = keep(&data, &plan, day, "name = \"Ana\"\n").expect("kept");
        assert!(kept.ends_with("2026-11-30.toml"), "{}", kept.display());
        assert!(kept.starts_with(data.join("reviews")));
        // The same plan named another way finds the same copy.
        let other = dir.path().join(".").join("ana.toml");
        assert_eq!(
            read_copy(&data, &other, day).expect("reads").as_deref(),
            Some("name = \"Ana\"\n")
        );
        keep(&data, &plan, day, "name = \"Ana 2\"\n").expect("kept");
        assert_eq!(
            read_copy(&data, &plan, day).expect("reads").as_deref(),
            Some("name = \"Ana 2\"\n")
        );
        let named =
            std::fs::read_to_string(folder(&data, &plan).join("plan-path.txt")).expect("named");
        assert_eq!(named.trim_end(), absolute(&plan).display().to_string());
    }
}
