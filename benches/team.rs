//! The team view at 100,000 plans: opening it (every file read and planned,
//! then the first frame) and one key (update and redraw), on a
//! `TestBackend`. Run with `cargo bench --bench team`.

use std::path::{Path, PathBuf};

use chrono::DateTime;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tamplan::domain::model::Model;
use tamplan::io::store::Paths;
use tamplan::tui::Screen as _;
use tamplan::tui::planner::Settings;
use tamplan::tui::team::{TeamAction, TeamApp, plan_from};
use tamplan::tui::theme::Theme;

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

/// The team view of every plan in `dir`, as `tamplan team` opens it.
fn open(dir: &Path) -> TeamApp {
    let model = Model::builtin().expect("valid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    files.sort();
    let plans = files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            plan_from(&model, &path, text).ok()
        })
        .collect();
    let paths = Paths {
        data_dir: dir.join("data"),
        config_dir: dir.join("config"),
    };
    let now = DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00").expect("date");
    let mut app = TeamApp::new(
        model,
        "built-in".to_owned(),
        Settings::new(&paths, "built-in"),
        plans,
        Vec::new(),
        None,
        Some(35),
        now,
    );
    app.update(TeamAction::Resize(120, 40));
    app
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &TeamApp) -> bool {
    terminal
        .draw(|frame| app.draw(frame, Theme::color()))
        .is_ok()
}

/// From the folder to the first frame drawn.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn open_100_000_plans(bencher: divan::Bencher) {
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
