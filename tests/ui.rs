//! Full-screen snapshots of the planner on a `TestBackend`, driven through
//! `App::update` as the keys would drive it, at several sizes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tamplan::domain::model::Model;
use tamplan::tui::planner::ui::{self, Theme, View};
use tamplan::tui::planner::{Action, App, Focus};

mod support;
use support::ungrouped;

fn app(width: u16, height: u16) -> App {
    App::new(
        Model::builtin().expect("valid"),
        "built-in",
        (width, height),
    )
    .expect("plannable")
}

fn render(app: &App, theme: Theme) -> Terminal<TestBackend> {
    let (width, height) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| ui::draw(frame, View { app, theme }))
        .expect("draws");
    terminal
}

fn screen(app: &App) -> String {
    render(app, Theme::mono()).backend().to_string()
}

fn overloaded(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    app.update(Action::Change(7.0)); // 42 customers
    app
}

#[test]
fn default_80x24() {
    insta::assert_snapshot!(screen(&app(80, 24)));
}

#[test]
fn default_120x40() {
    insta::assert_snapshot!(screen(&app(120, 40)));
}

#[test]
fn overloaded_80x24() {
    insta::assert_snapshot!(screen(&overloaded(80, 24)));
}

#[test]
fn overloaded_120x40() {
    insta::assert_snapshot!(screen(&overloaded(120, 40)));
}

#[test]
fn too_small_60x20() {
    insta::assert_snapshot!(screen(&app(60, 20)));
}

