//! The panes of the planner's screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::domain::engine::{self, Input, MetricStatus, Status};
use crate::domain::model::CapacityField;
use crate::domain::num;
use crate::domain::text::{self, amount, hours_cell, number, percent, sanitize};
use crate::report::book_capacity;
use crate::tui::planner::keymap::{self, Spot};
use crate::tui::planner::{EditTarget, Focus, Screen};

use crate::tui::theme::{metric_symbol, status_symbol};
use crate::tui::widgets::{
    CapacityGauge, HoursChart, TaskTable, figure, first_fitting, fit, glue_units, offset,
    utilization_text, wrap,
};

use super::{MetricLine, View, header_title, metric_lines};

impl View<'_> {
    pub(super) fn header(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let plan = app.plan();
        // Compact figures when the full ones would take over half the line.
        let badge = first_fitting(
            [false, true].map(|compact| {
                format!(
                    " {} {} · {} ",
                    status_symbol(plan.status),
                    plan.status.label(),
                    utilization_text(plan, compact)
                )
            }),
            usize::from(area.width / 2),
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
        frame.render_widget(
            Paragraph::new(header_title(app, usize::from(title_area.width)))
                .style(Style::new().add_modifier(Modifier::BOLD)),
            title_area,
        );
        frame.render_widget(Paragraph::new(badge).style(badge_style), badge_area);
    }

    pub(super) fn counts(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        // In the quarter view the keys go to the quarters.
        let focused = app.focus() == Focus::Counts && app.screen() != Screen::Quarters;
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
                // The target reads as a percentage, like the gauge's.
                let shown = |v: f64| match input {
                    Input::Capacity(CapacityField::TargetUtilization) => percent(v),
                    _ => number(v),
                };
                let value_text = match editing {
                    Some(edit) => format!("[{}▏]", edit.text()),
                    None if num::differs(value, default) => {
                        format!("{} ({})", shown(value), shown(default))
                    }
                    None => shown(value),
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
                } else if num::differs(value, default) {
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
        let first = offset(app.counts_selection(), visible);
        // Inputs out of sight are said on the bottom border.
        let above = first;
        let below = items.len().saturating_sub(first + visible);
        let more = match (above, below) {
            (0, 0) => String::new(),
            (0, below) => format!(" ↓ {below} more "),
            (above, 0) => format!(" ↑ {above} more "),
            (above, below) => format!(" ↑ {above} · ↓ {below} more "),
        };
        let block = block.title_bottom(Line::styled(more, self.theme.dim()).right_aligned());
        let mut state = ListState::default()
            .with_offset(first)
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
        let follows = crate::domain::engine::week_basis(app.model(), &plan.capacity.inputs)
            .map_or_else(String::new, |basis| format!(" · {basis}"));
        frame.render_widget(
            Paragraph::new(basis_line(plan, &follows, usize::from(basis.width)))
                .style(self.theme.dim()),
            basis,
        );
        frame.render_widget(
            Paragraph::new(first_fitting(
                [false, true].map(|compact| {
                    format!(
                        "Planned {} h of {} h",
                        figure(plan.totals.yearly, compact),
                        figure(plan.capacity.available_hours, compact)
                    )
                }),
                usize::from(planned.width),
            )),
            planned,
        );
        frame.render_widget(
            CapacityGauge {
                plan,
                theme: self.theme,
            },
            gauge,
        );
        let week_style = if plan.long_week() {
            self.theme.status(Status::Over).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let compact = format!(
            "Working week {} h of {} h",
            amount(plan.totals.per_working_week),
            amount(plan.capacity.inputs.hours_per_week)
        )
        .width()
            > usize::from(week.width);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::raw("Working week "),
                Span::styled(
                    format!("{} h", figure(plan.totals.per_working_week, compact)),
                    week_style,
                ),
                Span::raw(format!(
                    " of {} h",
                    figure(plan.capacity.inputs.hours_per_week, compact)
                )),
            ])),
            week,
        );
        let capacity = book_capacity(app.model(), app.inputs(), plan);
        let short = match (plan.max_customers, plan.max_customers_at_target) {
            (Some(max), Some(at)) if plan.capacity.inputs.target_utilization < 1.0 => format!(
                "Book: {} at 100 %, {} at {}",
                text::thousands(max),
                text::thousands(at),
                percent(plan.capacity.inputs.target_utilization)
            ),
            _ => format!("Book: {}", capacity.replace(" customers", "")),
        };
        frame.render_widget(
            Paragraph::new(first_fitting(
                [format!("Book capacity: {capacity}"), short],
                usize::from(book.width),
            )),
            book,
        );
    }

    pub(super) fn warnings(&self, frame: &mut Frame, area: Rect) {
        let warnings = &self.app.plan().warnings;
        let title = if warnings.is_empty() {
            "Warnings".to_owned()
        } else if super::warnings_cut(self.app) {
            format!("Warnings ({}) · w lists all", warnings.len())
        } else {
            format!("Warnings ({})", warnings.len())
        };
        let block = self.theme.block(&title, false);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if warnings.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled("None: the plan fits.", self.theme.dim())),
                inner,
            );
            return;
        }
        // Each warning wraps at word boundaries, a number kept with its
        // unit, with "! " before its first line; when the pane is too short,
        // the last line shown ends in "…".
        let style = self.theme.status(self.app.plan().status);
        let width = usize::from(inner.width).saturating_sub(2);
        let mut room = usize::from(inner.height);
        let mut lines: Vec<Line> = Vec::new();
        let mut shown = 0;
        for warning in warnings {
            if room == 0 {
                break;
            }
            shown += 1;
            let wrapped = wrap(&glue_units(&warning.to_string()), width, room);
            room -= wrapped.len();
            for (index, text) in wrapped.into_iter().enumerate() {
                let mark = if index == 0 { "! " } else { "  " };
                lines.push(Line::from(vec![Span::styled(mark, style), Span::raw(text)]));
            }
        }
        // Warnings left out: the last line shown says so with "…".
        if shown < warnings.len()
            && let Some(last) = lines.last_mut()
        {
            let text = last.to_string();
            if !text.ends_with('…') {
                let cut = fit(
                    text.trim_start_matches("! ").trim_start(),
                    width.saturating_sub(1),
                );
                let mark = if text.starts_with("! ") { "! " } else { "  " };
                *last = Line::from(vec![
                    Span::styled(mark, style),
                    Span::raw(format!("{}…", cut.trim_end_matches('…'))),
                ]);
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    pub(super) fn tasks(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        frame.render_widget(
            TaskTable {
                model: app.model(),
                inputs: app.inputs(),
                plan: app.plan(),
                selected: app.task_selection(),
                focused: app.focus() == Focus::Tasks,
                theme: self.theme,
            },
            area,
        );
    }

    /// The selected task's line: its hours now (with the model's when
    /// changed), its full yearly and working-week figures, what it grows
    /// with, and the handbook's note, cut with "…" when it does not fit.
    pub(super) fn note(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let index = app.task_selection();
        let (Some(row), Some(hours)) = (app.model().rows.get(index), app.plan().rows.get(index))
        else {
            return;
        };
        let now = engine::row_hours_now(app.model(), app.inputs(), index);
        let default = engine::model_hours_now(app.model(), app.inputs(), index);
        let changed = if num::differs(now, default) {
            format!(" (model: {})", number(default))
        } else {
            String::new()
        };
        let scaling = match row
            .scales_with
            .and_then(|id| app.model().count(id).map(|count| (id, count)))
        {
            Some((id, count)) => format!(
                "↻ grows with {} ({} now, {} at default)",
                text::in_sentence(&sanitize(&count.label)),
                number(app.inputs().count(id)),
                number(count.default)
            ),
            None => "fixed: does not grow with a count".to_owned(),
        };
        let note = if row.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", sanitize(&row.note))
        };
        let text = format!(
            "{}: {} h per {}{changed} = {} h a year, {} h a working week; {scaling}{note}",
            sanitize(&row.task),
            number(now),
            row.per.name(),
            hours_cell(hours.yearly),
            hours_cell(hours.per_working_week),
        );
        let width = usize::from(area.width).saturating_sub(1);
        let lines: Vec<Line> = wrap(&glue_units(&text), width, usize::from(area.height))
            .into_iter()
            .map(|line| Line::raw(format!(" {line}")))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
    }

    pub(super) fn chart(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        frame.render_widget(
            HoursChart {
                model: app.model(),
                plan: app.plan(),
                theme: self.theme,
            },
            area,
        );
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
            statuses.len().saturating_sub(met + missed)
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
                    let value = crate::report::metric_value(app.model(), app.inputs(), *index)
                        .map(|value| format!("{value} · "))
                        .unwrap_or_default();
                    let name = metric
                        .map(|m| sanitize(&m.name).into_owned())
                        .unwrap_or_default();
                    let rest =
                        width.saturating_sub(indent.width() + badge.width() + value.width() + 2);
                    ListItem::new(Line::from(vec![
                        Span::raw(indent),
                        Span::styled(badge, self.theme.metric(status)),
                        Span::styled(value, Style::new().add_modifier(Modifier::BOLD)),
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
            let status = statuses
                .get(app.metric_selection())
                .copied()
                .unwrap_or(MetricStatus::NoData);
            let detail = match crate::report::metric_value(
                app.model(),
                app.inputs(),
                app.metric_selection(),
            ) {
                Some(value) => format!(
                    "{value} · {}, target: {}",
                    status.label(),
                    sanitize(&metric.target)
                ),
                None => format!("Target: {}", sanitize(&metric.target)),
            };
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
                EditTarget::Note
                | EditTarget::Hours(_)
                | EditTarget::Calendar
                | EditTarget::Quarter(..) => "Enter commit · Esc cancel".to_owned(),
            };
            let prompt = match edit.target {
                EditTarget::Value(_) => String::new(),
                target => format!(" {}: {}▏ ", app.edit_label(target), sanitize(edit.text())),
            };
            (
                Line::from(vec![
                    Span::styled(prompt, Style::new().add_modifier(Modifier::REVERSED)),
                    Span::raw(format!(" {hint}")),
                ]),
                Style::new(),
            )
        } else if let Some(message) = app.message() {
            // The message, cut with "…" if it must be, and the two keys
            // that always stay.
            let keys = " · ? help · q quit";
            let room = usize::from(area.width).saturating_sub(1 + keys.width());
            (
                Line::from(vec![
                    Span::styled(
                        format!(" {}", fit(&sanitize(message), room)),
                        self.theme.status(Status::Over).add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(keys, self.theme.dim()),
                ]),
                Style::new(),
            )
        } else {
            let hints = plan_hints(app);
            // Warnings the pane cuts: the key to the list comes first.
            let hints: Vec<&str> = super::warnings_cut(app)
                .then_some("w warnings")
                .into_iter()
                .chain(hints)
                .collect();
            let keys = footer_hints(&hints, usize::from(area.width));
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

/// The footer's hints for the view and pane shown, from the key table.
/// `c` swaps the table and the chart where they share a place (the compact
/// layout): the wide one shows both, so it is not offered there; with the
/// chart in the table's place, the way back ("c table") comes first.
fn plan_hints(app: &crate::tui::planner::App) -> Vec<&'static str> {
    let compact = super::areas_of(app).is_some_and(|areas| !areas.wide);
    let spot = Spot::of(app.screen(), app.focus());
    keymap::hints(app.screen(), spot)
        .into_iter()
        .filter_map(|hint| {
            if hint != keymap::CHART_HINT {
                return Some(hint);
            }
            let shown = compact && (spot != Spot::Counts || app.chart());
            shown.then_some(if app.chart() { "c table" } else { hint })
        })
        .collect()
}

/// The key hints that fit in `width`, always ending in `? help · q quit`:
/// hints are dropped from the end, never cut.
fn footer_hints(hints: &[&str], width: usize) -> String {
    const ALWAYS: &str = "? help · q quit";
    let mut shown: Vec<&str> = hints.to_vec();
    loop {
        let line = format!(
            " {}",
            shown
                .iter()
                .copied()
                .chain(std::iter::once(ALWAYS))
                .collect::<Vec<_>>()
                .join(" · ")
        );
        if line.width() <= width || shown.pop().is_none() {
            return line;
        }
    }
}

/// Where the gross hours come from and the PTO taken off them, so "of
/// 1,632 h" can be worked out from the screen, in `width` columns.
fn basis_line(plan: &crate::domain::engine::Plan, follows: &str, width: usize) -> String {
    let c = &plan.capacity;
    let pto = format!("{} PTO days", number(c.inputs.pto_days));
    // A quarter is annualized: its weekdays × 4, as the long form says.
    let (label, short_gross) = match c.calendar {
        Some(calendar) => (
            format!("{}: ", calendar.label()),
            format!(
                "{} × {} h{}",
                calendar.weekdays(),
                number(crate::domain::capacity::weekday_hours(&c.inputs)),
                if calendar.quarter.is_some() {
                    " × 4"
                } else {
                    ""
                }
            ),
        ),
        None => (
            String::new(),
            format!(
                "{} h × {} wk",
                number(c.inputs.hours_per_week),
                number(c.inputs.weeks_per_year)
            ),
        ),
    };
    first_fitting(
        [
            format!(
                "Basis: {} − {pto}{follows}",
                crate::report::gross_basis(&plan.capacity)
            ),
            format!("{label}{short_gross} − {pto}{follows}"),
            format!("{short_gross} − {pto}{follows}"),
            format!("{short_gross} − {pto}"),
        ],
        width,
    )
}
