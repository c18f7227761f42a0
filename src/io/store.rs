//! Where files live and how scenarios are kept: the data and config folders,
//! the scenario folder, exports, recovery files, and saves that never
//! lose either version of a file changed behind the planner's back.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::engine::{self, Inputs};
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::io::error::Error;
use crate::io::files;

/// The folders `tamplan` reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Scenarios, exports and recovery files (`~/.local/share/tamplan`).
    pub data_dir: PathBuf,
    /// The user's model (`~/.config/tamplan`).
    pub config_dir: PathBuf,
}

impl Paths {
    /// The folders from the flags, else `TAMPLAN_DATA_DIR` /
    /// `TAMPLAN_CONFIG_DIR`, else the platform's (through `directories`).
    ///
    /// # Errors
    /// [`Error::Usage`] when no home folder can be found and nothing was given.
    pub fn resolve(data_flag: Option<&Path>, config_flag: Option<&Path>) -> Result<Paths, Error> {
        let from_env = |name: &str| {
            std::env::var_os(name)
                .filter(|value| !value.is_empty())
                .map(PathBuf::from)
        };
        let dirs = directories::ProjectDirs::from("", "", "tamplan");
        let pick = |flag: Option<&Path>, env: &str, platform: Option<PathBuf>, what: &str| {
            flag.map(Path::to_path_buf)
                .or_else(|| from_env(env))
                .or(platform)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "no home folder to keep the {what} in; expected {env} or the --{} flag",
                        if what == "data" {
                            "data-dir"
                        } else {
                            "config-dir"
                        }
                    ))
                })
        };
        Ok(Paths {
            data_dir: pick(
                data_flag,
                "TAMPLAN_DATA_DIR",
                dirs.as_ref().map(|d| d.data_dir().to_path_buf()),
                "data",
            )?,
            config_dir: pick(
                config_flag,
                "TAMPLAN_CONFIG_DIR",
                dirs.as_ref().map(|d| d.config_dir().to_path_buf()),
                "config",
            )?,
        })
    }

    /// Saved scenarios.
    pub fn scenarios_dir(&self) -> PathBuf {
        self.data_dir.join("scenarios")
    }

    /// Markdown 1:1 summaries.
    pub fn exports_dir(&self) -> PathBuf {
        self.data_dir.join("exports")
    }

    /// Where unsaved work is kept when a signal ends the planner: one file
    /// per planner, `recovery-<time>-<pid>.toml`.
    pub fn recovery_file(&self, stamp: &str) -> PathBuf {
        self.data_dir
            .join(format!("recovery-{stamp}-{}.toml", std::process::id()))
    }

    /// The user's own model, used when it exists and `--model` is not given.
    pub fn model_file(&self) -> PathBuf {
        self.config_dir.join("model.toml")
    }

    /// The user's `rules.toml`, for calibration, beside the model.
    pub fn rules_file(&self) -> PathBuf {
        self.config_dir.join("rules.toml")
    }
}

/// The longest file name (before `.toml`) made from a scenario's name.
const MAX_SLUG: usize = 200;

/// A file name for a scenario called `name`: lowercase letters, digits and
/// dashes, `.toml` added (`Q3 — 5 more!` → `q3-5-more.toml`).
pub fn file_name(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        return "scenario.toml".to_owned();
    }
    // A file name holds 255 bytes: a longer name is cut (at a character)
    // and told apart from others cut alike by a hash of the whole name.
    if slug.len() <= MAX_SLUG {
        return format!("{slug}.toml");
    }
    let mut cut = MAX_SLUG - 9;
    while !slug.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = slug.get(..cut).unwrap_or(slug).trim_end_matches('-');
    format!("{head}-{:08x}.toml", fnv1a(name) & 0xffff_ffff)
}

/// FNV-1a, 64 bits: a stable hash for telling shortened names apart.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A saved scenario as the picker lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// The file.
    pub path: PathBuf,
    /// Its name, owner and saved date, when it could be read.
    pub scenario: Option<Scenario>,
    /// Utilization of the scenario on the current model.
    pub utilization: Option<f64>,
    /// Why it could not be read.
    pub problem: Option<String>,
}

