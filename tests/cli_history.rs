//! `tamplan history`, the real binary run on real repositories built with
//! the `git` program: every version's figures against the engine's
//! (`tamplan report --scenario` on that version's text), a broken version,
//! a rename, a merge, a shallow clone, a bare repository, a worktree, a
//! detached HEAD, a subfolder, not a repository.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::float_cmp,
    reason = "a whole crate of tests: a failed check panics, fixtures have a known shape, and figures equal the engine's exactly"
)]

use std::path::{Path, PathBuf};

use tempfile::TempDir;

mod support;
use support::{git, json_report, keys, output_of, sorted, tamplan};

fn plan(owner: &str, customers: u32) -> String {
    format!(
        "name = \"{owner} FY27\"\nowner = \"{owner}\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = {customers}\n"
    )
}

fn commit(dir: &Path, files: &[(&str, &str)], date: &str) -> String {
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    git(dir, &["add", "-A"], date);
    git(
        dir,
        &["commit", "-q", "--allow-empty", "-m", "change"],
        date,
    );
    git(dir, &["rev-parse", "HEAD"], date)
}

/// The team repository: Ana's plan at 30, 38, then broken, then 42
/// customers; Ben's added once at 40; a notes-only commit; a side branch
/// that changes Ana's plan twice (44, 46) merged with --no-ff, then Ben's
/// plan renamed to `plans/emea/ben.toml`. Dates carry offsets.
struct Team {
    _dir: TempDir,
    root: PathBuf,
    /// Commit ids, oldest first, of the main line.
    ids: Vec<String>,
}

fn team() -> Team {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("team");
    std::fs::create_dir_all(&root).unwrap();
    git(&root, &["init", "-q", "-b", "main"], "2026-01-01T00:00:00Z");
    let mut ids = vec![
        commit(
            &root,
            &[("plans/ana.toml", &plan("Ana", 30))],
            "2026-01-05T09:00:00+01:00",
        ),
        commit(
            &root,
            &[("plans/ben.toml", &plan("Ben", 40))],
            "2026-01-06T09:00:00+01:00",
        ),
        commit(
            &root,
            &[("plans/ana.toml", &plan("Ana", 38))],
            "2026-02-02T09:00:00-08:00",
        ),
        commit(
            &root,
            &[("plans/ana.toml", "customers = [\n")],
            "2026-02-09T09:00:00Z",
        ),
        commit(
            &root,
            &[("plans/ana.toml", &plan("Ana", 42))],
            "2026-02-16T09:00:00Z",
        ),
        commit(
            &root,
            &[("notes.md", "1:1 notes\n")],
            "2026-02-17T09:00:00Z",
        ),
    ];
    git(
        &root,
        &["checkout", "-q", "-b", "side"],
        "2026-02-18T09:00:00Z",
    );
    commit(
        &root,
        &[("plans/ana.toml", &plan("Ana", 44))],
        "2026-02-18T09:00:00Z",
    );
    commit(
        &root,
        &[("plans/ana.toml", &plan("Ana", 46))],
        "2026-02-19T09:00:00Z",
    );
    git(&root, &["checkout", "-q", "main"], "2026-02-20T09:00:00Z");
    git(
        &root,
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
        "2026-02-20T09:00:00Z",
    );
    ids.push(git(&root, &["rev-parse", "HEAD"], "2026-02-20T09:00:00Z"));
    std::fs::create_dir_all(root.join("plans/emea")).unwrap();
    git(
        &root,
        &["mv", "plans/ben.toml", "plans/emea/ben.toml"],
        "2026-02-23T09:00:00Z",
    );
    ids.push(commit(&root, &[], "2026-02-23T09:00:00Z"));
    Team {
        _dir: dir,
        root,
        ids,
    }
}

fn history_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = output_of(
        tamplan()
            .current_dir(dir)
            .args(["history", "--format", "json"])
            .args(args),
    );
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("valid JSON")
}

fn plan_of<'a>(json: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["file"] == file)
        .unwrap_or_else(|| panic!("{file} in {json}"))
}

