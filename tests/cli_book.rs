//! `tamplan book` and `team --book-file`, the real binary run on account
//! exports: the four kinds with the same accounts give the hand-worked
//! figures of tests/fixtures/book/README.md; the map's own cases; every
//! bad input the issue lists; `--write-scenarios` writing counts only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::float_cmp,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tempfile::TempDir;

mod support;
use support::{assert_no_panic, keys, output_of, sorted, tamplan};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/book")
        .join(name)
}

/// `tamplan book ARGS --format json`, which must succeed.
fn book_json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-09-30T12:00:00+02:00")
            .arg("book")
            .args(args)
            .args(["--format", "json"]),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_no_panic(&stderr);
    serde_json::from_str(&stdout).expect("JSON")
}

/// The figures of tests/fixtures/book/README.md, worked by hand.
fn hand_worked() -> Value {
    let filled = json!([
        "customers",
        "new_customers_per_quarter",
        "priority1_customers"
    ]);
    let kept = json!(["ebrs_per_year", "webinars_per_quarter"]);
    json!([
        {
            "owner": "Ana Lima", "customers": 5, "weighted_customers": 5.3,
            "by_tier": { "digital": 1, "standard": 2, "strategic": 2 },
            "new_by_quarter": [1, 1, 0, null], "renewals_by_quarter": [0, 0, 1, 1],
            "arr": 702_000.0, "counts_filled": filled, "counts_kept": kept
        },
        {
            "owner": "Ben Okafor", "customers": 2, "weighted_customers": 2.5,
            "by_tier": { "standard": 1, "strategic": 1 },
            "new_by_quarter": [0, 0, 1, null], "renewals_by_quarter": [1, 0, 0, 0],
            "arr": 490_000.0, "counts_filled": filled, "counts_kept": kept
        },
        {
            "owner": "Cleo Park", "customers": 2, "weighted_customers": 1.3,
            "by_tier": { "digital": 1, "standard": 1 },
            "new_by_quarter": [1, 0, 0, null], "renewals_by_quarter": [0, 1, 0, 0],
            "arr": 52_500.5, "counts_filled": filled, "counts_kept": kept
        },
        {
            "owner": "Sam Reyes", "customers": 1, "weighted_customers": 1.0,
            "by_tier": { "standard": 1 },
            "new_by_quarter": [0, 0, 0, null], "renewals_by_quarter": [0, 0, 0, 0],
            "arr": 30_000.0, "counts_filled": filled, "counts_kept": kept
        }
    ])
}

/// Weighted sums like 1.5 + 1.0 + 0.3 are compared within a rounding.
fn assert_same_owners(got: &Value, want: &Value, what: &str) {
    let got = got.as_array().expect("owners");
    let want = want.as_array().expect("owners");
    assert_eq!(got.len(), want.len(), "{what}: {got:#?}");
    for (got, want) in got.iter().zip(want) {
        let weighted = got["weighted_customers"].as_f64().expect("number");
        let expected = want["weighted_customers"].as_f64().expect("number");
        assert!((weighted - expected).abs() < 1e-9, "{what}: {got:#?}");
        let mut got = got.clone();
        let mut want = want.clone();
        got["weighted_customers"] = json!(0);
        want["weighted_customers"] = json!(0);
        assert_eq!(got, want, "{what}");
    }
}

