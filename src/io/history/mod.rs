//! Plans' git history, read with gitoxide (`gix`): tamplan never runs a
//! `git` program and never checks anything out.
//!
//! - [`open`] finds the repository holding a path (a normal clone, a bare
//!   repository, a linked worktree, a detached HEAD, a shallow clone, any
//!   folder inside one), or says it is [`Opened::NotARepository`] — a value,
//!   not an error.
//! - [`Repo::versions`] walks the first-parent history of HEAD once for any
//!   number of files and gives, per file, every commit that changed it
//!   (oldest first), with commit id, committer time (in the commit's own
//!   offset), author and the file's text. Renames are not followed: a
//!   renamed file ends with a [`Content::Absent`] version under its old
//!   path and starts again under its new one.
//! - [`Repo::text_at`], [`Repo::text_at_head`] and
//!   [`Repo::text_at_end_of_day`] give one file's text at one commit.
//!
//! Cost: each commit's root tree is looked up once for all the paths
//! asked for, a sub-tree is read only when its id changed since the commit
//! looked at before, and a blob only when the path's entry id changed.
//! Bounds: [`MAX_COMMITS`] commits walked, [`MAX_BLOB_BYTES`] per blob.
//!
//! Everything that can go wrong with what is in the repository (a corrupt
//! or missing object, a submodule or a folder at the path, a blob that is
//! not UTF-8, a file never committed) is a [`HistoryError`] naming the file
//! and the commit, given back as a value where the rest can go on.

mod walk;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use gix::bstr::ByteSlice as _;

pub use crate::domain::history::CommitInfo;
pub use walk::MAX_COMMITS;

pub mod plans;

/// The largest blob read as a plan's text (the same as a file on disk).
pub const MAX_BLOB_BYTES: u64 = crate::io::files::MAX_FILE_BYTES;

/// What [`open`] found at a path.
#[derive(Debug)]
pub enum Opened {
    /// The path is inside a repository.
    Repository(Box<Repo>),
    /// Neither the path nor any folder above it is a git repository.
    NotARepository {
        /// The path asked about.
        path: PathBuf,
    },
}

/// How a repository is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A working tree with its `.git` folder (a normal clone).
    WorkTree,
    /// A linked worktree (`git worktree add`).
    LinkedWorkTree,
    /// A bare repository: no working tree, paths are read from HEAD's tree.
    Bare,
}

/// An open repository. Not `Sync`: open one per thread.
pub struct Repo {
    git: gix::Repository,
    kind: Kind,
    /// The working tree's root, canonical; `None` for a bare repository.
    work_dir: Option<PathBuf>,
    /// The git folder, canonical.
    git_dir: PathBuf,
    shallow: bool,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("kind", &self.kind)
            .field("work_dir", &self.work_dir)
            .field("git_dir", &self.git_dir)
            .field("shallow", &self.shallow)
            .finish_non_exhaustive()
    }
}

/// A file's path inside the repository's tree, `/`-separated (`plans/ana.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepoPath(String);

impl RepoPath {
    /// A path in the tree from its `/`-separated text; `None` when it is
    /// empty or has an empty, `.` or `..` component.
    pub fn new(path: &str) -> Option<Self> {
        let path = path.trim_matches('/');
        let ok = !path.is_empty()
            && path
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        ok.then(|| Self(path.to_owned()))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn components(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }
}

impl std::fmt::Display for RepoPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file's content at one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// The file's text.
    Text(String),
    /// No file at that path in that commit (removed, renamed away, or not
    /// yet added).
    Absent,
    /// Something is at the path but it cannot be read as a plan's text.
    Unreadable(HistoryError),
}

/// One version of a file: the commit that made it and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The commit.
    pub commit: CommitInfo,
    /// The file at that commit.
    pub content: Content,
}

/// Every version of one file in the range asked for, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The file.
    pub path: RepoPath,
    /// The commits that changed it, oldest first. Empty: the file was
    /// never committed (or not changed in the range).
    pub versions: Vec<Version>,
}

/// Why a walk ended before the first commit of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The walk reached the repository's first commit, or the `since`
    /// bound.
    Complete,
    /// A shallow clone: history ends at this commit, whose parents are not
    /// in the repository. The file's version there is the oldest known,
    /// which may not be the commit that made it.
    Shallow(CommitInfo),
    /// [`MAX_COMMITS`] commits were walked.
    Limit,
    /// A commit could not be read; the history stops there.
    Broken(HistoryError),
}

/// The outcome of [`Repo::versions`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// One series per path asked for, in the order asked.
    pub series: Vec<Series>,
    /// How the walk ended.
    pub ended: Ended,
    /// Commits walked.
    pub commits: usize,
}

