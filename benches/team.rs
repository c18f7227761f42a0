//! The team view at 100,000 plans: its first frame (drawn before any plan
//! is read), reading every plan as the view does (off the loop, handed over
//! as it goes), and one key (update and redraw), on a `TestBackend`. Run
//! with `cargo bench --bench team`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "benchmarks: set-up that fails panics, and fixtures have a known shape"
)]

use std::path::Path;

use chrono::DateTime;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tamplan::domain::model::Model;
use tamplan::io::store::Paths;
use tamplan::tui::planner::Settings;
use tamplan::tui::team::{Load, TeamAction, TeamApp};
use tamplan::tui::theme::Theme;
use tamplan::tui::{Screen as _, Work};

const PLANS: usize = 100_000;

fn main() {
    divan::main();
}

/// A folder of `count` plans, owners and customers varied.
fn folder(count: usize) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().expect("temp dir");
    for i in 0..count {
        let text = format!(
            "name = \"Plan {i}\"\nowner = \"Owner {}\"\nsaved = 2026-06-01T10:00:00+01:00\n[counts]\ncustomers = {}.0\n",
            (i * 7919) % count,
            20 + i % 40
        );
        std::fs::write(dir.path().join(format!("plan-{i:06}.toml")), text).expect("write");
    }
    dir
}

/// The team view of `dir` as `tamplan team` opens it, before any plan is
/// read.
fn view(dir: &Path) -> TeamApp {
    let paths = paths(dir);
    let now = DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00").expect("date");
    let mut app = TeamApp::loading(
        Model::builtin().expect("valid"),
        "built-in".to_owned(),
        Settings::new(&paths, "built-in"),
        vec![dir.to_path_buf()],
        (None, Some(35)),
        now,
    );
    app.update(TeamAction::Resize(120, 40));
    app
}

fn paths(dir: &Path) -> Paths {
    Paths {
        data_dir: dir.join("data"),
        config_dir: dir.join("config"),
    }
}

/// The team view of every plan in `dir`: read as the view reads them, each
/// hand-over applied as the loop applies it.
fn open(dir: &Path) -> TeamApp {
    let mut app = view(dir);
    let paths = paths(dir);
    let work = Work::inline();
    app.start(&paths, &work);
    for posted in work.take_posted() {
        app.finished(posted, &paths, &work);
    }
    assert_eq!(app.load(), Load::Done);
    app
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &TeamApp) -> bool {
    terminal
        .draw(|frame| app.draw(frame, Theme::color()))
        .is_ok()
}

/// From the start to the first frame, drawn before any plan is read.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn first_frame_100_000_plans(bencher: divan::Bencher) {
    let dir = folder(PLANS);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    bencher.bench_local(|| {
        let app = view(dir.path());
        draw(&mut terminal, &app)
    });
}

/// From the folder to every plan read and shown (the folder searched, each
/// file read and planned, the team sorted again at each hand-over).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn every_plan_read_100_000_plans(bencher: divan::Bencher) {
    let dir = folder(PLANS);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    bencher.bench_local(|| {
        let app = open(dir.path());
        draw(&mut terminal, &app)
    });
}

/// `j` and `k` in turn, each followed by a redraw at 120×40.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn key_then_redraw_100_000_plans(bencher: divan::Bencher) {
    let dir = folder(PLANS);
    let mut app = open(dir.path());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut down = true;
    bencher.bench_local(|| {
        app.update(if down {
            TeamAction::Down
        } else {
            TeamAction::Up
        });
        down = !down;
        draw(&mut terminal, &app)
    });
}
