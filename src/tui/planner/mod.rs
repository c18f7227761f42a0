//! The interactive planner's state and its one `update`. Keys and mouse
//! events become [`Action`]s in `keys`; this module changes state; `ui`
//! draws it without changing anything. Work with files is asked for as an
//! [`Effect`], carried out by `tui` through `store`, and its result comes
//! back as an action, so `update` itself does no I/O.
//!
//! - [`action`]: what can happen ([`Action`], [`Effect`]) and the dialogs
//!   and prompts that wait for an answer.
//! - `session`: saving, opening, comparing, exporting, restoring.
//! - `state`: the panes, the screen, the overlay, where a save stands, the
//!   settings.
//! - `edit`: the prompts: opening, typing, committing.
//! - `values`: changing values, resetting them, undo and redo.

use std::path::PathBuf;

use crate::domain::engine::{self, Input, Inputs, Plan, PlanError};
use crate::domain::model::{CapacityField, Model};
use crate::domain::scenario::Scenario;
use crate::domain::text;
use crate::io::store;
use crate::tui::undo::{Undo, Way};

pub mod action;
mod edit;
pub mod effects;
pub mod keymap;
pub mod keys;
pub mod quarters;
mod session;
mod state;
pub mod ui;
mod values;

pub use action::{
    Action, Baseline, Choice, Document, Edit, EditTarget, Effect, Modal, Next, PRESETS, Pick,
    SinceRead, TakenBook,
};
pub use edit::parse_calendar;
use quarters::Quarters;
pub use state::{Focus, Overlay, SaveFlow, Screen, Selection, Settings, Since, Then};
use state::{InFlight, Reviewing};

/// How many changes `u` can undo.
const HISTORY: usize = 500;

/// The inputs shown in the what-if pane: every count, then hours per week,
/// PTO days, the length of a PTO day and the target utilization.
pub fn pane_inputs(model: &Model) -> Vec<Input> {
    Input::all(model)
        .filter(|input| match input {
            Input::Count(_) => true,
            Input::Capacity(field) => {
                matches!(
                    field,
                    CapacityField::HoursPerWeek
                        | CapacityField::PtoDays
                        | CapacityField::HoursPerDay
                        | CapacityField::TargetUtilization
                )
            }
        })
        .collect()
}

/// Logged hours, and the plan against them over the range shown.
#[derive(Debug, Clone)]
struct LoggedHours {
    source: crate::domain::calibration::Logged,
    calibration: Result<
        crate::domain::calibration::Calibration,
        crate::domain::calibration::CalibrationError,
    >,
}

/// The planner's state.
#[derive(Debug, Clone)]
pub struct App {
    model: Model,
    source: String,
    settings: Settings,
    inputs: Inputs,
    plan: Plan,
    inputs_in_pane: Vec<Input>,
    document: Document,
    baseline: Baseline,
    undo: Undo<Inputs>,
    focus: Focus,
    counts: Selection,
    tasks: Selection,
    metrics: Selection,
    overlay: Overlay,
    effects: Vec<Effect>,
    message: Option<String>,
    save_flow: SaveFlow,
    /// The save asked for and not ended yet: what it writes.
    writing: Option<InFlight>,
    /// Recovered work waiting for its turn in the restore dialog.
    recoveries: Vec<store::Recovery>,
    screen: Screen,
    quarters: Quarters,
    logged: Option<LoggedHours>,
    chart: bool,
    size: (u16, u16),
    quit: bool,
    /// The plan since the last 1:1, once read (a saved plan only).
    since: Option<Since>,
    /// A review being saved.
    reviewing: Option<Reviewing>,
    /// The history screen asked for, until the stack opens it.
    history: Option<Box<crate::tui::history::HistoryApp>>,
}

impl App {
    /// A planner on `model` at its defaults, with the terminal `size`.
    ///
    /// # Errors
    /// When the model's own capacity leaves no working time (a validated
    /// model never does).
    pub fn new(
        model: Model,
        source: impl Into<String>,
        size: (u16, u16),
    ) -> Result<App, PlanError> {
        let source = source.into();
        let paths = store::Paths {
            data_dir: PathBuf::from("tamplan-data"),
            config_dir: PathBuf::from("tamplan-config"),
        };
        let settings = Settings::new(&paths, &source);
        App::with_settings(model, source, settings, size)
    }