#[test]
fn every_export_kind_gives_the_hand_worked_figures() {
    let map = fixture("map.toml");
    for (file, duplicate_line) in [
        ("salesforce.csv", 13),
        ("hubspot.csv", 13),
        ("gainsight.csv", 13),
        ("plain.csv", 12),
    ] {
        let path = fixture(file);
        let json = book_json(&[
            path.to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
            "--as-of",
            "2026-09-30",
        ]);
        assert_eq!(
            sorted(keys(&json)),
            [
                "as_of",
                "notes",
                "owners",
                "skipped",
                "skipped_total",
                "year"
            ],
            "{file}"
        );
        assert_eq!(json["as_of"], "2026-09-30");
        assert_eq!(json["year"], 2026);
        assert_same_owners(&json["owners"], &hand_worked(), file);
        assert_eq!(json["skipped_total"], 1, "{file}: {:#}", json["skipped"]);
        let skipped = &json["skipped"][0];
        assert_eq!(skipped["line"], duplicate_line, "{file}");
        assert_eq!(skipped["file"], path.display().to_string());
        assert!(
            skipped["reason"]
                .as_str()
                .unwrap()
                .contains("is a duplicate of"),
            "{skipped}"
        );
    }
}

#[test]
fn what_each_kind_says_about_how_it_was_read() {
    let map = fixture("map.toml");
    let notes = |file: &str| -> Vec<String> {
        let json = book_json(&[
            fixture(file).to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
            "--as-of",
            "2026-09-30",
        ]);
        json["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_owned())
            .collect()
    };
    let salesforce = notes("salesforce.csv");
    assert!(
        salesforce[0].ends_with(
            "5 lines of the Salesforce footer (totals, copyright, \"Generated By\") left out"
        ),
        "{salesforce:?}"
    );
    let gainsight = notes("gainsight.csv");
    assert!(
        gainsight[0].ends_with("dates read day first (D/M/YYYY): the file writes 15/03/2024"),
        "{gainsight:?}"
    );
    assert!(notes("hubspot.csv").is_empty());
}

#[test]
fn the_as_of_day_and_the_year_move_the_counts() {
    let map = fixture("map.toml");
    let file = fixture("plain.csv");
    let args = |as_of: &'static str, year: &'static str| {
        book_json(&[
            file.to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
            "--as-of",
            as_of,
            "--year",
            year,
            "--owner",
            "ben okafor",
        ])
    };
    // On 2026-10-20 Wonka (started 2026-10-15) is a customer, and Q4 is
    // known.
    let later = args("2026-10-20", "2026");
    let ben = &later["owners"][0];
    assert_eq!(later["owners"].as_array().unwrap().len(), 1);
    assert_eq!(ben["customers"], 3);
    assert_eq!(ben["new_by_quarter"], json!([0, 0, 1, 1]));
    // Planning 2027 on 2026-09-30: no quarter of 2027 is known.
    let next = args("2026-09-30", "2027");
    let ben = &next["owners"][0];
    assert_eq!(ben["new_by_quarter"], json!([null, null, null, null]));
    assert_eq!(ben["renewals_by_quarter"], json!([0, 0, 1, 0]));
    assert_eq!(
        ben["counts_filled"],
        json!(["customers", "priority1_customers"]),
        "new customers are kept when no quarter is known"
    );
    // The clock's day is the default (TAMPLAN_NOW is 2026-09-30).
    let today = book_json(&[file.to_str().unwrap()]);
    assert_eq!(today["as_of"], "2026-09-30");
}

#[test]
fn without_a_map_each_kind_uses_its_own_columns_and_weights_are_one() {
    let json = book_json(&[
        fixture("hubspot.csv").to_str().unwrap(),
        "--as-of",
        "2026-09-30",
    ]);
    let ana = &json["owners"][0];
    assert_eq!(ana["customers"], 5);
    assert_eq!(ana["weighted_customers"], 5.0);
    assert_eq!(
        ana["counts_filled"],
        json!(["customers", "new_customers_per_quarter"])
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn bad_inputs_are_listed_with_file_and_line_and_the_rest_count() {
    let dir = TempDir::new().unwrap();
    let accounts = write(
        dir.path(),
        "accounts.csv",
        "account,owner,tier,start,renewal,arr\n\
         Good,Ana,standard,2026-01-05,2027-01-05,100\n\
         Bad date,Ana,standard,2026-02-30,,100\n\
         No owner,,standard,2026-01-05,,100\n\
         Good,Ana,standard,2026-01-05,,100\n\
         Gold,Ana,gold,2025-01-05,,100\n",
    );
    let inactive = write(
        dir.path(),
        "inactive.csv",
        "Name,CSM,Stage,Status,Original Contract Date,Renewal Date,ARR\nX,Ana,Churned,Inactive,2024-01-01,,1\n",
    );
    let map = write(dir.path(), "map.toml", "[tiers]\nstandard = 1.0\n");
    let json = book_json(&[
        accounts.to_str().unwrap(),
        inactive.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
        "--as-of",
        "2026-09-30",
    ]);
    let listed: Vec<(String, u64, String)> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let file = Path::new(s["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                file,
                s["line"].as_u64().unwrap(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let at: Vec<(&str, u64)> = listed.iter().map(|(f, l, _)| (f.as_str(), *l)).collect();
    assert_eq!(
        at,
        [
            ("accounts.csv", 4),
            ("accounts.csv", 3),
            ("accounts.csv", 5),
            ("accounts.csv", 6),
            ("inactive.csv", 1),
        ],
        "{listed:#?}"
    );
    assert!(listed[0].2.contains("has no owner"), "{listed:#?}");
    assert!(
        listed[1].2.contains("\"2026-02-30\" is not a date"),
        "{listed:#?}"
    );
    assert!(listed[2].2.contains("duplicate of"), "{listed:#?}");
    assert!(
        listed[3].2.contains("tier \"gold\" has no weight"),
        "{listed:#?}"
    );
    assert!(
        listed[4].2.contains("no active account in this file"),
        "{listed:#?}"
    );
    // Good and Gold count (Gold at weight 1).
    let ana = &json["owners"][0];
    assert_eq!(ana["customers"], 2);
    assert_eq!(ana["weighted_customers"], 2.0);
    assert_eq!(json["skipped_total"], 5);
}

#[test]
fn the_skipped_list_keeps_the_first_hundred_and_counts_the_rest() {
    let dir = TempDir::new().unwrap();
    let mut text = String::from("account,owner,start\nA,Ana,2026-01-01\n");
    for n in 0..250 {
        writeln!(text, "X{n},,2026-01-01").unwrap();
    }
    let file = write(dir.path(), "many.csv", &text);
    let json = book_json(&[file.to_str().unwrap(), "--as-of", "2026-09-30"]);
    assert_eq!(json["skipped"].as_array().unwrap().len(), 100);
    assert_eq!(json["skipped_total"], 250);
    assert_eq!(json["skipped"][99]["line"], 102);
}

#[test]
fn an_export_of_another_kind_is_refused_with_the_kinds_read() {
    let dir = TempDir::new().unwrap();
    let other = write(
        dir.path(),
        "other.csv",
        "Client,Manager,Since\nA,Ana,2026-01-01\n",
    );
    let (code, _, stderr) = output_of(tamplan().arg("book").arg(&other));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("other.csv:1: not an account export tamplan knows"),
        "{stderr}"
    );
    assert!(stderr.contains("Salesforce report export"), "{stderr}");
    assert!(stderr.contains("--map"), "{stderr}");
    // The map names its columns: read.
    let map = write(
        dir.path(),
        "map.toml",
        "[columns]\naccount = \"client\"\nowner = \"MANAGER\"\nstart = \"Since\"\n",
    );
    let json = book_json(&[
        other.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
        "--as-of",
        "2026-09-30",
    ]);
    assert_eq!(json["owners"][0]["owner"], "Ana");
    assert_eq!(json["owners"][0]["new_by_quarter"], json!([1, 0, 0, null]));
    // A header alone: nothing read, exit 1.
    let empty = write(dir.path(), "empty.csv", "account,owner\n");
    let (code, _, stderr) = output_of(tamplan().arg("book").arg(&empty));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no account could be read"), "{stderr}");
}

#[test]
fn the_maps_own_cases() {
    let dir = TempDir::new().unwrap();
    let export = write(
        dir.path(),
        "export.csv",
        "Client,Manager,State,Level,Since\n\
         A,005X,live,Gold,2026-01-01\n\
         B,005x,LIVE,Silver,2025-01-01\n\
         C,ben@example.com,paused,Gold,2025-01-01\n\
         D,ben@example.com,live-trial,Bronze,2025-01-01\n",
    );
    let map = write(
        dir.path(),
        "map.toml",
        "#:schema ./book-map.schema.json\n\
         active = [\"live*\"]\n\
         date_order = \"iso\"\n\
         [columns]\naccount = \"Client\"\nowner = \"Manager\"\nactive = \"State\"\ntier = \"Level\"\nstart = \"Since\"\n\
         [tier_values]\ngold = \"strategic\"\nsilver = \"standard\"\nbronze = \"digital\"\n\
         [tiers]\nstrategic = 2\nstandard = 1\ndigital = 0.5\n\
         [counts]\ncustomers = \"accounts\"\npriority1_customers = \"tier:strategic\"\nebrs_per_year = \"renewals\"\n\
         [owners]\n\"005X\" = \"Ana Lima\"\n\"BEN@example.com\" = \"Ben Okafor\"\n",
    );
    let json = book_json(&[
        export.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
        "--as-of",
        "2026-09-30",
    ]);
    let owners = &json["owners"];
    assert_eq!(owners[0]["owner"], "Ana Lima");
    assert_eq!(owners[0]["customers"], 2);
    assert_eq!(owners[0]["weighted_customers"], 3.0);
    assert_eq!(owners[1]["owner"], "Ben Okafor");
    assert_eq!(owners[1]["customers"], 1, "paused is not live");
    assert_eq!(owners[1]["by_tier"], json!({ "digital": 1 }));
    assert_eq!(
        owners[0]["counts_filled"],
        json!(["customers", "ebrs_per_year", "priority1_customers"])
    );
    // A map naming a count the model lacks, and a bad weight: file:line:column.
    let bad = write(
        dir.path(),
        "bad.toml",
        "[counts]\ncustomerz = \"customers\"\n",
    );
    let (code, _, stderr) = output_of(tamplan().arg("book").arg(&export).arg("--map").arg(&bad));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("bad.toml:2:1: count \"customerz\" is not in the model"),
        "{stderr}"
    );
    let bad = write(dir.path(), "bad2.toml", "[tiers]\nbig = \"x\"\n");
    let (code, _, stderr) = output_of(tamplan().arg("book").arg(&export).arg("--map").arg(&bad));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("bad2.toml:2:7"), "{stderr}");
}

#[test]
fn a_starter_map_is_written_once_and_reads_as_a_map() {
    let dir = TempDir::new().unwrap();
    let map = dir.path().join("book.toml");
    let (code, stdout, stderr) = output_of(tamplan().args(["book", "--write-map"]).arg(&map));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("wrote "), "{stdout}");
    let (code, _, stderr) = output_of(tamplan().args(["book", "--write-map"]).arg(&map));
    assert_eq!(code, 1, "never over a file: {stderr}");
    let json = book_json(&[
        fixture("plain.csv").to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
        "--as-of",
        "2026-09-30",
    ]);
    assert_eq!(
        json["owners"][0]["owner"], "Sam Reyes",
        "no aliases in the starter"
    );
}

#[test]
fn tables_markdown_and_csv_show_both_counts() {
    let map = fixture("map.toml");
    let run = |format: &str| {
        let (code, stdout, stderr) = output_of(
            tamplan()
                .arg("book")
                .arg(fixture("salesforce.csv"))
                .arg("--map")
                .arg(&map)
                .args(["--as-of", "2026-09-30", "--format", format]),
        );
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let table = run("table");
    assert!(
        table.contains("Ana Lima: 5 customers, 5.3 weighted (digital 1, standard 2, strategic 2)"),
        "{table}"
    );
    assert!(
        table.contains("4 owners, 10 customers, 10.1 weighted"),
        "{table}"
    );
    let markdown = run("markdown");
    assert!(
        markdown.contains("| Ana Lima | 5 | 5.3 | 1 | 1 | 0 | – |"),
        "{markdown}"
    );
    let csv = run("csv");
    assert!(
        csv.contains("Ana Lima,5,5.30,1,1,0,,0,0,1,1,702000.00,digital=1;standard=2;strategic=2,"),
        "{csv}"
    );
}

/// A team folder: Ana's plan with other values, Ben's, and Cleo's file
/// name taken by someone else.
fn team_folder() -> TempDir {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "ana.toml",
        "name = \"Ana FY26\"\nowner = \"Ana Lima\"\nmodel = \"TAM Segment: Named\"\nnote = \"Agreed in the 1:1.\"\n\n[capacity]\npto_days = 30.0\n\n[hours]\n\"Special projects\" = 10.0\n",
    );
    write(
        dir.path(),
        "ben.toml",
        "name = \"Ben FY26\"\nowner = \"Ben Okafor\"\nmodel = \"TAM Segment: Named\"\n\n[counts]\ncustomers = 30.0\nebrs_per_year = 20.0\n",
    );
    write(
        dir.path(),
        "cleo-park.toml",
        "name = \"Not Cleo\"\nowner = \"Someone Else\"\nmodel = \"TAM Segment: Named\"\n",
    );
    dir
}

fn write_scenarios(dir: &Path, extra: &[&str]) -> Value {
    let map = fixture("map.toml");
    let mut args = vec![
        fixture("salesforce.csv").display().to_string(),
        "--map".to_owned(),
        map.display().to_string(),
        "--as-of".to_owned(),
        "2026-09-30".to_owned(),
        "--write-scenarios".to_owned(),
        dir.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    book_json(&args)
}

#[test]
fn write_scenarios_writes_counts_only_and_never_over_another_owners_file() {
    let dir = team_folder();
    let json = write_scenarios(dir.path(), &[]);
    let ana = std::fs::read_to_string(dir.path().join("ana.toml")).unwrap();
    // Everything else kept; the counts and [book] added; format 2.
    assert!(ana.starts_with("# A tamplan scenario"), "{ana}");
    assert!(
        ana.contains("\nformat = 2\nname = \"Ana FY26\"\nowner = \"Ana Lima\"\n"),
        "{ana}"
    );
    assert!(ana.contains("saved = 2026-09-30T12:00:00+02:00"), "{ana}");
    assert!(ana.contains("note = \"Agreed in the 1:1.\""), "{ana}");
    assert!(ana.contains("pto_days = 30.0"), "{ana}");
    assert!(ana.contains("\"Special projects\" = 10.0"), "{ana}");
    assert!(
        ana.contains("customers = 5.3\npriority1_customers = 2.0\n"),
        "{ana}"
    );
    assert!(
        ana.contains("new_customers_per_quarter = [1.0, 1.0, 0.0, 3.0]"),
        "{ana}"
    );
    assert!(
        ana.contains("[book]\nas_of = 2026-09-30\ncustomers = 5\nweighted_customers = 5.3\narr = 702000.0\n\n[book.by_tier]\ndigital = 1\nstandard = 2\nstrategic = 2\n"),
        "{ana}"
    );
    let ben = std::fs::read_to_string(dir.path().join("ben.toml")).unwrap();
    assert!(
        ben.contains("ebrs_per_year = 20.0"),
        "a count the book does not give is kept: {ben}"
    );
    assert!(ben.contains("customers = 2.5"), "{ben}");
    // Cleo's name is taken by another owner's file: not written over.
    let not_cleo = std::fs::read_to_string(dir.path().join("cleo-park.toml")).unwrap();
    assert!(not_cleo.starts_with("name = \"Not Cleo\""), "{not_cleo}");
    // Sam is no TAM: not listed in the map, no scenario.
    assert!(!dir.path().join("sam-reyes.toml").exists());
    let reasons: Vec<&str> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("is there and is not Cleo Park's scenario")),
        "{reasons:#?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("owner \"Sam Reyes\" has no scenario")),
        "{reasons:#?}"
    );
    let notes = json["notes"].to_string();
    assert!(
        notes.contains("ana.toml: Ana Lima (Customers in book 35 → 5.3"),
        "{notes}"
    );
    // Each written file is a scenario tamplan reads, with the counts.
    let (code, stdout, stderr) = output_of(
        tamplan()
            .args(["report", "--format", "json", "--scenario"])
            .arg(dir.path().join("ana.toml")),
    );
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["counts"]["customers"], 5.3);
    for format in ["table", "markdown"] {
        let (code, stdout, stderr) = output_of(
            tamplan()
                .args(["report", "--format", format, "--scenario"])
                .arg(dir.path().join("ana.toml")),
        );
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.contains("From the CRM as of 2026-09-30: 5 customers, 5.3 weighted"),
            "{format}: {stdout}"
        );
    }
    // Again: nothing changed, nothing written.
    let before = std::fs::metadata(dir.path().join("ana.toml"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = write_scenarios(dir.path(), &[]);
    let after = std::fs::metadata(dir.path().join("ana.toml"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "{:#}", again["notes"]);
    // --all-owners: Sam too.
    write_scenarios(dir.path(), &["--all-owners"]);
    let sam = std::fs::read_to_string(dir.path().join("sam-reyes.toml")).unwrap();
    assert!(sam.contains("owner = \"Sam Reyes\""), "{sam}");
}

#[test]
fn a_scenario_the_model_cannot_read_whole_is_not_written() {
    let dir = TempDir::new().unwrap();
    let text = "name = \"Ana\"\nowner = \"Ana Lima\"\n[counts]\ncustomerz = 3.0\n";
    write(dir.path(), "ana.toml", text);
    let json = write_scenarios(dir.path(), &[]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ana.toml")).unwrap(),
        text
    );
    assert!(
        json["skipped"]
            .to_string()
            .contains("not written, so that nothing in it is lost"),
        "{:#}",
        json["skipped"]
    );
}

#[test]
fn a_newer_format_is_refused_with_its_place() {
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "x.toml", "format = 3\nname = \"x\"\n");
    let (code, _, stderr) = output_of(tamplan().arg("check").arg(&file));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "x.toml:1:10: written by a newer tamplan (format 3); this one reads formats 1 and 2"
        ),
        "{stderr}"
    );
}

