//! Tests of the planner's state: every action, and the file work driven
//! the way the event loop drives it.

#![expect(clippy::float_cmp, reason = "whole-number counts compare exactly")]

use super::quarters::QuarterAction;
use super::*;
use crate::domain::engine::Status;
use crate::io::store::Recovery;

fn app() -> App {
    App::new(Model::builtin().expect("valid"), "built-in", (120, 40)).expect("plannable")
}

fn customers(app: &App) -> f64 {
    app.inputs()
        .get(Input::by_name(app.model(), "customers").expect("count"))
}

#[test]
fn opens_on_the_counts_pane_with_customers_selected() {
    let app = app();
    assert_eq!(app.focus(), Focus::Counts);
    assert_eq!(
        app.selected_input()
            .map(|input| input.name(app.model()).to_owned()),
        Some("customers".into())
    );
}

#[test]
fn plus_recomputes_the_plan() {
    let mut app = app();
    app.update(Action::Change(1.0));
    assert_eq!(customers(&app), 36.0);
    assert_eq!(app.plan().status, Status::Over);
    assert!((app.plan().totals.yearly - (1632.0 + 948.0 / 35.0)).abs() < 1e-9);
}

#[test]
fn values_never_go_below_zero() {
    let mut app = app();
    app.update(Action::Change(-10.0));
    app.update(Action::Change(-10.0));
    app.update(Action::Change(-10.0));
    app.update(Action::Change(-10.0));
    assert_eq!(customers(&app), 0.0);
}

#[test]
fn focus_cycles_both_ways() {
    let mut app = app();
    app.update(Action::NextPane);
    assert_eq!(app.focus(), Focus::Tasks);
    app.update(Action::NextPane);
    assert_eq!(app.focus(), Focus::Metrics);
    app.update(Action::NextPane);
    assert_eq!(app.focus(), Focus::Counts);
    app.update(Action::PrevPane);
    assert_eq!(app.focus(), Focus::Metrics);
}

#[test]
fn selection_stays_inside_each_list() {
    let mut app = app();
    app.update(Action::Up);
    assert_eq!(app.counts_selection(), 0);
    for _ in 0..20 {
        app.update(Action::Down);
    }
    assert_eq!(app.counts_selection(), app.pane_inputs().len() - 1);
    app.update(Action::Select(Focus::Tasks, 99));
    assert_eq!(app.focus(), Focus::Tasks);
    assert_eq!(app.task_selection(), app.model().rows.len() - 1);
    app.update(Action::Scroll(Focus::Metrics, -3));
    assert_eq!(app.metric_selection(), 0);
    app.update(Action::Scroll(Focus::Metrics, 3));
    assert_eq!(app.metric_selection(), 3);
}

#[test]
fn plus_changes_what_the_focused_pane_holds() {
    let mut app = app();
    app.update(Action::NextPane);
    app.update(Action::Down); // Customer onboarding: 12 h a quarter
    app.update(Action::Change(1.0));
    assert_eq!(app.inputs().row_hours(1), 13.0);
    assert_eq!(app.plan().rows[1].yearly, 52.0);
    assert_eq!(customers(&app), 35.0);
    app.update(Action::Reset);
    assert_eq!(app.inputs().row_hours(1), 12.0);
    app.update(Action::NextPane);
    app.update(Action::Change(1.0));
    assert!(app.message().is_some_and(|m| m.contains("actual value")));
    app.update(Action::PrevPane);
    assert_eq!(app.message(), None, "the next action clears it");
}

#[test]
fn typing_a_value_commits_on_enter() {
    let mut app = app();
    app.update(Action::StartEdit);
    for c in "42.5".chars() {
        app.update(Action::EditChar(c));
    }
    app.update(Action::EditBackspace);
    app.update(Action::EditChar('0'));
    assert_eq!(app.edit().map(super::action::Edit::text), Some("42.0"));
    assert_eq!(
        app.edit().map(|edit| edit.target),
        Some(EditTarget::Value(app.selected_input().expect("input")))
    );
    app.update(Action::EditCommit);
    assert_eq!(customers(&app), 42.0);
    assert_eq!(app.edit(), None);
}

#[test]
fn bad_typed_input_keeps_the_old_value() {
    let mut app = app();
    app.update(Action::StartEdit);
    for c in "4..2".chars() {
        app.update(Action::EditChar(c));
    }
    app.update(Action::EditCommit);
    assert_eq!(customers(&app), 35.0);
    let message = app.message().expect("a message");
    assert!(
        message.contains("\"4..2\" is not a number") && message.contains("kept 35"),
        "{message}"
    );
}

#[test]
fn escape_cancels_an_edit() {
    let mut app = app();
    app.update(Action::StartEdit);
    app.update(Action::EditChar('9'));
    app.update(Action::EditCancel);
    assert_eq!(app.edit(), None);
    assert_eq!(customers(&app), 35.0);
}

#[test]
fn pto_that_takes_every_hour_is_refused() {
    let mut app = app();
    let pto = app
        .pane_inputs()
        .iter()
        .position(|i| i.name(app.model()) == "pto_days")
        .expect("pto");
    app.update(Action::Select(Focus::Counts, pto));
    app.update(Action::StartEdit);
    for c in "300".chars() {
        app.update(Action::EditChar(c));
    }
    app.update(Action::EditCommit);
    assert_eq!(app.inputs().capacity().pto_days, 56.0);
    assert!(app.message().is_some_and(|m| m.starts_with("Refused: ")));
}

