//! The planner's key tables: one per view (the plan, the comparison, the
//! quarters, the logged weeks) and per overlay (help, the warnings list).
//! [`super::keys`] reads keys from them, the footer its hints and the help
//! overlay its lines, so the three cannot disagree.

use ratatui::crossterm::event::KeyCode;

use super::quarters::QuarterAction;
use super::{Action, Focus, Screen};
use crate::tui::keymap::{self, Binding, Key};

/// Where the footer's hints are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// The plan, the counts pane selected.
    Counts,
    /// The plan, the task table selected.
    Tasks,
    /// The plan, the metrics selected.
    Metrics,
    /// The comparison with the baseline.
    Compare,
    /// The quarter view.
    Quarters,
    /// The logged weeks.
    Logged,
}

impl Spot {
    /// Where the footer is for `screen`, with `focus` selected.
    pub fn of(screen: Screen, focus: Focus) -> Spot {
        match (screen, focus) {
            (Screen::Plan, Focus::Counts) => Spot::Counts,
            (Screen::Plan, Focus::Tasks) => Spot::Tasks,
            (Screen::Plan, Focus::Metrics) => Spot::Metrics,
            (Screen::Compare, _) => Spot::Compare,
            (Screen::Quarters, _) => Spot::Quarters,
            (Screen::Logged, _) => Spot::Logged,
        }
    }
}

type Row = Binding<Action, Spot>;

/// The hint for the chart key; the footer says "c table" while the chart
/// is shown, and shows it only where table and chart share a place.
pub const CHART_HINT: &str = "c chart";

