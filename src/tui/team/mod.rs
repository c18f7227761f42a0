//! The team view: every TAM's plan on one screen, for a manager. Its own
//! state, [`TeamAction`], one [`TeamApp::update`], keys mapped in
//! [`control`], drawing in `ui` from `&self`. File work is asked for as a
//! [`TeamEffect`] and carried out by the [`Screen`](crate::tui::Screen)
//! implementation, whose results come back as actions.
//!
//! `Enter` opens a plan in the planner on the same event loop; leaving the
//! planner comes back here with that plan read again from its file.
//!
//! - `action`: what can happen ([`TeamAction`], [`TeamEffect`]), the
//!   overlay and the columns.
//! - `plan`: one plan of the team ([`Plan`], [`plan_from`]).
//! - `files`: saving, exporting, plans read again, the folder as it is read.
//! - `screen`: the view on the event loop.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::domain::engine::{self, Input, Inputs};
use crate::domain::model::{BOOK_COUNT, Model};
use crate::domain::team::{Member, Problem, Totals};
use crate::domain::text;
use crate::tui::planner::{Action, App, Pick, Settings};
use crate::tui::prompt::{Kind, Prompt, PromptKey};
use crate::tui::undo::{Undo, Way};

mod action;
mod files;
mod keys;
mod load;
mod plan;
mod screen;
mod ui;

pub use action::{Asking, Column, Overlay, TeamAction, TeamEffect};
pub use keys::{KEYS, control};
use plan::number_key;
pub use plan::{Plan, plan_from, with_book};

/// How many moves can be undone.
const HISTORY: usize = 500;

