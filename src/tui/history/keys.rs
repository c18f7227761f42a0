//! The history screen's keys: one table that the key handling, the footer
//! and the help overlay read, and [`control`], the one place input becomes
//! a [`HistoryAction`].

use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind};

use super::{HistoryAction, HistoryApp};
use crate::tui::keymap::{self, Binding, Key};

/// The footer's place (one).
type Here = ();

/// The history screen's keys.
pub const KEYS: &[Binding<HistoryAction, Here>] = &[
    Binding::new(&[Key::any(KeyCode::Up), Key::char('k')], HistoryAction::Up)
        .help("↑ ↓  k j", "select a version (newest on top)")
        .hints(&[((), 1, "↑↓ select")]),
    Binding::new(
        &[Key::any(KeyCode::Down), Key::char('j')],
        HistoryAction::Down,
    ),
    Binding::new(&[Key::any(KeyCode::Home)], HistoryAction::Newest)
        .help("Home End", "the newest / the oldest version"),
    Binding::new(&[Key::any(KeyCode::End)], HistoryAction::Oldest),
    Binding::new(&[Key::any(KeyCode::Enter)], HistoryAction::Compare)
        .help("Enter", "compare the plan with this version")
        .hints(&[((), 2, "Enter compare")]),
    Binding::new(&[Key::char('?')], HistoryAction::Help)
        .help("?", "these keys")
        .hints(&[((), 4, "? help")]),
    Binding::new(
        &[
            Key::any(KeyCode::Esc),
            Key::char('q'),
            Key::char('H'),
            Key::ctrl('c'),
        ],
        HistoryAction::Back,
    )
    .help("Esc q H", "back to the plan")
    .hints(&[((), 3, "Esc back")]),
];

/// The keys of the help overlay.
const HELP_KEYS: &[Binding<HistoryAction, Here>] = &[
    Binding::new(
        &[Key::any(KeyCode::Esc), Key::char('?')],
        HistoryAction::Help,
    ),
    Binding::new(&[Key::char('q'), Key::ctrl('c')], HistoryAction::Back),
];

/// The history screen's keys, read against its state.
pub fn control(app: &HistoryApp, event: &Event) -> Option<HistoryAction> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            if app.help_open() {
                keymap::lookup(HELP_KEYS, key)
            } else {
                keymap::lookup(KEYS, key)
            }
        }
        Event::Resize(width, height) => Some(HistoryAction::Resize(*width, *height)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of the table gives its row's action.
    #[test]
    fn every_key_gives_its_rows_action() {
        let app = HistoryApp::new(
            "a.toml".into(),
            crate::domain::model::Model::builtin().expect("built-in"),
            0.9,
        );
        for row in KEYS {
            for key in row.keys {
                let got = control(&app, &Event::Key(key.event()));
                assert_eq!(got, row.action.clone(), "{key:?}");
            }
        }
    }
}
