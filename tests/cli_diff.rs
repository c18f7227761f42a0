//! `tamplan diff` on real repositories built with the `git` program (with
//! fixed names and dates), its figures checked against the engine's
//! (`tamplan report --format json` of each version), and the last 1:1: a
//! reviewed copy, a review with no copy (the commit of that day), no
//! review (HEAD, said).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

mod support;

use std::path::PathBuf;

use serde_json::Value;
use support::{git, tamplan};
use tempfile::TempDir;

/// A repository in a fresh folder, with its data folder beside it.
struct Repo {
    dir: TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = TempDir::new().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("team")).expect("folder");
        git(
            &dir.path().join("team"),
            &["init", "-q", "-b", "main"],
            "2026-01-01T00:00:00Z",
        );
        Repo { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("team")
    }

    fn plan(&self) -> PathBuf {
        self.root().join("ana.toml")
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Writes the plan and commits it at `date`; the commit's id.
    fn commit(&self, text: &str, date: &str) -> String {
        std::fs::write(self.plan(), text).expect("write");
        git(&self.root(), &["add", "-A"], date);
        git(&self.root(), &["commit", "-q", "-m", "plan"], date);
        git(&self.root(), &["rev-parse", "HEAD"], date)
    }

    fn diff(&self, args: &[&str]) -> std::process::Output {
        tamplan()
            .current_dir(self.root())
            .env("TAMPLAN_DATA_DIR", self.data())
            .env("TAMPLAN_NOW", "2026-12-07T09:00:00+01:00")
            .arg("diff")
            .arg("ana.toml")
            .args(args)
            .output()
            .expect("runs")
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let out = self.diff(&all);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    }
}