#[test]
fn reset_one_and_reset_all() {
    let mut app = app();
    app.update(Action::Change(5.0));
    app.update(Action::Down);
    app.update(Action::Change(2.0));
    app.update(Action::Reset);
    assert_eq!(customers(&app), 40.0);
    app.update(Action::ResetAll);
    assert_eq!(customers(&app), 35.0);
    assert_eq!(app.plan().totals.yearly, 1632.0);
}

#[test]
fn help_chart_resize_and_quit() {
    let mut app = app();
    app.update(Action::ToggleHelp);
    assert!(app.help());
    app.update(Action::ToggleHelp);
    assert!(!app.help());
    app.update(Action::ToggleChart);
    assert!(app.chart());
    app.update(Action::Resize(80, 24));
    assert_eq!(app.size(), (80, 24));
    assert!(!app.should_quit());
    app.update(Action::Quit);
    assert!(app.should_quit());
}

fn app_in(dir: &std::path::Path) -> App {
    let paths = store::Paths {
        data_dir: dir.join("data"),
        config_dir: dir.join("config"),
    };
    let mut settings = Settings::new(&paths, "built-in");
    settings.owner = "alex".to_owned();
    settings.now =
        || chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+01:00").expect("date");
    App::with_settings(
        Model::builtin().expect("valid"),
        "built-in",
        settings,
        (120, 40),
    )
    .expect("plannable")
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::EditChar(c));
    }
}

/// Carries out file work as the event loop does.
fn run_effects(app: &mut App) {
    let data_dir = app
        .settings()
        .scenarios_dir
        .parent()
        .expect("data dir")
        .to_path_buf();
    let paths = store::Paths {
        config_dir: data_dir.join("config"),
        data_dir,
    };
    let work = crate::tui::Work::inline();
    loop {
        crate::tui::perform_effects(app, &paths, &work);
        // What long jobs posted (the plan since the last 1:1) comes back
        // as the loop hands it on.
        let posted = work.take_posted();
        if posted.is_empty() {
            return;
        }
        for action in posted {
            app.update(action);
        }
    }
}

#[test]
fn undo_and_redo_every_change() {
    let mut app = app();
    app.update(Action::Change(1.0));
    app.update(Action::Change(1.0));
    app.update(Action::Down);
    app.update(Action::Change(2.0));
    app.update(Action::Undo);
    assert_eq!(app.inputs().get(app.pane_inputs()[1]), 3.0);
    app.update(Action::Undo);
    app.update(Action::Undo);
    assert_eq!(customers(&app), 35.0);
    assert!(!app.is_dirty());
    app.update(Action::Undo);
    assert_eq!(app.message(), Some("Nothing to undo"));
    app.update(Action::Redo);
    app.update(Action::Redo);
    assert_eq!(customers(&app), 37.0);
    app.update(Action::Change(1.0));
    app.update(Action::Redo);
    assert_eq!(
        app.message(),
        Some("Nothing to redo"),
        "a new change clears the redo list"
    );
    app.update(Action::ResetAll);
    app.update(Action::Undo);
    assert_eq!(customers(&app), 37.0, "reset all is undone in one step");
    assert_eq!(app.inputs().get(app.pane_inputs()[1]), 4.0);
}

#[test]
fn first_save_asks_name_and_owner_then_later_saves_reuse_the_file() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    app.update(Action::Change(5.0));
    assert!(app.is_dirty());
    app.update(Action::Save);
    assert_eq!(
        app.edit().map(|e| e.target),
        Some(EditTarget::Name { save_as: false })
    );
    type_text(&mut app, "Q3 stretch");
    app.update(Action::EditCommit);
    assert_eq!(
        app.edit().map(|e| (e.target, e.text().to_owned())),
        Some((EditTarget::Owner, "alex".to_owned()))
    );
    app.update(Action::EditCommit);
    run_effects(&mut app);
    let path = dir.path().join("data/scenarios/q3-stretch.toml");
    assert_eq!(app.document().path.as_deref(), Some(path.as_path()));
    assert!(!app.is_dirty());
    let text = std::fs::read_to_string(&path).expect("saved");
    assert!(
        text.contains("customers = 40.0") && text.contains("owner = \"alex\""),
        "{text}"
    );
    assert!(text.contains("saved = 2026-11-22T10:00:00+01:00"), "{text}");
    app.update(Action::Change(1.0));
    app.update(Action::Save);
    assert!(app.edit().is_none(), "no questions the second time");
    run_effects(&mut app);
    assert!(
        std::fs::read_to_string(&path)
            .expect("saved")
            .contains("customers = 41.0")
    );
}

#[test]
fn a_file_changed_behind_the_planners_back_is_never_overwritten_silently() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    app.update(Action::Change(5.0));
    app.update(Action::Save);
    type_text(&mut app, "Plan");
    app.update(Action::EditCommit);
    app.update(Action::EditCommit);
    run_effects(&mut app);
    let path = app.document().path.clone().expect("saved");
    std::fs::write(
        &path,
        "name = \"Plan\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 20\n",
    )
    .expect("theirs");
    app.update(Action::Change(1.0));
    app.update(Action::Save);
    run_effects(&mut app);
    assert!(matches!(app.modal(), Some(Modal::Conflict { .. })));
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("customers = 20"),
        "theirs is kept"
    );
    // Reload takes their version.
    app.update(Action::Choose(Choice::Reload));
    assert_eq!(customers(&app), 20.0);
    assert!(!app.is_dirty());
    // Overwrite writes ours after all.
    app.update(Action::Change(3.0));
    std::fs::write(&path, "name = \"Plan\"\n").expect("theirs again");
    app.update(Action::Save);
    run_effects(&mut app);
    app.update(Action::Choose(Choice::Overwrite));
    run_effects(&mut app);
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("customers = 23.0")
    );
    assert!(app.modal().is_none());
}

