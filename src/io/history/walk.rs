//! The first-parent walk and the path look-ups behind [`super::Repo`].

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, Offset as _};
use gix::ObjectId;
use gix::bstr::ByteSlice as _;
use gix::objs::{Find as _, FindExt as _, FindHeader as _, TreeRef};

use super::{
    CommitInfo, Content, Ended, History, HistoryError, MAX_BLOB_BYTES, Repo, RepoPath, Series,
    Snapshot, Version,
};

/// The most commits one walk reads (a bound on time for a huge or
/// looping history); a walk that reaches it ends with [`Ended::Limit`].
pub const MAX_COMMITS: usize = 2_000_000;

/// Trees kept decoded between commits (the root and the folders of the
/// paths asked for, for this commit and the one before).
const TREE_CACHE: usize = 512;

/// A `since`/`until` bound, resolved.
#[derive(Debug, Clone, Copy)]
pub(super) enum Cutoff {
    /// A committer day.
    Day(NaiveDate),
    /// A commit and its committer time.
    Commit { id: ObjectId, seconds: i64 },
}

/// A commit as the walk needs it.
pub(super) struct ReadCommit {
    pub(super) info: CommitInfo,
    tree: ObjectId,
    parent: Option<ObjectId>,
}

fn object_error(commit: &ObjectId, path: Option<&RepoPath>, message: String) -> HistoryError {
    HistoryError::Object {
        path: path.cloned(),
        commit: commit.to_string(),
        message,
    }
}

/// Reads one commit: its tree, first parent, committer time and author.
pub(super) fn read_commit(
    repo: &gix::Repository,
    id: ObjectId,
    buf: &mut Vec<u8>,
) -> Result<ReadCommit, HistoryError> {
    let commit = repo
        .objects
        .find_commit(&id, buf)
        .map_err(|error| object_error(&id, None, format!("cannot read the commit: {error}")))?;
    let time = commit
        .time()
        .map_err(|error| object_error(&id, None, format!("bad committer time: {error}")))?;
    let author = commit
        .author()
        .map(|author| author.name.trim().to_str_lossy().into_owned())
        .unwrap_or_default();
    Ok(ReadCommit {
        info: CommitInfo {
            id: id.to_string(),
            time: to_chrono(time.seconds, time.offset),
            author,
        },
        tree: commit.tree(),
        parent: commit.parents().next(),
    })
}

/// A git time (seconds since the epoch, offset in seconds) in its offset;
/// an offset chrono cannot hold is taken as UTC.
fn to_chrono(seconds: i64, offset: i32) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(offset).unwrap_or_else(|| chrono::Utc.fix());
    DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .with_timezone(&offset)
}

/// What is at a path in one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Absent,
    File(ObjectId),
    Other(&'static str, ObjectId),
    Broken(String),
}

/// A tree's entries by name: decoded once, looked up by every path.
type Entries = HashMap<Vec<u8>, (gix::objs::tree::EntryMode, ObjectId)>;

/// Decoded trees by id, shared by every path of a walk.
struct Trees<'r> {
    repo: &'r gix::Repository,
    decoded: HashMap<ObjectId, Result<Entries, String>>,
    buf: Vec<u8>,
}

impl<'r> Trees<'r> {
    fn new(repo: &'r gix::Repository) -> Self {
        Self {
            repo,
            decoded: HashMap::new(),
            buf: Vec::new(),
        }
    }

    /// The entry `name` of the tree `id` (`Ok(None)`: no such entry).
    fn entry(
        &mut self,
        id: ObjectId,
        name: &[u8],
    ) -> Result<Option<(gix::objs::tree::EntryMode, ObjectId)>, String> {
        if !self.decoded.contains_key(&id) {
            if self.decoded.len() >= TREE_CACHE {
                self.decoded.clear();
            }
            let entries = self.decode(id);
            self.decoded.insert(id, entries);
        }
        match self.decoded.get(&id) {
            Some(Ok(entries)) => Ok(entries.get(name).copied()),
            Some(Err(message)) => Err(message.clone()),
            None => Ok(None),
        }
    }

    fn decode(&mut self, id: ObjectId) -> Result<Entries, String> {
        let data = self
            .repo
            .objects
            .try_find(&id, &mut self.buf)
            .map_err(|error| format!("cannot read tree {id}: {error}"))?
            .ok_or_else(|| format!("tree {id} is missing"))?;
        if data.kind != gix::objs::Kind::Tree {
            return Err(format!("object {id} is a {}, expected a tree", data.kind));
        }
        let tree = TreeRef::from_bytes(data.data, id.kind())
            .map_err(|error| format!("cannot decode tree {id}: {error}"))?;
        Ok(tree
            .entries
            .iter()
            .map(|entry| (entry.filename.to_vec(), (entry.mode, entry.oid.to_owned())))
            .collect())
    }
}