#[test]
fn help_overlay_120x40() {
    let mut app = app(120, 40);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_overlay_80x24() {
    let mut app = app(80, 24);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn editing_a_value_80x24() {
    let mut app = app(80, 24);
    app.update(Action::StartEdit);
    app.update(Action::EditChar('4'));
    app.update(Action::EditChar('0'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn metrics_focused_in_a_small_terminal_80x24() {
    let mut app = app(80, 24);
    app.update(Action::PrevPane);
    assert_eq!(app.focus(), Focus::Metrics);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn chart_in_a_small_terminal_80x24() {
    let mut app = app(80, 24);
    app.update(Action::ToggleChart);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn a_refused_value_shows_why_in_the_footer() {
    let mut app = app(120, 40);
    app.update(Action::Select(Focus::Counts, 6)); // PTO days
    app.update(Action::StartEdit);
    for c in "300".chars() {
        app.update(Action::EditChar(c));
    }
    app.update(Action::EditCommit);
    let text = screen(&app);
    assert!(
        text.contains("Refused: 2,400 h of PTO (300 days × 8 h) leaves no working time"),
        "{text}"
    );
    assert!(
        text.contains("PTO days                                56"),
        "the old value stays:\n{text}"
    );
}

#[test]
fn every_size_from_one_by_one_draws_without_panicking() {
    for width in (1..=130).step_by(7) {
        for height in (1..=45).step_by(4) {
            let mut app = overloaded(width, height);
            app.update(Action::ToggleHelp);
            let _ = screen(&app);
            app.update(Action::ToggleHelp);
            let text = screen(&app);
            if width < ui::MIN_WIDTH || height < ui::MIN_HEIGHT {
                assert!(
                    text.replace(['\n', '"', '│', ' '], "")
                        .contains("terminaltoo")
                        || width * height < 40,
                    "{width}×{height}:\n{text}"
                );
            }
        }
    }
}

#[test]
fn the_screen_and_the_report_agree() {
    // The figures on screen come from the same engine and formatting as
    // `tamplan report`: the overloaded total and warning appear verbatim.
    let text = screen(&overloaded(120, 40));
    assert!(text.contains("1,821.60"), "{text}");
    assert!(
        text.contains("▲ OVERLOADED · 112 % · 189.6 h over"),
        "{text}"
    );
    assert!(text.contains("Book capacity: 35 customers (-7)"), "{text}");
    assert!(text.contains("42 (35)"), "{text}");
}

#[test]
fn no_color_means_no_colours_anywhere() {
    let terminal = render(&overloaded(120, 40), Theme::mono());
    for cell in terminal.backend().buffer().content() {
        assert_eq!(cell.fg, Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, Color::Reset, "{cell:?}");
    }
}

#[test]
fn colour_follows_the_status() {
    let terminal = render(&overloaded(120, 40), Theme::color());
    let buffer = terminal.backend().buffer();
    let badge = buffer
        .content()
        .iter()
        .find(|cell| cell.symbol() == "▲")
        .expect("the badge");
    assert_eq!(badge.bg, Color::Red);
    let terminal = render(&app(120, 40), Theme::color());
    let buffer = terminal.backend().buffer();
    let badge = buffer
        .content()
        .iter()
        .find(|cell| cell.symbol() == "●")
        .expect("the badge");
    assert_eq!(badge.bg, Color::Yellow);
}

#[test]
fn text_from_the_model_file_is_sanitized() {
    let text = tamplan::domain::model::DEFAULT_MODEL_TOML
        .replacen(
            "task = \"Gainsight work\"",
            "task = \"Gain\\u001b[2Jsight\\u0007\"",
            1,
        )
        .replacen(
            "name = \"TAM Segment: Named\"",
            "name = \"Evil\\u001b]0;title\\u0007\"",
            1,
        );
    let model = Model::parse(&text, "evil.toml").expect("valid");
    let app = App::new(model, "evil.toml", (120, 40)).expect("plannable");
    let terminal = render(&app, Theme::mono());
    for cell in terminal.backend().buffer().content() {
        assert!(!cell.symbol().chars().any(char::is_control), "{cell:?}");
    }
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Gain [2Jsight"), "{screen}");
}

#[test]
fn the_readme_shows_the_current_screens() {
    // Each text block after `<!-- screen: NAME -->`, in README.md and in
    // every docs/*.md, is the snapshot NAME (scripts/readme_screen.py
    // writes them).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut guides: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    guides.sort();
    let pages: Vec<(String, String)> = std::iter::once(root.join("README.md"))
        .chain(guides)
        .map(|path| {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            let text = std::fs::read_to_string(&path).expect("a page");
            (name, text)
        })
        .collect();
    let screens = [
        ("overloaded_120x40", screen(&overloaded(120, 40))),
        ("quarter_view_80x24", screen(&summer_plan(80, 24))),
        ("calibration_view_80x24", screen(&with_logged(80, 24))),
        ("team_view_80x24", {
            use tamplan::tui::team::{Column, TeamAction};
            let (mut app, _dir) = team_app(80, 24);
            app.update(TeamAction::Sort(Column::Utilization));
            app.update(TeamAction::Sort(Column::Utilization));
            team_screen(&app)
        }),
    ];
    // Every section is there, where the README's sections moved to: a
    // screen block never swallows its neighbours.
    for (file, heading) in [
        ("README.md", "## A tour of the commands"),
        ("docs/planner.md", "# The planner"),
        ("docs/planner.md", "## Keys"),
        ("docs/planner.md", "## Nothing is lost"),
        ("docs/scenarios.md", "# Scenarios and the 1:1 review"),
        (
            "docs/calibration.md",
            "# Calibration: the plan against the weeks worked",
        ),
        ("docs/calibration.md", "## How fast"),
        ("docs/team.md", "# The team: `tamplan team`"),
        ("docs/team.md", "## The team view"),
        (
            "docs/files.md",
            "## Checking model, scenario and rules files",
        ),
        ("docs/reference.md", "## What the numbers mean"),
    ] {
        let (_, text) = pages
            .iter()
            .find(|(name, _)| name == file)
            .unwrap_or_else(|| panic!("there is no {file}"));
        assert!(
            text.lines().any(|line| line == heading),
            "{file} lacks {heading:?}"
        );
    }
    let mut pinned = std::collections::HashSet::new();
    for (file, text) in &pages {
        for part in text.split("<!-- screen: ").skip(1) {
            let (name, rest) = part
                .split_once(" -->\n")
                .unwrap_or_else(|| panic!("{file} has a screen marker without its end"));
            let (_, screen) = screens
                .iter()
                .find(|(known, _)| *known == name)
                .unwrap_or_else(|| {
                    panic!("{file} pins {name:?}, a screen this test does not draw")
                });
            let block = rest
                .strip_prefix("```text\n")
                .and_then(|rest| rest.split("\n```").next())
                .unwrap_or_else(|| {
                    panic!("{file}'s {name} marker is not followed by a text block")
                });
            let expected: Vec<&str> = screen
                .lines()
                .map(|line| line.trim_matches('"').trim_end())
                .collect();
            let shown: Vec<&str> = block.lines().collect();
            assert_eq!(
                shown, expected,
                "{file}'s {name} block is stale; run scripts/readme_screen.py"
            );
            pinned.insert(name);
        }
    }
    for (name, _) in &screens {
        assert!(
            pinned.contains(name),
            "neither README.md nor docs/ has a {name} block"
        );
    }
}

fn mouse(
    kind: ratatui::crossterm::event::MouseEventKind,
    column: u16,
    row: u16,
) -> ratatui::crossterm::event::Event {
    ratatui::crossterm::event::Event::Mouse(ratatui::crossterm::event::MouseEvent {
        kind,
        column,
        row,
        modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
    })
}

fn step(app: &mut App, event: &ratatui::crossterm::event::Event) {
    if let tamplan::tui::planner::keys::Control::Act(action) =
        tamplan::tui::planner::keys::control(app, event)
    {
        app.update(action);
    }
}

#[test]
fn clicks_select_what_was_drawn_and_the_wheel_scrolls() {
    use ratatui::crossterm::event::{MouseButton, MouseEventKind};
    let mut app = app(120, 40);
    let text = screen(&app);
    let lines: Vec<&str> = text.lines().collect();
    // Click on the "EBRs" task row (wide layout: the table is on the left).
    let row = lines
        .iter()
        .position(|line| line.contains("↻ EBRs "))
        .expect("EBRs row");
    step(
        &mut app,
        &mouse(
            MouseEventKind::Down(MouseButton::Left),
            10,
            u16::try_from(row).expect("row"),
        ),
    );
    assert_eq!(app.focus(), Focus::Tasks);
    assert_eq!(app.model().rows[app.task_selection()].task, "EBRs");
    // Click on "PTO days" in the counts pane (on the right).
    let row = lines
        .iter()
        .position(|line| line.contains("PTO days"))
        .expect("PTO row");
    step(
        &mut app,
        &mouse(
            MouseEventKind::Down(MouseButton::Left),
            100,
            u16::try_from(row).expect("row"),
        ),
    );
    assert_eq!(app.focus(), Focus::Counts);
    assert_eq!(
        app.selected_input()
            .map(|input| input.name(app.model()).to_owned()),
        Some("pto_days".into())
    );
    // The wheel over the counts pane moves the selection.
    step(
        &mut app,
        &mouse(
            MouseEventKind::ScrollUp,
            100,
            u16::try_from(row).expect("row"),
        ),
    );
    assert_eq!(
        app.selected_input()
            .map(|input| input.name(app.model()).to_owned()),
        Some("hours_per_week".into())
    );
    // A click on a metric selects it.
    let row = lines
        .iter()
        .position(|line| line.contains("Time to Onboard"))
        .expect("metric row");
    step(
        &mut app,
        &mouse(
            MouseEventKind::Down(MouseButton::Left),
            20,
            u16::try_from(row).expect("row"),
        ),
    );
    assert_eq!(app.focus(), Focus::Metrics);
    assert_eq!(
        app.model().metrics[app.metric_selection()].id,
        "time_to_onboard"
    );
    // A click on the header selects nothing.
    let before = (app.focus(), app.metric_selection());
    step(
        &mut app,
        &mouse(MouseEventKind::Down(MouseButton::Left), 5, 0),
    );
    assert_eq!((app.focus(), app.metric_selection()), before);
}

#[test]
fn compare_view_120x40() {
    let mut app = overloaded(120, 40);
    app.update(Action::NextPane);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Change(-3.0)); // EBRs: 9 → 6 h a month
    app.update(Action::ToggleCompare);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn compare_view_80x24() {
    let mut app = overloaded(80, 24);
    app.update(Action::ToggleCompare);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn quit_prompt_80x24() {
    let mut app = overloaded(80, 24);
    app.update(Action::Quit);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn conflict_dialog_and_save_prompt_120x40() {
    let mut app = overloaded(120, 40);
    app.update(Action::SaveConflict {
        path: "/plans/q3.toml".into(),
        disk: String::new(),
    });
    insta::assert_snapshot!("conflict_dialog_120x40", screen(&app));
    app.update(Action::Choose(tamplan::tui::planner::Choice::SaveAs));
    for c in "Q3 stretch".chars() {
        app.update(Action::EditChar(c));
    }
    insta::assert_snapshot!("save_as_prompt_120x40", screen(&app));
}

/// Sizes the issue reviews by eye: every test below runs at all three.
const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (120, 40)];

fn type_value(app: &mut App, text: &str) {
    app.update(Action::StartEdit);
    for c in text.chars() {
        app.update(Action::EditChar(c));
    }
    app.update(Action::EditCommit);
}

/// The example scenario of the README: owner Alex, a note, 40 customers,
/// Special projects at 6 h, an actual for time to first engage.
fn with_example(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    app.update(Action::Opened {
        path: "q3-stretch.toml".into(),
        text: std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/example-scenario.toml"
        ))
        .expect("the example"),
        purpose: tamplan::tui::planner::Pick::Open,
    });
    app
}

#[test]
fn default_100x30() {
    insta::assert_snapshot!(screen(&app(100, 30)));
}

#[test]
fn example_scenario_100x30() {
    insta::assert_snapshot!(screen(&with_example(100, 30)));
}

#[test]
fn large_books_never_cut_a_number() {
    let number = regex::Regex::new(r"^(\d{1,3}(,\d{3})*\.\d\d|\d{1,3}(\.\d)?[kMG])$").expect("re");
    // 400 customers: 11,518.29 h a year; 5,000: 136,112.57 h.
    for (customers, yearly) in [
        ("400", ["11,518.29", "11.5k"]),
        ("5000", ["136,112.57", "136k"]),
    ] {
        for (width, height) in SIZES {
            let mut app = app(width, height);
            type_value(&mut app, customers);
            let text = screen(&app);
            let total = text
                .lines()
                .find(|line| line.contains("Total"))
                .expect("the total row");
            let table = total
                .split('│')
                .find(|pane| pane.contains("Total"))
                .expect("the table's part");
            let cells: Vec<&str> = table
                .split(' ')
                .skip_while(|cell| *cell != "Total")
                .skip(1)
                .filter(|cell| !cell.is_empty())
                .collect();
            assert!(cells.len() >= 2, "{width}×{height}: {total}");
            for cell in &cells {
                assert!(
                    number.is_match(cell),
                    "{width}×{height}: {cell:?} in {total}"
                );
            }
            assert!(
                yearly.iter().any(|y| cells.contains(y)),
                "{width}×{height}: {total}"
            );
        }
    }
    let mut app = app(120, 40);
    type_value(&mut app, "400");
    insta::assert_snapshot!("large_book_120x40", screen(&app));
    app.update(Action::NextPane);
    let text = screen(&app);
    assert!(
        text.contains("Cadence calls: 400 h per month = 4,800.00 h a year"),
        "the selected row's line has the full values:\n{text}"
    );
}

#[test]
fn a_changed_task_shows_its_current_hours_and_the_models() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        app.update(Action::Select(Focus::Tasks, 8)); // Special projects
        type_value(&mut app, "6");
        let text = screen(&app);
        assert!(
            text.contains("Special projects: 6 h per month (model: 13)"),
            "{width}×{height}:\n{text}"
        );
        assert!(
            text.contains("Special projects (13/mo)"),
            "{width}×{height}:\n{text}"
        );
    }
}

#[test]
fn recorded_actuals_owner_and_note_are_on_screen() {
    for (width, height) in SIZES {
        let mut app = with_example(width, height);
        let text = screen(&app);
        assert!(
            text.contains("Q3 stretch · Alex"),
            "{width}×{height}:\n{text}"
        );
        app.update(Action::PrevPane); // metrics
        let engage = app
            .model()
            .metrics
            .iter()
            .position(|m| m.id == "time_to_first_engage")
            .expect("metric");
        app.update(Action::Select(Focus::Metrics, engage));
        let text = screen(&app);
        assert!(
            text.contains("12 days · Time to first"),
            "{width}×{height}:\n{text}"
        );
        assert!(
            text.contains("12 days · met, target: within 14 days"),
            "{width}×{height}:\n{text}"
        );
        app.update(Action::ToggleCompare);
        let text = screen(&app);
        assert!(
            text.contains("Q3 stretch · Alex · “Agreed in the 1"),
            "{width}×{height}:\n{text}"
        );
        assert!(
            text.contains("no data → 12 days met · Time to first"),
            "{width}×{height}:\n{text}"
        );
    }
}

#[test]
fn the_two_weekly_columns_are_explained() {
    let text = screen(&app(120, 40));
    assert!(
        text.contains("Work wk: a week you work · Weekly: calendar-week average"),
        "{text}"
    );
    let text = screen(&app(80, 24));
    assert!(text.contains("Work wk: hours in a week you work"), "{text}");
    let mut app = app(120, 40);
    app.update(Action::ToggleHelp);
    let text = screen(&app);
    assert!(
        text.contains("Work wk") && text.contains("calendar-week average, PTO weeks spread in"),
        "{text}"
    );
}

#[test]
fn small_screens_keep_the_name_unsaved_help_and_quit() {
    for (width, height) in SIZES {
        let mut app = with_example(width, height);
        app.update(Action::Change(1.0));
        for _ in 0..3 {
            let text = screen(&app);
            let first = text.lines().next().expect("header");
            assert!(
                first.contains("Q3 stretch") && first.contains("[unsaved]"),
                "{width}×{height}: {first}"
            );
            let last = text.lines().last().expect("footer");
            assert!(last.contains("? help · q quit"), "{width}×{height}: {last}");
            app.update(Action::NextPane);
        }
        app.update(Action::ToggleCompare);
        let text = screen(&app);
        let last = text.lines().last().expect("footer");
        assert!(last.contains("? help · q quit"), "{width}×{height}: {last}");
    }
}

#[test]
fn every_cut_name_ends_in_an_ellipsis() {
    // A cut shows as a word running into the border: "Review releas│".
    // Every line of every pane either ends in a whole word, "…", or space.
    for (width, height) in SIZES {
        for app in [overloaded(width, height), with_example(width, height)] {
            let text = screen(&app);
            for line in text.lines() {
                for cut in [
                    "Review releas│",
                    "Professional │",
                    "pos│",
                    "30 minutes for│",
                ] {
                    assert!(!line.contains(cut), "{width}×{height}: {line}");
                }
            }
        }
    }
}

#[test]
fn the_chart_bars_start_in_one_column() {
    for customers in ["35", "5000"] {
        let mut app = app(80, 24);
        type_value(&mut app, customers);
        app.update(Action::ToggleChart);
        let text = screen(&app);
        let starts: Vec<usize> = text
            .lines()
            .filter_map(|line| {
                // The chart is right of the 35-column left pane.
                line.chars().skip(36).position(|c| "█▏▎▍▌▋▊▉".contains(c))
            })
            .collect();
        assert!(starts.len() > 5, "{text}");
        assert!(
            starts.windows(2).all(|w| w[0] == w[1]),
            "{starts:?}\n{text}"
        );
    }
}

#[test]
fn absurd_books_shorten_figures_never_cut_them() {
    // A billion customers: every figure on screen shortened, none cut.
    for (width, height) in SIZES {
        let mut app = app(width, height);
        type_value(&mut app, "1000000000");
        let text = screen(&app);
        let header = text.lines().next().expect("header");
        assert!(header.contains("h over"), "{width}×{height}: {header}");
        let planned = text
            .lines()
            .find_map(|line| line.split("Planned ").nth(1))
            .and_then(|rest| rest.split('│').next())
            .expect("planned line");
        assert!(
            planned.starts_with("27.1G h of 1.6k h")
                || planned.starts_with("27,085,714,969.7 h of 1,632 h"),
            "{width}×{height}: {planned}"
        );
        assert!(!planned.contains('…'), "{width}×{height}: {planned}");
    }
}

/// PTO bunched in summer, a 4-day week and an 85 % target: the plan the
/// quarter view is for.
fn summer_plan(width: u16, height: u16) -> App {
    use tamplan::tui::planner::quarters::QuarterAction;
    let mut app = app(width, height);
    app.update(Action::ToggleQuarters);
    app.update(Action::Quarter(QuarterAction::Down));
    app.update(Action::Quarter(QuarterAction::Down));
    app.update(Action::Quarter(QuarterAction::Change(12.0)));
    app
}

#[test]
fn quarter_view_80x24() {
    insta::assert_snapshot!(screen(&summer_plan(80, 24)));
}

#[test]
fn quarter_view_120x40() {
    let mut app = summer_plan(120, 40);
    app.update(Action::Select(Focus::Counts, 9)); // target utilization
    app.update(Action::Change(-3.0));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_quarter_view_names_the_quarter_that_breaks() {
    for (width, height) in SIZES {
        let text = screen(&summer_plan(width, height));
        assert!(text.contains("Q3"), "{width}×{height}:\n{text}");
        assert!(text.contains("131 %"), "{width}×{height}:\n{text}");
        let last = text.lines().last().expect("footer");
        assert!(last.contains("? help · q quit"), "{width}×{height}: {last}");
    }
}

#[test]
fn the_gauge_marks_the_target_and_the_book_line_gives_both_capacities() {
    let mut app = app(120, 40);
    app.update(Action::Select(Focus::Counts, 9)); // target utilization
    app.update(Action::Change(-3.0)); // 85 %
    let text = screen(&app);
    assert!(
        text.contains("Target utilization            85 % (100 %)"),
        "{text}"
    );
    assert!(text.contains("35 at 100 %, 25 at 85 %"), "{text}");
    let gauge = text
        .lines()
        .find(|line| line.contains('█') && line.contains("h spare"))
        .expect("the gauge");
    assert!(gauge.contains('┃'), "the target's mark: {gauge}");
    let warnings: Vec<String> = app
        .plan()
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("244.8 h above the 85 % target"))
            && text.contains("! Planned 1,632 h is 244.8 h above the 85 %"),
        "the warning on screen:\n{text}"
    );
}

// ----------------------------------------------------------- team view --

/// The team view on three plans (one stale, one over), a file that did not
/// load, and a book of 100, at a fixed clock.
fn team_app(width: u16, height: u16) -> (tamplan::tui::team::TeamApp, tempfile::TempDir) {
    use tamplan::tui::team::{TeamAction, TeamApp, plan_from};
    let dir = tempfile::TempDir::new().expect("temp dir");
    let model = Model::builtin().expect("valid");
    let mut plans = Vec::new();
    for (file, owner, customers, saved) in [
        ("ana.toml", "Ana", 30, "2026-11-01T10:00:00+01:00"),
        ("ben.toml", "Ben", 40, "2026-06-01T10:00:00+01:00"),
        ("cleo.toml", "Cleo", 35, "2026-11-20T10:00:00+01:00"),
    ] {
        let path = dir.path().join(file);
        let text = format!(
            "name = \"{owner} FY27\"\nowner = \"{owner}\"\nsaved = {saved}\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = {customers}.0\n"
        );
        plans.push(plan_from(&model, &path, text).expect("a plan"));
    }
    let problems = vec![tamplan::domain::team::Problem::error(
        "broken.toml".to_owned(),
        "broken.toml:1:5: key with no value, expected `=`".to_owned(),
    )];
    let paths = tamplan::io::store::Paths {
        data_dir: dir.path().join("data"),
        config_dir: dir.path().join("config"),
    };
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00").expect("date");
    let mut app = TeamApp::new(
        model,
        "built-in".to_owned(),
        tamplan::tui::planner::Settings::new(&paths, "built-in"),
        plans,
        problems,
        Some(100),
        Some(35),
        now,
    );
    app.update(TeamAction::Resize(width, height));
    (app, dir)
}

fn team_screen(app: &tamplan::tui::team::TeamApp) -> String {
    use tamplan::tui::Screen as _;
    let (width, height) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| app.draw(frame, Theme::mono()))
        .expect("draws");
    terminal.backend().to_string()
}

#[test]
fn team_view_120x40() {
    let (app, _dir) = team_app(120, 40);
    insta::assert_snapshot!(team_screen(&app));
}

#[test]
fn team_view_80x24() {
    use tamplan::tui::team::{Column, TeamAction};
    let (mut app, _dir) = team_app(80, 24);
    app.update(TeamAction::Sort(Column::Utilization));
    app.update(TeamAction::Sort(Column::Utilization));
    insta::assert_snapshot!(team_screen(&app));
}

#[test]
fn the_team_view_keeps_help_and_quit_and_fits_every_size() {
    for width in (1..=130).step_by(9) {
        for height in (1..=45).step_by(5) {
            let (app, _dir) = team_app(width, height);
            let text = team_screen(&app);
            if width >= 60 && height >= 12 {
                let last = text.lines().last().expect("footer");
                assert!(last.contains("? help · q quit"), "{width}×{height}: {last}");
            }
        }
    }
}

// ------------------------------------------------------ calibration view --

/// The planner as `tamplan --timesheet tests/fixtures/timesheets/plain.csv`
/// opens it with the starter rules (the README's calibration example), on
/// 2026-12-07, with the calibration view shown.
fn with_logged(width: u16, height: u16) -> App {
    use tamplan::domain::calibration::Logged;
    use tamplan::io::timesheet::{Options, read};
    let mut app = app(width, height);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
    let rules = tamplan::io::rules::parse(tamplan::io::rules::STARTER, "rules.toml", app.model())
        .expect("the starter rules");
    let plain = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/timesheets/plain.csv"
    ));
    let options = Options {
        from: None,
        to: None,
        today,
        hours_per_day: 8.0,
        tz: None,
        weeks_before: 13,
    };
    let logs = read(&[plain], &options).expect("reads");
    app.set_logged(Logged {
        sheet: logs.sheet,
        rules,
        range: logs.range,
        earliest: logs.earliest,
        today,
    });
    app.update(Action::ToggleLogged);
    app
}

#[test]
fn calibration_view_120x40() {
    insta::assert_snapshot!(screen(&with_logged(120, 40)));
}

#[test]
fn calibration_view_80x24() {
    insta::assert_snapshot!(screen(&with_logged(80, 24)));
}

#[test]
fn applying_the_logged_hours_is_one_undoable_step() {
    let mut app = with_logged(120, 40);
    app.update(Action::ApplyLogged);
    // Cadence calls: 10 h over 1.8 working weeks.
    assert!((app.plan().rows[0].per_working_week - 10.0 / 1.8).abs() < 1e-9);
    let text = screen(&app);
    assert!(
        text.contains("Applied the logged weeks to 13 tasks"),
        "{text}"
    );
    app.update(Action::Undo);
    assert!((app.plan().rows[0].per_working_week - 420.0 / 40.8).abs() < 1e-9);
}

/// A model of `rows` fixed tasks, `Task 0` … , 1 h a month each.
fn big_app(rows: usize, width: u16, height: u16) -> App {
    use std::fmt::Write as _;
    let mut text = String::from(
        "name = \"Big\"\n[capacity]\nhours_per_week = 40\nweeks_per_year = 52\npto_days = 56\nhours_per_day = 8\n",
    );
    for i in 0..rows {
        let _ = write!(
            text,
            "[[rows]]\ntask = \"Task {i}\"\nhours = 0.01\nper = \"month\"\n"
        );
    }
    let model = Model::parse(&text, "big.toml").expect("valid");
    App::new(model, "big.toml", (width, height)).expect("plannable")
}

#[test]
fn a_model_of_ten_thousand_rows_draws_the_rows_in_sight_wherever_the_selection_is() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = big_app(10_000, width, height);
        for (selected, first_shown) in [(0, "Task 0 "), (5_000, "Task 5000"), (9_999, "Task 9999")]
        {
            app.update(Action::Select(Focus::Tasks, selected));
            let screen = screen(&app);
            assert!(
                screen.contains(first_shown),
                "{selected} at {width}x{height}:\n{screen}"
            );
            if selected > 0 {
                // The table's rows start at its border; the chart beside it
                // lists the largest tasks, `Task 0` among them.
                assert!(
                    !screen.contains("┃  Task 0 "),
                    "scrolled away from the top:\n{screen}"
                );
            }
        }
        // The total is the whole model's, not the rows drawn.
        assert!(screen(&app).contains("Planned 1,200 h"), "{}", screen(&app));
    }
}