#[test]
fn quitting_with_unsaved_changes_asks() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    app.update(Action::Quit);
    assert!(app.should_quit(), "nothing to lose: quits at once");
    let mut app = app_in(dir.path());
    app.update(Action::Change(1.0));
    app.update(Action::Quit);
    assert_eq!(app.modal(), Some(&Modal::Unsaved(Next::Quit)));
    assert!(!app.should_quit());
    app.update(Action::Choose(Choice::Stay));
    assert!(app.modal().is_none() && !app.should_quit());
    app.update(Action::Quit);
    app.update(Action::Choose(Choice::Save));
    type_text(&mut app, "Keep");
    app.update(Action::EditCommit);
    app.update(Action::EditCommit);
    run_effects(&mut app);
    assert!(app.should_quit(), "quits once saved");
    assert!(dir.path().join("data/scenarios/keep.toml").exists());
    let mut app = app_in(dir.path());
    app.update(Action::Change(1.0));
    app.update(Action::Quit);
    app.update(Action::Choose(Choice::Discard));
    assert!(app.should_quit());
}

#[test]
fn open_and_baseline_through_the_picker() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let scenarios = dir.path().join("data/scenarios");
    std::fs::create_dir_all(&scenarios).expect("dir");
    std::fs::write(
        scenarios.join("big.toml"),
        "name = \"Big book\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 42\n",
    )
    .expect("write");
    let mut app = app_in(dir.path());
    app.update(Action::Open);
    run_effects(&mut app);
    assert!(matches!(
        app.modal(),
        Some(Modal::Picker {
            purpose: Pick::Open,
            ..
        })
    ));
    app.update(Action::Choose(Choice::Yes));
    run_effects(&mut app);
    assert_eq!(customers(&app), 42.0);
    assert_eq!(app.document().meta.name, "Big book");
    assert!(!app.is_dirty());
    app.update(Action::Undo);
    assert_eq!(
        customers(&app),
        42.0,
        "undo does not carry another plan into the opened file"
    );
    app.update(Action::PickBaseline);
    run_effects(&mut app);
    app.update(Action::Down);
    app.update(Action::Choose(Choice::Yes));
    run_effects(&mut app);
    assert_eq!(app.baseline().label, "Big book");
    assert!(app.screen() == Screen::Compare);
}

#[test]
fn a_scenario_naming_unknown_things_loads_only_if_the_user_agrees() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    let text = "name = \"Odd\"\n[counts]\ncustomers = 40\nwidgets = 3\n".to_owned();
    let path = dir.path().join("odd.toml");
    app.update(Action::Opened {
        path: path.clone(),
        text: text.clone(),
        purpose: Pick::Open,
    });
    let Some(Modal::Unknown { problems, .. }) = app.modal() else {
        panic!("asks first")
    };
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with(&format!("{}:4:1: count \"widgets\"", path.display())),
        "{problems:?}"
    );
    assert_eq!(customers(&app), 35.0, "nothing loaded yet");
    app.update(Action::Choose(Choice::Discard));
    assert_eq!(customers(&app), 35.0);
    app.update(Action::Opened {
        path,
        text,
        purpose: Pick::Open,
    });
    app.update(Action::Choose(Choice::Yes));
    assert_eq!(customers(&app), 40.0);
    app.update(Action::Opened {
        path: dir.path().join("bad.toml"),
        text: "name = ".to_owned(),
        purpose: Pick::Open,
    });
    assert!(
        app.message().is_some_and(|m| m.starts_with("Not opened: ")),
        "{:?}",
        app.message()
    );
}

#[test]
fn actuals_are_recorded_in_the_metrics_pane() {
    let mut app = app();
    let engage = app
        .model()
        .metrics
        .iter()
        .position(|m| m.id == "time_to_first_engage")
        .expect("metric");
    app.update(Action::Select(Focus::Metrics, engage));
    app.update(Action::StartEdit);
    type_text(&mut app, "12");
    app.update(Action::EditCommit);
    assert_eq!(app.inputs().actual(engage), Some(12.0));
    assert_eq!(app.plan().metrics[engage], engine::MetricStatus::Met);
    app.update(Action::StartEdit);
    assert_eq!(
        app.edit().map(super::action::Edit::text),
        Some("12"),
        "the prompt starts from the value"
    );
    app.update(Action::EditCancel);
    app.update(Action::Reset);
    assert_eq!(app.inputs().actual(engage), None);
    let webinars = app
        .model()
        .metrics
        .iter()
        .position(|m| m.id == "webinars_per_quarter")
        .expect("metric");
    app.update(Action::Select(Focus::Metrics, webinars));
    app.update(Action::StartEdit);
    assert!(app.edit().is_none());
    assert!(
        app.message()
            .is_some_and(|m| m.contains("judged from the plan"))
    );
}

#[test]
fn export_writes_the_summary_and_says_where() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    app.update(Action::Change(7.0));
    app.update(Action::Export);
    assert_eq!(app.modal(), Some(&Modal::Export), "e asks for a format");
    app.update(Action::Choose(Choice::Markdown));
    run_effects(&mut app);
    let path = dir.path().join("data/exports/plan-2026-11-22.md");
    assert_eq!(
        app.message(),
        Some(format!("Exported the 1:1 summary to {}", path.display()).as_str())
    );
    let text = std::fs::read_to_string(&path).expect("exported");
    assert!(
        text.contains("| **Total** |") && text.contains("+189.60"),
        "{text}"
    );
    assert!(text.contains("- **Owner:** alex"), "{text}");
}

