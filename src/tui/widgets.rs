//! Widgets every screen can reuse. Each takes the data it draws (model,
//! plan, inputs, selection), never a screen's whole state, so the planner,
//! compare, quarters and team screens share the task table, the capacity
//! gauge and the chart.
//!
//! Also the text fitting every screen needs: cutting with `…`
//! ([`fit`]), word wrapping that keeps a number with its unit and ends a
//! cut paragraph with `…` ([`wrap`]).

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Gauge, Paragraph, Row, StatefulWidget, Table, TableState, Widget};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::engine::{self, Hours, Inputs, Plan, Room};
use crate::domain::model::Model;
use crate::domain::num;
use crate::domain::text::{self, amount, hours_fit, sanitize};
use crate::tui::theme::Theme;

/// The bar heights of a sparkline, lowest first.
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A sparkline of utilizations (oldest first): a block per value, its
/// height on a scale from 0 to 120 % (higher is a full block), readable
/// without colour.
pub fn sparkline(values: &[f64]) -> String {
    values
        .iter()
        .map(|value| {
            let level = if value.is_finite() {
                (value.clamp(0.0, 1.2) / 1.2 * 7.0).round()
            } else {
                7.0
            };
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "clamped to 0–7"
            )]
            let index = level as usize;
            SPARKS.get(index).copied().unwrap_or('█')
        })
        .collect()
}

/// The first row to show so that `selected` is visible in `visible` rows.
pub fn offset(selected: usize, visible: usize) -> usize {
    selected.saturating_sub(visible.saturating_sub(1))
}

/// A help overlay's lines for `keys`: each key bold in a column
/// `key_width` wide, then what it does.
pub fn key_lines(keys: &[(&'static str, &'static str)], key_width: usize) -> Vec<Line<'static>> {
    keys.iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(
                    format!(" {key:<key_width$}"),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(*what),
            ])
        })
        .collect()
}

/// A help overlay, every screen's: `lines` in a box titled `title`, at
/// most `max_width` wide and as high as they need (within `area`),
/// centred over what is under it, scrolled down `scroll` lines.
pub fn help_popup(
    frame: &mut ratatui::Frame,
    theme: Theme,
    area: Rect,
    lines: Vec<Line<'static>>,
    (max_width, title): (u16, &str),
    scroll: u16,
) {
    let height = area.height.min(
        u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_add(2),
    );
    let popup = centered(area, area.width.min(max_width), height);
    frame.render_widget(ratatui::widgets::Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(theme.block(title, true))
            .scroll((scroll, 0)),
        popup,
    );
}

/// A `width` × `height` rectangle in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
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

/// Cuts `text` to `width` columns, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
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

/// A non-breaking space: joins a number to its unit so a wrap never
/// separates them ("40 h", "112 %").
const GLUE: char = '\u{a0}';

/// `text` with the space between a number and its unit (`h`, `%`, `days`,
/// `customers`, …, any word after a number) made non-breaking.
pub fn glue_units(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if c == ' ' && previous.is_some_and(|p| p.is_ascii_digit()) {
            out.push(GLUE);
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// Word-wraps `text` into at most `lines` lines of `width` columns. Breaks
/// only at plain spaces (a number stays with its unit, see [`glue_units`]);
/// a word longer than a line is cut with `…`, and when the text does not
/// fit, the last line ends in `…`.
pub fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if width == 0 || lines == 0 {
        return out;
    }
    let mut current = String::new();
    let mut cut = false;
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        let needed = if current.is_empty() {
            word.width()
        } else {
            current.width() + 1 + word.width()
        };
        if needed <= width {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if out.len() == lines {
            cut = true;
            break;
        }
        if word.width() > width {
            current = fit(word, width);
        } else {
            current.push_str(word);
        }
    }
    if !current.is_empty() {
        if out.len() < lines {
            out.push(current);
        } else {
            cut = true;
        }
    }
    if cut && let Some(last) = out.last_mut() {
        let trimmed = fit(last, width.saturating_sub(1));
        let trimmed = trimmed.trim_end_matches('…').trim_end();
        *last = format!("{trimmed}…");
    }
    out.into_iter()
        .map(|line| line.replace(GLUE, " "))
        .collect()
}

/// A period column of the task table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Calendar-week average, PTO spread in.
    Weekly,
    /// yearly ÷ 12
    Monthly,
    /// yearly ÷ 4
    Quarterly,
    /// The year.
    Yearly,
    /// A week actually worked.
    WorkWeek,
}

