//! Drawing the planner. Everything here reads the state through an
//! immutable [`View`] and never changes it; the layout is a pure function of
//! the terminal size, shared with mouse hit-testing so a click lands on what
//! was drawn.
//!
//! - this module: the layout ([`areas`]), mouse hit-testing ([`hit`]),
//!   the header's title and [`draw`] (colours are `tui::theme`, the task
//!   table, gauge and chart `tui::widgets`);
//! - `panes`: header, counts, capacity, warnings, tasks, chart, metrics,
//!   footer;
//! - `dialogs`: the comparison, the dialogs, the scenario picker and the
//!   help overlay;
//! - `warnings`: the list of every warning (`w`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::domain::text::{percent, sanitize};
use crate::io::store::Listed;
use crate::tui::planner::{App, Focus, Screen};
pub use crate::tui::theme::Theme;
use crate::tui::widgets::{fit, offset};

mod dialogs;
mod logged;
mod panes;
mod quarters;
mod warnings;

pub use warnings::{warnings_cut, warnings_scroll_max};

/// The smallest terminal the layout fits.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal the layout fits.
pub const MIN_HEIGHT: u16 = 24;
/// From this size on, every pane is shown at once.
const WIDE: (u16, u16) = (120, 36);

/// Where each pane goes at the current size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The header line.
    pub header: Rect,
    /// The line under it, "since the last 1:1 …" (no height when the
    /// plan was never saved).
    pub since: Rect,
    /// The task table (compact: the right-hand area, shared).
    pub tasks: Rect,
    /// The selected task's note.
    pub note: Rect,
    /// The counts & capacity inputs.
    pub counts: Rect,
    /// Capacity figures and the gauge.
    pub capacity: Rect,
    /// The warnings.
    pub warnings: Rect,
    /// The bar chart (compact: the right-hand area, shared).
    pub chart: Rect,
    /// The metrics panel (compact: the right-hand area, shared).
    pub metrics: Rect,
    /// The comparison with the baseline, when shown.
    pub compare: Rect,
    /// The key hints or a message.
    pub footer: Rect,
    /// Whether every pane has its own place.
    pub wide: bool,
}

/// The layout for a terminal of `area`, or `None` when it is too small.
pub fn areas(area: Rect) -> Option<Areas> {
    areas_with(area, false)
}

/// The layout of the planner as `app` is now: with the line under the
/// header when it has one.
pub fn areas_of(app: &App) -> Option<Areas> {
    areas_with(
        Rect::new(0, 0, app.size().0, app.size().1),
        app.since_line().is_some(),
    )
}

/// The layout for a terminal of `area`, with a line under the header when
/// `since`; `None` when it is too small.
pub fn areas_with(area: Rect, since: bool) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    if !since {
        return Some(layout(area, area));
    }
    // The panes one row lower: their layout's header row is the line.
    let below = Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(1),
        ..area
    };
    let mut areas = layout(below, area);
    areas.since = areas.header;
    areas.header = Rect { height: 1, ..area };
    Some(areas)
}

/// The panes in `area`, wide when the terminal (`whole`) is.
fn layout(area: Rect, whole: Rect) -> Areas {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let since = Rect {
        height: 0,
        ..header
    };
    if whole.width >= WIDE.0 && whole.height >= WIDE.1 {
        let [left, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(46)]).areas(body);
        let [tasks, note, metrics] = Layout::vertical([
            Constraint::Length(17),
            Constraint::Length(2),
            Constraint::Fill(1),
        ])
        .areas(left);
        let [counts, capacity, warnings, chart] = Layout::vertical([
            Constraint::Length(12),
            Constraint::Length(7),
            Constraint::Length(8),
            Constraint::Fill(1),
        ])
        .areas(right);
        Areas {
            header,
            since,
            tasks,
            note,
            counts,
            capacity,
            warnings,
            chart,
            metrics,
            compare: left,
            footer,
            wide: true,
        }
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Length(35), Constraint::Fill(1)]).areas(body);
        // Every input in sight from 26 rows; below, the pane scrolls.
        let counts_height = if area.height >= 26 { 10 } else { 9 };
        let [counts, capacity, warnings] = Layout::vertical([
            Constraint::Length(counts_height),
            Constraint::Length(7),
            Constraint::Fill(1),
        ])
        .areas(left);
        let [main, note] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(right);
        Areas {
            header,
            since,
            tasks: main,
            note,
            counts,
            capacity,
            warnings,
            chart: main,
            metrics: right,
            compare: right,
            footer,
            wide: false,
        }
    }
}

