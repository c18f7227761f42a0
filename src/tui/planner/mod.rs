//! The interactive planner's state and its one `update`. Keys and mouse
//! events become [`Action`]s in `keys`; this module changes state; `ui`
//! draws it without changing anything. Work with files is asked for as an
//! [`Effect`], carried out by `tui` through `store`, and its result comes
//! back as an action, so `update` itself does no I/O.
//!
//! - [`action`]: what can happen ([`Action`], [`Effect`]) and the dialogs
//!   and prompts that wait for an answer.
//! - `session`: saving, opening, comparing, exporting, restoring.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::domain::engine::{self, Input, Inputs, Plan, PlanError};
use crate::domain::model::{CapacityField, Judge, Model};
use crate::domain::scenario::Scenario;
use crate::domain::text;
use crate::io::store;
use crate::tui::prompt::PromptKey;
use crate::tui::undo::{Undo, Way};

pub mod action;
pub mod effects;
pub mod keymap;
pub mod keys;
pub mod quarters;
mod session;
pub mod ui;

pub use action::{
    Action, Baseline, Choice, Document, Edit, EditTarget, Effect, Modal, Next, PRESETS, Pick,
};
use quarters::{QuarterAction, Quarters};

/// How many changes `u` can undo.
const HISTORY: usize = 500;

/// The panes that take focus, in `Tab` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Counts and capacity inputs (the what-if pane).
    Counts,
    /// The task table.
    Tasks,
    /// The metrics panel.
    Metrics,
}

impl Focus {
    const ORDER: [Focus; 3] = [Focus::Counts, Focus::Tasks, Focus::Metrics];

    fn step(self, forward: bool) -> Focus {
        let at = Focus::ORDER
            .iter()
            .position(|focus| *focus == self)
            .unwrap_or(0);
        let len = Focus::ORDER.len();
        let next = if forward {
            (at + 1) % len
        } else {
            (at + len - 1) % len
        };
        Focus::ORDER.get(next).copied().unwrap_or(Focus::Counts)
    }
}

/// Where the planner keeps and writes files, and who is using it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Saved scenarios.
    pub scenarios_dir: PathBuf,
    /// Exports.
    pub exports_dir: PathBuf,
    /// Shown in the help overlay.
    pub paths_note: Vec<String>,
    /// The owner offered for a new scenario.
    pub owner: String,
    /// The clock for saved dates and export names.
    pub now: fn() -> DateTime<FixedOffset>,
}

impl Settings {
    /// Settings for the folders of `paths`, the owner from `$USER` and the
    /// local clock.
    pub fn new(paths: &store::Paths, model_source: &str) -> Settings {
        Settings {
            scenarios_dir: paths.scenarios_dir(),
            exports_dir: paths.exports_dir(),
            paths_note: vec![
                format!("model      {model_source}"),
                format!("scenarios  {}", paths.scenarios_dir().display()),
                format!("exports    {}", paths.exports_dir().display()),
                format!("config     {}", paths.config_dir.display()),
            ],
            owner: std::env::var("USER").unwrap_or_default(),
            now: crate::io::clock::now,
        }
    }
}

/// A calendar period as typed: `2027`, `2027 Q1` (or `2027q1`), or empty
/// for none.
///
/// # Errors
/// A sentence saying what was expected.
pub fn parse_calendar(text: &str) -> Result<Option<engine::Calendar>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let lower = text.to_lowercase();
    let (year, quarter) = match lower.split_once('q') {
        Some((year, quarter)) => (year.trim(), Some(quarter.trim())),
        None => (lower.as_str(), None),
    };
    let expected = || format!("{text:?} is not a period; expected a year such as 2027, or 2027 Q1");
    let year: i32 = year
        .parse()
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .ok_or_else(expected)?;
    let quarter = match quarter {
        Some(q) => Some(
            q.parse::<u8>()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(expected)?,
        ),
        None => None,
    };
    Ok(Some(engine::Calendar { year, quarter }))
}

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

