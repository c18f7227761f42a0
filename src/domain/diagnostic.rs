//! Diagnostics: problems found in a file, each at a line and column, with
//! what was expected. Pure: the readers in `io` and the domain build them.

use std::fmt;
use std::ops::Range;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file, or a part of it, could not be used.
    Error,
    /// Something was left out or changed; the rest was used.
    Warning,
}

/// What a reader found in a file: which file, the line and column where
/// they are known, how bad, and what. The one type for every reader's
/// findings: lines skipped in time exports and calendars, warnings of the
/// page importer, plans of a team folder that did not load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file (a path as given), or empty when the caller names it.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// How bad.
    pub severity: Severity,
    /// What was found, and what was done about it or expected.
    pub message: String,
}

impl Finding {
    /// A line of `file` that was skipped, and why.
    pub fn skipped(file: impl Into<String>, line: usize, message: String) -> Finding {
        Finding {
            file: file.into(),
            line: Some(line),
            column: None,
            severity: Severity::Warning,
            message,
        }
    }

    /// A warning at a place in a text the caller names.
    pub fn warning(position: Option<(usize, usize)>, message: String) -> Finding {
        Finding {
            file: String::new(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            severity: Severity::Warning,
            message,
        }
    }

    /// A file (or folder) that could not be used, and why (the message may
    /// name a line and column of its own).
    pub fn error(file: impl Into<String>, message: String) -> Finding {
        Finding {
            file: file.into(),
            line: None,
            column: None,
            severity: Severity::Error,
            message,
        }
    }

    /// Where and what, `FILE:LINE:COLUMN: message` with what is known, in
    /// `file` when the finding names none.
    pub fn located(&self, file: &str) -> String {
        let file = if self.file.is_empty() {
            file
        } else {
            &self.file
        };
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}: {}", self.message),
            (Some(line), None) => format!("{file}:{line}: {}", self.message),
            _ => format!("{file}: {}", self.message),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.located(""))
    }
}

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

    /// The problem as every message of tamplan names one:
    /// `FILE:LINE:COLUMN: what`.
    pub fn located(&self, file: &str) -> String {
        format!("{file}:{}:{}: {}", self.line, self.column, self.message)
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
            f.write_str(&problem.located(&self.source))?;
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
