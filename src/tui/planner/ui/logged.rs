//! The calibration view: every task's plan per working week against the
//! hours logged, a heat map of the weeks (readable without colour), a
//! sparkline per task and the unplanned hours.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use crate::domain::calibration::Calibration;
use crate::domain::text::{amount, hours_cell, sanitize};
use crate::tui::widgets::fit;

use super::View;

/// How a week compares with the plan: the mark shown, and its colour.
fn mark(hours: f64, plan: f64) -> (char, Color) {
    if plan <= 0.0 {
        return if hours > 0.0 {
            ('+', Color::Yellow)
        } else {
            ('·', Color::DarkGray)
        };
    }
    let ratio = hours / plan;
    if ratio > 1.25 {
        ('+', Color::Red)
    } else if ratio < 0.75 {
        ('−', Color::Blue)
    } else {
        ('=', Color::Green)
    }
}

/// A sparkline of `values` in block characters, one a week.
fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = values.iter().copied().fold(0.0_f64, f64::max);
    values
        .iter()
        .map(|value| {
            if top <= 0.0 || *value <= 0.0 {
                ' '
            } else {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a fraction of 7, clamped"
                )]
                let at = ((value / top) * 7.0).round().clamp(0.0, 7.0) as usize;
                BARS.get(at).copied().unwrap_or(' ')
            }
        })
        .collect()
}

impl View<'_> {
    /// The calibration view, where the task table (or compare) goes.
    pub(super) fn logged(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let Some(logged) = app.logged() else {
            return;
        };
        let title = fit(
            &format!(
                "Logged {} to {} · {} working weeks · a applies · Esc back",
                logged.from,
                logged.to,
                crate::domain::text::number(logged.working_weeks)
            ),
            usize::from(area.width.saturating_sub(4)),
        );
        let block = self.theme.block(&title, true);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [table_area, unplanned_area, legend_area] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .areas(inner);
        self.logged_table(frame, table_area, logged);
        let top = logged
            .unplanned
            .top
            .first()
            .map(|(text, hours)| format!(" · most: {} ({} h)", sanitize(text), amount(*hours)))
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(fit(
                &format!(
                    "Unplanned {} h a working week{top}",
                    hours_cell(logged.unplanned.per_working_week)
                ),
                usize::from(unplanned_area.width),
            )),
            unplanned_area,
        );
        frame.render_widget(
            Paragraph::new(fit(
                "Weeks: = near plan · + over by a quarter · − under by a quarter",
                usize::from(legend_area.width),
            ))
            .style(self.theme.dim()),
            legend_area,
        );
    }

    fn logged_table(&self, frame: &mut Frame, area: Rect, logged: &Calibration) {
        let app = self.app;
        // Task (≥ 16), Plan, Actual, Δ (7 each), sparkline, then the weeks
        // that fit, latest last.
        let spark = u16::try_from(logged.weeks.len().min(12))
            .unwrap_or(12)
            .max(5);
        let fixed = 2 + 16 + 3 * 8 + spark + 1;
        let week_width = 5;
        let fit_weeks = usize::from(area.width.saturating_sub(fixed) / (week_width + 1));
        let shown = logged.weeks.len().min(fit_weeks);
        let skip = logged.weeks.len() - shown;
        let right = |text: String| Cell::from(Line::from(text).alignment(Alignment::Right));
        // What the task column gets once the others have theirs.
        let task_width = usize::from(area.width)
            .saturating_sub(3 * 8 + usize::from(spark) + 1 + shown * usize::from(week_width + 1));
        let header = Row::new(
            [
                Cell::from("Task"),
                right("Plan/wk".to_owned()),
                right("Log/wk".to_owned()),
                right("Δ".to_owned()),
            ]
            .into_iter()
            .chain(logged.weeks.iter().skip(skip).map(|week| {
                right(
                    week.split("-W")
                        .nth(1)
                        .map_or_else(String::new, |n| format!("W{n}")),
                )
            }))
            .chain([Cell::from("Weeks")]),
        )
        .style(Style::new().add_modifier(Modifier::BOLD));
        // Only the rows in sight (under the header) are built.
        let rows: Vec<Row> = logged
            .rows
            .iter()
            .take(usize::from(area.height.saturating_sub(1)))
            .map(|row| {
                // The plan now (it changes as values change), the log as read.
                let plan = app
                    .plan()
                    .rows
                    .get(row.task)
                    .map_or(0.0, |hours| hours.per_working_week);
                let delta = row.actual_per_working_week - plan;
                let task = app
                    .model()
                    .rows
                    .get(row.task)
                    .map_or_else(String::new, |r| fit(&sanitize(&r.task), task_width));
                let weeks = row.by_week.iter().skip(skip).map(|hours| {
                    let (symbol, color) = mark(*hours, plan);
                    Cell::from(
                        Line::from(Span::styled(
                            format!("{hours:>3.0}{symbol}"),
                            self.theme.fg(color),
                        ))
                        .alignment(Alignment::Right),
                    )
                });
                let delta_text = hours_cell(delta);
                let delta_text = if delta > 0.005 {
                    format!("+{delta_text}")
                } else {
                    delta_text
                };
                Row::new(
                    [
                        Cell::from(task),
                        right(hours_cell(plan)),
                        right(hours_cell(row.actual_per_working_week)),
                        right(delta_text),
                    ]
                    .into_iter()
                    .chain(weeks)
                    .chain([Cell::from(sparkline(&row.by_week))]),
                )
            })
            .collect();
        let widths: Vec<Constraint> = [
            Constraint::Fill(1),
            Constraint::Length(7),
            Constraint::Length(7),
            Constraint::Length(7),
        ]
        .into_iter()
        .chain(std::iter::repeat_n(Constraint::Length(week_width), shown))
        .chain([Constraint::Length(spark)])
        .collect();
        frame.render_widget(
            Table::new(rows, widths).header(header).column_spacing(1),
            area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_sparklines() {
        assert_eq!(mark(6.0, 5.0).0, '=');
        assert_eq!(mark(7.0, 5.0).0, '+');
        assert_eq!(mark(3.0, 5.0).0, '−');
        assert_eq!(mark(0.0, 0.0).0, '·');
        assert_eq!(sparkline(&[0.0, 4.0, 8.0]), " ▅█");
    }
}
