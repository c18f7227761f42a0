//! The comparison with the baseline, dialogs, the scenario picker and the
//! help overlay.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Clear, Paragraph, Row, Table, Wrap};

use crate::domain::text::{amount, compact, hours_fit, percent, sanitize};
use crate::io::store::Listed;
use crate::tui::planner::action::Refusal;
use crate::tui::planner::{Modal, Next, PRESETS, Pick};
use crate::tui::widgets::{centered, first_fitting};

use crate::tui::theme::metric_symbol;

use super::{View, answers, fit, offset, picker_line};

impl View<'_> {
    /// The baseline beside the current plan: Δ per task and in total,
    /// utilization before → after, changed values, metrics whose status
    /// changed.
    pub(super) fn compare(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let title = fit(
            &format!(
                "Compare with {} · b picks another",
                sanitize(&app.baseline().label)
            ),
            usize::from(area.width.saturating_sub(4)),
        );
        // Not drawn as focused: the keys still change the focused pane.
        let block = self.theme.block(&title, false);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let details_lines = self.compare_details().len();
        // Every task when there is room; else only the tasks that changed,
        // so the changed values and metrics stay in sight.
        let all = app.model().rows.len();
        let room_for_all = usize::from(inner.height) >= 4 + all + 2 + details_lines;
        let changed = self.changed_rows().len();
        // "N unchanged" only when the changed values and metrics keep room.
        let count_unchanged = usize::from(inner.height) > 4 + changed + 2 + details_lines;
        let rows_height = u16::try_from(if room_for_all {
            all
        } else {
            changed + usize::from(count_unchanged)
        })
        .unwrap_or(u16::MAX)
        .saturating_add(2);
        let [who, summary, table_area, details] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Max(rows_height),
            Constraint::Fill(1),
        ])
        .areas(inner);
        frame.render_widget(
            Paragraph::new(fit(&self.compare_who(), usize::from(who.width))),
            who,
        );
        frame.render_widget(Paragraph::new(self.compare_summary(summary.width)), summary);
        frame.render_widget(
            self.compare_table(
                inner.width >= 62,
                room_for_all,
                count_unchanged,
                inner.width,
            ),
            table_area,
        );
        // One line each, cut with "…": the figures come first.
        let width = usize::from(details.width);
        let lines: Vec<Line> = self
            .compare_details()
            .into_iter()
            .map(|line| {
                if line.width() <= width {
                    line
                } else {
                    Line::styled(fit(&line.to_string(), width), line.style)
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), details);
    }

    /// Utilization, status, planned hours and the working week, available
    /// hours and the period they are counted in, before → after, one line
    /// each in `width` columns.
    fn compare_summary(&self, width: u16) -> Vec<Line<'static>> {
        let (plan, baseline) = (self.app.plan(), &self.app.baseline().plan);
        let summary = Rect::new(0, 0, width, 3);
        let period = |plan: &crate::domain::engine::Plan| {
            crate::report::period_label(plan.capacity.calendar, plan.capacity.inputs.weeks_per_year)
        };
        let (then, now) = (period(baseline), period(plan));
        let periods = if then == now {
            then
        } else {
            format!("{then} → {now}")
        };
        let (before, after) = (
            amount(baseline.capacity.available_hours),
            amount(plan.capacity.available_hours),
        );
        let available = first_fitting(
            [
                format!("Available {before} → {after} h · counted in {periods}"),
                format!("Available {before} → {after} h · {periods}"),
                format!(
                    "{before} → {after} h avail. · {}",
                    periods.replace(" weeks", " wk")
                ),
                format!("Available {before} → {after} h"),
            ],
            usize::from(summary.width),
        );
        vec![
            Line::from(vec![
                Span::raw("Utilization "),
                Span::styled(baseline.percent(), self.theme.status(baseline.status)),
                Span::raw(" → "),
                Span::styled(
                    plan.percent(),
                    self.theme.status(plan.status).add_modifier(Modifier::BOLD),
                ),
                Span::raw(fit(
                    &format!(" · {} → {}", baseline.status.label(), plan.status.label()),
                    usize::from(summary.width).saturating_sub(
                        "Utilization  → ".chars().count()
                            + baseline.percent().chars().count()
                            + plan.percent().chars().count(),
                    ),
                )),
            ]),
            Line::raw(first_fitting(
                [
                    format!(
                        "Planned {} → {} h a year · working week {} → {} h{}",
                        amount(baseline.totals.yearly),
                        amount(plan.totals.yearly),
                        amount(baseline.totals.per_working_week),
                        amount(plan.totals.per_working_week),
                        target_note(plan)
                    ),
                    format!(
                        "Planned {} → {} h a year · working week {} → {} h",
                        amount(baseline.totals.yearly),
                        amount(plan.totals.yearly),
                        amount(baseline.totals.per_working_week),
                        amount(plan.totals.per_working_week)
                    ),
                    format!(
                        "{} → {} h/yr · week {} → {} h",
                        amount(baseline.totals.yearly),
                        amount(plan.totals.yearly),
                        amount(baseline.totals.per_working_week),
                        amount(plan.totals.per_working_week)
                    ),
                    format!(
                        "{} → {} h/yr · week {} → {} h",
                        compact(baseline.totals.yearly),
                        compact(plan.totals.yearly),
                        amount(baseline.totals.per_working_week),
                        amount(plan.totals.per_working_week)
                    ),
                ],
                usize::from(summary.width),
            )),
            Line::raw(available),
        ]
    }

    /// Whose plan this is and what was agreed: "Sam Q3 review · Sam ·
    /// “five more accounts”".
    fn compare_who(&self) -> String {
        let meta = &self.app.document().meta;
        let mut parts = vec![if meta.name.is_empty() {
            "This plan".to_owned()
        } else {
            sanitize(&meta.name).into_owned()
        }];
        if !meta.owner.is_empty() {
            parts.push(sanitize(&meta.owner).into_owned());
        }
        if !meta.note.is_empty() {
            parts.push(format!("“{}”", sanitize(&meta.note)));
        }
        parts.join(" · ")
    }

    /// Baseline, now and Δ per task and in total.
    /// The rows whose yearly hours differ from the baseline.
    fn changed_rows(&self) -> Vec<usize> {
        let (plan, baseline) = (self.app.plan(), &self.app.baseline().plan);
        plan.rows
            .iter()
            .zip(&baseline.rows)
            .enumerate()
            .filter(|(_, (now, then))| crate::domain::num::differs(now.yearly, then.yearly))
            .map(|(index, _)| index)
            .collect()
    }

    pub(super) fn compare_table(
        &self,
        wide: bool,
        all: bool,
        count_unchanged: bool,
        width: u16,
    ) -> Table<'static> {
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
        let row_of = |task: String,
                      then: &crate::domain::engine::Hours,
                      now: &crate::domain::engine::Hours| {
            let mut cells = vec![
                Cell::from(task),
                right(hours_fit(then.yearly, 9)),
                right(hours_fit(now.yearly, 9)),
                right(delta_fit(now.yearly - then.yearly)),
            ];
            if wide {
                cells.push(right(delta_fit(
                    now.per_working_week - then.per_working_week,
                )));
            }
            Row::new(cells)
        };
        let task_width = usize::from(width).saturating_sub(if wide { 40 } else { 30 });
        let changed = self.changed_rows();
        let mut rows: Vec<Row> = app
            .model()
            .rows
            .iter()
            .zip(plan.rows.iter().zip(&baseline.rows))
            .enumerate()
            .filter(|(index, _)| all || changed.contains(index))
            .map(|(_, (row, (now, then)))| row_of(fit(&sanitize(&row.task), task_width), then, now))
            .collect();
        let hidden = app.model().rows.len().saturating_sub(rows.len());
        if hidden > 0 && count_unchanged {
            rows.push(
                Row::new([Cell::from(fit(&format!("{hidden} unchanged"), task_width))])
                    .style(self.theme.dim()),
            );
        }
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
    pub(super) fn compare_details(&self) -> Vec<Line<'static>> {
        let app = self.app;
        let (plan, baseline) = (app.plan(), &app.baseline().plan);
        let changed_values: Vec<String> =
            crate::domain::engine::changes(app.model(), &app.baseline().inputs, app.inputs())
                .into_iter()
                // The period is on the summary's line of available hours.
                .filter(|change| !matches!(change, crate::domain::engine::Change::Calendar { .. }))
                .map(|change| crate::report::describe_change(app.model(), change))
                .map(|text| sanitize(&text).into_owned())
                .collect();
        let value = |inputs, index| {
            crate::report::metric_value(app.model(), inputs, index)
                .map(|value| format!("{value} "))
                .unwrap_or_default()
        };
        let changed_metrics: Vec<Line> = app
            .model()
            .metrics
            .iter()
            .enumerate()
            .zip(plan.metrics.iter().zip(&baseline.metrics))
            .filter(|((index, _), (now, then))| {
                now != then || app.inputs().actual(*index) != app.baseline().inputs.actual(*index)
            })
            .map(|((index, metric), (now, then))| {
                Line::from(vec![
                    Span::styled(format!("{} ", metric_symbol(*now)), self.theme.metric(*now)),
                    Span::raw(format!(
                        "{}{} → {}{} · {}",
                        value(&app.baseline().inputs, index),
                        then.label(),
                        value(app.inputs(), index),
                        now.label(),
                        sanitize(&metric.name),
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
            "Metrics changed",
            Style::new().add_modifier(Modifier::BOLD),
        ));
        if changed_metrics.is_empty() {
            lines.push(Line::styled("  none", self.theme.dim()));
        }
        lines.extend(changed_metrics);
        lines
    }

    /// A dialog centred over the screen.
    pub(super) fn modal(&self, frame: &mut Frame, area: Rect, modal: &Modal) {
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
    pub(super) fn picker_lines(&self, entries: &[Listed], selected: usize) -> Vec<Line<'static>> {
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
    pub(super) fn modal_content(
        &self,
        modal: &Modal,
    ) -> (String, Vec<Line<'static>>, Option<Line<'static>>) {
        match modal {
            Modal::Unsaved(next) => unsaved_content(*next),
            // A new name whose file another scenario has: said as such.
            Modal::Conflict { path, disk }
                if self.app.document().path.as_deref() != Some(path.as_path()) =>
            {
                taken_content(path, disk)
            }
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
                let name = crate::domain::scenario::Scenario::parse(&recovery.scenario, "")
                    .map_or_else(
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
            Modal::Refused { path, why } => refused_content(path, *why),
            Modal::Failed(why) => (
                "That did not work".to_owned(),
                vec![Line::raw(sanitize(why).into_owned())],
                Some(answers(&[("Esc", "close")])),
            ),
            Modal::Export => export_content(),
            Modal::Presets => presets_content(),
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

    pub(super) fn help(&self, frame: &mut Frame, area: Rect) {
        let keys = crate::tui::planner::keymap::help(self.app.screen());
        let paths = &self.app.settings().paths_note;
        let mut lines = crate::tui::widgets::key_lines(&keys, 20);
        lines.extend(
            paths
                .iter()
                .map(|line| Line::raw(format!(" {}", sanitize(line)))),
        );
        let scroll = self
            .app
            .help_scroll()
            .min(u16::try_from(lines.len()).unwrap_or(0));
        crate::tui::widgets::help_popup(
            frame,
            self.theme,
            area,
            lines,
            (78, "Keys · ↑↓ scroll · Esc closes"),
            scroll,
        );
    }
}

/// The unsaved-changes dialog: what it is about and its answers.
fn unsaved_content(next: Next) -> (String, Vec<Line<'static>>, Option<Line<'static>>) {
    (
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
                if next == Next::Quit {
                    "save and quit"
                } else {
                    "save, then open"
                },
            ),
            (
                "d",
                if next == Next::Quit {
                    "discard and quit"
                } else {
                    "open without saving"
                },
            ),
            ("Esc", "stay"),
        ])),
    )
}

/// A change of hours in the compare table's 9 columns: `+189.60`, or
/// compact (`+11.5k`) when that does not fit; never cut.
fn delta_fit(delta: f64) -> String {
    let cell = crate::report::delta_cell(delta);
    if cell.chars().count() <= 9 {
        cell
    } else if delta < 0.0 {
        crate::domain::text::compact(delta)
    } else {
        format!("+{}", crate::domain::text::compact(delta))
    }
}

/// ` · target 85 % (book 25)` when the plan aims below 100 %.
fn target_note(plan: &crate::domain::engine::Plan) -> String {
    let target = plan.capacity.inputs.target_utilization;
    if target < 1.0 {
        let book = plan
            .max_customers_at_target
            .map(|at| format!(" (book {})", crate::domain::text::thousands(at)))
            .unwrap_or_default();
        format!(" · target {}{book}", percent(target))
    } else {
        String::new()
    }
}

/// The dialog of a save that would re-create a file that is gone or write a
/// read-only one.
/// The part-time presets: title, lines and answers.
fn presets_content() -> (String, Vec<Line<'static>>, Option<Line<'static>>) {
    (
        "Working week · the first key sets it; u undoes it".to_owned(),
        PRESETS
            .iter()
            .enumerate()
            .map(|(index, (label, ..))| Line::raw(format!(" {}  {label}", index + 1)))
            .collect(),
        Some(answers(&[
            ("1", "40 h"),
            ("2", "32 h"),
            ("3", "30 h"),
            ("4", "20 h"),
            ("Esc", "cancel"),
        ])),
    )
}

/// The export's format choice: title, lines and answers.
fn export_content() -> (String, Vec<Line<'static>>, Option<Line<'static>>) {
    (
        "Export the 1:1 to the exports folder".to_owned(),
        vec![
            Line::raw(" m  the summary in Markdown, for notes"),
            Line::raw(" h  a document in HTML, to open, print to PDF or forward"),
        ],
        Some(answers(&[
            ("m", "Markdown"),
            ("h", "HTML"),
            ("Esc", "cancel"),
        ])),
    )
}

fn refused_content(
    path: &std::path::Path,
    why: Refusal,
) -> (String, Vec<Line<'static>>, Option<Line<'static>>) {
    (
        match why {
            Refusal::Gone => "The file is gone".to_owned(),
            Refusal::ReadOnly => "The file is read-only".to_owned(),
        },
        vec![Line::raw(format!(
            "{} {} Nothing was written.",
            sanitize(&path.display().to_string()),
            match why {
                Refusal::Gone => "was renamed or deleted since it was opened or saved here.",
                Refusal::ReadOnly => "is read-only.",
            }
        ))],
        Some(answers(&[
            (
                "o",
                match why {
                    Refusal::Gone => "write it again",
                    Refusal::ReadOnly => "write it anyway",
                },
            ),
            ("a", "save as"),
            ("Esc", "cancel"),
        ])),
    )
}

/// The dialog of a new name whose file holds another scenario.
fn taken_content(
    path: &std::path::Path,
    disk: &str,
) -> (String, Vec<Line<'static>>, Option<Line<'static>>) {
    let other = crate::domain::scenario::Scenario::parse(disk, "").map_or_else(
        |_| "another file".to_owned(),
        |s| {
            let owner = if s.owner.is_empty() {
                "no owner".to_owned()
            } else {
                s.owner
            };
            format!("“{}” ({owner})", s.name)
        },
    );
    (
        "That file name is taken".to_owned(),
        vec![
            Line::raw(format!(
                "{} already holds {}. Nothing was written.",
                sanitize(&path.display().to_string()),
                sanitize(&other)
            )),
            Line::raw("Save as keeps both; overwrite replaces it; reload opens it."),
        ],
        Some(answers(&[
            ("a", "save as"),
            ("o", "overwrite"),
            ("r", "open it"),
            ("Esc", "cancel"),
        ])),
    )
}