/// One end of a range of history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// A calendar day, compared with each commit's committer day in the
    /// commit's own offset (both ends inclusive).
    Date(NaiveDate),
    /// A revision (`HEAD~3`, a commit id, a tag). `since` a revision: the
    /// commits after it (the walk stops at it, or at the first commit
    /// older than it); `until` a revision: it and the commits no newer
    /// than it.
    Revision(String),
}

impl Bound {
    /// A `--since`/`--until` value: `YYYY-MM-DD` is a date, anything else a
    /// revision.
    pub fn parse(text: &str) -> Self {
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => Self::Date(date),
            Err(_) => Self::Revision(text.to_owned()),
        }
    }
}

/// The part of history asked for; `Range::default()` is all of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Range {
    /// Versions from this on.
    pub since: Option<Bound>,
    /// Versions up to this.
    pub until: Option<Bound>,
}

/// A file's text at one commit ([`Repo::text_at`] and friends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The commit.
    pub commit: CommitInfo,
    /// The file there.
    pub content: Content,
}

/// What can be wrong with a repository or what it holds. Every variant
/// names the repository, the file or the commit it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// A repository was found but could not be opened.
    #[error("{}: cannot open the git repository: {message}", path.display())]
    Open {
        /// Where it was looked for.
        path: PathBuf,
        /// What gitoxide said.
        message: String,
    },
    /// A file outside the repository's working tree.
    #[error("{} is outside the git repository at {}", path.display(), repository.display())]
    Outside {
        /// The file.
        path: PathBuf,
        /// The repository's root.
        repository: PathBuf,
    },
    /// The repository has no commit yet.
    #[error("{}: the git repository has no commit yet", repository.display())]
    NoCommits {
        /// The repository's root.
        repository: PathBuf,
    },
    /// A revision that names no commit.
    #[error("{revision:?} is not a revision of the git repository at {}: {message}; expected a commit id, a branch, a tag or HEAD~N", repository.display())]
    Revision {
        /// What was given.
        revision: String,
        /// The repository's root.
        repository: PathBuf,
        /// What gitoxide said.
        message: String,
    },
    /// A commit, tree or blob that is missing or cannot be decoded.
    #[error("{}commit {commit}: {message}", path_prefix(path.as_ref()))]
    Object {
        /// The file looked up, when there was one.
        path: Option<RepoPath>,
        /// The commit.
        commit: String,
        /// What is wrong.
        message: String,
    },
    /// Something other than a file at the path (a submodule, a folder, a
    /// symbolic link).
    #[error("{path} at commit {commit} is {what}; expected a plan file")]
    NotAFile {
        /// The path.
        path: RepoPath,
        /// The commit.
        commit: String,
        /// What is there, in words ("a submodule").
        what: &'static str,
    },
    /// A blob larger than [`MAX_BLOB_BYTES`].
    #[error("{path} at commit {commit} is {size} bytes; expected at most {limit} bytes")]
    TooBig {
        /// The path.
        path: RepoPath,
        /// The commit.
        commit: String,
        /// The blob's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A blob that is not UTF-8 text.
    #[error(
        "{path}:{line}:{column} at commit {commit}: not UTF-8 text; expected a UTF-8 encoded TOML file"
    )]
    NotUtf8 {
        /// The path.
        path: RepoPath,
        /// The commit.
        commit: String,
        /// Line of the first bad byte (1-based).
        line: usize,
        /// Column of the first bad byte (1-based, in characters).
        column: usize,
    },
    /// The file is not in that commit.
    #[error("{path} is not in commit {commit}; it was never committed there")]
    NotInCommit {
        /// The path.
        path: RepoPath,
        /// The commit.
        commit: String,
    },
}

fn path_prefix(path: Option<&RepoPath>) -> String {
    path.map(|path| format!("{path} at ")).unwrap_or_default()
}

