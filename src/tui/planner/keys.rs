//! The one place input becomes an [`Action`]: keys, mouse and resizes, read
//! against the state (a prompt open, the help overlay shown).

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};

use crate::tui::keymap;
use crate::tui::planner::keymap as table;
use crate::tui::planner::ui;
use crate::tui::planner::{Action, App, Choice, Modal};
use crate::tui::prompt::{self, PromptKey};

/// What the event loop should do with an input event.
#[derive(Debug, Clone, PartialEq)]
pub enum Control {
    /// Apply an action to the state.
    Act(Action),
    /// Suspend the process (Ctrl-Z); the loop restores the terminal first.
    Suspend,
    /// Nothing to do (no redraw needed).
    Ignore,
}

/// Maps one terminal event to what should happen.
pub fn control(app: &App, event: &Event) -> Control {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_control(app, key),
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(_) => ui::hit(app, column, row)
                    .map_or(Control::Ignore, |(pane, index)| {
                        Control::Act(Action::Select(pane, index))
                    }),
                MouseEventKind::ScrollUp => ui::hit_pane(app, column, row)
                    .map_or(Control::Ignore, |pane| {
                        Control::Act(Action::Scroll(pane, -1))
                    }),
                MouseEventKind::ScrollDown => ui::hit_pane(app, column, row)
                    .map_or(Control::Ignore, |pane| {
                        Control::Act(Action::Scroll(pane, 1))
                    }),
                _ => Control::Ignore,
            }
        }
        Event::Resize(width, height) => Control::Act(Action::Resize(*width, *height)),
        Event::Paste(text) => Control::Act(Action::Paste(text.clone())),
        _ => Control::Ignore,
    }
}

fn key_control(app: &App, key: &KeyEvent) -> Control {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => return Control::Act(Action::Quit),
        KeyCode::Char('z') if ctrl => return Control::Suspend,
        _ => {}
    }
    let action = if app.edit().is_some() {
        prompt::key(key).map(prompt_action)
    } else if let Some(modal) = app.modal() {
        modal_action(modal, key)
    } else if key.code == KeyCode::Esc
        && app.message().is_some()
        && !app.help()
        && !app.warnings_shown()
    {
        // Esc closes a message first, then an overlay or a view; never
        // the planner.
        Some(Action::Dismiss)
    } else if app.help() {
        keymap::lookup(table::HELP, key)
    } else if app.warnings_shown() {
        keymap::lookup(table::WARNINGS, key)
    } else {
        table::tables(app.screen())
            .iter()
            .find_map(|table| keymap::lookup(table, key))
    };
    action.map_or(Control::Ignore, Control::Act)
}

/// A key in the open prompt, as the planner's action.
fn prompt_action(key: PromptKey) -> Action {
    match key {
        PromptKey::Char(c) => Action::EditChar(c),
        PromptKey::Backspace => Action::EditBackspace,
        PromptKey::Clear => Action::EditClear,
        PromptKey::Commit => Action::EditCommit,
        PromptKey::Cancel => Action::EditCancel,
    }
}

