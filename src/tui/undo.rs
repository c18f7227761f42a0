//! One bounded undo history for every screen: the states before each
//! change, the oldest forgotten past a limit, and the states undone, for
//! redo until the next change.

use std::collections::VecDeque;

/// Which way through the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// Undo: back to the state before the last change.
    Back,
    /// Redo: forward again to the state undone.
    Forward,
}

impl Way {
    /// What to say when there is nothing that way.
    pub fn nothing(self) -> &'static str {
        match self {
            Way::Back => "Nothing to undo",
            Way::Forward => "Nothing to redo",
        }
    }
}

/// The states before each change (at most `limit`), and those undone.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo<T> {
    past: VecDeque<T>,
    future: Vec<T>,
    limit: usize,
}

impl<T> Undo<T> {
    /// An empty history keeping at most `limit` changes (at least one).
    pub fn new(limit: usize) -> Undo<T> {
        Undo {
            past: VecDeque::new(),
            future: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// A change was made from `before`: it can be undone; what was undone
    /// can no longer be redone.
    pub fn record(&mut self, before: T) {
        if self.past.len() == self.limit {
            self.past.pop_front();
        }
        self.past.push_back(before);
        self.future.clear();
    }

    /// Takes the state to go back or forward to, if any; once it is
    /// restored, [`Undo::moved`] keeps the state it replaced for the way
    /// back.
    pub fn take(&mut self, way: Way) -> Option<T> {
        match way {
            Way::Back => self.past.pop_back(),
            Way::Forward => self.future.pop(),
        }
    }

    /// The state taken with `way` was restored, replacing `replaced`.
    pub fn moved(&mut self, way: Way, replaced: T) {
        match way {
            Way::Back => self.future.push(replaced),
            Way::Forward => {
                if self.past.len() == self.limit {
                    self.past.pop_front();
                }
                self.past.push_back(replaced);
            }
        }
    }

    /// Forgets everything (another plan was opened).
    pub fn clear(&mut self) {
        self.past.clear();
        self.future.clear();
    }

    /// How many changes can be undone.
    pub fn len(&self) -> usize {
        self.past.len()
    }

    /// Whether nothing can be undone.
    pub fn is_empty(&self) -> bool {
        self.past.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `way` to `state` as a screen does.
    fn step(undo: &mut Undo<u32>, state: &mut u32, way: Way) -> bool {
        let Some(to) = undo.take(way) else {
            return false;
        };
        let replaced = std::mem::replace(state, to);
        undo.moved(way, replaced);
        true
    }

    #[test]
    fn undo_and_redo_walk_the_changes_and_a_new_change_ends_redo() {
        let mut undo = Undo::new(10);
        let mut state = 0;
        for next in 1..=3 {
            undo.record(state);
            state = next;
        }
        assert!(step(&mut undo, &mut state, Way::Back));
        assert!(step(&mut undo, &mut state, Way::Back));
        assert_eq!(state, 1);
        assert!(step(&mut undo, &mut state, Way::Forward));
        assert_eq!(state, 2);
        undo.record(state);
        state = 9;
        assert!(!step(&mut undo, &mut state, Way::Forward), "redo ended");
        assert!(step(&mut undo, &mut state, Way::Back));
        assert_eq!(state, 2);
    }

    #[test]
    fn the_oldest_change_is_forgotten_past_the_limit() {
        let mut undo = Undo::new(3);
        let mut state = 0;
        for next in 1..=5 {
            undo.record(state);
            state = next;
        }
        assert_eq!(undo.len(), 3);
        while step(&mut undo, &mut state, Way::Back) {}
        assert_eq!(state, 2, "back to the oldest change kept");
        // Redo all the way, then undo again: still at most three.
        while step(&mut undo, &mut state, Way::Forward) {}
        assert_eq!(state, 5);
        assert_eq!(undo.len(), 3);
        assert_eq!(Way::Back.nothing(), "Nothing to undo");
    }
}
