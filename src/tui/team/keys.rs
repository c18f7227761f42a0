//! The team view's keys: one table that the key handling, the footer and
//! the help overlay all read, and [`control`], the one place input becomes
//! a [`TeamAction`].

use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, MouseEventKind};

use super::{Column, Overlay, TeamAction, TeamApp};
use crate::tui::keymap::{self, Binding, Key};
use crate::tui::prompt::{self, PromptKey};

/// The footer's place in the view (one).
type Here = ();

/// The team view's keys when no prompt or help is open.
pub const KEYS: &[Binding<TeamAction, Here>] = &[
    Binding::new(&[Key::any(KeyCode::Up), Key::char('k')], TeamAction::Up)
        .help("↑ ↓  k j", "select a plan"),
    Binding::new(&[Key::any(KeyCode::Down), Key::char('j')], TeamAction::Down),
    Binding::new(&[Key::any(KeyCode::Enter)], TeamAction::Open)
        .help("Enter", "open it in the planner; q there comes back")
        .hints(&[((), 1, "Enter open")]),
    Binding::new(&[Key::char('1')], TeamAction::Sort(Column::Owner))
        .help("1 … 9", "sort by that column; again: the other way")
        .hints(&[((), 2, "1-9 sort")]),
    Binding::new(&[Key::char('2')], TeamAction::Sort(Column::Plan)),
    Binding::new(&[Key::char('3')], TeamAction::Sort(Column::Customers)),
    Binding::new(&[Key::char('4')], TeamAction::Sort(Column::Utilization)),
    Binding::new(&[Key::char('5')], TeamAction::Sort(Column::Spare)),
    Binding::new(&[Key::char('6')], TeamAction::Sort(Column::Book)),
    Binding::new(&[Key::char('7')], TeamAction::Sort(Column::Headroom)),
    Binding::new(&[Key::char('8')], TeamAction::Sort(Column::Warnings)),
    Binding::new(&[Key::char('9')], TeamAction::Sort(Column::Age)),
    Binding::new(&[Key::char('/')], TeamAction::Filter)
        .help("/", "filter by owner, plan or file; Esc clears")
        .hints(&[((), 3, "/ filter")]),
    Binding::new(&[Key::char('m')], TeamAction::Move)
        .help("m … m", "move customers: from this plan, then to that one")
        .hints(&[((), 4, "m move customers")]),
    Binding::new(&[Key::char('u')], TeamAction::Undo)
        .help("u / Ctrl+R", "undo / redo a move")
        .hints(&[((), 5, "u undo")]),
    Binding::new(&[Key::ctrl('r')], TeamAction::Redo),
    Binding::new(&[Key::char('s')], TeamAction::Save)
        .help("s", "save the plans a move changed")
        .hints(&[((), 6, "s save")]),
    Binding::new(&[Key::char('b')], TeamAction::Book)
        .help("b", "a book size: how many TAMs it needs")
        .hints(&[((), 7, "b book")]),
    Binding::new(&[Key::char('e')], TeamAction::Export)
        .help("e", "export the team summary: Markdown, CSV, JSON and HTML")
        .hints(&[((), 8, "e export")]),
    Binding::note("→ *", "moving from this plan · changed, not saved"),
    Binding::note("! ", "saved more than 90 days ago"),
    Binding::new(&[Key::any(KeyCode::Esc)], TeamAction::Cancel)
        .help("Esc", "cancel a move, clear the filter, quit"),
    Binding::new(&[Key::char('?')], TeamAction::Help),
    Binding::new(&[Key::char('q'), Key::ctrl('c')], TeamAction::Quit)
        .help("q  Ctrl+C", "quit (asks once if moves are not saved)"),
];

/// The keys of the help overlay.
const HELP_KEYS: &[Binding<TeamAction, Here>] = &[
    Binding::new(&[Key::any(KeyCode::Esc), Key::char('?')], TeamAction::Help),
    Binding::new(&[Key::char('q'), Key::ctrl('c')], TeamAction::Quit),
];

/// The team view's keys, read against its state: the one place input
/// becomes a [`TeamAction`].
pub fn control(app: &TeamApp, event: &Event) -> Option<TeamAction> {
    let key = match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key,
        Event::Resize(width, height) => return Some(TeamAction::Resize(*width, *height)),
        Event::Paste(text) => return Some(TeamAction::Paste(text.clone())),
        Event::Mouse(mouse) if app.overlay == Overlay::None => {
            return match mouse.kind {
                MouseEventKind::Down(_) => Some(TeamAction::Click(mouse.row)),
                MouseEventKind::ScrollUp => Some(TeamAction::Scroll(-1)),
                MouseEventKind::ScrollDown => Some(TeamAction::Scroll(1)),
                _ => None,
            };
        }
        _ => return None,
    };
    match &app.overlay {
        Overlay::Prompt(..) => {
            if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
                return Some(TeamAction::Quit);
            }
            prompt::key(key).map(|key| match key {
                PromptKey::Char(c) => TeamAction::Char(c),
                PromptKey::Backspace => TeamAction::Backspace,
                PromptKey::Clear => TeamAction::Clear,
                PromptKey::Commit => TeamAction::Commit,
                PromptKey::Cancel => TeamAction::Cancel,
            })
        }
        Overlay::Help => keymap::lookup(HELP_KEYS, key),
        Overlay::None => keymap::lookup(KEYS, key),
    }
}

/// The help overlay's lines.
pub fn help() -> Vec<(&'static str, &'static str)> {
    keymap::help(KEYS)
}

/// The footer's hints, most useful first.
pub fn hints() -> Vec<&'static str> {
    keymap::hints(KEYS, &())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of every table, pressed in the state the table is for,
    /// gives the table's action.
    #[test]
    fn every_key_of_the_tables_does_what_its_row_says() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let mut app = super::super::tests::team_in(dir.path());
        for (table, open) in [(KEYS, None), (HELP_KEYS, Some(TeamAction::Help))] {
            if let Some(open) = open {
                app.update(open);
            }
            for row in table {
                for key in row.keys {
                    let got = control(&app, &Event::Key(key.event()));
                    assert_eq!(got, row.action, "{key:?}");
                }
            }
        }
    }

    #[test]
    fn help_and_footer_come_from_the_table() {
        assert_eq!(help().len(), 13);
        assert!(help().contains(&("e", "export the team summary: Markdown, CSV, JSON and HTML")));
        assert_eq!(
            hints(),
            [
                "Enter open",
                "1-9 sort",
                "/ filter",
                "m move customers",
                "u undo",
                "s save",
                "b book",
                "e export"
            ]
        );
    }
}