impl Column {
    /// Most useful first: the order columns are given room in.
    const PRIORITY: [Column; 5] = [
        Column::Yearly,
        Column::WorkWeek,
        Column::Monthly,
        Column::Weekly,
        Column::Quarterly,
    ];
    /// The order they are shown in.
    const ORDER: [Column; 5] = [
        Column::Weekly,
        Column::Monthly,
        Column::Quarterly,
        Column::Yearly,
        Column::WorkWeek,
    ];

    /// The heading.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Weekly => "Weekly",
            Column::Monthly => "Monthly",
            Column::Quarterly => "Quarterly",
            Column::Yearly => "Yearly",
            Column::WorkWeek => "Work wk",
        }
    }

    /// This column's figure of `hours`.
    pub fn value(self, hours: &Hours) -> f64 {
        match self {
            Column::Weekly => hours.weekly,
            Column::Monthly => hours.monthly,
            Column::Quarterly => hours.quarterly,
            Column::Yearly => hours.yearly,
            Column::WorkWeek => hours.per_working_week,
        }
    }
}

/// Which columns fit in `width` (after the mark and a task column of at
/// least 20), each with its width: a column gets the width of its widest
/// value when there is room, else room for the compact form (`11.5k`).
fn columns(plan: &Plan, width: u16) -> Vec<(Column, u16)> {
    let mut room = width.saturating_sub(2 + 20);
    let mut shown = Vec::new();
    for column in Column::PRIORITY {
        let widest = widest_cell(
            plan.rows
                .iter()
                .chain(std::iter::once(&plan.totals))
                .map(|hours| column.value(hours)),
        );
        let full = u16::try_from(widest.max(column.heading().width())).unwrap_or(u16::MAX);
        let compact = u16::try_from(column.heading().width().max(6)).unwrap_or(u16::MAX);
        for wanted in [full, compact] {
            if room > wanted {
                room -= wanted + 1;
                shown.push((column, wanted));
                break;
            }
        }
    }
    Column::ORDER
        .into_iter()
        .filter_map(|column| shown.iter().find(|(c, _)| *c == column).copied())
        .collect()
}

/// The width of the widest [`text::hours_cell`] among `values`, formatting
/// three of them rather than all: with two decimals, a cell is at least as
/// wide as any of a smaller magnitude of its sign, so the largest, the most
/// negative and any value that is not finite decide it. A model of 10,000
/// rows is measured in microseconds, not milliseconds.
fn widest_cell(values: impl Iterator<Item = f64>) -> usize {
    let mut high: Option<f64> = None;
    let mut low: Option<f64> = None;
    let mut odd = 0;
    for value in values {
        if value.is_finite() {
            high = Some(high.map_or(value, |h| h.max(value)));
            low = Some(low.map_or(value, |l| l.min(value)));
        } else {
            odd = odd.max(text::hours_cell(value).width());
        }
    }
    [high, low]
        .into_iter()
        .flatten()
        .map(|value| text::hours_cell(value).width())
        .fold(odd, usize::max)
}

