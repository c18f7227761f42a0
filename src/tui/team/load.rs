//! Reading a team folder off the event loop: the view is drawn at once and
//! fills as plans are read, with how many of how many on screen.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{Plan, TeamAction, plan_from, with_book};
use crate::domain::book::TeamBook;
use crate::domain::model::Model;
use crate::domain::team::Problem;
use crate::io::files;
use crate::tui::Work;

/// How often the view hears how many files are read.
const PROGRESS: Duration = Duration::from_millis(100);

/// When read plans are first handed to the view; each hand-over sorts the
/// whole team again, so the wait doubles after each one (0.1 s, 0.3 s,
/// 0.7 s, 1.5 s, …): the first rows show at once, and 100,000 plans are
/// sorted about five times, not once a tenth of a second.
const FIRST_HAND_OVER: Duration = Duration::from_millis(100);

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
    /// This many files are read in all (plans and files that could not be
    /// used), the last of them not handed over yet.
    Progress(usize),
    /// More files were read.
    Read {
        /// The plans among them.
        plans: Vec<Plan>,
        /// The files among them that could not be used.
        problems: Vec<Problem>,
        /// How many files are read in all, these included.
        read: usize,
    },
    /// Every file is read.
    Ended,
}

/// Searches `folders` and reads every plan found with `model`, telling
/// `work` how far it got every [`PROGRESS`] and handing it the plans read
/// from [`FIRST_HAND_OVER`] on; stops early when the view is gone.
pub fn load(model: &Model, folders: &[PathBuf], book: Option<&TeamBook>, work: &Work<TeamAction>) {
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
    let mut read = 0;
    let mut told = Instant::now();
    let mut wait = FIRST_HAND_OVER;
    let mut handed = Instant::now();
    for path in found {
        read += 1;
        match files::read_text(&path) {
            Ok(text) => match plan_from(model, &path, text) {
                Ok(plan) => plans.push(with_book(plan, model, book)),
                Err(problem) => problems.push(problem),
            },
            Err(error) => problems.push(Problem::error(
                path.display().to_string(),
                error.to_string(),
            )),
        }
        if handed.elapsed() >= wait {
            handed = Instant::now();
            told = handed;
            wait *= 2;
            let batch = Loading::Read {
                plans: std::mem::take(&mut plans),
                problems: std::mem::take(&mut problems),
                read,
            };
            if !post(batch) {
                return;
            }
        } else if told.elapsed() >= PROGRESS {
            told = Instant::now();
            if !post(Loading::Progress(read)) {
                return;
            }
        }
    }
    let last = Loading::Read {
        plans,
        problems,
        read,
    };
    if !post(last) {
        return;
    }
    post(Loading::Ended);
}
