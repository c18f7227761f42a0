//! `tamplan book`: the CRM's account exports rolled up per owner, the
//! counts they fill, printed; with `--write-scenarios`, one scenario per
//! owner written through the planner's conflict-checked save. Also the
//! book `team --book-file` applies.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::Datelike as _;

use super::{BookArgs, load_model, now, stamp_saying, write_stdout};
use crate::domain::book::{self, Book, Counted, Map, OwnerBook, Period, Skipped};
use crate::domain::diagnostic::Diagnostics;
use crate::domain::engine::Inputs;
use crate::domain::model::Model;
use crate::domain::scenario::Scenario;
use crate::domain::text;
use crate::io::error::Error;
use crate::io::store::{self, Paths, Saved};
use crate::io::{files, schema};
use crate::report::book::BookReport;
use crate::report::{Format, Render as _};

/// The book read and rolled up, with the map and what was noticed.
pub(super) struct Loaded {
    /// The map used.
    pub(super) map: Map,
    /// The day and year counted.
    pub(super) period: Period,
    /// Every owner's book.
    pub(super) book: Book,
    /// The files, in the order read (the owners' `first` index into it).
    pub(super) files: Vec<String>,
    /// Lines skipped or listed.
    pub(super) skipped: Skipped,
    /// How the files were read.
    pub(super) notes: Vec<String>,
}

/// The map: `--map`, else `book.toml` in the config folder when there is
/// one, else none (each export's own columns and rules); checked against
/// the model.
///
/// # Errors
/// The map's problems, with line and column.
pub(super) fn load_map(paths: &Paths, flag: Option<&Path>, model: &Model) -> Result<Map, Error> {
    let default = crate::io::book::map_file(paths);
    let path = match flag {
        Some(path) => path.to_path_buf(),
        None if default.is_file() => default,
        None => return Ok(Map::none()),
    };
    let text = files::read_text(&path)?;
    let source = path.display().to_string();
    let map = Map::parse(&text, &source)?;
    let problems = map.check(model);
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(Error::Invalid(Diagnostics::new(&source, problems)))
    }
}

/// Reads `files` with the map and rolls them up for `period`.
///
/// # Errors
/// A file that cannot be read or is no export tamplan knows; no row read
/// in any file.
pub(super) fn load_book(files: &[PathBuf], map: Map, period: Period) -> Result<Loaded, Error> {
    let read = crate::io::book::read(files, &map)?;
    let mut skipped = read.skipped;
    let book = book::roll_up(&read.exports, &map, period, &mut skipped);
    if book.rows == 0 {
        let shown: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::Failed(format!(
            "no account could be read from {}; expected rows under the header ({} skipped)",
            shown.join(", "),
            skipped.total
        )));
    }
    Ok(Loaded {
        files: read.exports.iter().map(|e| e.file.clone()).collect(),
        map,
        period,
        book,
        skipped,
        notes: read.notes,
    })
}

/// `tamplan book`.
pub(super) fn book(paths: &Paths, args: &BookArgs) -> Result<(), Error> {
    if let Some(path) = &args.write_map {
        return write_map(paths, path);
    }
    let (model, _) = load_model(paths, args.model.as_deref())?;
    let map = load_map(paths, args.map.as_deref(), &model)?;
    let as_of = args.as_of.unwrap_or_else(|| now().date_naive());
    let period = Period {
        as_of,
        year: args.year.unwrap_or_else(|| as_of.year()),
    };
    let mut loaded = load_book(&args.files, map, period)?;
    if let Some(wanted) = &args.owner {
        let names: Vec<String> = loaded.book.owners.iter().map(|o| o.owner.clone()).collect();
        loaded
            .book
            .owners
            .retain(|owner| owner.owner.trim().eq_ignore_ascii_case(wanted.trim()));
        if loaded.book.owners.is_empty() {
            return Err(Error::Failed(format!(
                "no owner {:?} in the book; its owners: {}",
                text::sanitize(wanted),
                text::sanitize(&names.join(", "))
            )));
        }
    }
    let defaults = Inputs::defaults(&model);
    let counted: Vec<Counted> = loaded
        .book
        .owners
        .iter()
        .map(|owner| {
            let filled = book::fill(&model, &defaults, owner, &loaded.map);
            Counted {
                book: owner.clone(),
                filled: filled.filled,
                kept: filled.kept,
            }
        })
        .collect();
    if let Some(dir) = &args.write_scenarios {
        write_scenarios(paths, &model, &mut loaded, dir, args)?;
    }
    let text = BookReport {
        as_of: period.as_of,
        year: period.year,
        owners: &counted,
        rows: loaded.book.rows,
        skipped: &loaded.skipped,
        notes: &loaded.notes,
    }
    .render(Format::from(args.format))
    .map_err(Error::Output)?;
    write_stdout(&text)
}