/// One path followed along the walk.
struct Tracker {
    path: RepoPath,
    /// The trees along the path at the last look-up: the root's id, then
    /// each folder's; as far as the look-up went.
    trees: Vec<ObjectId>,
    /// What the last look-up found.
    slot: Slot,
    /// A commit in range whose slot is known, waiting for its parent's to
    /// tell whether it changed the path.
    pending: Option<(CommitInfo, Slot)>,
    /// Versions found, newest first.
    found: Vec<(CommitInfo, Slot)>,
}

impl Tracker {
    fn new(path: RepoPath) -> Self {
        Self {
            path,
            trees: Vec::new(),
            slot: Slot::Absent,
            pending: None,
            found: Vec::new(),
        }
    }

    /// What is at the path under the root tree `root`, reading a tree
    /// only where its id differs from the last look-up's.
    fn look_up(&mut self, trees: &mut Trees<'_>, root: ObjectId) -> Slot {
        let parts: Vec<&str> = self.path.components().collect();
        let mut tree = root;
        let mut seen = Vec::with_capacity(parts.len());
        let last = parts.len().saturating_sub(1);
        for (level, name) in parts.iter().enumerate() {
            if self.trees.get(level) == Some(&tree) {
                // The same tree as last time from here down: the same slot.
                seen.extend(self.trees.split_off(level));
                self.trees = seen;
                return self.slot.clone();
            }
            seen.push(tree);
            let found = trees.entry(tree, name.as_bytes());
            let slot = match found {
                Err(message) => Slot::Broken(message),
                Ok(Some((mode, id))) if level == last => {
                    if mode.is_blob() {
                        Slot::File(id)
                    } else if mode.is_commit() {
                        Slot::Other("a submodule", id)
                    } else if mode.is_link() {
                        Slot::Other("a symbolic link", id)
                    } else {
                        Slot::Other("a folder", id)
                    }
                }
                Ok(Some((mode, id))) if mode.is_tree() => {
                    tree = id;
                    continue;
                }
                // Not there, or a file where a folder should be.
                Ok(None | Some(_)) => Slot::Absent,
            };
            self.trees = seen;
            self.slot = slot.clone();
            return slot;
        }
        // Only an empty path ends here, and a RepoPath is never empty.
        self.trees = seen;
        self.slot = Slot::Absent;
        Slot::Absent
    }
}

fn day_of(info: &CommitInfo) -> NaiveDate {
    info.time.date_naive()
}

/// Where a commit is against the range: before `since` (the walk stops
/// there), after `until` (walked through, not a version).
fn place(
    info: &CommitInfo,
    id: ObjectId,
    since: Option<Cutoff>,
    until: Option<Cutoff>,
    reached_until: &mut bool,
) -> (bool, bool) {
    let seconds = info.time.timestamp();
    let before_since = match since {
        None => false,
        Some(Cutoff::Day(day)) => day_of(info) < day,
        Some(Cutoff::Commit {
            id: bound,
            seconds: at,
        }) => id == bound || seconds < at,
    };
    if let Some(Cutoff::Commit { id: bound, .. }) = until
        && id == bound
    {
        *reached_until = true;
    }
    let after_until = match until {
        None => false,
        Some(Cutoff::Day(day)) => day_of(info) > day,
        Some(Cutoff::Commit { seconds: at, .. }) => !*reached_until && seconds > at,
    };
    (before_since, after_until)
}

/// The walk behind [`Repo::versions`].
pub(super) fn versions(
    repo: &Repo,
    head: ObjectId,
    paths: &[RepoPath],
    since: Option<Cutoff>,
    until: Option<Cutoff>,
) -> History {
    let shallow: HashSet<ObjectId> = shallow_commits(repo);
    let mut trees = Trees::new(&repo.git);
    let mut trackers: Vec<Tracker> = paths.iter().cloned().map(Tracker::new).collect();
    let mut buf = Vec::new();
    let mut id = head;
    let mut commits = 0;
    let mut reached_until = false;
    let mut previous_root: Option<ObjectId> = None;
    let ended = loop {
        if commits >= MAX_COMMITS {
            break Ended::Limit;
        }
        let commit = match read_commit(&repo.git, id, &mut buf) {
            Ok(commit) => commit,
            Err(error) => break Ended::Broken(error),
        };
        commits += 1;
        let (before_since, after_until) = place(&commit.info, id, since, until, &mut reached_until);
        let in_range = !before_since && !after_until;
        let same_root = previous_root == Some(commit.tree);
        for tracker in &mut trackers {
            if !in_range && tracker.pending.is_none() {
                continue;
            }
            let slot = if same_root {
                tracker.slot.clone()
            } else {
                tracker.look_up(&mut trees, commit.tree)
            };
            if let Some((info, newer)) = tracker.pending.take()
                && newer != slot
            {
                tracker.found.push((info, newer));
            }
            if in_range {
                tracker.pending = Some((commit.info.clone(), slot));
            }
        }
        previous_root = Some(commit.tree);
        if before_since {
            break Ended::Complete;
        }
        let boundary = shallow.contains(&id);
        match commit.parent {
            Some(parent) if !boundary => id = parent,
            _ => {
                // The first commit (or the oldest a shallow clone has): a
                // file there is a version.
                for tracker in &mut trackers {
                    if let Some((info, slot)) = tracker.pending.take()
                        && slot != Slot::Absent
                    {
                        tracker.found.push((info, slot));
                    }
                }
                break if boundary {
                    Ended::Shallow(commit.info)
                } else {
                    Ended::Complete
                };
            }
        }
    };
    // A walk cut short: the oldest commit reached in range is a version
    // if the file is there (its parent could not be compared).
    if matches!(ended, Ended::Limit | Ended::Broken(_)) {
        for tracker in &mut trackers {
            if let Some((info, slot)) = tracker.pending.take()
                && slot != Slot::Absent
            {
                tracker.found.push((info, slot));
            }
        }
    }
    let series = trackers
        .into_iter()
        .map(|tracker| {
            let path = tracker.path;
            let versions = tracker
                .found
                .into_iter()
                .rev()
                .map(|(commit, slot)| {
                    let content = content(&repo.git, &commit.id, &path, &slot);
                    Version { commit, content }
                })
                .collect();
            Series { path, versions }
        })
        .collect();
    History {
        series,
        ended,
        commits,
    }
}