/// The screen shown: the plan, or its comparison with the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The plan: counts, capacity, tasks, metrics.
    Plan,
    /// The plan beside its baseline.
    Compare,
    /// The plan quarter by quarter.
    Quarters,
    /// The plan against the weeks logged (calibration).
    Logged,
}

/// What is drawn over the screen and takes the keys first: at most one.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Nothing: keys go to the screen.
    None,
    /// The help overlay, scrolled by this many lines.
    Help {
        /// Lines scrolled.
        scroll: u16,
    },
    /// Every warning in a list, scrolled by this many lines.
    Warnings {
        /// Lines scrolled.
        scroll: u16,
    },
    /// A value being typed.
    Prompt(Edit),
    /// A dialog waiting for an answer.
    Dialog(Modal),
}

/// Where a save stands: naming it, asking its owner, or written and waiting
/// for the result. `then` is what follows a successful save (quit, open).
#[derive(Debug, Clone, PartialEq)]
pub enum SaveFlow {
    /// No save under way.
    Idle,
    /// The name prompt is open.
    Naming {
        /// What follows the save.
        then: Option<Next>,
    },
    /// The owner prompt is open; the name typed waits here.
    Owner {
        /// The name typed.
        name: String,
        /// The file it will be saved to.
        path: PathBuf,
        /// What follows the save.
        then: Option<Next>,
    },
    /// The file is being written.
    Writing {
        /// What follows the save.
        then: Option<Next>,
        /// The plan's name and owner before this save named it: given
        /// back if nothing is written.
        previous: Option<(String, String)>,
    },
}

/// A save on its way to the disk: the values and note it writes, which
/// are what is saved once it ends (the plan may change meanwhile).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InFlight {
    path: PathBuf,
    inputs: Inputs,
    note: String,
}

/// A selection in a list that may be empty: never points past its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    index: usize,
}

impl Selection {
    /// The selected index.
    pub fn index(self) -> usize {
        self.index
    }

    fn set(&mut self, index: usize, len: usize) {
        self.index = index.min(len.saturating_sub(1));
    }

    fn shift(&mut self, by: i64, len: usize) {
        let target = i64::try_from(self.index)
            .unwrap_or(0)
            .saturating_add(by)
            .max(0);
        self.set(usize::try_from(target).unwrap_or(0), len);
    }
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
}

