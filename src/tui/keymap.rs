//! Key tables as data: one table per screen, each row the keys, the action
//! they give, the line the help overlay shows for them and the hints the
//! footer shows. The screen's key handling, its footer and its help are
//! all read from the table, so they cannot disagree; a test presses every
//! key of every table.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Whether Shift matters for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    /// Either way (characters: Shift is already in the character).
    Any,
    /// Only with Shift.
    With,
    /// Only without.
    Without,
}

/// A key as a table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// With Ctrl.
    pub ctrl: bool,
    /// Whether Shift matters.
    pub shift: Shift,
}

impl Key {
    /// A character, Shift or not (`+` needs Shift on many layouts).
    pub const fn char(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            shift: Shift::Any,
        }
    }

    /// `Ctrl` and a character.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            shift: Shift::Any,
        }
    }

    /// A key that is not a character, without Shift.
    pub const fn code(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            shift: Shift::Without,
        }
    }

    /// A key that is not a character, with Shift.
    pub const fn shifted(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            shift: Shift::With,
        }
    }

    /// A key that is not a character, Shift or not.
    pub const fn any(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            shift: Shift::Any,
        }
    }

    /// Whether `event` is this key (Alt never is).
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let shift = event.modifiers.contains(KeyModifiers::SHIFT);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        event.code == self.code
            && ctrl == self.ctrl
            && !alt
            && match self.shift {
                Shift::Any => true,
                Shift::With => shift,
                Shift::Without => !shift,
            }
    }

    /// The event this key sends (for tests that press every key).
    pub fn event(&self) -> KeyEvent {
        let mut modifiers = KeyModifiers::NONE;
        if self.ctrl {
            modifiers |= KeyModifiers::CONTROL;
        }
        if self.shift == Shift::With {
            modifiers |= KeyModifiers::SHIFT;
        }
        KeyEvent::new(self.code, modifiers)
    }
}

/// One row of a key table.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding<A: 'static, C: 'static = ()> {
    /// The keys (none: a line of help only, as "mouse").
    pub keys: &'static [Key],
    /// What they do (none: a line of help only).
    pub action: Option<A>,
    /// The help overlay's line: the keys as shown, and what they do.
    pub help: Option<(&'static str, &'static str)>,
    /// The footer's hints: where (a pane, a view), the place among the
    /// hints, and the hint.
    pub hints: &'static [(C, u8, &'static str)],
}

impl<A: 'static, C: 'static> Binding<A, C> {
    /// A row: `keys` give `action`.
    pub const fn new(keys: &'static [Key], action: A) -> Binding<A, C> {
        Binding {
            keys,
            action: Some(action),
            help: None,
            hints: &[],
        }
    }

    /// A line of help with no keys of its own.
    pub const fn note(keys: &'static str, what: &'static str) -> Binding<A, C> {
        Binding {
            keys: &[],
            action: None,
            help: Some((keys, what)),
            hints: &[],
        }
    }

    /// The same row, with its help line.
    #[must_use]
    pub const fn help(mut self, keys: &'static str, what: &'static str) -> Binding<A, C> {
        self.help = Some((keys, what));
        self
    }

    /// The same row, with its footer hints.
    #[must_use]
    pub const fn hints(mut self, hints: &'static [(C, u8, &'static str)]) -> Binding<A, C> {
        self.hints = hints;
        self
    }
}

/// The action of the first row with a key that is `event`.
pub fn lookup<A: Clone, C>(table: &[Binding<A, C>], event: &KeyEvent) -> Option<A> {
    table
        .iter()
        .find(|row| row.action.is_some() && row.keys.iter().any(|key| key.matches(event)))
        .and_then(|row| row.action.clone())
}

/// The help overlay's lines, in the table's order.
pub fn help<A, C>(table: &[Binding<A, C>]) -> Vec<(&'static str, &'static str)> {
    table.iter().filter_map(|row| row.help).collect()
}

/// The footer's hints for `at`, in their places.
pub fn hints<A, C: PartialEq>(table: &[Binding<A, C>], at: &C) -> Vec<&'static str> {
    let mut hints: Vec<(u8, &'static str)> = table
        .iter()
        .flat_map(|row| row.hints.iter())
        .filter(|(place, _, _)| place == at)
        .map(|(_, order, hint)| (*order, *hint))
        .collect();
    hints.sort_by_key(|(order, _)| *order);
    hints.into_iter().map(|(_, hint)| hint).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Act {
        Up,
        More(i8),
    }

    const TABLE: &[Binding<Act>] = &[
        Binding::new(&[Key::code(KeyCode::Up), Key::char('k')], Act::Up)
            .help("↑ k", "up")
            .hints(&[((), 2, "↑ up")]),
        Binding::new(&[Key::shifted(KeyCode::Right)], Act::More(10)),
        Binding::new(&[Key::code(KeyCode::Right), Key::char('+')], Act::More(1)).hints(&[(
            (),
            1,
            "+ more",
        )]),
        Binding::note("mouse", "click"),
    ];

    #[test]
    fn keys_find_their_row_and_shift_counts_only_where_it_is_named() {
        let press = |code, modifiers| lookup(TABLE, &KeyEvent::new(code, modifiers));
        assert_eq!(press(KeyCode::Char('k'), KeyModifiers::NONE), Some(Act::Up));
        assert_eq!(
            press(KeyCode::Right, KeyModifiers::SHIFT),
            Some(Act::More(10))
        );
        assert_eq!(
            press(KeyCode::Right, KeyModifiers::NONE),
            Some(Act::More(1))
        );
        assert_eq!(
            press(KeyCode::Char('+'), KeyModifiers::SHIFT),
            Some(Act::More(1))
        );
        assert_eq!(press(KeyCode::Char('k'), KeyModifiers::CONTROL), None);
        assert_eq!(press(KeyCode::Char('k'), KeyModifiers::ALT), None);
        assert_eq!(help(TABLE), [("↑ k", "up"), ("mouse", "click")]);
        assert_eq!(hints(TABLE, &()), ["+ more", "↑ up"]);
        for row in TABLE {
            for key in row.keys {
                assert_eq!(lookup(TABLE, &key.event()), row.action, "{key:?}");
            }
        }
    }
}
