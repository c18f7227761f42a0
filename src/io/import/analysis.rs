//! Analysis: the page walked into task rows, PTO and metrics, with what is
//! wrong reported at its line and column.

use std::collections::HashMap;
use std::collections::HashSet;

use super::phrases::{JudgeSpec, PTO_DAYS, PTO_DAYS_HOURS, is_total, judge, make_id, number};
use super::walk::{
    Block, Item, Matter, Table, TableRow, Walked, clean, front_matter_title, toml_title,
};
use super::{HOURS_PER_DAY, HOURS_PER_WEEK, WEEKS_PER_YEAR, Warning, close};
use crate::domain::diagnostic::{Diagnostic, LineIndex};
use crate::domain::model::Capacity;
use crate::domain::text;

/// The import's state: the page, and what it found wrong.
pub(super) struct Run<'p> {
    pub(super) lines: LineIndex<'p>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Column {
    Task,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
    Notes,
}

impl Column {
    const ALL: [Column; 6] = [
        Column::Task,
        Column::Weekly,
        Column::Monthly,
        Column::Quarterly,
        Column::Yearly,
        Column::Notes,
    ];

    /// The hours columns, in the order they are used for a row's hours.
    const HOURS: [Column; 4] = [
        Column::Monthly,
        Column::Yearly,
        Column::Quarterly,
        Column::Weekly,
    ];

    pub(super) fn from_header(text: &str) -> Option<Column> {
        match text.trim().to_lowercase().as_str() {
            "tasks" | "task" => Some(Column::Task),
            "weekly" => Some(Column::Weekly),
            "monthly" => Some(Column::Monthly),
            "quarterly" => Some(Column::Quarterly),
            "yearly" => Some(Column::Yearly),
            "notes" | "note" => Some(Column::Notes),
            _ => None,
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Column::Task => "Tasks",
            Column::Weekly => "Weekly",
            Column::Monthly => "Monthly",
            Column::Quarterly => "Quarterly",
            Column::Yearly => "Yearly",
            Column::Notes => "Notes",
        }
    }

    /// Hours in this column × factor = hours a month.
    pub(super) fn to_monthly(self) -> f64 {
        match self {
            Column::Weekly => WEEKS_PER_YEAR / 12.0,
            Column::Quarterly => 1.0 / 3.0,
            Column::Yearly => 1.0 / 12.0,
            Column::Task | Column::Monthly | Column::Notes => 1.0,
        }
    }

    /// How the fallback is said in comments.
    pub(super) fn rule(self) -> &'static str {
        match self {
            Column::Weekly => "Weekly × 52 ÷ 12 (the weekly figures are rounded)",
            Column::Quarterly => "Quarterly ÷ 3",
            Column::Yearly => "Yearly ÷ 12",
            Column::Task | Column::Monthly | Column::Notes => "Monthly",
        }
    }
}

/// A task row as imported.
pub(super) struct ImportedRow {
    pub(super) task: String,
    /// Hours a month.
    pub(super) hours: f64,
    /// The column the hours come from.
    pub(super) from: Column,
    /// The figure in that column.
    pub(super) figure: f64,
    pub(super) note: String,
    pub(super) line: usize,
    /// Where the row starts in the page.
    pub(super) start: usize,
}

/// A metric as imported.
pub(super) struct ImportedMetric {
    pub(super) id: String,
    pub(super) phase: String,
    pub(super) group: Option<String>,
    pub(super) parent: Option<String>,
    pub(super) name: String,
    pub(super) target: String,
    pub(super) judge: Option<JudgeSpec>,
    pub(super) children: usize,
    pub(super) line: usize,
}

/// The PTO found, or not.
pub(super) struct Pto {
    pub(super) days: f64,
    /// The sentence's words and line, for the comment.
    pub(super) found: Option<(String, usize)>,
    /// Hours the page gives, when it gives them.
    pub(super) hours: Option<f64>,
}

