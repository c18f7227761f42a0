//! Errors: one enum for everything a user can cause, each naming the file,
//! line and column where it can, and what was expected.

use std::path::PathBuf;

use crate::domain::diagnostic::Diagnostics;

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
    /// A time export or calendar could not be read (missing, unreadable).
    #[error("cannot read {}: {}; expected a readable time export or calendar ({})", path.display(), describe_io(source), crate::io::timesheet::FORMATS)]
    ReadExport {
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
    /// A failure of tamplan itself, not of what the user gave it (a value
    /// that cannot be written as TOML): exit 1, never 2.
    #[error("internal error: {0}")]
    Internal(String),
    /// `tamplan check` found problems (already printed, file by file).
    #[error("{failed} of {total} {} problems", if *total == 1 { "file has" } else { "files have" })]
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
    /// A path that is not a regular file: a FIFO, a device, a socket.
    #[error("{} is {kind}; expected a regular file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is, in words ("a FIFO").
        kind: &'static str,
    },
    /// A file larger than tamplan reads whole.
    #[error("{} is {size} bytes; expected at most {limit} bytes for a file read whole", path.display())]
    TooBig {
        /// The file.
        path: PathBuf,
        /// Its size, or at least how much was read.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// An operation that found nothing to work on, with why.
    #[error("{0}")]
    Failed(String),
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