/// Drawing builds only the rows in sight: a frame with 10,000 rows costs a
/// few times one with the handbook's 13, not hundreds of times (it was
/// about 100 times before).
#[test]
fn drawing_ten_thousand_rows_costs_about_what_thirteen_do() {
    let time = |app: &App| {
        (0..7)
            .map(|_| {
                let start = std::time::Instant::now();
                let _ = render(app, Theme::color());
                start.elapsed()
            })
            .min()
            .expect("seven draws")
            .as_secs_f64()
    };
    let small = time(&app(120, 40));
    let big = time(&big_app(10_000, 120, 40));
    assert!(
        big < small * 10.0,
        "10,000 rows drew in {:.1}× the time of 13 ({small:.5} s, {big:.5} s)",
        big / small
    );
}

#[test]
fn the_calibration_view_moves_its_range_a_week_and_never_past_today() {
    let mut app = with_logged(120, 40);
    assert!(screen(&app).contains("Logged 2026-11-02 to 2026-11-13"));
    app.update(Action::MoveLogged(-1));
    let moved = screen(&app);
    assert!(moved.contains("Logged 2026-10-26 to 2026-11-06"), "{moved}");
    for _ in 0..5 {
        app.update(Action::MoveLogged(1));
    }
    // From 2026-11-30 the range would end on 2026-12-11, after today: it
    // is cut at today.
    let last = screen(&app);
    assert!(last.contains("Logged 2026-11-30 to 2026-12-07"), "{last}");
    app.update(Action::MoveLogged(1));
    let refused = screen(&app);
    assert!(refused.contains("already ends today"), "{refused}");
    // Back before the first day read (13 weeks before the range) is
    // refused too.
    for _ in 0..18 {
        app.update(Action::MoveLogged(-1));
    }
    let first = screen(&app);
    assert!(first.contains("cannot start before 2026-08-03"), "{first}");
}