fn shallow_commits(repo: &Repo) -> HashSet<ObjectId> {
    if !repo.shallow {
        return HashSet::new();
    }
    repo.git
        .shallow_commits()
        .ok()
        .flatten()
        .map(|commits| commits.iter().copied().collect())
        .unwrap_or_default()
}

/// The content a slot stands for: the blob read only here.
fn content(repo: &gix::Repository, commit: &str, path: &RepoPath, slot: &Slot) -> Content {
    match slot {
        Slot::Absent => Content::Absent,
        Slot::Other(what, _) => Content::Unreadable(HistoryError::NotAFile {
            path: path.clone(),
            commit: commit.to_owned(),
            what,
        }),
        Slot::Broken(message) => Content::Unreadable(HistoryError::Object {
            path: Some(path.clone()),
            commit: commit.to_owned(),
            message: message.clone(),
        }),
        Slot::File(id) => match read_blob(repo, *id, commit, path) {
            Ok(text) => Content::Text(text),
            Err(error) => Content::Unreadable(error),
        },
    }
}

fn read_blob(
    repo: &gix::Repository,
    id: ObjectId,
    commit: &str,
    path: &RepoPath,
) -> Result<String, HistoryError> {
    let broken = |message: String| HistoryError::Object {
        path: Some(path.clone()),
        commit: commit.to_owned(),
        message,
    };
    let header = repo
        .objects
        .try_header(&id)
        .map_err(|error| broken(format!("cannot read blob {id}: {error}")))?
        .ok_or_else(|| broken(format!("blob {id} is missing")))?;
    if header.size > MAX_BLOB_BYTES {
        return Err(HistoryError::TooBig {
            path: path.clone(),
            commit: commit.to_owned(),
            size: header.size,
            limit: MAX_BLOB_BYTES,
        });
    }
    let mut buf = Vec::new();
    let blob = repo
        .objects
        .find_blob(&id, &mut buf)
        .map_err(|error| broken(format!("cannot read blob {id}: {error}")))?;
    let bytes = blob.data.to_vec();
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(error.as_bytes().get(..valid).unwrap_or_default());
        let (line, column) = crate::domain::diagnostic::line_column(&prefix, prefix.len());
        HistoryError::NotUtf8 {
            path: path.clone(),
            commit: commit.to_owned(),
            line,
            column,
        }
    })
}

/// The file at `path` in commit `id`.
pub(super) fn snapshot(
    repo: &gix::Repository,
    id: ObjectId,
    path: &RepoPath,
) -> Result<Snapshot, HistoryError> {
    let mut buf = Vec::new();
    let commit = read_commit(repo, id, &mut buf)?;
    let mut trees = Trees::new(repo);
    let slot = Tracker::new(path.clone()).look_up(&mut trees, commit.tree);
    let content = content(repo, &commit.info.id, path, &slot);
    Ok(Snapshot {
        commit: commit.info,
        content,
    })
}

/// The newest first-parent commit from `head` whose committer day is
/// `day` or before.
pub(super) fn newest_at_or_before(
    repo: &Repo,
    head: ObjectId,
    day: NaiveDate,
) -> Result<Option<ObjectId>, HistoryError> {
    let shallow = shallow_commits(repo);
    let mut buf = Vec::new();
    let mut id = head;
    for _ in 0..MAX_COMMITS {
        let commit = read_commit(&repo.git, id, &mut buf)?;
        if day_of(&commit.info) <= day {
            return Ok(Some(id));
        }
        match commit.parent {
            Some(parent) if !shallow.contains(&id) => id = parent,
            _ => return Ok(None),
        }
    }
    Ok(None)
}