/// Legends for the weekly columns shown, longest first; the table shows the
/// longest that fits under it.
fn legends(shown: &[(Column, u16)]) -> &'static [&'static str] {
    let weekly = shown.iter().any(|(column, _)| *column == Column::Weekly);
    let work = shown.iter().any(|(column, _)| *column == Column::WorkWeek);
    match (work, weekly) {
        (true, true) => &[
            " Work wk: hours in a week you work · Weekly: calendar-week average, PTO spread in ",
            " Work wk: a week you work · Weekly: calendar-week average ",
            " Work wk: a week you work · Weekly: with PTO weeks ",
            " Work wk: a week you work ",
        ],
        (true, false) => &[
            " Work wk: hours in a week you work ",
            " Work wk: a week you work ",
        ],
        (false, true) => &[
            " Weekly: calendar-week average, PTO spread in ",
            " Weekly: calendar-week average ",
        ],
        (false, false) => &[],
    }
}

/// The task table: every task's hours in the periods that fit, the total
/// row, a task whose hours differ from the model shown with its default.
#[derive(Debug, Clone, Copy)]
pub struct TaskTable<'a> {
    /// The model (task names, notes, what grows with what).
    pub model: &'a Model,
    /// The values in effect.
    pub inputs: &'a Inputs,
    /// The plan computed from them.
    pub plan: &'a Plan,
    /// The selected row.
    pub selected: usize,
    /// Whether the table has the focus.
    pub focused: bool,
    /// Colours.
    pub theme: Theme,
}

impl Widget for TaskTable<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = self.theme.block("Tasks · hours", self.focused);
        let inner = block.inner(area);
        let shown = columns(self.plan, inner.width);
        let legend = legends(&shown)
            .iter()
            .find(|legend| legend.width() <= usize::from(inner.width))
            .copied()
            .unwrap_or_default();
        let block = block.title_bottom(Line::styled(legend, self.theme.dim()));
        let cell = |hours: &Hours, (column, width): (Column, u16)| {
            Cell::from(
                Line::from(hours_fit(column.value(hours), usize::from(width)))
                    .alignment(Alignment::Right),
            )
        };
        let header = Row::new([Cell::from(""), Cell::from("Task")].into_iter().chain(
            shown.iter().map(|(column, _)| {
                Cell::from(Line::from(column.heading()).alignment(Alignment::Right))
            }),
        ))
        .style(Style::new().add_modifier(Modifier::BOLD));
        let task_width = usize::from(inner.width).saturating_sub(
            2 + shown
                .iter()
                .map(|(_, width)| usize::from(*width) + 1)
                .sum::<usize>(),
        );
        // Only the rows in sight are built: a model of 10,000 rows costs a
        // screenful, not 10,000 formatted lines, a keystroke.
        let visible = usize::from(inner.height.saturating_sub(2));
        let first = offset(self.selected, visible);
        let rows: Vec<Row> = self
            .model
            .rows
            .iter()
            .zip(&self.plan.rows)
            .enumerate()
            .skip(first)
            .take(visible.max(1))
            .map(|(index, (row, hours))| {
                let mark = if row.scales_with.is_some() { "↻" } else { "" };
                let now = engine::row_hours_now(self.model, self.inputs, index);
                let default = engine::model_hours_now(self.model, self.inputs, index);
                let task = sanitize(&row.task);
                let name = if num::differs(now, default) {
                    // The model's value in the row's own period (13/mo),
                    // since the columns beside it are other periods.
                    let was = format!(" ({}/{})", text::number(default), row.per.short());
                    let name = fit(&task, task_width.saturating_sub(was.width()));
                    Line::from(vec![
                        Span::styled(name, Style::new().add_modifier(Modifier::BOLD)),
                        Span::styled(was, self.theme.dim()),
                    ])
                } else {
                    Line::raw(fit(&task, task_width))
                };
                Row::new(
                    [Cell::from(mark), Cell::from(name)]
                        .into_iter()
                        .chain(shown.iter().map(|column| cell(hours, *column))),
                )
            })
            .collect();
        let footer = Row::new(
            [Cell::from(""), Cell::from("Total")]
                .into_iter()
                .chain(shown.iter().map(|column| cell(&self.plan.totals, *column))),
        )
        .style(Style::new().add_modifier(Modifier::BOLD));
        let widths: Vec<Constraint> = [Constraint::Length(1), Constraint::Fill(1)]
            .into_iter()
            .chain(shown.iter().map(|(_, width)| Constraint::Length(*width)))
            .collect();
        let mut state =
            TableState::default().with_selected(Some(self.selected.saturating_sub(first)));
        let table = Table::new(rows, widths)
            .header(header)
            .footer(footer)
            .block(block)
            .column_spacing(1)
            .row_highlight_style(self.theme.selected(self.focused));
        StatefulWidget::render(table, area, buf, &mut state);
    }
}