/// Each loaded version's figures equal `tamplan report` on its text.
fn assert_engine_figures(repo: &Path, version: &serde_json::Value, path: &str) {
    let commit = version["commit"].as_str().unwrap();
    let text = git(
        repo,
        &["show", &format!("{commit}:{path}")],
        "2026-01-01T00:00:00Z",
    );
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("version.toml");
    std::fs::write(&file, format!("{text}\n")).unwrap();
    let report = json_report(&["--scenario", file.to_str().unwrap()]);
    assert_eq!(version["utilization"], report["utilization"], "{commit}");
    assert_eq!(version["status"], report["status"]);
    assert_eq!(version["planned_hours"], report["totals"]["yearly"]);
    assert_eq!(
        version["available_hours"],
        report["capacity"]["available_hours"]
    );
    assert_eq!(
        version["warnings"].as_u64().unwrap(),
        report["warnings"].as_array().unwrap().len() as u64
    );
    assert_eq!(version["customers"], report["counts"]["customers"]);
}

#[test]
fn every_version_is_computed_as_the_engine_computes_it() {
    let team = team();
    let json = history_json(&team.root, &["plans", "plans/ben.toml"]);
    assert_eq!(keys(&json), ["plans"]);
    let ana = plan_of(&json, "plans/ana.toml");
    assert_eq!(sorted(keys(ana)), ["file", "repository", "versions"]);
    assert_eq!(
        ana["repository"],
        team.root.canonicalize().unwrap().to_str().unwrap()
    );
    let versions = ana["versions"].as_array().unwrap();
    // 30, 38, broken, 42, and the merge (46): the side branch's commits
    // are not on the first-parent line.
    assert_eq!(versions.len(), 5, "{versions:#?}");
    let customers: Vec<_> = versions.iter().map(|v| v["customers"].clone()).collect();
    assert_eq!(
        customers,
        [
            30.0.into(),
            38.0.into(),
            serde_json::Value::Null,
            42.0.into(),
            46.0.into()
        ]
    );
    assert_eq!(versions[0]["commit"], team.ids[0].as_str());
    assert_eq!(versions[1]["time"], "2026-02-02T09:00:00-08:00");
    assert_eq!(versions[1]["author"], "Ana Author");
    assert_eq!(versions[4]["commit"], team.ids[6].as_str());
    for version in [0, 1, 3, 4] {
        assert_engine_figures(&team.root, &versions[version], "plans/ana.toml");
        assert_eq!(
            sorted(keys(&versions[version])),
            [
                "author",
                "available_hours",
                "commit",
                "customers",
                "planned_hours",
                "status",
                "time",
                "utilization",
                "warnings"
            ]
        );
    }
    // The broken version: its error, with file, line and column.
    assert_eq!(sorted(keys(&versions[2])), ["commit", "error", "time"]);
    assert_eq!(versions[2]["commit"], team.ids[3].as_str());
    let error = versions[2]["error"].as_str().unwrap();
    assert!(error.starts_with("plans/ana.toml:1:"), "{error}");

    // The rename is not followed: Ben's old path ends with its removal,
    // the new one starts at the rename.
    let old = plan_of(&json, "plans/ben.toml")["versions"]
        .as_array()
        .unwrap();
    assert_eq!(old.len(), 2);
    assert_eq!(old[1]["error"], "plans/ben.toml: removed in this commit");
    let new = plan_of(&json, "plans/emea/ben.toml");
    assert_eq!(new["versions"].as_array().unwrap().len(), 1);
    assert_eq!(new["versions"][0]["commit"], team.ids[7].as_str());
    assert_engine_figures(&team.root, &new["versions"][0], "plans/emea/ben.toml");
}