/// The plan's keys (and the comparison's, under [`COMPARE`]).
pub const PLAN: &[Row] = &[
    Binding::new(
        &[Key::char('+'), Key::char('='), Key::code(KeyCode::Right)],
        Action::Change(1.0),
    )
    .help("+ / →", "add 1 to the selected value or task hours")
    .hints(&[
        (Spot::Counts, 1, "+/- change"),
        (Spot::Tasks, 1, "+/- hours"),
    ]),
    Binding::new(
        &[Key::char('-'), Key::char('_'), Key::code(KeyCode::Left)],
        Action::Change(-1.0),
    )
    .help("- / ←", "take 1 off (never below 0)"),
    Binding::new(
        &[Key::shifted(KeyCode::Right), Key::any(KeyCode::PageUp)],
        Action::Change(10.0),
    )
    .help("Shift+→/← PgUp/PgDn", "add or take 10"),
    Binding::new(
        &[Key::shifted(KeyCode::Left), Key::any(KeyCode::PageDown)],
        Action::Change(-10.0),
    ),
    Binding::new(&[Key::any(KeyCode::Enter)], Action::StartEdit)
        .help("Enter", "type a value, task hours (as shown) or an actual")
        .hints(&[
            (Spot::Counts, 2, "Enter type"),
            (Spot::Tasks, 2, "Enter type"),
            (Spot::Metrics, 1, "Enter record actual"),
        ]),
    Binding::new(&[Key::char('r')], Action::Reset)
        .help("r / R", "reset the selected value / every value")
        .hints(&[
            (Spot::Counts, 3, "r reset"),
            (Spot::Tasks, 3, "r reset"),
            (Spot::Metrics, 2, "r clear"),
        ]),
    Binding::new(&[Key::char('R')], Action::ResetAll),
    Binding::new(&[Key::char('u')], Action::Undo)
        .help("u / Ctrl+R", "undo / redo")
        .hints(&[(Spot::Counts, 4, "u undo"), (Spot::Compare, 5, "u undo")]),
    Binding::new(&[Key::ctrl('r')], Action::Redo),
    Binding::new(&[Key::code(KeyCode::Tab)], Action::NextPane)
        .help("Tab / Shift+Tab", "next / previous pane")
        .hints(&[(Spot::Tasks, 5, "Tab pane"), (Spot::Metrics, 3, "Tab pane")]),
    Binding::new(&[Key::any(KeyCode::BackTab)], Action::PrevPane),
    Binding::new(&[Key::any(KeyCode::Up), Key::char('k')], Action::Up).help("↑ ↓  k j", "select"),
    Binding::new(&[Key::any(KeyCode::Down), Key::char('j')], Action::Down),
    Binding::new(&[Key::char('s')], Action::Save)
        .help("s / S", "save (a name the first time) / save as")
        .hints(&[(Spot::Counts, 5, "s save"), (Spot::Compare, 4, "s save")]),
    Binding::new(&[Key::char('S')], Action::SaveAs),
    Binding::new(&[Key::char('o')], Action::Open)
        .help("o", "open a saved scenario")
        .hints(&[(Spot::Counts, 6, "o open")]),
    Binding::new(&[Key::char('v')], Action::ToggleCompare)
        .help("v", "compare with the baseline (the 1:1 view)")
        .hints(&[
            (Spot::Counts, 7, "v compare"),
            (Spot::Compare, 1, "Esc/v back to the plan"),
        ]),
    Binding::new(&[Key::char('H')], Action::History)
        .help("H", "the plan's history in git, a version per commit"),
    Binding::new(&[Key::char('b')], Action::PickBaseline)
        .help("b", "pick the baseline: model defaults or a scenario")
        .hints(&[(Spot::Compare, 2, "b baseline")]),
    Binding::new(&[Key::char('e')], Action::Export)
        .help("e", "export the 1:1 summary (Markdown or HTML)")
        .hints(&[(Spot::Compare, 3, "e export")]),
    Binding::new(&[Key::char('n')], Action::EditNote).help("n", "edit the scenario's note"),
    Binding::new(&[Key::char('M')], Action::MarkReviewed)
        .help("M", "mark reviewed today (the 1:1): save, keep a copy"),
    Binding::new(&[Key::char('y')], Action::EditCalendar)
        .help("y", "count capacity in a calendar year or quarter"),
    Binding::new(&[Key::char('4')], Action::ToggleQuarters)
        .help("4", "the quarters: PTO and counts placed by quarter")
        .hints(&[(Spot::Counts, 8, "4 quarters")]),
    Binding::new(&[Key::char('l')], Action::ToggleLogged)
        .help(
            "l",
            "logged hours against the plan (--timesheet); a applies them, [ ] move the range",
        )
        .hints(&[(Spot::Counts, 9, "l logged")]),
    Binding::new(&[Key::char('p')], Action::PickPreset)
        .help("p", "part-time presets: 40, 32 (4 days), 30, 20 h"),
    Binding::new(&[Key::char('c')], Action::ToggleChart)
        .help("c", "chart instead of the table and back (small screens)")
        .hints(&[(Spot::Counts, 0, CHART_HINT), (Spot::Tasks, 4, CHART_HINT)]),
    Binding::new(&[Key::char('w')], Action::ToggleWarnings)
        .help("w", "every warning in a list; ↑↓ scroll, Esc closes"),
    Binding::note("mouse", "click selects, wheel scrolls"),
    Binding::new(&[Key::char('?')], Action::ToggleHelp).help("?", "this help; Esc or ? closes it"),
    Binding::note(
        "Esc",
        "close a message, a dialog, a list or a view; never quits",
    ),
    Binding::note("Ctrl+Z", "suspend; fg resumes"),
    Binding::new(&[Key::char('q'), Key::ctrl('c')], Action::Quit)
        .help("q  Ctrl+C", "quit, asking about unsaved changes"),
];

/// The comparison's own keys, read before the plan's.
pub const COMPARE: &[Row] = &[Binding::new(
    &[Key::code(KeyCode::Esc)],
    Action::ToggleCompare,
)];