/// How full the plan is: a gauge clamped to 0–100 % with the utilization
/// and the hours spare or over as its label.
#[derive(Debug, Clone, Copy)]
pub struct CapacityGauge<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Colours.
    pub theme: Theme,
}

impl Widget for CapacityGauge<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let plan = self.plan;
        let label = first_fitting(
            [utilization_text(plan, false), utilization_text(plan, true)],
            usize::from(area.width),
        );
        let ratio = if plan.utilization.is_finite() {
            plan.utilization.clamp(0.0, 1.0)
        } else {
            0.0
        };
        Gauge::default()
            .ratio(ratio)
            .label(Span::styled(
                label,
                Style::new().add_modifier(Modifier::BOLD),
            ))
            .use_unicode(true)
            .gauge_style(self.theme.status(plan.status))
            .render(area, buf);
        // The target, when below 100 %: a mark where the gauge should stop.
        let target = plan.capacity.inputs.target_utilization;
        if target < 1.0 && area.width > 1 {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "0 < target < 1 times a terminal width"
            )]
            let column = (target * f64::from(area.width)).round() as u16;
            let x = area.x + column.min(area.width - 1);
            if let Some(cell) = buf.cell_mut((x, area.y)) {
                cell.set_symbol("┃")
                    .set_style(self.theme.fg(Color::White).add_modifier(Modifier::BOLD));
            }
        }
    }
}

/// A figure for a line of text: one decimal (`1,821.6`), or compact
/// (`3.9G`) when `compact` is set.
pub fn figure(value: f64, compact: bool) -> String {
    if compact {
        text::compact(value)
    } else {
        amount(value)
    }
}

/// The first of `texts` that fits in `width` columns, else the last one
/// cut with `…`. Callers give the full figures first and compact ones after,
/// so a number is shortened, not cut.
pub fn first_fitting<const N: usize>(texts: [String; N], width: usize) -> String {
    let mut last = String::new();
    for text in texts {
        if text.width() <= width {
            return text;
        }
        last = text;
    }
    fit(&last, width)
}

/// Utilization and room, full or compact: `112 % · 189.6 h over`.
pub fn utilization_text(plan: &Plan, compact: bool) -> String {
    let room = match plan.room() {
        Room::Spare(hours) => format!("{} h spare", figure(hours, compact)),
        Room::Over(hours) => format!("{} h over", figure(hours, compact)),
    };
    let percent = if compact && plan.utilization > 99.995 {
        format!("{} %", text::compact(plan.utilization * 100.0))
    } else {
        plan.percent()
    };
    format!("{percent} · {room}")
}

/// Where the time goes: one bar per task, largest first, in a block. Labels,
/// values and bars each start in their own column, whatever the width of
/// the values.
#[derive(Debug, Clone, Copy)]
pub struct HoursChart<'a> {
    /// The model (task names).
    pub model: &'a Model,
    /// The plan.
    pub plan: &'a Plan,
    /// Colours.
    pub theme: Theme,
}

