//! Drawing the planner. Everything here reads the state through an
//! immutable [`View`] and never changes it; the layout is a pure function of
//! the terminal size, shared with mouse hit-testing so a click lands on what
//! was drawn.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, Block, BorderType, Borders, Cell, Clear, Gauge, List, ListItem, ListState,
    Paragraph, Row, Table, TableState, Wrap,
};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, EditTarget, Focus, Modal, Next, Pick};
use crate::engine::{MetricStatus, Status};
use crate::report::book_capacity;
use crate::store::Listed;
use crate::text::{amount, hours_cell, percent, plain, sanitize};

/// The smallest terminal the layout fits.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal the layout fits.
pub const MIN_HEIGHT: u16 = 24;
/// From this size on, every pane is shown at once.
const WIDE: (u16, u16) = (120, 36);

/// Colours, or none when `NO_COLOR` is set; status and selection stay
/// readable through text, symbols and modifiers either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set to a non-empty value.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Theme { color: !no_color }
    }

    /// A theme with colours.
    pub fn color() -> Theme {
        Theme { color: true }
    }

    /// A theme without colours.
    pub fn mono() -> Theme {
        Theme { color: false }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    fn status(self, status: Status) -> Style {
        self.fg(match status {
            Status::Ok => Color::Green,
            Status::Near => Color::Yellow,
            Status::Over => Color::Red,
        })
    }

    fn metric(self, status: MetricStatus) -> Style {
        match status {
            MetricStatus::Met => self.fg(Color::Green),
            MetricStatus::Missed => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            MetricStatus::NoData => self.fg(Color::DarkGray),
        }
    }

    fn selected(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    fn block(self, title: &str, focused: bool) -> Block<'static> {
        let block = Block::new()
            .borders(Borders::ALL)
            .title(format!(" {title} "));
        if focused {
            block
                .border_type(BorderType::Thick)
                .border_style(self.fg(Color::Cyan).add_modifier(Modifier::BOLD))
                .title_style(Style::new().add_modifier(Modifier::BOLD))
        } else {
            block.border_style(self.fg(Color::DarkGray))
        }
    }

    fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }
}

/// Status symbol for people who cannot see colour.
fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Ok => "✓",
        Status::Near => "●",
        Status::Over => "▲",
    }
}

fn metric_symbol(status: MetricStatus) -> &'static str {
    match status {
        MetricStatus::Met => "✓",
        MetricStatus::Missed => "✗",
        MetricStatus::NoData => "·",
    }
}

/// Where each pane goes at the current size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The header line.
    pub header: Rect,
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
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if area.width >= WIDE.0 && area.height >= WIDE.1 {
        let [left, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(46)]).areas(body);
        let [tasks, note, metrics] = Layout::vertical([
            Constraint::Length(17),
            Constraint::Length(2),
            Constraint::Fill(1),
        ])
        .areas(left);
        let [counts, capacity, warnings, chart] = Layout::vertical([
            Constraint::Length(9),
            Constraint::Length(7),
            Constraint::Length(8),
            Constraint::Fill(1),
        ])
        .areas(right);
        Some(Areas {
            header,
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
        })
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Length(35), Constraint::Fill(1)]).areas(body);
        let [counts, capacity, warnings] = Layout::vertical([
            Constraint::Length(9),
            Constraint::Length(7),
            Constraint::Fill(1),
        ])
        .areas(left);
        let [main, note] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(right);
        Some(Areas {
            header,
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
        })
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
    } else if app.chart() && app.focus() != Focus::Tasks {
        RightPane::Chart
    } else {
        RightPane::Tasks
    }
}

/// A `width` × `height` rectangle in the middle of `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [_, column, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, popup, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(column);
    popup
}

/// The first row to show so that `selected` is visible in `visible` rows.
fn offset(selected: usize, visible: usize) -> usize {
    selected.saturating_sub(visible.saturating_sub(1))
}

