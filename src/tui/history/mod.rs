//! The history screen: one plan's versions along its repository's
//! history — utilization per version as a chart with the target line, a
//! row per version — opened from the planner (`H`); `Enter` compares the
//! plan with the version selected (the planner's compare view).
//!
//! The history is read off the event loop ([`Work::spawn`]): the screen
//! shows "Reading the history…" at once and fills when it arrives.

mod keys;
mod ui;

use std::path::PathBuf;

use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers};

use crate::domain::history::{Histories, PlanHistory};
use crate::domain::model::Model;
use crate::io::history::Range;
use crate::io::store::Paths;
use crate::tui::theme::Theme;
use crate::tui::{Screen, Step, Work};

pub use keys::{KEYS, control};

/// What the history screen can do, and the history read.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryAction {
    /// The history was read (or why it could not be).
    Loaded(Box<Result<Histories, String>>),
    /// Select the newer version.
    Up,
    /// Select the older version.
    Down,
    /// Select the newest version.
    Newest,
    /// Select the oldest version.
    Oldest,
    /// Compare the plan with the version selected, back in the planner.
    Compare,
    /// Show or hide the keys.
    Help,
    /// Back to the planner.
    Back,
    /// The terminal's new size.
    Resize(u16, u16),
}

/// Where reading the history stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// Being read.
    Reading,
    /// The plan's file is not in a git repository.
    NotARepository,
    /// In a repository, but never committed.
    NoHistory(PlanHistory),
    /// Its versions, oldest first, and what was said about the repository.
    Versions {
        /// The plan's history.
        plan: PlanHistory,
        /// Notes (a shallow clone's boundary).
        notes: Vec<String>,
    },
    /// It could not be read.
    Failed(String),
}

/// A version picked to compare with: what the compare view calls it, and
/// its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    /// "ana.toml at 1a2b3c4 (2026-02-02)".
    pub label: String,
    /// The version's scenario text.
    pub text: String,
}

/// The history screen's state.
#[derive(Debug, Clone)]
pub struct HistoryApp {
    file: PathBuf,
    model: Model,
    /// The plan's target utilization (the chart's line).
    target: f64,
    loaded: Loaded,
    /// The version selected, counted from the newest (0).
    selected: usize,
    help: bool,
    picked: Option<Picked>,
    size: (u16, u16),
    done: bool,
    /// A sentence for the user (a version that cannot be compared).
    message: Option<String>,
    /// The file as the screen names it: its path in the repository, and
    /// the repository's folder name, once read.
    shown: Option<(String, String)>,
}

impl HistoryApp {
    /// The screen for the plan in `file`, computed with `model`, its line
    /// at `target`; reading starts when the screen does.
    pub fn new(file: PathBuf, model: Model, target: f64) -> HistoryApp {
        HistoryApp {
            file,
            model,
            target,
            loaded: Loaded::Reading,
            selected: 0,
            help: false,
            picked: None,
            size: (0, 0),
            done: false,
            message: None,
            shown: None,
        }
    }

    /// The plan's file.
    pub fn file(&self) -> &std::path::Path {
        &self.file
    }

    /// The target utilization of the chart's line.
    pub fn target(&self) -> f64 {
        self.target
    }

    /// Where reading stands.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// The version selected, counted from the newest.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Whether the keys are shown.
    pub fn help_open(&self) -> bool {
        self.help
    }

    /// The file's path in its repository and the repository's folder
    /// name, once the history is read.
    pub fn shown(&self) -> Option<(&str, &str)> {
        self.shown
            .as_ref()
            .map(|(file, repo)| (file.as_str(), repo.as_str()))
    }

    /// A sentence for the user.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The terminal's size.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The version picked with `Enter`, taken once by the planner.
    pub fn take_picked(&mut self) -> Option<Picked> {
        self.picked.take()
    }

    fn versions(&self) -> usize {
        match &self.loaded {
            Loaded::Versions { plan, .. } => plan.versions.len(),
            _ => 0,
        }
    }

