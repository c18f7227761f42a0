//! File I/O: reading model files, with errors that name the file and, for
//! text that is not UTF-8, the line and column of the first bad byte.

use std::path::Path;

use crate::domain::diagnostic::line_column;
use crate::domain::model::Model;
use crate::io::error::Error;

/// The most a file read whole may hold (models, scenarios, rules, pages,
/// recovery files): 8 MiB, far above any real one.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// What `meta` is, in words, when it is not a regular file.
pub fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
    }
    Some("not a regular file")
}

/// Opens `path` for reading without waiting on it: on Unix with
/// `O_NONBLOCK`, so a FIFO put in a file's place opens at once (with no
/// writer) instead of blocking until one comes; the caller checks what was
/// opened. For a regular file the flag changes nothing.
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed());
    }
    options.open(path)
}

/// Reads `path` as UTF-8 text: a regular file (a symlink is followed) of at
/// most [`MAX_FILE_BYTES`], so a FIFO or `/dev/zero` is refused, not read
/// forever.
///
/// # Errors
/// [`Error::IsDirectory`], [`Error::NotAFile`], [`Error::TooBig`],
/// [`Error::Read`] or [`Error::NotUtf8`].
pub fn read_text(path: &Path) -> Result<String, Error> {
    use std::io::Read as _;

    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    match not_a_file(&meta) {
        Some("a directory") => {
            return Err(Error::IsDirectory {
                path: path.to_owned(),
            });
        }
        Some(kind) => {
            return Err(Error::NotAFile {
                path: path.to_owned(),
                kind,
            });
        }
        None => {}
    }
    let file = open_regular(path).map_err(read_error)?;
    // A FIFO or device put in the file's place since the check above.
    if let Ok(meta) = file.metadata()
        && let Some(kind) = not_a_file(&meta)
    {
        return Err(Error::NotAFile {
            path: path.to_owned(),
            kind,
        });
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > MAX_FILE_BYTES {
        return Err(Error::TooBig {
            path: path.to_owned(),
            size: meta.len().max(size),
            limit: MAX_FILE_BYTES,
        });
    }
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

/// Where a write to `path` lands: a symlink is followed to its target,
/// so the link stays a link and the real file gets the new content.
///
/// # Errors
/// [`Error::NotAFile`] for a target that exists and is not a regular file
/// (a device, a FIFO, a socket: never replaced), [`Error::Write`] for a
/// link that cannot be followed.
pub fn write_target(path: &Path) -> Result<std::path::PathBuf, Error> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|source| Error::Write {
                path: path.to_owned(),
                source,
            })?
        }
        _ => path.to_path_buf(),
    };
    if let Ok(meta) = std::fs::metadata(&target)
        && let Some(kind) = not_a_file(&meta)
    {
        return Err(Error::NotAFile {
            path: path.to_owned(),
            kind,
        });
    }
    Ok(target)
}

/// Writes `text` to `path` atomically, as [`write_atomic_if`] without a
/// last check.
///
/// # Errors
/// As [`write_atomic_if`].
pub fn write_atomic(path: &Path, text: &str, overwrite: bool) -> Result<(), Error> {
    write_atomic_if(path, text, overwrite, |_| true).map(|_| ())
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
/// `proceed` is asked with the file's real path once the new content is
/// written and synced, immediately before the rename: `false` leaves the
/// file as it is (and returns `Ok(false)`), so a check made there has no
/// window for an edit to slip through unnoticed. Only regular files are
/// written; a symlink is followed.
///
/// # Errors
/// [`Error::OutputExists`] when `path` exists and `overwrite` is false;
/// [`Error::NotAFile`] for a device, FIFO or socket; [`Error::Write`] when
/// any step fails (the temporary file is removed).
pub fn write_atomic_if(
    path: &Path,
    text: &str,
    overwrite: bool,
    mut proceed: impl FnMut(&Path) -> bool,
) -> Result<bool, Error> {
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
    let staged = stage(path, text)?;
    if !proceed(&staged.target) {
        return Ok(false);
    }
    if overwrite {
        staged.commit()?;
    } else {
        staged.commit_new()?;
    }
    Ok(true)
}

/// New content written and synced beside its file, not yet renamed over
/// it: the first half of an atomic write, so several files can be
/// written before any of them is replaced. Dropped uncommitted, the
/// temporary file is removed and the file is as it was.
#[derive(Debug)]
pub struct Staged {
    /// The file to be replaced (a symlink followed to its target).
    pub target: std::path::PathBuf,
    /// The path asked for, for messages.
    asked: std::path::PathBuf,
    temp: tempfile::NamedTempFile,
}

impl Staged {
    /// Renames the new content over the file (the second half).
    ///
    /// # Errors
    /// [`Error::Write`] when the rename fails (the temporary file is removed).
    pub fn commit(self) -> Result<(), Error> {
        let Staged {
            target,
            asked,
            temp,
        } = self;
        temp.persist(&target).map_err(|error| Error::Write {
            path: asked,
            source: error.error,
        })?;
        sync_dir(&target);
        Ok(())
    }

    /// Renames the new content into place unless a file is there (checked
    /// by the rename itself).
    ///
    /// # Errors
    /// [`Error::OutputExists`], or [`Error::Write`] when the rename fails.
    fn commit_new(self) -> Result<(), Error> {
        let Staged {
            target,
            asked,
            temp,
        } = self;
        temp.persist_noclobber(&target).map_err(|error| {
            if error.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::OutputExists {
                    path: target.clone(),
                }
            } else {
                Error::Write {
                    path: asked,
                    source: error.error,
                }
            }
        })?;
        sync_dir(&target);
        Ok(())
    }
}

/// The folder a file is written in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Makes a rename in `path`'s folder durable; a failure here leaves a
/// complete file.
fn sync_dir(path: &Path) {
    if let Ok(dir) = std::fs::File::open(folder_of(path)) {
        let _ = dir.sync_all();
    }
}

/// Writes `text` to a temporary file beside `path` (a symlink followed to
/// its target), synced, with the permissions of the file it will replace:
/// see [`Staged`]. The folder is never created.
///
/// # Errors
/// [`Error::NotAFile`] for a device, FIFO or socket; [`Error::Write`] when
/// any step fails (the temporary file is removed).
pub fn stage(path: &Path, text: &str) -> Result<Staged, Error> {
    use std::io::Write as _;

    let write_error = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let target = write_target(path)?;
    let dir = folder_of(&target);
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
    if let Ok(existing) = std::fs::metadata(&target) {
        temp.as_file()
            .set_permissions(existing.permissions())
            .map_err(write_error)?;
    }
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(write_error)?;
    Ok(Staged {
        target,
        asked: path.to_owned(),
        temp,
    })
}
