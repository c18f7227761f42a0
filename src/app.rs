//! The interactive planner's state and its one `update`. Keys and mouse
//! events become [`Action`]s in `keys`; this module changes state; `ui`
//! draws it without changing anything. Work with files is asked for as an
//! [`Effect`], carried out by `tui` through `store`, and its result comes
//! back as an action, so `update` itself does no I/O.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::engine::{self, Input, Inputs, Plan, PlanError};
use crate::model::{CapacityField, Judge, Model};
use crate::scenario::Scenario;
use crate::store::{self, Listed, Recovery};
use crate::text;

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

/// An answer in a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Save (quit dialog).
    Save,
    /// Throw the changes away (quit dialog, recovery, unknown names).
    Discard,
    /// Keep going as before (quit and conflict dialogs).
    Stay,
    /// Write over the file that changed on disk.
    Overwrite,
    /// Load the file as it is on disk, dropping the changes made here.
    Reload,
    /// Save under another name.
    SaveAs,
    /// Yes: restore the recovered plan, or load what the model knows.
    Yes,
}

/// Everything a user can do, and the results of file work.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave the planner (asks first when there are unsaved changes).
    Quit,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Select the row above in the focused pane (or list).
    Up,
    /// Select the row below in the focused pane (or list).
    Down,
    /// Focus `pane` and select its row `row` (a mouse click).
    Select(Focus, usize),
    /// Scroll the pane under the mouse by rows (negative: up).
    Scroll(Focus, i32),
    /// Change the selected value (count, capacity or task hours) by this much.
    Change(f64),
    /// Start typing a value for the selected count, task or metric actual.
    StartEdit,
    /// A character typed into the prompt.
    EditChar(char),
    /// Delete the last character typed.
    EditBackspace,
    /// Commit what was typed.
    EditCommit,
    /// Abandon what was typed.
    EditCancel,
    /// Reset the selected value to its default (or clear an actual).
    Reset,
    /// Reset every value to the model's defaults.
    ResetAll,
    /// Undo the last change.
    Undo,
    /// Redo the last change undone.
    Redo,
    /// Save the scenario (asks a name the first time).
    Save,
    /// Save the scenario under a new name.
    SaveAs,
    /// Open a saved scenario (the picker).
    Open,
    /// Pick the baseline to compare with (the picker).
    PickBaseline,
    /// Show the comparison with the baseline, or the plan again.
    ToggleCompare,
    /// Write the 1:1 summary as Markdown.
    Export,
    /// Edit the scenario's note.
    EditNote,
    /// Type the calendar period capacity is counted in.
    EditCalendar,
    /// Answer the open dialog.
    Choose(Choice),
    /// Open or close the help overlay.
    ToggleHelp,
    /// In a small terminal, show the chart in place of the table (or back).
    ToggleChart,
    /// The terminal changed size.
    Resize(u16, u16),
    /// A save finished: `path` now holds `text`.
    Saved {
        /// The file written.
        path: PathBuf,
        /// What it holds now.
        text: String,
    },
    /// A save found the file changed on disk; nothing was written.
    SaveConflict {
        /// The file.
        path: PathBuf,
        /// What it holds now.
        disk: String,
    },
    /// A scenario file was read, to open or to use as the baseline.
    Opened {
        /// The file.
        path: PathBuf,
        /// Its text.
        text: String,
        /// For what.
        purpose: Pick,
    },
    /// The saved scenarios, for the picker.
    Listed(Pick, Vec<Listed>),
    /// The summary was written here.
    Exported(PathBuf),
    /// Unsaved work from the last run, to offer back.
    Recovered(Recovery),
    /// File work failed; the message says why.
    Failed(String),
}

/// What a picked scenario is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Open it as the plan.
    Open,
    /// Compare with it.
    Baseline,
}

/// File work for the event loop to do; its result comes back as an
/// [`Action`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write `text` to `path` unless its content is no longer `expected`.
    Save {
        /// Where.
        path: PathBuf,
        /// The scenario TOML.
        text: String,
        /// The content the file should still have (`None`: should not exist).
        expected: Option<String>,
    },
    /// List the saved scenarios.
    List(Pick),
    /// Read a scenario file.
    Read(PathBuf, Pick),
    /// Write the Markdown summary.
    Export {
        /// Where.
        path: PathBuf,
        /// The Markdown.
        text: String,
    },
    /// The recovery file was answered for: remove it.
    ForgetRecovery(PathBuf),
}

/// What a prompt is typing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EditTarget {
    /// A count or capacity input.
    Value(Input),
    /// The hours of a task row (per its period).
    Hours(usize),
    /// The actual value of an outcome metric.
    Actual(usize),
    /// The scenario's name, before saving it.
    Name {
        /// Saving under a new name (a new file).
        save_as: bool,
    },
    /// The scenario's owner, before its first save.
    Owner,
    /// The scenario's note.
    Note,
    /// The calendar period capacity is counted in ("2027", "2027 Q1").
    Calendar,
}

/// A value being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// What is being typed.
    pub target: EditTarget,
    /// What has been typed so far.
    pub buffer: String,
}

/// What follows the unsaved-changes dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Leave the planner.
    Quit,
    /// Open another scenario.
    Open,
}

/// A dialog that waits for an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// Quitting, or opening another scenario, with unsaved changes: save,
    /// discard or stay.
    Unsaved(Next),
    /// The file changed on disk since it was opened: overwrite, reload or
    /// save as.
    Conflict {
        /// The file.
        path: PathBuf,
        /// What it holds now.
        disk: String,
    },
    /// A list of saved scenarios.
    Picker {
        /// What the pick is for.
        purpose: Pick,
        /// The scenarios (for a baseline, the model defaults come first).
        entries: Vec<Listed>,
        /// The selected line.
        selected: usize,
    },
    /// Unsaved work from the last run: restore it?
    Restore(Recovery),
    /// A scenario names things the model lacks: load the rest?
    Unknown {
        /// The file.
        path: PathBuf,
        /// Each unknown name, as `FILE:LINE:COL: message`.
        problems: Vec<String>,
        /// The scenario's text and what it was opened for.
        text: String,
        /// What it was opened for.
        purpose: Pick,
    },
}