#[test]
fn export_as_html_writes_the_document_with_the_plan_and_says_where() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    app.update(Action::Change(7.0));
    app.update(Action::Export);
    // Any other answer closes it without exporting.
    app.update(Action::Choose(Choice::Save));
    assert_eq!(app.modal(), None);
    assert!(app.effects.is_empty(), "nothing exported");
    app.update(Action::Export);
    app.update(Action::Choose(Choice::Html));
    run_effects(&mut app);
    let path = dir.path().join("data/exports/plan-2026-11-22.html");
    assert_eq!(
        app.message(),
        Some(format!("Exported the 1:1 summary to {}", path.display()).as_str())
    );
    let text = std::fs::read_to_string(&path).expect("exported");
    assert!(text.starts_with("<!DOCTYPE html>"), "{text}");
    assert!(text.contains("<dt>Owner</dt><dd>alex</dd>"), "{text}");
    assert!(text.contains(&format!(
        "<span class=\"big\" id=\"utilization\">{}</span>",
        app.plan().percent()
    )));
}

/// The handbook plan counted in 2027 against the model defaults (52
/// weeks): 261 weekdays × 8 h = 2,088 h − 448 h of PTO = 1,640 h
/// available, where 52 × 40 h − 448 h = 1,632 h.
#[test]
fn the_export_shows_a_changed_calendar_year_and_the_available_hours_before_and_now() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    app.update(Action::EditCalendar);
    for c in "2027".chars() {
        app.update(Action::EditChar(c));
    }
    app.update(Action::EditCommit);
    app.update(Action::Export);
    assert_eq!(app.modal(), Some(&Modal::Export), "e asks for a format");
    app.update(Action::Choose(Choice::Markdown));
    run_effects(&mut app);
    let path = dir.path().join("data/exports/plan-2026-11-22.md");
    let text = std::fs::read_to_string(&path).expect("exported");
    assert!(
        text.contains("Capacity counted in: 52 weeks → 2027 (baseline → now)"),
        "{text}"
    );
    assert!(
        text.contains("- Available: 1,632 → 1,640 h (baseline → now)"),
        "{text}"
    );
}

#[test]
fn a_recovered_plan_is_offered_and_unsaved() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    let recovery = Recovery {
        path: dir.path().join("recovery-x.toml"),
        file: None,
        scenario: "name = \"Lost\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 39\n"
            .to_owned(),
    };
    app.update(Action::Recovered(recovery));
    assert!(matches!(app.modal(), Some(Modal::Restore(_))));
    app.update(Action::Choose(Choice::Yes));
    assert_eq!(
        app.take_effects(),
        vec![Effect::ForgetRecovery(dir.path().join("recovery-x.toml"))]
    );
    assert_eq!(customers(&app), 39.0);
    assert!(app.is_dirty(), "restored work still needs saving");
    assert_eq!(app.document().path, None);
}

#[test]
fn a_calendar_period_is_typed_and_undoable() {
    assert_eq!(
        parse_calendar("2027 Q1"),
        Ok(Some(engine::Calendar {
            year: 2027,
            quarter: Some(1)
        }))
    );
    assert_eq!(
        parse_calendar("2027q4"),
        Ok(Some(engine::Calendar {
            year: 2027,
            quarter: Some(4)
        }))
    );
    assert_eq!(parse_calendar(" "), Ok(None));
    assert!(parse_calendar("2027 Q5").is_err());
    assert!(parse_calendar("next year").is_err());
    let mut app = app();
    app.update(Action::EditCalendar);
    type_text(&mut app, "2027");
    app.update(Action::EditCommit);
    assert_eq!(app.plan().capacity.gross_hours, 2088.0);
    app.update(Action::EditCalendar);
    assert_eq!(app.edit().map(super::action::Edit::text), Some("2027"));
    type_text(&mut app, " Q9");
    app.update(Action::EditCommit);
    assert!(
        app.message()
            .is_some_and(|m| m.contains("expected a year such as 2027"))
    );
    app.update(Action::Undo);
    assert_eq!(app.plan().capacity.gross_hours, 2080.0);
}

#[test]
fn opening_another_scenario_with_unsaved_changes_asks_first() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let scenarios = dir.path().join("data/scenarios");
    std::fs::create_dir_all(&scenarios).expect("dir");
    std::fs::write(
        scenarios.join("big.toml"),
        "name = \"Big\"\n[counts]\ncustomers = 42\n",
    )
    .expect("write");
    let mut app = app_in(dir.path());
    app.update(Action::Change(1.0));
    app.update(Action::Open);
    assert_eq!(app.modal(), Some(&Modal::Unsaved(Next::Open)));
    app.update(Action::Choose(Choice::Stay));
    assert_eq!(customers(&app), 36.0);
    app.update(Action::Open);
    app.update(Action::Choose(Choice::Save));
    type_text(&mut app, "Mine");
    app.update(Action::EditCommit);
    app.update(Action::EditCommit);
    run_effects(&mut app);
    assert!(
        dir.path().join("data/scenarios/mine.toml").exists(),
        "saved first"
    );
    assert!(
        matches!(app.modal(), Some(Modal::Picker { .. })),
        "then the picker"
    );
    assert!(!app.should_quit());
}