/// Every `*.toml` in the scenario folder, newest save first; files that
/// cannot be read are listed with the reason.
pub fn list_scenarios(paths: &Paths, model: &Model) -> Vec<Listed> {
    let Ok(entries) = std::fs::read_dir(paths.scenarios_dir()) else {
        return Vec::new();
    };
    let mut listed: Vec<Listed> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .map(|path| match read_scenario(&path) {
            Ok((_, scenario)) => {
                let utilization = engine::compute(model, &scenario.apply(model).inputs)
                    .ok()
                    .map(|plan| plan.utilization);
                Listed {
                    path,
                    scenario: Some(scenario),
                    utilization,
                    problem: None,
                }
            }
            Err(error) => Listed {
                path,
                scenario: None,
                utilization: None,
                problem: Some(error.to_string()),
            },
        })
        .collect();
    listed.sort_by(|a, b| {
        let date = |l: &Listed| l.scenario.as_ref().and_then(|s| s.saved);
        date(b).cmp(&date(a)).then_with(|| a.path.cmp(&b.path))
    });
    listed
}

/// Reads a scenario file: its text (to notice later changes) and contents.
///
/// # Errors
/// A read error or every problem in the file.
pub fn read_scenario(path: &Path) -> Result<(String, Scenario), Error> {
    let text = files::read_text(path)?;
    let scenario = Scenario::parse(&text, &path.display().to_string())?;
    Ok((text, scenario))
}

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// The file now holds the text.
    Written,
    /// The file changed since it was read (or appeared, for a new file);
    /// nothing was written. Holds what is on disk now.
    Conflict(String),
    /// The file that was opened or saved is gone (renamed or deleted);
    /// nothing was written, so it is not silently created again.
    Gone,
    /// The file is read-only; nothing was written.
    ReadOnly,
}

/// What `path` holds now: `None` when there is no file.
fn current(path: &Path) -> Result<Option<String>, Error> {
    match files::read_text(path) {
        Ok(text) => Ok(Some(text)),
        Err(Error::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Saves `text` to `path` atomically, unless the file's content is no
/// longer `expected` (what was read or last written; `None` for a file that
/// should not exist yet). The content is compared before writing and again
/// immediately before the rename, so an edit made while the new file is
/// synced is never overwritten. Unless `force`, a file that is gone or
/// read-only is a question for the user, not a silent write.
///
/// # Errors
/// A write error, or a target that is not a regular file.
pub fn save(path: &Path, text: &str, expected: Option<&str>, force: bool) -> Result<Saved, Error> {
    save_with(path, text, expected, force, |_| {})
}

/// [`save`], with `meanwhile` run after the new content is synced and
/// before the last check: where another program's edit could land.
fn save_with(
    path: &Path,
    text: &str,
    expected: Option<&str>,
    force: bool,
    mut meanwhile: impl FnMut(&Path),
) -> Result<Saved, Error> {
    // A file that was read lives in a folder that exists: one that is gone
    // since is not created again, empty, unasked.
    if let Some(parent) = path.parent()
        && (expected.is_none() || force)
    {
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_owned(),
            source,
        })?;
    }
    let on_disk = current(path)?;
    match (&on_disk, expected) {
        (None, Some(_)) if !force => return Ok(Saved::Gone),
        (Some(disk), _) if Some(disk.as_str()) != expected => {
            return Ok(Saved::Conflict(disk.clone()));
        }
        _ => {}
    }
    if !force
        && on_disk.is_some()
        && std::fs::metadata(path).is_ok_and(|meta| meta.permissions().readonly())
    {
        return Ok(Saved::ReadOnly);
    }
    if let Some(dir) = path.parent() {
        remove_stale_temporary_files(dir);
    }
    let mut changed = None;
    let written = files::write_atomic_if(path, text, true, |target| {
        meanwhile(target);
        match current(target) {
            Ok(now) if now == on_disk => true,
            Ok(now) => {
                changed = Some(now);
                false
            }
            Err(_) => false,
        }
    })?;
    Ok(match (written, changed) {
        (true, _) => Saved::Written,
        (false, Some(Some(disk))) => Saved::Conflict(disk),
        (false, _) => Saved::Gone,
    })
}

/// One file of a save made with others, all or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The file.
    pub path: PathBuf,
    /// Its new content.
    pub text: String,
    /// What it held when read or last written.
    pub expected: String,
}