impl Run<'_> {
    pub(super) fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.line_column(offset)
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        self.position(offset).0
    }

    pub(super) fn error(&mut self, offset: usize, message: String) {
        let (line, column) = self.position(offset);
        self.errors.push(Diagnostic {
            line,
            column,
            message,
        });
    }

    pub(super) fn warn(&mut self, offset: Option<usize>, message: String) {
        let position = offset.map(|offset| self.position(offset));
        self.warnings.push(Warning::warning(position, message));
    }

    /// The front matter's `title`, else the first `#` heading, else a name
    /// made from `source`; a warning says which when it is not the first.
    pub(super) fn title(&mut self, walked: &Walked, source: &str) -> String {
        let heading = walked.first_heading.clone();
        let fallback = format!("Imported from {source}");
        let (why, at) = match &walked.front_matter {
            None => ("no front matter with a title".to_owned(), None),
            Some((start, text, kind)) => {
                let found = match kind {
                    Matter::Yaml => front_matter_title(text),
                    Matter::Toml => toml_title(text),
                };
                match found {
                    Ok(Some(title)) => {
                        let title = clean(&title);
                        if !title.is_empty() {
                            return title;
                        }
                        ("the front matter's title is empty".to_owned(), Some(*start))
                    }
                    Ok(None) => (
                        "the front matter has no text `title`".to_owned(),
                        Some(*start),
                    ),
                    Err((offset, error)) => (
                        format!(
                            "the front matter is not valid {} ({error})",
                            kind.language()
                        ),
                        Some(start + offset),
                    ),
                }
            }
        };
        let (name, from) = match heading {
            Some((_, heading)) => (heading, "the first `#` heading"),
            None => (fallback, "the file"),
        };
        self.warn(
            at,
            format!("{why}; the model is named {name:?} after {from}"),
        );
        name
    }

    /// The first rhythm-of-business table; later ones are warned about.
    pub(super) fn pick_table<'t>(&mut self, tables: &'t [Table]) -> Option<&'t Table> {
        let mut candidates = tables.iter().filter(|table| {
            let columns: Vec<Column> = table
                .head
                .iter()
                .filter_map(|cell| Column::from_header(&cell.text))
                .collect();
            columns.contains(&Column::Task) && Column::HOURS.iter().any(|c| columns.contains(c))
        });
        let first = candidates.next()?;
        for other in candidates {
            let line = self.line(first.start);
            self.warn(
                Some(other.start),
                format!("another task table; only the first, at line {line}, is imported"),
            );
        }
        Some(first)
    }

    /// The header's columns, with duplicate, extra and missing columns
    /// reported.
    fn layout(&mut self, table: &Table) -> HashMap<Column, usize> {
        let mut layout = HashMap::new();
        for (index, cell) in table.head.iter().enumerate() {
            match Column::from_header(&cell.text) {
                Some(column) => match layout.entry(column) {
                    std::collections::hash_map::Entry::Occupied(_) => self.error(
                        cell.start,
                        format!("second {} column; expected each column once", column.label()),
                    ),
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(index);
                    }
                },
                None => self.warn(
                    Some(cell.start),
                    format!(
                        "extra column {:?} is ignored; expected Tasks, Weekly, Monthly, Quarterly, Yearly and Notes",
                        cell.text
                    ),
                ),
            }
        }
        for column in Column::ALL {
            if !layout.contains_key(&column) {
                let consequence = match column {
                    Column::Monthly => {
                        "; hours a month come from Yearly ÷ 12, Quarterly ÷ 3 or Weekly × 52 ÷ 12"
                    }
                    Column::Notes => "; the rows have no notes",
                    _ => "",
                };
                self.warn(
                    Some(table.start),
                    format!(
                        "the table has no {} column{consequence}; expected Tasks, Weekly, Monthly, Quarterly, Yearly and Notes",
                        column.label()
                    ),
                );
            }
        }
        layout
    }

    /// The figure in `column` of `row`: `None` when the column or the cell
    /// is empty, an error when it is not a number.
    fn figure(
        &mut self,
        row: &TableRow,
        layout: &HashMap<Column, usize>,
        column: Column,
    ) -> Option<f64> {
        let cell = row.cells.get(*layout.get(&column)?)?;
        if cell.text.is_empty() {
            return None;
        }
        let value = number(&cell.text);
        if value.is_none() {
            self.error(
                cell.start,
                format!(
                    "{:?} in the {} column is not a number; expected hours ≥ 0, like 4 or 0.25",
                    cell.text,
                    column.label()
                ),
            );
        }
        value
    }

    pub(super) fn rows(&mut self, table: &Table) -> Vec<ImportedRow> {
        let layout = self.layout(table);
        let width = table.head.len();
        let mut rows: Vec<ImportedRow> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut totals: Vec<(&TableRow, HashMap<Column, f64>)> = Vec::new();
        // Per hours column: the sum of the rows, and whether every row had one.
        let mut sums: HashMap<Column, (f64, bool)> = HashMap::new();

        for row in &table.rows {
            if row.attributes {
                continue;
            }
            if !self.shape_ok(row, width) {
                continue;
            }
            let task_cell = layout.get(&Column::Task).and_then(|&i| row.cells.get(i));
            let task = task_cell.map(|cell| cell.text.clone()).unwrap_or_default();
            let task_start = task_cell.map_or(row.start, |cell| cell.start);
            let errors_before = self.errors.len();
            let mut figures = HashMap::new();
            for column in Column::HOURS {
                if let Some(value) = self.figure(row, &layout, column) {
                    figures.insert(column, value);
                }
            }
            if self.errors.len() > errors_before {
                // A cell that is not a number: no fallback to another column.
                continue;
            }
            if is_total(&task) {
                totals.push((row, figures));
                continue;
            }
            if task.is_empty() {
                self.error(
                    task_start,
                    "the task is empty; expected the task's name".to_owned(),
                );
                continue;
            }
            for column in Column::HOURS {
                let entry = sums.entry(column).or_insert((0.0, true));
                match figures.get(&column) {
                    Some(value) => entry.0 += value,
                    None => entry.1 = false,
                }
            }
            let line = self.line(row.start);
            if let Some(first) = seen.insert(task.to_lowercase(), line) {
                self.error(
                    task_start,
                    format!(
                        "duplicate task {task:?} (first at line {first}); expected each task once"
                    ),
                );
                continue;
            }
            let Some((from, figure, hours)) = self.hours(row, &task, task_start, &figures) else {
                continue;
            };
            let note = layout
                .get(&Column::Notes)
                .and_then(|&i| row.cells.get(i))
                .map(|cell| cell.text.clone())
                .unwrap_or_default();
            rows.push(ImportedRow {
                task,
                hours,
                from,
                figure,
                note,
                line,
                start: row.start,
            });
        }
        if rows.is_empty() && self.errors.is_empty() {
            self.error(
                table.start,
                "the task table has no task rows; expected at least one".to_owned(),
            );
        }
        // With rows skipped for errors the sums would mislead.
        if self.errors.is_empty() {
            for (row, figures) in totals {
                self.check_totals(row, &figures, &sums);
            }
        }
        rows
    }

    /// Whether the row has exactly one cell per header column; an error
    /// naming the row if not.
    fn shape_ok(&mut self, row: &TableRow, width: usize) -> bool {
        let real = row.cells.iter().filter(|cell| !cell.padded).count();
        if real < width {
            self.error(
                row.start,
                format!(
                    "row has {real} cells but the header has {width}; expected one cell per column"
                ),
            );
            false
        } else if row.extra {
            self.error(
                row.start,
                format!(
                    "row has more cells than the header's {width}; expected one cell per column"
                ),
            );
            false
        } else {
            true
        }
    }

    /// A task row's hours a month: the column used, its figure and the
    /// hours, with a warning for a fallback and an error for none.
    fn hours(
        &mut self,
        row: &TableRow,
        task: &str,
        task_start: usize,
        figures: &HashMap<Column, f64>,
    ) -> Option<(Column, f64, f64)> {
        let Some((from, figure)) = Column::HOURS
            .iter()
            .find_map(|column| figures.get(column).map(|value| (*column, *value)))
        else {
            self.error(
                task_start,
                format!("no hours for {task:?}; expected a number in the Monthly column (or Yearly, Quarterly, Weekly)"),
            );
            return None;
        };
        let hours = figure * from.to_monthly();
        if from == Column::Monthly {
            self.check_columns(row.start, task, hours, figures);
        } else {
            self.warn(
                Some(row.start),
                format!(
                    "{task:?} has no Monthly figure; hours a month = {} = {}",
                    from.rule(),
                    text::plain(hours)
                ),
            );
        }
        Some((from, figure, hours))
    }

    /// Warns when a row's quarterly or yearly figure is not its monthly one
    /// × 3 or × 12.
    fn check_columns(
        &mut self,
        start: usize,
        task: &str,
        monthly: f64,
        figures: &HashMap<Column, f64>,
    ) {
        for (column, factor) in [(Column::Quarterly, 3.0), (Column::Yearly, 12.0)] {
            if let Some(&value) = figures.get(&column)
                && !close(value, monthly * factor)
            {
                self.warn(
                    Some(start),
                    format!(
                        "{task:?}: Monthly {} × {factor} = {} but {} says {}; the model uses the monthly figure",
                        text::plain(monthly),
                        text::plain(monthly * factor),
                        column.label(),
                        text::plain(value)
                    ),
                );
            }
        }
    }

    /// Warns for each figure of the totals row that is not the rows' sum.
    fn check_totals(
        &mut self,
        row: &TableRow,
        figures: &HashMap<Column, f64>,
        sums: &HashMap<Column, (f64, bool)>,
    ) {
        for column in [
            Column::Weekly,
            Column::Monthly,
            Column::Quarterly,
            Column::Yearly,
        ] {
            let (Some(&total), Some(&(sum, complete))) = (figures.get(&column), sums.get(&column))
            else {
                continue;
            };
            if complete && !close(total, sum) {
                self.warn(
                    Some(row.start),
                    format!(
                        "the totals row's {} figure is {} but the rows add up to {}; the rows are imported as written",
                        column.label(),
                        text::plain(total),
                        text::plain(sum)
                    ),
                );
            }
        }
    }

    /// PTO from the first sentence that states it.
    pub(super) fn pto(&mut self, blocks: &[Block]) -> Pto {
        for block in blocks {
            let line = self.line(block.start);
            if let Some(found) = PTO_DAYS_HOURS
                .as_ref()
                .and_then(|r| r.captures(&block.text))
            {
                let days = found.get(1).and_then(|m| number(m.as_str()));
                let hours = found.get(2).and_then(|m| number(m.as_str()));
                let phrase = found
                    .get(0)
                    .map(|m| m.as_str().to_owned())
                    .unwrap_or_default();
                if let (Some(days), Some(hours)) = (days, hours) {
                    if !close(days * HOURS_PER_DAY, hours) {
                        self.warn(
                            Some(block.start),
                            format!(
                                "PTO: {} days × {} h = {} h, but the page says {} h; the model uses the days",
                                text::plain(days),
                                text::plain(HOURS_PER_DAY),
                                text::plain(days * HOURS_PER_DAY),
                                text::plain(hours)
                            ),
                        );
                    }
                    return self.checked_pto(days, Some(hours), phrase, line, block.start);
                }
            }
            if let Some(found) = PTO_DAYS.as_ref().and_then(|r| r.captures(&block.text)) {
                let phrase = found
                    .get(0)
                    .map(|m| m.as_str().to_owned())
                    .unwrap_or_default();
                if let Some(days) = found.get(1).and_then(|m| number(m.as_str())) {
                    return self.checked_pto(days, None, phrase, line, block.start);
                }
            }
        }
        self.warn(
            None,
            "no sentence like \"56 days or 448 hours of PTO\"; pto_days is 0".to_owned(),
        );
        Pto {
            days: 0.0,
            found: None,
            hours: None,
        }
    }

    /// PTO that leaves working time, or an error at its sentence.
    fn checked_pto(
        &mut self,
        days: f64,
        hours: Option<f64>,
        phrase: String,
        line: usize,
        start: usize,
    ) -> Pto {
        let capacity = Capacity {
            target_utilization: 1.0,
            pto_by_quarter: None,
            hours_per_week: HOURS_PER_WEEK,
            weeks_per_year: WEEKS_PER_YEAR,
            pto_days: days,
            hours_per_day: HOURS_PER_DAY,
        };
        if let Err(problem) = crate::domain::engine::check_capacity(&capacity, None) {
            self.error(start, format!("PTO {phrase:?}: {problem}"));
        }
        Pto {
            days,
            found: Some((phrase, line)),
            hours,
        }
    }

    /// The metrics: items of "Metrics for …" sections, with generated ids.
    pub(super) fn metrics(&mut self, items: &[Item]) -> Vec<ImportedMetric> {
        let mut metrics: Vec<ImportedMetric> = Vec::new();
        // For each item: the id of the metric it became, or of the nearest
        // ancestor that became one (for skipped empty items).
        let mut ids: Vec<Option<String>> = Vec::with_capacity(items.len());
        let mut used = HashSet::new();
        for item in items {
            let parent = item.parent.and_then(|p| ids.get(p).cloned().flatten());
            let Some(phase) = &item.phase else {
                ids.push(None);
                continue;
            };
            if item.text.is_empty() {
                self.warn(
                    Some(item.start),
                    "empty list item under a metrics heading is skipped".to_owned(),
                );
                ids.push(parent);
                continue;
            }
            let id = make_id(&item.text, &mut used);
            ids.push(Some(id.clone()));
            let judge = if item.children > 0 {
                None
            } else {
                judge(&item.text)
            };
            let target = match item.text.split_once(": ") {
                Some((_, rest)) if !rest.trim().is_empty() => rest.trim().to_owned(),
                _ if item.children > 0 => "all sub-items met".to_owned(),
                _ => item.text.clone(),
            };
            metrics.push(ImportedMetric {
                id,
                phase: phase.clone(),
                group: item.group.clone(),
                parent,
                name: item.text.clone(),
                target,
                judge,
                children: item.children,
                line: self.line(item.start),
            });
        }
        metrics
    }
}