#[test]
fn quitting_from_a_prompt_closes_it_and_a_click_cancels_what_was_to_follow() {
    let mut app = app();
    app.update(Action::Change(1.0));
    app.update(Action::StartEdit);
    app.update(Action::EditChar('5'));
    app.update(Action::Quit); // Ctrl-C
    assert_eq!(app.edit(), None, "keys now go to the dialog");
    assert_eq!(app.modal(), Some(&Modal::Unsaved(Next::Quit)));
    app.update(Action::Choose(Choice::Save));
    assert!(app.edit().is_some(), "the name prompt");
    app.update(Action::Select(Focus::Tasks, 2));
    assert_eq!(app.edit(), None);
    app.update(Action::Save);
    type_text(&mut app, "X");
    app.update(Action::EditCommit);
    app.update(Action::EditCommit);
    app.update(Action::Saved {
        path: PathBuf::from("/x.toml"),
        text: String::new(),
        note: None,
    });
    assert!(
        !app.should_quit(),
        "the click cancelled the quit that was to follow the save"
    );
}

#[test]
fn a_partly_loaded_scenario_is_never_saved_over_its_file() {
    let mut app = app();
    let text = "name = \"Odd\"\n[counts]\ncustomers = 40\nwidgets = 3\n".to_owned();
    app.update(Action::Opened {
        path: PathBuf::from("/plans/odd.toml"),
        text,
        purpose: Pick::Open,
    });
    app.update(Action::Choose(Choice::Yes));
    assert_eq!(customers(&app), 40.0);
    assert_eq!(app.document().path, None);
    app.update(Action::Save);
    assert_eq!(
        app.edit().map(|e| e.target),
        Some(EditTarget::Name { save_as: false }),
        "asks a new name"
    );
}

#[test]
fn several_recoveries_are_offered_one_after_another() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    let recovery = |name: &str, customers: u32| Recovery {
        path: dir.path().join(format!("recovery-{name}.toml")),
        file: None,
        scenario: format!("name = \"{name}\"\n[counts]\ncustomers = {customers}\n"),
    };
    app.update(Action::Recovered(recovery("a", 36)));
    app.update(Action::Recovered(recovery("b", 37)));
    app.update(Action::Choose(Choice::Discard));
    assert_eq!(
        app.take_effects(),
        vec![Effect::ForgetRecovery(dir.path().join("recovery-a.toml"))]
    );
    let Some(Modal::Restore(next)) = app.modal() else {
        panic!("the next one is offered")
    };
    assert_eq!(next.path, dir.path().join("recovery-b.toml"));
    app.update(Action::Choose(Choice::Yes));
    assert_eq!(customers(&app), 37.0);
}

#[test]
fn cancelling_the_first_save_at_the_owner_prompt_keeps_the_name() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    app.update(Action::Change(5.0));
    app.update(Action::Save);
    type_text(&mut app, "Sam Q3 review");
    app.update(Action::EditCommit);
    assert_eq!(app.edit().map(|e| e.target), Some(EditTarget::Owner));
    app.update(Action::EditCancel);
    assert_eq!(app.document().meta.name, "", "still a new plan");
    assert!(app.edit().is_none());
    run_effects(&mut app);
    assert!(app.document().path.is_none(), "nothing was written");
    assert!(app.is_dirty());
}

#[test]
fn hours_per_day_is_a_capacity_input_of_the_planner() {
    let mut app = app();
    let at = app
        .pane_inputs()
        .iter()
        .position(|input| input.name(app.model()) == "hours_per_day")
        .expect("in the pane");
    app.update(Action::Select(Focus::Counts, at));
    app.update(Action::StartEdit);
    type_text(&mut app, "6");
    app.update(Action::EditCommit);
    // 56 PTO days of 6 h: 336 h, so 1,744 h are available.
    assert_eq!(app.plan().capacity.pto_hours, 336.0);
    assert_eq!(app.plan().capacity.available_hours, 1744.0);
}

#[test]
fn a_task_is_typed_at_the_counts_shown() {
    let mut app = app();
    app.update(Action::Change(7.0)); // 42 customers
    app.update(Action::Select(Focus::Tasks, 0)); // cadence calls
    assert!((app.plan().rows[0].monthly - 42.0).abs() < 1e-9);
    app.update(Action::StartEdit);
    let target = app.edit().map(|e| e.target).expect("a prompt");
    assert_eq!(
        app.edit_label(target),
        "Cadence calls: hours per month at 42 customers in book"
    );
    type_text(&mut app, "42");
    app.update(Action::EditCommit);
    assert!(
        (app.plan().rows[0].monthly - 42.0).abs() < 1e-9,
        "{} a month",
        app.plan().rows[0].monthly
    );
    app.update(Action::Change(1.0));
    assert!(
        (app.plan().rows[0].monthly - 43.0).abs() < 1e-9,
        "+ steps what is shown"
    );
}

#[test]
fn the_screen_the_overlay_and_the_save_flow_exclude_themselves() {
    let mut app = app();
    app.update(Action::ToggleHelp);
    app.update(Action::StartEdit);
    assert!(app.help() && app.edit().is_none(), "help holds the keys");
    app.update(Action::ToggleHelp);
    app.update(Action::ToggleCompare);
    assert!(app.screen() == Screen::Compare);
    app.update(Action::ToggleCompare);
    assert!(app.screen() != Screen::Compare);
}