#[test]
fn a_quarter_period_basis_says_times_four() {
    for (width, height) in [(120, 40), (100, 30), (80, 24)] {
        let mut app = app(width, height);
        app.update(Action::EditCalendar);
        for c in "2027 Q1".chars() {
            app.update(Action::EditChar(c));
        }
        app.update(Action::EditCommit);
        let text = screen(&app);
        // 64 weekdays × 8 h × 4 quarters = 2,048 h gross, as the report says.
        assert!(
            text.contains("64 × 8 h × 4 − 56 PTO days"),
            "{width}x{height}:\n{text}"
        );
    }
}

#[test]
fn the_logged_hint_names_icalendar() {
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = app(width, height);
        app.update(Action::ToggleLogged);
        let text = screen(&app);
        assert!(text.contains("iCalendar"), "{width}x{height}:\n{text}");
    }
}

/// The keys as the event loop reads them, applied.
fn press(app: &mut App, code: ratatui::crossterm::event::KeyCode) {
    use ratatui::crossterm::event::{Event, KeyEvent, KeyModifiers};
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let tamplan::tui::planner::keys::Control::Act(action) =
        tamplan::tui::planner::keys::control(app, &event)
    {
        app.update(action);
    }
}

#[test]
fn c_works_wherever_the_footer_offers_it() {
    use ratatui::crossterm::event::KeyCode;
    for (width, height) in [(120, 40), (100, 30), (80, 24)] {
        for tabs in 0..3 {
            let mut app = app(width, height);
            for _ in 0..tabs {
                press(&mut app, KeyCode::Tab);
            }
            let before = screen(&app);
            let footer = before.lines().last().unwrap_or_default().to_owned();
            let offered = footer.contains("c chart") || footer.contains("c table");
            press(&mut app, KeyCode::Char('c'));
            let after = screen(&app);
            if offered {
                assert_ne!(before, after, "{width}x{height}, {tabs} tabs: {footer}");
                // And back.
                press(&mut app, KeyCode::Char('c'));
                assert_eq!(screen(&app), before, "{width}x{height}, {tabs} tabs");
            }
        }
    }
    // The compact tasks pane offers it, and shows the chart in the table's
    // place.
    let mut app = app(80, 24);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Tasks);
    assert!(screen(&app).contains("c chart"));
    press(&mut app, KeyCode::Char('c'));
    let text = screen(&app);
    assert!(text.contains("c table"), "{text}");
}