/// `--write-map FILE`: the starter map, never over a file.
fn write_map(paths: &Paths, path: &Path) -> Result<(), Error> {
    let text = stamp_saying(paths, schema::Kind::Map, path, crate::io::book::STARTER_MAP);
    files::write_atomic(path, &text, false)?;
    write_stdout(&format!(
        "wrote {}; name it with --map, or keep it as {} to be used by default\n",
        path.display(),
        crate::io::book::map_file(paths).display()
    ))
}

/// A scenario found in the folder.
struct Found {
    path: PathBuf,
    text: String,
    scenario: Scenario,
}

/// `--write-scenarios DIR`: one scenario per owner the map lists, that
/// has one there, or (`--all-owners`) every owner; counts only, every
/// other value kept; a new file only under a name from the owner, never
/// over another owner's file. Each file written, left or refused is said
/// in the notes or listed in the skipped.
fn write_scenarios(
    paths: &Paths,
    model: &Model,
    loaded: &mut Loaded,
    dir: &Path,
    args: &BookArgs,
) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Failed(format!(
            "{} is not a folder; expected the folder of the team's scenarios",
            dir.display()
        )));
    }
    let (found_files, _) = crate::io::team::scenario_files(&[dir.to_path_buf()]);
    let mut by_owner: HashMap<String, Vec<Found>> = HashMap::new();
    for path in found_files {
        let Ok(text) = files::read_text(&path) else {
            continue;
        };
        let Ok(scenario) = Scenario::parse(&text, &path.display().to_string()) else {
            continue;
        };
        by_owner
            .entry(scenario.owner.trim().to_lowercase())
            .or_default()
            .push(Found {
                path,
                text,
                scenario,
            });
    }
    let owners = loaded.book.owners.clone();
    for owner in &owners {
        let key = owner.owner.trim().to_lowercase();
        let listed = loaded
            .map
            .listed
            .iter()
            .any(|name| name.trim().eq_ignore_ascii_case(&owner.owner));
        let file = loaded.files.get(owner.first.0).cloned().unwrap_or_default();
        let mut skip = |reason: String| loaded.skipped.skip(&file, owner.first.1, reason);
        match by_owner.get(&key).map(Vec::as_slice) {
            Some([found]) => {
                let outcome = update(
                    paths,
                    model,
                    &loaded.map,
                    loaded.period,
                    owner,
                    found,
                    args.force,
                );
                match outcome {
                    Ok(Some(note)) => loaded.notes.push(note),
                    Ok(None) => {}
                    Err(reason) => skip(reason),
                }
            }
            Some(many) if many.len() > 1 => {
                let shown: Vec<String> =
                    many.iter().map(|f| f.path.display().to_string()).collect();
                skip(format!(
                    "{} has {} scenarios in {} ({}); none written, as which one holds the book is not clear",
                    text::sanitize(&owner.owner),
                    many.len(),
                    dir.display(),
                    shown.join(", ")
                ));
            }
            _ if listed || args.all_owners => {
                match create(paths, model, &loaded.map, loaded.period, owner, dir) {
                    Ok(note) => loaded.notes.push(note),
                    Err(reason) => skip(reason),
                }
            }
            _ => skip(format!(
                "owner {:?} has no scenario in {} and is not under [owners] in the map; not written (--all-owners writes every owner)",
                text::sanitize(&owner.owner),
                dir.display()
            )),
        }
    }
    Ok(())
}