/// Why a save of several files together wrote none of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file changed since it was read; holds what is on disk now.
    Conflict(String),
    /// The file is gone (renamed or deleted).
    Gone,
    /// The folder that held the file is gone.
    FolderGone(PathBuf),
    /// The file is read-only.
    ReadOnly,
}

/// How a save of several files together ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavedTogether {
    /// Every file holds its new text.
    Written,
    /// None was written: this file is why.
    Refused(PathBuf, Refusal),
}

/// Why `path` may not be replaced by a save that read `expected` there.
fn refusal(path: &Path, expected: &str) -> Result<Option<Refusal>, Error> {
    if let Some(folder) = path.parent()
        && !folder.as_os_str().is_empty()
        && !folder.is_dir()
    {
        return Ok(Some(Refusal::FolderGone(folder.to_owned())));
    }
    Ok(match current(path)? {
        None => Some(Refusal::Gone),
        Some(disk) if disk != expected => Some(Refusal::Conflict(disk)),
        Some(_) if std::fs::metadata(path).is_ok_and(|meta| meta.permissions().readonly()) => {
            Some(Refusal::ReadOnly)
        }
        Some(_) => None,
    })
}

/// Saves several files as one: every file is checked (unchanged on disk
/// since it was read, as [`save`] checks), every new content is written
/// to a temporary file beside its file and synced, every file is checked
/// again, and only then is each renamed into place. A refusal or an error
/// before the first rename leaves every file as it was; a folder that is
/// gone is never created again.
///
/// # Errors
/// A write error (a file that is not a regular file, a full disk). When a
/// rename fails after others succeeded, those are put back as they were
/// read, as far as the disk allows.
pub fn save_together(files: &[Pending]) -> Result<SavedTogether, Error> {
    save_together_with(files, |_| {})
}

/// [`save_together`], with `meanwhile` run once every new content is
/// synced and before the last checks: where another program's edit could
/// land.
fn save_together_with(
    pending: &[Pending],
    meanwhile: impl FnOnce(&[files::Staged]),
) -> Result<SavedTogether, Error> {
    for file in pending {
        if let Some(why) = refusal(&file.path, &file.expected)? {
            return Ok(SavedTogether::Refused(file.path.clone(), why));
        }
    }
    let mut staged = Vec::with_capacity(pending.len());
    for file in pending {
        if let Some(dir) = file.path.parent() {
            remove_stale_temporary_files(dir);
        }
        staged.push(files::stage(&file.path, &file.text)?);
    }
    meanwhile(&staged);
    for (file, stage) in pending.iter().zip(&staged) {
        if let Some(why) = refusal(&stage.target, &file.expected)? {
            return Ok(SavedTogether::Refused(file.path.clone(), why));
        }
    }
    let mut written: Vec<&Pending> = Vec::with_capacity(pending.len());
    for (file, stage) in pending.iter().zip(staged) {
        if let Err(error) = stage.commit() {
            for done in written {
                let _ = files::write_atomic(&done.path, &done.expected, true);
            }
            return Err(error);
        }
        written.push(file);
    }
    Ok(SavedTogether::Written)
}

/// Temporary files of saves that were killed before their rename (the
/// target file itself is always whole). Those older than a minute belong
/// to no running save and are removed.
fn remove_stale_temporary_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let stale = std::time::Duration::from_secs(60);
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let old = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age > stale));
        if name.starts_with(".tamplan-") && name.ends_with(".tmp") && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes an export to `path`, or beside it as `NAME-2.md`, `NAME-3.md`, …
/// (the extension `path` has) when that name is taken: an earlier export may hold notes added since.
///
/// # Errors
/// A write error, or every candidate name taken.
pub fn export(path: &Path, text: &str) -> Result<PathBuf, Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_owned(),
            source,
        })?;
    }
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The same kind of file: `team-2026-11-23-2.html`, not `….md`.
    let extension = path
        .extension()
        .map(|extension| format!(".{}", extension.to_string_lossy()))
        .unwrap_or_default();
    for n in 1..1000 {
        let candidate = if n == 1 {
            path.to_path_buf()
        } else {
            path.with_file_name(format!("{stem}-{n}{extension}"))
        };
        match files::write_atomic(&candidate, text, false) {
            Ok(()) => return Ok(candidate),
            Err(Error::OutputExists { .. }) => {}
            Err(error) => return Err(error),
        }
    }
    Err(Error::OutputExists {
        path: path.to_owned(),
    })
}

