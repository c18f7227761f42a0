//! The team view: every TAM's plan on one screen, for a manager. Its own
//! state, [`TeamAction`], one [`TeamApp::update`], keys mapped in
//! [`control`], drawing in `ui` from `&self`. File work is asked for as a
//! [`TeamEffect`] and carried out by the [`Screen`] implementation, whose
//! results come back as actions.
//!
//! `Enter` opens a plan in the planner on the same event loop; leaving the
//! planner comes back here with that plan read again from its file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::domain::engine::{self, Input, Inputs};
use crate::domain::model::{BOOK_COUNT, Model};
use crate::domain::scenario::Scenario;
use crate::domain::team::{Member, Problem, Totals};
use crate::domain::text;
use crate::io::schema;
use crate::io::store::{self, Paths};
use crate::tui::planner::{Action, App, Pick, Settings};
use crate::tui::{Screen, Step, Work};

mod load;
mod ui;

pub use load::{Load, Loading};

/// One plan of the team, as read and as changed here.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Its file.
    pub path: PathBuf,
    /// The file's content when read or last written.
    pub disk: String,
    /// Name, owner, note, saved date.
    pub scenario: Scenario,
    /// The values now (a rebalance changes the customers).
    pub inputs: Inputs,
    /// The values as on disk.
    pub saved_inputs: Inputs,
    /// The figures of `inputs`.
    pub member: Member,
    /// Owner, name and file in lower case, made once: the filter's and the
    /// sort's keys.
    keys: Keys,
}

/// A plan's text in lower case, for filtering and sorting.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Keys {
    owner: String,
    name: String,
    file: String,
}

impl Keys {
    fn of(member: &Member) -> Keys {
        Keys {
            owner: member.owner.to_lowercase(),
            name: member.name.to_lowercase(),
            file: member.file.to_lowercase(),
        }
    }

    /// Whether `needle` (in lower case) is in the owner, name or file.
    fn holds(&self, needle: &str) -> bool {
        needle.is_empty()
            || self.owner.contains(needle)
            || self.name.contains(needle)
            || self.file.contains(needle)
    }
}

/// What the view draws of every plan at once, made when the plans change
/// rather than on each frame.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    totals: Totals,
    /// Owners with more than one plan.
    twice: Vec<String>,
    /// Plans saved long ago: who, and how long ago.
    stale: Vec<String>,
    /// Whether any plan has unsaved changes.
    dirty: bool,
}

impl Plan {
    /// Whether this plan has changes not saved.
    pub fn dirty(&self) -> bool {
        self.inputs != self.saved_inputs
    }
}

/// The columns the view sorts by, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The TAM.
    Owner,
    /// The plan's name.
    Plan,
    /// Customers in the book.
    Customers,
    /// Planned ÷ available.
    Utilization,
    /// Hours spare at the plan's target (negative: over it).
    Spare,
    /// Book capacity at the target.
    Book,
    /// Book at target − customers.
    Headroom,
    /// How many warnings.
    Warnings,
    /// Days since saved.
    Age,
}

impl Column {
    /// Every column, in the order shown; `1`…`9` sort by them.
    pub const ALL: [Column; 9] = [
        Column::Owner,
        Column::Plan,
        Column::Customers,
        Column::Utilization,
        Column::Spare,
        Column::Book,
        Column::Headroom,
        Column::Warnings,
        Column::Age,
    ];

    /// The heading.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Owner => "Owner",
            Column::Plan => "Plan",
            Column::Customers => "Cust",
            Column::Utilization => "Utilization",
            Column::Spare => "To tgt h",
            Column::Book => "Book@tgt",
            Column::Headroom => "Room",
            Column::Warnings => "Warn",
            Column::Age => "Saved",
        }
    }
}

/// What a prompt of the team view is typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// Text that filters the plans.
    Filter,
    /// How many customers to move, from one plan to another (indices into
    /// the plans).
    Move {
        /// From.
        from: usize,
        /// To.
        to: usize,
    },
    /// A book size: how many TAMs it needs.
    Book,
}

/// What is drawn over the team table and takes the keys first.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The keys.
    Help,
    /// A value being typed.
    Prompt(Asking, String),
}