#[test]
fn esc_closes_a_message_or_an_overlay_and_never_asks_to_quit() {
    use ratatui::crossterm::event::KeyCode;
    use tamplan::tui::planner::Modal;
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Char('u')); // "Nothing to undo"
    assert_eq!(app.message(), Some("Nothing to undo"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.message(), None, "Esc closes the message");
    assert!(app.modal().is_none());
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Char('+')); // unsaved
    press(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none(), "Esc never opens the quit dialog");
    assert!(!app.should_quit());
    for open in [
        KeyCode::Char('?'),
        KeyCode::Char('v'),
        KeyCode::Char('4'),
        KeyCode::Char('p'),
    ] {
        let before = screen(&app);
        press(&mut app, open);
        assert_ne!(screen(&app), before, "{open:?} opens something");
        press(&mut app, KeyCode::Esc);
        assert_eq!(screen(&app), before, "Esc after {open:?} closes it");
        assert!(!matches!(app.modal(), Some(Modal::Unsaved(_))));
    }
    // `q` quits: it asks, since the plan has changes.
    press(&mut app, KeyCode::Char('q'));
    assert!(matches!(app.modal(), Some(Modal::Unsaved(_))));
}

#[test]
fn the_team_view_at_80x24_shows_the_files_not_loaded_and_stale_plans() {
    let (app, _dir) = team_app(80, 24);
    let text = team_screen(&app);
    assert!(text.contains("Not loaded: broken.toml:1:5"), "{text}");
    // Ben's plan was saved 175 days ago; the Saved column does not fit.
    assert!(text.contains("Stale: Ben (saved 175 d ago)"), "{text}");
}

