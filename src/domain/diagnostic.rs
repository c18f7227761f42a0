//! Diagnostics: problems found in a file, each at a line and column, with
//! what was expected. Pure: the readers in `io` and the domain build them.

use std::fmt;
use std::ops::Range;

/// One problem in a file, at a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What was found and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// A problem at the start of `span` in `text`. It scans `text` once:
    /// for more than one problem in a text, index it with [`LineIndex`]
    /// and use [`LineIndex::at`].
    pub fn at(text: &str, span: Range<usize>, message: String) -> Diagnostic {
        LineIndex::new(text).at(span, message)
    }
}

/// Where each line of a text starts, so that many offsets are placed in
/// O(log lines + line length) each instead of a scan from the start (a
/// page with 100,000 rows would otherwise take quadratic time).
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`'s lines.
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The indexed text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// A problem at the start of `span`.
    pub fn at(&self, span: Range<usize>, message: String) -> Diagnostic {
        let (line, column) = self.line_column(span.start);
        Diagnostic {
            line,
            column,
            message,
        }
    }

    /// 1-based line and column (in characters) of byte `offset`, found by
    /// binary search. Offsets past the end or inside a character are
    /// clamped, never a panic.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The number of line starts at or before the offset is its line.
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        (line, column)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
/// Offsets past the end or inside a character are clamped, never a panic.
/// It scans `text` once: for many offsets in one text, use [`LineIndex`].
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(offset)
}

/// Every problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The file (or a description of the built-in source).
    pub source: String,
    /// The problems, in the order found.
    pub problems: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Problems found in `source`.
    pub fn new(source: &str, problems: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics {
            source: source.to_owned(),
            problems,
        }
    }
}

impl Diagnostics {
    /// A TOML syntax or shape error in `text` as one diagnostic, worded
    /// with what was expected.
    pub fn from_toml(text: &str, source: &str, error: &toml::de::Error) -> Diagnostics {
        let message = error.message().trim();
        let message = match message.strip_prefix("missing field ") {
            Some(field) => format!("missing required field {field}; add it to this table"),
            None => message.to_owned(),
        };
        let span = error.span().unwrap_or(0..0);
        Diagnostics::new(source, vec![Diagnostic::at(text, span, message)])
    }
}

impl std::error::Error for Diagnostics {}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "{}:{}:{}: {}",
                self.source, problem.line, problem.column, problem.message
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\ncé\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 6), (2, 3));
        assert_eq!(
            line_column(text, 5),
            (2, 2),
            "inside a character is clamped back"
        );
        assert_eq!(line_column(text, 99), (3, 2), "past the end is clamped");
        // Against a plain scan from the start.
        let scan = |offset: usize| {
            let mut offset = offset.min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let before = &text[..offset];
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            (
                before.matches('\n').count() + 1,
                before[start..].chars().count() + 1,
            )
        };
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line_column(offset), scan(offset), "{offset}");
        }
        assert_eq!(LineIndex::new("").line_column(5), (1, 1));
    }
}