/// Everything that can happen in the team view.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamAction {
    /// Quit (asks first when there are unsaved changes: pressed twice).
    Quit,
    /// The plan above.
    Up,
    /// The plan below.
    Down,
    /// Sort by this column; again: the other way.
    Sort(Column),
    /// Start typing a filter.
    Filter,
    /// Open the selected plan in the planner.
    Open,
    /// Mark the selected plan as the one customers move from, or (with one
    /// marked) ask how many to move to the selected one.
    Move,
    /// Ask a book size.
    Book,
    /// Undo the last move.
    Undo,
    /// Redo it.
    Redo,
    /// Write every changed plan.
    Save,
    /// Write the team summary as Markdown.
    Export,
    /// Show or hide the keys.
    Help,
    /// A character typed into the prompt.
    Char(char),
    /// Delete the last character typed.
    Backspace,
    /// Commit what was typed.
    Commit,
    /// Abandon it (or clear the filter).
    Cancel,
    /// The terminal changed size.
    Resize(u16, u16),
    /// A click on screen row `y` (the plan drawn there is selected).
    Click(u16),
    /// The wheel: move the selection by this many plans.
    Scroll(i8),
    /// A plan file was read again (after the planner, or a change on disk).
    Reread {
        /// The file.
        path: PathBuf,
        /// What it holds, or why it could not be read.
        text: Result<String, String>,
    },
    /// A save ended: every file written and what it holds now, or why
    /// none was.
    Saved(Result<Vec<(PathBuf, String)>, String>),
    /// The summary was exported here, or why not.
    Exported(Result<PathBuf, String>),
    /// The save is still writing after a moment (a slow or hung disk).
    StillSaving,
    /// Reading the team folder has more to show.
    Loading(Box<Loading>),
    /// File work of the planner opened from the view has a result.
    Planner(Box<Action>),
}

/// File work the view asks for; results come back as actions.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamEffect {
    /// Read this plan's file again.
    Reread(PathBuf),
    /// Write every changed plan, all or none: none when any of them no
    /// longer holds what was read (a move changes two plans, and saving one
    /// side alone would lose or double its customers).
    Save(Vec<store::Pending>),
    /// Write the Markdown summary.
    Export {
        /// Where.
        path: PathBuf,
        /// The Markdown.
        text: String,
    },
}

/// The team view's state.
#[derive(Debug)]
pub struct TeamApp {
    model: Model,
    source: String,
    settings: Settings,
    plans: Vec<Plan>,
    /// The plans shown, filtered and sorted: indices into `plans`, made
    /// again in `update` when the sort, the filter or the plans change.
    order: Vec<usize>,
    summary: Summary,
    problems: Vec<Problem>,
    sort: (Column, bool),
    filter: String,
    selected: usize,
    overlay: Overlay,
    /// The prompt's text is selected: the first key typed replaces it.
    prompt_selected: bool,
    moving_from: Option<usize>,
    history: Vec<Vec<Inputs>>,
    future: Vec<Vec<Inputs>>,
    book: Option<u64>,
    per_tam: Option<u64>,
    message: Option<String>,
    effects: Vec<TeamEffect>,
    now: DateTime<FixedOffset>,
    size: (u16, u16),
    quit_asked: bool,
    quit: bool,
    child: Option<Box<App>>,
    /// Where reading the team folder stands.
    load: Load,
    /// The folders the team was read from.
    folders: Vec<PathBuf>,
    /// Files that changed on disk while the team was still being read
    /// and were not read yet: seen to once reading ends.
    deferred: Vec<PathBuf>,
    /// The save asked for and not ended yet: each plan's file and the
    /// values it writes, which are what is saved once it ends.
    writing: Option<Vec<(PathBuf, Inputs)>>,
    /// Why the view ended without a team (no plan could be read).
    failure: Option<String>,
}

impl TeamApp {
    /// A team view of `plans` (read and planned with `model`), with the
    /// files that did not load, the book asked with `--book`, and the clock.
    #[expect(clippy::too_many_arguments, reason = "the view's inputs, each needed")]
    pub fn new(
        model: Model,
        source: String,
        settings: Settings,
        plans: Vec<Plan>,
        problems: Vec<Problem>,
        book: Option<u64>,
        per_tam: Option<u64>,
        now: DateTime<FixedOffset>,
    ) -> TeamApp {
        let mut app = TeamApp {
            model,
            source,
            settings,
            plans,
            order: Vec::new(),
            summary: Summary {
                totals: crate::domain::team::totals([]),
                twice: Vec::new(),
                stale: Vec::new(),
                dirty: false,
            },
            problems,
            sort: (Column::Owner, false),
            filter: String::new(),
            selected: 0,
            overlay: Overlay::None,
            prompt_selected: false,
            moving_from: None,
            history: Vec::new(),
            future: Vec::new(),
            book,
            per_tam,
            message: None,
            effects: Vec::new(),
            now,
            size: (0, 0),
            quit_asked: false,
            quit: false,
            child: None,
            load: Load::Done,
            folders: Vec::new(),
            deferred: Vec::new(),
            writing: None,
            failure: None,
        };
        app.plans_changed();
        app
    }

    /// A team view of the plans under `folders`, read off the event loop
    /// once the view is on screen (see [`Screen::start`]).
    pub fn loading(
        model: Model,
        source: String,
        settings: Settings,
        folders: Vec<PathBuf>,
        (book, per_tam): (Option<u64>, Option<u64>),
        now: DateTime<FixedOffset>,
    ) -> TeamApp {
        let mut app = TeamApp::new(
            model,
            source,
            settings,
            Vec::new(),
            Vec::new(),
            book,
            per_tam,
            now,
        );
        app.load = Load::Searching;
        app.folders = folders;
        app
    }