#[test]
fn the_table_lists_versions_and_errors_and_the_range_narrows_them() {
    let team = team();
    let (code, stdout, stderr) = output_of(tamplan().current_dir(&team.root).args([
        "history",
        "plans/ana.toml",
        "--since",
        "2026-02-01",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("plans/ana.toml (repository "), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    let short = |i: usize| team.ids[i][..7].to_owned();
    assert!(!stdout.contains(&short(0)), "{stdout}");
    assert!(lines.iter().any(|l| l.starts_with(&short(2))
        && l.contains("2026-02-02 09:00")
        && l.contains("Ana Author")));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&short(3)) && l.contains("does not load: plans/ana.toml:1:")),
        "{stdout}"
    );
    // --until a revision, --since a revision.
    let json = history_json(
        &team.root,
        &[
            "plans/ana.toml",
            "--since",
            &team.ids[0],
            "--until",
            "HEAD~3",
        ],
    );
    let versions = json["plans"][0]["versions"].as_array().unwrap();
    let ids: Vec<&str> = versions
        .iter()
        .map(|v| v["commit"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            team.ids[2].as_str(),
            team.ids[3].as_str(),
            team.ids[4].as_str()
        ]
    );
    // Markdown and CSV carry the same versions.
    let (_, md, _) = output_of(tamplan().current_dir(&team.root).args([
        "history",
        "plans/ana.toml",
        "--format",
        "markdown",
    ]));
    assert!(md.starts_with("# Plan history: TAM Segment: Named"), "{md}");
    assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 1 + 5);
    let (_, csv, _) = output_of(tamplan().current_dir(&team.root).args([
        "history",
        "plans/ana.toml",
        "--format",
        "csv",
    ]));
    assert_eq!(csv.lines().count(), 1 + 5);
    assert!(csv.starts_with("file,repository,commit,time,author,customers,utilization,status,planned_hours,available_hours,warnings,error\n"));
}