/// Keys in a dialog: only the keys it shows (Enter only where it says what
/// Enter does), Esc to back out.
fn modal_action(modal: &Modal, key: &KeyEvent) -> Option<Action> {
    // Ctrl+R (redo), Ctrl+D and the like must not answer a dialog.
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    let choose = |choice| Some(Action::Choose(choice));
    match modal {
        Modal::Unsaved(_) => match key.code {
            KeyCode::Char('s') => choose(Choice::Save),
            KeyCode::Char('d') => choose(Choice::Discard),
            KeyCode::Esc => choose(Choice::Stay),
            _ => None,
        },
        Modal::Conflict { .. } => match key.code {
            KeyCode::Char('o') => choose(Choice::Overwrite),
            KeyCode::Char('r') => choose(Choice::Reload),
            KeyCode::Char('a') => choose(Choice::SaveAs),
            KeyCode::Esc => choose(Choice::Stay),
            _ => None,
        },
        Modal::Picker { .. } => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Enter => choose(Choice::Yes),
            KeyCode::Esc | KeyCode::Char('q') => choose(Choice::Stay),
            _ => None,
        },
        Modal::Refused { .. } => match key.code {
            KeyCode::Char('o') => choose(Choice::Overwrite),
            KeyCode::Char('a') => choose(Choice::SaveAs),
            KeyCode::Esc => choose(Choice::Stay),
            _ => None,
        },
        Modal::Failed(_) => match key.code {
            KeyCode::Esc => choose(Choice::Stay),
            _ => None,
        },
        Modal::Export => match key.code {
            KeyCode::Char('m') => choose(Choice::Markdown),
            KeyCode::Char('h') => choose(Choice::Html),
            KeyCode::Esc => choose(Choice::Stay),
            _ => None,
        },
        Modal::Presets => match key.code {
            KeyCode::Char(c @ '1'..='4') => choose(Choice::Preset(usize::from(c as u8 - b'1'))),
            KeyCode::Esc => choose(Choice::Stay),
            _ => None,
        },
        Modal::Restore(_) => match key.code {
            KeyCode::Char('y') => choose(Choice::Yes),
            KeyCode::Char('n') => choose(Choice::Discard),
            KeyCode::Esc => choose(Choice::Stay),
            _ => None,
        },
        Modal::Unknown { .. } => match key.code {
            KeyCode::Char('y') => choose(Choice::Yes),
            KeyCode::Char('n') | KeyCode::Esc => choose(Choice::Discard),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Model;

    fn app() -> App {
        App::new(Model::builtin().expect("valid"), "built-in", (120, 40)).expect("plannable")
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn the_documented_keys() {
        let app = app();
        let none = KeyModifiers::NONE;
        let cases = [
            (key(KeyCode::Char('q'), none), Control::Act(Action::Quit)),
            (key(KeyCode::Esc, none), Control::Ignore),
            (
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Control::Act(Action::Quit),
            ),
            (
                key(KeyCode::Char('z'), KeyModifiers::CONTROL),
                Control::Suspend,
            ),
            (
                key(KeyCode::Char('+'), none),
                Control::Act(Action::Change(1.0)),
            ),
            (
                key(KeyCode::Char('-'), none),
                Control::Act(Action::Change(-1.0)),
            ),
            (
                key(KeyCode::Char('+'), KeyModifiers::SHIFT),
                Control::Act(Action::Change(1.0)),
            ),
            (key(KeyCode::Right, none), Control::Act(Action::Change(1.0))),
            (
                key(KeyCode::Left, KeyModifiers::SHIFT),
                Control::Act(Action::Change(-10.0)),
            ),
            (
                key(KeyCode::PageUp, none),
                Control::Act(Action::Change(10.0)),
            ),
            (
                key(KeyCode::PageDown, none),
                Control::Act(Action::Change(-10.0)),
            ),
            (key(KeyCode::Tab, none), Control::Act(Action::NextPane)),
            (
                key(KeyCode::BackTab, KeyModifiers::SHIFT),
                Control::Act(Action::PrevPane),
            ),
            (key(KeyCode::Char('j'), none), Control::Act(Action::Down)),
            (key(KeyCode::Char('k'), none), Control::Act(Action::Up)),
            (key(KeyCode::Enter, none), Control::Act(Action::StartEdit)),
            (key(KeyCode::Char('r'), none), Control::Act(Action::Reset)),
            (
                key(KeyCode::Char('R'), KeyModifiers::SHIFT),
                Control::Act(Action::ResetAll),
            ),
            (
                key(KeyCode::Char('?'), none),
                Control::Act(Action::ToggleHelp),
            ),
            (Event::Resize(80, 24), Control::Act(Action::Resize(80, 24))),
        ];
        for (event, expected) in cases {
            assert_eq!(control(&app, &event), expected, "{event:?}");
        }
    }

    #[test]
    fn inside_a_prompt_esc_cancels_and_keys_are_text() {
        let mut app = app();
        app.update(Action::StartEdit);
        let none = KeyModifiers::NONE;
        assert_eq!(
            control(&app, &key(KeyCode::Esc, none)),
            Control::Act(Action::EditCancel)
        );
        assert_eq!(
            control(&app, &key(KeyCode::Char('q'), none)),
            Control::Act(Action::EditChar('q'))
        );
        assert_eq!(
            control(&app, &key(KeyCode::Char('+'), none)),
            Control::Act(Action::EditChar('+'))
        );
        assert_eq!(
            control(&app, &key(KeyCode::Enter, none)),
            Control::Act(Action::EditCommit)
        );
        assert_eq!(
            control(&app, &key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Control::Act(Action::Quit)
        );
        assert_eq!(
            control(&app, &key(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            Control::Act(Action::EditClear)
        );
        app.update(Action::EditChar('7'));
        app.update(Action::EditClear);
        assert_eq!(app.edit().map(super::super::Edit::text), Some(""));
    }

    #[test]
    fn the_help_overlay_closes_on_esc() {
        let mut app = app();
        app.update(Action::ToggleHelp);
        assert_eq!(
            control(&app, &key(KeyCode::Esc, KeyModifiers::NONE)),
            Control::Act(Action::ToggleHelp)
        );
        assert_eq!(
            control(&app, &key(KeyCode::Char('+'), KeyModifiers::NONE)),
            Control::Ignore
        );
    }

    #[test]
    fn w_lists_every_warning_on_every_screen_and_esc_closes_the_list() {
        let none = KeyModifiers::NONE;
        for screen in [
            None,
            Some(Action::ToggleCompare),
            Some(Action::ToggleQuarters),
        ] {
            let mut app = app();
            if let Some(screen) = screen {
                app.update(screen);
            }
            assert_eq!(
                control(&app, &key(KeyCode::Char('w'), none)),
                Control::Act(Action::ToggleWarnings)
            );
            app.update(Action::ToggleWarnings);
            assert!(app.warnings_shown());
            let cases = [
                (KeyCode::Esc, Control::Act(Action::ToggleWarnings)),
                (KeyCode::Char('w'), Control::Act(Action::ToggleWarnings)),
                (KeyCode::Char('j'), Control::Act(Action::Down)),
                (KeyCode::Up, Control::Act(Action::Up)),
                (KeyCode::Char('q'), Control::Act(Action::Quit)),
                (KeyCode::Char('+'), Control::Ignore),
            ];
            for (code, expected) in cases {
                assert_eq!(control(&app, &key(code, none)), expected, "{code:?}");
            }
            // Nothing but its own keys reaches the plan under the list.
            let before = app.inputs().clone();
            app.update(Action::Change(1.0));
            assert_eq!(app.inputs(), &before);
            app.update(Action::ToggleWarnings);
            assert!(!app.warnings_shown());
        }
    }

    #[test]
    fn control_keys_never_answer_a_dialog() {
        let mut app = app();
        app.update(Action::SaveConflict {
            path: "/x.toml".into(),
            disk: String::new(),
        });
        let ctrl_r = key(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(
            control(&app, &ctrl_r),
            Control::Ignore,
            "Ctrl+R is not Reload"
        );
        assert_eq!(
            control(&app, &key(KeyCode::Char('r'), KeyModifiers::NONE)),
            Control::Act(Action::Choose(Choice::Reload))
        );
    }

    #[test]
    fn the_export_dialog_answers_m_h_and_esc_only() {
        let mut app = app();
        let none = KeyModifiers::NONE;
        assert_eq!(
            control(&app, &key(KeyCode::Char('e'), none)),
            Control::Act(Action::Export)
        );
        app.update(Action::Export);
        for (code, answer) in [
            (KeyCode::Char('m'), Some(Choice::Markdown)),
            (KeyCode::Char('h'), Some(Choice::Html)),
            (KeyCode::Esc, Some(Choice::Stay)),
            (KeyCode::Char('e'), None),
            (KeyCode::Enter, None),
        ] {
            let expected = answer.map_or(Control::Ignore, |c| Control::Act(Action::Choose(c)));
            assert_eq!(control(&app, &key(code, none)), expected, "{code:?}");
        }
    }

    #[test]
    fn esc_in_the_comparison_goes_back_to_the_plan() {
        let mut app = app();
        app.update(Action::ToggleCompare);
        assert_eq!(
            control(&app, &key(KeyCode::Esc, KeyModifiers::NONE)),
            Control::Act(Action::ToggleCompare)
        );
        assert_eq!(
            control(&app, &key(KeyCode::Char('q'), KeyModifiers::NONE)),
            Control::Act(Action::Quit)
        );
    }

    #[test]
    fn enter_answers_no_dialog_that_does_not_say_what_it_does() {
        let mut app = app();
        app.update(Action::Change(1.0));
        app.update(Action::Quit);
        assert!(matches!(app.modal(), Some(Modal::Unsaved(_))));
        assert_eq!(
            control(&app, &key(KeyCode::Enter, KeyModifiers::NONE)),
            Control::Ignore
        );
        app.update(Action::Choose(Choice::Stay));
        app.update(Action::SaveConflict {
            path: "/x.toml".into(),
            disk: String::new(),
        });
        assert_eq!(
            control(&app, &key(KeyCode::Enter, KeyModifiers::NONE)),
            Control::Ignore
        );
    }
}
