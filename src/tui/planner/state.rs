//! The planner's parts of state: the panes and their selections, the screen
//! shown, what is drawn over it, where a save stands, and the settings.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::domain::engine::Inputs;
use crate::io::store;

use super::{Edit, Modal, Next};

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

    pub(super) fn step(self, forward: bool) -> Focus {
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

impl SaveFlow {
    /// What follows the save under way, if any.
    pub(super) fn then(&self) -> Option<Next> {
        match self {
            SaveFlow::Idle => None,
            SaveFlow::Naming { then }
            | SaveFlow::Owner { then, .. }
            | SaveFlow::Writing { then, .. } => *then,
        }
    }
}

/// A save on its way to the disk: the values and note it writes, which
/// are what is saved once it ends (the plan may change meanwhile).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InFlight {
    pub(super) path: PathBuf,
    pub(super) inputs: Inputs,
    pub(super) note: String,
}

/// A selection in a list that may be empty: never points past its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    pub(super) index: usize,
}

impl Selection {
    /// The selected index.
    pub fn index(self) -> usize {
        self.index
    }

    pub(super) fn set(&mut self, index: usize, len: usize) {
        self.index = index.min(len.saturating_sub(1));
    }

    pub(super) fn shift(&mut self, by: i64, len: usize) {
        let target = i64::try_from(self.index)
            .unwrap_or(0)
            .saturating_add(by)
            .max(0);
        self.set(usize::try_from(target).unwrap_or(0), len);
    }
}

/// The plan since the last 1:1, read for a saved plan: what the line under
/// the header compares the plan with.
#[derive(Debug, Clone, PartialEq)]
pub enum Since {
    /// The plan then, loaded.
    Found {
        /// The day of the last 1:1, if one is recorded.
        reviewed: Option<chrono::NaiveDate>,
        /// Whether it is HEAD, for want of a review copy or a commit of
        /// the review's day.
        head: bool,
        /// The plan then.
        then: Box<Then>,
    },
    /// None to compare with, and why ("no copy kept, not in git").
    Missing {
        /// The day of the last 1:1, if one is recorded.
        reviewed: Option<chrono::NaiveDate>,
        /// Why.
        why: String,
    },
}

/// The plan at the last 1:1, loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Then {
    /// Its name, owner and note.
    pub scenario: crate::domain::scenario::Scenario,
    /// Its values.
    pub inputs: Inputs,
    /// Its plan.
    pub plan: crate::domain::engine::Plan,
}

/// A review being saved: the day it marks, and the `reviewed` the plan had
/// before (given back if nothing is written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reviewing {
    pub(super) date: chrono::NaiveDate,
    pub(super) before: Option<crate::domain::scenario::Reviewed>,
}