// ---------------------------------------------------- thousands separators --

/// A book of thousands: 1 h a year a customer at 1,200, 156 h fixed.
const BIG_BOOK: &str = "name = \"Digital book\"\nwarn_at = 0.9\n[capacity]\nhours_per_week = 40\nweeks_per_year = 52\npto_days = 56\nhours_per_day = 8\n[[counts]]\nname = \"customers\"\nlabel = \"Customers in book\"\ndefault = 1200\n[[rows]]\ntask = \"Digital touch\"\nhours = 100\nper = \"month\"\nscales_with = \"customers\"\n[[rows]]\ntask = \"Team meetings\"\nhours = 13\nper = \"month\"\n";

/// A plan of 10¹² customers: its utilization (billions of percent) is
/// shortened and the gauge gives up cells, so the figure is whole and the
/// next column starts where it does on every other row.
#[test]
fn a_huge_utilization_stays_in_its_column_of_the_team_view() {
    use tamplan::tui::team::{TeamAction, TeamApp, plan_from};
    let dir = tempfile::TempDir::new().expect("temp dir");
    let model = Model::builtin().expect("valid");
    let mut plans = Vec::new();
    for (owner, customers) in [("Ana", "30"), ("Zed", "1e12")] {
        let text = format!(
            "name = \"{owner} FY27\"\nowner = \"{owner}\"\nsaved = 2026-11-01T10:00:00+01:00\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = {customers}\n"
        );
        let path = dir.path().join(format!("{owner}.toml"));
        plans.push(plan_from(&model, &path, text).expect("a plan"));
    }
    let paths = tamplan::io::store::Paths {
        data_dir: dir.path().join("data"),
        config_dir: dir.path().join("config"),
    };
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00").expect("date");
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = TeamApp::new(
            model.clone(),
            "built-in".to_owned(),
            tamplan::tui::planner::Settings::new(&paths, "built-in"),
            plans.clone(),
            Vec::new(),
            None,
            Some(35),
            now,
        );
        app.update(TeamAction::Resize(width, height));
        let text = team_screen(&app);
        let row = |owner: &str| {
            text.lines()
                .find(|l| l.contains(&format!("{owner} ")) && l.contains(" %"))
                .unwrap_or_else(|| panic!("{owner}'s row in {text}"))
                .to_owned()
        };
        let (ana, zed) = (row("Ana"), row("Zed"));
        assert!(zed.contains("1.7T %"), "{width}×{height}: {text}");
        assert!(!text.contains("1,659"), "{width}×{height}: {text}");
        // The figure ends where Ana's does.
        let end = |line: &str, figure: &str| {
            line.find(figure)
                .map(|i| line[..i + figure.len()].chars().count())
        };
        assert_eq!(
            end(&zed, "1.7T %"),
            end(&ana, "92 %"),
            "{width}×{height}: {text}"
        );
    }
}

