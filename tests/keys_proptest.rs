//! Property tests: random key sequences at random sizes never panic, never
//! leave a negative value, and always draw a screen. The keys are every key
//! the planner maps (a test below fails when one is added and not pressed
//! here), and the file work they ask for (save, open, export, baseline) is
//! carried out in a temporary folder, as the event loop would.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tamplan::domain::model::Model;
use tamplan::io::store::Paths;
use tamplan::tui::planner::keys::{self, Control};
use tamplan::tui::planner::ui::{self, Theme, View};
use tamplan::tui::planner::{App, Settings};

/// Every character key the planner, its prompts and its dialogs answer to,
/// plus digits and a letter no screen uses.
const CHARS: [char; 40] = [
    '+', '=', '-', '_', 'r', 'R', 'u', 's', 'S', 'o', 'b', 'v', 'e', 'n', 'y', '?', 'c', 'j', 'k',
    'q', 'd', 'a', '0', '1', '2', '3', '4', '5', '9', '.', '%', 'p', 'x', 'Q', ' ', 'z', 'l', 'w',
    'M', 'H',
];

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        prop::sample::select(CHARS.to_vec()).prop_map(KeyCode::Char),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::Backspace),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        8 => (key_code(), 0u8..6).prop_map(|(code, modifier)| {
            let modifiers = match modifier {
                0 => KeyModifiers::SHIFT,
                // Ctrl+R redo, Ctrl+C quit, Ctrl+Z suspend (the loop's).
                1 => KeyModifiers::CONTROL,
                _ => KeyModifiers::NONE,
            };
            Event::Key(KeyEvent::new(code, modifiers))
        }),
        1 => (1u16..140, 1u16..50).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => (0u16..140, 0u16..50, 0u8..3).prop_map(|(column, row, kind)| Event::Mouse(MouseEvent {
            kind: match kind {
                0 => MouseEventKind::Down(MouseButton::Left),
                1 => MouseEventKind::ScrollUp,
                _ => MouseEventKind::ScrollDown,
            },
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_keys_never_panic_or_go_negative(
        width in 1u16..140,
        height in 1u16..50,
        events in prop::collection::vec(event(), 0..60),
    ) {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let paths = Paths {
            data_dir: dir.path().join("data"),
            config_dir: dir.path().join("config"),
        };
        let model = Model::builtin().expect("valid");
        let settings = Settings::new(&paths, "built-in");
        let mut app =
            App::with_settings(model, "built-in", settings, (width, height)).expect("plannable");
        for event in &events {
            // `q`, Esc and Ctrl-C would end the session; keep going to
            // exercise more of the state, as if the user came back.
            if let Control::Act(action) = keys::control(&app, event) {
                app.update(action);
                // The file work, fed back as the event loop does.
                for _ in 0..8 {
                    let effects = app.take_effects();
                    if effects.is_empty() {
                        break;
                    }
                    for effect in effects {
                        if let Some(result) = tamplan::tui::perform(effect, &paths, app.model()) {
                            app.update(result);
                        }
                    }
                }
            }
            for input in app.pane_inputs() {
                let value = app.inputs().get(*input);
                prop_assert!(value >= 0.0 && value.is_finite(), "{} = {value}", input.name(app.model()));
            }
            prop_assert!(app.plan().capacity.available_hours > 0.0);
            let (w, h) = app.size();
            let mut terminal = Terminal::new(TestBackend::new(w.max(1), h.max(1))).expect("terminal");
            terminal.draw(|frame| ui::draw(frame, View { app: &app, theme: Theme::color() })).expect("draws");
            let screen = terminal.backend().to_string();
            let typing_or_help = app.edit().is_some() || app.help();
            if let Some(areas) = ui::areas(ratatui::layout::Rect::new(0, 0, w, h)).filter(|_| !typing_or_help) {
                // The counts pane never shows a minus sign (while the user
                // types, it shows what they typed, and the help covers it).
                let buffer = terminal.backend().buffer();
                for y in areas.counts.top()..areas.counts.bottom() {
                    for x in areas.counts.left()..areas.counts.right() {
                        prop_assert_ne!(buffer[(x, y)].symbol(), "-", "a negative value at {},{}:\n{}", x, y, screen);
                    }
                }
            }
        }
    }
}

#[test]
fn the_strategy_presses_every_key_the_planner_maps() {
    // Every printable key that does something on the plan, in the
    // comparison or in the help must be among the keys pressed above.
    let model = Model::builtin().expect("valid");
    let mut apps = vec![App::new(model, "built-in", (120, 40)).expect("plannable")];
    let mut compare = apps[0].clone();
    compare.update(tamplan::tui::planner::Action::ToggleCompare);
    apps.push(compare);
    let mut quarters = apps[0].clone();
    quarters.update(tamplan::tui::planner::Action::ToggleQuarters);
    apps.push(quarters);
    let mut presets = apps[0].clone();
    presets.update(tamplan::tui::planner::Action::PickPreset);
    apps.push(presets);
    for app in &apps {
        for c in (' '..='~').chain(['_']) {
            for modifiers in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
                let event = Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers));
                if keys::control(app, &event) != Control::Ignore {
                    assert!(
                        CHARS.contains(&c),
                        "{c:?} is a key the property test never presses"
                    );
                }
            }
        }
    }
}
