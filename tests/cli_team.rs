//! `tamplan team`, the real binary run on team folders: the roll-up's
//! figures in every format, duplicates, stale plans, the book, bad files.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use assert_cmd::Command;
use tempfile::TempDir;

mod support;
use support::{keys, output_of, sorted, tamplan};

// ------------------------------------------------- the team (issue 10) --

/// A team folder: Ana (30 customers), Ben (40, 85 % target, saved long
/// ago), Ana again, a broken file, another model's plan, a folder loop.
fn team_folder() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("emea/broken")).expect("folders");
    let plan = |name: &str, owner: &str, saved: &str, rest: &str| {
        format!(
            "name = \"{name}\"\nowner = \"{owner}\"\nsaved = {saved}\nmodel = \"TAM Segment: Named\"\n{rest}"
        )
    };
    let write = |path: &str, text: &str| std::fs::write(root.join(path), text).expect("write");
    write(
        "ana.toml",
        &plan(
            "Ana FY27",
            "Ana",
            "2026-11-01T10:00:00+01:00",
            "[counts]\ncustomers = 30.0\n",
        ),
    );
    write(
        "emea/ben.toml",
        &plan(
            "Ben FY27",
            "Ben",
            "2026-06-01T10:00:00+01:00",
            "[counts]\ncustomers = 40.0\n[capacity]\ntarget_utilization = 0.85\n",
        ),
    );
    write(
        "emea/ana-2.toml",
        &plan(
            "Ana stretch",
            "Ana",
            "2026-11-20T10:00:00+01:00",
            "[counts]\ncustomers = 35.0\n",
        ),
    );
    write("emea/broken/x.toml", "not toml [\n");
    write(
        "emea/broken/other.toml",
        "name = \"o\"\nmodel = \"Other model\"\n",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", root.join("emea/loop")).expect("symlink");
    dir
}