/// Which of the shared panes a compact layout shows on the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RightPane {
    Tasks,
    Chart,
    Metrics,
}

fn right_pane(app: &App) -> RightPane {
    if app.focus() == Focus::Metrics {
        RightPane::Metrics
    } else if app.chart() {
        RightPane::Chart
    } else {
        RightPane::Tasks
    }
}

/// The pane and list index under a mouse click, if any.
pub fn hit(app: &App, column: u16, row: u16) -> Option<(Focus, usize)> {
    let areas = areas_of(app)?;
    let pane = hit_pane(app, column, row)?;
    let inner = |rect: Rect| rect.inner(ratatui::layout::Margin::new(1, 1));
    match pane {
        Focus::Counts => {
            let inner = inner(areas.counts);
            let line = usize::from(row.checked_sub(inner.y)?);
            let first = offset(app.counts_selection(), usize::from(inner.height));
            let index = first + line;
            (line < usize::from(inner.height) && index < app.pane_inputs().len())
                .then_some((pane, index))
        }
        Focus::Tasks => {
            let inner = inner(areas.tasks);
            let line = usize::from(row.checked_sub(inner.y + 1)?);
            let visible = usize::from(inner.height.saturating_sub(2));
            let index = offset(app.task_selection(), visible) + line;
            (line < visible && index < app.model().rows.len()).then_some((pane, index))
        }
        Focus::Metrics => {
            let inner = inner(areas.metrics);
            let lines = metric_lines(app);
            let selected_line = lines
                .iter()
                .position(|line| *line == MetricLine::Item(app.metric_selection()));
            let line = usize::from(row.checked_sub(inner.y)?);
            let visible = usize::from(inner.height.saturating_sub(1));
            let first = offset(selected_line.unwrap_or(0), visible);
            match lines.get(first + line) {
                Some(MetricLine::Item(index)) if line < visible => Some((pane, *index)),
                _ => None,
            }
        }
    }
}

/// The focusable pane under the mouse, if any.
pub fn hit_pane(app: &App, column: u16, row: u16) -> Option<Focus> {
    let areas = areas_of(app)?;
    let position = ratatui::layout::Position::new(column, row);
    if areas.counts.contains(position) {
        return Some(Focus::Counts);
    }
    // The comparison and the quarter and logged views cover the tasks
    // and metrics.
    match app.screen() {
        Screen::Compare | Screen::Quarters | Screen::Logged => return None,
        Screen::Plan => {}
    }
    let shown = if areas.wide {
        None
    } else {
        Some(right_pane(app))
    };
    if areas.tasks.contains(position) && shown.is_none_or(|pane| pane == RightPane::Tasks) {
        return Some(Focus::Tasks);
    }
    if areas.metrics.contains(position) && shown.is_none_or(|pane| pane == RightPane::Metrics) {
        return Some(Focus::Metrics);
    }
    None
}