/// The engine's figures for a plan's text: `tamplan report --format json`.
fn report(text: &str) -> Value {
    let dir = TempDir::new().expect("temp dir");
    let file = dir.path().join("plan.toml");
    std::fs::write(&file, text).expect("write");
    let out = tamplan()
        .args(["report", "--format", "json", "--scenario"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The diff's summary agrees with the engine's figures of both versions.
fn assert_figures(diff: &Value, before: &str, after: &str) {
    for (index, text) in [(0, before), (1, after)] {
        let engine = report(text);
        assert_eq!(
            diff["summary"]["planned_hours"][index], engine["totals"]["yearly"],
            "planned hours [{index}]"
        );
        assert_eq!(
            diff["summary"]["available_hours"][index], engine["capacity"]["available_hours"],
            "available hours [{index}]"
        );
        assert_eq!(
            diff["summary"]["utilization"][index], engine["utilization"],
            "utilization [{index}]"
        );
        assert_eq!(
            diff["summary"]["status"][index], engine["status"],
            "status [{index}]"
        );
    }
}

const V1: &str = "name = \"Ana FY27\"\nowner = \"Ana\"\n[counts]\ncustomers = 38\n";
const V2: &str = "name = \"Ana FY27\"\nowner = \"Ana\"\nnote = \"Two accounts from Bo.\"\n[counts]\ncustomers = 42\n[capacity]\npto_days = 30\n";

#[test]
fn a_diff_across_commits_names_every_change_with_the_engines_figures() {
    let repo = Repo::new();
    let first = repo.commit(V1, "2026-11-02T10:00:00+01:00");
    let second = repo.commit(V2, "2026-11-16T10:00:00+01:00");
    let json = repo.json(&["--since", &first, "--to", "HEAD"]);
    assert_eq!(json["file"], "ana.toml");
    assert_eq!(json["from"]["commit"], first.as_str());
    assert_eq!(json["from"]["time"], "2026-11-02T10:00:00+01:00");
    assert_eq!(json["from"]["reviewed"], Value::Null);
    assert_eq!(json["to"]["commit"], second.as_str());
    // customers 38 → 42; PTO days from the model's 56 to 30.
    assert_eq!(
        json["inputs"],
        serde_json::json!([
            { "name": "customers", "before": 38.0, "after": 42.0 },
            { "name": "pto_days", "before": 56.0, "after": 30.0 },
        ])
    );
    assert_eq!(
        json["meta"],
        serde_json::json!([{ "name": "note", "before": "", "after": "Two accounts from Bo." }])
    );
    // The rows that grow with customers, each by 4 ÷ 38 of its hours.
    let rows = json["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    for row in rows {
        let (before, after) = (
            row["before"].as_f64().expect("number"),
            row["after"].as_f64().expect("number"),
        );
        assert!((after - before * 42.0 / 38.0).abs() < 1e-9, "{row}");
    }
    assert_figures(&json, V1, V2);
    // A day: the newest commit at or before its end.
    let by_day = repo.json(&["--since", "2026-11-10", "--to", "HEAD"]);
    assert_eq!(by_day["from"]["commit"], first.as_str());
    assert_eq!(by_day["inputs"], json["inputs"]);
    // A file against itself: nothing.
    let same = repo.json(&["--since", "HEAD"]);
    assert_eq!(same["inputs"], serde_json::json!([]));
    assert_eq!(same["rows"], serde_json::json!([]));
    assert_eq!(same["to"]["commit"], Value::Null, "the file as it is now");
    let table = repo.diff(&["--since", &first]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("Customers in book"), "{text}");
    assert!(text.contains("Utilization"), "{text}");
}

#[test]
fn uncommitted_changes_are_the_plan_as_it_is_now() {
    let repo = Repo::new();
    repo.commit(V1, "2026-11-02T10:00:00+01:00");
    let now = V1.replace("customers = 38", "customers = 45");
    std::fs::write(repo.plan(), &now).expect("edit");
    let json = repo.json(&["--since", "HEAD"]);
    assert_eq!(json["to"]["commit"], Value::Null);
    assert_eq!(json["inputs"][0]["after"], 45.0);
    assert_figures(&json, V1, &now);
    // Markdown and CSV carry the same change.
    let md = String::from_utf8_lossy(
        &repo
            .diff(&["--since", "HEAD", "--format", "markdown"])
            .stdout,
    )
    .into_owned();
    assert!(md.contains("| Customers in book | 38 | 45 |"), "{md}");
    let csv = String::from_utf8_lossy(&repo.diff(&["--since", "HEAD", "--format", "csv"]).stdout)
        .into_owned();
    assert!(
        csv.starts_with("section,name,before,after\ninput,customers,38,45\n"),
        "{csv}"
    );
}

/// Ana's plan committed at 38 customers, reviewed on 2026-11-16 with edits
/// never committed (40 customers: the copy kept), and the file now at 42
/// with V2's other changes. The repository, the plan as reviewed and now.
fn reviewed_with_edits_since() -> (Repo, String, String) {
    let repo = Repo::new();
    repo.commit(V1, "2026-11-02T10:00:00+01:00");
    let reviewed = V1.replace("customers = 38", "customers = 40");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).expect("day");
    tamplan::io::reviews::keep(&repo.data(), &repo.plan(), day, &reviewed).expect("kept");
    let now = format!(
        "format = 2\n{}",
        V2.replace(
            "owner = \"Ana\"\n",
            "owner = \"Ana\"\nreviewed = 2026-11-16\n"
        )
    );
    std::fs::write(repo.plan(), &now).expect("edit");
    (repo, reviewed, now)
}

#[test]
fn the_last_1_1_is_the_reviewed_copy_when_it_is_kept() {
    let (repo, reviewed, now) = reviewed_with_edits_since();
    let json = repo.json(&[]);
    assert_eq!(json["from"]["commit"], Value::Null);
    assert_eq!(json["from"]["reviewed"], Value::Null, "the copy's own date");
    assert_eq!(json["to"]["reviewed"], "2026-11-16");
    assert_eq!(json["inputs"][0]["before"], 40.0);
    assert_eq!(json["inputs"][0]["after"], 42.0);
    assert_figures(&json, &reviewed, &now);
    let table = String::from_utf8_lossy(&repo.diff(&[]).stdout).into_owned();
    assert!(
        table.starts_with("ana.toml: the plan as reviewed on 2026-11-16 → the file as it is now\n"),
        "{table}"
    );
}

#[test]
fn a_review_with_no_copy_is_the_last_commit_by_the_end_of_its_day() {
    let repo = Repo::new();
    repo.commit(V1, "2026-11-02T10:00:00+01:00");
    // 23:30 in its own offset is still the 16th (22:30 UTC).
    let of_the_day = repo.commit(
        &V1.replace("customers = 38", "customers = 41"),
        "2026-11-16T23:30:00+01:00",
    );
    // 00:30 on the 17th in its offset (23:30 UTC on the 16th): after the
    // day, in the commit's own offset.
    repo.commit(
        &V1.replace("customers = 38", "customers = 44"),
        "2026-11-17T00:30:00+01:00",
    );
    let now = format!(
        "format = 2\n{}",
        V1.replace(
            "owner = \"Ana\"\n",
            "owner = \"Ana\"\nreviewed = 2026-11-16\n"
        )
        .replace("customers = 38", "customers = 46")
    );
    std::fs::write(repo.plan(), &now).expect("edit");
    let json = repo.json(&[]);
    assert_eq!(json["from"]["commit"], of_the_day.as_str());
    assert_eq!(json["inputs"][0]["before"], 41.0);
    assert_eq!(json["inputs"][0]["after"], 46.0);
    let table = String::from_utf8_lossy(&repo.diff(&[]).stdout).into_owned();
    assert!(
        table.contains("(the last by the end of the 1:1 on 2026-11-16)"),
        "{table}"
    );
}

#[test]
fn with_no_review_it_compares_with_head_and_says_so() {
    let repo = Repo::new();
    let head = repo.commit(V1, "2026-11-02T10:00:00+01:00");
    std::fs::write(repo.plan(), V2).expect("edit");
    let out = repo.diff(&["--format", "json"]);
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["from"]["commit"], head.as_str());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tamplan: note: no 1:1 is recorded (the plan has no `reviewed` date): compared with HEAD"),
        "{stderr}"
    );
    let table = String::from_utf8_lossy(&repo.diff(&[]).stdout).into_owned();
    assert!(table.contains("Note: no 1:1 is recorded"), "{table}");
}