#[test]
fn the_team_rolls_up_every_plan_with_hand_computed_figures() {
    let dir = team_folder();
    let (code, stdout, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--book", "100", "--format", "json"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        sorted(keys(&json)),
        sorted(vec![
            "model",
            "plans",
            "errors",
            "totals",
            "tams_needed",
            "notes"
        ])
    );
    let plans = json["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 3);
    let by_name = |name: &str| {
        plans
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    // 948 h a year grow with customers (27.09 h each) on a 1,632 h plan.
    let per_customer = 948.0 / 35.0;
    let ana = by_name("Ana FY27");
    let planned = ana["planned_hours"].as_f64().expect("number");
    assert!((planned - (1632.0 - 5.0 * per_customer)).abs() < 1e-9);
    assert_eq!(ana["headroom"], 5.0);
    assert_eq!(ana["status"], "near");
    let ben = by_name("Ben FY27");
    assert_eq!(ben["max_customers_at_target"], 25, "85 % target");
    assert_eq!(ben["headroom"], -15.0);
    assert_eq!(ben["status"], "over");
    assert_eq!(
        sorted(keys(ben)),
        sorted(vec![
            "file",
            "name",
            "owner",
            "saved",
            "customers",
            "utilization",
            "status",
            "planned_hours",
            "available_hours",
            "max_customers",
            "max_customers_at_target",
            "headroom",
            "warnings",
            "spare_hours_to_target",
            "stale",
            "reviewed",
            "changed_since_review",
            "trend"
        ])
    );
    assert_eq!(ben["reviewed"], serde_json::Value::Null);
    assert_eq!(ben["changed_since_review"], serde_json::Value::Null);
    // Not in a repository: the trend is the plan as it is.
    assert_eq!(ben["trend"], serde_json::json!([ben["utilization"]]));
    let totals = &json["totals"];
    assert_eq!(totals["plans"], 3);
    assert_eq!(totals["customers"], 105.0);
    assert_eq!(totals["available_hours"], 3.0 * 1632.0);
    assert_eq!(totals["max_customers_at_target"], 35 + 25 + 35);
    assert_eq!(totals["headroom"], 5.0 - 15.0 + 0.0);
    let utilization = totals["utilization"].as_f64().expect("number");
    assert!((utilization - 1.0).abs() < 1e-9, "±5 customers cancel");
    assert_eq!(json["tams_needed"]["book"], 100);
    assert_eq!(json["tams_needed"]["tams"], 3, "⌈100 ÷ 35⌉");
    let errors = json["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 3, "{errors:?}");
    let messages: Vec<&str> = errors
        .iter()
        .filter_map(|e| e["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("made for the model \"Other model\"")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains(":1:5: key with no value")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("not followed")),
        "{messages:?}"
    );
}

#[test]
fn the_team_table_flags_duplicates_stale_plans_and_the_book() {
    let dir = team_folder();
    let (code, stdout, _) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--book", "100"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Owners with more than one plan: Ana"),
        "{stdout}"
    );
    assert!(stdout.contains("2026-06-01 (175 d) STALE"), "{stdout}");
    assert!(stdout.contains("Not loaded (3):"), "{stdout}");
    assert!(
        stdout.contains(
            "A book of 100 customers needs 3 TAMs at the target; the team's 3 plans hold 95 at the target: 5 customers short, 1 TAM short"
        ),
        "{stdout}"
    );
    let (code, markdown, _) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--format", "markdown"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0);
    assert!(
        markdown.starts_with("# Team summary: TAM Segment: Named"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| **Team** | 3 plans | 105 | 100 % |"),
        "{markdown}"
    );
    let (code, csv, _) = output_of(tamplan().args(["team", "--format", "csv"]).arg(dir.path()));
    assert_eq!(code, 0);
    assert_eq!(
        csv.lines().count(),
        8,
        "a header, three plans, the totals and three errors: {csv}"
    );
}

/// The team's shortfall is capacity, not heads: the three plans hold 95
/// customers at their targets (Ben's 85 % holds 25), so a book of 100 is 5
/// customers short, which is one more TAM of the default plan (35), though
/// ⌈100 ÷ 35⌉ = 3 is the number of plans.
#[test]
fn the_team_shortfall_is_capacity_not_heads() {
    let dir = team_folder();
    let json_for = |args: &[&str]| -> serde_json::Value {
        let (code, stdout, stderr) = output_of(
            tamplan()
                .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
                .args(["team", "--format", "json"])
                .args(args)
                .arg(dir.path()),
        );
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str(&stdout).expect("JSON")
    };
    let json = json_for(&["--book", "100"]);
    let tams = &json["tams_needed"];
    assert_eq!(tams["book"], 100);
    assert_eq!(tams["tams"], 3, "⌈100 ÷ 35⌉, as before");
    assert_eq!(tams["customers_short"], 5, "100 − 95");
    assert_eq!(tams["tams_short"], 1, "⌈5 ÷ 35⌉");
    assert_eq!(
        json["notes"],
        serde_json::json!(["Owners with more than one plan: Ana"])
    );
    // Room: 95 − 20 = 75 customers, two whole TAMs of 35.
    let json = json_for(&["--book", "20"]);
    assert_eq!(json["tams_needed"]["customers_short"], -75);
    assert_eq!(json["tams_needed"]["tams_short"], -2);
    // A default plan that holds no one at the target: no number of TAMs.
    let json = json_for(&["--book", "100", "--set", "pto_days=200"]);
    assert_eq!(json["tams_needed"]["customers_short"], 5);
    assert_eq!(json["tams_needed"]["tams_short"], serde_json::Value::Null);
    assert_eq!(json["tams_needed"]["tams"], serde_json::Value::Null);
    let notes = json["notes"].as_array().expect("notes");
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .is_some_and(|n| n.contains("holds no customers at the target"))),
        "{notes:?}"
    );
    // Each plan says whether it is stale, and its spare hours are to its
    // target, like its book: Ben's 85 % of 1,632 h is 1,387.2 h.
    let plans = json["plans"].as_array().expect("plans");
    let ben = plans.iter().find(|p| p["owner"] == "Ben").expect("Ben");
    assert_eq!(ben["stale"], true, "saved 175 days ago");
    let spare = ben["spare_hours_to_target"].as_f64().expect("number");
    assert!((spare - (1387.2 - (1632.0 + 5.0 * 948.0 / 35.0))).abs() < 1e-9);
    let ana = plans.iter().find(|p| p["name"] == "Ana FY27").expect("Ana");
    assert_eq!(ana["stale"], false);
    let (_, table, _) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--book", "100"])
            .arg(dir.path()),
    );
    assert!(table.contains("5 customers short, 1 TAM short"), "{table}");
    assert!(table.contains("Spare h to target"), "{table}");
}