impl Widget for HoursChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = self.theme.block("Where the time goes · h/year", false);
        let inner = block.inner(area);
        block.render(area, buf);
        // The largest first, ties in the model's order; only as many as
        // fit are picked (not all sorted) and only those named.
        let order = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let mut largest: Vec<(usize, f64)> = self
            .plan
            .rows
            .iter()
            .map(|hours| hours.yearly)
            .enumerate()
            .collect();
        let shown = usize::from(inner.height);
        if shown < largest.len() {
            largest.select_nth_unstable_by(shown, order);
            largest.truncate(shown);
        }
        largest.sort_by(order);
        let bars: Vec<(String, f64)> = largest
            .into_iter()
            .filter_map(|(index, yearly)| {
                let row = self.model.rows.get(index)?;
                Some((sanitize(&row.task).into_owned(), yearly))
            })
            .collect();
        let values: Vec<String> = bars
            .iter()
            .map(|(_, yearly)| text::compact(yearly.round()))
            .collect();
        let value_width = values.iter().map(|v| v.width()).max().unwrap_or(0);
        let width = usize::from(inner.width);
        let label_width = (width / 3).max(8).min(width);
        let bar_width = width.saturating_sub(label_width + value_width + 2);
        let largest = bars.first().map_or(0.0, |(_, yearly)| *yearly);
        let lines: Vec<Line> = bars
            .iter()
            .zip(&values)
            .map(|((label, yearly), value)| {
                let label = fit(label, label_width);
                let pad = label_width.saturating_sub(label.width());
                Line::from(vec![
                    Span::raw(format!("{label}{} ", " ".repeat(pad))),
                    Span::raw(format!("{value:>value_width$} ")),
                    Span::styled(bar(*yearly, largest, bar_width), self.theme.fg(Color::Cyan)),
                ])
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

/// A bar of `value` against `largest` in `width` columns, in eighths.
fn bar(value: f64, largest: f64, width: usize) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    if largest.is_nan() || largest <= 0.0 || !value.is_finite() || value <= 0.0 {
        return String::new();
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "the fraction is clamped to 0–1 and widths are small"
    )]
    let eighths = ((value / largest).clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    out.push_str(PARTS.get(eighths % 8).copied().unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_cell_is_found_from_three_values_as_from_all() {
        let sets: [&[f64]; 6] = [
            &[],
            &[0.0, 9.994, 9.995, 1.0],
            &[999.995, 1000.0, 12.5],
            &[-0.5, -1234.567, 3.0, 99_999.0],
            &[f64::INFINITY, 1.0e12, 2.0],
            &[f64::NAN, 0.25],
        ];
        for values in sets {
            let all = values
                .iter()
                .map(|value| text::hours_cell(*value).width())
                .max()
                .unwrap_or(0);
            assert_eq!(widest_cell(values.iter().copied()), all, "{values:?}");
        }
        proptest::proptest!(|(values in proptest::collection::vec(-1.0e7..1.0e9_f64, 0..40))| {
            let all = values.iter().map(|value| text::hours_cell(*value).width()).max().unwrap_or(0);
            proptest::prop_assert_eq!(widest_cell(values.iter().copied()), all);
        });
    }

    #[test]
    fn wrapping_keeps_numbers_with_their_units_and_marks_a_cut() {
        let text = glue_units("A working week averages 44.6 h against a 40 h week");
        let lines = wrap(&text, 24, 5);
        assert_eq!(
            lines,
            ["A working week averages", "44.6 h against a 40 h", "week"]
        );
        // "a 40" fits the width, but never without its "h".
        let lines = wrap(&text, 20, 5);
        assert_eq!(
            lines,
            ["A working week", "averages 44.6 h", "against a 40 h week"]
        );
        let lines = wrap(&text, 24, 2);
        assert_eq!(lines, ["A working week averages", "44.6 h against a 40 h…"]);
        assert!(lines.iter().all(|line| line.width() <= 24));
        assert_eq!(wrap("Supercalifragilistic", 8, 1), ["Superca…"]);
        assert!(wrap("anything", 0, 3).is_empty());
    }

    #[test]
    fn bars_are_proportional() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(1.0, 10.0, 4), "▍");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(1.0, 0.0, 4), "");
    }
}
