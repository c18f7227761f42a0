//! `tamplan init`: the built-in model and the starter rules written to the
//! config folder, with a dated copy of each file `--force` replaces.

use std::path::Path;
use std::path::PathBuf;

use super::{now, stamp_saying, write_stdout};
use crate::io::error::Error;
use crate::io::files;
use crate::io::schema;
use crate::io::store::Paths;

/// `tamplan init`: the built-in model to the config folder. A folder given
/// with `--config-dir` is not remembered, so the message says to pass it
/// again.
pub(super) fn init(paths: &Paths, flag: Option<&Path>, force: bool) -> Result<(), Error> {
    let path = paths.model_file();
    std::fs::create_dir_all(&paths.config_dir).map_err(|source| Error::Write {
        path: paths.config_dir.clone(),
        source,
    })?;
    let model = stamp_saying(
        paths,
        schema::Kind::Model,
        &path,
        crate::domain::model::DEFAULT_MODEL_TOML,
    );
    let stamp = now().format("%Y%m%dT%H%M%S").to_string();
    let mut kept = Vec::new();
    if force {
        kept.extend(backup(&path, &model, &stamp)?);
    }
    files::write_atomic(&path, &model, force)?;
    // The starter rules beside it; an existing rules file is kept unless
    // `--force`.
    let rules = paths.rules_file();
    let starter = stamp_saying(
        paths,
        schema::Kind::Rules,
        &rules,
        crate::io::rules::STARTER,
    );
    if force {
        kept.extend(backup(&rules, &starter, &stamp)?);
    }
    let rules_written = match files::write_atomic(&rules, &starter, force) {
        Ok(()) => format!(" and {}", rules.display()),
        Err(Error::OutputExists { .. }) => String::new(),
        Err(error) => return Err(error),
    };
    for (file, copy) in &kept {
        write_stdout(&format!(
            "kept the replaced {} as {}\n",
            file.display(),
            copy.display()
        ))?;
    }
    let how = match flag {
        Some(dir) => format!(
            "tamplan plans with it when given `--config-dir {}` again (or TAMPLAN_CONFIG_DIR={0})",
            dir.display()
        ),
        None => "tamplan now plans with it".to_owned(),
    };
    write_stdout(&format!("wrote {}{rules_written}; {how}\n", path.display()))
}

/// Before `init --force` replaces `path` with `text`: a copy of the file
/// there (when it differs) as `path.bak-STAMP`, or `path.bak-STAMP-2` and
/// so on when that name is taken; never over an earlier copy. The file and
/// its copy.
///
/// # Errors
/// [`Error::Write`] when the copy cannot be made; the file is then left
/// alone.
pub(super) fn backup(
    path: &Path,
    text: &str,
    stamp: &str,
) -> Result<Option<(PathBuf, PathBuf)>, Error> {
    use std::io::Write as _;

    let Ok(old) = std::fs::read(path) else {
        return Ok(None);
    };
    if old == text.as_bytes() {
        return Ok(None);
    }
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".bak-{stamp}"));
    for n in 1_u32.. {
        let mut candidate = name.clone();
        if n > 1 {
            candidate.push(format!("-{n}"));
        }
        let copy = PathBuf::from(candidate);
        let write_error = |source| Error::Write {
            path: copy.clone(),
            source,
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&copy)
        {
            Ok(mut file) => {
                file.write_all(&old)
                    .and_then(|()| file.sync_all())
                    .map_err(write_error)?;
                return Ok(Some((path.to_owned(), copy)));
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(write_error(error)),
        }
    }
    Ok(None)
}
