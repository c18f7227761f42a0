//! The interactive planner's state and its one `update`. Keys and mouse
//! events become [`Action`]s in `keys`; this module changes state; `ui`
//! draws it without changing anything.

use crate::engine::{self, Input, Inputs, Plan, PlanError};
use crate::model::{CapacityField, Model};
use crate::text;

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

/// Everything a user can do, whatever key or click asked for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// Leave the planner.
    Quit,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Select the row above in the focused pane.
    Up,
    /// Select the row below in the focused pane.
    Down,
    /// Focus `pane` and select its row `row` (a mouse click).
    Select(Focus, usize),
    /// Scroll the pane under the mouse by rows (negative: up).
    Scroll(Focus, i32),
    /// Change the selected value by this much (clamped at 0).
    Change(f64),
    /// Start typing a new value for the selected input.
    StartEdit,
    /// A character typed into the value being edited.
    EditChar(char),
    /// Delete the last character typed.
    EditBackspace,
    /// Commit the typed value.
    EditCommit,
    /// Abandon the typed value.
    EditCancel,
    /// Reset the selected value to its default.
    Reset,
    /// Reset every value to its default.
    ResetAll,
    /// Open or close the help overlay.
    ToggleHelp,
    /// In a small terminal, show the chart in place of the table (or back).
    ToggleChart,
    /// The terminal changed size.
    Resize(u16, u16),
}

/// A value being typed in the counts pane.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// The input being edited.
    pub input: Input,
    /// What has been typed so far.
    pub buffer: String,
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
pub struct App {
    model: Model,
    /// Where the model came from, for the header ("built-in" or a path).
    source: String,
    inputs: Inputs,
    plan: Plan,
    inputs_in_pane: Vec<Input>,
    focus: Focus,
    counts: Selection,
    tasks: Selection,
    metrics: Selection,
    edit: Option<Edit>,
    message: Option<String>,
    help: bool,
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
        let inputs = Inputs::defaults(&model);
        let plan = engine::compute(&model, &inputs)?;
        let inputs_in_pane = pane_inputs(&model);
        Ok(App {
            model,
            source: source.into(),
            inputs,
            plan,
            inputs_in_pane,
            focus: Focus::Counts,
            counts: Selection::default(),
            tasks: Selection::default(),
            metrics: Selection::default(),
            edit: None,
            message: None,
            help: false,
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
    /// The values in effect.
    pub fn inputs(&self) -> &Inputs {
        &self.inputs
    }
    /// The plan computed from them.
    pub fn plan(&self) -> &Plan {
        &self.plan
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
    /// The value being typed, if any.
    pub fn edit(&self) -> Option<&Edit> {
        self.edit.as_ref()
    }
    /// A message for the user (a refused value, a hint).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// Whether the help overlay is open.
    pub fn help(&self) -> bool {
        self.help
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
            Action::Quit => self.quit = true,
            Action::NextPane | Action::PrevPane => {
                self.edit = None;
                self.focus = self.focus.step(action == Action::NextPane);
            }
            Action::Up => self.move_selection(self.focus, -1),
            Action::Down => self.move_selection(self.focus, 1),
            Action::Select(focus, row) => {
                self.edit = None;
                self.focus = focus;
                let len = self.len_of(focus);
                self.selection_mut(focus).set(row, len);
            }
            Action::Scroll(focus, by) => self.move_selection(focus, i64::from(by)),
            Action::Change(by) => self.change(by),
            Action::StartEdit => self.start_edit(),
            Action::EditChar(c) => {
                if let Some(edit) = &mut self.edit
                    && edit.buffer.chars().count() < 12
                {
                    edit.buffer.push(c);
                }
            }
            Action::EditBackspace => {
                if let Some(edit) = &mut self.edit {
                    edit.buffer.pop();
                }
            }
            Action::EditCommit => self.commit_edit(),
            Action::EditCancel => self.edit = None,
            Action::Reset => {
                if let Some(input) = self.counts_target() {
                    self.set_value(input, input.default_value(&self.model));
                }
            }
            Action::ResetAll => {
                self.edit = None;
                let defaults = Inputs::defaults(&self.model);
                self.apply(defaults);
            }
            Action::ToggleHelp => self.help = !self.help,
            Action::ToggleChart => self.chart = !self.chart,
            Action::Resize(width, height) => self.size = (width, height),
        }
    }

    fn move_selection(&mut self, focus: Focus, by: i64) {
        if self.edit.is_some() {
            return;
        }
        let len = self.len_of(focus);
        self.selection_mut(focus).shift(by, len);
    }

    /// The input `+`/`-`/`r` act on: the selected one, when the what-if
    /// pane has focus; otherwise a hint says where to go.
    fn counts_target(&mut self) -> Option<Input> {
        if self.focus != Focus::Counts {
            self.message = Some(
                "Values change in the Counts & capacity pane: press Tab to reach it".to_owned(),
            );
            return None;
        }
        self.selected_input()
    }

    fn change(&mut self, by: f64) {
        if self.edit.is_some() {
            return;
        }
        if let Some(input) = self.counts_target() {
            let value = (self.inputs.get(input) + by).max(0.0);
            self.set_value(input, value);
        }
    }

    fn start_edit(&mut self) {
        if let Some(input) = self.counts_target() {
            self.edit = Some(Edit {
                input,
                buffer: String::new(),
            });
        }
    }

    fn commit_edit(&mut self) {
        let Some(edit) = self.edit.take() else {
            return;
        };
        let typed = edit.buffer.trim();
        if typed.is_empty() {
            return;
        }
        match text::parse_value(typed) {
            Ok(value) => self.set_value(edit.input, value),
            Err(why) => {
                self.message = Some(format!(
                    "{}: {why}; kept {}",
                    edit.input.label(&self.model),
                    text::plain(self.inputs.get(edit.input))
                ));
            }
        }
    }

    /// Sets one value and recomputes; a value that leaves no working time
    /// is refused with a message and the old value kept.
    fn set_value(&mut self, input: Input, value: f64) {
        let mut inputs = self.inputs.clone();
        inputs.set(input, value);
        self.apply(inputs);
    }

    fn apply(&mut self, inputs: Inputs) {
        match engine::compute(&self.model, &inputs) {
            Ok(plan) => {
                self.inputs = inputs;
                self.plan = plan;
            }
            Err(error) => self.message = Some(format!("Refused: {error}")),
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
    fn changes_outside_the_counts_pane_give_a_hint() {
        let mut app = app();
        app.update(Action::NextPane);
        app.update(Action::Change(1.0));
        assert_eq!(customers(&app), 35.0);
        assert!(app.message().is_some_and(|m| m.contains("Tab")));
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
}
