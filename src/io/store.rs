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
}

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
        "scenario.toml".to_owned()
    } else {
        format!("{slug}.toml")
    }
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
}

/// Saves `text` to `path` atomically, unless the file's content is no
/// longer `expected` (what was read or last written; `None` for a file that
/// should not exist yet). The comparison is by content, not by time.
///
/// # Errors
/// A write error.
pub fn save(path: &Path, text: &str, expected: Option<&str>) -> Result<Saved, Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_owned(),
            source,
        })?;
    }
    let on_disk = match std::fs::read(path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(Error::Write {
                path: path.to_owned(),
                source,
            });
        }
    };
    if on_disk.as_deref() != expected
        && let Some(on_disk) = on_disk
    {
        return Ok(Saved::Conflict(on_disk));
    }
    if let Some(dir) = path.parent() {
        remove_stale_temporary_files(dir);
    }
    files::write_atomic(path, text, true)?;
    Ok(Saved::Written)
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
/// when that name is taken: an earlier export may hold notes added since.
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
    for n in 1..1000 {
        let candidate = if n == 1 {
            path.to_path_buf()
        } else {
            path.with_file_name(format!("{stem}-{n}.md"))
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
    let now = chrono::Local::now();
    let mut scenario = Scenario::from_inputs(model, inputs);
    scenario.name.clone_from(&meta.name);
    scenario.owner.clone_from(&meta.owner);
    scenario.note.clone_from(&meta.note);
    scenario.saved = Some(now.fixed_offset());
    let text = scenario
        .to_toml()
        .map_err(|error| Error::Usage(error.to_string()))?;
    let recovery = Recovery {
        path: PathBuf::new(),
        file: file.map(Path::to_path_buf),
        scenario: text,
    };
    let body = toml::to_string(&recovery).map_err(|error| Error::Usage(error.to_string()))?;
    std::fs::create_dir_all(&paths.data_dir).map_err(|source| Error::Write {
        path: paths.data_dir.clone(),
        source,
    })?;
    let path = paths.recovery_file(&now.format("%Y%m%dT%H%M%S").to_string());
    files::write_atomic(&path, &body, true)?;
    Ok(path)
}

/// Every readable recovery file in the data folder, newest first.
pub fn read_recoveries(paths: &Paths) -> Vec<Recovery> {
    let Ok(entries) = std::fs::read_dir(&paths.data_dir) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, Recovery)> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with("recovery-") && name.ends_with(".toml")
        })
        .filter_map(|entry| {
            let text = std::fs::read_to_string(entry.path()).ok()?;
            let mut recovery: Recovery = toml::from_str(&text).ok()?;
            recovery.path = entry.path();
            let modified = entry.metadata().and_then(|meta| meta.modified()).ok()?;
            Some((modified, recovery))
        })
        .collect();
    found.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    found.into_iter().map(|(_, recovery)| recovery).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(save(&path, "one", None).expect("saves"), Saved::Written);
        assert_eq!(
            save(&path, "two", Some("one")).expect("saves"),
            Saved::Written
        );
        std::fs::write(&path, "theirs").expect("write");
        assert_eq!(
            save(&path, "three", Some("two")).expect("saves"),
            Saved::Conflict("theirs".to_owned())
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "theirs",
            "their version is kept"
        );
        assert_eq!(
            save(&dir.path().join("deep/s.toml"), "x", None).expect("saves"),
            Saved::Conflict("theirs".to_owned())
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
        save(&dir.path().join("s.toml"), "x", None).expect("saves");
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
        save(&path, "two", Some("one")).expect("saves");
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
