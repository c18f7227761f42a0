//! The screens on the one event loop, as a stack: the top one takes the
//! keys and is drawn; a screen opens another by pushing it (the team view
//! opens a plan in the planner), and when that one ends the screen under
//! it is told and goes on. Every screen is a [`Layer`], an enum matched
//! exhaustively: a new top-level screen is a new variant, and the compiler
//! names every place that must know it.
//!
//! File work a screen hands to [`Work`] comes back to that screen, by its
//! place in the stack; a result for a screen that has ended since is
//! dropped (the screen under it reads the file again anyway).

use ratatui::crossterm::event::Event;

use crate::io::store::Paths;
use crate::tui::history::{HistoryAction, HistoryApp};
use crate::tui::planner::{Action, App};
use crate::tui::team::{TeamAction, TeamApp};
use crate::tui::theme::Theme;
use crate::tui::{Screen, Step, Work};

/// A screen of the stack.
#[derive(Debug)]
pub enum Layer {
    /// The planner: one plan.
    Planner(Box<App>),
    /// The team view: every plan of a folder.
    Team(Box<TeamApp>),
    /// One plan's history (opened from the planner).
    History(Box<HistoryApp>),
}

/// A result of file work, for one screen's action type.
#[derive(Debug)]
pub enum LayerAction {
    /// For a planner.
    Planner(Action),
    /// For a team view.
    Team(TeamAction),
    /// For a history screen.
    History(HistoryAction),
}

/// A result of file work and the screen it is for.
#[derive(Debug)]
pub struct Routed {
    /// The screen's number (never reused within a run).
    id: u64,
    action: LayerAction,
}

/// Calls `$body` with `$screen` bound to the layer's screen, and `$work`
/// to work whose results come back to it as `Routed` actions.
macro_rules! with_screen {
    ($layer:expr, $id:expr, $outer:expr, |$screen:ident, $work:ident| $body:expr) => {{
        let id = $id;
        match $layer {
            Layer::Planner($screen) => {
                let $work = $outer.map(move |action| Routed {
                    id,
                    action: LayerAction::Planner(action),
                });
                $body
            }
            Layer::Team($screen) => {
                let $work = $outer.map(move |action| Routed {
                    id,
                    action: LayerAction::Team(action),
                });
                $body
            }
            Layer::History($screen) => {
                let $work = $outer.map(move |action| Routed {
                    id,
                    action: LayerAction::History(action),
                });
                $body
            }
        }
    }};
}

/// Like `with_screen!` for what needs no work.
macro_rules! on_screen {
    ($layer:expr, |$screen:ident| $body:expr) => {
        match $layer {
            Layer::Planner($screen) => $body,
            Layer::Team($screen) => $body,
            Layer::History($screen) => $body,
        }
    };
}

/// The screens, bottom first; never empty.
#[derive(Debug)]
pub struct Stack {
    layers: Vec<(u64, Layer)>,
    /// The number the next screen opened gets.
    next: u64,
    /// The terminal's size, for a screen opened later.
    size: (u16, u16),
}

impl Stack {
    /// A stack of one screen.
    pub fn new(layer: Layer) -> Stack {
        Stack {
            layers: vec![(0, layer)],
            next: 1,
            size: (0, 0),
        }
    }

    /// The screen on top.
    pub fn top(&self) -> Option<&Layer> {
        self.layers.last().map(|(_, layer)| layer)
    }

    /// How many screens are open.
    pub fn depth(&self) -> usize {
        self.layers.len()
    }

    /// After the top screen handled something: it may have asked to open
    /// another (pushed, started), or ended (popped, the one under it told).
    fn settle(&mut self, paths: &Paths, work: &Work<Routed>) {
        loop {
            let Some((_, top)) = self.layers.last_mut() else {
                return;
            };
            if let Some(mut opened) = on_screen!(top, |screen| screen.take_opened()) {
                let new = self.next;
                self.next += 1;
                on_screen!(&mut opened, |screen| screen
                    .resize(self.size.0, self.size.1));
                with_screen!(&mut opened, new, work, |screen, work| screen
                    .start(paths, &work));
                self.layers.push((new, opened));
                continue;
            }
            let ended = on_screen!(top, |screen| screen.should_quit());
            if !ended || self.layers.len() == 1 {
                return;
            }
            let Some((_, closed)) = self.layers.pop() else {
                return;
            };
            if let Some((under_id, under)) = self.layers.last_mut() {
                with_screen!(under, *under_id, work, |screen, work| screen
                    .uncovered(closed, paths, &work));
            }
        }
    }
}

impl Screen for Stack {
    type Action = Routed;

    fn start(&mut self, paths: &Paths, work: &Work<Routed>) {
        for (id, layer) in &mut self.layers {
            with_screen!(layer, *id, work, |screen, work| screen.start(paths, &work));
        }
        self.settle(paths, work);
    }