/// What a save said, as a note or a reason.
fn said(path: &Path, saved: &Saved, what: &str) -> Result<Option<String>, String> {
    match saved {
        Saved::Written => Ok(Some(format!("wrote {}: {what}", path.display()))),
        Saved::Conflict(_) => Err(format!(
            "{} changed while it was being updated; not written (run again)",
            path.display()
        )),
        Saved::Gone => Err(format!(
            "{} is gone since it was read; not written (--force writes it)",
            path.display()
        )),
        Saved::ReadOnly => Err(format!(
            "{} is read-only; not written (--force writes it)",
            path.display()
        )),
    }
}

/// An owner's existing scenario with the book's counts: written unless
/// nothing changed (or `force`).
fn update(
    paths: &Paths,
    model: &Model,
    map: &Map,
    period: Period,
    owner: &OwnerBook,
    found: &Found,
    force: bool,
) -> Result<Option<String>, String> {
    let applied = found.scenario.apply(model);
    if let Some(first) = applied.unknown.first() {
        return Err(format!(
            "{}; not written, so that nothing in it is lost",
            first.located(&found.path.display().to_string())
        ));
    }
    let filled = book::fill(model, &applied.inputs, owner, map);
    let mut meta = found.scenario.clone();
    meta.book = Some(owner.counts(period.as_of));
    let same_book = found.scenario.book.as_ref().is_some_and(|before| {
        let mut before = before.clone();
        before.as_of = period.as_of;
        Some(before) == meta.book
    });
    if filled.inputs == applied.inputs && same_book && !force {
        return Ok(None);
    }
    let text = Scenario::stamped(model, &filled.inputs, &meta, now())
        .to_toml()
        .map_err(|error| format!("{}: cannot be written: {error}", found.path.display()))?;
    let text = stamp_saying(paths, schema::Kind::Scenario, &found.path, &text);
    let saved = store::save(&found.path, &text, Some(&found.text), force)
        .map_err(|error| error.to_string())?;
    let changes = changed(model, &applied.inputs, &filled.inputs);
    said(&found.path, &saved, &format!("{} ({changes})", owner.owner))
}

/// A new scenario for an owner without one, named from the owner; never
/// over a file that is there.
fn create(
    paths: &Paths,
    model: &Model,
    map: &Map,
    period: Period,
    owner: &OwnerBook,
    dir: &Path,
) -> Result<String, String> {
    let path = dir.join(store::file_name(&owner.owner));
    if path.exists() {
        return Err(format!(
            "{} is there and is not {}'s scenario; not written over (give the owner's scenario `owner = {:?}`)",
            path.display(),
            text::sanitize(&owner.owner),
            text::sanitize(&owner.owner)
        ));
    }
    let defaults = Inputs::defaults(model);
    let filled = book::fill(model, &defaults, owner, map);
    let meta = Scenario {
        name: owner.owner.clone(),
        owner: owner.owner.clone(),
        model: model.name.clone(),
        book: Some(owner.counts(period.as_of)),
        ..Scenario::default()
    };
    let text = Scenario::stamped(model, &filled.inputs, &meta, now())
        .to_toml()
        .map_err(|error| format!("{}: cannot be written: {error}", path.display()))?;
    let text = stamp_saying(paths, schema::Kind::Scenario, &path, &text);
    let saved = store::save(&path, &text, None, false).map_err(|error| error.to_string())?;
    let changes = changed(model, &defaults, &filled.inputs);
    said(&path, &saved, &format!("{}, new ({changes})", owner.owner)).map(Option::unwrap_or_default)
}

/// The counts that changed, `customers 35 → 47.5`, or "counts unchanged".
fn changed(model: &Model, before: &Inputs, after: &Inputs) -> String {
    let changes: Vec<String> = crate::domain::engine::changes(model, before, after)
        .into_iter()
        .map(|change| crate::report::describe_change(model, change))
        .collect();
    if changes.is_empty() {
        "counts unchanged".to_owned()
    } else {
        changes.join(", ")
    }
}