/// The scenario being worked on and its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Its file, once saved or opened.
    pub path: Option<PathBuf>,
    /// Name, owner, note and saved date.
    pub meta: Scenario,
    /// The file's content when last read or written, to notice changes
    /// made behind the planner's back.
    pub disk: Option<String>,
    /// The values as last saved or opened.
    pub saved_inputs: Inputs,
    /// The note as last saved or opened.
    pub saved_note: String,
}

/// What the current plan is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// "model defaults" or the scenario's name.
    pub label: String,
    /// Its values.
    pub inputs: Inputs,
    /// Its plan.
    pub plan: Plan,
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
            now: || chrono::Local::now().fixed_offset(),
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

/// The inputs shown in the what-if pane: every count, then hours per week
/// and PTO days.
pub fn pane_inputs(model: &Model) -> Vec<Input> {
    Input::all(model)
        .filter(|input| match input {
            Input::Count(_) => true,
            Input::Capacity(field) => {
                matches!(field, CapacityField::HoursPerWeek | CapacityField::PtoDays)
            }
        })
        .collect()
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

/// The planner's state.
#[derive(Debug, Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent flags of the view and the session, not a state machine"
)]
pub struct App {
    model: Model,
    source: String,
    settings: Settings,
    inputs: Inputs,
    plan: Plan,
    inputs_in_pane: Vec<Input>,
    document: Document,
    baseline: Baseline,
    history: Vec<Inputs>,
    future: Vec<Inputs>,
    focus: Focus,
    counts: Selection,
    tasks: Selection,
    metrics: Selection,
    edit: Option<Edit>,
    modal: Option<Modal>,
    effects: Vec<Effect>,
    message: Option<String>,
    after_save: Option<Next>,
    pending_path: Option<PathBuf>,
    compare: bool,
    help: bool,
    help_scroll: u16,
    chart: bool,
    size: (u16, u16),
    quit: bool,
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
            history: Vec::new(),
            future: Vec::new(),
            focus: Focus::Counts,
            counts: Selection::default(),
            tasks: Selection::default(),
            metrics: Selection::default(),
            edit: None,
            modal: None,
            effects: Vec::new(),
            message: None,
            after_save: None,
            pending_path: None,
            compare: false,
            help: false,
            help_scroll: 0,
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
        self.edit.as_ref()
    }
    /// The dialog, if one is open.
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }
    /// A message for the user (a refused value, a saved file, a hint).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// Whether the comparison with the baseline is shown.
    pub fn compare(&self) -> bool {
        self.compare
    }
    /// Whether the help overlay is open.
    pub fn help(&self) -> bool {
        self.help
    }
    /// How far the help overlay is scrolled, in lines.
    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
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
        if !matches!(
            action,
            Action::Resize(..) | Action::EditChar(_) | Action::EditBackspace
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
                if self.edit.is_none() {
                    let len = self.len_of(focus);
                    self.selection_mut(focus).shift(i64::from(by), len);
                }
            }
            Action::Change(by) => self.change(by),
            Action::StartEdit => self.start_edit(),
            Action::EditChar(_) | Action::EditBackspace => self.type_into_prompt(&action),
            Action::EditCommit => self.commit_edit(),
            Action::EditCancel => self.cancel_edit(),
            Action::Reset => self.reset_selected(),
            Action::ResetAll => {
                self.edit = None;
                let mut defaults = Inputs::defaults(&self.model);
                defaults.set_calendar(self.inputs.calendar());
                self.apply(defaults);
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Save => self.save(false),
            Action::SaveAs => self.save(true),
            Action::Open => {
                if self.is_dirty() {
                    self.modal = Some(Modal::Unsaved(Next::Open));
                } else {
                    self.effects.push(Effect::List(Pick::Open));
                }
            }
            Action::PickBaseline => self.effects.push(Effect::List(Pick::Baseline)),
            Action::ToggleCompare => self.compare = !self.compare,
            Action::Export => self.export(),
            Action::EditNote => {
                self.edit = Some(Edit {
                    target: EditTarget::Note,
                    buffer: self.document.meta.note.clone(),
                });
            }
            Action::EditCalendar => {
                let buffer = self
                    .inputs
                    .calendar()
                    .map(engine::Calendar::label)
                    .unwrap_or_default();
                self.edit = Some(Edit {
                    target: EditTarget::Calendar,
                    buffer,
                });
            }
            Action::Choose(choice) => self.choose(choice),
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::ToggleChart => self.chart = !self.chart,
            Action::Resize(width, height) => self.size = (width, height),
            Action::Saved { path, text } => self.saved(path, text),
            Action::SaveConflict { path, disk } => {
                self.modal = Some(Modal::Conflict { path, disk });
            }
            Action::Opened {
                path,
                text,
                purpose,
            } => self.opened(path, &text, purpose, false),
            Action::Listed(purpose, entries) => self.listed(purpose, entries),
            Action::Exported(path) => {
                self.message = Some(format!("Exported the 1:1 summary to {}", path.display()));
            }
            Action::Recovered(recovery) => self.modal = Some(Modal::Restore(recovery)),
            Action::Failed(why) => {
                self.after_save = None;
                self.message = Some(why);
            }
        }
    }

    fn type_into_prompt(&mut self, action: &Action) {
        let Some(edit) = &mut self.edit else {
            return;
        };
        match action {
            Action::EditChar(c) if edit.buffer.chars().count() < 200 => edit.buffer.push(*c),
            Action::EditBackspace => {
                edit.buffer.pop();
            }
            _ => {}
        }
    }

    fn quit_or_ask(&mut self) {
        self.cancel_edit();
        if self.is_dirty() {
            self.modal = Some(Modal::Unsaved(Next::Quit));
        } else {
            self.quit = true;
        }
    }

    /// Drops the prompt and whatever was to follow it.
    fn cancel_edit(&mut self) {
        self.edit = None;
        self.after_save = None;
        self.pending_path = None;
    }

    /// Carries on after the unsaved-changes dialog.
    fn proceed(&mut self, next: Next) {
        match next {
            Next::Quit => self.quit = true,
            Next::Open => self.effects.push(Effect::List(Pick::Open)),
        }
    }

    fn move_selection(&mut self, by: i64) {
        if self.edit.is_some() {
            return;
        }
        if self.help {
            let scrolled = i64::from(self.help_scroll).saturating_add(by).clamp(0, 40);
            self.help_scroll = u16::try_from(scrolled).unwrap_or(0);
            return;
        }
        if let Some(Modal::Picker {
            entries, selected, ..
        }) = &mut self.modal
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
        if self.edit.is_some() {
            return;
        }
        let mut inputs = self.inputs.clone();
        match self.focus {
            Focus::Counts => {
                let Some(input) = self.selected_input() else {
                    return;
                };
                inputs.set(input, (inputs.get(input) + by).max(0.0));
            }
            Focus::Tasks => {
                let row = self.tasks.index();
                inputs.set_row_hours(row, (inputs.row_hours(row) + by).max(0.0));
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
        self.edit = Some(Edit { target, buffer });
    }

    fn commit_edit(&mut self) {
        let Some(edit) = self.edit.take() else {
            return;
        };
        let typed = edit.buffer.trim().to_owned();
        match edit.target {
            EditTarget::Name { save_as } => {
                if typed.is_empty() {
                    self.message = Some("A scenario needs a name; nothing was saved".to_owned());
                    self.after_save = None;
                    return;
                }
                self.document.meta.name = typed;
                if self.document.path.is_none() || save_as {
                    self.edit = Some(Edit {
                        target: EditTarget::Owner,
                        buffer: self.document.meta.owner.clone(),
                    });
                }
                let path = self
                    .settings
                    .scenarios_dir
                    .join(store::file_name(&self.document.meta.name));
                if self.edit.is_some() {
                    // Ask the owner first; the save follows.
                    self.pending_path = Some(path);
                } else {
                    self.write(path, None);
                }
            }
            EditTarget::Owner => {
                self.document.meta.owner = typed;
                if let Some(path) = self.pending_path.take() {
                    self.write(path, None);
                }
            }
            EditTarget::Note => self.document.meta.note = edit.buffer,
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
                match text::parse_value(&typed) {
                    Ok(value) => {
                        let mut inputs = self.inputs.clone();
                        match target {
                            EditTarget::Value(input) => inputs.set(input, value),
                            EditTarget::Hours(row) => inputs.set_row_hours(row, value),
                            EditTarget::Actual(index) => inputs.set_actual(index, Some(value)),
                            EditTarget::Name { .. }
                            | EditTarget::Owner
                            | EditTarget::Note
                            | EditTarget::Calendar => {}
                        }
                        self.apply(inputs);
                    }
                    Err(why) => {
                        let kept = match target {
                            EditTarget::Value(input) => text::plain(self.inputs.get(input)),
                            EditTarget::Hours(row) => text::plain(self.inputs.row_hours(row)),
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

    /// What a prompt edits, in words.
    pub fn edit_label(&self, target: EditTarget) -> String {
        match target {
            EditTarget::Value(input) => input.label(&self.model).to_owned(),
            EditTarget::Hours(row) => self.model.rows.get(row).map_or_else(String::new, |row| {
                format!(
                    "{} (hours per {})",
                    text::sanitize(&row.task),
                    row.per.name()
                )
            }),
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
        }
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
                self.history.push(previous);
                if self.history.len() > HISTORY {
                    self.history.remove(0);
                }
                self.future.clear();
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

    fn undo(&mut self) {
        let Some(previous) = self.history.pop() else {
            self.message = Some("Nothing to undo".to_owned());
            return;
        };
        let current = self.inputs.clone();
        if self.restore_inputs(previous) {
            self.future.push(current);
        }
    }

    fn redo(&mut self) {
        let Some(next) = self.future.pop() else {
            self.message = Some("Nothing to redo".to_owned());
            return;
        };
        let current = self.inputs.clone();
        if self.restore_inputs(next) {
            self.history.push(current);
        }
    }

    fn save(&mut self, save_as: bool) {
        if let (Some(path), false) = (&self.document.path, save_as) {
            let path = path.clone();
            let expected = self.document.disk.clone();
            self.write(path, expected);
        } else {
            let buffer = if save_as {
                String::new()
            } else {
                self.document.meta.name.clone()
            };
            self.edit = Some(Edit {
                target: EditTarget::Name { save_as },
                buffer,
            });
        }
    }

    /// The scenario text for the current values, stamped now.
    fn scenario_text(&self) -> Result<(String, DateTime<FixedOffset>), String> {
        let mut scenario = Scenario::from_inputs(&self.model, &self.inputs);
        let now = (self.settings.now)();
        scenario.name.clone_from(&self.document.meta.name);
        scenario.owner.clone_from(&self.document.meta.owner);
        scenario.note.clone_from(&self.document.meta.note);
        scenario.saved = Some(now);
        scenario
            .to_toml()
            .map(|text| (text, now))
            .map_err(|error| format!("Cannot save: {error}"))
    }

    fn write(&mut self, path: PathBuf, expected: Option<String>) {
        match self.scenario_text() {
            Ok((text, _)) => self.effects.push(Effect::Save {
                path,
                text,
                expected,
            }),
            Err(why) => self.message = Some(why),
        }
    }

    fn saved(&mut self, path: PathBuf, text: String) {
        if let Ok(scenario) = Scenario::parse(&text, "") {
            self.document.meta.saved = scenario.saved;
        }
        self.message = Some(format!("Saved to {}", path.display()));
        self.document.path = Some(path);
        self.document.disk = Some(text);
        self.document.saved_inputs = self.inputs.clone();
        self.document.saved_note = self.document.meta.note.clone();
        if let Some(next) = self.after_save.take() {
            self.proceed(next);
        }
    }

    fn export(&mut self) {
        let now = (self.settings.now)();
        let name = if self.document.meta.name.is_empty() {
            "plan"
        } else {
            &self.document.meta.name
        };
        let stem = store::file_name(name);
        let stem = stem.trim_end_matches(".toml");
        let path = self
            .settings
            .exports_dir
            .join(format!("{stem}-{}.md", now.format("%Y-%m-%d")));
        let text = crate::report::Summary {
            model: &self.model,
            scenario: &self.document.meta,
            inputs: &self.inputs,
            plan: &self.plan,
            baseline_label: &self.baseline.label,
            baseline_inputs: &self.baseline.inputs,
            baseline: &self.baseline.plan,
            date: Some(now),
        }
        .markdown();
        self.effects.push(Effect::Export { path, text });
    }

    fn listed(&mut self, purpose: Pick, mut entries: Vec<Listed>) {
        if purpose == Pick::Baseline {
            entries.insert(
                0,
                Listed {
                    path: PathBuf::new(),
                    scenario: None,
                    utilization: Some(self.plan_of_defaults()),
                    problem: None,
                },
            );
        } else if entries.is_empty() {
            self.message = Some(format!(
                "No saved scenarios in {} yet; s saves one",
                self.settings.scenarios_dir.display()
            ));
            return;
        }
        self.modal = Some(Modal::Picker {
            purpose,
            entries,
            selected: 0,
        });
    }

    fn plan_of_defaults(&self) -> f64 {
        engine::compute(&self.model, &Inputs::defaults(&self.model))
            .map_or(0.0, |plan| plan.utilization)
    }

    /// A scenario file was read. `agreed`: the user accepted leaving out
    /// names the model lacks.
    fn opened(&mut self, path: PathBuf, text: &str, purpose: Pick, agreed: bool) {
        let scenario = match Scenario::parse(text, &path.display().to_string()) {
            Ok(scenario) => scenario,
            Err(problems) => {
                let first = problems.to_string();
                let first = first.lines().next().unwrap_or_default().to_owned();
                self.message = Some(format!("Not opened: {first}"));
                return;
            }
        };
        let applied = scenario.apply(&self.model);
        if !applied.unknown.is_empty() && !agreed {
            let problems = applied
                .unknown
                .iter()
                .map(|d| format!("{}:{}:{}: {}", path.display(), d.line, d.column, d.message))
                .collect();
            self.modal = Some(Modal::Unknown {
                path,
                problems,
                text: text.to_owned(),
                purpose,
            });
            return;
        }
        let name = if scenario.name.is_empty() {
            path.display().to_string()
        } else {
            scenario.name.clone()
        };
        match purpose {
            Pick::Baseline => match engine::compute(&self.model, &applied.inputs) {
                Ok(plan) => {
                    self.baseline = Baseline {
                        label: name,
                        inputs: applied.inputs,
                        plan,
                    };
                    self.compare = true;
                }
                Err(error) => self.message = Some(format!("Not used as baseline: {error}")),
            },
            Pick::Open => {
                let left_out = applied.unknown.len();
                if self.restore_inputs(applied.inputs) {
                    // Another file: undo must not carry this plan's values
                    // into it.
                    self.history.clear();
                    self.future.clear();
                    self.document = Document {
                        path: (!path.as_os_str().is_empty()).then_some(path),
                        saved_note: scenario.note.clone(),
                        meta: scenario,
                        disk: Some(text.to_owned()),
                        saved_inputs: self.inputs.clone(),
                    };
                    if left_out == 0 {
                        self.message = Some(format!("Opened {name}"));
                    } else {
                        // Saving over the file would drop what was left
                        // out: this plan is saved under a new name.
                        self.document.path = None;
                        self.document.disk = None;
                        self.message = Some(format!(
                            "Opened {name} without {left_out} value(s) this model lacks; s saves it under a new name, the file stays as it is"
                        ));
                    }
                }
            }
        }
    }

    /// Restores unsaved work of an earlier session. The recovery file is
    /// removed only when everything in it was restored.
    fn restore(&mut self, recovery: Recovery) {
        let Ok(scenario) =
            Scenario::parse(&recovery.scenario, &recovery.path.display().to_string())
        else {
            self.message = Some(format!(
                "{} cannot be read; it was kept",
                recovery.path.display()
            ));
            return;
        };
        let applied = scenario.apply(&self.model);
        if !self.restore_inputs(applied.inputs) {
            return;
        }
        self.history.clear();
        self.future.clear();
        self.document = Document {
            path: recovery.file,
            disk: None,
            saved_inputs: Inputs::defaults(&self.model),
            saved_note: String::new(),
            meta: scenario,
        };
        // What the file holds now is unknown, so a save asks before writing
        // over it; the restored work counts as unsaved.
        self.document.meta.saved = None;
        if applied.unknown.is_empty() {
            self.effects.push(Effect::ForgetRecovery(recovery.path));
            self.message = Some("Restored the unsaved plan of the last session".to_owned());
        } else {
            self.message = Some(format!(
                "Restored all but {} value(s) this model lacks; {} was kept",
                applied.unknown.len(),
                recovery.path.display()
            ));
        }
    }

    fn choose(&mut self, choice: Choice) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        match (modal, choice) {
            (Modal::Unsaved(next), Choice::Save) => {
                self.after_save = Some(next);
                self.save(false);
            }
            (Modal::Unsaved(next), Choice::Discard) => self.proceed(next),
            (Modal::Conflict { path, disk }, Choice::Overwrite) => self.write(path, Some(disk)),
            (Modal::Conflict { path, disk }, Choice::Reload) => {
                self.after_save = None;
                self.opened(path, &disk, Pick::Open, false);
            }
            (Modal::Conflict { .. }, Choice::SaveAs) => self.save(true),
            (Modal::Conflict { .. } | Modal::Unsaved(_), _) => self.after_save = None,
            (
                Modal::Picker {
                    purpose,
                    entries,
                    selected,
                },
                Choice::Yes,
            ) => match entries.get(selected) {
                Some(entry) if purpose == Pick::Baseline && entry.path.as_os_str().is_empty() => {
                    let inputs = Inputs::defaults(&self.model);
                    if let Ok(plan) = engine::compute(&self.model, &inputs) {
                        self.baseline = Baseline {
                            label: "model defaults".to_owned(),
                            inputs,
                            plan,
                        };
                        self.compare = true;
                    }
                }
                Some(entry) if entry.problem.is_some() => {
                    self.message = entry.problem.clone().map(|p| format!("Not opened: {p}"));
                }
                Some(entry) => self.effects.push(Effect::Read(entry.path.clone(), purpose)),
                None => {}
            },
            (Modal::Restore(recovery), Choice::Yes) => self.restore(recovery),
            (Modal::Restore(recovery), Choice::Discard) => {
                self.effects.push(Effect::ForgetRecovery(recovery.path));
            }
            (Modal::Restore(recovery), _) => {
                self.message = Some(format!(
                    "Kept {}; the next start offers it again",
                    recovery.path.display()
                ));
            }
            (
                Modal::Unknown {
                    path,
                    text,
                    purpose,
                    ..
                },
                Choice::Yes,
            ) => self.opened(path, &text, purpose, true),
            (Modal::Picker { .. } | Modal::Unknown { .. }, _) => {}
        }
    }
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "whole-number counts compare exactly")]
mod tests {
    use super::*;
    use crate::engine::Status;

    fn app() -> App {
        App::new(Model::builtin().expect("valid"), "built-in", (120, 40)).expect("plannable")
    }

    fn customers(app: &App) -> f64 {
        app.inputs()
            .get(Input::by_name(app.model(), "customers").expect("count"))
    }

    #[test]
    fn opens_on_the_counts_pane_with_customers_selected() {
        let app = app();
        assert_eq!(app.focus(), Focus::Counts);
        assert_eq!(
            app.selected_input()
                .map(|input| input.name(app.model()).to_owned()),
            Some("customers".into())
        );
    }

    #[test]
    fn plus_recomputes_the_plan() {
        let mut app = app();
        app.update(Action::Change(1.0));
        assert_eq!(customers(&app), 36.0);
        assert_eq!(app.plan().status, Status::Over);
        assert!((app.plan().totals.yearly - (1632.0 + 948.0 / 35.0)).abs() < 1e-9);
    }

    #[test]
    fn values_never_go_below_zero() {
        let mut app = app();
        app.update(Action::Change(-10.0));
        app.update(Action::Change(-10.0));
        app.update(Action::Change(-10.0));
        app.update(Action::Change(-10.0));
        assert_eq!(customers(&app), 0.0);
    }

    #[test]
    fn focus_cycles_both_ways() {
        let mut app = app();
        app.update(Action::NextPane);
        assert_eq!(app.focus(), Focus::Tasks);
        app.update(Action::NextPane);
        assert_eq!(app.focus(), Focus::Metrics);
        app.update(Action::NextPane);
        assert_eq!(app.focus(), Focus::Counts);
        app.update(Action::PrevPane);
        assert_eq!(app.focus(), Focus::Metrics);
    }

    #[test]
    fn selection_stays_inside_each_list() {
        let mut app = app();
        app.update(Action::Up);
        assert_eq!(app.counts_selection(), 0);
        for _ in 0..20 {
            app.update(Action::Down);
        }
        assert_eq!(app.counts_selection(), app.pane_inputs().len() - 1);
        app.update(Action::Select(Focus::Tasks, 99));
        assert_eq!(app.focus(), Focus::Tasks);
        assert_eq!(app.task_selection(), app.model().rows.len() - 1);
        app.update(Action::Scroll(Focus::Metrics, -3));
        assert_eq!(app.metric_selection(), 0);
        app.update(Action::Scroll(Focus::Metrics, 3));
        assert_eq!(app.metric_selection(), 3);
    }

    #[test]
    fn plus_changes_what_the_focused_pane_holds() {
        let mut app = app();
        app.update(Action::NextPane);
        app.update(Action::Down); // Customer onboarding: 12 h a quarter
        app.update(Action::Change(1.0));
        assert_eq!(app.inputs().row_hours(1), 13.0);
        assert_eq!(app.plan().rows[1].yearly, 52.0);
        assert_eq!(customers(&app), 35.0);
        app.update(Action::Reset);
        assert_eq!(app.inputs().row_hours(1), 12.0);
        app.update(Action::NextPane);
        app.update(Action::Change(1.0));
        assert!(app.message().is_some_and(|m| m.contains("actual value")));
        app.update(Action::PrevPane);
        assert_eq!(app.message(), None, "the next action clears it");
    }

    #[test]
    fn typing_a_value_commits_on_enter() {
        let mut app = app();
        app.update(Action::StartEdit);
        for c in "42.5".chars() {
            app.update(Action::EditChar(c));
        }
        app.update(Action::EditBackspace);
        app.update(Action::EditChar('0'));
        assert_eq!(app.edit().map(|edit| edit.buffer.as_str()), Some("42.0"));
        assert_eq!(
            app.edit().map(|edit| edit.target),
            Some(EditTarget::Value(app.selected_input().expect("input")))
        );
        app.update(Action::EditCommit);
        assert_eq!(customers(&app), 42.0);
        assert_eq!(app.edit(), None);
    }

    #[test]
    fn bad_typed_input_keeps_the_old_value() {
        let mut app = app();
        app.update(Action::StartEdit);
        for c in "4..2".chars() {
            app.update(Action::EditChar(c));
        }
        app.update(Action::EditCommit);
        assert_eq!(customers(&app), 35.0);
        let message = app.message().expect("a message");
        assert!(
            message.contains("\"4..2\" is not a number") && message.contains("kept 35"),
            "{message}"
        );
    }

    #[test]
    fn escape_cancels_an_edit() {
        let mut app = app();
        app.update(Action::StartEdit);
        app.update(Action::EditChar('9'));
        app.update(Action::EditCancel);
        assert_eq!(app.edit(), None);
        assert_eq!(customers(&app), 35.0);
    }

    #[test]
    fn pto_that_takes_every_hour_is_refused() {
        let mut app = app();
        let pto = app
            .pane_inputs()
            .iter()
            .position(|i| i.name(app.model()) == "pto_days")
            .expect("pto");
        app.update(Action::Select(Focus::Counts, pto));
        app.update(Action::StartEdit);
        for c in "300".chars() {
            app.update(Action::EditChar(c));
        }
        app.update(Action::EditCommit);
        assert_eq!(app.inputs().capacity().pto_days, 56.0);
        assert!(app.message().is_some_and(|m| m.starts_with("Refused: ")));
    }

    #[test]
    fn reset_one_and_reset_all() {
        let mut app = app();
        app.update(Action::Change(5.0));
        app.update(Action::Down);
        app.update(Action::Change(2.0));
        app.update(Action::Reset);
        assert_eq!(customers(&app), 40.0);
        app.update(Action::ResetAll);
        assert_eq!(customers(&app), 35.0);
        assert_eq!(app.plan().totals.yearly, 1632.0);
    }

    #[test]
    fn help_chart_resize_and_quit() {
        let mut app = app();
        app.update(Action::ToggleHelp);
        assert!(app.help());
        app.update(Action::ToggleHelp);
        assert!(!app.help());
        app.update(Action::ToggleChart);
        assert!(app.chart());
        app.update(Action::Resize(80, 24));
        assert_eq!(app.size(), (80, 24));
        assert!(!app.should_quit());
        app.update(Action::Quit);
        assert!(app.should_quit());
    }

    fn app_in(dir: &std::path::Path) -> App {
        let paths = store::Paths {
            data_dir: dir.join("data"),
            config_dir: dir.join("config"),
        };
        let mut settings = Settings::new(&paths, "built-in");
        settings.owner = "alex".to_owned();
        settings.now =
            || chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+01:00").expect("date");
        App::with_settings(
            Model::builtin().expect("valid"),
            "built-in",
            settings,
            (120, 40),
        )
        .expect("plannable")
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Action::EditChar(c));
        }
    }

    /// Carries out file work as the event loop does.
    fn run_effects(app: &mut App) {
        let paths = store::Paths {
            data_dir: app
                .settings()
                .scenarios_dir
                .parent()
                .expect("data dir")
                .to_path_buf(),
            config_dir: PathBuf::new(),
        };
        loop {
            let effects = app.take_effects();
            if effects.is_empty() {
                return;
            }
            for effect in effects {
                if let Some(result) = store::perform(effect, &paths, app.model()) {
                    app.update(result);
                }
            }
        }
    }

    #[test]
    fn undo_and_redo_every_change() {
        let mut app = app();
        app.update(Action::Change(1.0));
        app.update(Action::Change(1.0));
        app.update(Action::Down);
        app.update(Action::Change(2.0));
        app.update(Action::Undo);
        assert_eq!(app.inputs().get(app.pane_inputs()[1]), 3.0);
        app.update(Action::Undo);
        app.update(Action::Undo);
        assert_eq!(customers(&app), 35.0);
        assert!(!app.is_dirty());
        app.update(Action::Undo);
        assert_eq!(app.message(), Some("Nothing to undo"));
        app.update(Action::Redo);
        app.update(Action::Redo);
        assert_eq!(customers(&app), 37.0);
        app.update(Action::Change(1.0));
        app.update(Action::Redo);
        assert_eq!(
            app.message(),
            Some("Nothing to redo"),
            "a new change clears the redo list"
        );
        app.update(Action::ResetAll);
        app.update(Action::Undo);
        assert_eq!(customers(&app), 37.0, "reset all is undone in one step");
        assert_eq!(app.inputs().get(app.pane_inputs()[1]), 4.0);
    }

    #[test]
    fn first_save_asks_name_and_owner_then_later_saves_reuse_the_file() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let mut app = app_in(dir.path());
        app.update(Action::Change(5.0));
        assert!(app.is_dirty());
        app.update(Action::Save);
        assert_eq!(
            app.edit().map(|e| e.target),
            Some(EditTarget::Name { save_as: false })
        );
        type_text(&mut app, "Q3 stretch");
        app.update(Action::EditCommit);
        assert_eq!(
            app.edit().map(|e| (e.target, e.buffer.clone())),
            Some((EditTarget::Owner, "alex".to_owned()))
        );
        app.update(Action::EditCommit);
        run_effects(&mut app);
        let path = dir.path().join("data/scenarios/q3-stretch.toml");
        assert_eq!(app.document().path.as_deref(), Some(path.as_path()));
        assert!(!app.is_dirty());
        let text = std::fs::read_to_string(&path).expect("saved");
        assert!(
            text.contains("customers = 40.0") && text.contains("owner = \"alex\""),
            "{text}"
        );
        assert!(text.contains("saved = 2026-11-22T10:00:00+01:00"), "{text}");
        app.update(Action::Change(1.0));
        app.update(Action::Save);
        assert!(app.edit().is_none(), "no questions the second time");
        run_effects(&mut app);
        assert!(
            std::fs::read_to_string(&path)
                .expect("saved")
                .contains("customers = 41.0")
        );
    }

    #[test]
    fn a_file_changed_behind_the_planners_back_is_never_overwritten_silently() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let mut app = app_in(dir.path());
        app.update(Action::Change(5.0));
        app.update(Action::Save);
        type_text(&mut app, "Plan");
        app.update(Action::EditCommit);
        app.update(Action::EditCommit);
        run_effects(&mut app);
        let path = app.document().path.clone().expect("saved");
        std::fs::write(
            &path,
            "name = \"Plan\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 20\n",
        )
        .expect("theirs");
        app.update(Action::Change(1.0));
        app.update(Action::Save);
        run_effects(&mut app);
        assert!(matches!(app.modal(), Some(Modal::Conflict { .. })));
        assert!(
            std::fs::read_to_string(&path)
                .expect("read")
                .contains("customers = 20"),
            "theirs is kept"
        );
        // Reload takes their version.
        app.update(Action::Choose(Choice::Reload));
        assert_eq!(customers(&app), 20.0);
        assert!(!app.is_dirty());
        // Overwrite writes ours after all.
        app.update(Action::Change(3.0));
        std::fs::write(&path, "name = \"Plan\"\n").expect("theirs again");
        app.update(Action::Save);
        run_effects(&mut app);
        app.update(Action::Choose(Choice::Overwrite));
        run_effects(&mut app);
        assert!(
            std::fs::read_to_string(&path)
                .expect("read")
                .contains("customers = 23.0")
        );
        assert!(app.modal().is_none());
    }

    #[test]
    fn quitting_with_unsaved_changes_asks() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let mut app = app_in(dir.path());
        app.update(Action::Quit);
        assert!(app.should_quit(), "nothing to lose: quits at once");
        let mut app = app_in(dir.path());
        app.update(Action::Change(1.0));
        app.update(Action::Quit);
        assert_eq!(app.modal(), Some(&Modal::Unsaved(Next::Quit)));
        assert!(!app.should_quit());
        app.update(Action::Choose(Choice::Stay));
        assert!(app.modal().is_none() && !app.should_quit());
        app.update(Action::Quit);
        app.update(Action::Choose(Choice::Save));
        type_text(&mut app, "Keep");
        app.update(Action::EditCommit);
        app.update(Action::EditCommit);
        run_effects(&mut app);
        assert!(app.should_quit(), "quits once saved");
        assert!(dir.path().join("data/scenarios/keep.toml").exists());
        let mut app = app_in(dir.path());
        app.update(Action::Change(1.0));
        app.update(Action::Quit);
        app.update(Action::Choose(Choice::Discard));
        assert!(app.should_quit());
    }

    #[test]
    fn open_and_baseline_through_the_picker() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let scenarios = dir.path().join("data/scenarios");
        std::fs::create_dir_all(&scenarios).expect("dir");
        std::fs::write(
            scenarios.join("big.toml"),
            "name = \"Big book\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 42\n",
        )
        .expect("write");
        let mut app = app_in(dir.path());
        app.update(Action::Open);
        run_effects(&mut app);
        assert!(matches!(
            app.modal(),
            Some(Modal::Picker {
                purpose: Pick::Open,
                ..
            })
        ));
        app.update(Action::Choose(Choice::Yes));
        run_effects(&mut app);
        assert_eq!(customers(&app), 42.0);
        assert_eq!(app.document().meta.name, "Big book");
        assert!(!app.is_dirty());
        app.update(Action::Undo);
        assert_eq!(
            customers(&app),
            42.0,
            "undo does not carry another plan into the opened file"
        );
        app.update(Action::PickBaseline);
        run_effects(&mut app);
        app.update(Action::Down);
        app.update(Action::Choose(Choice::Yes));
        run_effects(&mut app);
        assert_eq!(app.baseline().label, "Big book");
        assert!(app.compare());
    }

    #[test]
    fn a_scenario_naming_unknown_things_loads_only_if_the_user_agrees() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let mut app = app_in(dir.path());
        let text = "name = \"Odd\"\n[counts]\ncustomers = 40\nwidgets = 3\n".to_owned();
        let path = dir.path().join("odd.toml");
        app.update(Action::Opened {
            path: path.clone(),
            text: text.clone(),
            purpose: Pick::Open,
        });
        let Some(Modal::Unknown { problems, .. }) = app.modal() else {
            panic!("asks first")
        };
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with(&format!("{}:4:1: count \"widgets\"", path.display())),
            "{problems:?}"
        );
        assert_eq!(customers(&app), 35.0, "nothing loaded yet");
        app.update(Action::Choose(Choice::Discard));
        assert_eq!(customers(&app), 35.0);
        app.update(Action::Opened {
            path,
            text,
            purpose: Pick::Open,
        });
        app.update(Action::Choose(Choice::Yes));
        assert_eq!(customers(&app), 40.0);
        app.update(Action::Opened {
            path: dir.path().join("bad.toml"),
            text: "name = ".to_owned(),
            purpose: Pick::Open,
        });
        assert!(
            app.message().is_some_and(|m| m.starts_with("Not opened: ")),
            "{:?}",
            app.message()
        );
    }

    #[test]
    fn actuals_are_recorded_in_the_metrics_pane() {
        let mut app = app();
        let engage = app
            .model()
            .metrics
            .iter()
            .position(|m| m.id == "time_to_first_engage")
            .expect("metric");
        app.update(Action::Select(Focus::Metrics, engage));
        app.update(Action::StartEdit);
        type_text(&mut app, "12");
        app.update(Action::EditCommit);
        assert_eq!(app.inputs().actual(engage), Some(12.0));
        assert_eq!(app.plan().metrics[engage], engine::MetricStatus::Met);
        app.update(Action::StartEdit);
        assert_eq!(
            app.edit().map(|e| e.buffer.as_str()),
            Some("12"),
            "the prompt starts from the value"
        );
        app.update(Action::EditCancel);
        app.update(Action::Reset);
        assert_eq!(app.inputs().actual(engage), None);
        let webinars = app
            .model()
            .metrics
            .iter()
            .position(|m| m.id == "webinars_per_quarter")
            .expect("metric");
        app.update(Action::Select(Focus::Metrics, webinars));
        app.update(Action::StartEdit);
        assert!(app.edit().is_none());
        assert!(
            app.message()
                .is_some_and(|m| m.contains("judged from the plan"))
        );
    }

    #[test]
    fn export_writes_the_summary_and_says_where() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let mut app = app_in(dir.path());
        app.update(Action::Change(7.0));
        app.update(Action::Export);
        run_effects(&mut app);
        let path = dir.path().join("data/exports/plan-2026-11-22.md");
        assert_eq!(
            app.message(),
            Some(format!("Exported the 1:1 summary to {}", path.display()).as_str())
        );
        let text = std::fs::read_to_string(&path).expect("exported");
        assert!(
            text.contains("| **Total** |") && text.contains("+189.60"),
            "{text}"
        );
        assert!(text.contains("- **Owner:** alex"), "{text}");
    }

    #[test]
    fn a_recovered_plan_is_offered_and_unsaved() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let mut app = app_in(dir.path());
        let recovery = Recovery {
            path: dir.path().join("recovery-x.toml"),
            file: None,
            scenario: "name = \"Lost\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 39\n"
                .to_owned(),
        };
        app.update(Action::Recovered(recovery));
        assert!(matches!(app.modal(), Some(Modal::Restore(_))));
        app.update(Action::Choose(Choice::Yes));
        assert_eq!(
            app.take_effects(),
            vec![Effect::ForgetRecovery(dir.path().join("recovery-x.toml"))]
        );
        assert_eq!(customers(&app), 39.0);
        assert!(app.is_dirty(), "restored work still needs saving");
        assert_eq!(app.document().path, None);
    }

    #[test]
    fn a_calendar_period_is_typed_and_undoable() {
        assert_eq!(
            parse_calendar("2027 Q1"),
            Ok(Some(engine::Calendar {
                year: 2027,
                quarter: Some(1)
            }))
        );
        assert_eq!(
            parse_calendar("2027q4"),
            Ok(Some(engine::Calendar {
                year: 2027,
                quarter: Some(4)
            }))
        );
        assert_eq!(parse_calendar(" "), Ok(None));
        assert!(parse_calendar("2027 Q5").is_err());
        assert!(parse_calendar("next year").is_err());
        let mut app = app();
        app.update(Action::EditCalendar);
        type_text(&mut app, "2027");
        app.update(Action::EditCommit);
        assert_eq!(app.plan().capacity.gross_hours, 2088.0);
        app.update(Action::EditCalendar);
        assert_eq!(app.edit().map(|e| e.buffer.as_str()), Some("2027"));
        type_text(&mut app, " Q9");
        app.update(Action::EditCommit);
        assert!(
            app.message()
                .is_some_and(|m| m.contains("expected a year such as 2027"))
        );
        app.update(Action::Undo);
        assert_eq!(app.plan().capacity.gross_hours, 2080.0);
    }

    #[test]
    fn opening_another_scenario_with_unsaved_changes_asks_first() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let scenarios = dir.path().join("data/scenarios");
        std::fs::create_dir_all(&scenarios).expect("dir");
        std::fs::write(
            scenarios.join("big.toml"),
            "name = \"Big\"\n[counts]\ncustomers = 42\n",
        )
        .expect("write");
        let mut app = app_in(dir.path());
        app.update(Action::Change(1.0));
        app.update(Action::Open);
        assert_eq!(app.modal(), Some(&Modal::Unsaved(Next::Open)));
        app.update(Action::Choose(Choice::Stay));
        assert_eq!(customers(&app), 36.0);
        app.update(Action::Open);
        app.update(Action::Choose(Choice::Save));
        type_text(&mut app, "Mine");
        app.update(Action::EditCommit);
        app.update(Action::EditCommit);
        run_effects(&mut app);
        assert!(
            dir.path().join("data/scenarios/mine.toml").exists(),
            "saved first"
        );
        assert!(
            matches!(app.modal(), Some(Modal::Picker { .. })),
            "then the picker"
        );
        assert!(!app.should_quit());
    }

    #[test]
    fn quitting_from_a_prompt_closes_it_and_a_click_cancels_what_was_to_follow() {
        let mut app = app();
        app.update(Action::Change(1.0));
        app.update(Action::StartEdit);
        app.update(Action::EditChar('5'));
        app.update(Action::Quit); // Ctrl-C
        assert_eq!(app.edit(), None, "keys now go to the dialog");
        assert_eq!(app.modal(), Some(&Modal::Unsaved(Next::Quit)));
        app.update(Action::Choose(Choice::Save));
        assert!(app.edit().is_some(), "the name prompt");
        app.update(Action::Select(Focus::Tasks, 2));
        assert_eq!(app.edit(), None);
        app.update(Action::Save);
        type_text(&mut app, "X");
        app.update(Action::EditCommit);
        app.update(Action::EditCommit);
        app.update(Action::Saved {
            path: PathBuf::from("/x.toml"),
            text: String::new(),
        });
        assert!(
            !app.should_quit(),
            "the click cancelled the quit that was to follow the save"
        );
    }

    #[test]
    fn a_partly_loaded_scenario_is_never_saved_over_its_file() {
        let mut app = app();
        let text = "name = \"Odd\"\n[counts]\ncustomers = 40\nwidgets = 3\n".to_owned();
        app.update(Action::Opened {
            path: PathBuf::from("/plans/odd.toml"),
            text,
            purpose: Pick::Open,
        });
        app.update(Action::Choose(Choice::Yes));
        assert_eq!(customers(&app), 40.0);
        assert_eq!(app.document().path, None);
        app.update(Action::Save);
        assert_eq!(
            app.edit().map(|e| e.target),
            Some(EditTarget::Name { save_as: false }),
            "asks a new name"
        );
    }
}