/// The quarter view's keys: ↑↓ a quarter, ←→ a column, +/- its value,
/// Enter types it, `r` spreads it evenly again; the plan's file keys
/// (save, undo, …) work as everywhere.
pub const QUARTERS: &[Row] = &[
    Binding::new(
        &[Key::code(KeyCode::Esc), Key::char('4')],
        Action::ToggleQuarters,
    )
    .help("Esc / 4", "back to the plan")
    .hints(&[(Spot::Quarters, 1, "Esc/4 back to the plan")]),
    Binding::new(
        &[Key::any(KeyCode::Up), Key::char('k')],
        Action::Quarter(QuarterAction::Up),
    )
    .help("↑ ↓  k j", "a quarter")
    .hints(&[(Spot::Quarters, 2, "↑↓ quarter")]),
    Binding::new(
        &[Key::any(KeyCode::Down), Key::char('j')],
        Action::Quarter(QuarterAction::Down),
    ),
    Binding::new(
        &[Key::any(KeyCode::Left), Key::any(KeyCode::BackTab)],
        Action::Quarter(QuarterAction::Column(-1)),
    )
    .help("← → Tab", "a column: PTO days or a count")
    .hints(&[(Spot::Quarters, 3, "←→ column")]),
    Binding::new(
        &[Key::any(KeyCode::Right), Key::code(KeyCode::Tab)],
        Action::Quarter(QuarterAction::Column(1)),
    ),
    Binding::new(
        &[Key::char('+'), Key::char('=')],
        Action::Quarter(QuarterAction::Change(1.0)),
    )
    .help("+ / -", "add or take 1 in the selected quarter")
    .hints(&[(Spot::Quarters, 4, "+/- change")]),
    Binding::new(
        &[Key::char('-'), Key::char('_')],
        Action::Quarter(QuarterAction::Change(-1.0)),
    ),
    Binding::new(
        &[Key::any(KeyCode::PageUp)],
        Action::Quarter(QuarterAction::Change(10.0)),
    )
    .help("PgUp / PgDn", "add or take 10"),
    Binding::new(
        &[Key::any(KeyCode::PageDown)],
        Action::Quarter(QuarterAction::Change(-10.0)),
    ),
    Binding::new(&[Key::any(KeyCode::Enter)], Action::StartEdit)
        .help("Enter", "type the quarter's value")
        .hints(&[(Spot::Quarters, 5, "Enter type")]),
    Binding::new(&[Key::char('r')], Action::Quarter(QuarterAction::Even))
        .help("r", "the year's value spread evenly again")
        .hints(&[(Spot::Quarters, 6, "r even")]),
    Binding::new(&[Key::char('u')], Action::Undo).help("u / Ctrl+R", "undo / redo"),
    Binding::new(&[Key::ctrl('r')], Action::Redo),
    Binding::new(&[Key::char('s')], Action::Save).help("s / S", "save / save as"),
    Binding::new(&[Key::char('S')], Action::SaveAs),
    Binding::new(&[Key::char('e')], Action::Export)
        .help("e", "export the 1:1 summary (Markdown or HTML)"),
    Binding::new(&[Key::char('p')], Action::PickPreset).help("p", "part-time presets"),
    Binding::new(&[Key::char('w')], Action::ToggleWarnings).help("w", "every warning in a list"),
    Binding::new(&[Key::char('?')], Action::ToggleHelp).help("?", "this help"),
    Binding::new(&[Key::char('q'), Key::ctrl('c')], Action::Quit)
        .help("q  Ctrl+C", "quit, asking about unsaved changes"),
];