impl SaveFlow {
    /// What follows the save under way, if any.
    fn then(&self) -> Option<Next> {
        match self {
            SaveFlow::Idle => None,
            SaveFlow::Naming { then }
            | SaveFlow::Owner { then, .. }
            | SaveFlow::Writing { then, .. } => *then,
        }
    }
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
            Action::ToggleQuarters => self.switch_screen(Screen::Quarters),
            Action::ToggleLogged => self.toggle_logged(),
            Action::ApplyLogged => self.apply_logged(),
            Action::MoveLogged(weeks) => self.move_logged(weeks),
            Action::Quarter(action) => {
                if let Some(next) = self.quarters.update(action, &self.model, &self.inputs) {
                    self.apply(next);
                }
            }
            Action::PickPreset => self.overlay = Overlay::Dialog(Modal::Presets),
            Action::Export => self.export(),
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
        if let SaveFlow::Writing {
            previous: Some((name, owner)),
            ..
        } = std::mem::replace(&mut self.save_flow, SaveFlow::Idle)
        {
            self.document.meta.name = name;
            self.document.meta.owner = owner;
        }
    }

    /// Opens the prompt for the scenario's note or the calendar period,
    /// filled with what it holds now.
    fn open_prompt(&mut self, action: &Action) {
        let (target, buffer) = match action {
            Action::EditNote => (EditTarget::Note, self.document.meta.note.clone()),
            Action::EditCalendar => (
                EditTarget::Calendar,
                self.inputs
                    .calendar()
                    .map(engine::Calendar::label)
                    .unwrap_or_default(),
            ),
            _ => return,
        };
        self.overlay = Overlay::Prompt(Edit::new(target, buffer));
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
                | Action::Listed(..)
                | Action::Exported(_)
                | Action::Recovered(_)
                | Action::Failed(_)
                | Action::SaveRefused { .. }
                | Action::Notice(_)
                | Action::Saving(_)
                | Action::SaveEnded(_)
                | Action::Paste(_)
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

    /// A paste goes into the open prompt as text: a note keeps its line
    /// breaks, a value or name has them folded into spaces; with no prompt
    /// open, nothing happens but a message. Never a key.
    fn paste(&mut self, text: &str) {
        let Overlay::Prompt(edit) = &mut self.overlay else {
            self.message = Some(
                "Paste ignored: open a prompt first (Enter on a value, n for the note)".to_owned(),
            );
            return;
        };
        if let Some(cut) = edit.prompt.paste(text) {
            self.message = Some(cut);
        }
    }

    fn type_into_prompt(&mut self, action: &Action) {
        let Overlay::Prompt(edit) = &mut self.overlay else {
            return;
        };
        match action {
            Action::EditChar(c) => edit.prompt.edit(PromptKey::Char(*c)),
            Action::EditBackspace => edit.prompt.edit(PromptKey::Backspace),
            Action::EditClear => edit.prompt.edit(PromptKey::Clear),
            _ => {}
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

    fn change(&mut self, by: f64) {
        if self.edit().is_some() {
            return;
        }
        let mut inputs = self.inputs.clone();
        match self.focus {
            Focus::Counts => {
                let Some(input) = self.selected_input() else {
                    return;
                };
                // The target moves by 5 points and stays within 5–100 %.
                let value = match input {
                    Input::Capacity(field @ CapacityField::TargetUtilization) => {
                        (inputs.get(input) + by * field.step()).clamp(field.step(), 1.0)
                    }
                    _ => (inputs.get(input) + by).max(0.0),
                };
                inputs.set(input, value);
            }
            Focus::Tasks => {
                // The step is in the hours shown: per period at the counts now.
                let row = self.tasks.index();
                let now = engine::row_hours_now(&self.model, &inputs, row);
                if !engine::set_row_hours_now(&self.model, &mut inputs, row, (now + by).max(0.0)) {
                    self.message = Some(self.zero_count_message(row));
                    return;
                }
            }
            Focus::Metrics => {
                self.message =
                    Some("Enter records an actual value for the selected metric".to_owned());
                return;
            }
        }
        self.apply(inputs);
    }

    fn start_edit(&mut self) {
        if self.screen == Screen::Quarters {
            let field = self.quarters.field(&self.model);
            let q = self.quarters.quarter();
            let now = field.values(&self.inputs).get(q).copied().unwrap_or(0.0);
            self.overlay =
                Overlay::Prompt(Edit::new(EditTarget::Quarter(field, q), text::plain(now)));
            return;
        }
        let target = match self.focus {
            Focus::Counts => match self.selected_input() {
                Some(input) => EditTarget::Value(input),
                None => return,
            },
            Focus::Tasks => EditTarget::Hours(self.tasks.index()),
            Focus::Metrics => {
                let index = self.metrics.index();
                match self
                    .model
                    .metrics
                    .get(index)
                    .and_then(|metric| metric.judge.as_ref())
                {
                    Some(Judge::Actual { .. }) => EditTarget::Actual(index),
                    Some(Judge::Plan { .. }) => {
                        self.message = Some(
                            "This metric is judged from the plan's counts; change them instead"
                                .to_owned(),
                        );
                        return;
                    }
                    None => {
                        self.message = Some("This metric follows its sub-items".to_owned());
                        return;
                    }
                }
            }
        };
        let buffer = match target {
            EditTarget::Actual(index) => self
                .inputs
                .actual(index)
                .map(text::plain)
                .unwrap_or_default(),
            _ => String::new(),
        };
        self.overlay = Overlay::Prompt(Edit::new(target, buffer));
    }

    fn commit_edit(&mut self) {
        let Overlay::Prompt(edit) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        let typed = edit.text().trim().to_owned();
        match edit.target {
            EditTarget::Name { .. } | EditTarget::Owner => {
                self.commit_save_prompt(edit.target, typed);
            }
            EditTarget::Note => self.document.meta.note = edit.prompt.into_text(),
            EditTarget::Quarter(..) => match text::parse_value(&typed) {
                Ok(value) => self.update(Action::Quarter(QuarterAction::Set(value))),
                Err(why) => self.message = Some(format!("{}: {why}", self.edit_label(edit.target))),
            },
            EditTarget::Calendar => match parse_calendar(&typed) {
                Ok(calendar) => {
                    let mut inputs = self.inputs.clone();
                    inputs.set_calendar(calendar);
                    self.apply(inputs);
                }
                Err(why) => self.message = Some(why),
            },
            EditTarget::Actual(index) if typed.is_empty() => {
                let mut inputs = self.inputs.clone();
                inputs.set_actual(index, None);
                self.apply(inputs);
            }
            target => {
                if typed.is_empty() {
                    return;
                }
                // The target may be typed as a percentage: `85 %`.
                let parsed = if matches!(
                    target,
                    EditTarget::Value(Input::Capacity(CapacityField::TargetUtilization))
                ) {
                    text::parse_target(&typed)
                } else {
                    text::parse_value(&typed)
                };
                match parsed {
                    Ok(value) => {
                        let mut inputs = self.inputs.clone();
                        match target {
                            EditTarget::Value(input) => inputs.set(input, value),
                            EditTarget::Hours(row) => {
                                if !engine::set_row_hours_now(&self.model, &mut inputs, row, value)
                                {
                                    self.message = Some(self.zero_count_message(row));
                                    return;
                                }
                            }
                            EditTarget::Actual(index) => inputs.set_actual(index, Some(value)),
                            EditTarget::Name { .. }
                            | EditTarget::Owner
                            | EditTarget::Note
                            | EditTarget::Calendar
                            | EditTarget::Quarter(..) => {}
                        }
                        self.apply(inputs);
                    }
                    Err(why) => {
                        let kept = match target {
                            EditTarget::Value(input) => text::plain(self.inputs.get(input)),
                            EditTarget::Hours(row) => {
                                text::plain(engine::row_hours_now(&self.model, &self.inputs, row))
                            }
                            EditTarget::Actual(index) => self
                                .inputs
                                .actual(index)
                                .map_or_else(|| "no value".to_owned(), text::plain),
                            _ => String::new(),
                        };
                        self.message =
                            Some(format!("{}: {why}; kept {kept}", self.edit_label(target)));
                    }
                }
            }
        }
    }

    /// The name, then the owner, of a plan being saved the first time.
    fn commit_save_prompt(&mut self, target: EditTarget, typed: String) {
        match target {
            EditTarget::Name { .. } => {
                let then = match std::mem::replace(&mut self.save_flow, SaveFlow::Idle) {
                    SaveFlow::Naming { then } => then,
                    _ => None,
                };
                if typed.is_empty() {
                    self.message = Some("A scenario needs a name; nothing was saved".to_owned());
                    return;
                }
                // The name waits in the save flow: cancelling at the owner
                // prompt leaves the plan's name as it was.
                let path = self.settings.scenarios_dir.join(store::file_name(&typed));
                self.save_flow = SaveFlow::Owner {
                    name: typed,
                    path,
                    then,
                };
                self.overlay = Overlay::Prompt(Edit::new(
                    EditTarget::Owner,
                    self.document.meta.owner.clone(),
                ));
            }
            EditTarget::Owner => {
                if let SaveFlow::Owner { name, path, then } =
                    std::mem::replace(&mut self.save_flow, SaveFlow::Idle)
                {
                    let previous = (
                        std::mem::replace(&mut self.document.meta.name, name),
                        std::mem::replace(&mut self.document.meta.owner, typed),
                    );
                    self.save_flow = SaveFlow::Writing {
                        then,
                        previous: Some(previous),
                    };
                    self.write(path, None);
                }
            }
            _ => {}
        }
    }

    /// What a prompt edits, in words.
    pub fn edit_label(&self, target: EditTarget) -> String {
        match target {
            EditTarget::Value(input) => input.label(&self.model).to_owned(),
            EditTarget::Hours(index) => {
                self.model.rows.get(index).map_or_else(String::new, |row| {
                    let at = row
                        .scales_with
                        .and_then(|id| self.model.count(id).map(|count| (id, count)))
                        .map(|(id, count)| {
                            format!(
                                " at {} {}",
                                text::number(self.inputs.count(id)),
                                text::in_sentence(&text::sanitize(&count.label))
                            )
                        })
                        .unwrap_or_default();
                    format!(
                        "{}: hours per {}{at}",
                        text::sanitize(&row.task),
                        row.per.name()
                    )
                })
            }
            EditTarget::Actual(index) => self
                .model
                .metrics
                .get(index)
                .map_or_else(String::new, |metric| {
                    format!("Actual for {}", text::sanitize(&metric.name))
                }),
            EditTarget::Name { .. } => "Scenario name".to_owned(),
            EditTarget::Owner => "Owner (the TAM)".to_owned(),
            EditTarget::Note => "Note".to_owned(),
            EditTarget::Calendar => "Calendar year (and quarter), empty for 52 weeks".to_owned(),
            EditTarget::Quarter(field, q) => format!(
                "{} in Q{}",
                text::sanitize(&field.label(&self.model)),
                q + 1
            ),
        }
    }

    /// Why the hours of a row that grows with a count of 0 cannot be set.
    fn zero_count_message(&self, row: usize) -> String {
        let count = self
            .model
            .rows
            .get(row)
            .and_then(|row| row.scales_with)
            .and_then(|id| self.model.count(id))
            .map_or_else(String::new, |count| {
                text::in_sentence(&text::sanitize(&count.label))
            });
        format!("This task grows with {count}, which is 0: set the count first; hours kept")
    }

    fn reset_selected(&mut self) {
        let mut inputs = self.inputs.clone();
        match self.focus {
            Focus::Counts => {
                let Some(input) = self.selected_input() else {
                    return;
                };
                inputs.set(input, input.default_value(&self.model));
            }
            Focus::Tasks => {
                let row = self.tasks.index();
                let Some(hours) = self.model.rows.get(row).map(|row| row.hours) else {
                    return;
                };
                inputs.set_row_hours(row, hours);
            }
            Focus::Metrics => inputs.set_actual(self.metrics.index(), None),
        }
        self.apply(inputs);
    }

    /// Sets new values and recomputes; values that leave no working time are
    /// refused with a message and the old ones kept. Every accepted change
    /// can be undone.
    fn apply(&mut self, inputs: Inputs) {
        if inputs == self.inputs {
            return;
        }
        match engine::compute(&self.model, &inputs) {
            Ok(plan) => {
                let previous = std::mem::replace(&mut self.inputs, inputs);
                self.plan = plan;
                self.undo.record(previous);
            }
            Err(error) => self.message = Some(format!("Refused: {error}")),
        }
    }

    fn restore_inputs(&mut self, inputs: Inputs) -> bool {
        match engine::compute(&self.model, &inputs) {
            Ok(plan) => {
                self.inputs = inputs;
                self.plan = plan;
                true
            }
            Err(error) => {
                self.message = Some(format!("Refused: {error}"));
                false
            }
        }
    }

    /// Undo or redo the last change.
    fn step_history(&mut self, way: Way) {
        let Some(to) = self.undo.take(way) else {
            self.message = Some(way.nothing().to_owned());
            return;
        };
        let current = self.inputs.clone();
        if self.restore_inputs(to) {
            self.undo.moved(way, current);
        }
    }
}

#[cfg(test)]
mod tests;