#[test]
fn the_planner_and_the_team_view_group_thousands() {
    use tamplan::tui::team::{TeamAction, TeamApp, plan_from};
    let model = Model::parse(BIG_BOOK, "big.toml").expect("valid");
    for (width, height) in SIZES {
        let mut app = App::new(model.clone(), "big.toml", (width, height)).expect("plannable");
        type_value(&mut app, "2500");
        let text = screen(&app);
        assert_eq!(ungrouped(&text), Vec::<String>::new(), "{text}");
        assert!(text.contains("2,500 (1,200)"), "{width}×{height}: {text}");
        app.update(Action::ToggleQuarters);
        let text = screen(&app);
        assert_eq!(ungrouped(&text), Vec::<String>::new(), "{text}");
    }

    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut plans = Vec::new();
    for (owner, customers) in [("Ana", 1300), ("Ben", 2500)] {
        let text = format!(
            "name = \"{owner}\"\nowner = \"{owner}\"\nsaved = 2023-01-02T10:00:00+00:00\nmodel = \"Digital book\"\n[counts]\ncustomers = {customers}.0\n"
        );
        let path = dir.path().join(format!("{owner}.toml"));
        plans.push(plan_from(&model, &path, text).expect("a plan"));
    }
    let paths = tamplan::io::store::Paths {
        data_dir: dir.path().join("data"),
        config_dir: dir.path().join("config"),
    };
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00").expect("date");
    for (width, height) in SIZES {
        let mut app = TeamApp::new(
            model.clone(),
            "big.toml".to_owned(),
            tamplan::tui::planner::Settings::new(&paths, "big.toml"),
            plans.clone(),
            Vec::new(),
            Some(12_000),
            Some(1_476),
            now,
        );
        app.update(TeamAction::Resize(width, height));
        let text = team_screen(&app);
        assert_eq!(ungrouped(&text), Vec::<String>::new(), "{text}");
        assert!(text.contains("12,000"), "{width}×{height}: {text}");
    }
}

/// 60 customers in 2027 with PTO bunched in summer: seven warnings, more
/// than the warnings pane holds at any size.
fn many_warnings(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    app.update(Action::Opened {
        path: "busy.toml".into(),
        text: "name = \"Busy\"\nyear = 2027\n[counts]\ncustomers = 60\n\
               [capacity]\npto_by_quarter = [10, 10, 26, 10]\n"
            .to_owned(),
        purpose: tamplan::tui::planner::Pick::Open,
    });
    app.update(Action::Dismiss); // "Opened Busy"
    app
}

#[test]
fn every_warning_is_reachable_with_w() {
    use ratatui::crossterm::event::KeyCode;
    for (width, height) in SIZES {
        let mut app = many_warnings(width, height);
        let warnings: Vec<String> = app
            .plan()
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(warnings.len(), 7, "{warnings:?}");
        let text = screen(&app);
        // The pane cuts them, so the footer offers the list.
        assert!(
            !warnings.iter().all(|w| text.contains(&w[..20])),
            "{width}×{height}: the pane holds them all?\n{text}"
        );
        let footer = text.lines().last().expect("footer");
        assert!(footer.contains("w warnings"), "{width}×{height}: {footer}");
        press(&mut app, KeyCode::Char('w'));
        let mut seen = screen(&app);
        assert!(seen.contains("Warnings (7)"), "{width}×{height}:\n{seen}");
        for _ in 0..20 {
            press(&mut app, KeyCode::Down);
            seen.push_str(&screen(&app));
        }
        for start in [
            "Planned 2,309.1 h exceeds",
            "A working week averages",
            "The book holds 60 customers",
            "Q1 2027 is overloaded",
            "Q2 2027 is overloaded",
            "Q3 2027 is overloaded",
            "Q4 2027 is overloaded",
        ] {
            assert!(seen.contains(start), "{width}×{height}: {start}\n{seen}");
        }
        // Esc closes the list; the planner stays.
        press(&mut app, KeyCode::Esc);
        assert!(!screen(&app).contains("Esc closes"), "{width}×{height}");
        assert!(!app.should_quit());
    }
}