/// The logged weeks' keys.
pub const LOGGED: &[Row] = &[
    Binding::new(
        &[Key::code(KeyCode::Esc), Key::char('l')],
        Action::ToggleLogged,
    )
    .help("Esc / l", "back to the plan")
    .hints(&[(Spot::Logged, 1, "Esc/l back to the plan")]),
    Binding::new(&[Key::char('a')], Action::ApplyLogged)
        .help("a", "apply the logged hours to the plan's tasks")
        .hints(&[(Spot::Logged, 2, "a apply the logged hours")]),
    Binding::new(
        &[Key::char('['), Key::any(KeyCode::Left)],
        Action::MoveLogged(-1),
    )
    .help("[ ]  ← →", "move the range a week")
    .hints(&[(Spot::Logged, 3, "[ ] range")]),
    Binding::new(
        &[Key::char(']'), Key::any(KeyCode::Right)],
        Action::MoveLogged(1),
    ),
    Binding::new(&[Key::char('u')], Action::Undo)
        .help("u / Ctrl+R", "undo / redo")
        .hints(&[(Spot::Logged, 4, "u undo")]),
    Binding::new(&[Key::ctrl('r')], Action::Redo),
    Binding::new(&[Key::char('s')], Action::Save)
        .help("s / S", "save / save as")
        .hints(&[(Spot::Logged, 5, "s save")]),
    Binding::new(&[Key::char('S')], Action::SaveAs),
    Binding::new(&[Key::char('w')], Action::ToggleWarnings).help("w", "every warning in a list"),
    Binding::new(&[Key::char('?')], Action::ToggleHelp).help("?", "this help"),
    Binding::new(&[Key::char('q'), Key::ctrl('c')], Action::Quit)
        .help("q  Ctrl+C", "quit, asking about unsaved changes"),
];

/// The help overlay's keys.
pub const HELP: &[Row] = &[
    Binding::new(&[Key::char('q'), Key::ctrl('c')], Action::Quit),
    Binding::new(
        &[
            Key::code(KeyCode::Esc),
            Key::char('?'),
            Key::code(KeyCode::Enter),
        ],
        Action::ToggleHelp,
    ),
    Binding::new(&[Key::any(KeyCode::Up), Key::char('k')], Action::Up),
    Binding::new(&[Key::any(KeyCode::Down), Key::char('j')], Action::Down),
];

/// The warnings list's keys.
pub const WARNINGS: &[Row] = &[
    Binding::new(&[Key::char('q'), Key::ctrl('c')], Action::Quit),
    Binding::new(
        &[
            Key::code(KeyCode::Esc),
            Key::char('w'),
            Key::code(KeyCode::Enter),
        ],
        Action::ToggleWarnings,
    ),
    Binding::new(&[Key::any(KeyCode::Up), Key::char('k')], Action::Up),
    Binding::new(&[Key::any(KeyCode::Down), Key::char('j')], Action::Down),
];

/// What the help overlay explains besides keys: the marks and columns.
pub const LEGEND: &[(&str, &str)] = &[
    ("↻", "the task grows with a count"),
    ("✓ ● ▲", "OK · near capacity · overloaded"),
    ("", ""),
    (
        "Work wk",
        "hours in a week you actually work: the normal week",
    ),
    (
        "Weekly",
        "calendar-week average, PTO weeks spread in (÷ 52)",
    ),
    ("(13)", "a changed value or task, with the model's value"),
    ("Files", ""),
];

/// The tables a view reads its keys from, first first.
pub fn tables(screen: Screen) -> &'static [&'static [Row]] {
    match screen {
        Screen::Plan => &[PLAN],
        Screen::Compare => &[COMPARE, PLAN],
        Screen::Quarters => &[QUARTERS],
        Screen::Logged => &[LOGGED],
    }
}

/// The help overlay's lines for `screen`: its keys, then the legend.
pub fn help(screen: Screen) -> Vec<(&'static str, &'static str)> {
    tables(screen)
        .iter()
        .flat_map(|table| keymap::help(table))
        .chain(LEGEND.iter().copied())
        .collect()
}

/// The footer's hints at `spot`, in their places.
pub fn hints(screen: Screen, spot: Spot) -> Vec<&'static str> {
    tables(screen)
        .iter()
        .flat_map(|table| keymap::hints(table, &spot))
        .collect()
}
