//! A plan over time: the commits that changed a plan file, each version
//! computed. Pure values: `io::history` reads the repository and fills
//! them; the history report, the history screen and the team's trend show
//! them.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::domain::team::{Member, Problem};

/// One commit, as history shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The full hexadecimal id.
    pub id: String,
    /// The committer time, in the committer's own offset.
    pub time: DateTime<FixedOffset>,
    /// The author's name (sanitize before display: it is outside text).
    pub author: String,
}

impl CommitInfo {
    /// The first 7 hexadecimal digits of the id, as git shows them.
    pub fn short_id(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }

    /// The committer's calendar day, in the commit's own offset.
    pub fn day(&self) -> NaiveDate {
        self.time.date_naive()
    }
}

/// One version of a plan, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanVersion {
    /// The commit that made it; `None` for the file as it is on disk
    /// outside any repository.
    pub commit: Option<CommitInfo>,
    /// Its figures, or why it does not load (with the file, line and
    /// column where there is one).
    pub figures: Result<Member, String>,
    /// The version's text, when it could be read (to compare with it).
    pub text: Option<String>,
}

/// One plan file's versions.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanHistory {
    /// The file, as given (or as found in a folder given).
    pub file: PathBuf,
    /// The repository's root; `None` outside any repository.
    pub repository: Option<PathBuf>,
    /// Its versions, oldest first.
    pub versions: Vec<PlanVersion>,
}

impl PlanHistory {
    /// The utilization of the last `n` versions that loaded, oldest first.
    pub fn trend(&self, n: usize) -> Vec<f64> {
        let loaded: Vec<f64> = self
            .versions
            .iter()
            .filter_map(|version| version.figures.as_ref().ok())
            .map(|member| member.utilization)
            .collect();
        let skip = loaded.len().saturating_sub(n);
        loaded.into_iter().skip(skip).collect()
    }
}

/// Every plan's history, and what was said about the repositories.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Histories {
    /// One per plan file, in path order.
    pub plans: Vec<PlanHistory>,
    /// Sentences about the repositories and files, each once: not a
    /// repository, a shallow clone's boundary, a file never committed.
    pub notes: Vec<String>,
    /// Paths that could not be read at all (a missing folder, a path
    /// outside its repository).
    pub problems: Vec<Problem>,
}