#[test]
fn team_rolls_up_with_the_books_counts_and_writes_nothing() {
    let dir = team_folder();
    let before = std::fs::read_to_string(dir.path().join("ana.toml")).unwrap();
    let (code, stdout, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", "2026-09-30T12:00:00+02:00")
            .arg("team")
            .arg(dir.path())
            .arg("--book-file")
            .arg(fixture("salesforce.csv"))
            .arg("--map")
            .arg(fixture("map.toml"))
            .args(["--format", "json"]),
    );
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let customers: Vec<(String, f64)> = json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["owner"].as_str().unwrap().to_owned(),
                p["customers"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        customers,
        [
            ("Ana Lima".to_owned(), 5.3),
            ("Ben Okafor".to_owned(), 2.5),
            ("Someone Else".to_owned(), 35.0)
        ]
    );
    let notes = json["notes"].to_string();
    assert!(
        notes.contains("Customers from the CRM's book as of 2026-09-30: 14 accounts read, 10 of them customers, 4 owners"),
        "{notes}"
    );
    assert!(
        notes.contains("Owners of the book with no plan here"),
        "{notes}"
    );
    assert!(notes.contains("Cleo Park, Sam Reyes"), "{notes}");
    assert!(
        notes.contains("cleo-park.toml"),
        "Someone Else's plan keeps its own counts: {notes}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ana.toml")).unwrap(),
        before
    );
}