/// Finds the repository holding `path` (a file or folder, which need not
/// exist: the nearest folder above it that does is searched from, so
/// `server.git/plans/ana.toml` finds the bare repository `server.git`).
///
/// # Errors
/// [`HistoryError::Open`] when a repository is there but cannot be opened
/// (a broken config, an unreadable HEAD). Not being in a repository is
/// [`Opened::NotARepository`], not an error.
pub fn open(path: &Path) -> Result<Opened, HistoryError> {
    let absolute = absolute(path);
    let Some(start) = existing_folder(&absolute) else {
        return Ok(Opened::NotARepository {
            path: path.to_owned(),
        });
    };
    let open_error = |message: String| HistoryError::Open {
        path: path.to_owned(),
        message,
    };
    // As `git` does: not above a folder of `GIT_CEILING_DIRECTORIES`
    // (one that is not above `start` is ignored, not an error).
    let options = gix::discover::upwards::Options {
        match_ceiling_dir_or_error: false,
        ..gix::discover::upwards::Options::default()
    }
    .apply_environment();
    let found = gix::ThreadSafeRepository::discover_opts(
        &start,
        options,
        gix::sec::trust::Mapping::default(),
    );
    let repo = match found.map(gix::Repository::from) {
        Ok(repo) => repo,
        Err(error) => {
            use gix::discover::upwards::Error as Upwards;
            return match error.downcast_any_ref::<Upwards>() {
                Some(
                    Upwards::NoGitRepository { .. }
                    | Upwards::NoGitRepositoryWithinCeiling { .. }
                    | Upwards::NoGitRepositoryWithinFs { .. },
                ) => Ok(Opened::NotARepository {
                    path: path.to_owned(),
                }),
                _ => Err(open_error(error.to_string())),
            };
        }
    };
    Repo::new(repo).map(|repo| Opened::Repository(Box::new(repo)))
}

/// `path` made absolute against the current folder, without touching the
/// disk.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// The nearest folder at or above `path` that exists, canonical.
fn existing_folder(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .filter(|folder| folder.is_dir())
        .find_map(|folder| folder.canonicalize().ok())
}

impl Repo {
    fn new(mut repo: gix::Repository) -> Result<Self, HistoryError> {
        let open_error = |message: String| HistoryError::Open {
            path: repo_display(&repo),
            message,
        };
        let kind = match (repo.workdir(), repo.kind()) {
            (None, _) => Kind::Bare,
            (Some(_), gix::repository::Kind::LinkedWorkTree) => Kind::LinkedWorkTree,
            (Some(_), _) => Kind::WorkTree,
        };
        let work_dir = repo
            .workdir()
            .map(|dir| dir.canonicalize().unwrap_or_else(|_| dir.to_owned()));
        let git_dir = repo
            .git_dir()
            .canonicalize()
            .unwrap_or_else(|_| repo.git_dir().to_owned());
        let shallow = repo
            .is_shallow()
            .map_err(|error| open_error(error.to_string()))?;
        // Trees and commits are read once each, but packs store them as
        // deltas of each other: keep recent delta bases (and a few
        // objects) so a chain is not unpacked from its start every time.
        repo.object_cache_size(4 * 1024 * 1024);
        repo.objects
            .set_pack_cache(|| Box::<gix::odb::pack::cache::lru::StaticLinkedList<64>>::default());
        Ok(Self {
            git: repo,
            kind,
            work_dir,
            git_dir,
            shallow,
        })
    }

    /// How the repository is laid out.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The working tree's root (`None` for a bare repository).
    pub fn work_dir(&self) -> Option<&Path> {
        self.work_dir.as_deref()
    }

    /// The git folder (`.git`, a worktree's folder under it, or the bare
    /// repository itself).
    pub fn git_dir(&self) -> &Path {
        &self.git_dir
    }

    /// The folder to name the repository by: the working tree's root, or
    /// the bare repository's folder.
    pub fn root(&self) -> &Path {
        self.work_dir.as_deref().unwrap_or(&self.git_dir)
    }

    /// Whether this is a shallow clone (history ends at a boundary).
    pub fn is_shallow(&self) -> bool {
        self.shallow
    }

    /// Whether HEAD is detached (a commit checked out, not a branch).
    pub fn is_detached(&self) -> bool {
        self.git.head().is_ok_and(|head| head.is_detached())
    }

