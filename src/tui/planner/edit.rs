//! Typing into the planner's prompts: opening one on a value, a task's
//! hours, an actual, the note or the calendar period; typing and pasting
//! into it; committing what was typed; and what each prompt edits, in words.

use crate::domain::engine::{self, Input};
use crate::domain::model::{CapacityField, Judge};
use crate::domain::text;
use crate::io::store;
use crate::tui::prompt::PromptKey;

use super::quarters::QuarterAction;
use super::{Action, App, Edit, EditTarget, Focus, Overlay, SaveFlow, Screen};

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

impl App {
    /// Opens the prompt for the scenario's note or the calendar period,
    /// filled with what it holds now.
    pub(super) fn open_prompt(&mut self, action: &Action) {
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

    /// A paste goes into the open prompt as text: a note keeps its line
    /// breaks, a value or name has them folded into spaces; with no prompt
    /// open, nothing happens but a message. Never a key.
    pub(super) fn paste(&mut self, text: &str) {
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

    pub(super) fn type_into_prompt(&mut self, action: &Action) {
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

    pub(super) fn start_edit(&mut self) {
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

    pub(super) fn commit_edit(&mut self) {
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
    pub(super) fn zero_count_message(&self, row: usize) -> String {
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
}
