//! File I/O: reading model files, with errors that name the file and, for
//! text that is not UTF-8, the line and column of the first bad byte.

use std::path::Path;

use crate::domain::diagnostic::line_column;
use crate::domain::model::Model;
use crate::io::error::Error;

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

/// Reads the Markdown page at `path` for `tamplan import`, with errors that
/// say a page was expected.
///
/// # Errors
/// [`Error::ReadPage`], or [`Error::BadPage`] for a directory or text that
/// is not UTF-8 (with the line and column of the first bad byte).
pub fn read_page(path: &Path) -> Result<String, Error> {
    read_text(path).map_err(|error| match error {
        Error::Read { path, source } => Error::ReadPage { path, source },
        Error::IsDirectory { path } => Error::BadPage {
            path: path.display().to_string(),
            problem: "is a directory".to_owned(),
        },
        Error::NotUtf8 { path, line, column } => Error::BadPage {
            path: format!("{}:{line}:{column}", path.display()),
            problem: "not UTF-8 text".to_owned(),
        },
        other => other,
    })
}

/// Writes `text` to `path` atomically: a temporary file in the same
/// directory is written, synced and renamed over `path`, so readers see the
/// old file or the new one, never half of it. Without `overwrite`, an
/// existing `path` is left alone (checked by the rename itself, so a file
/// created meanwhile is not clobbered either).
///
/// # Errors
/// [`Error::OutputExists`] when `path` exists and `overwrite` is false;
/// [`Error::Write`] when any step fails (the temporary file is removed).
pub fn write_atomic(path: &Path, text: &str, overwrite: bool) -> Result<(), Error> {
    use std::io::Write as _;

    let write_error = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    if path.is_dir() {
        return Err(write_error(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    if !overwrite && path.symlink_metadata().is_ok() {
        return Err(Error::OutputExists {
            path: path.to_owned(),
        });
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tamplan-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // The usual mode of a new file (the umask still applies), not the
        // 0600 of a temporary file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(write_error)?;
    // A file written over keeps its permissions.
    if let Ok(existing) = std::fs::metadata(path) {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(write_error)?;
    }
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(write_error)?;
    if overwrite {
        temp.persist(path)
            .map_err(|error| write_error(error.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|error| {
            if error.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::OutputExists {
                    path: path.to_owned(),
                }
            } else {
                write_error(error.error)
            }
        })?;
    }
    // Make the rename itself durable; a failure here leaves a complete file.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}