    /// Where reading the team folder stands.
    pub fn load(&self) -> Load {
        self.load
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }
    /// Every plan, in file order.
    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }
    /// Files that did not load.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
    /// The sort column and whether it runs high to low.
    pub fn sort(&self) -> (Column, bool) {
        self.sort
    }
    /// The filter typed.
    pub fn filter(&self) -> &str {
        &self.filter
    }
    /// The overlay.
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }
    /// Whether the prompt's text is selected (typing replaces it).
    pub fn prompt_selected(&self) -> bool {
        self.prompt_selected
    }
    /// The selected line among the visible plans.
    pub fn selected(&self) -> usize {
        self.selected
    }
    /// The plan customers move from, once `m` marked one.
    pub fn moving_from(&self) -> Option<usize> {
        self.moving_from
    }
    /// The book asked, and the TAMs one holds at the target.
    pub fn book(&self) -> (Option<u64>, Option<u64>) {
        (self.book, self.per_tam)
    }
    /// A message for the footer.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// The clock.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }
    /// The terminal size last seen.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }
    /// Whether any plan has unsaved changes.
    pub fn dirty(&self) -> bool {
        self.summary.dirty
    }
    /// The team's figures, every plan counted.
    pub fn totals(&self) -> Totals {
        self.summary.totals
    }
    /// Owners with more than one plan.
    pub fn duplicate_owners(&self) -> &[String] {
        &self.summary.twice
    }
    /// Plans saved more than 90 days ago: who, and how long ago.
    pub fn stale(&self) -> &[String] {
        &self.summary.stale
    }
    /// The planner, when a plan is open in it.
    pub fn child(&self) -> Option<&App> {
        self.child.as_deref()
    }
    /// Whether the view should end.
    pub fn should_quit(&self) -> bool {
        self.quit
    }
    /// The file work asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<TeamEffect> {
        std::mem::take(&mut self.effects)
    }

    /// The plans shown, filtered and sorted: indices into [`TeamApp::plans`].
    pub fn visible(&self) -> &[usize] {
        &self.order
    }

    /// Filters and sorts the plans again, into the order shown.
    fn reorder(&mut self) {
        let needle = self.filter.to_lowercase();
        let mut shown: Vec<usize> = self
            .plans
            .iter()
            .enumerate()
            .filter(|(_, plan)| plan.keys.holds(&needle))
            .map(|(index, _)| index)
            .collect();
        let (column, descending) = self.sort;
        let direction = |order: std::cmp::Ordering| {
            if descending { order.reverse() } else { order }
        };
        let plans = &self.plans;
        match column {
            Column::Owner | Column::Plan => {
                let key = |index: usize| {
                    plans.get(index).map_or("", |plan| {
                        if column == Column::Owner {
                            plan.keys.owner.as_str()
                        } else {
                            plan.keys.name.as_str()
                        }
                    })
                };
                shown.sort_by(|a, b| direction(key(*a).cmp(key(*b))));
            }
            _ => {
                let values: Vec<f64> = plans
                    .iter()
                    .map(|plan| number_key(&plan.member, column, self.now))
                    .collect();
                let key = |index: usize| values.get(index).copied().unwrap_or(0.0);
                shown.sort_by(|a, b| direction(key(*a).total_cmp(&key(*b))));
            }
        }
        self.order = shown;
    }

    /// The plans were read, changed or saved: the order shown and the
    /// figures of the whole team, made again.
    fn plans_changed(&mut self) {
        let members = || self.plans.iter().map(|plan| &plan.member);
        let now = self.now;
        #[expect(clippy::cast_precision_loss, reason = "days are far below 2^52")]
        let stale = members()
            .filter(|member| member.stale(now))
            .map(|member| {
                let who = if member.owner.is_empty() {
                    &member.name
                } else {
                    &member.owner
                };
                match member.age_days(now) {
                    Some(days) => format!(
                        "{} (saved {} d ago)",
                        text::sanitize(who),
                        text::number(days as f64)
                    ),
                    None => text::sanitize(who).into_owned(),
                }
            })
            .collect();
        self.summary = Summary {
            totals: crate::domain::team::totals(members()),
            twice: crate::domain::team::duplicate_owners(members()),
            stale,
            dirty: self.plans.iter().any(Plan::dirty),
        };
        self.reorder();
    }

    /// The plan on the selected line, as an index into the plans.
    pub fn selected_plan(&self) -> Option<usize> {
        self.order.get(self.selected).copied()
    }

    /// Applies one action: the only place the view's state changes.
    pub fn update(&mut self, action: TeamAction) {
        // What the order shown and the team's figures depend on: made
        // again below only when one of them changes, never per key or frame.
        let touches_plans = matches!(
            action,
            TeamAction::Reread { .. }
                | TeamAction::Saved(_)
                | TeamAction::Commit
                | TeamAction::Undo
                | TeamAction::Redo
                | TeamAction::Loading(_)
        );
        let (sort, filter) = (self.sort, self.filter.clone());
        if !matches!(
            action,
            TeamAction::Resize(..)
                | TeamAction::Char(_)
                | TeamAction::Backspace
                | TeamAction::Exported(_)
                // A file read again (the watcher saw a write, maybe
                // tamplan's own) is no answer to what the message says;
                // nor are more plans read.
                | TeamAction::Reread { .. }
                | TeamAction::Loading(_)
                | TeamAction::Planner(_)
        ) {
            self.message = None;
        }
        if !matches!(
            action,
            TeamAction::Quit
                | TeamAction::Reread { .. }
                | TeamAction::Loading(_)
                | TeamAction::Planner(_)
        ) {
            self.quit_asked = false;
        }
        match action {
            TeamAction::Quit => self.quit_or_ask(),
            TeamAction::Up => self.selected = self.selected.saturating_sub(1),
            TeamAction::Down => {
                let last = self.order.len().saturating_sub(1);
                self.selected = (self.selected + 1).min(last);
            }
            TeamAction::Sort(column) => {
                let descending = self.sort.0 == column && !self.sort.1;
                self.sort = (column, descending);
            }
            TeamAction::Filter => {
                self.overlay = Overlay::Prompt(Asking::Filter, self.filter.clone());
            }
            TeamAction::Open => self.open(),
            TeamAction::Move => self.start_move(),
            TeamAction::Book => {
                let buffer = self.book.map(|b| b.to_string()).unwrap_or_default();
                // The book asked before, selected: typing replaces it.
                self.prompt_selected = !buffer.is_empty();
                self.overlay = Overlay::Prompt(Asking::Book, buffer);
            }
            TeamAction::Undo => self.step_history(true),
            TeamAction::Redo => self.step_history(false),
            TeamAction::Save => self.save(),
            TeamAction::Export => self.export(),
            TeamAction::Help => {
                self.overlay = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    Overlay::Help
                };
            }
            TeamAction::Char(c) => self.type_char(c),
            TeamAction::Backspace => self.backspace(),
            TeamAction::Commit => self.commit(),
            TeamAction::Cancel => self.cancel(),
            TeamAction::Resize(width, height) => self.size = (width, height),
            TeamAction::Click(y) => {
                if let Some(line) = ui::plan_at(self, y) {
                    self.selected = line;
                }
            }
            TeamAction::Scroll(by) => {
                let last = self.order.len().saturating_sub(1);
                self.selected = if by < 0 {
                    self.selected.saturating_sub(usize::from(by.unsigned_abs()))
                } else {
                    (self.selected + usize::from(by.unsigned_abs())).min(last)
                };
            }
            TeamAction::Saved(_)
            | TeamAction::StillSaving
            | TeamAction::Loading(_)
            | TeamAction::Planner(_)
            | TeamAction::Exported(_)
            | TeamAction::Reread { .. } => self.file_work_done(action),
        }
        if touches_plans {
            self.plans_changed();
        } else if self.sort != sort || self.filter != filter {
            self.reorder();
        }
        let last = self.order.len().saturating_sub(1);
        self.selected = self.selected.min(last);
    }

    /// The result of file work (a save, a read, an export, the folder).
    fn file_work_done(&mut self, action: TeamAction) {
        match action {
            TeamAction::Reread { path, text } => self.reread(&path, text),
            TeamAction::Saved(result) => {
                let written = self.writing.take().unwrap_or_default();
                self.saved(result, &written);
            }
            TeamAction::StillSaving => {
                self.message =
                    Some("Saving… (the disk is slow to answer; keys still work)".to_owned());
            }
            TeamAction::Loading(loading) => self.loaded(*loading),
            TeamAction::Planner(result) => {
                if let Some(child) = self.child.as_mut() {
                    child.update(*result);
                }
            }
            TeamAction::Exported(result) => {
                // Three files: the message lists each as it is written.
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

    fn quit_or_ask(&mut self) {
        if self.dirty() && !self.quit_asked {
            self.quit_asked = true;
            self.message =
                Some("Moves not saved: s saves them, q again quits without saving".to_owned());
        } else {
            self.quit = true;
        }
    }

    /// A character typed into the prompt: it replaces a selected value.
    fn type_char(&mut self, c: char) {
        if let Overlay::Prompt(asking, buffer) = &mut self.overlay {
            if std::mem::take(&mut self.prompt_selected) {
                buffer.clear();
            }
            if buffer.chars().count() < 100 {
                buffer.push(c);
            }
            if *asking == Asking::Filter {
                self.filter.clone_from(buffer);
                self.selected = 0;
            }
        }
    }

    /// Backspace in the prompt: a selected value goes whole.
    fn backspace(&mut self) {
        if let Overlay::Prompt(asking, buffer) = &mut self.overlay {
            if std::mem::take(&mut self.prompt_selected) {
                buffer.clear();
            } else {
                buffer.pop();
            }
            if *asking == Asking::Filter {
                self.filter.clone_from(buffer);
            }
        }
    }

    fn cancel(&mut self) {
        self.prompt_selected = false;
        match &self.overlay {
            Overlay::Prompt(Asking::Filter, _) => {
                self.filter.clear();
                self.overlay = Overlay::None;
            }
            Overlay::Prompt(..) | Overlay::Help => self.overlay = Overlay::None,
            Overlay::None if self.moving_from.is_some() => {
                self.moving_from = None;
                self.message = Some("Move cancelled".to_owned());
            }
            Overlay::None if !self.filter.is_empty() => self.filter.clear(),
            Overlay::None => self.quit_or_ask(),
        }
    }

    fn open(&mut self) {
        let Some(index) = self.selected_plan() else {
            return;
        };
        let Some(plan) = self.plans.get(index) else {
            return;
        };
        if plan.dirty() {
            self.message = Some(
                "This plan has a move not saved: s saves it first, so the planner opens what you see"
                    .to_owned(),
            );
            return;
        }
        let Ok(mut app) = App::with_settings(
            self.model.clone(),
            self.source.clone(),
            self.settings.clone(),
            self.size,
        ) else {
            return;
        };
        app.update(Action::Opened {
            path: plan.path.clone(),
            text: plan.disk.clone(),
            purpose: Pick::Open,
        });
        self.child = Some(Box::new(app));
    }

    fn start_move(&mut self) {
        let Some(here) = self.selected_plan() else {
            return;
        };
        match self.moving_from {
            None => {
                self.moving_from = Some(here);
                let owner = self.owner_of(here);
                self.message = Some(format!(
                    "Moving customers from {owner}: select who takes them and press m again (Esc cancels)"
                ));
            }
            Some(from) if from == here => {
                self.moving_from = None;
                self.message = Some("Move cancelled".to_owned());
            }
            Some(from) => {
                self.overlay = Overlay::Prompt(Asking::Move { from, to: here }, String::new());
            }
        }
    }

    fn owner_of(&self, index: usize) -> String {
        self.plans.get(index).map_or_else(String::new, |plan| {
            let who = if plan.member.owner.is_empty() {
                &plan.member.name
            } else {
                &plan.member.owner
            };
            text::sanitize(who).into_owned()
        })
    }

    fn commit(&mut self) {
        self.prompt_selected = false;
        let Overlay::Prompt(asking, buffer) = std::mem::replace(&mut self.overlay, Overlay::None)
        else {
            return;
        };
        match asking {
            Asking::Filter => {}
            Asking::Book => match buffer.trim().parse::<u64>() {
                Ok(book) => self.book = Some(book),
                Err(_) if buffer.trim().is_empty() => self.book = None,
                Err(_) => {
                    self.message = Some(format!(
                        "{:?} is not a number of customers; expected a whole number",
                        text::sanitize(buffer.trim())
                    ));
                }
            },
            Asking::Move { from, to } => match text::parse_value(buffer.trim()) {
                Ok(count) => self.move_customers(from, to, count),
                Err(why) => self.message = Some(format!("Nothing moved: {why}")),
            },
        }
    }

    /// Moves `count` customers (at most what `from` has) and recomputes both.
    fn move_customers(&mut self, from: usize, to: usize, count: f64) {
        let Some(book) = self.model.count_id(BOOK_COUNT) else {
            self.message = Some("This model has no `customers` count to move".to_owned());
            return;
        };
        let input = Input::Count(book);
        let (Some(source), Some(target)) = (self.plans.get(from), self.plans.get(to)) else {
            return;
        };
        let moved = count.min(source.inputs.get(input));
        let mut next_from = source.inputs.clone();
        let mut next_to = target.inputs.clone();
        next_from.set(input, next_from.get(input) - moved);
        next_to.set(input, next_to.get(input) + moved);
        let before: Vec<Inputs> = self.plans.iter().map(|p| p.inputs.clone()).collect();
        // Both or neither: a move whose second half cannot be planned puts
        // the first plan back, so no change escapes the undo history.
        let moved_both = self.set_inputs(from, next_from) && {
            let taken = self.set_inputs(to, next_to);
            if !taken {
                let message = self.message.take();
                if let Some(original) = before.get(from).cloned() {
                    self.set_inputs(from, original);
                }
                self.message = message;
            }
            taken
        };
        if moved_both {
            self.history.push(before);
            self.future.clear();
            self.moving_from = None;
            self.message = Some(format!(
                "Moved {} from {} to {} (u undoes it; s saves both)",
                text::things(moved, "customer", "customers"),
                self.owner_of(from),
                self.owner_of(to)
            ));
        }
    }

    /// New inputs for plan `index`, recomputed; `false` (and a message)
    /// when they cannot be planned.
    fn set_inputs(&mut self, index: usize, inputs: Inputs) -> bool {
        let Some(plan) = self.plans.get_mut(index) else {
            return false;
        };
        match engine::compute(&self.model, &inputs) {
            Ok(computed) => {
                plan.member = Member::new(
                    plan.member.file.clone(),
                    &plan.scenario,
                    &self.model,
                    &inputs,
                    &computed,
                );
                plan.inputs = inputs;
                true
            }
            Err(error) => {
                self.message = Some(format!("Refused: {error}"));
                false
            }
        }
    }

    fn step_history(&mut self, back: bool) {
        let (from, to) = if back {
            (&mut self.history, &mut self.future)
        } else {
            (&mut self.future, &mut self.history)
        };
        let Some(state) = from.pop() else {
            self.message = Some(
                if back {
                    "Nothing to undo"
                } else {
                    "Nothing to redo"
                }
                .to_owned(),
            );
            return;
        };
        to.push(self.plans.iter().map(|p| p.inputs.clone()).collect());
        for (index, inputs) in state.into_iter().enumerate() {
            self.set_inputs(index, inputs);
        }
    }

    fn save(&mut self) {
        if self.writing.is_some() {
            // A second write now would find the files "changed on disk"
            // by the first.
            self.message = Some("Still saving; save again once it is done".to_owned());
            return;
        }
        let stamp = self.now;
        let mut pending = Vec::new();
        for plan in self.plans.iter().filter(|plan| plan.dirty()) {
            let mut scenario = Scenario::from_inputs(&self.model, &plan.inputs);
            scenario.name.clone_from(&plan.scenario.name);
            scenario.owner.clone_from(&plan.scenario.owner);
            scenario.note.clone_from(&plan.scenario.note);
            scenario.saved = Some(stamp);
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
    fn saved(
        &mut self,
        result: Result<Vec<(PathBuf, String)>, String>,
        values: &[(PathBuf, Inputs)],
    ) {
        let written = match result {
            Ok(written) => written,
            Err(why) => {
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
                plan.scenario.saved = Some(self.now);
                plan.member.saved = Some(self.now);
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

    /// A plan's file read again: its row follows the file, unless it has a
    /// move not saved (then the move is kept and saving will ask).
    fn reread(&mut self, path: &Path, text: Result<String, String>) {
        let Some(index) = self.plans.iter().position(|plan| plan.path == path) else {
            return;
        };
        // Unchanged (tamplan's own write, seen by the watcher): nothing to do.
        if let (Some(plan), Ok(text)) = (self.plans.get(index), &text)
            && plan.disk == *text
        {
            return;
        }
        if self.plans.get(index).is_some_and(Plan::dirty) {
            self.message = Some(format!(
                "{} changed on disk; your move is kept, and saving will not overwrite it",
                path.display()
            ));
            return;
        }
        let loaded = text
            .and_then(|text| plan_from(&self.model, path, text).map_err(|problem| problem.message));
        match loaded {
            Ok(plan) => {
                if let Some(slot) = self.plans.get_mut(index) {
                    *slot = plan;
                }
            }
            Err(why) => {
                self.plans.remove(index);
                self.problems.push(Problem {
                    file: path.display().to_string(),
                    message: why,
                });
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
    fn add(&mut self, path: &Path) {
        let loaded = crate::io::files::read_text(path)
            .map_err(|error| Problem {
                file: path.display().to_string(),
                message: error.to_string(),
            })
            .and_then(|text| plan_from(&self.model, path, text));
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

    /// The team summary as Markdown (for the manager's notes), CSV and
    /// JSON, side by side in the exports folder.
    fn export(&mut self) {
        use crate::report::Format;
        let team = crate::domain::team::Team {
            members: self.plans.iter().map(|plan| plan.member.clone()).collect(),
            problems: self.problems.clone(),
        };
        let report = crate::report::team::TeamReport {
            model: &self.model.name,
            team: &team,
            book: self.book,
            per_tam: self.per_tam,
            now: self.now,
        };
        let stem = format!("team-{}", self.now.format("%Y-%m-%d"));
        for (format, extension) in [
            (Format::Markdown, "md"),
            (Format::Csv, "csv"),
            (Format::Json, "json"),
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

/// A plan's value in a column of figures, for sorting (a plan without one
/// sorts first, one never saved last).
#[expect(clippy::cast_precision_loss, reason = "small counts and days")]
fn number_key(m: &Member, column: Column, now: DateTime<FixedOffset>) -> f64 {
    match column {
        Column::Owner | Column::Plan => 0.0,
        Column::Customers => m.customers,
        Column::Utilization => m.utilization,
        Column::Spare => m.spare_to_target,
        Column::Book => m.max_customers_at_target.map_or(-1.0, |v| v as f64),
        Column::Headroom => m.headroom.unwrap_or(f64::NEG_INFINITY),
        Column::Warnings => m.warnings as f64,
        Column::Age => m.age_days(now).map_or(f64::INFINITY, |d| d as f64),
    }
}

/// A plan from a file's text: parsed, checked against the model, planned.
///
/// # Errors
/// The file's problem, with its place.
pub fn plan_from(model: &Model, path: &Path, text: String) -> Result<Plan, Problem> {
    let source = path.display().to_string();
    let problem = |message: String| Problem {
        file: source.clone(),
        message,
    };
    let scenario = Scenario::parse(&text, &source).map_err(|d| problem(d.to_string()))?;
    let applied = scenario.apply(model);
    if let Some(first) = applied.unknown.first() {
        return Err(problem(format!(
            "{source}:{}:{}: {}",
            first.line, first.column, first.message
        )));
    }
    let computed =
        engine::compute(model, &applied.inputs).map_err(|error| problem(error.to_string()))?;
    let member = Member::new(
        text::sanitize(&source).into_owned(),
        &scenario,
        model,
        &applied.inputs,
        &computed,
    );
    Ok(Plan {
        keys: Keys::of(&member),
        path: path.to_path_buf(),
        disk: text,
        scenario,
        saved_inputs: applied.inputs.clone(),
        inputs: applied.inputs,
        member,
    })
}

/// The team view's keys, read against its state: the one place input
/// becomes a [`TeamAction`].
pub fn control(app: &TeamApp, event: &Event) -> Option<TeamAction> {
    let key = match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key,
        Event::Resize(width, height) => return Some(TeamAction::Resize(*width, *height)),
        Event::Mouse(mouse) if app.overlay == Overlay::None => {
            use ratatui::crossterm::event::MouseEventKind;
            return match mouse.kind {
                MouseEventKind::Down(_) => Some(TeamAction::Click(mouse.row)),
                MouseEventKind::ScrollUp => Some(TeamAction::Scroll(-1)),
                MouseEventKind::ScrollDown => Some(TeamAction::Scroll(1)),
                _ => None,
            };
        }
        _ => return None,
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl {
        return match key.code {
            KeyCode::Char('c') => Some(TeamAction::Quit),
            KeyCode::Char('r') if app.overlay == Overlay::None => Some(TeamAction::Redo),
            _ => None,
        };
    }
    match &app.overlay {
        Overlay::Prompt(..) => prompt_key(key),
        Overlay::Help => match key.code {
            KeyCode::Esc | KeyCode::Char('?') => Some(TeamAction::Help),
            KeyCode::Char('q') => Some(TeamAction::Quit),
            _ => None,
        },
        Overlay::None => plain_key(key),
    }
}

fn prompt_key(key: &KeyEvent) -> Option<TeamAction> {
    match key.code {
        KeyCode::Enter => Some(TeamAction::Commit),
        KeyCode::Esc => Some(TeamAction::Cancel),
        KeyCode::Backspace => Some(TeamAction::Backspace),
        KeyCode::Char(c) if !c.is_control() => Some(TeamAction::Char(c)),
        _ => None,
    }
}

fn plain_key(key: &KeyEvent) -> Option<TeamAction> {
    Some(match key.code {
        KeyCode::Char('q') => TeamAction::Quit,
        KeyCode::Esc => TeamAction::Cancel,
        KeyCode::Up | KeyCode::Char('k') => TeamAction::Up,
        KeyCode::Down | KeyCode::Char('j') => TeamAction::Down,
        KeyCode::Enter => TeamAction::Open,
        KeyCode::Char('/') => TeamAction::Filter,
        KeyCode::Char('m') => TeamAction::Move,
        KeyCode::Char('b') => TeamAction::Book,
        KeyCode::Char('u') => TeamAction::Undo,
        KeyCode::Char('s') => TeamAction::Save,
        KeyCode::Char('e') => TeamAction::Export,
        KeyCode::Char('?') => TeamAction::Help,
        KeyCode::Char(c @ '1'..='9') => {
            let index = usize::from(c as u8 - b'1');
            TeamAction::Sort(*Column::ALL.get(index)?)
        }
        _ => return None,
    })
}

impl TeamApp {
    /// Carries out the file work asked for at once, feeding each result
    /// back (tests; the event loop uses `TeamApp::perform_with`).
    pub fn perform(&mut self, paths: &Paths) {
        self.perform_with(paths, &Work::inline());
    }

    /// Carries out the file work asked for, feeding each result back;
    /// saves and exports are written off the loop (see [`Work::run`]), and
    /// one that does not end at once comes back later.
    fn perform_with(&mut self, paths: &Paths, work: &Work<TeamAction>) {
        loop {
            let effects = self.take_effects();
            if effects.is_empty() {
                return;
            }
            for effect in effects {
                let result = match effect {
                    TeamEffect::Reread(path) => {
                        let text = crate::io::files::read_text(&path).map_err(|e| e.to_string());
                        TeamAction::Reread { path, text }
                    }
                    TeamEffect::Save(pending) => {
                        let paths = paths.clone();
                        work.run(move || TeamAction::Saved(save_plans(&paths, pending)))
                            .unwrap_or(TeamAction::StillSaving)
                    }
                    TeamEffect::Export { path, text } => {
                        let shown = path.display().to_string();
                        let job = move || {
                            TeamAction::Exported(
                                store::export(&path, &text).map_err(|e| e.to_string()),
                            )
                        };
                        work.run(job).unwrap_or_else(|| {
                            TeamAction::Exported(Err(format!(
                                "{shown} is still being written (the disk is slow to answer)"
                            )))
                        })
                    }
                };
                self.update(result);
            }
        }
    }

    /// The planner opened from the view, after it handled something:
    /// when it has ended, back to the team, with the plan as its file
    /// holds it now.
    fn child_done(&mut self, paths: &Paths, work: &Work<TeamAction>) {
        if self.child.as_ref().is_some_and(|child| child.should_quit()) {
            let path = self
                .child
                .take()
                .and_then(|child| child.document().path.clone());
            if let Some(path) = path {
                self.effects.push(TeamEffect::Reread(path));
                self.perform_with(paths, work);
            }
        }
    }
}

/// The planner's file work, run for a planner opened from the view: its
/// results come back wrapped in [`TeamAction::Planner`].
fn planner_work(work: &Work<TeamAction>) -> Work<Action> {
    work.map(|action| TeamAction::Planner(Box::new(action)))
}

impl Screen for TeamApp {
    type Action = TeamAction;

    fn start(&mut self, _paths: &Paths, work: &Work<TeamAction>) {
        if self.load == Load::Searching {
            let model = self.model.clone();
            let folders = self.folders.clone();
            work.spawn(move |work| load::load(&model, &folders, work));
        }
    }

    fn event(&mut self, event: &Event, paths: &Paths, work: &Work<TeamAction>) -> Step {
        if let Some(child) = self.child.as_mut() {
            let step = child.event(event, paths, &planner_work(work));
            self.child_done(paths, work);
            return step;
        }
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
        match (result, self.child.as_mut()) {
            (TeamAction::Planner(result), Some(child)) => {
                child.finished(*result, paths, &planner_work(work));
                self.child_done(paths, work);
            }
            // The planner it was for has ended; its file is read again
            // when the view comes back to it.
            (TeamAction::Planner(_), None) => {}
            (result, _) => {
                self.update(result);
                self.perform_with(paths, work);
            }
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.update(TeamAction::Resize(width, height));
        if let Some(child) = self.child.as_mut() {
            child.resize(width, height);
        }
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
        match &self.child {
            Some(child) => child.draw(frame, theme),
            None => ui::draw(frame, self, theme),
        }
    }

    fn should_quit(&self) -> bool {
        self.quit
    }

    fn failure(&self) -> Option<String> {
        self.failure.clone()
    }

    fn keep_unsaved_work(&self, paths: &Paths) -> Option<String> {
        if let Some(child) = &self.child {
            return child.keep_unsaved_work(paths);
        }
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

/// Whether a changed `path` is a plan file new to the folder: a visible
/// `.toml` file.
fn appeared(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'));
    !hidden && path.extension().is_some_and(|ext| ext == "toml") && path.is_file()
}

/// Writes the plans together (see [`store::save_together`]): every file
/// and its text, or why none was written.
fn save_plans(
    paths: &Paths,
    pending: Vec<store::Pending>,
) -> Result<Vec<(PathBuf, String)>, String> {
    // Editors find the schema from the file's first line.
    let pending: Vec<store::Pending> = pending
        .into_iter()
        .map(
            |store::Pending {
                 path,
                 text,
                 expected,
             }| {
                let text =
                    schema::stamp_for(paths, schema::Kind::Scenario, &path, Some(&expected), &text)
                        .text;
                store::Pending {
                    path,
                    text,
                    expected,
                }
            },
        )
        .collect();
    let nothing = if pending.len() > 1 {
        "nothing was written (the plans of a move are saved together or not at all)"
    } else {
        "nothing was written"
    };
    match store::save_together(&pending) {
        Ok(store::SavedTogether::Written) => Ok(pending
            .into_iter()
            .map(|file| (file.path, file.text))
            .collect()),
        Ok(store::SavedTogether::Refused(path, why)) => {
            let path = path.display();
            Err(match why {
                store::Refusal::Conflict(_) => {
                    format!("Not saved: {path} changed on disk since it was read; {nothing}")
                }
                store::Refusal::Gone => format!("Not saved: {path} is gone; {nothing}"),
                store::Refusal::FolderGone(folder) => format!(
                    "Not saved: the folder {} is gone, with {path}; {nothing}, and the folder is not made again",
                    folder.display()
                ),
                store::Refusal::ReadOnly => format!("Not saved: {path} is read-only; {nothing}"),
            })
        }
        Err(error) => Err(format!("Not saved: {error}")),
    }
}

/// Whether two paths name the same file (a watcher reports absolute,
/// canonical paths).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}

#[cfg(test)]
mod tests;
