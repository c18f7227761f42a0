//! The text-table grid the terminal tables share: columns as wide as their
//! widest cell, two spaces apart, text left and figures right.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

/// Column widths of a text table, and which columns hold text.
pub(super) struct Grid {
    widths: Vec<usize>,
    /// The columns aligned left; the others are aligned right.
    left: &'static [usize],
}

impl Grid {
    /// Columns that fit every cell of `rows`, headings and totals
    /// included; the columns in `left` are aligned left.
    pub(super) fn new<'r, R: AsRef<[String]> + 'r>(
        rows: impl IntoIterator<Item = &'r R>,
        left: &'static [usize],
    ) -> Grid {
        let mut widths: Vec<usize> = Vec::new();
        for row in rows {
            for (column, cell) in row.as_ref().iter().enumerate() {
                let width = cell.width();
                match widths.get_mut(column) {
                    Some(widest) => *widest = (*widest).max(width),
                    None => widths.push(width),
                }
            }
        }
        Grid { widths, left }
    }

    /// One line of `cells`, each padded to its column (a missing cell is
    /// empty), without blanks at its end.
    pub(super) fn line(&self, out: &mut String, cells: &[String]) {
        let mut text = String::new();
        for (index, width) in self.widths.iter().enumerate() {
            let cell = cells.get(index).map_or("", String::as_str);
            let pad = " ".repeat(width.saturating_sub(cell.width()));
            if self.left.contains(&index) {
                let _ = write!(text, "{cell}{pad}  ");
            } else {
                let _ = write!(text, "{pad}{cell}  ");
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    }

    /// A rule as wide as the table.
    pub(super) fn rule(&self, out: &mut String) {
        let width = self
            .widths
            .iter()
            .map(|width| width + 2)
            .sum::<usize>()
            .saturating_sub(2);
        let _ = writeln!(out, "{}", "─".repeat(width));
    }
}