    /// The one place an action changes the screen.
    pub fn update(&mut self, action: HistoryAction) {
        self.message = None;
        let last = self.versions().saturating_sub(1);
        match action {
            HistoryAction::Loaded(result) => self.arrived(*result),
            HistoryAction::Up => self.selected = self.selected.saturating_sub(1),
            HistoryAction::Down => self.selected = (self.selected + 1).min(last),
            HistoryAction::Newest => self.selected = 0,
            HistoryAction::Oldest => self.selected = last,
            HistoryAction::Compare => self.compare(),
            HistoryAction::Help => self.help = !self.help,
            HistoryAction::Back => self.done = true,
            HistoryAction::Resize(width, height) => self.size = (width, height),
        }
    }

    fn arrived(&mut self, result: Result<Histories, String>) {
        self.selected = 0;
        self.loaded = match result {
            Err(error) => Loaded::Failed(error),
            Ok(histories) => match histories.plans.into_iter().next() {
                None => Loaded::Failed(histories.problems.first().map_or_else(
                    || "the plan could not be read".to_owned(),
                    |p| p.message.clone(),
                )),
                Some(plan) if plan.repository.is_none() => Loaded::NotARepository,
                Some(plan) if plan.versions.is_empty() => {
                    self.shown = shown(&self.file, plan.repository.as_deref());
                    Loaded::NoHistory(plan)
                }
                Some(plan) => {
                    self.shown = shown(&self.file, plan.repository.as_deref());
                    Loaded::Versions {
                        plan,
                        notes: histories.notes,
                    }
                }
            },
        };
    }

    /// The version selected: newest first.
    pub fn version(&self) -> Option<&crate::domain::history::PlanVersion> {
        match &self.loaded {
            Loaded::Versions { plan, .. } => plan
                .versions
                .len()
                .checked_sub(self.selected + 1)
                .and_then(|index| plan.versions.get(index)),
            _ => None,
        }
    }

    fn compare(&mut self) {
        let Some(version) = self.version() else {
            return;
        };
        let (Some(commit), Some(text), Ok(_)) = (&version.commit, &version.text, &version.figures)
        else {
            self.message = Some("This version does not load: nothing to compare with".to_owned());
            return;
        };
        let name = self
            .file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        self.picked = Some(Picked {
            label: format!("{name} at {} ({})", commit.short_id(), commit.day()),
            text: text.clone(),
        });
        self.done = true;
    }
}

/// `file`'s path under `root` and `root`'s folder name (both canonical;
/// read once, when the history arrives, never while drawing).
fn shown(file: &std::path::Path, root: Option<&std::path::Path>) -> Option<(String, String)> {
    let root = root?;
    let real = file.canonicalize().ok()?;
    let inside = real.strip_prefix(root).ok()?;
    let name = root.file_name().map_or_else(
        || root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Some((inside.display().to_string(), name))
}

impl Screen for HistoryApp {
    type Action = HistoryAction;

    fn start(&mut self, _paths: &Paths, work: &Work<HistoryAction>) {
        if self.loaded == Loaded::Reading {
            let file = self.file.clone();
            let model = self.model.clone();
            work.spawn(move |work| {
                let result = crate::io::history::plans::load(&[file], &model, &Range::default())
                    .map_err(|error| error.to_string());
                work.post(HistoryAction::Loaded(Box::new(result)));
            });
        }
    }

    fn event(&mut self, event: &Event, _paths: &Paths, _work: &Work<HistoryAction>) -> Step {
        if matches!(event, Event::Key(key) if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL))
        {
            return Step::Suspend;
        }
        if let Some(action) = control(self, event) {
            self.update(action);
        }
        Step::Go
    }

    fn finished(&mut self, result: HistoryAction, _paths: &Paths, _work: &Work<HistoryAction>) {
        self.update(result);
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.update(HistoryAction::Resize(width, height));
    }

    fn draw(&self, frame: &mut ratatui::Frame, theme: Theme) {
        ui::draw(frame, self, theme);
    }

    fn should_quit(&self) -> bool {
        self.done
    }

    /// Nothing here is ever unsaved.
    fn keep_unsaved_work(&self, _paths: &Paths) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests;