/// One header for every record, told apart by `row`: each plan, the
/// totals, the book and each file that did not load.
#[test]
fn the_team_csv_carries_totals_the_book_stale_flags_and_errors() {
    let dir = team_folder();
    let (code, csv, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-11-23T12:00:00+00:00")
            .args(["team", "--book", "100", "--format", "csv"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column in {header:?}"))
    };
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    let kinds: Vec<&str> = records.iter().map(|r| &r[column("row")]).collect();
    assert_eq!(
        kinds,
        [
            "plan", "plan", "plan", "total", "book", "error", "error", "error"
        ],
        "{csv}"
    );
    let ben = records
        .iter()
        .find(|r| &r[column("owner")] == "Ben")
        .expect("Ben");
    assert_eq!(&ben[column("stale")], "true");
    let total = &records[3];
    assert_eq!(&total[column("customers")], "105.00");
    assert_eq!(&total[column("plans")], "3");
    assert_eq!(&total[column("max_customers_at_target")], "95");
    let book = &records[4];
    assert_eq!(&book[column("book")], "100");
    assert_eq!(&book[column("tams")], "3");
    assert_eq!(&book[column("customers_short")], "5");
    assert_eq!(&book[column("tams_short")], "1");
    assert!(!records[5][column("message")].is_empty());
}

/// A plan of 10¹² customers is billions of percent over: its utilization
/// is shortened in the table (`1.7T %`) so the columns keep their width;
/// CSV and JSON keep the full figure.
#[test]
fn a_huge_utilization_stays_in_its_column_of_the_team_table() {
    let dir = TempDir::new().expect("temp dir");
    let plan = |owner: &str, customers: &str| {
        format!(
            "name = \"{owner} FY27\"\nowner = \"{owner}\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = {customers}\n"
        )
    };
    std::fs::write(dir.path().join("ana.toml"), plan("Ana", "30")).expect("write");
    std::fs::write(dir.path().join("zed.toml"), plan("Zed", "1e12")).expect("write");
    let (code, stdout, _) = output_of(tamplan().arg("team").arg(dir.path()));
    assert_eq!(code, 0, "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    let heading = lines
        .iter()
        .find(|l| l.starts_with("Owner"))
        .expect("headings");
    let util_end = heading.find("Util").expect("Util") + "Util".len();
    let status = heading.find("Status").expect("Status");
    assert!(status - util_end <= 2 + 4, "a narrow Util column: {stdout}");
    let zed = lines
        .iter()
        .find(|l| l.starts_with("Zed"))
        .expect("Zed's row");
    assert!(zed.contains("1.7T %  OVERLOADED"), "{stdout}");
    assert_eq!(zed.find("OVERLOADED"), Some(status), "{stdout}");
    let team = lines
        .iter()
        .rev()
        .find(|l| l.starts_with("Team "))
        .expect("totals");
    assert!(team.contains("830G %"), "{stdout}");
    assert!(!stdout.contains("1,659,663"), "{stdout}");
    let (code, markdown, _) = output_of(
        tamplan()
            .args(["team", "--format", "markdown"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0);
    assert!(markdown.contains("| 1.7T % | OVERLOADED |"), "{markdown}");
    let (code, json, _) = output_of(tamplan().args(["team", "--format", "json"]).arg(dir.path()));
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let utilization = json["plans"][1]["utilization"].as_f64().expect("a number");
    assert!(utilization > 1.6e10, "the full figure: {json}");
}

/// A plan reached twice — a link to it beside it, or the folder and the
/// file given both — is counted once, and the other path is named as its
/// duplicate.
#[cfg(unix)]
#[test]
fn a_linked_or_repeated_scenario_is_counted_once_in_the_team() {
    let dir = TempDir::new().expect("temp dir");
    let team = dir.path().join("team");
    std::fs::create_dir_all(&team).expect("folder");
    let plan = |owner: &str| {
        format!(
            "name = \"{owner} FY27\"\nowner = \"{owner}\"\nmodel = \"TAM Segment: Named\"\n[counts]\ncustomers = 30\n"
        )
    };
    std::fs::write(team.join("ana.toml"), plan("Ana")).expect("write");
    std::fs::write(team.join("ben.toml"), plan("Ben")).expect("write");
    std::os::unix::fs::symlink("ana.toml", team.join("zz-ana-link.toml")).expect("symlink");
    let json_of = |command: &mut Command| {
        let (code, json, stderr) = output_of(command);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<serde_json::Value>(&json).expect("json")
    };
    let json = json_of(tamplan().args(["team", "--format", "json"]).arg(&team));
    let plans = json["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 2, "{json}");
    assert_eq!(json["totals"]["customers"], 60.0, "{json}");
    assert_eq!(json["notes"].as_array().map(Vec::len), Some(0), "{json}");
    let errors = json["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{json}");
    let message = errors[0]["message"].as_str().expect("text");
    assert!(
        errors[0]["file"]
            .as_str()
            .expect("text")
            .ends_with("zz-ana-link.toml"),
        "{json}"
    );
    assert!(message.contains("the same file as"), "{message}");
    assert!(message.contains("ana.toml (both are"), "{message}");
    assert!(message.ends_with("counted once"), "{message}");

    // The folder, and one of its files by another way there.
    let json = json_of(
        tamplan()
            .args(["team", "--format", "json"])
            .arg(&team)
            .arg(team.join("..").join("team").join("ben.toml")),
    );
    assert_eq!(json["plans"].as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(2), "{json}");

    // The table says which path was a duplicate of which.
    let (code, stdout, _) = output_of(tamplan().arg("team").arg(&team));
    assert_eq!(code, 0);
    assert!(stdout.contains("Team   2 plans"), "{stdout}");
    assert!(
        !stdout.contains("Owners with more than one plan"),
        "{stdout}"
    );
    assert!(
        stdout.contains("zz-ana-link.toml: the same file as"),
        "{stdout}"
    );
}

#[test]
fn an_empty_team_folder_says_so_and_exits_1() {
    let dir = TempDir::new().expect("temp dir");
    let (code, _, stderr) = output_of(tamplan().arg("team").arg(dir.path()));
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("tamplan: error: no scenario files in "),
        "{stderr}"
    );
    std::fs::write(dir.path().join("x.toml"), "not toml [").expect("write");
    let (code, _, stderr) = output_of(tamplan().arg("team").arg(dir.path()));
    assert_eq!(code, 1);
    assert!(stderr.contains("could be used"), "{stderr}");
    assert!(stderr.contains("x.toml:1:5"), "{stderr}");
}
