//! Real repositories built with the `git` program (the tests' only use of
//! it), read back through gitoxide.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// A repository under construction, with fixed names and dates.
pub(crate) struct Git {
    pub(crate) dir: PathBuf,
}

/// Runs git in `dir` with a clean configuration and fixed identities.
pub(crate) fn git_in(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Ana Author")
        .env("GIT_AUTHOR_EMAIL", "ana@example.com")
        .env("GIT_COMMITTER_NAME", "Cy Committer")
        .env("GIT_COMMITTER_EMAIL", "cy@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

impl Git {
    pub(crate) fn init(dir: &Path) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        git_in(dir, &["init", "-q", "-b", "main"], "2026-01-01T00:00:00Z");
        Self {
            dir: dir.to_owned(),
        }
    }

    pub(crate) fn git(&self, args: &[&str], date: &str) -> String {
        git_in(&self.dir, args, date)
    }

    pub(crate) fn write(&self, path: &str, text: impl AsRef<[u8]>) {
        let file = self.dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    /// Writes the files, commits them all at `date`, returns the id.
    pub(crate) fn commit(&self, files: &[(&str, &str)], date: &str, message: &str) -> String {
        for (path, text) in files {
            self.write(path, text);
        }
        self.git(&["add", "-A"], date);
        self.git(&["commit", "-q", "--allow-empty", "-m", message], date);
        self.git(&["rev-parse", "HEAD"], date)
    }
}

fn path(text: &str) -> RepoPath {
    RepoPath::new(text).unwrap()
}

fn open_repo(path: &Path) -> Repo {
    match open(path).unwrap() {
        Opened::Repository(repo) => *repo,
        Opened::NotARepository { path } => panic!("{} is not a repository", path.display()),
    }
}

fn texts(series: &Series) -> Vec<String> {
    series
        .versions
        .iter()
        .map(|version| match &version.content {
            Content::Text(text) => text.clone(),
            Content::Absent => "<absent>".to_owned(),
            Content::Unreadable(error) => format!("<error: {error}>"),
        })
        .collect()
}

/// Four commits: a.toml made, b.toml made, a.toml changed, only notes.
fn sample(dir: &Path) -> (Git, Vec<String>) {
    let git = Git::init(dir);
    let ids = vec![
        git.commit(
            &[("plans/a.toml", "v = 1\n")],
            "2026-01-05T10:00:00+01:00",
            "a",
        ),
        git.commit(
            &[("plans/b.toml", "w = 1\n")],
            "2026-01-12T10:00:00+01:00",
            "b",
        ),
        git.commit(
            &[("plans/a.toml", "v = 2\n")],
            "2026-01-19T23:30:00-05:00",
            "a2",
        ),
        git.commit(
            &[("notes.md", "hi\n")],
            "2026-01-26T10:00:00+00:00",
            "notes",
        ),
    ];
    (git, ids)
}

#[test]
fn versions_are_the_commits_that_changed_each_file_oldest_first() {
    let tmp = tempfile::tempdir().unwrap();
    let (git, ids) = sample(tmp.path());
    let repo = open_repo(&git.dir.join("plans/a.toml"));
    assert_eq!(repo.kind(), Kind::WorkTree);
    assert!(!repo.is_shallow());
    let history = repo
        .versions(
            &[path("plans/a.toml"), path("plans/b.toml")],
            &Range::default(),
        )
        .unwrap();
    assert_eq!(history.ended, Ended::Complete);
    assert_eq!(history.commits, 4);
    let [a, b] = &history.series[..] else {
        panic!("two series")
    };
    assert_eq!(texts(a), ["v = 1\n", "v = 2\n"]);
    assert_eq!(a.versions[0].commit.id, ids[0]);
    assert_eq!(a.versions[1].commit.id, ids[2]);
    assert_eq!(a.versions[0].commit.author, "Ana Author");
    // The committer's own offset is kept: 23:30 on the 19th at -05:00.
    assert_eq!(
        a.versions[1].commit.time.to_rfc3339(),
        "2026-01-19T23:30:00-05:00"
    );
    assert_eq!(
        a.versions[1].commit.day(),
        NaiveDate::from_ymd_opt(2026, 1, 19).unwrap()
    );
    assert_eq!(texts(b), ["w = 1\n"]);
    assert_eq!(b.versions[0].commit.id, ids[1]);
}

#[test]
fn since_and_until_take_dates_and_revisions() {
    let tmp = tempfile::tempdir().unwrap();
    let (git, ids) = sample(tmp.path());
    let repo = open_repo(&git.dir);
    let a = [path("plans/a.toml")];
    let day = |d| Some(Bound::Date(NaiveDate::from_ymd_opt(2026, 1, d).unwrap()));
    let range = Range {
        since: day(6),
        until: None,
    };
    let history = repo.versions(&a, &range).unwrap();
    assert_eq!(texts(&history.series[0]), ["v = 2\n"]);
    let range = Range {
        since: None,
        until: day(18),
    };
    assert_eq!(
        texts(&repo.versions(&a, &range).unwrap().series[0]),
        ["v = 1\n"]
    );
    // The 19th in the commit's own offset (-05:00), though it is the 20th in UTC.
    let range = Range {
        since: day(19),
        until: day(19),
    };
    assert_eq!(
        texts(&repo.versions(&a, &range).unwrap().series[0]),
        ["v = 2\n"]
    );
    // since a revision: the commits after it.
    let range = Range {
        since: Some(Bound::parse("HEAD~2")),
        until: None,
    };
    let history = repo.versions(&a, &range).unwrap();
    assert_eq!(history.series[0].versions.len(), 1);
    assert_eq!(history.series[0].versions[0].commit.id, ids[2]);
    let range = Range {
        since: Some(Bound::parse(&ids[0])),
        until: Some(Bound::parse("HEAD~2")),
    };
    assert!(
        repo.versions(&a, &range).unwrap().series[0]
            .versions
            .is_empty()
    );
    let range = Range {
        since: None,
        until: Some(Bound::parse("HEAD~2")),
    };
    assert_eq!(
        texts(&repo.versions(&a, &range).unwrap().series[0]),
        ["v = 1\n"]
    );
    let error = repo
        .versions(
            &a,
            &Range {
                since: Some(Bound::parse("no-such-branch")),
                until: None,
            },
        )
        .unwrap_err();
    assert!(
        matches!(&error, HistoryError::Revision { revision, .. } if revision == "no-such-branch"),
        "{error}"
    );
}

#[test]
fn text_at_a_revision_head_and_the_end_of_a_day() {
    let tmp = tempfile::tempdir().unwrap();
    let (git, ids) = sample(tmp.path());
    let repo = open_repo(&git.dir);
    let a = path("plans/a.toml");
    let at = repo.text_at("HEAD~3", &a).unwrap();
    assert_eq!(at.commit.id, ids[0]);
    assert_eq!(at.content, Content::Text("v = 1\n".into()));
    assert_eq!(
        repo.text_at_head(&a).unwrap().content,
        Content::Text("v = 2\n".into())
    );
    let b_first = repo.text_at(&ids[0], &path("plans/b.toml")).unwrap();
    assert_eq!(b_first.content, Content::Absent);
    let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
    assert!(repo.text_at_end_of_day(day(4), &a).unwrap().is_none());
    let end = repo.text_at_end_of_day(day(18), &a).unwrap().unwrap();
    assert_eq!(end.commit.id, ids[1]);
    assert_eq!(end.content, Content::Text("v = 1\n".into()));
    // 23:30 on the 19th at -05:00 is the 19th in the commit's offset.
    let end = repo.text_at_end_of_day(day(19), &a).unwrap().unwrap();
    assert_eq!(end.commit.id, ids[2]);
    let never = repo.text_at_head(&path("plans/zed.toml")).unwrap();
    assert_eq!(never.content, Content::Absent);
}

#[test]
fn a_broken_version_is_listed_and_the_series_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let git = Git::init(tmp.path());
    git.commit(&[("a.toml", "v = 1\n")], "2026-02-01T09:00:00Z", "1");
    git.write("a.toml", b"v = \xff\n");
    let bad = git.commit(&[], "2026-02-02T09:00:00Z", "2");
    git.commit(&[("a.toml", "v = 3\n")], "2026-02-03T09:00:00Z", "3");
    let repo = open_repo(tmp.path());
    let history = repo.versions(&[path("a.toml")], &Range::default()).unwrap();
    let series = &history.series[0];
    assert_eq!(series.versions.len(), 3);
    let Content::Unreadable(error) = &series.versions[1].content else {
        panic!("the second version is unreadable")
    };
    assert_eq!(
        error.to_string(),
        format!("a.toml:1:5 at commit {bad}: not UTF-8 text; expected a UTF-8 encoded TOML file")
    );
    assert_eq!(series.versions[2].content, Content::Text("v = 3\n".into()));
}

#[test]
fn a_rename_is_not_followed_and_a_merge_counts_by_its_first_parent() {
    let tmp = tempfile::tempdir().unwrap();
    let git = Git::init(tmp.path());
    git.commit(&[("a.toml", "v = 1\n")], "2026-03-01T09:00:00Z", "1");
    git.git(&["checkout", "-q", "-b", "side"], "2026-03-02T09:00:00Z");
    git.commit(&[("a.toml", "v = 2\n")], "2026-03-02T09:00:00Z", "side 1");
    git.commit(&[("a.toml", "v = 3\n")], "2026-03-03T09:00:00Z", "side 2");
    git.git(&["checkout", "-q", "main"], "2026-03-04T09:00:00Z");
    git.commit(&[("other.md", "x\n")], "2026-03-04T09:00:00Z", "main");
    git.git(
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
        "2026-03-05T09:00:00Z",
    );
    let merge = git.git(&["rev-parse", "HEAD"], "2026-03-05T09:00:00Z");
    git.git(&["mv", "a.toml", "b.toml"], "2026-03-06T09:00:00Z");
    let moved = git.commit(&[], "2026-03-06T09:00:00Z", "rename");
    let repo = open_repo(tmp.path());
    let history = repo
        .versions(&[path("a.toml"), path("b.toml")], &Range::default())
        .unwrap();
    let [a, b] = &history.series[..] else {
        panic!("two series")
    };
    // The side branch's commits are not on the first-parent line: the
    // merge is the version.
    assert_eq!(texts(a), ["v = 1\n", "v = 3\n", "<absent>"]);
    assert_eq!(a.versions[1].commit.id, merge);
    assert_eq!(a.versions[2].commit.id, moved);
    assert_eq!(texts(b), ["v = 3\n"]);
    assert_eq!(b.versions[0].commit.id, moved);
    assert_eq!(history.commits, 4);
}

#[test]
fn a_shallow_clone_ends_at_its_boundary() {
    let tmp = tempfile::tempdir().unwrap();
    let (git, ids) = sample(&tmp.path().join("origin"));
    let url = format!("file://{}", git.dir.display());
    let clone = tmp.path().join("clone");
    git_in(
        tmp.path(),
        &["clone", "-q", "--depth", "2", &url, clone.to_str().unwrap()],
        "2026-02-01T00:00:00Z",
    );
    let repo = open_repo(&clone);
    assert!(repo.is_shallow());
    let history = repo
        .versions(
            &[path("plans/a.toml"), path("plans/b.toml")],
            &Range::default(),
        )
        .unwrap();
    let Ended::Shallow(boundary) = &history.ended else {
        panic!("ends at the boundary: {:?}", history.ended)
    };
    assert_eq!(boundary.id, ids[2]);
    // a.toml changed in the boundary commit; b.toml is there unchanged
    // but its oldest known version is the boundary.
    assert_eq!(texts(&history.series[0]), ["v = 2\n"]);
    assert_eq!(history.series[1].versions[0].commit.id, ids[2]);
    assert_eq!(history.commits, 2);
}

#[test]
fn bare_repositories_worktrees_detached_heads_and_subfolders() {
    let tmp = tempfile::tempdir().unwrap();
    let (git, ids) = sample(&tmp.path().join("origin"));
    let bare = tmp.path().join("server.git");
    git_in(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--bare",
            git.dir.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
        "2026-02-01T00:00:00Z",
    );
    let a = path("plans/a.toml");
    // A bare repository: a path under it names a file in HEAD's tree.
    let repo = open_repo(&bare.join("plans/a.toml"));
    assert_eq!(repo.kind(), Kind::Bare);
    assert!(repo.work_dir().is_none());
    assert_eq!(repo.relative_path(&bare.join("plans/a.toml")).unwrap(), a);
    let history = repo
        .versions(std::slice::from_ref(&a), &Range::default())
        .unwrap();
    assert_eq!(texts(&history.series[0]), ["v = 1\n", "v = 2\n"]);

    // A linked worktree at the first commit.
    let linked = tmp.path().join("linked");
    git.git(
        &[
            "worktree",
            "add",
            "-q",
            "--detach",
            linked.to_str().unwrap(),
            &ids[0],
        ],
        "2026-02-01T00:00:00Z",
    );
    let repo = open_repo(&linked);
    assert_eq!(repo.kind(), Kind::LinkedWorkTree);
    assert!(repo.is_detached());
    assert_eq!(repo.head().unwrap().unwrap().id, ids[0]);
    let history = repo
        .versions(std::slice::from_ref(&a), &Range::default())
        .unwrap();
    assert_eq!(texts(&history.series[0]), ["v = 1\n"]);

    // A detached HEAD in the main working tree, opened from a subfolder.
    git.git(
        &["checkout", "-q", "--detach", &ids[2]],
        "2026-02-01T00:00:00Z",
    );
    let repo = open_repo(&git.dir.join("plans"));
    assert!(repo.is_detached());
    assert_eq!(
        repo.relative_path(&git.dir.join("plans/a.toml")).unwrap(),
        a
    );
    assert_eq!(
        repo.relative_path(&git.dir.join("plans/../plans/new.toml"))
            .unwrap()
            .as_str(),
        "plans/new.toml"
    );
    assert_eq!(repo.head().unwrap().unwrap().id, ids[2]);
}

#[test]
fn not_a_repository_and_a_path_outside_are_values() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    assert!(matches!(
        open(&plain.join("a.toml")).unwrap(),
        Opened::NotARepository { .. }
    ));
    let (git, _) = sample(&tmp.path().join("repo"));
    let repo = open_repo(&git.dir);
    let error = repo.relative_path(&plain.join("a.toml")).unwrap_err();
    assert!(matches!(error, HistoryError::Outside { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("is outside the git repository at")
    );
    assert!(repo.relative_path(&git.dir).is_err());
}

#[test]
fn a_repository_without_commits_has_no_versions() {
    let tmp = tempfile::tempdir().unwrap();
    Git::init(tmp.path());
    let repo = open_repo(tmp.path());
    assert!(repo.head().unwrap().is_none());
    let history = repo.versions(&[path("a.toml")], &Range::default()).unwrap();
    assert!(history.series[0].versions.is_empty());
    assert!(matches!(
        repo.text_at_head(&path("a.toml")),
        Err(HistoryError::NoCommits { .. })
    ));
}

#[test]
fn a_submodule_or_folder_at_the_path_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let git = Git::init(tmp.path());
    let first = git.commit(&[("x.md", "x\n")], "2026-04-01T09:00:00Z", "1");
    let cacheinfo = format!("160000,{first},a.toml");
    git.git(
        &["update-index", "--add", "--cacheinfo", &cacheinfo],
        "2026-04-02T09:00:00Z",
    );
    git.git(&["commit", "-q", "-m", "gitlink"], "2026-04-02T09:00:00Z");
    let gitlink = git.git(&["rev-parse", "HEAD"], "2026-04-02T09:00:00Z");
    let repo = open_repo(tmp.path());
    let history = repo.versions(&[path("a.toml")], &Range::default()).unwrap();
    let Content::Unreadable(error) = &history.series[0].versions[0].content else {
        panic!("a submodule is not a plan")
    };
    assert_eq!(
        error.to_string(),
        format!("a.toml at commit {gitlink} is a submodule; expected a plan file")
    );
}

#[test]
fn a_missing_blob_or_commit_is_named_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let git = Git::init(tmp.path());
    let first = git.commit(&[("a.toml", "v = 1\n")], "2026-05-01T09:00:00Z", "1");
    git.commit(&[("a.toml", "v = 2\n")], "2026-05-02T09:00:00Z", "2");
    git.commit(&[("a.toml", "v = 3\n")], "2026-05-03T09:00:00Z", "3");
    // Loose objects: remove the blob of "v = 2" and the first commit.
    let blob = git.git(&["rev-parse", "HEAD~1:a.toml"], "2026-05-03T09:00:00Z");
    let loose = |id: &str| {
        tmp.path()
            .join(".git/objects")
            .join(&id[..2])
            .join(&id[2..])
    };
    std::fs::remove_file(loose(&blob)).unwrap();
    std::fs::remove_file(loose(&first)).unwrap();
    let repo = open_repo(tmp.path());
    let history = repo.versions(&[path("a.toml")], &Range::default()).unwrap();
    let Ended::Broken(error) = &history.ended else {
        panic!("the missing commit ends the walk: {:?}", history.ended)
    };
    assert!(
        error
            .to_string()
            .starts_with(&format!("commit {first}: cannot read the commit"))
    );
    let series = &history.series[0];
    // The oldest reachable commit is listed as a version: its parent
    // could not be compared.
    assert_eq!(series.versions.len(), 2);
    let Content::Unreadable(error) = &series.versions[0].content else {
        panic!("the missing blob is an unreadable version")
    };
    assert!(
        error.to_string().starts_with("a.toml at commit "),
        "{error}"
    );
    assert_eq!(series.versions[1].content, Content::Text("v = 3\n".into()));
}

#[test]
fn repo_paths_refuse_empty_and_dot_components() {
    assert!(RepoPath::new("").is_none());
    assert!(RepoPath::new("a/../b").is_none());
    assert!(RepoPath::new("./a").is_none());
    assert_eq!(RepoPath::new("/a/b/").unwrap().as_str(), "a/b");
    assert_eq!(
        Bound::parse("2026-01-02"),
        Bound::Date(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap())
    );
    assert_eq!(Bound::parse("HEAD~2"), Bound::Revision("HEAD~2".into()));
}