    /// The path in the tree of a file on disk (or, in a bare repository,
    /// of a path under the repository's folder, which need not exist).
    ///
    /// # Errors
    /// [`HistoryError::Outside`] when the file is not under the working
    /// tree (or the bare repository's folder), or is the root itself.
    pub fn relative_path(&self, path: &Path) -> Result<RepoPath, HistoryError> {
        let outside = || HistoryError::Outside {
            path: path.to_owned(),
            repository: self.root().to_owned(),
        };
        let absolute = absolute(path);
        // Canonicalize the part that exists (symbolic links, `..`), keep
        // the rest as written.
        let mut rest = Vec::new();
        let mut base = absolute.as_path();
        let canonical = loop {
            if let Ok(canonical) = base.canonicalize() {
                break canonical;
            }
            match (base.file_name(), base.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_owned());
                    base = parent;
                }
                _ => return Err(outside()),
            }
        };
        let relative = canonical.strip_prefix(self.root()).map_err(|_| outside())?;
        let mut parts: Vec<String> = Vec::new();
        for part in relative.components() {
            parts.push(part.as_os_str().to_str().ok_or_else(outside)?.to_owned());
        }
        for name in rest.iter().rev() {
            parts.push(name.to_str().ok_or_else(outside)?.to_owned());
        }
        RepoPath::new(&parts.join("/")).ok_or_else(outside)
    }

    /// HEAD's commit; `None` when the repository has no commit yet.
    ///
    /// # Errors
    /// [`HistoryError::Object`] when HEAD's commit cannot be read.
    pub fn head(&self) -> Result<Option<CommitInfo>, HistoryError> {
        let Some(id) = self.head_id() else {
            return Ok(None);
        };
        let mut buf = Vec::new();
        walk::read_commit(&self.git, id, &mut buf).map(|commit| Some(commit.info))
    }

    fn head_id(&self) -> Option<gix::ObjectId> {
        self.git
            .head()
            .ok()
            .and_then(|head| head.id().map(gix::Id::detach))
    }

    /// Every version of each of `paths` in the first-parent history of
    /// HEAD within `range`, in one walk (see the module's documentation for
    /// what is read). A repository without commits gives empty series.
    ///
    /// # Errors
    /// [`HistoryError::Revision`] when a bound names no commit. Anything
    /// wrong inside the history is in the value: an unreadable version in
    /// its series, a commit that cannot be read in [`History::ended`].
    pub fn versions(&self, paths: &[RepoPath], range: &Range) -> Result<History, HistoryError> {
        let Some(head) = self.head_id() else {
            return Ok(History {
                series: paths
                    .iter()
                    .map(|path| Series {
                        path: path.clone(),
                        versions: Vec::new(),
                    })
                    .collect(),
                ended: Ended::Complete,
                commits: 0,
            });
        };
        let since = range
            .since
            .as_ref()
            .map(|bound| self.cutoff(bound))
            .transpose()?;
        let until = range
            .until
            .as_ref()
            .map(|bound| self.cutoff(bound))
            .transpose()?;
        Ok(walk::versions(self, head, paths, since, until))
    }

    fn cutoff(&self, bound: &Bound) -> Result<walk::Cutoff, HistoryError> {
        Ok(match bound {
            Bound::Date(date) => walk::Cutoff::Day(*date),
            Bound::Revision(revision) => {
                let id = self.resolve(revision)?;
                let mut buf = Vec::new();
                let commit = walk::read_commit(&self.git, id, &mut buf)?;
                walk::Cutoff::Commit {
                    id,
                    seconds: commit.info.time.timestamp(),
                }
            }
        })
    }

    fn resolve(&self, revision: &str) -> Result<gix::ObjectId, HistoryError> {
        let error = |message: String| HistoryError::Revision {
            revision: revision.to_owned(),
            repository: self.root().to_owned(),
            message,
        };
        let id = self
            .git
            .rev_parse_single(revision.as_bytes().as_bstr())
            .map_err(|e| error(e.to_string()))?;
        let commit = id
            .object()
            .map_err(|e| error(e.to_string()))?
            .peel_to_commit()
            .map_err(|e| error(e.to_string()))?;
        Ok(commit.id)
    }

    /// The file at `path` in the commit `revision` names.
    ///
    /// # Errors
    /// [`HistoryError::Revision`] for a revision that names no commit,
    /// [`HistoryError::Object`] for a commit that cannot be read. A file
    /// not in that commit is [`Content::Absent`].
    pub fn text_at(&self, revision: &str, path: &RepoPath) -> Result<Snapshot, HistoryError> {
        let id = self.resolve(revision)?;
        walk::snapshot(&self.git, id, path)
    }

    /// The file at `path` in HEAD's commit.
    ///
    /// # Errors
    /// [`HistoryError::NoCommits`] in a repository without commits, else
    /// as [`Repo::text_at`].
    pub fn text_at_head(&self, path: &RepoPath) -> Result<Snapshot, HistoryError> {
        let id = self.head_id().ok_or_else(|| HistoryError::NoCommits {
            repository: self.root().to_owned(),
        })?;
        walk::snapshot(&self.git, id, path)
    }

    /// The file at `path` in the newest first-parent commit of HEAD whose
    /// committer day (in the commit's own offset) is `day` or before;
    /// `None` when every commit is newer (or there is none).
    ///
    /// # Errors
    /// [`HistoryError::Object`] for a commit that cannot be read.
    pub fn text_at_end_of_day(
        &self,
        day: NaiveDate,
        path: &RepoPath,
    ) -> Result<Option<Snapshot>, HistoryError> {
        let Some(head) = self.head_id() else {
            return Ok(None);
        };
        match walk::newest_at_or_before(self, head, day)? {
            Some(id) => walk::snapshot(&self.git, id, path).map(Some),
            None => Ok(None),
        }
    }
}

fn repo_display(repo: &gix::Repository) -> PathBuf {
    repo.workdir().unwrap_or_else(|| repo.git_dir()).to_owned()
}
