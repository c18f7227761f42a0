//! Rendering benchmarks: one full frame of the planner, and one `+` (update
//! and redraw), on a `TestBackend`. Run with `cargo bench --bench render`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "benchmarks: set-up that fails panics, and fixtures have a known shape"
)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tamplan::domain::model::Model;
use tamplan::tui::planner::ui::{self, Theme, View};
use tamplan::tui::planner::{Action, App};

mod support;

fn main() {
    divan::main();
}

fn app(width: u16, height: u16) -> App {
    app_with(Model::builtin().expect("valid"), width, height)
}

fn app_with(model: Model, width: u16, height: u16) -> App {
    App::new(model, "built-in", (width, height)).expect("plannable")
}

/// One frame of the planner, drawn in colour.
fn draw(terminal: &mut Terminal<TestBackend>, app: &App) -> bool {
    let view = View {
        app,
        theme: Theme::color(),
    };
    terminal.draw(|frame| ui::draw(frame, view)).is_ok()
}

#[divan::bench(args = [(80, 24), (120, 40), (200, 60)])]
fn full_frame(bencher: divan::Bencher, (width, height): (u16, u16)) {
    let app = app(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    bencher.bench_local(|| draw(&mut terminal, &app));
}

/// `+` and `-` in turn (so the plan stays near its default), each followed
/// by a redraw at 120×40.
fn plus_then_redraw(bencher: divan::Bencher, mut app: App) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut step = 1.0;
    bencher.bench_local(|| {
        app.update(Action::Change(step));
        step = -step;
        draw(&mut terminal, &app)
    });
}

#[divan::bench]
fn plus_then_redraw_120x40(bencher: divan::Bencher) {
    plus_then_redraw(bencher, app(120, 40));
}

/// One `+` with a model of 10,000 rows: only the rows in sight are built
/// and drawn, so this stays near the handbook model's time.
#[divan::bench]
fn plus_then_redraw_120x40_ten_thousand_rows(bencher: divan::Bencher) {
    plus_then_redraw(bencher, app_with(support::generated(10_000), 120, 40));
}