    /// A planner with explicit folders, owner and clock.
    ///
    /// # Errors
    /// As [`App::new`].
    pub fn with_settings(
        model: Model,
        source: impl Into<String>,
        settings: Settings,
        size: (u16, u16),
    ) -> Result<App, PlanError> {
        let inputs = Inputs::defaults(&model);
        let plan = engine::compute(&model, &inputs)?;
        let inputs_in_pane = pane_inputs(&model);
        let baseline = Baseline {
            label: "model defaults".to_owned(),
            inputs: inputs.clone(),
            plan: plan.clone(),
        };
        let document = Document {
            path: None,
            meta: Scenario {
                model: model.name.clone(),
                owner: settings.owner.clone(),
                ..Scenario::default()
            },
            disk: None,
            saved_inputs: inputs.clone(),
            saved_note: String::new(),
        };
        Ok(App {
            model,
            source: source.into(),
            settings,
            inputs,
            plan,
            inputs_in_pane,
            document,
            baseline,
            undo: Undo::new(HISTORY),
            focus: Focus::Counts,
            counts: Selection::default(),
            tasks: Selection::default(),
            metrics: Selection::default(),
            overlay: Overlay::None,
            effects: Vec::new(),
            message: None,
            save_flow: SaveFlow::Idle,
            writing: None,
            recoveries: Vec::new(),
            screen: Screen::Plan,
            quarters: Quarters::default(),
            logged: None,
            chart: false,
            size,
            quit: false,
            since: None,
            reviewing: None,
            history: None,
        })
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }
    /// Where the model came from.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// Folders, owner and clock.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    /// The values in effect.
    pub fn inputs(&self) -> &Inputs {
        &self.inputs
    }
    /// The plan computed from them.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }
    /// The scenario being worked on.
    pub fn document(&self) -> &Document {
        &self.document
    }
    /// What the plan is compared with.
    pub fn baseline(&self) -> &Baseline {
        &self.baseline
    }
    /// Whether there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.inputs != self.document.saved_inputs
            || self.document.meta.note != self.document.saved_note
    }
    /// The inputs listed in the what-if pane.
    pub fn pane_inputs(&self) -> &[Input] {
        &self.inputs_in_pane
    }
    /// The focused pane.
    pub fn focus(&self) -> Focus {
        self.focus
    }
    /// The selected input in the what-if pane.
    pub fn selected_input(&self) -> Option<Input> {
        self.inputs_in_pane.get(self.counts.index()).copied()
    }
    /// Selected row of the what-if pane.
    pub fn counts_selection(&self) -> usize {
        self.counts.index()
    }
    /// Selected task row.
    pub fn task_selection(&self) -> usize {
        self.tasks.index()
    }
    /// Selected metric.
    pub fn metric_selection(&self) -> usize {
        self.metrics.index()
    }
    /// The prompt, if one is open.
    pub fn edit(&self) -> Option<&Edit> {
        match &self.overlay {
            Overlay::Prompt(edit) => Some(edit),
            _ => None,
        }
    }
    /// The dialog, if one is open.
    pub fn modal(&self) -> Option<&Modal> {
        match &self.overlay {
            Overlay::Dialog(modal) => Some(modal),
            _ => None,
        }
    }
    /// A message for the user (a refused value, a saved file, a hint).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// The view shown: the plan, the comparison, the quarters or the
    /// logged weeks.
    pub fn screen(&self) -> Screen {
        self.screen
    }
    /// The logged hours held against the plan over the range shown (the
    /// actual figures; the plan's come from [`App::plan`]); `None` without
    /// logged hours, or when the range holds no working time.
    pub fn logged(&self) -> Option<&crate::domain::calibration::Calibration> {
        self.logged
            .as_ref()
            .and_then(|l| l.calibration.as_ref().ok())
    }
    /// The logged hours and the range shown, when there are any.
    pub fn logged_hours(&self) -> Option<&crate::domain::calibration::Logged> {
        self.logged.as_ref().map(|l| &l.source)
    }
    /// Gives the planner logged hours to hold against the plan.
    pub fn set_logged(&mut self, logged: crate::domain::calibration::Logged) {
        let calibration = logged.calibrate(&self.model, &self.plan);
        self.logged = Some(LoggedHours {
            source: logged,
            calibration,
        });
    }
    /// The quarter view's selection.
    pub fn quarters(&self) -> Quarters {
        self.quarters
    }
    /// Whether the help overlay is open.
    pub fn help(&self) -> bool {
        matches!(self.overlay, Overlay::Help { .. })
    }
    /// How far the help overlay is scrolled, in lines.
    pub fn help_scroll(&self) -> u16 {
        match self.overlay {
            Overlay::Help { scroll } => scroll,
            _ => 0,
        }
    }
    /// Whether the list of every warning is open.
    pub fn warnings_shown(&self) -> bool {
        matches!(self.overlay, Overlay::Warnings { .. })
    }
    /// How far the list of warnings is scrolled, in lines.
    pub fn warnings_scroll(&self) -> u16 {
        match self.overlay {
            Overlay::Warnings { scroll } => scroll,
            _ => 0,
        }
    }
    /// Whether a small terminal shows the chart in place of the table.
    pub fn chart(&self) -> bool {
        self.chart
    }
    /// The terminal size last seen.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }
    /// The plan since the last 1:1, once read for a saved plan.
    pub fn since(&self) -> Option<&Since> {
        self.since.as_ref()
    }
    /// What changed since the last 1:1, when the plan then was found.
    pub fn since_diff(&self) -> Option<crate::domain::diff::Diff> {
        match &self.since {
            Some(Since::Found { then, .. }) => Some(crate::domain::diff::diff(
                &self.model,
                crate::domain::diff::Loaded {
                    scenario: &then.scenario,
                    inputs: &then.inputs,
                    plan: &then.plan,
                },
                crate::domain::diff::Loaded {
                    scenario: &self.document.meta,
                    inputs: &self.inputs,
                    plan: &self.plan,
                },
            )),
            _ => None,
        }
    }
    /// The line under the header for a saved plan: "since the last 1:1
    /// (2026-11-30): 38 → 42 customers, 96 % → 104 %, OVERLOADED", or
    /// "no 1:1 recorded"; `None` for a plan never saved, or while it is
    /// read.
    pub fn since_line(&self) -> Option<String> {
        let headline = self
            .since_diff()
            .map(|diff| crate::report::diff::headline(&diff));
        Some(match (self.since.as_ref()?, headline) {
            (
                Since::Found {
                    reviewed: Some(day),
                    head: false,
                    ..
                },
                Some(headline),
            ) => format!("since the last 1:1 ({day}): {headline}"),
            (
                Since::Found {
                    reviewed: Some(day),
                    head: true,
                    ..
                },
                Some(headline),
            ) => format!("1:1 of {day} not found in git; since the last commit: {headline}"),
            (Since::Found { reviewed: None, .. }, Some(headline)) => {
                format!("no 1:1 recorded; since the last commit: {headline}")
            }
            (
                Since::Missing {
                    reviewed: Some(day),
                    why,
                },
                _,
            ) => {
                format!("since the last 1:1 ({day}): {why}")
            }
            _ => "no 1:1 recorded".to_owned(),
        })
    }
    /// Whether the planner should end.
    pub fn should_quit(&self) -> bool {
        self.quit
    }
    /// The file work asked for since the last call, in order.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    fn len_of(&self, focus: Focus) -> usize {
        match focus {
            Focus::Counts => self.inputs_in_pane.len(),
            Focus::Tasks => self.model.rows.len(),
            Focus::Metrics => self.model.metrics.len(),
        }
    }

    fn selection_mut(&mut self, focus: Focus) -> &mut Selection {
        match focus {
            Focus::Counts => &mut self.counts,
            Focus::Tasks => &mut self.tasks,
            Focus::Metrics => &mut self.metrics,
        }
    }

    /// Applies one action. This is the only place state changes; every
    /// change of a value recomputes the plan through the engine.
    pub fn update(&mut self, action: Action) {
        if !self.accepts(&action) {
            return;
        }
        if !matches!(
            action,
            Action::Resize(..)
                | Action::EditChar(_)
                | Action::EditBackspace
                | Action::EditClear
                | Action::Paste(_)
                | Action::SinceRead(_)
        ) {
            self.message = None;
        }
        match action {
            Action::Quit => self.quit_or_ask(),
            Action::NextPane | Action::PrevPane => {
                self.cancel_edit();
                self.focus = self.focus.step(action == Action::NextPane);
            }
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::Select(focus, row) => {
                self.cancel_edit();
                self.focus = focus;
                let len = self.len_of(focus);
                self.selection_mut(focus).set(row, len);
            }
            Action::Scroll(focus, by) => {
                if self.edit().is_none() {
                    let len = self.len_of(focus);
                    self.selection_mut(focus).shift(i64::from(by), len);
                }
            }
            Action::Change(by) => self.change(by),
            Action::StartEdit => self.start_edit(),
            Action::EditChar(_) | Action::EditBackspace | Action::EditClear => {
                self.type_into_prompt(&action);
            }
            Action::Paste(text) => self.paste(&text),
            Action::EditCommit => self.commit_edit(),
            Action::EditCancel => self.cancel_edit(),
            Action::Reset => self.reset_selected(),
            Action::ResetAll => {
                self.overlay = Overlay::None;
                let mut defaults = Inputs::defaults(&self.model);
                defaults.set_calendar(self.inputs.calendar());
                self.apply(defaults);
            }
            // Every action but a few closes the message; this one only that.
            Action::Dismiss => {}
            Action::Undo => self.step_history(Way::Back),
            Action::Redo => self.step_history(Way::Forward),
            Action::Save => self.save(false, None),
            Action::SaveAs => self.save(true, None),
            Action::Open => {
                if self.is_dirty() {
                    self.overlay = Overlay::Dialog(Modal::Unsaved(Next::Open));
                } else {
                    self.effects.push(Effect::List(Pick::Open));
                }
            }
            Action::PickBaseline => self.effects.push(Effect::List(Pick::Baseline)),
            Action::ToggleCompare => self.switch_screen(Screen::Compare),
            Action::History => self.open_history(),
            Action::CompareWith { label, text } => self.compare_with(label, &text),
            Action::ToggleQuarters => self.switch_screen(Screen::Quarters),
            Action::ToggleLogged => self.toggle_logged(),
            Action::ApplyLogged => self.apply_logged(),
            Action::TakeBook(taken) => self.take_book(*taken),
            Action::MoveLogged(weeks) => self.move_logged(weeks),
            Action::Quarter(action) => {
                if let Some(next) = self.quarters.update(action, &self.model, &self.inputs) {
                    self.apply(next);
                }
            }
            Action::PickPreset => self.overlay = Overlay::Dialog(Modal::Presets),
            Action::Export => self.overlay = Overlay::Dialog(Modal::Export),
            Action::MarkReviewed => self.mark_reviewed(),
            Action::SinceRead(read) => self.since_read(*read),
            Action::EditNote | Action::EditCalendar => self.open_prompt(&action),
            Action::Choose(choice) => self.choose(choice),
            Action::ToggleHelp | Action::ToggleWarnings => self.toggle_overlay(&action),
            Action::ToggleChart => self.chart = !self.chart,
            Action::Resize(width, height) => self.size = (width, height),
            Action::Saved { .. }
            | Action::Notice(_)
            | Action::Saving(_)
            | Action::SaveEnded(_)
            | Action::SaveRefused { .. }
            | Action::SaveConflict { .. }
            | Action::Opened { .. }
            | Action::Listed(..)
            | Action::Exported(_)
            | Action::Recovered(_)
            | Action::Failed(_) => self.file_work_done(action),
        }
    }

    /// Opens the help or the list of warnings, or closes it when it is
    /// the one open.
    fn toggle_overlay(&mut self, action: &Action) {
        self.overlay = match (action, &self.overlay) {
            (Action::ToggleHelp, Overlay::Help { .. })
            | (Action::ToggleWarnings, Overlay::Warnings { .. }) => Overlay::None,
            (Action::ToggleHelp, _) => Overlay::Help { scroll: 0 },
            _ => Overlay::Warnings { scroll: 0 },
        };
    }

    /// The calibration view, or why there is none.
    fn toggle_logged(&mut self) {
        if let Some(logged) = &mut self.logged {
            logged.calibration = logged.source.calibrate(&self.model, &self.plan);
            self.switch_screen(Screen::Logged);
        } else {
            self.message = Some(
                "No logged hours: start with --timesheet FILE (iCalendar .ics, Toggl, Clockify, Harvest, CSV, timew)"
                    .to_owned(),
            );
        }
    }

    /// Moves the calibration range by whole weeks, never past today.
    fn move_logged(&mut self, weeks: i64) {
        let Some(logged) = &mut self.logged else {
            return;
        };
        let Some(range) = logged.source.moved(weeks) else {
            self.message = Some(if weeks > 0 {
                "The range already ends today: days that have not happened are not counted"
                    .to_owned()
            } else {
                format!(
                    "The range cannot start before {}: the files were read from there",
                    logged.source.earliest
                )
            });
            return;
        };
        logged.source.range = range;
        logged.calibration = logged.source.calibrate(&self.model, &self.plan);
        self.message = Some(match &logged.calibration {
            Ok(c) => format!("Logged range {} to {}", c.from, c.to),
            Err(error) => format!("Logged range: {error}"),
        });
    }

    /// Sets every task's hours so its plan per working week is what the
    /// logged weeks show: one change, undone by `u`.
    fn apply_logged(&mut self) {
        let Some(logged) = self.logged() else {
            return;
        };
        let next =
            crate::domain::calibration::suggestion(&self.model, &self.inputs, &self.plan, logged);
        let changed = engine::changes(&self.model, &self.inputs, &next).len();
        self.apply(next);
        if let Some(logged) = &mut self.logged {
            logged.calibration = logged.source.calibrate(&self.model, &self.plan);
        }
        self.message = Some(format!(
            "Applied the logged weeks to {} (u undoes it)",
            text::count(changed, "task", "tasks")
        ));
    }

    /// The counts the CRM's book gives, as one undoable change.
    fn take_book(&mut self, taken: TakenBook) {
        let changed = engine::changes(&self.model, &self.inputs, &taken.inputs).len();
        let counts = taken.book.as_ref().map_or_else(String::new, |book| {
            format!(
                " ({})",
                crate::report::book::both_counts(book.customers, book.weighted_customers)
            )
        });
        self.document.meta.book = taken.book;
        self.apply(taken.inputs);
        self.message = Some(format!(
            "The CRM's book{counts} changes {} of this plan, not saved yet (s saves, u undoes)",
            text::count(changed, "value", "values")
        ));
    }

    /// Shows `screen`, or the plan again when it is shown already.
    fn switch_screen(&mut self, screen: Screen) {
        self.screen = if self.screen == screen {
            Screen::Plan
        } else {
            screen
        };
    }

    /// Ends a save that wrote nothing: a name and owner it gave the plan
    /// are taken back.
    pub(super) fn abandon_save(&mut self) {
        if let Some(review) = self.reviewing.take() {
            self.document.meta.reviewed = review.before;
        }
        if let SaveFlow::Writing {
            previous: Some((name, owner)),
            ..
        } = std::mem::replace(&mut self.save_flow, SaveFlow::Idle)
        {
            self.document.meta.name = name;
            self.document.meta.owner = owner;
        }
    }

    /// Whether `action` applies with the overlay that is open: a prompt
    /// takes typing, a dialog its answers, help its scrolling; results of
    /// file work and resizes always apply.
    fn accepts(&self, action: &Action) -> bool {
        let always = matches!(
            action,
            Action::Resize(..)
                | Action::Quit
                | Action::Saved { .. }
                | Action::SaveConflict { .. }
                | Action::Opened { .. }
                | Action::TakeBook(_)
                | Action::Listed(..)
                | Action::Exported(_)
                | Action::Recovered(_)
                | Action::Failed(_)
                | Action::SaveRefused { .. }
                | Action::Notice(_)
                | Action::Saving(_)
                | Action::SaveEnded(_)
                | Action::Paste(_)
                | Action::SinceRead(_)
        );
        always
            || match self.overlay {
                Overlay::None => !matches!(action, Action::Choose(_)),
                Overlay::Help { .. } => {
                    matches!(action, Action::ToggleHelp | Action::Up | Action::Down)
                }
                Overlay::Warnings { .. } => {
                    matches!(action, Action::ToggleWarnings | Action::Up | Action::Down)
                }
                Overlay::Prompt(_) => matches!(
                    action,
                    Action::EditChar(_)
                        | Action::EditBackspace
                        | Action::EditClear
                        | Action::EditCommit
                        | Action::EditCancel
                        // A click or Tab elsewhere leaves the prompt.
                        | Action::Select(..)
                        | Action::NextPane
                        | Action::PrevPane
                ),
                Overlay::Dialog(_) => {
                    matches!(action, Action::Choose(_) | Action::Up | Action::Down)
                }
            }
    }

    fn move_selection(&mut self, by: i64) {
        match &mut self.overlay {
            Overlay::Prompt(_) => return,
            Overlay::Help { scroll } => {
                let scrolled = i64::from(*scroll).saturating_add(by).clamp(0, 40);
                *scroll = u16::try_from(scrolled).unwrap_or(0);
                return;
            }
            Overlay::Warnings { scroll } => {
                // Never past the last line: the list's length at this size.
                let last = i64::from(ui::warnings_scroll_max(&self.plan, self.size));
                let scrolled = i64::from(*scroll).saturating_add(by).clamp(0, last);
                *scroll = u16::try_from(scrolled).unwrap_or(0);
                return;
            }
            _ => {}
        }
        if let Overlay::Dialog(Modal::Picker {
            entries, selected, ..
        }) = &mut self.overlay
        {
            let mut selection = Selection { index: *selected };
            selection.shift(by, entries.len());
            *selected = selection.index();
            return;
        }
        let len = self.len_of(self.focus);
        self.selection_mut(self.focus).shift(by, len);
    }
}

#[cfg(test)]
mod tests;