#[test]
fn warnings_list_120x40() {
    let mut app = many_warnings(120, 40);
    press(&mut app, ratatui::crossterm::event::KeyCode::Char('w'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn warnings_list_80x24() {
    let mut app = many_warnings(80, 24);
    press(&mut app, ratatui::crossterm::event::KeyCode::Char('w'));
    insta::assert_snapshot!(screen(&app));
}

/// The comparison of the handbook plan counted in 2027 with the model
/// defaults (52 weeks): available 1,632 → 1,640 h (261 weekdays × 8 h −
/// 448 h of PTO), utilization 100 → 99.5 %.
#[test]
fn the_comparison_shows_a_changed_calendar_year_and_the_available_hours() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        app.update(Action::EditCalendar);
        for c in "2027 Q1".chars() {
            app.update(Action::EditChar(c));
        }
        app.update(Action::EditCommit);
        app.update(Action::ToggleCompare);
        let text = screen(&app);
        // 2027 Q1: 64 weekdays × 8 h × 4 = 2,048 h − 448 h = 1,600 h.
        // At 80 columns in short: "1,632 → 1,600 h avail. · 52 wk → 2027 Q1".
        assert!(
            text.contains("Available 1,632 → 1,600 h · counted in 52 weeks → 2027 Q1")
                || (width < 100 && text.contains("1,632 → 1,600 h avail. · 52 wk → 2027 Q1")),
            "{width}×{height}:\n{text}"
        );
    }
}

/// The team view while its folder is read: two plans so far of 5,000
/// found, and how far reading has got in the totals line.
#[test]
fn team_view_while_reading_80x24() {
    use tamplan::tui::team::{Loading, TeamAction, TeamApp};
    let (done, dir) = team_app(80, 24);
    let paths = tamplan::io::store::Paths {
        data_dir: dir.path().join("data"),
        config_dir: dir.path().join("config"),
    };
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00").expect("date");
    let mut app = TeamApp::loading(
        done.model().clone(),
        "built-in".to_owned(),
        tamplan::tui::planner::Settings::new(&paths, "built-in"),
        vec![dir.path().to_path_buf()],
        (Some(100), Some(35)),
        now,
    );
    app.update(TeamAction::Resize(80, 24));
    let searching = team_screen(&app);
    assert!(searching.contains("Looking for plans…"), "{searching}");
    app.update(TeamAction::Loading(Box::new(Loading::Found {
        files: 5_000,
        problems: Vec::new(),
    })));
    app.update(TeamAction::Loading(Box::new(Loading::Read {
        plans: done.plans()[..2].to_vec(),
        problems: Vec::new(),
        read: 2,
    })));
    insta::assert_snapshot!(team_screen(&app));
}

/// Every key of every key table, pressed in the view or overlay the table
/// is for, gives the table's action: the keys, the footer and the help
/// read the same rows, so this walks all three.
#[test]
fn every_key_of_the_planners_tables_does_what_its_row_says() {
    use ratatui::crossterm::event::Event;
    use tamplan::tui::planner::Screen;
    use tamplan::tui::planner::keymap::{self, HELP, WARNINGS};
    use tamplan::tui::planner::keys::{Control, control};
    let views: [(Screen, fn() -> App); 4] = [
        (Screen::Plan, || app(120, 40)),
        (Screen::Compare, || {
            let mut app = app(120, 40);
            app.update(Action::ToggleCompare);
            app
        }),
        (Screen::Quarters, || {
            let mut app = app(120, 40);
            app.update(Action::ToggleQuarters);
            app
        }),
        (Screen::Logged, || with_logged(120, 40)),
    ];
    let mut pressed = 0;
    for (screen, open) in views {
        let app = open();
        assert_eq!(app.screen(), screen);
        let mut seen = std::collections::HashSet::new();
        for table in keymap::tables(screen) {
            for row in *table {
                for key in row.keys {
                    // A key an earlier table takes is that table's.
                    if !seen.insert(format!("{key:?}")) {
                        continue;
                    }
                    let expected = row.action.clone().map_or(Control::Ignore, Control::Act);
                    assert_eq!(
                        control(&app, &Event::Key(key.event())),
                        expected,
                        "{screen:?}: {key:?}"
                    );
                    pressed += 1;
                }
            }
        }
        for (overlay, table) in [
            (Action::ToggleHelp, HELP),
            (Action::ToggleWarnings, WARNINGS),
        ] {
            let mut app = open();
            app.update(overlay);
            for row in table {
                for key in row.keys {
                    let expected = row.action.clone().map_or(Control::Ignore, Control::Act);
                    assert_eq!(control(&app, &Event::Key(key.event())), expected, "{key:?}");
                    pressed += 1;
                }
            }
        }
    }
    assert!(pressed > 150, "{pressed} keys pressed");
}

/// The help on each view lists that view's keys.
#[test]
fn the_help_of_each_view_lists_its_own_keys() {
    use tamplan::tui::planner::Screen;
    use tamplan::tui::planner::keymap::help;
    let keys = |screen| help(screen).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    assert!(keys(Screen::Plan).contains(&"v"));
    assert!(keys(Screen::Quarters).contains(&"r"));
    assert!(keys(Screen::Quarters).contains(&"Esc / 4"));
    assert!(keys(Screen::Logged).contains(&"[ ]  ← →"));
    assert!(!keys(Screen::Logged).contains(&"v"), "not a key there");
}

/// A saved plan of 42 customers reviewed on 2026-11-16 at 38: the line
/// under the header says what changed (38 customers: 1,632 h + 3 × 948 h ÷
/// 35 = 1,713.3 h, 105 %; 42: 1,821.6 h, 112 %).
fn reviewed_plan(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    let plan = "format = 2\nname = \"Ana FY27\"\nowner = \"Ana\"\nreviewed = 2026-11-16\n[counts]\ncustomers = 42\n";
    app.update(Action::Opened {
        path: "ana.toml".into(),
        text: plan.to_owned(),
        purpose: tamplan::tui::planner::Pick::Open,
    });
    app.update(Action::Dismiss); // "Opened Ana FY27"
    app.update(Action::SinceRead(Box::new(
        tamplan::tui::planner::SinceRead {
            plan: "ana.toml".into(),
            found: Ok(tamplan::io::reviews::Baseline {
                text: plan.replace("customers = 42", "customers = 38"),
                reviewed: chrono::NaiveDate::from_ymd_opt(2026, 11, 16),
                commit: None,
                copy: Some("reviews/2026-11-16.toml".into()),
                note: None,
            }),
        },
    )));
    app
}

#[test]
fn since_the_last_1_1_80x24() {
    let app = reviewed_plan(80, 24);
    let shown = screen(&app);
    assert!(
        shown.contains("since the last 1:1 (2026-11-16): 38 → 42 customers, 105 % → 112 %"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn since_the_last_1_1_120x40() {
    let app = reviewed_plan(120, 40);
    let shown = screen(&app);
    assert!(
        shown.contains(
            "since the last 1:1 (2026-11-16): 38 → 42 customers, 105 % → 112 %, OVERLOADED"
        ),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

/// Clicks land on what was drawn, one row lower with the line.
#[test]
fn with_the_line_a_click_still_selects_what_is_under_it() {
    let app = reviewed_plan(120, 40);
    let shown = screen(&app);
    // Each row is quoted: the column is the characters before, less one.
    let (row, line) = shown
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains("PTO days"))
        .expect("drawn");
    let byte = line.find("PTO days").expect("there");
    let column = line[..byte].chars().count() - 1;
    let pto = app
        .pane_inputs()
        .iter()
        .position(|input| input.name(app.model()) == "pto_days")
        .expect("in the pane");
    assert_eq!(
        tamplan::tui::planner::ui::hit(
            &app,
            u16::try_from(column).expect("column"),
            u16::try_from(row).expect("row")
        ),
        Some((Focus::Counts, pto))
    );
}

// ------------------------------------------- the export's format choice --

#[test]
fn export_dialog_80x24() {
    let mut app = app(80, 24);
    app.update(Action::Export);
    insta::assert_snapshot!(screen(&app));
}
