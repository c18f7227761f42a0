//! Reading a team folder off the event loop: the view is drawn at once and
//! fills as plans are read, with how many of how many on screen.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{Plan, TeamAction, plan_from};
use crate::domain::model::Model;
use crate::domain::team::Problem;
use crate::io::files;
use crate::tui::Work;

/// How often read plans are handed to the view: each hand-over sorts the
/// team again, so not per plan.
const EVERY: Duration = Duration::from_millis(100);

/// Where loading stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// The folders are being searched for plan files.
    Searching,
    /// `read` of the `of` files found are read.
    Reading {
        /// Read so far (plans and files that could not be used).
        read: usize,
        /// Found.
        of: usize,
    },
    /// Every file found is read.
    Done,
}

/// What loading hands to the view, as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Loading {
    /// The search ended: `files` plan files, and the folders and links
    /// that could not be used.
    Found {
        /// How many files will be read.
        files: usize,
        /// Folders that could not be read, links not followed, files
        /// reached twice.
        problems: Vec<Problem>,
    },
    /// More files were read.
    Read {
        /// The plans among them.
        plans: Vec<Plan>,
        /// The files among them that could not be used.
        problems: Vec<Problem>,
    },
    /// Every file is read.
    Ended,
}

/// Searches `folders` and reads every plan found with `model`, handing
/// what it has to `work` every [`EVERY`]; stops early when the view is
/// gone.
pub fn load(model: &Model, folders: &[PathBuf], work: &Work<TeamAction>) {
    let post = |loading| work.post(TeamAction::Loading(Box::new(loading)));
    let (found, problems) = crate::io::team::scenario_files(folders);
    if !post(Loading::Found {
        files: found.len(),
        problems,
    }) {
        return;
    }
    let mut plans = Vec::new();
    let mut problems = Vec::new();
    let mut last = Instant::now();
    for path in found {
        match files::read_text(&path) {
            Ok(text) => match plan_from(model, &path, text) {
                Ok(plan) => plans.push(plan),
                Err(problem) => problems.push(problem),
            },
            Err(error) => problems.push(Problem {
                file: path.display().to_string(),
                message: error.to_string(),
            }),
        }
        if last.elapsed() >= EVERY {
            last = Instant::now();
            let read = Loading::Read {
                plans: std::mem::take(&mut plans),
                problems: std::mem::take(&mut problems),
            };
            if !post(read) {
                return;
            }
        }
    }
    if (!plans.is_empty() || !problems.is_empty()) && !post(Loading::Read { plans, problems }) {
        return;
    }
    post(Loading::Ended);
}
