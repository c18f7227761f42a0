//! `tamplan import`: a handbook page made into a model file.

use std::io::Write;

use super::{say, stamp_saying, write_stdout};
use crate::io::error::Error;
use crate::io::files;
use crate::io::schema;
use crate::io::store::Paths;

/// `tamplan import`: warnings to stderr, the model to `output` or stdout.
pub(super) fn import(
    paths: &Paths,
    page: &std::path::Path,
    output: Option<&std::path::Path>,
    force: bool,
    metrics_only: bool,
) -> Result<(), Error> {
    use crate::io::import::{ImportError, Options};

    let text = files::read_page(page)?;
    let source = page.display().to_string();
    let imported =
        crate::io::import::import(&text, &source, Options { metrics_only }).map_err(|error| {
            match error {
                ImportError::NoTable { metrics } => Error::NoTable {
                    path: page.to_owned(),
                    metrics,
                },
                ImportError::NoMetrics => Error::NoMetrics {
                    path: page.to_owned(),
                },
                ImportError::Invalid { errors, warnings } => {
                    for warning in &warnings {
                        say("warning", &warning.located(&source));
                    }
                    Error::Invalid(errors)
                }
                ImportError::Generated(errors) => Error::Invalid(errors),
            }
        })?;
    for warning in &imported.warnings {
        say("warning", &warning.located(&source));
    }
    match output {
        Some(path) => {
            let text = stamp_saying(paths, schema::Kind::Model, path, &imported.toml);
            files::write_atomic(path, &text, force)?;
            let shown = crate::domain::text::sanitize(&path.display().to_string()).into_owned();
            let _ = writeln!(
                std::io::stderr(),
                "tamplan: wrote {shown} ({}, {}, {}); check it with `tamplan check {shown}`",
                crate::domain::text::count(imported.rows, "row", "rows"),
                crate::domain::text::count(imported.metrics, "metric", "metrics"),
                crate::domain::text::count(imported.warnings.len(), "warning", "warnings"),
            );
            Ok(())
        }
        None => write_stdout(&imported.toml),
    }
}