/// An immutable draw context: the state and how to colour it.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// The state drawn.
    pub app: &'a App,
    /// Colours or none.
    pub theme: Theme,
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, view: View<'_>) {
    let area = frame.area();
    let since = view.app.since_line();
    let Some(areas) = areas_with(area, since.is_some()) else {
        too_small(frame, area);
        return;
    };
    view.header(frame, areas.header);
    if let Some(line) = since {
        let line = fit(&sanitize(&line), usize::from(areas.since.width));
        frame.render_widget(
            Paragraph::new(line).style(Style::new().add_modifier(Modifier::ITALIC)),
            areas.since,
        );
    }
    view.counts(frame, areas.counts);
    view.capacity(frame, areas.capacity);
    view.warnings(frame, areas.warnings);
    let covered = match view.app.screen() {
        Screen::Compare => {
            view.compare(frame, areas.compare);
            true
        }
        Screen::Quarters => {
            view.quarters(frame, areas.compare);
            true
        }
        Screen::Logged => {
            view.logged(frame, areas.compare);
            true
        }
        Screen::Plan => false,
    };
    if covered {
        if areas.wide {
            view.chart(frame, areas.chart);
        }
    } else if areas.wide {
        view.tasks(frame, areas.tasks);
        view.note(frame, areas.note);
        view.metrics(frame, areas.metrics);
        view.chart(frame, areas.chart);
    } else {
        match right_pane(view.app) {
            RightPane::Tasks => {
                view.tasks(frame, areas.tasks);
                view.note(frame, areas.note);
            }
            RightPane::Chart => {
                view.chart(frame, areas.tasks);
                view.note(frame, areas.note);
            }
            RightPane::Metrics => view.metrics(frame, areas.metrics),
        }
    }
    view.footer(frame, areas.footer);
    if let Some(modal) = view.app.modal() {
        view.modal(frame, area, modal);
    }
    if view.app.warnings_shown() {
        view.warnings_list(frame, area);
    }
    if view.app.help() {
        view.help(frame, area);
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "terminal too small — need {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}); enlarge it or press q to quit",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// The header's title in `width` columns: the plan's name, its owner and
/// `[unsaved]` always; then the note and the model's name as room allows,
/// the model's name shortened first, anything cut ending in `…`.
pub(super) fn header_title(app: &App, width: usize) -> String {
    let meta = &app.document().meta;
    let name = if meta.name.is_empty() {
        "new plan".to_owned()
    } else {
        sanitize(&meta.name).into_owned()
    };
    let owner = if meta.owner.is_empty() {
        String::new()
    } else {
        format!(" · {}", sanitize(&meta.owner))
    };
    let unsaved = if app.is_dirty() { " [unsaved]" } else { "" };
    let brand = " tamplan · ";
    let tail = format!("{owner}{unsaved}");
    let required = brand.width() + name.width() + tail.width();
    if required > width {
        // Drop the brand, then cut the name: `[unsaved]` stays in sight.
        let room = width.saturating_sub(1 + tail.width());
        return fit(&format!(" {}{tail}", fit(&name, room)), width);
    }
    let mut title = format!("{brand}{name}{tail}");
    let mut room = width - required;
    let optional = [
        (!meta.note.is_empty()).then(|| format!("“{}”", sanitize(&meta.note))),
        Some(format!(
            "{} ({})",
            sanitize(&app.model().name),
            sanitize(app.source())
        )),
    ];
    for piece in optional.into_iter().flatten() {
        // " · " plus at least a few characters, or nothing.
        if room < 3 + 8 {
            break;
        }
        let piece = fit(&piece, room - 3);
        room -= 3 + piece.width();
        title.push_str(" · ");
        title.push_str(&piece);
    }
    title
}

/// A metric list line: a phase heading, or a metric by index.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MetricLine {
    Heading(String),
    Item(usize),
}

fn metric_lines(app: &App) -> Vec<MetricLine> {
    let mut lines = Vec::new();
    let mut heading: Option<String> = None;
    for (index, metric) in app.model().metrics.iter().enumerate() {
        let this = match &metric.group {
            Some(group) => format!("{} · {}", sanitize(&metric.phase), sanitize(group)),
            None => sanitize(&metric.phase).into_owned(),
        };
        if heading.as_ref() != Some(&this) {
            lines.push(MetricLine::Heading(this.clone()));
            heading = Some(this);
        }
        lines.push(MetricLine::Item(index));
    }
    lines
}

/// A dialog's answers: each key in reverse video, then what it does.
fn answers(pairs: &[(&str, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, what) in pairs {
        spans.push(Span::styled(
            format!(" {key} "),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {what} ")));
    }
    Line::from(spans)
}

/// One scenario in the picker: name · owner · saved · utilization.
fn picker_line(entry: &Listed) -> String {
    if entry.path.as_os_str().is_empty() {
        return format!(
            "model defaults · {}",
            entry.utilization.map(percent).unwrap_or_default()
        );
    }
    let file = entry
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    match (&entry.scenario, &entry.problem) {
        (Some(scenario), _) => {
            let name = if scenario.name.is_empty() {
                file
            } else {
                scenario.name.clone()
            };
            let owner = if scenario.owner.is_empty() {
                "no owner".to_owned()
            } else {
                scenario.owner.clone()
            };
            let saved = scenario.saved.map_or_else(
                || "not dated".to_owned(),
                |d| d.format("%Y-%m-%d %H:%M").to_string(),
            );
            let utilization = entry
                .utilization
                .map_or_else(|| "no plan".to_owned(), percent);
            sanitize(&format!("{name} · {owner} · {saved} · {utilization}")).into_owned()
        }
        (None, problem) => sanitize(&format!(
            "{file} · cannot be read: {}",
            problem.as_deref().unwrap_or_default()
        ))
        .into_owned(),
    }
}
