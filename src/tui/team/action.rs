//! What can happen in the team view ([`TeamAction`]), the file work it asks
//! for ([`TeamEffect`]), what is drawn over the table ([`Overlay`],
//! [`Asking`]) and the columns it sorts by ([`Column`]).

use std::path::PathBuf;

use crate::io::store;
use crate::tui::effects::SaveEnd;
use crate::tui::prompt::Prompt;

use super::Loading;

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
    Prompt(Asking, Prompt),
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
    /// Clear the prompt (`Ctrl`+`U`).
    Clear,
    /// Text pasted into the prompt.
    Paste(String),
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
        /// Whether it changed since its last 1:1 (see
        /// [`crate::io::reviews::changed_since_review`]), looked up as it
        /// was read.
        changed: Option<bool>,
    },
    /// A save ended: every file written and what it holds now, or why
    /// none was.
    Saved(SaveEnd),
    /// The summary was exported here, or why not.
    Exported(Result<PathBuf, String>),
    /// A save or an export is still writing after a moment (a slow or hung
    /// disk): what to say meanwhile. Its result comes later.
    Slow(String),
    /// Reading the team folder has more to show.
    Loading(Box<Loading>),
    /// The plans' trends were read from their repositories' history (by
    /// file), after the plans themselves.
    Trends(Box<std::collections::HashMap<std::path::PathBuf, Vec<f64>>>),
}

/// Where the trend column stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Trends {
    /// Not asked for (a view made of plans already read).
    #[default]
    Unknown,
    /// Being read, after the plans.
    Reading,
    /// Each plan's last versions' utilization, by file.
    Read(std::collections::HashMap<std::path::PathBuf, Vec<f64>>),
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
