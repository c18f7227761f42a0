//! Property tests: random key sequences at random sizes never panic, never
//! leave a negative value, and always draw a screen.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tamplan::domain::model::Model;
use tamplan::tui::planner::App;
use tamplan::tui::planner::keys::{self, Control};
use tamplan::tui::planner::ui::{self, Theme, View};

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        prop::sample::select(vec![
            '+', '-', 'r', 'R', '?', 'c', 'j', 'k', '0', '5', '9', '.', 'x', 'q', '='
        ])
        .prop_map(KeyCode::Char),
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
        8 => (key_code(), prop::bool::ANY).prop_map(|(code, shift)| {
            let modifiers = if shift { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
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
        let model = Model::builtin().expect("valid");
        let mut app = App::new(model, "built-in", (width, height)).expect("plannable");
        for event in &events {
            // `q`, Esc and Ctrl-C would end the session; keep going to
            // exercise more of the state, as if the user came back.
            if let Control::Act(action) = keys::control(&app, event) {
                app.update(action);
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
