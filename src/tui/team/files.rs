//! The team view's file work: saving, exporting, a plan's file read again,
//! a plan new to the folder, and the folder as it is read.

use std::path::{Path, PathBuf};

use crate::domain::engine::Inputs;
use crate::domain::scenario::Scenario;
use crate::domain::team::Problem;
use crate::domain::text;
use crate::io::store;
use crate::tui::effects::SaveEnd;

use super::screen::{appeared, same_file};
use super::{Load, Loading, TeamAction, TeamApp, TeamEffect};

impl TeamApp {
    /// The result of file work (a save, a read, an export, the folder).
    pub(super) fn file_work_done(&mut self, action: TeamAction) {
        match action {
            TeamAction::Reread {
                path,
                text,
                changed,
            } => self.reread(&path, text, changed),
            TeamAction::Saved(result) => {
                let written = self.writing.take().unwrap_or_default();
                self.saved(result, &written);
            }
            TeamAction::Slow(said) => self.message = Some(said),
            TeamAction::Loading(loading) => self.loaded(*loading),
            TeamAction::Exported(result) => {
                // Four files: the message lists each as it is written.
                let said = match result {
                    Ok(path) => path.display().to_string(),
                    Err(why) => format!("not exported: {why}"),
                };
                self.message = Some(match self.message.take() {
                    Some(before) if before.starts_with("Exported the team summary") => {
                        format!("{before}, {said}")
                    }
                    _ => format!("Exported the team summary: {said}"),
                });
            }
            // Not file work: applied as any other action.
            other => self.update(other),
        }
    }

    pub(super) fn save(&mut self) {
        if self.writing.is_some() {
            // A second write now would find the files "changed on disk"
            // by the first.
            self.message = Some("Still saving; save again once it is done".to_owned());
            return;
        }
        let stamp = (self.settings.now)();
        let mut pending = Vec::new();
        for plan in self.plans.iter().filter(|plan| plan.dirty()) {
            let scenario = Scenario::stamped(&self.model, &plan.inputs, &plan.scenario, stamp);
            match scenario.to_toml() {
                Ok(text) => pending.push(store::Pending {
                    path: plan.path.clone(),
                    text,
                    expected: plan.disk.clone(),
                }),
                Err(error) => {
                    self.message = Some(format!("Not saved: {error}; nothing was written"));
                    return;
                }
            }
        }
        if pending.is_empty() {
            self.message = Some("Nothing to save".to_owned());
        } else {
            self.writing = Some(
                self.plans
                    .iter()
                    .filter(|plan| plan.dirty())
                    .map(|plan| (plan.path.clone(), plan.inputs.clone()))
                    .collect(),
            );
            self.effects.push(TeamEffect::Save(pending));
        }
    }

    /// A save ended: the files written, from the values in `values` (as
    /// they were when the save was asked: a move made meanwhile is not
    /// saved by it), or why nothing was.
    fn saved(&mut self, end: SaveEnd, values: &[(PathBuf, Inputs)]) {
        let written = match end {
            SaveEnd::Written { files, .. } => files,
            SaveEnd::Refused { path, why, of } => {
                self.message = Some(SaveEnd::refused(&path, &why, of));
                return;
            }
            SaveEnd::Failed(why) => {
                self.message = Some(why);
                return;
            }
        };
        let mut names = Vec::with_capacity(written.len());
        for (path, text) in written {
            if let Some(plan) = self.plans.iter_mut().find(|plan| plan.path == path) {
                plan.disk = text;
                plan.saved_inputs = values
                    .iter()
                    .find(|(file, _)| *file == path)
                    .map_or_else(|| plan.inputs.clone(), |(_, inputs)| inputs.clone());
                let stamp = (self.settings.now)();
                plan.scenario.saved = Some(stamp);
                plan.member.saved = Some(stamp);
            }
            names.push(path.display().to_string());
        }
        let last = names.pop().unwrap_or_default();
        self.message = Some(if names.is_empty() {
            format!("Saved {last}")
        } else {
            format!("Saved {} and {last}", names.join(", "))
        });
    }