#[test]
fn a_first_save_that_fails_leaves_the_name_and_owner_as_they_were() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    // The data folder is a file: nothing can be written under it.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "").expect("a file");
    let mut app = app_in(&blocked);
    app.update(Action::Change(1.0));
    app.update(Action::Save);
    type_text(&mut app, "Sam Q3 review");
    app.update(Action::EditCommit);
    app.update(Action::EditCommit); // the owner as offered
    run_effects(&mut app);
    // The reason, whole, in a dialog.
    assert!(
        matches!(app.modal(), Some(Modal::Failed(why)) if why.starts_with("Not saved: cannot write")),
        "{:?}",
        app.modal()
    );
    assert_eq!(app.document().meta.name, "");
    assert_eq!(app.document().meta.owner, "alex");
    assert!(app.document().path.is_none());
}

#[test]
fn the_saved_file_is_named_after_the_scenario() {
    assert_eq!(store::file_name("Sam Q3 review"), "sam-q3-review.toml");
}

#[test]
fn the_quarter_view_places_pto_and_every_change_undoes() {
    let mut app = app();
    app.update(Action::ToggleQuarters);
    assert!(app.screen() == Screen::Quarters);
    app.update(Action::Quarter(QuarterAction::Down));
    app.update(Action::Quarter(QuarterAction::Down));
    app.update(Action::StartEdit);
    assert_eq!(
        app.edit().map(|e| (e.target, e.text().to_owned())),
        Some((
            EditTarget::Quarter(quarters::QuarterField::Pto, 2),
            "14".to_owned()
        ))
    );
    app.update(Action::EditBackspace);
    app.update(Action::EditBackspace);
    type_text(&mut app, "26");
    app.update(Action::EditCommit);
    assert_eq!(
        app.inputs().capacity().pto_by_quarter,
        Some([14.0, 14.0, 26.0, 14.0])
    );
    assert_eq!(app.plan().quarters[2].status, Status::Over);
    assert!(app.is_dirty());
    app.update(Action::Undo);
    assert_eq!(app.inputs().capacity().pto_by_quarter, None);
    app.update(Action::ToggleQuarters);
    assert!(app.screen() != Screen::Quarters);
}

#[test]
fn a_part_time_preset_is_one_undoable_step() {
    let mut app = app();
    app.update(Action::PickPreset);
    assert_eq!(app.modal(), Some(&Modal::Presets));
    app.update(Action::Choose(Choice::Preset(1))); // 4-day week
    assert!(app.modal().is_none());
    assert_eq!(app.inputs().capacity().hours_per_week, 32.0);
    assert_eq!(app.inputs().capacity().hours_per_day, 8.0);
    app.update(Action::PickPreset);
    app.update(Action::Choose(Choice::Preset(2))); // 30 h
    assert_eq!(app.inputs().capacity().hours_per_day, 6.0);
    app.update(Action::Undo);
    assert_eq!(
        app.inputs().capacity().hours_per_week,
        32.0,
        "one step back"
    );
    app.update(Action::Undo);
    assert_eq!(app.inputs().capacity().hours_per_week, 40.0);
}

/// The presets keep the same share of the year off: PTO days follow the
/// days in the week (the handbook's 56 days of 5-day weeks are 44.8 of
/// 4-day weeks), and the books at the handbook's counts are the ones the
/// hours leave room for.
#[test]
fn part_time_presets_keep_the_share_of_the_year_off() {
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let mut app = app();
    app.update(Action::PickPreset);
    app.update(Action::Choose(Choice::Preset(1))); // 4-day week
    assert!(close(app.inputs().capacity().pto_days, 44.8));
    assert!(close(app.plan().capacity.available_hours, 1305.6));
    assert!(close(app.plan().capacity.available_hours, 1632.0 * 0.8));
    assert_eq!(app.plan().max_customers, Some(26));
    app.update(Action::PickPreset);
    app.update(Action::Choose(Choice::Preset(3))); // 20 h, 4 h days
    assert!(
        close(app.inputs().capacity().pto_days, 56.0),
        "5 days again"
    );
    assert!(close(app.plan().capacity.available_hours, 816.0));
    assert_eq!(app.plan().max_customers, Some(13));
    app.update(Action::PickPreset);
    app.update(Action::Choose(Choice::Preset(2))); // 30 h, 6 h days
    assert!(close(app.plan().capacity.available_hours, 1224.0));
    assert_eq!(app.plan().max_customers, Some(24));
    app.update(Action::PickPreset);
    app.update(Action::Choose(Choice::Preset(0))); // full time
    assert!(close(app.inputs().capacity().pto_days, 56.0));
    assert_eq!(app.plan().max_customers, Some(35));
}

#[test]
fn a_preset_scales_pto_placed_in_quarters() {
    let mut app = app();
    let mut inputs = app.inputs().clone();
    inputs.set_pto_by_quarter(Some([10.0, 10.0, 26.0, 10.0]));
    app.apply(inputs);
    app.update(Action::PickPreset);
    app.update(Action::Choose(Choice::Preset(1))); // 4-day week
    let quarters = app.inputs().capacity().pto_by_quarter.expect("placed");
    for (got, want) in quarters.iter().zip([8.0, 8.0, 20.8, 8.0]) {
        assert!((got - want).abs() < 1e-9, "{quarters:?}");
    }
    assert!((app.inputs().capacity().pto_days - 44.8).abs() < 1e-9);
}

