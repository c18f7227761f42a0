//! The team view on the event loop: its [`Screen`] implementation (keys,
//! results, the planner on top, files changed on disk) and its [`Effects`]
//! (file work carried out off the loop).

use std::path::Path;

use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers};

use crate::io::store::{self, Paths};
use crate::tui::effects::{self, Effects};
use crate::tui::stack::Layer;
use crate::tui::{Screen, Step, Work};

use super::{Load, TeamAction, TeamApp, TeamEffect, control, load, ui};

impl TeamApp {
    /// Carries out the file work asked for at once, feeding each result
    /// back (tests; the event loop uses `TeamApp::perform_with`).
    pub fn run_effects(&mut self, paths: &Paths) {
        self.perform_with(paths, &Work::inline());
    }

    /// Carries out the file work asked for, feeding each result back.
    fn perform_with(&mut self, paths: &Paths, work: &Work<TeamAction>) {
        effects::run(self, paths, work);
    }
}

impl Effects for TeamApp {
    type Effect = TeamEffect;
    type Action = TeamAction;

    fn take_effects(&mut self) -> Vec<TeamEffect> {
        TeamApp::take_effects(self)
    }

    fn apply(&mut self, action: TeamAction) {
        self.update(action);
    }

    /// Saves and exports are written off the loop (see [`Work::run`]); one
    /// that does not end at once comes back later.
    fn perform(
        &self,
        effect: TeamEffect,
        paths: &Paths,
        work: &Work<TeamAction>,
    ) -> Option<TeamAction> {
        Some(match effect {
            TeamEffect::Reread(path) => {
                // Off the loop: whether the plan changed since its last 1:1
                // may walk its repository's history.
                let model = self.model.clone();
                let data_dir = paths.data_dir.clone();
                return work.run(move || reread(&model, &data_dir, path));
            }
            TeamEffect::Save(pending) => {
                let paths = paths.clone();
                work.run(move || TeamAction::Saved(effects::save_all(&paths, pending)))
                    .unwrap_or_else(|| {
                        TeamAction::Slow(
                            "Saving… (the disk is slow to answer; keys still work)".to_owned(),
                        )
                    })
            }
            TeamEffect::Export { path, text } => {
                let shown = path.display().to_string();
                let job = move || {
                    TeamAction::Exported(store::export(&path, &text).map_err(|e| e.to_string()))
                };
                work.run(job).unwrap_or_else(|| {
                    TeamAction::Slow(format!(
                        "Exporting to {shown}… (the disk is slow to answer)"
                    ))
                })
            }
        })
    }
}

impl Screen for TeamApp {
    type Action = TeamAction;

    fn start(&mut self, paths: &Paths, work: &Work<TeamAction>) {
        if self.load == Load::Searching {
            let model = self.model.clone();
            let folders = self.folders.clone();
            let book = self.book_file.clone();
            let data_dir = paths.data_dir.clone();
            // The trends after the plans: the first rows never wait for
            // the history.
            work.spawn(move |work| {
                if load::load(&model, &folders, book.as_deref(), &data_dir, work) {
                    let trends = crate::io::history::plans::trends(&folders, &model);
                    work.post(TeamAction::Trends(Box::new(trends)));
                }
            });
        }
    }

    fn event(&mut self, event: &Event, paths: &Paths, work: &Work<TeamAction>) -> Step {
        if matches!(event, Event::Key(key) if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL))
        {
            return Step::Suspend;
        }
        if let Some(action) = control(self, event) {
            self.update(action);
            self.perform_with(paths, work);
        }
        Step::Go
    }

    fn finished(&mut self, result: TeamAction, paths: &Paths, work: &Work<TeamAction>) {
        self.update(result);
        self.perform_with(paths, work);
    }

    fn take_opened(&mut self) -> Option<Layer> {
        self.opened.take().map(Layer::Planner)
    }

    /// Back from the planner: the plan as its file holds it now.
    fn uncovered(&mut self, closed: Layer, paths: &Paths, work: &Work<TeamAction>) {
        let path = match closed {
            Layer::Planner(app) => app.document().path.clone(),
            Layer::Team(_) | Layer::History(_) => None,
        };
        if let Some(path) = path {
            self.effects.push(TeamEffect::Reread(path));
            self.perform_with(paths, work);
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.update(TeamAction::Resize(width, height));
    }

    fn changed(&mut self, path: &Path, paths: &Paths, work: &Work<TeamAction>) {
        let known = self
            .plans
            .iter()
            .find(|plan| same_file(&plan.path, path))
            .map(|plan| plan.path.clone());
        if let Some(known) = known {
            self.effects.push(TeamEffect::Reread(known));
            self.perform_with(paths, work);
        } else if self.load != Load::Done {
            // Maybe a file not read yet: seen to once reading ends.
            self.deferred.push(path.to_path_buf());
        } else if appeared(path) {
            // A plan new to the folder (a `git pull` brought it): added.
            self.add(path);
        }
    }

    fn draw(&self, frame: &mut ratatui::Frame, theme: crate::tui::theme::Theme) {
        ui::draw(frame, self, theme);
    }

    fn should_quit(&self) -> bool {
        self.quit
    }

    fn failure(&self) -> Option<String> {
        self.failure.clone()
    }

    fn keep_unsaved_work(&self, paths: &Paths) -> Option<String> {
        let kept: Vec<String> = self
            .plans
            .iter()
            .filter(|plan| plan.dirty())
            .filter_map(|plan| {
                store::write_recovery(
                    paths,
                    &self.model,
                    &plan.inputs,
                    &plan.scenario,
                    Some(&plan.path),
                )
                .ok()
                .map(|path| path.display().to_string())
            })
            .collect();
        (!kept.is_empty()).then(|| {
            format!(
                "tamplan: unsaved moves kept in {}; the planner offers them at its next start",
                kept.join(", ")
            )
        })
    }
}

/// A plan's file read again, with whether it changed since its last 1:1
/// (see [`crate::io::reviews::changed_since_review`]).
fn reread(
    model: &crate::domain::model::Model,
    data_dir: &Path,
    path: std::path::PathBuf,
) -> TeamAction {
    let text = crate::io::files::read_text(&path).map_err(|e| e.to_string());
    let changed = text.as_ref().ok().and_then(|text| {
        let plan = super::plan::plan_from(model, &path, text.clone()).ok()?;
        crate::io::reviews::changed_since_review(
            data_dir,
            &path,
            model,
            &plan.scenario,
            &plan.inputs,
        )
    });
    TeamAction::Reread {
        path,
        text,
        changed,
    }
}

/// Whether a changed `path` is a plan file new to the folder: a visible
/// `.toml` file, not a copy kept as reviewed (the folder search leaves
/// those out too).
pub(super) fn appeared(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'));
    !hidden
        && path.extension().is_some_and(|ext| ext == "toml")
        && path.is_file()
        && !path
            .parent()
            .is_some_and(crate::io::reviews::is_copies_folder)
}

/// Whether two paths name the same file (a watcher reports absolute,
/// canonical paths).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}