/// The pane and list index under a mouse click, if any.
pub fn hit(app: &App, column: u16, row: u16) -> Option<(Focus, usize)> {
    let areas = areas(Rect::new(0, 0, app.size().0, app.size().1))?;
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
    let areas = areas(Rect::new(0, 0, app.size().0, app.size().1))?;
    let position = ratatui::layout::Position::new(column, row);
    if areas.counts.contains(position) {
        return Some(Focus::Counts);
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
    let Some(areas) = areas(area) else {
        too_small(frame, area);
        return;
    };
    view.header(frame, areas.header);
    view.counts(frame, areas.counts);
    view.capacity(frame, areas.capacity);
    view.warnings(frame, areas.warnings);
    if view.app.compare() {
        view.compare(frame, areas.compare);
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

/// Cuts `text` to `width` columns, ending in `…` when cut.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
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

/// The period columns, most useful first, with their widths.
/// "Work wk" is the hours per working week.
const COLUMNS: [(&str, u16); 5] = [
    ("Yearly", 8),
    ("Work wk", 7),
    ("Monthly", 7),
    ("Weekly", 6),
    ("Quarterly", 9),
];

impl View<'_> {
    fn header(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let plan = app.plan();
        let spare = plan.capacity.available_hours - plan.totals.yearly;
        let room = if spare < -1e-9 {
            format!("{} h over", amount(-spare))
        } else {
            format!("{} h spare", amount(spare))
        };
        let badge = format!(
            " {} {} · {} · {room} ",
            status_symbol(plan.status),
            plan.status.label(),
            percent(plan.utilization)
        );
        let badge_style = if self.theme.color {
            Style::new()
                .bg(match plan.status {
                    Status::Ok => Color::Green,
                    Status::Near => Color::Yellow,
                    Status::Over => Color::Red,
                })
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        };
        let badge_width = u16::try_from(badge.width())
            .unwrap_or(u16::MAX)
            .min(area.width);
        let [title_area, badge_area] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(badge_width)]).areas(area);
        let document = app.document();
        let scenario = if document.meta.name.is_empty() {
            "new plan"
        } else {
            document.meta.name.as_str()
        };
        let unsaved = if app.is_dirty() { " [unsaved]" } else { "" };
        let title = format!(
            " tamplan · {} ({}) · {}{unsaved}",
            sanitize(&app.model().name),
            sanitize(app.source()),
            sanitize(scenario)
        );
        frame.render_widget(
            Paragraph::new(fit(&title, usize::from(title_area.width)))
                .style(Style::new().add_modifier(Modifier::BOLD)),
            title_area,
        );
        frame.render_widget(Paragraph::new(badge).style(badge_style), badge_area);
    }

    fn counts(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let focused = app.focus() == Focus::Counts;
        let block = self.theme.block("Counts & capacity", focused);
        let inner = block.inner(area);
        let width = usize::from(inner.width.saturating_sub(2));
        let items: Vec<ListItem> = app
            .pane_inputs()
            .iter()
            .map(|input| {
                let value = app.inputs().get(*input);
                let default = input.default_value(app.model());
                let editing = app
                    .edit()
                    .filter(|edit| edit.target == crate::app::EditTarget::Value(*input));
                let value_text = match editing {
                    Some(edit) => format!("[{}▏]", edit.buffer),
                    None if (value - default).abs() > 1e-12 => {
                        format!("{} ({})", plain(value), plain(default))
                    }
                    None => plain(value),
                };
                let label_width = width.saturating_sub(value_text.width() + 1);
                let label = fit(&sanitize(input.label(app.model())), label_width);
                let pad = width.saturating_sub(label.width() + value_text.width());
                let mut spans = vec![Span::raw(label), Span::raw(" ".repeat(pad))];
                if editing.is_some() {
                    spans.push(Span::styled(
                        value_text,
                        Style::new().add_modifier(Modifier::REVERSED),
                    ));
                } else if (value - default).abs() > 1e-12 {
                    let (now, was) = value_text
                        .split_once(' ')
                        .unwrap_or((value_text.as_str(), ""));
                    spans.push(Span::styled(
                        now.to_owned(),
                        Style::new().add_modifier(Modifier::BOLD),
                    ));
                    spans.push(Span::styled(format!(" {was}"), self.theme.dim()));
                } else {
                    spans.push(Span::raw(value_text));
                }
                ListItem::new(Line::from(spans))
            })
            .collect();
        let visible = usize::from(inner.height);
        let mut state = ListState::default()
            .with_offset(offset(app.counts_selection(), visible))
            .with_selected(Some(app.counts_selection()));
        let list = List::new(items)
            .block(block)
            .highlight_symbol("› ")
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
            .highlight_style(self.theme.selected(focused));
        frame.render_stateful_widget(list, area, &mut state);
    }

    fn capacity(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let plan = app.plan();
        let block = self.theme.block("Capacity", false);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [planned, gauge, week, book, basis] =
            Layout::vertical([Constraint::Length(1); 5]).areas(inner);
        frame.render_widget(
            Paragraph::new(fit(
                &format!("Basis: {}", crate::report::gross_basis(&plan.capacity)),
                usize::from(basis.width),
            ))
            .style(self.theme.dim()),
            basis,
        );
        frame.render_widget(
            Paragraph::new(format!(
                "Planned {} h of {} h",
                amount(plan.totals.yearly),
                amount(plan.capacity.available_hours)
            )),
            planned,
        );
        let spare = plan.capacity.available_hours - plan.totals.yearly;
        let label = if spare < -1e-9 {
            format!("{} · {} h over", percent(plan.utilization), amount(-spare))
        } else {
            format!("{} · {} h spare", percent(plan.utilization), amount(spare))
        };
        let ratio = if plan.utilization.is_finite() {
            plan.utilization.clamp(0.0, 1.0)
        } else {
            0.0
        };
        frame.render_widget(
            Gauge::default()
                .ratio(ratio)
                .label(Span::styled(
                    label,
                    Style::new().add_modifier(Modifier::BOLD),
                ))
                .use_unicode(true)
                .gauge_style(self.theme.status(plan.status)),
            gauge,
        );
        let hours_per_week = plan.capacity.inputs.hours_per_week;
        let week_style = if plan.totals.per_working_week > hours_per_week + 1e-9 {
            self.theme.status(Status::Over).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::raw("Working week "),
                Span::styled(
                    format!("{} h", amount(plan.totals.per_working_week)),
                    week_style,
                ),
                Span::raw(format!(" of {} h", amount(hours_per_week))),
            ])),
            week,
        );
        frame.render_widget(
            Paragraph::new(format!(
                "Book capacity: {}",
                book_capacity(app.model(), app.inputs(), plan)
            )),
            book,
        );
    }

    fn warnings(&self, frame: &mut Frame, area: Rect) {
        let warnings = &self.app.plan().warnings;
        let title = if warnings.is_empty() {
            "Warnings".to_owned()
        } else {
            format!("Warnings ({})", warnings.len())
        };
        let block = self.theme.block(&title, false);
        let lines: Vec<Line> = if warnings.is_empty() {
            vec![Line::styled("None: the plan fits.", self.theme.dim())]
        } else {
            let style = self.theme.status(self.app.plan().status);
            warnings
                .iter()
                .map(|warning| {
                    Line::from(vec![
                        Span::styled("! ", style),
                        Span::raw(warning.to_string()),
                    ])
                })
                .collect()
        };
        frame.render_widget(
            Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
            area,
        );
    }

    fn tasks(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let plan = app.plan();
        let focused = app.focus() == Focus::Tasks;
        let block = self.theme.block("Tasks · hours", focused);
        let inner = block.inner(area);
        // Keep the task column at least 20 wide (after the 2-wide mark
        // column); add period columns while they fit, most useful first,
        // then show them in period order.
        let mut room = inner.width.saturating_sub(2 + 20);
        let mut shown: Vec<usize> = Vec::new();
        for (index, (_, width)) in COLUMNS.iter().enumerate() {
            if room > *width {
                room -= width + 1;
                shown.push(index);
            }
        }
        let order = [3, 2, 4, 0, 1];
        let shown: Vec<usize> = order
            .into_iter()
            .filter(|index| shown.contains(index))
            .collect();
        let values = |hours: &crate::engine::Hours| -> Vec<String> {
            shown
                .iter()
                .map(|index| {
                    hours_cell(match index {
                        0 => hours.yearly,
                        1 => hours.per_working_week,
                        2 => hours.monthly,
                        3 => hours.weekly,
                        _ => hours.quarterly,
                    })
                })
                .collect()
        };
        let right = |text: String| Cell::from(Line::from(text).alignment(Alignment::Right));
        let header = Row::new(
            [Cell::from(""), Cell::from("Task")].into_iter().chain(
                shown
                    .iter()
                    .filter_map(|index| COLUMNS.get(*index))
                    .map(|(name, _)| right((*name).to_owned())),
            ),
        )
        .style(Style::new().add_modifier(Modifier::BOLD));
        let rows: Vec<Row> = app
            .model()
            .rows
            .iter()
            .zip(&plan.rows)
            .map(|(row, hours)| {
                let mark = if row.scales_with.is_some() { "↻" } else { "" };
                Row::new(
                    [
                        Cell::from(mark),
                        Cell::from(sanitize(&row.task).into_owned()),
                    ]
                    .into_iter()
                    .chain(values(hours).into_iter().map(right)),
                )
            })
            .collect();
        let footer = Row::new(
            [Cell::from(""), Cell::from("Total")]
                .into_iter()
                .chain(values(&plan.totals).into_iter().map(right)),
        )
        .style(Style::new().add_modifier(Modifier::BOLD))
        .top_margin(0);
        let widths: Vec<Constraint> = [Constraint::Length(1), Constraint::Fill(1)]
            .into_iter()
            .chain(
                shown
                    .iter()
                    .filter_map(|index| COLUMNS.get(*index))
                    .map(|(_, width)| Constraint::Length(*width)),
            )
            .collect();
        let visible = usize::from(inner.height.saturating_sub(2));
        let mut state = TableState::default()
            .with_offset(offset(app.task_selection(), visible))
            .with_selected(Some(app.task_selection()));
        let table = Table::new(rows, widths)
            .header(header)
            .footer(footer)
            .block(block)
            .column_spacing(1)
            .row_highlight_style(self.theme.selected(focused));
        frame.render_stateful_widget(table, area, &mut state);
    }

    fn note(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let Some(row) = app.model().rows.get(app.task_selection()) else {
            return;
        };
        let scaling = match row
            .scales_with
            .and_then(|id| app.model().count(id).map(|count| (id, count)))
        {
            Some((id, count)) => format!(
                "↻ grows with {} ({} now, {} at default)",
                sanitize(&count.label).to_lowercase(),
                plain(app.inputs().count(id)),
                plain(count.default)
            ),
            None => "fixed: does not grow with a count".to_owned(),
        };
        let note = if row.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", sanitize(&row.note))
        };
        let text = Line::from(vec![
            Span::styled(
                format!(" {}: ", sanitize(&row.task)),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(
                "{} h per {}, {scaling}{note}",
                plain(row.hours),
                row.per.name()
            )),
        ]);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
    }

    fn chart(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let block = self.theme.block("Where the time goes · h/year", false);
        let inner = block.inner(area);
        let label_width = usize::from(inner.width / 3).max(8);
        let mut rows: Vec<(String, f64)> = app
            .model()
            .rows
            .iter()
            .zip(&app.plan().rows)
            .map(|(row, hours)| (fit(&sanitize(&row.task), label_width), hours.yearly))
            .collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        rows.truncate(usize::from(inner.height));
        let bars: Vec<Bar> = rows
            .into_iter()
            .map(|(label, yearly)| {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "hours are finite and ≥ 0; bar lengths only need whole hours"
                )]
                let value = yearly.round().max(0.0) as u64;
                Bar::with_label(label, value).text_value(amount(yearly.round()))
            })
            .collect();
        let chart = BarChart::horizontal(bars)
            .block(block)
            .bar_width(1)
            .bar_gap(0)
            .bar_style(self.theme.fg(Color::Cyan))
            .value_style(Style::new().add_modifier(Modifier::REVERSED));
        frame.render_widget(chart, area);
    }

    fn metrics(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let focused = app.focus() == Focus::Metrics;
        let statuses = &app.plan().metrics;
        let met = statuses.iter().filter(|s| **s == MetricStatus::Met).count();
        let missed = statuses
            .iter()
            .filter(|s| **s == MetricStatus::Missed)
            .count();
        let title = format!(
            "Metrics · {met} met · {missed} missed · {} no data",
            statuses.len() - met - missed
        );
        let block = self.theme.block(&title, focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [list_area, detail_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let lines = metric_lines(app);
        let width = usize::from(list_area.width);
        let items: Vec<ListItem> = lines
            .iter()
            .map(|line| match line {
                MetricLine::Heading(text) => ListItem::new(Line::styled(
                    fit(text, width),
                    Style::new().add_modifier(Modifier::BOLD),
                )),
                MetricLine::Item(index) => {
                    let metric = app.model().metrics.get(*index);
                    let status = statuses
                        .get(*index)
                        .copied()
                        .unwrap_or(MetricStatus::NoData);
                    let indent = if metric.is_some_and(|m| m.parent.is_some()) {
                        "    "
                    } else {
                        "  "
                    };
                    let badge = format!("{} {:<7} ", metric_symbol(status), status.label());
                    let name = metric
                        .map(|m| sanitize(&m.name).into_owned())
                        .unwrap_or_default();
                    let rest = width.saturating_sub(indent.width() + badge.width() + 2);
                    ListItem::new(Line::from(vec![
                        Span::raw(indent),
                        Span::styled(badge, self.theme.metric(status)),
                        Span::raw(fit(&name, rest)),
                    ]))
                }
            })
            .collect();
        let selected_line = lines
            .iter()
            .position(|line| *line == MetricLine::Item(app.metric_selection()));
        let visible = usize::from(list_area.height);
        let mut state = ListState::default()
            .with_offset(offset(selected_line.unwrap_or(0), visible))
            .with_selected(selected_line.filter(|_| focused));
        let list = List::new(items).highlight_style(self.theme.selected(true));
        frame.render_stateful_widget(list, list_area, &mut state);
        if let Some(metric) = app.model().metrics.get(app.metric_selection()) {
            let detail = format!("Target: {}", sanitize(&metric.target));
            frame.render_widget(
                Paragraph::new(fit(&detail, usize::from(detail_area.width)))
                    .style(self.theme.dim()),
                detail_area,
            );
        }
    }

    fn footer(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let (line, style) = if let Some(edit) = app.edit() {
            let hint = match edit.target {
                EditTarget::Value(_) => {
                    "type a number (decimals allowed) · Enter commit · Esc cancel".to_owned()
                }
                EditTarget::Actual(_) => {
                    "Enter records it (empty clears it) · Esc cancel".to_owned()
                }
                EditTarget::Name { .. } | EditTarget::Owner => "Enter next · Esc cancel".to_owned(),
                EditTarget::Note | EditTarget::Hours(_) | EditTarget::Calendar => {
                    "Enter commit · Esc cancel".to_owned()
                }
            };
            let prompt = match edit.target {
                EditTarget::Value(_) => String::new(),
                target => format!(" {}: {}▏ ", app.edit_label(target), sanitize(&edit.buffer)),
            };
            (
                Line::from(vec![
                    Span::styled(prompt, Style::new().add_modifier(Modifier::REVERSED)),
                    Span::raw(format!(" {hint}")),
                ]),
                Style::new(),
            )
        } else if let Some(message) = app.message() {
            (
                Line::raw(format!(" {}", sanitize(message))),
                self.theme.status(Status::Over).add_modifier(Modifier::BOLD),
            )
        } else {
            let keys = match (app.compare(), app.focus()) {
                (true, _) => {
                    " v back to the plan · b baseline · e export · s save · u undo · ? help · q quit"
                }
                (false, Focus::Counts) => {
                    " +/- change · Enter type · r reset · u undo · s save · o open · v compare · ? help · q quit"
                }
                (false, Focus::Tasks) => {
                    " +/- hours · Enter type · r reset · c chart · Tab pane · ? help · q quit"
                }
                (false, Focus::Metrics) => {
                    " Enter record actual · r clear · Tab pane · ? help · q quit"
                }
            };
            (Line::raw(keys), self.theme.dim())
        };
        let width = usize::from(area.width);
        let line = if line.width() > width {
            Line::raw(fit(&line.to_string(), width))
        } else {
            line
        };
        frame.render_widget(Paragraph::new(line).style(style), area);
    }

    /// The baseline beside the current plan: Δ per task and in total,
    /// utilization before → after, changed values, metrics whose status
    /// changed.
    fn compare(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let (plan, baseline) = (app.plan(), &app.baseline().plan);
        let block = self.theme.block(
            &format!(
                "Compare with {} · b picks another",
                sanitize(&app.baseline().label)
            ),
            true,
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let rows_height = u16::try_from(app.model().rows.len())
            .unwrap_or(u16::MAX)
            .saturating_add(2);
        let [summary, table_area, details] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Max(rows_height),
            Constraint::Fill(1),
        ])
        .areas(inner);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::raw("Utilization "),
                    Span::styled(
                        percent(baseline.utilization),
                        self.theme.status(baseline.status),
                    ),
                    Span::raw(" → "),
                    Span::styled(
                        percent(plan.utilization),
                        self.theme.status(plan.status).add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(format!(
                        " · {} → {}",
                        baseline.status.label(),
                        plan.status.label()
                    )),
                ]),
                Line::raw(format!(
                    "Planned {} → {} h a year · working week {} → {} h",
                    amount(baseline.totals.yearly),
                    amount(plan.totals.yearly),
                    amount(baseline.totals.per_working_week),
                    amount(plan.totals.per_working_week)
                )),
            ])
            .wrap(Wrap { trim: true }),
            summary,
        );
        frame.render_widget(self.compare_table(inner.width >= 62), table_area);
        frame.render_widget(
            Paragraph::new(self.compare_details()).wrap(Wrap { trim: false }),
            details,
        );
    }

    /// Baseline, now and Δ per task and in total.
    fn compare_table(&self, wide: bool) -> Table<'static> {
        let app = self.app;
        let (plan, baseline) = (app.plan(), &app.baseline().plan);
        let right = |text: String| Cell::from(Line::from(text).alignment(Alignment::Right));
        let mut headings = vec![
            Cell::from("Task"),
            right("Baseline".into()),
            right("Now".into()),
            right("Δ yearly".into()),
        ];
        if wide {
            headings.push(right("Δ work wk".into()));
        }
        let row_of = |task: String, then: &crate::engine::Hours, now: &crate::engine::Hours| {
            let mut cells = vec![
                Cell::from(task),
                right(hours_cell(then.yearly)),
                right(hours_cell(now.yearly)),
                right(crate::report::delta_cell(now.yearly - then.yearly)),
            ];
            if wide {
                cells.push(right(crate::report::delta_cell(
                    now.per_working_week - then.per_working_week,
                )));
            }
            Row::new(cells)
        };
        let rows: Vec<Row> = app
            .model()
            .rows
            .iter()
            .zip(plan.rows.iter().zip(&baseline.rows))
            .map(|(row, (now, then))| row_of(sanitize(&row.task).into_owned(), then, now))
            .collect();
        let mut widths = vec![
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(9),
        ];
        if wide {
            widths.push(Constraint::Length(9));
        }
        Table::new(rows, widths)
            .header(Row::new(headings).style(Style::new().add_modifier(Modifier::BOLD)))
            .footer(
                row_of("Total".to_owned(), &baseline.totals, &plan.totals)
                    .style(Style::new().add_modifier(Modifier::BOLD)),
            )
            .column_spacing(1)
    }

    /// The values that differ from the baseline, and the metrics whose
    /// status changed.
    fn compare_details(&self) -> Vec<Line<'static>> {
        let app = self.app;
        let (plan, baseline) = (app.plan(), &app.baseline().plan);
        let changed_values: Vec<String> =
            crate::engine::changes(app.model(), &app.baseline().inputs, app.inputs())
                .into_iter()
                .map(|change| crate::report::describe_change(app.model(), change))
                .map(|text| sanitize(&text).into_owned())
                .collect();
        let changed_metrics: Vec<Line> = app
            .model()
            .metrics
            .iter()
            .zip(plan.metrics.iter().zip(&baseline.metrics))
            .filter(|(_, (now, then))| now != then)
            .map(|(metric, (now, then))| {
                Line::from(vec![
                    Span::styled(format!("{} ", metric_symbol(*now)), self.theme.metric(*now)),
                    Span::raw(format!(
                        "{}: {} → {}",
                        sanitize(&metric.name),
                        then.label(),
                        now.label()
                    )),
                ])
            })
            .collect();
        let mut lines = vec![Line::styled(
            "Changed values",
            Style::new().add_modifier(Modifier::BOLD),
        )];
        if changed_values.is_empty() {
            lines.push(Line::styled("  none", self.theme.dim()));
        }
        lines.extend(
            changed_values
                .into_iter()
                .map(|text| Line::raw(format!("  {text}"))),
        );
        lines.push(Line::styled(
            "Metrics whose status changed",
            Style::new().add_modifier(Modifier::BOLD),
        ));
        if changed_metrics.is_empty() {
            lines.push(Line::styled("  none", self.theme.dim()));
        }
        lines.extend(changed_metrics);
        lines
    }

    /// A dialog centred over the screen.
    fn modal(&self, frame: &mut Frame, area: Rect, modal: &Modal) {
        let (title, mut lines, answers) = self.modal_content(modal);
        if lines.is_empty() {
            lines.push(Line::raw("(none)"));
        }
        let width = area.width.min(90);
        let inner_width = usize::from(width.saturating_sub(2)).max(1);
        // Rows the text takes once wrapped.
        let rows: usize = lines
            .iter()
            .map(|line| line.width().div_ceil(inner_width).max(1))
            .sum();
        let height = area
            .height
            .min(u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2));
        let popup = centered(area, width, height);
        let selected = match modal {
            Modal::Picker { selected, .. } => *selected,
            _ => 0,
        };
        let visible = usize::from(height.saturating_sub(2));
        let scroll = u16::try_from(offset(selected, visible)).unwrap_or(0);
        let mut block = self.theme.block(&title, true);
        if let Some(answers) = answers {
            block = block.title_bottom(answers);
        }
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0)),
            popup,
        );
    }

    /// The picker's scenarios, the selected one marked.
    fn picker_lines(&self, entries: &[Listed], selected: usize) -> Vec<Line<'static>> {
        entries
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let text = fit(&picker_line(entry), 84);
                if index == selected {
                    Line::styled(format!("› {text}"), self.theme.selected(true))
                } else {
                    Line::raw(format!("  {text}"))
                }
            })
            .collect()
    }

    /// A dialog's title, its text, and its answers (shown on its bottom
    /// border, so no amount of text can push them out of sight).
    fn modal_content(&self, modal: &Modal) -> (String, Vec<Line<'static>>, Option<Line<'static>>) {
        match modal {
            Modal::Unsaved(next) => (
                "Unsaved changes".to_owned(),
                vec![Line::raw(match next {
                    Next::Quit => "This plan has changes that are not saved.",
                    Next::Open => {
                        "This plan has changes that are not saved. Save them before opening another?"
                    }
                })],
                Some(answers(&[
                    (
                        "s",
                        if *next == Next::Quit {
                            "save and quit"
                        } else {
                            "save, then open"
                        },
                    ),
                    (
                        "d",
                        if *next == Next::Quit {
                            "discard and quit"
                        } else {
                            "open without saving"
                        },
                    ),
                    ("Esc", "stay"),
                ])),
            ),
            Modal::Conflict { path, .. } => (
                "The file changed on disk".to_owned(),
                vec![
                    Line::raw(format!(
                        "{} changed since it was opened or saved here. Nothing was written.",
                        sanitize(&path.display().to_string())
                    )),
                    Line::raw("Reload drops the changes made here; save as keeps both."),
                ],
                Some(answers(&[
                    ("o", "overwrite"),
                    ("r", "reload"),
                    ("a", "save as"),
                    ("Esc", "cancel"),
                ])),
            ),
            Modal::Picker {
                purpose,
                entries,
                selected,
            } => {
                let title = match purpose {
                    Pick::Open => "Open a scenario · Enter opens · Esc cancels",
                    Pick::Baseline => "Compare with · Enter picks · Esc cancels",
                };
                (
                    title.to_owned(),
                    self.picker_lines(entries, *selected),
                    None,
                )
            }
            Modal::Restore(recovery) => {
                let name = crate::scenario::Scenario::parse(&recovery.scenario, "").map_or_else(
                    |_| "a plan".to_owned(),
                    |s| {
                        if s.name.is_empty() {
                            "a new plan".to_owned()
                        } else {
                            s.name
                        }
                    },
                );
                (
                    "Unsaved work from the last session".to_owned(),
                    vec![Line::raw(format!(
                        "The planner was stopped with unsaved changes to {}.",
                        sanitize(&name)
                    ))],
                    Some(answers(&[
                        ("y", "restore them"),
                        ("n", "discard them"),
                        ("Esc", "decide later"),
                    ])),
                )
            }
            Modal::Unknown { problems, .. } => {
                let mut lines = vec![Line::raw(
                    "The scenario names things this model does not have:",
                )];
                lines.extend(
                    problems
                        .iter()
                        .map(|problem| Line::raw(format!("  {}", sanitize(problem)))),
                );
                (
                    "Unknown names".to_owned(),
                    lines,
                    Some(answers(&[("y", "load the rest"), ("n", "cancel")])),
                )
            }
        }
    }

    fn help(&self, frame: &mut Frame, area: Rect) {
        const KEYS: [(&str, &str); 24] = [
            ("+ / →", "add 1 to the selected value or task hours"),
            ("- / ←", "take 1 off (never below 0)"),
            ("Shift+→/← PgUp/PgDn", "add or take 10"),
            ("Enter", "type a value, task hours or a metric's actual"),
            ("r / R", "reset the selected value / every value"),
            ("u / Ctrl+R", "undo / redo"),
            ("Tab / Shift+Tab", "next / previous pane"),
            ("↑ ↓  k j", "select"),
            ("s / S", "save (a name the first time) / save as"),
            ("o", "open a saved scenario"),
            ("v", "compare with the baseline (the 1:1 view)"),
            ("b", "pick the baseline: model defaults or a scenario"),
            ("e", "export the 1:1 summary as Markdown"),
            ("n", "edit the scenario's note"),
            ("y", "count capacity in a calendar year or quarter"),
            ("c", "chart instead of the table (small screens)"),
            ("mouse", "click selects, wheel scrolls"),
            ("?", "this help; Esc or ? closes it"),
            ("Ctrl+Z", "suspend; fg resumes"),
            ("q  Esc  Ctrl+C", "quit (asks if there are unsaved changes)"),
            ("↻", "the task grows with a count"),
            ("✓ ● ▲", "OK · near capacity · overloaded"),
            ("", ""),
            ("Files", ""),
        ];
        let paths = &self.app.settings().paths_note;
        let width = area.width.min(78);
        let lines_needed = KEYS.len() + paths.len();
        let height = area.height.min(
            u16::try_from(lines_needed)
                .unwrap_or(u16::MAX)
                .saturating_add(2),
        );
        let popup = centered(area, width, height);
        let lines: Vec<Line> = KEYS
            .iter()
            .map(|(key, what)| {
                Line::from(vec![
                    Span::styled(
                        format!(" {key:<20}"),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(*what),
                ])
            })
            .chain(
                paths
                    .iter()
                    .map(|line| Line::raw(format!(" {}", sanitize(line)))),
            )
            .collect();
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(lines)
                .block(self.theme.block("Keys · ↑↓ scroll · Esc closes", true))
                .scroll((
                    self.app
                        .help_scroll()
                        .min(u16::try_from(lines_needed).unwrap_or(0)),
                    0,
                )),
            popup,
        );
    }
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