/// Unsaved work kept by a signal, to offer at the next start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// Where this recovery is kept (not part of the file).
    #[serde(skip)]
    pub path: PathBuf,
    /// The scenario file the work belonged to, if it had one.
    pub file: Option<PathBuf>,
    /// The unsaved plan, as scenario TOML.
    pub scenario: String,
}

/// Writes unsaved work to a new recovery file of its own (several planners
/// may share the data folder) and returns its path.
///
/// # Errors
/// A write error.
pub fn write_recovery(
    paths: &Paths,
    model: &Model,
    inputs: &Inputs,
    meta: &Scenario,
    file: Option<&Path>,
) -> Result<PathBuf, Error> {
    let now = crate::io::clock::now();
    let text = Scenario::stamped(model, inputs, meta, now)
        .to_toml()
        .map_err(|error| Error::Internal(error.to_string()))?;
    let recovery = Recovery {
        path: PathBuf::new(),
        file: file.map(Path::to_path_buf),
        scenario: text,
    };
    let body = toml::to_string(&recovery).map_err(|error| Error::Internal(error.to_string()))?;
    std::fs::create_dir_all(&paths.data_dir).map_err(|source| Error::Write {
        path: paths.data_dir.clone(),
        source,
    })?;
    let path = paths.recovery_file(&now.format("%Y%m%dT%H%M%S").to_string());
    files::write_atomic(&path, &body, true)?;
    Ok(path)
}

/// The recovery files of the data folder.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recoveries {
    /// Every readable one, newest first.
    pub found: Vec<Recovery>,
    /// Why others were skipped: not a regular file (a FIFO, a link to a
    /// device), too large, or not a recovery file.
    pub skipped: Vec<String>,
}