#[test]
fn the_target_moves_by_five_points_within_its_range() {
    let mut app = app();
    let at = app
        .pane_inputs()
        .iter()
        .position(|input| input.name(app.model()) == "target_utilization")
        .expect("in the pane");
    app.update(Action::Select(Focus::Counts, at));
    app.update(Action::Change(1.0));
    assert_eq!(
        app.inputs().capacity().target_utilization,
        1.0,
        "at most 100 %"
    );
    app.update(Action::Change(-3.0));
    assert!((app.inputs().capacity().target_utilization - 0.85).abs() < 1e-9);
    assert_eq!(app.plan().max_customers_at_target, Some(25));
    app.update(Action::StartEdit);
    type_text(&mut app, "80%");
    app.update(Action::EditCommit);
    assert!((app.inputs().capacity().target_utilization - 0.8).abs() < 1e-9);
    app.update(Action::StartEdit);
    type_text(&mut app, "80");
    app.update(Action::EditCommit);
    assert!(
        app.message().is_some_and(|m| m.contains("at most 1")),
        "{:?}",
        app.message()
    );
}

#[test]
fn a_paste_is_text_for_the_open_prompt_never_keys() {
    let mut app = app();
    app.update(Action::Change(5.0));
    app.update(Action::EditNote);
    app.update(Action::Paste(
        "Agreed in the 1:1.\nRsse\r\nRevisit in March.".to_owned(),
    ));
    assert_eq!(customers(&app), 40.0, "R did not reset anything");
    assert!(app.effects.is_empty(), "s did not save, e did not export");
    app.update(Action::EditCommit);
    assert_eq!(
        app.document().meta.note,
        "Agreed in the 1:1.\nRsse\nRevisit in March.",
        "a note keeps its line breaks"
    );
    // A value prompt folds them into spaces.
    app.update(Action::StartEdit);
    app.update(Action::Paste("42\n".to_owned()));
    assert_eq!(app.edit().map(super::action::Edit::text), Some("42"));
    app.update(Action::EditCommit);
    assert_eq!(customers(&app), 42.0);
    // With no prompt open a paste does nothing but say so.
    let before = app.inputs().clone();
    app.update(Action::Paste("Rse+++".to_owned()));
    assert_eq!(app.inputs(), &before);
    assert!(
        app.message()
            .is_some_and(|m| m.starts_with("Paste ignored")),
        "{:?}",
        app.message()
    );
}

#[test]
fn a_new_name_whose_file_is_taken_says_so() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut first = app_in(dir.path());
    first.update(Action::Change(1.0));
    first.update(Action::Save);
    type_text(&mut first, "Q3 review");
    first.update(Action::EditCommit);
    first.update(Action::EditCommit);
    run_effects(&mut first);
    assert!(!first.is_dirty());
    // Another plan whose name makes the same file name.
    let mut second = app_in(dir.path());
    second.update(Action::Change(2.0));
    second.update(Action::Save);
    type_text(&mut second, "q3 review!");
    second.update(Action::EditCommit);
    second.update(Action::EditCommit);
    run_effects(&mut second);
    assert!(matches!(second.modal(), Some(Modal::Conflict { .. })));
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|frame| {
            ui::draw(
                frame,
                ui::View {
                    app: &second,
                    theme: ui::Theme::mono(),
                },
            );
        })
        .expect("draws");
    let screen = terminal.backend().to_string();
    assert!(screen.contains("That file name is taken"), "{screen}");
    assert!(
        screen.contains("already holds “Q3 review” (alex)"),
        "{screen}"
    );
    second.update(Action::Choose(Choice::Stay));
    assert_eq!(
        second.document().meta.name,
        "",
        "cancelled: nothing saved, the name as it was"
    );
}

#[test]
fn the_list_of_warnings_scrolls_to_its_last_line_and_no_further() {
    let mut app = app();
    // Seven warnings fit at 80×24; a shorter box has to scroll.
    app.update(Action::Resize(80, 8));
    app.update(Action::Change(25.0)); // 60 customers: seven warnings
    app.update(Action::ToggleWarnings);
    let last = ui::warnings_scroll_max(app.plan(), (80, 8));
    assert!(last > 0);
    for _ in 0..100 {
        app.update(Action::Down);
    }
    assert_eq!(app.warnings_scroll(), last);
    app.update(Action::Up);
    assert_eq!(app.warnings_scroll(), last.saturating_sub(1));
    for _ in 0..100 {
        app.update(Action::Up);
    }
    assert_eq!(app.warnings_scroll(), 0);
}

#[test]
fn a_slow_save_keeps_the_planner_going_and_refuses_a_second_one() {
    let mut app = app();
    let path = PathBuf::from("/plans/ana.toml");
    app.update(Action::Opened {
        path: path.clone(),
        text: "name = \"Ana\"\n[counts]\ncustomers = 30\n".to_owned(),
        purpose: Pick::Open,
    });
    // Opening asks for the plan since the last 1:1 (the line).
    assert!(matches!(
        app.take_effects().as_slice(),
        [Effect::ReadSince { reviewed: None, .. }]
    ));
    app.update(Action::Change(1.0));
    app.update(Action::Save);
    assert!(matches!(
        app.take_effects().as_slice(),
        [Effect::Save { .. }]
    ));
    // The write did not end within the loop's patience: keys go on.
    app.update(Action::Saving(path.clone()));
    assert!(
        app.message()
            .is_some_and(|m| m.starts_with("Saving to /plans/ana.toml…"))
    );
    app.update(Action::Change(1.0));
    app.update(Action::Save);
    assert!(
        app.take_effects().is_empty(),
        "no second write racing the first"
    );
    assert!(
        app.message()
            .is_some_and(|m| m.starts_with("Still saving to"))
    );
    app.update(Action::SaveEnded(Box::new(Action::Saved {
        path,
        text: "name = \"Ana\"\n[counts]\ncustomers = 31\n".to_owned(),
        note: None,
    })));
    assert!(app.message().is_some_and(|m| m.starts_with("Saved to")));
    assert!(app.is_dirty(), "the change made while saving is not saved");
    app.update(Action::Save);
    assert!(matches!(
        app.take_effects().as_slice(),
        [Effect::Save { .. }]
    ));
}

