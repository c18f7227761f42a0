//! The one effect runner every screen uses, and the one way a save's end is
//! told. A screen's `update` asks for file work as effects (no I/O in
//! `update`); [`run`] carries them out, feeding each result back as the
//! screen's action, until none is left. Saves and exports go through
//! [`Work::run`], so a slow disk never holds the event loop.

use std::path::{Path, PathBuf};

use crate::io::error::Error;
use crate::io::schema;
use crate::io::store::{self, Paths, Refusal};
use crate::tui::Work;

/// A screen whose file work is asked for as effects.
pub trait Effects {
    /// The file work it asks for.
    type Effect;
    /// What it is told when the work is done.
    type Action: Send + 'static;
    /// The effects asked for since the last call.
    fn take_effects(&mut self) -> Vec<Self::Effect>;
    /// Applies a result: the screen's `update`.
    fn apply(&mut self, action: Self::Action);
    /// Carries out one effect: its result now, or `None` (the work runs
    /// on, and its result comes back through `work`, or there is none).
    fn perform(
        &self,
        effect: Self::Effect,
        paths: &Paths,
        work: &Work<Self::Action>,
    ) -> Option<Self::Action>;
}

/// Carries out every effect `screen` asks for, feeding each result back,
/// until it asks for none.
pub fn run<S: Effects>(screen: &mut S, paths: &Paths, work: &Work<S::Action>) {
    loop {
        let effects = screen.take_effects();
        if effects.is_empty() {
            return;
        }
        for effect in effects {
            if let Some(result) = screen.perform(effect, paths, work) {
                screen.apply(result);
            }
        }
    }
}

/// How a save ended, for every screen: the one mapping of the store's
/// answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveEnd {
    /// Every file holds its new text (stamped with its schema line).
    Written {
        /// Each file and what it holds now.
        files: Vec<(PathBuf, String)>,
        /// Something to say beside "Saved" (why a file names no schema).
        note: Option<String>,
    },
    /// Nothing was written: this file is why.
    Refused {
        /// The file.
        path: PathBuf,
        /// Why.
        why: Refusal,
        /// How many files the save was for (a move saves two).
        of: usize,
    },
    /// Nothing was written: the disk said no.
    Failed(String),
}

impl SaveEnd {
    /// The sentence for a save that wrote nothing.
    pub fn refused(path: &Path, why: &Refusal, of: usize) -> String {
        let path = path.display();
        let nothing = if of > 1 {
            "nothing was written (the plans of a move are saved together or not at all)"
        } else {
            "nothing was written"
        };
        match why {
            Refusal::Conflict(_) => {
                format!("Not saved: {path} changed on disk since it was read; {nothing}")
            }
            Refusal::Gone => format!("Not saved: {path} is gone; {nothing}"),
            Refusal::FolderGone(folder) => format!(
                "Not saved: the folder {} is gone, with {path}; {nothing}, and the folder is not made again",
                folder.display()
            ),
            Refusal::ReadOnly => format!("Not saved: {path} is read-only; {nothing}"),
        }
    }
}

/// Saves `text` to `path` (see [`store::save`]), stamped with its schema
/// line where that belongs; `force` writes over a file gone or read-only.
pub fn save_one(
    paths: &Paths,
    path: PathBuf,
    text: &str,
    expected: Option<&str>,
    force: bool,
) -> SaveEnd {
    // Editors find the schema from the file's first line.
    let schema::Stamped { text, note } =
        schema::stamp_for(paths, schema::Kind::Scenario, &path, expected, text);
    let refused = |why| SaveEnd::Refused {
        path: path.clone(),
        why,
        of: 1,
    };
    match store::save(&path, &text, expected, force) {
        Ok(store::Saved::Written) => SaveEnd::Written {
            files: vec![(path, text)],
            note,
        },
        Ok(store::Saved::Conflict(disk)) => refused(Refusal::Conflict(disk)),
        Ok(store::Saved::Gone) => refused(Refusal::Gone),
        Ok(store::Saved::ReadOnly) => refused(Refusal::ReadOnly),
        Err(error) => failed(&error),
    }
}

/// Saves the plans together (see [`store::save_together`]): all of them,
/// each stamped with its schema line where that belongs, or none.
pub fn save_all(paths: &Paths, pending: Vec<store::Pending>) -> SaveEnd {
    let pending: Vec<store::Pending> = pending
        .into_iter()
        .map(|file| store::Pending {
            text: schema::stamp_for(
                paths,
                schema::Kind::Scenario,
                &file.path,
                Some(&file.expected),
                &file.text,
            )
            .text,
            ..file
        })
        .collect();
    match store::save_together(&pending) {
        Ok(store::SavedTogether::Written) => SaveEnd::Written {
            files: pending
                .into_iter()
                .map(|file| (file.path, file.text))
                .collect(),
            note: None,
        },
        Ok(store::SavedTogether::Refused(path, why)) => SaveEnd::Refused {
            path,
            why,
            of: pending.len(),
        },
        Err(error) => failed(&error),
    }
}

fn failed(error: &Error) -> SaveEnd {
    SaveEnd::Failed(format!("Not saved: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_says_which_file_why_and_that_nothing_was_written() {
        let path = Path::new("/team/ana.toml");
        assert_eq!(
            SaveEnd::refused(path, &Refusal::Gone, 1),
            "Not saved: /team/ana.toml is gone; nothing was written"
        );
        assert!(
            SaveEnd::refused(path, &Refusal::ReadOnly, 2)
                .ends_with("saved together or not at all)")
        );
    }
}