/// Every recovery file in the data folder, newest first; files that are not
/// regular files or cannot be read are skipped and said why, never read
/// without bound or waited on.
pub fn read_recoveries(paths: &Paths) -> Recoveries {
    let Ok(entries) = std::fs::read_dir(&paths.data_dir) else {
        return Recoveries::default();
    };
    let mut skipped = Vec::new();
    let mut found: Vec<(std::time::SystemTime, Recovery)> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with("recovery-") && name.ends_with(".toml")
        })
        .filter_map(|entry| {
            let path = entry.path();
            let text = match files::read_text(&path) {
                Ok(text) => text,
                Err(error) => {
                    skipped.push(format!("Skipped a recovery file: {error}"));
                    return None;
                }
            };
            let Ok(mut recovery) = toml::from_str::<Recovery>(&text) else {
                skipped.push(format!(
                    "Skipped {}: not a recovery file tamplan can read",
                    path.display()
                ));
                return None;
            };
            recovery.path = path;
            let modified = std::fs::metadata(&recovery.path)
                .and_then(|meta| meta.modified())
                .ok()?;
            Some((modified, recovery))
        })
        .collect();
    found.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    Recoveries {
        found: found.into_iter().map(|(_, recovery)| recovery).collect(),
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_make_file_names_a_file_system_takes() {
        let long = "Quarterly plan ".repeat(40);
        let name = file_name(&long);
        assert!(name.len() <= 255, "{} bytes", name.len());
        assert_eq!(Path::new(&name).extension(), Some("toml".as_ref()));
        let other = file_name(&format!("{long} B"));
        assert_ne!(name, other, "cut alike, told apart");
        let wide = file_name(&"Ü".repeat(300));
        assert!(wide.len() <= 255, "{} bytes", wide.len());
        let dir = tempfile::TempDir::new().expect("temp dir");
        assert_eq!(
            save(&dir.path().join(&name), "x", None, false).expect("saves"),
            Saved::Written
        );
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("Q3 — 5 more!"), "q3-5-more.toml");
        assert_eq!(file_name("../../etc/passwd"), "etc-passwd.toml");
        assert_eq!(file_name("  "), "scenario.toml");
        assert_eq!(file_name("Ünïcode Plan"), "ünïcode-plan.toml");
    }

    #[test]
    fn a_save_notices_a_file_changed_behind_its_back() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("deep/s.toml");
        assert_eq!(
            save(&path, "one", None, false).expect("saves"),
            Saved::Written
        );
        assert_eq!(
            save(&path, "two", Some("one"), false).expect("saves"),
            Saved::Written
        );
        std::fs::write(&path, "theirs").expect("write");
        assert_eq!(
            save(&path, "three", Some("two"), false).expect("saves"),
            Saved::Conflict("theirs".to_owned())
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "theirs",
            "their version is kept"
        );
        assert_eq!(
            save(&dir.path().join("deep/s.toml"), "x", None, false).expect("saves"),
            Saved::Conflict("theirs".to_owned())
        );
    }

    #[test]
    fn an_edit_landing_while_the_save_syncs_is_never_overwritten() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "one").expect("write");
        let saved = save_with(&path, "mine", Some("one"), false, |target| {
            std::fs::write(target, "theirs").expect("their edit");
        })
        .expect("saves");
        assert_eq!(saved, Saved::Conflict("theirs".to_owned()));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "theirs");
    }

    #[test]
    fn a_file_gone_or_read_only_is_a_question_not_a_silent_write() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("s.toml");
        assert_eq!(
            save(&path, "mine", Some("one"), false).expect("saves"),
            Saved::Gone,
            "opened, then deleted: not created again unasked"
        );
        assert!(!path.exists());
        assert_eq!(
            save(&path, "mine", Some("one"), true).expect("saves"),
            Saved::Written,
            "unless the user says so"
        );
        let mut permissions = std::fs::metadata(&path).expect("meta").permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).expect("read-only");
        assert_eq!(
            save(&path, "again", Some("mine"), false).expect("saves"),
            Saved::ReadOnly
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "mine");
        assert_eq!(
            save(&path, "again", Some("mine"), true).expect("saves"),
            Saved::Written
        );
    }

    #[test]
    fn a_save_in_a_folder_deleted_since_never_creates_it_again() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let folder = dir.path().join("team");
        assert_eq!(
            save(&folder.join("s.toml"), "mine", Some("one"), false).expect("saves"),
            Saved::Gone
        );
        assert!(!folder.exists(), "not created again, empty");
    }

    fn pending(path: &Path, text: &str, expected: &str) -> Pending {
        Pending {
            path: path.to_owned(),
            text: text.to_owned(),
            expected: expected.to_owned(),
        }
    }

    #[test]
    fn files_saved_together_are_all_written_or_none() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
        std::fs::write(&a, "a1").expect("write");
        std::fs::write(&b, "b1").expect("write");
        assert_eq!(
            save_together(&[pending(&a, "a2", "a1"), pending(&b, "b2", "b1")]).expect("saves"),
            SavedTogether::Written
        );
        assert_eq!(std::fs::read_to_string(&a).expect("read"), "a2");
        assert_eq!(std::fs::read_to_string(&b).expect("read"), "b2");

        // The second file changed on disk: the first is not written either.
        std::fs::write(&b, "theirs").expect("write");
        assert_eq!(
            save_together(&[pending(&a, "a3", "a2"), pending(&b, "b3", "b2")]).expect("saves"),
            SavedTogether::Refused(b.clone(), Refusal::Conflict("theirs".to_owned()))
        );
        assert_eq!(std::fs::read_to_string(&a).expect("read"), "a2");
        assert_eq!(std::fs::read_to_string(&b).expect("read"), "theirs");

        // An edit landing while the new contents sync: nothing renamed.
        let saved = save_together_with(
            &[pending(&a, "a3", "a2"), pending(&b, "b3", "theirs")],
            |staged| {
                assert_eq!(staged.len(), 2, "both written before either is renamed");
                std::fs::write(&b, "later").expect("their edit");
            },
        )
        .expect("saves");
        assert_eq!(
            saved,
            SavedTogether::Refused(b.clone(), Refusal::Conflict("later".to_owned()))
        );
        assert_eq!(std::fs::read_to_string(&a).expect("read"), "a2");
        let leftovers = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        assert_eq!(leftovers, 0, "temporary files removed");
    }

    #[test]
    fn files_saved_together_in_a_deleted_folder_are_refused_and_it_stays_gone() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let (a, b) = (dir.path().join("a.toml"), dir.path().join("gone/b.toml"));
        std::fs::write(&a, "a1").expect("write");
        assert_eq!(
            save_together(&[pending(&a, "a2", "a1"), pending(&b, "b2", "b1")]).expect("saves"),
            SavedTogether::Refused(b.clone(), Refusal::FolderGone(dir.path().join("gone")))
        );
        assert!(!dir.path().join("gone").exists());
        assert_eq!(std::fs::read_to_string(&a).expect("read"), "a1");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_scenario_stays_a_link_and_its_target_is_written() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let real = dir.path().join("real.toml");
        let link = dir.path().join("link.toml");
        std::fs::write(&real, "one").expect("write");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        assert_eq!(
            save(&link, "two", Some("one"), false).expect("saves"),
            Saved::Written
        );
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink(),
            "still a link"
        );
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "two");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_never_read_or_replaced() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let fifo = dir.path().join("pipe.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let error = files::read_text(&fifo).expect_err("refused, not read forever");
        assert!(
            error
                .to_string()
                .ends_with("is a FIFO; expected a regular file"),
            "{error}"
        );
        let error = save(&fifo, "x", None, true).expect_err("refused");
        assert!(error.to_string().contains("is a FIFO"), "{error}");
        let error = files::write_atomic(Path::new("/dev/null"), "x", true).expect_err("refused");
        assert_eq!(
            error.to_string(),
            "/dev/null is a character device; expected a regular file"
        );
        let error = files::read_text(Path::new("/dev/zero")).expect_err("refused");
        assert!(error.to_string().contains("character device"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn recovery_files_that_are_not_files_are_skipped_with_a_reason() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let paths = Paths {
            data_dir: dir.path().to_owned(),
            config_dir: dir.path().join("config"),
        };
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("recovery-1-fifo.toml"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("recovery-2-zero.toml"))
            .expect("symlink");
        let recoveries = read_recoveries(&paths);
        assert!(recoveries.found.is_empty());
        assert_eq!(recoveries.skipped.len(), 2, "{:?}", recoveries.skipped);
        assert!(
            recoveries
                .skipped
                .iter()
                .any(|why| why.contains("is a FIFO"))
                && recoveries
                    .skipped
                    .iter()
                    .any(|why| why.contains("is a character device")),
            "{:?}",
            recoveries.skipped
        );
    }

    #[test]
    fn temporary_files_of_killed_saves_are_cleaned_up_later() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let old = dir.path().join(".tamplan-abc.tmp");
        let fresh = dir.path().join(".tamplan-def.tmp");
        std::fs::write(&old, "half").expect("write");
        std::fs::write(&fresh, "half").expect("write");
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_hours(1);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .expect("open")
            .set_modified(an_hour_ago)
            .expect("mtime");
        save(&dir.path().join("s.toml"), "x", None, false).expect("saves");
        assert!(!old.exists(), "a stale temporary file is removed");
        assert!(
            fresh.exists(),
            "one that may belong to a running save stays"
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_saved_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "one").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        save(&path, "two", Some("one"), false).expect("saves");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "two");
    }

    #[test]
    fn exports_never_overwrite_an_earlier_one() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let path = dir.path().join("exports/plan-2026-11-22.md");
        assert_eq!(export(&path, "one").expect("exports"), path);
        let second = export(&path, "two").expect("exports");
        assert_eq!(second, dir.path().join("exports/plan-2026-11-22-2.md"));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "one");
        // Each kind keeps its own extension.
        let html = dir.path().join("exports/plan-2026-11-22.html");
        export(&html, "<p>one</p>").expect("exports");
        assert_eq!(
            export(&html, "<p>two</p>").expect("exports"),
            dir.path().join("exports/plan-2026-11-22-2.html")
        );
    }

    #[test]
    fn paths_follow_flags_then_environment() {
        let paths = Paths::resolve(Some(Path::new("/d")), Some(Path::new("/c"))).expect("paths");
        assert_eq!(paths.scenarios_dir(), Path::new("/d/scenarios"));
        assert_eq!(paths.model_file(), Path::new("/c/model.toml"));
        let recovery = paths.recovery_file("20261122T100000");
        assert!(
            recovery
                .to_string_lossy()
                .starts_with("/d/recovery-20261122T100000-"),
            "{recovery:?}"
        );
    }
}