    /// A plan's file read again: its row follows the file (and whether it
    /// changed since its last 1:1, `changed`), unless it has a move not
    /// saved (then the move is kept and saving will ask).
    fn reread(&mut self, path: &Path, text: Result<String, String>, changed: Option<bool>) {
        let Some(index) = self.plans.iter().position(|plan| plan.path == path) else {
            return;
        };
        // Unchanged (tamplan's own write, seen by the watcher): nothing to do.
        if let (Some(plan), Ok(text)) = (self.plans.get(index), &text)
            && plan.disk == *text
        {
            return;
        }
        if self
            .plans
            .get(index)
            .is_some_and(|plan| plan.dirty() && !plan.from_book)
        {
            self.message = Some(format!(
                "{} changed on disk; your move is kept, and saving will not overwrite it",
                path.display()
            ));
            return;
        }
        let loaded =
            text.and_then(|text| self.planned(path, text).map_err(|problem| problem.message));
        match loaded {
            Ok(mut plan) => {
                plan.member.changed_since_review = changed;
                if let Some(slot) = self.plans.get_mut(index) {
                    *slot = plan;
                }
            }
            Err(why) => {
                self.plans.remove(index);
                self.problems
                    .push(Problem::error(path.display().to_string(), why));
            }
        }
    }

    /// More of the team folder read.
    fn loaded(&mut self, loading: Loading) {
        match loading {
            Loading::Found { files, problems } => {
                self.problems.extend(problems);
                self.load = Load::Reading { read: 0, of: files };
            }
            Loading::Progress(count) => {
                if let Load::Reading { read, .. } = &mut self.load {
                    *read = count.max(*read);
                }
            }
            Loading::Read {
                plans,
                problems,
                read: count,
            } => {
                if let Load::Reading { read, .. } = &mut self.load {
                    *read = count.max(*read);
                }
                self.plans.extend(plans);
                self.problems.extend(problems);
            }
            Loading::Ended => {
                self.load = Load::Done;
                if self.plans.is_empty() {
                    self.failure = Some(crate::io::team::nothing_loaded(
                        &self.folders,
                        &self.problems,
                    ));
                    self.quit = true;
                    return;
                }
                // Changes seen while reading, to files not read then.
                for path in std::mem::take(&mut self.deferred) {
                    match self.plans.iter().find(|plan| same_file(&plan.path, &path)) {
                        Some(plan) => self.effects.push(TeamEffect::Reread(plan.path.clone())),
                        None if appeared(&path) => self.add(&path),
                        None => {}
                    }
                }
            }
        }
    }

    /// A plan file that appeared: read, planned and listed (or its problem).
    pub(super) fn add(&mut self, path: &Path) {
        let loaded = crate::io::files::read_text(path)
            .map_err(|error| Problem::error(path.display().to_string(), error.to_string()))
            .and_then(|text| self.planned(path, text));
        self.problems
            .retain(|problem| Path::new(&problem.file) != path);
        match loaded {
            Ok(plan) => {
                self.message = Some(format!("New plan: {}", text::sanitize(&plan.member.name)));
                self.plans.push(plan);
            }
            Err(problem) => self.problems.push(problem),
        }
        self.plans_changed();
    }

    /// The team summary as Markdown (for the manager's notes), CSV, JSON
    /// and an HTML document, side by side in the exports folder.
    pub(super) fn export(&mut self) {
        use crate::report::{Format, Render as _};
        let team = crate::domain::team::Team {
            members: self
                .plans
                .iter()
                .map(|plan| {
                    let mut member = plan.member.clone();
                    // As `team --format json|html`: once the history is
                    // read, a plan outside any repository is its one value.
                    match (self.trend_of(&plan.path), self.trends()) {
                        (Some(trend), _) => member.trend = trend.to_vec(),
                        (None, super::Trends::Read(_)) => member.trend = vec![member.utilization],
                        (None, _) => {}
                    }
                    member
                })
                .collect(),
            problems: self.problems.clone(),
        };
        let said: Vec<String> = self
            .book_file
            .iter()
            .map(|book| {
                format!(
                    "Customers from the CRM's book as of {} for the plans whose owner it has",
                    book.as_of
                )
            })
            .collect();
        let report = crate::report::team::TeamReport {
            model: &self.model.name,
            team: &team,
            book: self.book,
            per_tam: self.per_tam,
            now: self.now,
            said: &said,
        };
        let stem = format!("team-{}", self.now.format("%Y-%m-%d"));
        for (format, extension) in [
            (Format::Markdown, "md"),
            (Format::Csv, "csv"),
            (Format::Json, "json"),
            (Format::Html, "html"),
        ] {
            match report.render(format) {
                Ok(text) => self.effects.push(TeamEffect::Export {
                    path: self
                        .settings
                        .exports_dir
                        .join(format!("{stem}.{extension}")),
                    text,
                }),
                Err(error) => self.message = Some(format!("Not exported: {error}")),
            }
        }
    }
}
