//! File I/O: reading model files, with errors that name the file and, for
//! text that is not UTF-8, the line and column of the first bad byte.

use std::path::Path;

use crate::error::{Error, line_column};
use crate::model::Model;

/// Reads `path` as UTF-8 text.
///
/// # Errors
/// [`Error::IsDirectory`], [`Error::Read`] or [`Error::NotUtf8`].
pub fn read_text(path: &Path) -> Result<String, Error> {
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_owned(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default());
        let (line, column) = line_column(&prefix, prefix.len());
        Error::NotUtf8 {
            path: path.to_owned(),
            line,
            column,
        }
    })
}

/// Reads and validates the model file at `path`.
///
/// # Errors
/// A read error, or [`Error::Invalid`] listing every problem in the file.
pub fn load_model(path: &Path) -> Result<Model, Error> {
    let text = read_text(path)?;
    Ok(Model::parse(&text, &path.display().to_string())?)
}

/// The model at `path`, or the built-in one when `path` is `None`.
///
/// # Errors
/// As [`load_model`].
pub fn model_or_builtin(path: Option<&Path>) -> Result<Model, Error> {
    match path {
        Some(path) => load_model(path),
        None => Ok(Model::builtin()?),
    }
}
