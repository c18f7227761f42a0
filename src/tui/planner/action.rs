//! What can happen in the planner — [`Action`] and the file work it asks
//! for ([`Effect`]) — and the prompts and dialogs that wait for an answer.

use std::path::PathBuf;

use crate::domain::engine::{Input, Inputs, Plan};
use crate::domain::scenario::Scenario;
use crate::io::store::{Listed, Recovery};
use crate::tui::prompt::{Kind, Prompt};

use super::Focus;
use super::quarters::{QuarterAction, QuarterField};

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
    /// A working week from [`PRESETS`], by index.
    Preset(usize),
    /// Export the 1:1 summary as Markdown.
    Markdown,
    /// Export the 1:1 document as HTML.
    Html,
}

/// Working weeks set in one step: the label, hours a week, and hours in a
/// day (the length of a PTO day).
pub const PRESETS: [(&str, f64, f64); 4] = [
    ("full time: 40 h, 8 h days", 40.0, 8.0),
    ("4-day week: 32 h, 8 h days", 32.0, 8.0),
    ("30 h: 6 h days", 30.0, 6.0),
    ("20 h: 4 h days", 20.0, 4.0),
];

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
    /// Clear the prompt (`Ctrl`+`U`).
    EditClear,
    /// Text pasted (bracketed paste): typed into the open prompt, never
    /// taken as keys.
    Paste(String),
    /// Commit what was typed.
    EditCommit,
    /// Abandon what was typed.
    EditCancel,
    /// Reset the selected value to its default (or clear an actual).
    Reset,
    /// Reset every value to the model's defaults.
    ResetAll,
    /// Close the message in the footer (Esc); nothing else.
    Dismiss,
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
    /// Open the plan's history (a saved plan in a git repository).
    History,
    /// Compare with a version of the plan from its history: what to call
    /// it, and its text.
    CompareWith {
        /// "ana.toml at 1a2b3c4 (2026-02-02)".
        label: String,
        /// The version's scenario text.
        text: String,
    },
    /// Show the quarter view, or the plan again.
    ToggleQuarters,
    /// Show the logged hours against the plan, or the plan again.
    ToggleLogged,
    /// Set every task's hours to what the logged weeks show (undoable).
    ApplyLogged,
    /// Move the logged range by whole weeks (earlier when negative).
    MoveLogged(i64),
    /// A key in the quarter view.
    Quarter(QuarterAction),
    /// Pick a part-time working week (the presets dialog).
    PickPreset,
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
    /// Open or close the list of every warning (the pane shows what fits).
    ToggleWarnings,
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
        /// Something to say beside "Saved" (why the file names no schema).
        note: Option<String>,
    },
    /// A save found the file changed on disk; nothing was written.
    SaveConflict {
        /// The file.
        path: PathBuf,
        /// What it holds now.
        disk: String,
    },
    /// A save found the file gone or read-only; nothing was written.
    SaveRefused {
        /// The file.
        path: PathBuf,
        /// Why.
        why: Refusal,
    },
    /// Take these values and the CRM's raw counts behind them (the team
    /// view opened this plan with its owner's counts from `--book-file`):
    /// one undoable change, not saved.
    TakeBook(Box<TakenBook>),
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
    /// Something to tell the user in the footer.
    Notice(String),
    /// A save is still writing `path` after a moment (a slow or hung
    /// disk): the planner goes on answering keys meanwhile, and saves
    /// nothing else until [`Action::SaveEnded`] comes.
    Saving(PathBuf),
    /// A save ended, however it went: its result.
    SaveEnded(Box<Action>),
    /// Mark the plan reviewed today (the 1:1): set `reviewed`, save it
    /// with the usual conflict check, and keep a copy as reviewed.
    MarkReviewed,
    /// The plan since the last 1:1 was read (off the loop).
    SinceRead(Box<SinceRead>),
}

/// The plan since the last 1:1 of the plan at `plan`, as read: the text
/// then and where it came from, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct SinceRead {
    /// The plan it is for (a result for a plan no longer open is dropped).
    pub plan: PathBuf,
    /// What was found.
    pub found: Result<crate::io::reviews::Baseline, String>,
}

/// Why a save asks before writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The file was renamed or deleted since it was opened or saved.
    Gone,
    /// The file is read-only.
    ReadOnly,
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
        /// Write even if the file is gone or read-only (the user said so).
        force: bool,
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
    /// Keep `text`, the plan at `plan` as reviewed on `date`, in the
    /// reviewed copies.
    KeepReview {
        /// The plan's file.
        plan: PathBuf,
        /// The day of the review.
        date: chrono::NaiveDate,
        /// The plan as saved.
        text: String,
    },
    /// Read the plan since the last 1:1 (off the loop).
    ReadSince {
        /// The plan's file.
        plan: PathBuf,
        /// Its `reviewed` date.
        reviewed: Option<chrono::NaiveDate>,
    },
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
    /// A quarter's value in the quarter view.
    Quarter(QuarterField, usize),
}

/// A value being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// What is being typed.
    pub target: EditTarget,
    /// What has been typed so far.
    pub prompt: Prompt,
}

impl Edit {
    /// A prompt for `target` holding `text`: the note is a text of lines,
    /// everything else one line.
    pub fn new(target: EditTarget, text: impl Into<String>) -> Edit {
        let kind = if target == EditTarget::Note {
            Kind::Text
        } else {
            Kind::Line
        };
        Edit {
            target,
            prompt: Prompt::new(text, kind),
        }
    }

    /// What has been typed so far.
    pub fn text(&self) -> &str {
        self.prompt.text()
    }
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
    /// The part-time presets: pick a working week.
    Presets,
    /// The 1:1 export: Markdown or HTML.
    Export,
    /// A save would create a file that is gone, or write a read-only one:
    /// write anyway, save as, or cancel.
    Refused {
        /// The file.
        path: PathBuf,
        /// Why it asks.
        why: Refusal,
    },
    /// File work failed: the reason, whole.
    Failed(String),
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

/// The values the CRM's book gives a plan, and its raw counts.
#[derive(Debug, Clone, PartialEq)]
pub struct TakenBook {
    /// The plan's values with the book's counts.
    pub inputs: Inputs,
    /// The raw counts, kept in the scenario's `[book]`.
    pub book: Option<crate::domain::scenario::BookCounts>,
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