/// Saves the plan as "Ana" (owner alex) in the data folder of `dir`.
fn saved_as_ana(app: &mut App) {
    app.update(Action::Save);
    type_text(app, "Ana");
    app.update(Action::EditCommit);
    app.update(Action::EditCommit);
    run_effects(app);
}

#[test]
fn marking_reviewed_saves_keeps_a_copy_and_the_line_follows_the_changes() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    assert_eq!(app.since_line(), None, "the built-in plan has no line");
    app.update(Action::MarkReviewed);
    assert_eq!(
        app.message(),
        Some("Save the plan first (s): a review is kept for a saved plan")
    );
    assert!(app.document().meta.reviewed.is_none());
    saved_as_ana(&mut app);
    // Not in a repository, never reviewed.
    assert_eq!(app.since_line().as_deref(), Some("no 1:1 recorded"));
    app.update(Action::MarkReviewed);
    run_effects(&mut app);
    let path = dir.path().join("data/scenarios/ana.toml");
    let text = std::fs::read_to_string(&path).expect("saved");
    assert!(text.contains("\nformat = 2\n"), "{text}");
    assert!(text.contains("\nreviewed = 2026-11-22\n"), "{text}");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("day");
    let copy = crate::io::reviews::read_copy(&dir.path().join("data"), &path, day)
        .expect("reads")
        .expect("a copy as reviewed");
    assert_eq!(copy, text, "the copy is the plan as saved");
    assert_eq!(
        app.message(),
        Some(
            format!(
                "Marked reviewed on 2026-11-22 and saved to {}",
                path.display()
            )
            .as_str()
        )
    );
    assert_eq!(
        app.since_line().as_deref(),
        Some("since the last 1:1 (2026-11-22): no change")
    );
    app.update(Action::Change(7.0));
    // The handbook plan fills its 1,632 h exactly at 35 customers (100 %,
    // near capacity); 7 more add 7 × 948 h ÷ 35 = 189.6 h: 1,821.6 h is
    // 111.6 % of 1,632 h.
    assert_eq!(
        app.since_line().as_deref(),
        Some(
            "since the last 1:1 (2026-11-22): 35 → 42 customers, 100 % → 112 %, NEAR CAPACITY → OVERLOADED"
        )
    );
    // The summary export carries the changes.
    app.update(Action::Export);
    app.update(Action::Choose(Choice::Markdown));
    run_effects(&mut app);
    let summary =
        std::fs::read_to_string(dir.path().join("data/exports/ana-2026-11-22.md")).expect("export");
    assert!(
        summary.contains("## Since the last 1:1 (2026-11-22)\n\n35 → 42 customers"),
        "{summary}"
    );
    assert!(
        summary.contains("| Customers in book | 35 | 42 |"),
        "{summary}"
    );
    // And so does the HTML document.
    app.update(Action::Export);
    app.update(Action::Choose(Choice::Html));
    run_effects(&mut app);
    let document = std::fs::read_to_string(dir.path().join("data/exports/ana-2026-11-22.html"))
        .expect("export");
    assert!(
        document.contains("<h2 id=\"since-h\">Since the last 1:1 (2026-11-22)</h2><p class=\"keep\">the last 1:1 (2026-11-22) → the plan on screen</p><p class=\"headline\">35 → 42 customers"),
        "{document}"
    );
    // Opening the file again reads the copy as the plan then.
    app.update(Action::Opened {
        path: path.clone(),
        text: text.clone(),
        purpose: Pick::Open,
    });
    run_effects(&mut app);
    assert!(
        matches!(app.since(), Some(Since::Found { reviewed: Some(d), head: false, .. }) if *d == day)
    );
    assert_eq!(
        app.since_line().as_deref(),
        Some("since the last 1:1 (2026-11-22): no change")
    );
}

#[test]
fn a_review_that_is_not_written_gives_the_old_date_back() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    saved_as_ana(&mut app);
    let path = dir.path().join("data/scenarios/ana.toml");
    std::fs::write(&path, "name = \"Ana\"\nnote = \"edited elsewhere\"\n").expect("edit");
    app.update(Action::MarkReviewed);
    run_effects(&mut app);
    assert!(matches!(app.modal(), Some(Modal::Conflict { .. })));
    app.update(Action::Choose(Choice::Stay));
    assert!(app.document().meta.reviewed.is_none());
    let folder = crate::io::reviews::folder(&dir.path().join("data"), &path);
    assert!(!folder.exists(), "no copy of a review not saved");
}

#[test]
fn a_plan_reviewed_on_a_day_to_come_opens_and_says_so() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut app = app_in(dir.path());
    app.update(Action::Opened {
        path: dir.path().join("ana.toml"),
        text: "name = \"Ana\"\nreviewed = 2027-01-04\n".to_owned(),
        purpose: Pick::Open,
    });
    assert_eq!(
        app.message(),
        Some(
            "Opened Ana; line 2: `reviewed` is 2027-01-04, after today (2026-11-22); expected the day of a 1:1 that took place"
        )
    );
}
