//! The planner's file work, carried out by the one effect runner
//! ([`crate::tui::effects`]): saves and exports off the event loop, lists
//! and reads at once.

use super::action::Refusal;
use super::{Action, App, Effect, SinceRead};
use crate::domain::model::Model;
use crate::io::files;
use crate::io::reviews;
use crate::io::store::{self, Paths};
use crate::tui::Work;
use crate::tui::effects::{self, Effects, SaveEnd};

impl Effects for App {
    type Effect = Effect;
    type Action = Action;

    fn take_effects(&mut self) -> Vec<Effect> {
        App::take_effects(self)
    }

    fn apply(&mut self, action: Action) {
        self.update(action);
    }

    /// A save or an export that does not end at once lets the planner go
    /// on; its result comes back later.
    fn perform(&self, effect: Effect, paths: &Paths, work: &Work<Action>) -> Option<Action> {
        match effect {
            Effect::Save {
                path,
                text,
                expected,
                force,
            } => {
                let shown = path.clone();
                let paths = paths.clone();
                let job = move || save(&paths, path, &text, expected.as_deref(), force);
                Some(work.run(job).unwrap_or(Action::Saving(shown)))
            }
            Effect::Export { path, text } => {
                let shown = path.display().to_string();
                let job = move || export(&path, &text);
                Some(work.run(job).unwrap_or_else(|| {
                    Action::Notice(format!(
                        "Exporting to {shown}… (the disk is slow to answer)"
                    ))
                }))
            }
            Effect::ReadSince { plan, reviewed } => {
                // Git may take a moment: off the loop, the line shows once
                // it is read.
                let data_dir = paths.data_dir.clone();
                work.spawn(move |work| {
                    work.post(read_since(&data_dir, plan, reviewed));
                });
                None
            }
            effect => perform(effect, paths, self.model()),
        }
    }
}

/// The plan since the last 1:1 of `plan` (see
/// [`reviews::since_last_review`]), as the planner's action.
fn read_since(
    data_dir: &std::path::Path,
    plan: std::path::PathBuf,
    reviewed: Option<chrono::NaiveDate>,
) -> Action {
    let found =
        reviews::since_last_review(data_dir, &plan, reviewed).map_err(|error| match error {
            crate::io::error::Error::Failed(why) => short_reason(&why),
            other => other.to_string(),
        });
    Action::SinceRead(Box::new(SinceRead { plan, found }))
}

/// The part of a reason the line under the header has room for: the
/// plan's path left out.
fn short_reason(why: &str) -> String {
    if why.contains("not in a git repository") {
        "no copy as reviewed, and not in a git repository".to_owned()
    } else if why.contains("never been committed") {
        "not committed yet".to_owned()
    } else {
        why.to_owned()
    }
}

/// Carries out the file work the planner asked for, feeding each result
/// back, until none is left.
pub fn perform_effects(app: &mut App, paths: &Paths, work: &Work<Action>) {
    effects::run(app, paths, work);
}

/// Carries out one piece of file work at once and returns its result as
/// an action (none for removing a recovery file).
pub fn perform(effect: Effect, paths: &Paths, model: &Model) -> Option<Action> {
    Some(match effect {
        Effect::Save {
            path,
            text,
            expected,
            force,
        } => save(paths, path, &text, expected.as_deref(), force),
        Effect::Export { path, text } => export(&path, &text),
        Effect::List(pick) => Action::Listed(pick, store::list_scenarios(paths, model)),
        Effect::Read(path, pick) => match files::read_text(&path) {
            Ok(text) => Action::Opened {
                path,
                text,
                purpose: pick,
            },
            Err(error) => Action::Failed(format!("Not opened: {error}")),
        },
        Effect::ForgetRecovery(path) => {
            let _ = std::fs::remove_file(path);
            return None;
        }
        Effect::KeepReview { plan, date, text } => {
            match reviews::keep(&paths.data_dir, &plan, date, &text) {
                Ok(_) => return None,
                Err(error) => Action::Notice(format!(
                    "Reviewed and saved, but the copy as reviewed was not kept: {error}"
                )),
            }
        }
        Effect::ReadSince { plan, reviewed } => read_since(&paths.data_dir, plan, reviewed),
    })
}

/// Saves the plan (see [`effects::save_one`]); its end, as the planner's
/// action.
fn save(
    paths: &Paths,
    path: std::path::PathBuf,
    text: &str,
    expected: Option<&str>,
    force: bool,
) -> Action {
    let end = match effects::save_one(paths, path, text, expected, force) {
        SaveEnd::Written { mut files, note } => match files.pop() {
            Some((path, text)) => Action::Saved { path, text, note },
            None => Action::Failed("Not saved: nothing was written".to_owned()),
        },
        SaveEnd::Refused { path, why, of } => match why {
            store::Refusal::Conflict(disk) => Action::SaveConflict { path, disk },
            store::Refusal::Gone => Action::SaveRefused {
                path,
                why: Refusal::Gone,
            },
            store::Refusal::ReadOnly => Action::SaveRefused {
                path,
                why: Refusal::ReadOnly,
            },
            why @ store::Refusal::FolderGone(_) => {
                Action::Failed(SaveEnd::refused(&path, &why, of))
            }
        },
        SaveEnd::Failed(why) => Action::Failed(why),
    };
    Action::SaveEnded(Box::new(end))
}

/// Writes the 1:1 summary; what came of it.
fn export(path: &std::path::Path, text: &str) -> Action {
    match store::export(path, text) {
        Ok(written) => Action::Exported(written),
        Err(error) => Action::Failed(format!("Not exported: {error}")),
    }
}
