//! The quarter view: each quarter's gross, PTO, available and planned hours,
//! its utilization and status, a bar against its capacity, and the value
//! being changed quarter by quarter (PTO days, or a count).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

use crate::domain::engine::Quarter;
use crate::domain::text::{compact, hours_fit, number, sanitize};
use crate::tui::planner::quarters::QuarterField;
use crate::tui::theme::status_symbol;
use crate::tui::widgets::fit;

use super::View;

/// A column of the quarter table: its heading, width and cell.
struct Column {
    heading: &'static str,
    width: u16,
    cell: fn(&Quarter) -> String,
}

/// Most useful first; shown while they fit.
const COLUMNS: [Column; 5] = [
    Column {
        heading: "Util",
        width: 6,
        cell: crate::domain::engine::Quarter::percent,
    },
    Column {
        heading: "Planned",
        width: 9,
        cell: |q| hours_fit(q.planned_hours, 9),
    },
    Column {
        heading: "Avail",
        width: 9,
        cell: |q| hours_fit(q.available_hours, 9),
    },
    Column {
        heading: "PTO d",
        width: 6,
        cell: |q| number(q.pto_days),
    },
    Column {
        heading: "Gross",
        width: 9,
        cell: |q| hours_fit(q.gross_hours, 9),
    },
];

impl View<'_> {
    /// The quarter view, in the area the task table (or compare) takes.
    pub(super) fn quarters(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let plan = app.plan();
        let basis = match plan.capacity.calendar {
            Some(calendar) => format!("{} weekdays", calendar.year),
            None => format!("{} weeks ÷ 4", number(plan.capacity.inputs.weeks_per_year)),
        };
        let title = fit(
            &format!("Quarters · {basis} · ←→ column · Esc back"),
            usize::from(area.width.saturating_sub(4)),
        );
        let block = self.theme.block(&title, true);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [table_area, bars_area, hint_area] = Layout::vertical([
            Constraint::Length(6),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        self.quarter_table(frame, table_area);
        self.quarter_bars(frame, bars_area);
        let field = app.quarters().field(app.model());
        let even = if field.placed(app.inputs()) {
            "r spreads it evenly again"
        } else {
            "the same every quarter now"
        };
        frame.render_widget(
            Paragraph::new(fit(
                &format!(
                    "{}: +/- change · Enter type · {even}",
                    sanitize(&field.label(app.model()))
                ),
                usize::from(hint_area.width),
            ))
            .style(self.theme.dim()),
            hint_area,
        );
    }

    /// Quarter, the selected value, then the figures that fit.
    fn quarter_table(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let plan = app.plan();
        let selection = app.quarters();
        let field = selection.field(app.model());
        let values = field.values(app.inputs());
        let label = match field {
            QuarterField::Pto => "PTO days".to_owned(),
            QuarterField::Count(_) => fit(&sanitize(&field.label(app.model())), 14),
        };
        let field_width = u16::try_from(label.width().max(6)).unwrap_or(6);
        // Quarter (7), the field, the status mark (1), then columns by room.
        let mut room = area.width.saturating_sub(2 + 7 + 1 + field_width + 1 + 2);
        let shown: Vec<&Column> = COLUMNS
            .iter()
            // PTO days are the value column already when they are changed.
            .filter(|column| !(field == QuarterField::Pto && column.heading == "PTO d"))
            .filter(|column| {
                let fits = room > column.width;
                if fits {
                    room -= column.width + 1;
                }
                fits
            })
            .collect();
        let right = |text: String| Cell::from(Line::from(text).alignment(Alignment::Right));
        let header = Row::new(
            [Cell::from("Quarter"), right(label)]
                .into_iter()
                .chain(shown.iter().map(|c| right(c.heading.to_owned())))
                .chain([Cell::from("")]),
        )
        .style(Style::new().add_modifier(Modifier::BOLD));
        let rows: Vec<Row> = plan
            .quarters
            .iter()
            .zip(values)
            .map(|(quarter, value)| {
                Row::new(
                    [
                        Cell::from(quarter.label()),
                        Cell::from(
                            Line::from(Span::styled(
                                number(value),
                                Style::new().add_modifier(Modifier::BOLD),
                            ))
                            .alignment(Alignment::Right),
                        ),
                    ]
                    .into_iter()
                    .chain(shown.iter().map(|c| right((c.cell)(quarter))))
                    .chain([Cell::from(Span::styled(
                        status_symbol(quarter.status),
                        self.theme.status(quarter.status),
                    ))]),
                )
            })
            .collect();
        let widths: Vec<Constraint> = [Constraint::Length(7), Constraint::Length(field_width)]
            .into_iter()
            .chain(shown.iter().map(|c| Constraint::Length(c.width)))
            .chain([Constraint::Length(1)])
            .collect();
        let mut state = TableState::default().with_selected(Some(selection.quarter()));
        frame.render_stateful_widget(
            Table::new(rows, widths)
                .header(header)
                .column_spacing(1)
                .highlight_symbol("› ")
                .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
                .row_highlight_style(self.theme.selected(true)),
            area,
            &mut state,
        );
    }

    /// A bar per quarter: planned against available, a mark at 100 %.
    fn quarter_bars(&self, frame: &mut Frame, area: Rect) {
        let plan = self.app.plan();
        let label_width = 9;
        let value_width = 6;
        let bar_width = usize::from(area.width).saturating_sub(label_width + value_width + 2);
        // 100 % sits at four fifths of the bar, so overload shows past it.
        let full = bar_width * 4 / 5;
        let mut lines = vec![Line::styled(
            fit(
                "Planned against available · │ = 100 %",
                usize::from(area.width),
            ),
            self.theme.dim(),
        )];
        for quarter in &plan.quarters {
            let filled = if quarter.utilization.is_finite() {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    clippy::cast_precision_loss,
                    reason = "clamped to the bar's width, a small number"
                )]
                let cells = (quarter.utilization.max(0.0) * full as f64).round() as usize;
                cells.min(bar_width)
            } else {
                bar_width
            };
            // The mark at 100 % shows through a bar that passes it.
            let bar: String = (0..=bar_width)
                .map(|i| match (i == full, i < filled) {
                    (true, true) => '┃',
                    (true, false) => '│',
                    (false, true) => '█',
                    (false, false) => ' ',
                })
                .collect();
            let utilization = if quarter.utilization > 99.995 {
                format!("{} %", compact(quarter.utilization * 100.0))
            } else {
                quarter.percent()
            };
            lines.push(Line::from(vec![
                Span::raw(format!("{:<label_width$}", quarter.label())),
                Span::styled(bar, self.theme.status(quarter.status)),
                Span::raw(format!(" {utilization:>value_width$}")),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}
