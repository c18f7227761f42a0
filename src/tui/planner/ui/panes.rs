//! The panes of the planner's screen.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, Cell, Gauge, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap,
};
use unicode_width::UnicodeWidthStr;

use crate::domain::engine::{MetricStatus, Status};
use crate::domain::text::{amount, hours_cell, percent, plain, sanitize};
use crate::report::book_capacity;
use crate::tui::planner::{EditTarget, Focus};

use super::{COLUMNS, MetricLine, View, fit, metric_lines, metric_symbol, offset, status_symbol};

impl View<'_> {
    pub(super) fn header(&self, frame: &mut Frame, area: Rect) {
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

    pub(super) fn counts(&self, frame: &mut Frame, area: Rect) {
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
                    .filter(|edit| edit.target == crate::tui::planner::EditTarget::Value(*input));
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

    pub(super) fn capacity(&self, frame: &mut Frame, area: Rect) {
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

    pub(super) fn warnings(&self, frame: &mut Frame, area: Rect) {
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

    pub(super) fn tasks(&self, frame: &mut Frame, area: Rect) {
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
        let values = |hours: &crate::domain::engine::Hours| -> Vec<String> {
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

    pub(super) fn note(&self, frame: &mut Frame, area: Rect) {
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

    pub(super) fn chart(&self, frame: &mut Frame, area: Rect) {
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

    pub(super) fn metrics(&self, frame: &mut Frame, area: Rect) {
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

    pub(super) fn footer(&self, frame: &mut Frame, area: Rect) {
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
}