pub use load::{Load, Loading};

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
    moving_from: Option<usize>,
    /// Each move: the two plans it changed (by file: a plan that no longer
    /// loads leaves the list, and indices would shift) and their values
    /// before it.
    undo: Undo<Vec<(PathBuf, Inputs)>>,
    book: Option<u64>,
    per_tam: Option<u64>,
    message: Option<String>,
    effects: Vec<TeamEffect>,
    now: DateTime<FixedOffset>,
    size: (u16, u16),
    quit_asked: bool,
    quit: bool,
    /// A plan opened in the planner, to go on top of the view.
    opened: Option<Box<App>>,
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
    /// The CRM's book the plans take their owners' counts from (`team
    /// --book-file`).
    book_file: Option<std::sync::Arc<crate::domain::book::TeamBook>>,
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
            moving_from: None,
            undo: Undo::new(HISTORY),
            book,
            per_tam,
            message: None,
            effects: Vec::new(),
            now,
            size: (0, 0),
            quit_asked: false,
            quit: false,
            opened: None,
            load: Load::Done,
            folders: Vec::new(),
            deferred: Vec::new(),
            writing: None,
            failure: None,
            book_file: None,
        };
        app.plans_changed();
        app
    }

    /// A team view of the plans under `folders`, read off the event loop
    /// once the view is on screen (see [`Screen::start`](crate::tui::Screen::start)).
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

    /// The view with each plan taking its owner's counts from the CRM's
    /// book (`team --book-file`), shown as unsaved changes.
    #[must_use]
    pub fn with_book_file(mut self, book: crate::domain::book::TeamBook) -> TeamApp {
        self.message = Some(format!(
            "Counts from the CRM's book as of {}, not saved: Enter opens a plan with them, s saves them all",
            book.as_of
        ));
        self.book_file = Some(std::sync::Arc::new(book));
        self
    }

    /// A plan read from a file, with its owner's counts from the book
    /// when the view has one.
    pub(super) fn planned(&self, path: &std::path::Path, text: String) -> Result<Plan, Problem> {
        plan_from(&self.model, path, text)
            .map(|plan| with_book(plan, &self.model, self.book_file.as_deref()))
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
        matches!(&self.overlay, Overlay::Prompt(_, prompt) if prompt.is_selected())
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
    /// The plan opened in the planner, not yet on screen.
    pub fn opened(&self) -> Option<&App> {
        self.opened.as_deref()
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
    pub(super) fn plans_changed(&mut self) {
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
                | TeamAction::Clear
                | TeamAction::Paste(_)
                | TeamAction::Exported(_)
                // A file read again (the watcher saw a write, maybe
                // tamplan's own) is no answer to what the message says;
                // nor are more plans read.
                | TeamAction::Reread { .. }
                | TeamAction::Loading(_)
        ) {
            self.message = None;
        }
        if !matches!(
            action,
            TeamAction::Quit | TeamAction::Reread { .. } | TeamAction::Loading(_)
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
                self.overlay =
                    Overlay::Prompt(Asking::Filter, Prompt::new(self.filter.clone(), Kind::Line));
            }
            TeamAction::Open => self.open(),
            TeamAction::Move => self.start_move(),
            TeamAction::Book => {
                let buffer = self.book.map(|b| b.to_string()).unwrap_or_default();
                // The book asked before, selected: typing replaces it.
                self.overlay =
                    Overlay::Prompt(Asking::Book, Prompt::new(buffer, Kind::Line).selected());
            }
            TeamAction::Undo => self.step_history(Way::Back),
            TeamAction::Redo => self.step_history(Way::Forward),
            TeamAction::Save => self.save(),
            TeamAction::Export => self.export(),
            TeamAction::Help => {
                self.overlay = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    Overlay::Help
                };
            }
            TeamAction::Char(c) => self.edit_prompt(PromptKey::Char(c)),
            TeamAction::Backspace => self.edit_prompt(PromptKey::Backspace),
            TeamAction::Clear => self.edit_prompt(PromptKey::Clear),
            TeamAction::Paste(text) => self.paste(&text),
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
            | TeamAction::Slow(_)
            | TeamAction::Loading(_)
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

    fn quit_or_ask(&mut self) {
        if self.dirty() && !self.quit_asked {
            self.quit_asked = true;
            self.message = Some(if self.book_file.is_some() {
                "Changes not saved (the book's counts, moves): s saves them, q again quits without saving"
                    .to_owned()
            } else {
                "Moves not saved: s saves them, q again quits without saving".to_owned()
            });
        } else {
            self.quit = true;
        }
    }

    /// A key typed into the prompt (a selected value is replaced); the
    /// filter follows what is typed.
    fn edit_prompt(&mut self, key: PromptKey) {
        if let Overlay::Prompt(asking, prompt) = &mut self.overlay {
            prompt.edit(key);
            if *asking == Asking::Filter {
                self.filter = prompt.text().to_owned();
                self.selected = 0;
            }
        }
    }

    /// A paste into the open prompt; with none open, nothing.
    fn paste(&mut self, text: &str) {
        if let Overlay::Prompt(asking, prompt) = &mut self.overlay {
            if let Some(cut) = prompt.paste(text) {
                self.message = Some(cut);
            }
            if *asking == Asking::Filter {
                self.filter = prompt.text().to_owned();
                self.selected = 0;
            }
        }
    }

    fn cancel(&mut self) {
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
        if plan.dirty() && !plan.from_book {
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
        if plan.dirty() {
            // The book's counts, unsaved, as the view shows them.
            app.update(Action::TakeBook(Box::new(crate::tui::planner::TakenBook {
                inputs: plan.inputs.clone(),
                book: plan.scenario.book.clone(),
            })));
        }
        self.opened = Some(Box::new(app));
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
                self.overlay =
                    Overlay::Prompt(Asking::Move { from, to: here }, Prompt::new("", Kind::Line));
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
        let Overlay::Prompt(asking, prompt) = std::mem::replace(&mut self.overlay, Overlay::None)
        else {
            return;
        };
        let buffer = prompt.into_text();
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
        let before = vec![
            (source.path.clone(), source.inputs.clone()),
            (target.path.clone(), target.inputs.clone()),
        ];
        // Both or neither: a move whose second half cannot be planned puts
        // the first plan back, so no change escapes the undo history.
        let moved_both = self.set_inputs(from, next_from) && {
            let taken = self.set_inputs(to, next_to);
            if !taken {
                let message = self.message.take();
                if let Some((_, original)) = before.first().cloned() {
                    self.set_inputs(from, original);
                }
                self.message = message;
            }
            taken
        };
        if moved_both {
            self.undo.record(before);
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

    /// Undo or redo the last move: the plans it changed get their values
    /// back.
    fn step_history(&mut self, way: Way) {
        let Some(state) = self.undo.take(way) else {
            self.message = Some(way.nothing().to_owned());
            return;
        };
        let mut replaced = Vec::with_capacity(state.len());
        for (path, inputs) in state {
            if let Some(index) = self.plans.iter().position(|plan| plan.path == path) {
                let current = self.plans.get(index).map(|plan| plan.inputs.clone());
                if self.set_inputs(index, inputs)
                    && let Some(current) = current
                {
                    replaced.push((path, current));
                }
            }
        }
        self.undo.moved(way, replaced);
    }
}

#[cfg(test)]
mod tests;