#[test]
fn a_broken_version_a_bad_revision_and_no_repository_are_one_clear_line() {
    let repo = Repo::new();
    let broken = repo.commit("name = \"Ana\"\n[counts\n", "2026-11-02T10:00:00+01:00");
    repo.commit(V1, "2026-11-03T10:00:00+01:00");
    let out = repo.diff(&["--since", &broken]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("tamplan: error: ana.toml at {}:2:", &broken[..7])),
        "{stderr}"
    );
    let out = repo.diff(&["--since", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("\"no-such-branch\" is not a revision"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A link in the repository to a plan outside it.
    let outside = repo.dir.path().join("outside.toml");
    std::fs::write(&outside, V1).expect("write");
    std::os::unix::fs::symlink(&outside, repo.root().join("link.toml")).expect("link");
    let out = tamplan()
        .current_dir(repo.root())
        .env("TAMPLAN_DATA_DIR", repo.data())
        .args(["diff", "link.toml", "--since", "HEAD"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("tamplan: error: ")
            && stderr.contains("is outside the git repository at"),
        "{stderr}"
    );
    // A file never committed.
    std::fs::write(repo.root().join("bo.toml"), V1).expect("write");
    let out = tamplan()
        .current_dir(repo.root())
        .env("TAMPLAN_DATA_DIR", repo.data())
        .args(["diff", "bo.toml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bo.toml has never been committed to the git repository at"),
        "{stderr}"
    );
    // Not a repository.
    let dir = TempDir::new().expect("temp dir");
    std::fs::write(dir.path().join("cy.toml"), V1).expect("write");
    let out = tamplan()
        .current_dir(dir.path())
        .env("TAMPLAN_DATA_DIR", dir.path().join("data"))
        .args(["diff", "cy.toml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "tamplan: error: cy.toml: no 1:1 is recorded (no `reviewed` date) and it is not in a git repository: nothing to compare with; give --since, or mark the plan reviewed in the planner\n"
    );
    let out = tamplan()
        .current_dir(dir.path())
        .args(["diff", "cy.toml", "--since", "HEAD"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tamplan: error: cy.toml is not in a git repository; --since needs one\n"
    );
}

#[test]
fn a_reviewed_date_in_the_future_is_a_note_and_the_diff_goes_on() {
    let repo = Repo::new();
    repo.commit(V1, "2026-11-02T10:00:00+01:00");
    let now = V1.replace(
        "owner = \"Ana\"\n",
        "owner = \"Ana\"\nreviewed = 2027-01-04\n",
    );
    std::fs::write(repo.plan(), &now).expect("edit");
    let out = repo.diff(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Note: ana.toml:3:12: `reviewed` is 2027-01-04, after today (2026-12-07)"),
        "{text}"
    );
}

#[test]
fn team_json_says_when_each_plan_was_reviewed_and_whether_it_changed_since() {
    let repo = Repo::new();
    let reviewed = |text: &str| {
        format!(
            "format = 2\n{}",
            text.replace(
                "owner = \"Ana\"\n",
                "owner = \"Ana\"\nreviewed = 2026-11-16\n"
            )
        )
    };
    // Ana: reviewed at 38, 42 now. Bo: reviewed, unchanged (saved again).
    // Cy: never reviewed.
    let ana = reviewed(V1).replace("customers = 38", "customers = 42");
    let bo = reviewed(V1).replace("Ana", "Bo");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).expect("day");
    std::fs::write(repo.plan(), &ana).expect("ana");
    std::fs::write(repo.root().join("bo.toml"), &bo).expect("bo");
    std::fs::write(repo.root().join("cy.toml"), V1.replace("Ana", "Cy")).expect("cy");
    tamplan::io::reviews::keep(&repo.data(), &repo.plan(), day, &reviewed(V1)).expect("kept");
    tamplan::io::reviews::keep(
        &repo.data(),
        &repo.root().join("bo.toml"),
        day,
        &bo.replace(
            "reviewed = 2026-11-16",
            "reviewed = 2026-11-16\nsaved = 2026-11-16T10:00:00Z",
        ),
    )
    .expect("kept");
    let out = tamplan()
        .current_dir(repo.root())
        .env("TAMPLAN_DATA_DIR", repo.data())
        .args(["team", ".", "--format", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let plans = json["plans"].as_array().expect("plans");
    let by_owner = |owner: &str| {
        plans
            .iter()
            .find(|plan| plan["owner"] == owner)
            .expect("the plan")
    };
    assert_eq!(by_owner("Ana")["reviewed"], "2026-11-16");
    assert_eq!(by_owner("Ana")["changed_since_review"], true);
    assert_eq!(by_owner("Bo")["reviewed"], "2026-11-16");
    assert_eq!(by_owner("Bo")["changed_since_review"], false);
    assert_eq!(by_owner("Cy")["reviewed"], Value::Null);
    assert_eq!(by_owner("Cy")["changed_since_review"], Value::Null);
}

/// A team folder that holds the data folder (a TAM's own folder): the
/// copies as reviewed are not plans of the team.
#[test]
fn the_copies_as_reviewed_are_not_counted_as_plans() {
    let repo = Repo::new();
    let data = repo.root().join("data");
    std::fs::write(repo.plan(), V1).expect("ana");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).expect("day");
    tamplan::io::reviews::keep(&data, &repo.plan(), day, V1).expect("kept");
    let out = tamplan()
        .current_dir(repo.root())
        .env("TAMPLAN_DATA_DIR", &data)
        .args(["team", ".", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let files: Vec<&str> = json["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|plan| plan["file"].as_str().expect("file"))
        .collect();
    assert_eq!(files, ["./ana.toml"]);
}

#[test]
fn check_warns_of_a_reviewed_day_to_come_and_refuses_one_that_is_not_a_date() {
    let dir = TempDir::new().expect("temp dir");
    let file = dir.path().join("ana.toml");
    std::fs::write(&file, "name = \"Ana\"\nreviewed = 2027-01-04\n").expect("write");
    let out = tamplan()
        .env("TAMPLAN_NOW", "2026-12-07T09:00:00+01:00")
        .arg("check")
        .arg(&file)
        .output()
        .expect("runs");
    assert!(out.status.success(), "a warning keeps the plan");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "tamplan: warning: {}:2:12: `reviewed` is 2027-01-04, after today (2026-12-07); expected the day of a 1:1 that took place\n",
            file.display()
        )
    );
    std::fs::write(&file, "name = \"Ana\"\nreviewed = \"monday\"\n").expect("write");
    let out = tamplan().arg("check").arg(&file).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!(
            "{}:2:12: `reviewed` is \"monday\"; expected a date without quotes, e.g. reviewed = 2026-12-07",
            file.display()
        )),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        &file,
        "format = 3\nname = \"Ana\"\n[book]\nsource = \"crm.csv\"\n",
    )
    .expect("write");
    let out = tamplan().arg("check").arg(&file).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!(
            "{}:1:10: written by a newer tamplan (format 3); this one reads formats 1 and 2",
            file.display()
        )),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ------------------------------ the plan's document since the last 1:1 --

/// `tamplan report` of the plan in the repository, in `format`: status,
/// stdout, stderr.
fn report_of(repo: &Repo, format: &str) -> (bool, String, String) {
    let out = tamplan()
        .current_dir(repo.root())
        .env("TAMPLAN_DATA_DIR", repo.data())
        .env("TAMPLAN_NOW", "2026-12-07T09:00:00+01:00")
        .args(["report", "--scenario", "ana.toml", "--format", format])
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A plan reviewed on 2026-11-16 (a copy kept at 40 customers), with 42
/// now: its report's JSON has `since_review`, the `diff` object of
/// `tamplan diff` for the same versions; the Markdown and HTML documents
/// have the section.
#[test]
fn the_reports_of_a_reviewed_plan_say_what_changed_since_the_last_1_1() {
    let (repo, _, _) = reviewed_with_edits_since();

    let (ok, json, stderr) = report_of(&repo, "json");
    assert!(ok, "{stderr}");
    assert_eq!(stderr, "");
    let report: Value = serde_json::from_str(&json).expect("json");
    let since = &report["since_review"];
    let diff = repo.json(&[]);
    for key in [
        "file", "from", "inputs", "rows", "summary", "warnings", "meta",
    ] {
        assert_eq!(since[key], diff[key], "{key}");
    }
    assert_eq!(since["to"]["commit"], Value::Null);
    assert_eq!(since["to"]["reviewed"], "2026-11-16");
    // The document's own figures are the "after" of the diff.
    assert_eq!(since["summary"]["utilization"][1], report["utilization"]);

    let (ok, markdown, _) = report_of(&repo, "markdown");
    assert!(ok);
    assert!(
        markdown.contains(
            "## Since the last 1:1 (2026-11-16)\n\n40 → 42 customers, 108 % → 99 %, OVERLOADED → NEAR CAPACITY, 2 other changes.\n"
        ),
        "{markdown}"
    );
    let (ok, html, _) = report_of(&repo, "html");
    assert!(ok);
    assert!(
        html.contains("<h2 id=\"since-h\">Since the last 1:1 (2026-11-16)</h2>"),
        "{html}"
    );
    assert!(html.contains("<h3>Inputs</h3>"));
}

/// A plan outside any repository with no 1:1 recorded: the report has no
/// section since and says nothing about it; a 1:1 recorded with nothing
/// kept of it is one note, and the report goes on.
#[test]
fn a_report_with_nothing_to_compare_has_no_section_since() {
    let dir = TempDir::new().expect("temp dir");
    let plan = dir.path().join("ana.toml");
    std::fs::write(&plan, V1).expect("write");
    let run = || {
        tamplan()
            .current_dir(dir.path())
            .env("TAMPLAN_DATA_DIR", dir.path().join("data"))
            .env("TAMPLAN_NOW", "2026-12-07T09:00:00+01:00")
            .args(["report", "--scenario", "ana.toml", "--format", "json"])
            .output()
            .expect("runs")
    };
    let out = run();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(json.get("since_review").is_none());

    std::fs::write(&plan, format!("format = 2\nreviewed = 2026-11-16\n{V1}")).expect("write");
    let out = run();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no section since the last 1:1: ")
            && stderr
                .contains("reviewed on 2026-11-16, but no copy of the plan as reviewed is kept"),
        "{stderr}"
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(json.get("since_review").is_none());
    // The table and CSV show no section since: they look for none and say
    // nothing.
    for format in ["table", "csv"] {
        let out = tamplan()
            .current_dir(dir.path())
            .env("TAMPLAN_DATA_DIR", dir.path().join("data"))
            .args(["report", "--scenario", "ana.toml", "--format", format])
            .output()
            .expect("runs");
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

/// `diff --format html`: a document of its own, the figures of the JSON,
/// text from the file escaped.
#[test]
fn diff_as_html_is_a_document_with_the_jsons_figures() {
    let repo = Repo::new();
    let first = repo.commit(V1, "2026-11-02T10:00:00+01:00");
    let hostile = V2.replace(
        "Two accounts from Bo.",
        "<script>alert(1)</script> & \u{202e}Bo",
    );
    repo.commit(&hostile, "2026-11-16T10:00:00+01:00");
    let out = repo.diff(&["--since", &first, "--to", "HEAD", "--format", "html"]);
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let json = repo.json(&["--since", &first, "--to", "HEAD"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("<title>Changes: ana.toml · 2026-11-16</title>"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Bo"));
    assert!(!html.contains('\u{202e}'));
    for (id, figure) in [
        ("Planned hours", "planned_hours"),
        ("Available hours", "available_hours"),
    ] {
        let [before, after] = [0, 1].map(|i| json["summary"][figure][i].as_f64().expect("n"));
        let row = format!(
            "<th scope=\"row\">{id}</th><td class=\"n before\">{}</td><td class=\"n after\">{}</td>",
            group(before),
            group(after)
        );
        assert!(html.contains(&row), "{row}\n{html}");
    }
    assert!(html.contains("<h2 id=\"diff-inputs-h\">Inputs</h2>"));
}

/// A figure as the documents show it: thousands grouped, one decimal at
/// most ("1,713.3", "1,632").
fn group(value: f64) -> String {
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text).to_owned();
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

/// A committed plan with no 1:1 recorded and no change since: the
/// summary's section says so in a sentence.
#[test]
fn an_unchanged_plan_reports_no_change_since_the_last_commit() {
    let repo = Repo::new();
    repo.commit(V1, "2026-11-02T10:00:00+01:00");
    let (ok, markdown, stderr) = report_of(&repo, "markdown");
    assert!(ok, "{stderr}");
    assert!(
        markdown.contains("## Since the last commit (no 1:1 recorded)\n\nNo change.\n"),
        "{markdown}"
    );
}
