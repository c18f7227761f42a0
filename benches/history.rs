//! Reading plans' git history, on repositories generated with
//! `git fast-import` (the same shapes as `scripts/history_repo.py`, which
//! makes them for hyperfine): 50 plans × 300 versions each (300 commits
//! that change every plan), 5,000 commits that change one plan each, and
//! 100,000 commits that never change the plan asked for. Each as `tamplan
//! history` does it: every version read and computed (`plans::load`); the
//! last also as the walk alone (`Repo::versions`). Run with `cargo bench
//! --bench history`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "benchmarks: set-up that fails panics, and fixtures have a known shape"
)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tamplan::domain::model::Model;
use tamplan::io::history::{Opened, Range, RepoPath, open, plans};

fn main() {
    divan::main();
}

fn plan(index: usize, version: usize) -> String {
    format!(
        "name = \"Plan {index}\"\nowner = \"Owner {index:03}\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = {}.0\nnew_customers_per_quarter = {}.0\n[capacity]\npto_days = {}.0\n",
        20 + (index * 7 + version * 3) % 30,
        1 + version % 4,
        20 + index % 10
    )
}

/// The fast-import stream: `commits` commits, one a day, each changing
/// `changed` of `plans` plans in turn (the first adds them all); with
/// `other`, the commits after the first change only `notes.md`.
fn stream(plans: usize, commits: usize, changed: usize, other: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut turn = 0;
    let blob = |out: &mut Vec<u8>, path: &str, text: &str| {
        write!(out, "M 100644 inline {path}\ndata {}\n{text}\n", text.len()).unwrap();
    };
    for n in 0..commits {
        let when = 1_704_103_200 + n * 86_400;
        let message = format!("change {n}");
        write!(
            out,
            "commit refs/heads/main\nmark :{}\nauthor Ana <ana@example.com> {when} +0100\ncommitter Ana <ana@example.com> {when} +0100\ndata {}\n{message}\n",
            n + 1,
            message.len()
        )
        .unwrap();
        if n > 0 {
            writeln!(out, "from :{n}").unwrap();
        }
        if n == 0 || !other {
            let touched: Vec<usize> = if n == 0 {
                (0..plans).collect()
            } else {
                (0..changed).map(|k| (turn + k) % plans).collect()
            };
            turn = (turn + changed) % plans;
            for index in touched {
                blob(
                    &mut out,
                    &format!("plans/plan-{index:03}.toml"),
                    &plan(index, n),
                );
            }
        } else {
            blob(&mut out, "notes.md", &format!("note {n}\n"));
        }
    }
    out
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A repository made by `git fast-import`, its files checked out.
fn repository(plans: usize, commits: usize, changed: usize, other: bool) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    let mut import = Command::new("git")
        .arg("-C")
        .arg(dir.path())
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    import
        .stdin
        .take()
        .unwrap()
        .write_all(&stream(plans, commits, changed, other))
        .unwrap();
    assert!(import.wait().unwrap().success());
    git(dir.path(), &["reset", "-q", "--hard"]);
    dir
}

fn load(dir: &Path) -> usize {
    let model = Model::builtin().unwrap();
    let histories =
        plans::load(&[dir.join("plans")], &model, &Range::default()).expect("history read");
    histories.plans.iter().map(|p| p.versions.len()).sum()
}

/// 50 plans × 300 versions: 15,000 versions computed.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn plans_50_by_300_commits(bencher: divan::Bencher) {
    let dir = repository(50, 300, 50, false);
    bencher.bench(|| assert_eq!(load(dir.path()), 50 * 300));
}

/// 5,000 commits, each changing one of 50 plans (a few write back the
/// text the plan had: no version).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn commits_5000(bencher: divan::Bencher) {
    let dir = repository(50, 5_000, 1, false);
    bencher.bench(|| assert!(load(dir.path()) > 4_900));
}

/// 100,000 commits, none of them changing the plan after the first: one
/// root-tree look-up a commit, no blob read.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn commits_100000_no_change(bencher: divan::Bencher) {
    let dir = repository(1, 100_000, 1, true);
    let path: PathBuf = dir.path().join("plans/plan-000.toml");
    bencher.bench(|| {
        let Opened::Repository(repo) = open(&path).unwrap() else {
            panic!("a repository")
        };
        let history = repo
            .versions(
                &[RepoPath::new("plans/plan-000.toml").unwrap()],
                &Range::default(),
            )
            .unwrap();
        assert_eq!(history.commits, 100_000);
        assert_eq!(history.series[0].versions.len(), 1);
    });
}
