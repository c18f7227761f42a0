//! Errors: one enum for everything a user can cause, each naming the file,
//! line and column where it can, and what was expected.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// Everything that can go wrong in `tamplan`, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read (missing, unreadable).
    #[error("cannot read {}: {}; expected a readable TOML file", path.display(), describe_io(source))]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A directory was given where a file was expected.
    #[error("{} is a directory; expected a TOML file", path.display())]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// A file that is not UTF-8 text.
    #[error("{}:{line}:{column}: not UTF-8 text; expected a UTF-8 encoded TOML file", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Line of the first invalid byte (1-based).
        line: usize,
        /// Column of the first invalid byte (1-based, in characters).
        column: usize,
    },
    /// A model file with problems, every one listed.
    #[error("{0}")]
    Invalid(#[from] Diagnostics),
    /// Bad usage that clap cannot see (an unknown `--set` name, a value
    /// that leaves no working time).
    #[error("{0}")]
    Usage(String),
    /// `tamplan check` found problems (already printed, file by file).
    #[error("{failed} of {total} files have problems")]
    CheckFailed {
        /// Files with problems.
        failed: usize,
        /// Files checked.
        total: usize,
    },
    /// The interactive screen could not start or run.
    #[error("the interactive screen failed: {0}")]
    Terminal(std::io::Error),
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
    /// `tamplan import`: the page could not be read.
    #[error("cannot read {}: {}; expected a readable Markdown page", path.display(), describe_io(source))]
    ReadPage {
        /// The page.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `tamplan import`: the page is a directory or not UTF-8 text.
    #[error("{path}: {problem}; expected a UTF-8 Markdown page")]
    BadPage {
        /// The page (with line and column when there is one).
        path: String,
        /// What is wrong ("is a directory", "not UTF-8 text").
        problem: String,
    },
    /// `tamplan import`: the page has no rhythm-of-business table.
    #[error("no rhythm-of-business table found in {}; metrics found: {metrics}{}", path.display(), metrics_only_hint(*metrics))]
    NoTable {
        /// The page.
        path: PathBuf,
        /// Metrics the page holds.
        metrics: usize,
    },
    /// `tamplan import --metrics-only`: the page has no metrics either.
    #[error("no metrics found in {}; expected list items under \"Metrics for …\" headings", path.display())]
    NoMetrics {
        /// The page.
        path: PathBuf,
    },
    /// `tamplan import -o FILE`: FILE exists and `--force` was not given.
    #[error("{} already exists; pass --force to overwrite it", path.display())]
    OutputExists {
        /// The output file.
        path: PathBuf,
    },
    /// Writing a file failed.
    #[error("cannot write {}: {}", path.display(), describe_io(source))]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Points a page with metrics but no table to `--metrics-only`.
fn metrics_only_hint(metrics: usize) -> &'static str {
    if metrics > 0 {
        "; pass --metrics-only to import just the metrics"
    } else {
        ""
    }
}

impl Error {
    /// 2 for bad usage, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
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
    /// A problem at the start of `span` in `text`.
    pub fn at(text: &str, span: Range<usize>, message: String) -> Diagnostic {
        let (line, column) = line_column(text, span.start);
        Diagnostic {
            line,
            column,
            message,
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
/// Offsets past the end or inside a character are clamped, never a panic.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    (line, column)
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
    }
}