    fn event(&mut self, event: &Event, paths: &Paths, work: &Work<Routed>) -> Step {
        let Some((id, top)) = self.layers.last_mut() else {
            return Step::Go;
        };
        let step = with_screen!(top, *id, work, |screen, work| screen
            .event(event, paths, &work));
        self.settle(paths, work);
        step
    }

    fn finished(&mut self, result: Routed, paths: &Paths, work: &Work<Routed>) {
        let Routed { id, action } = result;
        let Some((_, layer)) = self.layers.iter_mut().find(|(each, _)| *each == id) else {
            // Its screen has ended.
            return;
        };
        match (layer, action) {
            (Layer::Planner(screen), LayerAction::Planner(action)) => {
                let work = work.map(move |action| Routed {
                    id,
                    action: LayerAction::Planner(action),
                });
                screen.finished(action, paths, &work);
            }
            (Layer::Team(screen), LayerAction::Team(action)) => {
                let work = work.map(move |action| Routed {
                    id,
                    action: LayerAction::Team(action),
                });
                screen.finished(action, paths, &work);
            }
            (Layer::History(screen), LayerAction::History(action)) => {
                let work = work.map(move |action| Routed {
                    id,
                    action: LayerAction::History(action),
                });
                screen.finished(action, paths, &work);
            }
            // A screen's number is never reused: this cannot be its result.
            (Layer::Planner(_) | Layer::Team(_) | Layer::History(_), _) => {}
        }
        self.settle(paths, work);
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        for (_, layer) in &mut self.layers {
            on_screen!(layer, |screen| screen.resize(width, height));
        }
    }

    fn changed(&mut self, path: &std::path::Path, paths: &Paths, work: &Work<Routed>) {
        for (id, layer) in &mut self.layers {
            with_screen!(layer, *id, work, |screen, work| screen
                .changed(path, paths, &work));
        }
        self.settle(paths, work);
    }

    fn draw(&self, frame: &mut ratatui::Frame, theme: Theme) {
        if let Some(top) = self.top() {
            on_screen!(top, |screen| screen.draw(frame, theme));
        }
    }

    fn should_quit(&self) -> bool {
        self.layers.len() == 1
            && self
                .top()
                .is_some_and(|top| on_screen!(top, |s| s.should_quit()))
    }

    fn failure(&self) -> Option<String> {
        self.layers
            .iter()
            .find_map(|(_, layer)| on_screen!(layer, |screen| screen.failure()))
    }

    fn keep_unsaved_work(&self, paths: &Paths) -> Option<String> {
        let kept: Vec<String> = self
            .layers
            .iter()
            .filter_map(|(_, layer)| on_screen!(layer, |screen| screen.keep_unsaved_work(paths)))
            .collect();
        (!kept.is_empty()).then(|| kept.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Model;
    use crate::tui::planner::Settings;
    use crate::tui::team::plan_from;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn press(stack: &mut Stack, paths: &Paths, work: &Work<Routed>, keys: &str) {
        for c in keys.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
            stack.event(&event, paths, work);
        }
    }

    /// The team view opens a plan by pushing the planner; quitting it pops
    /// it, and the team reads the plan again from its file.
    #[test]
    fn a_plan_opened_from_the_team_is_pushed_and_popped() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let paths = Paths {
            data_dir: dir.path().join("data"),
            config_dir: dir.path().join("config"),
        };
        let model = Model::builtin().expect("valid");
        let file = dir.path().join("ana.toml");
        let text = "name = \"Ana FY27\"\nowner = \"Ana\"\n[counts]\ncustomers = 30.0\n";
        std::fs::write(&file, text).expect("write");
        let plan = plan_from(&model, &file, text.to_owned()).expect("a plan");
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00").expect("date");
        let team = TeamApp::new(
            model,
            "built-in".to_owned(),
            Settings::new(&paths, "built-in"),
            vec![plan],
            Vec::new(),
            None,
            None,
            now,
        );
        let mut stack = Stack::new(Layer::Team(Box::new(team)));
        let work = Work::inline();
        stack.resize(120, 40);
        stack.start(&paths, &work);
        press(&mut stack, &paths, &work, "\n");
        assert_eq!(stack.depth(), 2);
        assert!(matches!(stack.top(), Some(Layer::Planner(_))));
        press(&mut stack, &paths, &work, "+s");
        let saved = std::fs::read_to_string(&file).expect("read");
        assert!(saved.contains("customers = 31.0"), "{saved}");
        press(&mut stack, &paths, &work, "q");
        assert_eq!(stack.depth(), 1, "back to the team");
        assert!(!stack.should_quit());
        let Some(Layer::Team(team)) = stack.top() else {
            panic!("the team view");
        };
        assert_eq!(team.plans().first().map(|p| p.member.customers), Some(31.0));
        press(&mut stack, &paths, &work, "q");
        assert!(stack.should_quit());
    }
}