#[test]
fn a_revision_that_names_nothing_is_bad_usage() {
    let team = team();
    let (code, _, stderr) = output_of(tamplan().current_dir(&team.root).args([
        "history",
        "plans",
        "--since",
        "no-such-tag",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("\"no-such-tag\" is not a revision of the git repository at"),
        "{stderr}"
    );
    let (code, _, stderr) = output_of(tamplan().current_dir(&team.root).args([
        "history",
        "plans",
        "--since",
        "2026-13-01",
    ]));
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn shallow_bare_worktree_detached_and_subfolder() {
    let team = team();
    let base = team.root.parent().unwrap();
    // A shallow clone of depth 3: the merge, the rename, and the commit
    // before the merge; said once.
    let url = format!("file://{}", team.root.display());
    git(
        base,
        &["clone", "-q", "--depth", "3", &url, "shallow"],
        "2026-03-01T00:00:00Z",
    );
    let (code, stdout, stderr) = output_of(
        tamplan()
            .current_dir(base.join("shallow"))
            .args(["history", "plans"]),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout
            .matches("a shallow clone; history ends at commit")
            .count(),
        1,
        "{stdout}"
    );
    let json = history_json(&base.join("shallow"), &["plans/ana.toml"]);
    let versions = json["plans"][0]["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "{versions:#?}");
    assert_eq!(versions[1]["customers"], 46.0);
    let (_, _, stderr) = output_of(tamplan().current_dir(base.join("shallow")).args([
        "history",
        "plans/ana.toml",
        "--format",
        "json",
    ]));
    assert!(stderr.contains("note: "), "{stderr}");

    // A bare repository: the files named under it.
    git(
        base,
        &[
            "clone",
            "-q",
            "--bare",
            team.root.to_str().unwrap(),
            "server.git",
        ],
        "2026-03-01T00:00:00Z",
    );
    let json = history_json(base, &["server.git/plans/ana.toml"]);
    assert_eq!(json["plans"][0]["versions"].as_array().unwrap().len(), 5);
    assert_eq!(
        json["plans"][0]["repository"],
        base.join("server.git")
            .canonicalize()
            .unwrap()
            .to_str()
            .unwrap()
    );

    // A worktree at the fourth commit, detached; read from a subfolder.
    git(
        &team.root,
        &["worktree", "add", "-q", "--detach", "../wt", &team.ids[3]],
        "2026-03-01T00:00:00Z",
    );
    let json = history_json(&base.join("wt/plans"), &["ana.toml"]);
    let versions = json["plans"][0]["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(json["plans"][0]["file"], "ana.toml");
    assert!(versions[2]["error"].is_string());
}

#[test]
fn not_a_repository_says_so_once_and_shows_the_current_versions() {
    let dir = TempDir::new().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::write(plans.join("ana.toml"), plan("Ana", 30)).unwrap();
    std::fs::write(plans.join("ben.toml"), plan("Ben", 40)).unwrap();
    let (code, stdout, stderr) = output_of(tamplan().args(["history", plans.to_str().unwrap()]));
    // The temporary folder may itself sit in a repository on some
    // machines; here it does not.
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout
            .matches("not in a git repository; the current version only")
            .count(),
        1,
        "{stdout}"
    );
    assert_eq!(stdout.matches("current  ").count(), 2, "{stdout}");
    let (_, json, _) =
        output_of(tamplan().args(["history", plans.to_str().unwrap(), "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(json["plans"][0]["repository"].is_null());
    assert!(json["plans"][0]["versions"][0]["commit"].is_null());
    assert_eq!(json["plans"][0]["versions"][0]["customers"], 30.0);
    // No plan at all: exit 1.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, _, stderr) = output_of(tamplan().args(["history", empty.to_str().unwrap()]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no scenario files in"), "{stderr}");
}

#[test]
fn team_json_gives_each_plans_trend_of_its_last_eight_versions() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("team");
    std::fs::create_dir_all(&root).unwrap();
    git(&root, &["init", "-q", "-b", "main"], "2026-01-01T00:00:00Z");
    // Ana's plan at 20, 22, …, 40 customers (11 versions) and one broken
    // version between; Ben's once.
    let mut expected = Vec::new();
    for (step, customers) in (20..=40).step_by(2).enumerate() {
        let date = format!("2026-03-{:02}T09:00:00Z", step + 1);
        commit(&root, &[("ana.toml", &plan("Ana", customers))], &date);
        expected.push(customers);
        if step == 8 {
            commit(
                &root,
                &[("ana.toml", "customers = [\n")],
                "2026-03-28T09:00:00Z",
            );
        }
    }
    commit(
        &root,
        &[("ben.toml", &plan("Ben", 30))],
        "2026-04-01T09:00:00Z",
    );
    let (code, stdout, stderr) = output_of(
        tamplan()
            .current_dir(&root)
            .args(["team", ".", "--format", "json"]),
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let plans = json["plans"].as_array().unwrap();
    let ana = plans.iter().find(|p| p["owner"] == "Ana").unwrap();
    let trend: Vec<f64> = ana["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    // The last 8 that load, oldest first: 26 … 40 customers, each as the
    // engine computes it.
    assert_eq!(trend.len(), 8);
    for (utilization, customers) in trend.iter().zip(&expected[3..]) {
        let report = json_report(&["--set", &format!("customers={customers}")]);
        assert_eq!(
            *utilization,
            report["utilization"].as_f64().unwrap(),
            "{customers}"
        );
    }
    let ben = plans.iter().find(|p| p["owner"] == "Ben").unwrap();
    assert_eq!(ben["trend"], serde_json::json!([ben["utilization"]]));
}

#[test]
fn a_version_for_another_model_or_not_toml_is_listed_with_its_error() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(&root).unwrap();
    git(&root, &["init", "-q", "-b", "main"], "2026-01-01T00:00:00Z");
    let other = "name = \"Ana\"\nowner = \"Ana\"\nmodel = \"Another model\"\n";
    let ids = [
        commit(
            &root,
            &[("ana.toml", &plan("Ana", 30))],
            "2026-05-01T09:00:00Z",
        ),
        commit(&root, &[("ana.toml", other)], "2026-05-02T09:00:00Z"),
        commit(
            &root,
            &[("ana.toml", "not = toml = at all\n")],
            "2026-05-03T09:00:00Z",
        ),
        commit(
            &root,
            &[("ana.toml", &plan("Ana", 31))],
            "2026-05-04T09:00:00Z",
        ),
    ];
    let json = history_json(&root, &["ana.toml"]);
    let versions = json["plans"][0]["versions"].as_array().unwrap();
    let commits: Vec<&str> = versions
        .iter()
        .map(|v| v["commit"].as_str().unwrap())
        .collect();
    assert_eq!(commits, ids.iter().map(String::as_str).collect::<Vec<_>>());
    let error = versions[1]["error"].as_str().unwrap();
    assert!(
        error.contains("the scenario was made for the model \"Another model\""),
        "{error}"
    );
    assert!(error.starts_with("ana.toml:1:1: "), "{error}");
    let error = versions[2]["error"].as_str().unwrap();
    assert!(error.starts_with("ana.toml:1:"), "{error}");
    assert_eq!(versions[3]["customers"], 31.0);
}
