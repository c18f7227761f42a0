//! `tamplan import`: the handbook pages in `tests/fixtures/` (copies of the
//! seed pages), every bad-table case, the output file's safety (`--force`,
//! atomic write), the real binary's exit codes, and a property test that
//! no Markdown makes the import panic or write an invalid model.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use tamplan::domain::engine::{self, Inputs};
use tamplan::domain::model::Model;
use tamplan::io::import::{ImportError, Imported, Options, import};
use tempfile::TempDir;

const CURRENT: &str = include_str!("fixtures/000_176c7d470173e359.txt");
const OLDER: &str = include_str!("fixtures/001_8c777c043a75f684.txt");
const CURRENT_PATH: &str = "tests/fixtures/000_176c7d470173e359.txt";
const OLDER_PATH: &str = "tests/fixtures/001_8c777c043a75f684.txt";

fn tamplan() -> Command {
    let mut command = Command::cargo_bin("tamplan").expect("the binary is built");
    // Never the user's folders: a written model puts its schema copy here.
    let folders = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-folders");
    command
        .env("RUST_BACKTRACE", "1")
        .env("TAMPLAN_CONFIG_DIR", folders.join("config"))
        .env("TAMPLAN_DATA_DIR", folders.join("data"));
    command
}

/// Runs the binary: (exit code, stdout, stderr), never a panic.
fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().expect("the binary runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    (output.status.code().expect("exited"), stdout, stderr)
}

fn imported(page: &str) -> Imported {
    match import(page, "page.md", Options::default()) {
        Ok(imported) => imported,
        Err(error) => panic!("the page imports: {error}"),
    }
}

fn parsed(imported: &Imported) -> Model {
    match Model::parse(&imported.toml, "imported.toml") {
        Ok(model) => model,
        Err(error) => panic!("the imported model parses: {error}\n{}", imported.toml),
    }
}

/// Metric names by phase, in page order.
fn names_by_phase(model: &Model) -> BTreeMap<String, Vec<String>> {
    let mut phases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for metric in &model.metrics {
        phases
            .entry(metric.phase.clone())
            .or_default()
            .push(metric.name.clone());
    }
    phases
}

/// The text of every comment, wrapped lines joined, to search in.
fn comments(toml: &str) -> String {
    toml.lines()
        .filter_map(|line| line.strip_prefix('#'))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The problems of an import that must fail with `Invalid`, one per line.
fn invalid(page: &str) -> (Vec<String>, Vec<String>) {
    match import(page, "page.md", Options::default()) {
        Err(ImportError::Invalid { errors, warnings }) => (
            errors.to_string().lines().map(str::to_owned).collect(),
            warnings.iter().map(|w| w.located("page.md")).collect(),
        ),
        other => panic!("expected problems in the table, got {other:?}"),
    }
}

fn warnings(imported: &Imported) -> Vec<String> {
    imported
        .warnings
        .iter()
        .map(|warning| warning.located("page.md"))
        .collect()
}

/// A page with front matter, a PTO sentence and the given table.
fn page_with_table(table: &str) -> String {
    format!(
        "---\ntitle: \"Test page\"\n---\n## Rhythm\n\n{table}\nWe take 56 days or 448 hours of PTO per year.\n"
    )
}

const HEADER: &str =
    "| Tasks | Weekly | Monthly | Quarterly | Yearly | Notes |\n|---|---|---|---|---|---|\n";

// ------------------------------------------------------------ the seeds --

#[test]
fn the_current_page_imports_as_the_builtin_model_plans() {
    let imported = imported(CURRENT);
    let model = parsed(&imported);
    let builtin = Model::builtin().expect("the built-in model parses");
    assert_eq!(model.name, "TAM Segment: Named");
    assert_eq!(imported.rows, 13);

    let plan = engine::compute(&model, &Inputs::defaults(&model)).expect("plannable");
    let expected = engine::compute(&builtin, &Inputs::defaults(&builtin)).expect("plannable");
    assert_eq!(model.rows.len(), 13);
    assert_eq!(plan.rows.len(), expected.rows.len());
    for (index, (row, builtin_row)) in model.rows.iter().zip(&builtin.rows).enumerate() {
        assert_eq!(row.task, builtin_row.task, "row {index}");
        assert_eq!(
            row.note, builtin_row.note,
            "row {index}: the note, links reduced"
        );
        let (got, want) = (&plan.rows[index], &expected.rows[index]);
        for (period, got, want) in [
            ("monthly", got.monthly, want.monthly),
            ("quarterly", got.quarterly, want.quarterly),
            ("yearly", got.yearly, want.yearly),
        ] {
            assert!(
                (got - want).abs() < 1e-9,
                "{}: {period} {got} vs the built-in {want}",
                row.task
            );
        }
    }
    assert!((plan.totals.monthly - 136.0).abs() < 1e-9);
    assert!((plan.totals.quarterly - 408.0).abs() < 1e-9);
    assert!((plan.totals.yearly - 1632.0).abs() < 1e-9);
    assert!((plan.capacity.pto_hours - 448.0).abs() < 1e-9);
    assert!((model.capacity.pto_days - 56.0).abs() < 1e-9);

    assert_eq!(names_by_phase(&model), names_by_phase(&builtin));
    assert_eq!(model.metrics.len(), 21);
}

#[test]
fn the_current_page_keeps_structure_groups_and_judges() {
    let model = parsed(&imported(CURRENT));
    let builtin = Model::builtin().expect("valid");
    for (metric, builtin_metric) in model.metrics.iter().zip(&builtin.metrics) {
        assert_eq!(metric.name, builtin_metric.name);
        assert_eq!(metric.group, builtin_metric.group, "{}", metric.name);
        let parent = |m: &tamplan::domain::model::Metric, model: &Model| {
            m.parent.map(|p| model.metrics[p.0].name.clone())
        };
        assert_eq!(
            parent(metric, &model),
            parent(builtin_metric, &builtin),
            "{}",
            metric.name
        );
        assert!(
            metric
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        );
    }
    let judged: Vec<&str> = model
        .metrics
        .iter()
        .filter(|m| m.judge.is_some())
        .map(|m| m.name.as_str())
        .collect();
    assert!(judged.contains(&"Time to first engage: within 14 days"));
    assert!(judged.contains(&"Renewal NPS & CSAT Scores over 4.0 (out of 5)"));
    assert!(
        !judged.contains(&"100% of Priority 1 customers with green success plans"),
        "two figures: ambiguous, no judge"
    );
    let target = |name: &str| {
        model
            .metrics
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.target.clone())
    };
    assert_eq!(
        target("Time to Onboard: within 45 days").as_deref(),
        Some("within 45 days")
    );
    assert_eq!(
        target("Consistent stage adoption efforts and adoption").as_deref(),
        Some("all sub-items met")
    );
}

#[test]
fn the_current_page_scales_per_customer_rows_and_flags_disagreeing_notes() {
    let imported = imported(CURRENT);
    let model = parsed(&imported);
    assert_eq!(model.counts.len(), 2);
    assert_eq!(model.counts[0].name, "customers");
    assert!(
        (model.counts[0].default - 35.0).abs() < 1e-9,
        "from cadence calls"
    );
    let scaled: Vec<(&str, &str)> = model
        .rows
        .iter()
        .filter_map(|row| {
            let count = row.scales_with?;
            Some((row.task.as_str(), model.counts[count.0].name.as_str()))
        })
        .collect();
    assert_eq!(
        scaled,
        [
            ("Cadence calls", "customers"),
            ("Customer onboarding", "new_customers_per_quarter"),
            ("Renewals", "customers")
        ]
    );
    let warnings = warnings(&imported);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].starts_with("page.md:95:1: \"Renewals\""));
    assert!(warnings[0].contains("implies 48 customers, but the model uses 35"));
    // Every choice is in a comment for the reviewer.
    let comments = comments(&imported.toml);
    assert!(comments.contains("From \"Cadence calls\" (line 85)"));
    assert!(comments.contains("Its rate disagrees: \"1 hour per customer for annual\" (1 h per customer per year) at 48 h a year implies 48 customers, not 35"));
    assert!(comments.contains("Line 100: \"56 days or 448 hours of PTO\". 56 days × 8 h = 448 h."));
    assert!(comments.contains("Fixed hours: the note does not say \"per customer\"."));
}

#[test]
fn onboarding_scales_with_new_customers_per_quarter_as_the_builtin_model_does() {
    let imported = imported(CURRENT);
    let model = parsed(&imported);
    let builtin = Model::builtin().expect("the built-in model parses");
    let count = model
        .counts
        .iter()
        .find(|count| count.name == "new_customers_per_quarter")
        .expect("a count of new customers a quarter");
    assert!(
        (count.default - 3.0).abs() < 1e-9,
        "\"average of 3 customers/quarter\""
    );
    assert_eq!(count.label, "New customers per quarter");
    // Six new customers a quarter double onboarding, in both models, and
    // leave the book (and every row that grows with it) as it was.
    let doubled = |model: &Model| {
        let mut inputs = Inputs::defaults(model);
        let id = model.count_id("new_customers_per_quarter").expect("count");
        inputs.set(engine::Input::Count(id), 6.0);
        engine::compute(model, &inputs).expect("plannable")
    };
    let (plan, expected) = (doubled(&model), doubled(&builtin));
    for ((row, got), want) in model.rows.iter().zip(&plan.rows).zip(&expected.rows) {
        assert!(
            (got.yearly - want.yearly).abs() < 1e-9,
            "{}: {} vs the built-in {}",
            row.task,
            got.yearly,
            want.yearly
        );
    }
    let onboarding = model
        .rows
        .iter()
        .position(|row| row.task == "Customer onboarding")
        .expect("the row");
    assert!((plan.rows[onboarding].quarterly - 24.0).abs() < 1e-9);
    // The note's weekly rate is read as weeks of onboarding, not as a book.
    let comments = comments(&imported.toml);
    assert!(
        comments.contains(
            "grows with `new_customers_per_quarter` (3, from \"average of 3 customers/quarter\")"
        ),
        "{comments}"
    );
    assert!(
        comments.contains("4 weeks of onboarding a customer"),
        "{comments}"
    );
}

#[test]
fn rows_read_otherwise_than_the_builtin_model_say_what_it_does() {
    let page = imported(CURRENT);
    let said_all = comments(&page.toml);
    for (task, does) in [
        (
            "EBRs",
            "grows with `ebrs_per_year` (EBRs per year, 27 by default)",
        ),
        (
            "Account planning",
            "grows with `customers` (Customers in book, 35 by default)",
        ),
        (
            "Webinars & workshops",
            "grows with `webinars_per_quarter` (Webinars per quarter, 3 by default)",
        ),
        ("Adhoc customer requests", "grows with `customers`"),
        ("Customer outreach", "grows with `customers`"),
        ("Gainsight work", "grows with `customers`"),
    ] {
        let said = format!("REVIEW: the built-in model reads {task:?} otherwise: it {does}");
        assert!(said_all.contains(&said), "{said}\n{}", page.toml);
    }
    // Rows both read alike say nothing of the built-in model.
    assert_eq!(said_all.matches("the built-in model reads").count(), 6);
    // Another page's rows are not held to the built-in model.
    let other = imported(&page_with_table(&format!(
        "{HEADER}| EBRs | 2 | 9 | 27 | 108 | Average of 2 customer EBRs per month |\n"
    )));
    assert!(!comments(&other.toml).contains("built-in model"));
}

#[test]
fn the_older_page_fails_clearly_without_metrics_only() {
    let (code, stdout, stderr) = run(tamplan().args(["import", OLDER_PATH]));
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        format!(
            "tamplan: error: no rhythm-of-business table found in {OLDER_PATH}; metrics found: 13; pass --metrics-only to import just the metrics\n"
        )
    );
}

#[test]
fn the_older_page_imports_its_metrics_with_metrics_only() {
    let dir = TempDir::new().expect("temp dir");
    let out = dir.path().join("older.toml");
    tamplan()
        .args(["import", OLDER_PATH, "--metrics-only", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let model = tamplan::io::files::load_model(&out).expect("the metrics-only model loads");
    assert!(model.rows.is_empty());
    let phases = names_by_phase(&model);
    let want: BTreeMap<String, Vec<String>> = [
        (
            "Align",
            vec![
                "100% net-new customers with success plans (value drivers, use cases)",
                "EBRs held with 50% of customers with product usage data",
            ],
        ),
        (
            "Enable",
            vec![
                "Time to first engage: 14 days",
                "Time to 1st Value: 30 days",
                "Time to Onboard: 45 days",
                "Net-new customer attendance in onboarding webinars",
                "Onboarding NPS & CSAT scores",
                "Customer attendance in enablement webinars",
                "Use Case Health scores",
            ],
        ),
        (
            "Expand & Renew",
            vec![
                "Customer attendance in expansion webinars",
                "New Use Cases Adopted",
                "% Low License Utilizations 'Saves' (improvement)",
                "Renewal NPS & CSAT Scores",
            ],
        ),
    ]
    .into_iter()
    .map(|(phase, names)| {
        (
            phase.to_owned(),
            names.into_iter().map(str::to_owned).collect(),
        )
    })
    .collect();
    assert_eq!(phases, want);
    let groups: Vec<Option<&str>> = model
        .metrics
        .iter()
        .filter(|m| m.phase == "Enable")
        .map(|m| m.group.as_deref())
        .collect();
    assert_eq!(
        groups,
        [
            Some("Onboarding"),
            Some("Onboarding"),
            Some("Onboarding"),
            Some("Onboarding"),
            Some("Onboarding"),
            Some("Use-Case Enablement"),
            Some("Use-Case Enablement"),
        ]
    );
    let judged: Vec<&str> = model
        .metrics
        .iter()
        .filter(|m| m.judge.is_some())
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        judged,
        ["100% net-new customers with success plans (value drivers, use cases)"],
        "the only item with one unambiguous figure"
    );

    tamplan().arg("check").arg(&out).assert().success();
    let report = tamplan()
        .args(["report", "--format", "json", "--model"])
        .arg(&out)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&report.get_output().stdout).expect("JSON");
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["totals"]["yearly"].as_f64(), Some(0.0));
    assert_eq!(json["metrics"].as_array().map(Vec::len), Some(13));
}

#[test]
fn metrics_only_on_a_page_without_metrics_fails() {
    let dir = TempDir::new().expect("temp dir");
    let page = dir.path().join("empty.md");
    std::fs::write(&page, "# Nothing here\n").expect("write");
    let (code, _, stderr) = run(tamplan().args(["import", "--metrics-only"]).arg(&page));
    assert_eq!(code, 1);
    assert!(stderr.contains("no metrics found in"), "{stderr}");
    let (code, _, stderr) = run(tamplan().arg("import").arg(&page));
    assert_eq!(code, 1);
    assert!(stderr.ends_with("; metrics found: 0\n"), "{stderr}");
}

// ------------------------------------------------------- the real binary --

#[test]
fn the_written_file_passes_check_and_reports() {
    let dir = TempDir::new().expect("temp dir");
    let out = dir.path().join("named.toml");
    let (code, stdout, stderr) = run(tamplan().args(["import", CURRENT_PATH, "-o"]).arg(&out));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains(&format!(
        "tamplan: warning: {CURRENT_PATH}:95:1: \"Renewals\""
    )));
    assert!(stderr.contains("tamplan: wrote"));
    tamplan()
        .arg("check")
        .arg(&out)
        .assert()
        .success()
        .stdout(format!("{}: ok\n", out.display()));
    let report = tamplan()
        .args(["report", "--format", "json", "--model"])
        .arg(&out)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&report.get_output().stdout).expect("JSON");
    assert_eq!(json["model"], "TAM Segment: Named");
    assert_eq!(json["totals"]["monthly"].as_f64(), Some(136.0));
    assert_eq!(json["totals"]["yearly"].as_f64(), Some(1632.0));
    assert_eq!(json["capacity"]["pto_hours"].as_f64(), Some(448.0));
    assert_eq!(json["max_customers"].as_u64(), Some(35));
    // No leftover temporary file beside the output.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["named.toml"]);
}

#[test]
fn without_output_the_model_goes_to_stdout() {
    let assert = tamplan().args(["import", CURRENT_PATH]).assert().success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8");
    let expected = import(CURRENT, CURRENT_PATH, Options::default()).expect("imports");
    assert_eq!(stdout, expected.toml);
}

#[test]
fn an_existing_output_is_kept_without_force() {
    let dir = TempDir::new().expect("temp dir");
    let out = dir.path().join("model.toml");
    std::fs::write(&out, "keep me\n").expect("write");
    let (code, _, stderr) = run(tamplan().args(["import", CURRENT_PATH, "-o"]).arg(&out));
    assert_eq!(code, 1);
    assert!(stderr.ends_with(&format!(
        "tamplan: error: {} already exists; pass --force to overwrite it\n",
        out.display()
    )));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep me\n");

    tamplan()
        .args(["import", CURRENT_PATH, "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    // Outside the user's own folders: no line naming the config folder.
    let written = std::fs::read_to_string(&out).expect("read");
    assert!(
        written.starts_with("# Imported by `tamplan import`"),
        "{written}"
    );
    Model::parse(&written, "model.toml").expect("valid");
}

#[test]
fn bad_usage_exits_2_and_bad_files_exit_1() {
    assert_eq!(
        run(tamplan().args(["import", CURRENT_PATH, "--force"])).0,
        2
    );
    assert_eq!(run(tamplan().args(["import"])).0, 2);
    let (code, _, stderr) = run(tamplan().args(["import", "no/such/page.md"]));
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "tamplan: error: cannot read no/such/page.md: no such file; expected a readable Markdown page\n"
    );
    let (code, _, stderr) = run(tamplan().args(["import", "tests"]));
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "tamplan: error: tests: is a directory; expected a UTF-8 Markdown page\n"
    );
    let dir = TempDir::new().expect("temp dir");
    let (code, _, stderr) = run(tamplan()
        .args(["import", CURRENT_PATH, "-o"])
        .arg(dir.path()));
    assert_eq!(code, 1);
    assert!(stderr.contains("tamplan: error: cannot write"), "{stderr}");
    let page = dir.path().join("latin1.md");
    std::fs::write(&page, b"---\ntitle: caf\xe9\n---\n").expect("write");
    let (code, _, stderr) = run(tamplan().arg("import").arg(&page));
    assert_eq!(code, 1);
    assert!(
        stderr.contains(":2:11: not UTF-8 text; expected a UTF-8 Markdown page"),
        "{stderr}"
    );
}

#[test]
fn a_bad_table_exits_1_naming_page_line_and_column() {
    let dir = TempDir::new().expect("temp dir");
    let page = dir.path().join("bad.md");
    std::fs::write(
        &page,
        page_with_table(&format!("{HEADER}| Calls | 8 | lots | 105 | 420 | n |\n")),
    )
    .expect("write");
    let out = dir.path().join("out.toml");
    let (code, _, stderr) = run(tamplan().arg("import").arg(&page).arg("-o").arg(&out));
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!(
            "tamplan: error: {}:8:15: \"lots\" in the Monthly column is not a number",
            page.display()
        )),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written for a bad page");
}

// ------------------------------------------------------------ bad tables --

#[test]
fn a_non_numeric_cell_is_an_error_at_its_cell() {
    let (errors, _) = invalid(&page_with_table(&format!(
        "{HEADER}| Calls | 8 | 35 | 105 | 420 | n |\n| EBRs | 2 | 9 | 27 | ~108 | n |\n"
    )));
    assert_eq!(
        errors,
        [
            "page.md:9:23: \"~108\" in the Yearly column is not a number; expected hours ≥ 0, like 4 or 0.25"
        ]
    );
}

#[test]
fn a_missing_monthly_column_falls_back_and_says_so() {
    let page = page_with_table(
        "| Tasks | Weekly | Quarterly | Yearly | Notes |\n|---|---|---|---|---|\n\
         | Calls | 8 | 105 | 420 | n |\n| EBRs | 2 | 27 | | n |\n| Blog | 0.25 | | | n |\n",
    );
    let imported = imported(&page);
    let warnings = warnings(&imported);
    assert_eq!(
        warnings,
        [
            "page.md:6:1: the table has no Monthly column; hours a month come from Yearly ÷ 12, Quarterly ÷ 3 or Weekly × 52 ÷ 12; expected Tasks, Weekly, Monthly, Quarterly, Yearly and Notes",
            "page.md:8:1: \"Calls\" has no Monthly figure; hours a month = Yearly ÷ 12 = 35",
            "page.md:9:1: \"EBRs\" has no Monthly figure; hours a month = Quarterly ÷ 3 = 9",
            "page.md:10:1: \"Blog\" has no Monthly figure; hours a month = Weekly × 52 ÷ 12 (the weekly figures are rounded) = 1.08",
        ]
    );
    assert!(
        comments(&imported.toml)
            .contains("REVIEW: line 8: no Monthly figure; Yearly 420 gives 35 h a month.")
    );
    let model = parsed(&imported);
    let hours: Vec<f64> = model.rows.iter().map(|row| row.hours).collect();
    assert!((hours[0] - 35.0).abs() < 1e-9);
    assert!((hours[1] - 9.0).abs() < 1e-9);
    assert!((hours[2] - 0.25 * 52.0 / 12.0).abs() < 1e-9);
}

#[test]
fn missing_notes_and_extra_columns_are_warnings() {
    let page = page_with_table(
        "| Tasks | Owner | Monthly | Weekly | Quarterly | Yearly |\n|---|---|---|---|---|---|\n\
         | Calls | me | 35 | 8 | 105 | 420 |\n",
    );
    let imported = imported(&page);
    let warnings = warnings(&imported);
    assert_eq!(
        warnings,
        [
            "page.md:6:1: the table has no Notes column; the rows have no notes; expected Tasks, Weekly, Monthly, Quarterly, Yearly and Notes",
            "page.md:6:11: extra column \"Owner\" is ignored; expected Tasks, Weekly, Monthly, Quarterly, Yearly and Notes",
        ]
    );
    let model = parsed(&imported);
    assert!(
        (model.rows[0].hours - 35.0).abs() < 1e-9,
        "columns in any order"
    );
    assert_eq!(model.rows[0].note, "");
}

#[test]
fn a_missing_tasks_column_means_no_table() {
    let page = page_with_table("| Weekly | Monthly |\n|---|---|\n| 8 | 35 |\n");
    assert_eq!(
        import(&page, "page.md", Options::default()),
        Err(ImportError::NoTable { metrics: 0 })
    );
}

#[test]
fn a_duplicate_column_is_an_error() {
    let (errors, _) = invalid(&page_with_table(
        "| Tasks | Monthly | monthly | Notes |\n|---|---|---|---|\n| Calls | 35 | 36 | n |\n",
    ));
    assert_eq!(
        errors,
        ["page.md:6:21: second Monthly column; expected each column once"]
    );
}

#[test]
fn ragged_rows_are_errors_at_their_line() {
    let (errors, _) = invalid(&page_with_table(&format!(
        "{HEADER}| Calls | 8 | 35 | 105 | 420 | n |\n| EBRs | 2 | 9 | 27 |\n| Renewals | 1 | 4 | 12 | 48 | n | extra |\n| Pipes \\| ok | 1 | 4 | 12 | 48 | n |\n"
    )));
    assert_eq!(
        errors,
        [
            "page.md:9:1: row has 4 cells but the header has 6; expected one cell per column",
            "page.md:10:1: row has more cells than the header's 6; expected one cell per column",
        ]
    );
}

#[test]
fn duplicate_tasks_are_errors_naming_both_lines() {
    let (errors, _) = invalid(&page_with_table(&format!(
        "{HEADER}| [Calls](/x) | 8 | 35 | 105 | 420 | n |\n| calls | 2 | 9 | 27 | 108 | n |\n"
    )));
    assert_eq!(
        errors,
        ["page.md:9:3: duplicate task \"calls\" (first at line 8); expected each task once"]
    );
}

#[test]
fn every_problem_is_reported_together_with_the_warnings() {
    let (errors, warnings) = invalid(&page_with_table(
        "| Tasks | Monthly | Owner | Notes |\n|---|---|---|---|\n| | 1 | x | n |\n| A | x | x | n |\n| B | | x | n |\n",
    ));
    assert_eq!(
        errors,
        [
            "page.md:8:3: the task is empty; expected the task's name",
            "page.md:9:7: \"x\" in the Monthly column is not a number; expected hours ≥ 0, like 4 or 0.25",
            "page.md:10:3: no hours for \"B\"; expected a number in the Monthly column (or Yearly, Quarterly, Weekly)",
        ]
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("extra column \"Owner\""))
    );
}

#[test]
fn a_table_with_only_a_totals_row_is_an_error() {
    let (errors, _) = invalid(&page_with_table(&format!(
        "{HEADER}| **Total hours spent** | 1 | 4 | 12 | 48 | |\n"
    )));
    assert_eq!(
        errors,
        ["page.md:6:1: the task table has no task rows; expected at least one"]
    );
}

#[test]
fn a_totals_row_that_does_not_add_up_is_a_warning_at_its_line() {
    let page = page_with_table(&format!(
        "{HEADER}| Calls | 8 | 35 | 105 | 420 | n |\n| EBRs | 2 | 9 | 27 | 108 | n |\n| **Total hours spent** | 10 | 45 | 132 | 528 | |\n{{: .table}}\n"
    ));
    let imported = imported(&page);
    assert_eq!(
        warnings(&imported),
        [
            "page.md:10:1: the totals row's Monthly figure is 45 but the rows add up to 44; the rows are imported as written"
        ]
    );
    let model = parsed(&imported);
    assert_eq!(model.rows.len(), 2, "the totals row is not a task");
}

#[test]
fn columns_that_disagree_within_a_row_are_warnings() {
    let imported = imported(&page_with_table(&format!(
        "{HEADER}| EBRs | 2 | 9 | 27 | 100 | n |\n"
    )));
    assert_eq!(
        warnings(&imported),
        [
            "page.md:8:1: \"EBRs\": Monthly 9 × 12 = 108 but Yearly says 100; the model uses the monthly figure"
        ]
    );
}

// ------------------------------------------- capacity, counts and title --

#[test]
fn pto_days_and_hours_must_agree() {
    let page = format!(
        "---\ntitle: T\n---\n{HEADER}| A | 1 | 4 | 12 | 48 | n |\n\nWe take 50 days or 448 hours of PTO.\n"
    );
    let imported = imported(&page);
    assert_eq!(
        warnings(&imported),
        [
            "page.md:8:1: PTO: 50 days × 8 h = 400 h, but the page says 448 h; the model uses the days"
        ]
    );
    let model = parsed(&imported);
    assert!((model.capacity.pto_days - 50.0).abs() < 1e-9);
    assert!(
        comments(&imported.toml)
            .contains("REVIEW: 50 days × 8 h = 400 h, not the 448 h the page says")
    );
}

#[test]
fn a_page_without_pto_gets_zero_and_a_warning() {
    let imported = imported(&format!(
        "---\ntitle: T\n---\n{HEADER}| A | 1 | 4 | 12 | 48 | n |\n"
    ));
    assert_eq!(
        warnings(&imported),
        ["page.md: no sentence like \"56 days or 448 hours of PTO\"; pto_days is 0"]
    );
    assert!(parsed(&imported).capacity.pto_days.abs() < 1e-12);
}

#[test]
fn pto_that_leaves_no_time_is_an_error() {
    let (errors, _) = invalid(
        "---\ntitle: T\n---\n| Tasks | Monthly |\n|---|---|\n| A | 1 |\n\nWe take 300 days or 2400 hours of PTO.\n",
    );
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("page.md:8:1: PTO \"300 days or 2400 hours of PTO\""));
}

#[test]
fn the_first_per_customer_rate_decides_the_book_size() {
    let page = page_with_table(&format!(
        "{HEADER}| Renewals | 1 | 4 | 12 | 48 | 1 hour per customer per year |\n| Calls | 8 | 35 | 105 | 420 | 1 hour per customer |\n| Other | 1 | 4 | 12 | 48 | spent per customer, roughly |\n"
    ));
    let imported = imported(&page);
    let model = parsed(&imported);
    assert!(
        (model.counts[0].default - 48.0).abs() < 1e-9,
        "renewals come first"
    );
    assert_eq!(
        model
            .rows
            .iter()
            .filter(|r| r.scales_with.is_some())
            .count(),
        3
    );
    assert_eq!(
        warnings(&imported),
        [
            "page.md:9:1: \"Calls\": \"1 hour per customer\" (1 h per customer with no period, read per month) at 35 h a month implies 35 customers, but the model uses 48 (from \"Renewals\", the first row with a per-customer rate)"
        ]
    );
    assert!(
        comments(&imported.toml).contains("Its note gives no rate to check the book size against.")
    );
}

#[test]
fn per_customer_without_any_rate_does_not_scale() {
    let imported = imported(&page_with_table(&format!(
        "{HEADER}| Calls | 8 | 35 | 105 | 420 | time per customer |\n"
    )));
    let model = parsed(&imported);
    assert!(model.counts.is_empty());
    assert!(model.rows[0].scales_with.is_none());
    assert_eq!(warnings(&imported).len(), 1);
}

#[test]
fn titles_and_texts_are_escaped_for_toml() {
    let page = "---\nlayout: x\ntitle: 'Quotes \" and \\ backslash # not a comment'\n---\n\
                | Tasks | Monthly | Notes |\n|---|---|---|\n| \"Odd\" \\\\ task ''' | 1 | note with \"\"\" and `code` |\n\n\
                56 days or 448 hours of PTO\n";
    let model = parsed(&imported(page));
    assert_eq!(model.name, "Quotes \" and \\ backslash # not a comment");
    assert_eq!(model.rows[0].task, "\"Odd\" \\ task '''");
    assert_eq!(model.rows[0].note, "note with \"\"\" and code");
}

#[test]
fn a_page_without_front_matter_is_named_after_the_file() {
    let imported =
        imported("| Tasks | Monthly |\n|---|---|\n| A | 1 |\n\n56 days or 448 hours of PTO\n");
    assert_eq!(parsed(&imported).name, "Imported from page.md");
    assert!(warnings(&imported)[0].contains("no front matter with a title"));
}

#[test]
fn kramdown_attributes_and_links_are_dropped_from_metrics() {
    let page = "---\ntitle: T\n---\n#### Metrics for Align\n{: #align}\n\n**Onboarding**\n\n\
                - See [the docs](/x) within 5 days\n  {: .note}\n  - Sub item\n- Second\n\n\
                #### Other heading\n\n- Not a metric\n";
    let imported = match import(page, "page.md", Options { metrics_only: true }) {
        Ok(imported) => imported,
        Err(error) => panic!("{error}"),
    };
    let model = parsed(&imported);
    let names: Vec<&str> = model.metrics.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["See the docs within 5 days", "Sub item", "Second"]);
    assert_eq!(model.metrics[0].group.as_deref(), Some("Onboarding"));
    assert_eq!(model.metrics[1].parent.map(|p| p.0), Some(0));
    assert_eq!(model.metrics[0].id, "see_the_docs_within_5");
    assert!(
        model.metrics[0].judge.is_none(),
        "a parent follows its sub-items"
    );
}

// -------------------------------------------------------------- property --

/// Markdown fragments that look like the page: front matter, tables with
/// random cells, metric lists, labels, attribute lines, PTO sentences, and
/// arbitrary text.
fn fragment() -> impl Strategy<Value = String> {
    let cell = "[a-zA-Z0-9 .,*_\\[\\]()|:\\\\`-]{0,10}";
    prop_oneof![
        Just("---".to_owned()),
        Just("title: \"T\"".to_owned()),
        "title: [^\n]{0,20}",
        Just(HEADER.trim_end().to_owned()),
        Just("| Tasks | Monthly | Notes |".to_owned()),
        Just("|---|---|---|".to_owned()),
        prop::collection::vec(cell, 0..8).prop_map(|cells| format!("| {} |", cells.join(" | "))),
        prop::collection::vec("[0-9]{1,4}(\\.[0-9]{1,2})?", 1..6).prop_map(|cells| format!(
            "| Task {} | {} | 1 hour per customer |",
            cells.len(),
            cells.join(" | ")
        )),
        Just("| **Total hours spent** | 1 | 2 | 3 | 4 | |".to_owned()),
        "#{1,4} Metrics for [A-Za-z &]{0,12}",
        "#{1,4} [A-Za-z ]{0,12}",
        "( {0,3}|   )(1\\.|-|\\*) [^\n]{0,30}",
        Just("Onboarding:".to_owned()),
        Just("{: .alert .alert-warning}".to_owned()),
        "[0-9]{1,3} days or [0-9]{1,4} hours of PTO",
        Just(String::new()),
        any::<String>(),
    ]
}

/// 512 cases, or `PROPTEST_CASES` for a longer run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn any_markdown_imports_or_fails_cleanly(
        fragments in prop::collection::vec(fragment(), 0..30),
        metrics_only in any::<bool>(),
    ) {
        let page = fragments.join("\n");
        match import(&page, "page.md", Options { metrics_only }) {
            Ok(imported) => {
                let model = Model::parse(&imported.toml, "imported.toml");
                prop_assert!(model.is_ok(), "{:?}\n{}", model.err(), imported.toml);
                if let Ok(model) = model {
                    prop_assert_eq!(model.rows.len(), imported.rows);
                    prop_assert_eq!(model.metrics.len(), imported.metrics);
                    prop_assert!(engine::compute(&model, &Inputs::defaults(&model)).is_ok());
                }
            }
            Err(ImportError::Generated(problems)) => {
                prop_assert!(false, "generated an invalid model: {problems}");
            }
            Err(_) => {}
        }
    }
}

/// A well-formed page with arbitrary task names, figures, notes, title and
/// metric items: the import either reports a problem in the page or writes
/// a model that validates (escaping, ids, numbers).
fn page_skeleton() -> impl Strategy<Value = String> {
    let text = "[^|\n\\\\]{0,24}";
    let figure = "[0-9]{0,5}(\\.[0-9]{1,3})?";
    let row = (text, figure, figure, figure, figure, text);
    (
        "[^\n]{0,30}",
        prop::collection::vec(row, 1..8),
        prop::collection::vec(("( {0,3}|   )", "[^\n]{0,40}"), 0..10),
        "[0-9]{1,2}",
        "[0-9]{1,4}",
    )
        .prop_map(|(title, rows, items, days, hours)| {
            let mut page = format!("---\ntitle: {title:?}\n---\n{HEADER}");
            for (task, weekly, monthly, quarterly, yearly, note) in rows {
                let _ = writeln!(
                    page,
                    "| {task} | {weekly} | {monthly} | {quarterly} | {yearly} | {note} |"
                );
            }
            let _ = write!(
                page,
                "\n{days} days or {hours} hours of PTO\n\n#### Metrics for Align\n\n"
            );
            for (indent, item) in items {
                let _ = writeln!(page, "{indent}1. {item}");
            }
            page
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn well_formed_pages_give_valid_models(page in page_skeleton(), metrics_only in any::<bool>()) {
        match import(&page, "page.md", Options { metrics_only }) {
            Ok(imported) => {
                let model = Model::parse(&imported.toml, "imported.toml");
                prop_assert!(model.is_ok(), "{:?}\n{}", model.err(), imported.toml);
            }
            Err(ImportError::Generated(problems)) => {
                prop_assert!(false, "generated an invalid model: {problems}\n{page}");
            }
            Err(_) => {}
        }
    }
}

#[test]
fn the_fixtures_are_the_seed_pages() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    for (fixture, name) in [
        (CURRENT, "000_176c7d470173e359.txt"),
        (OLDER, "001_8c777c043a75f684.txt"),
    ] {
        let seed: PathBuf = seeds.join(name);
        if let Ok(seed) = std::fs::read_to_string(seed) {
            assert_eq!(fixture, seed, "{name} is a copy of the seed");
        }
    }
}

/// The page with its table grown to `rows` rows of 1 h a month.
fn grown_page(rows: usize) -> String {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/000_176c7d470173e359.txt"
    ))
    .expect("read");
    let mut out = String::new();
    let mut in_table = false;
    for line in page.lines() {
        if line.starts_with("| Tasks") {
            in_table = true;
            out.push_str(line);
            out.push_str("\n|---|---|---|---|---|---|\n");
            for n in 0..rows {
                let _ = writeln!(out, "| Task {n} | 0.25 | 1 | 3 | 12 | fixed |");
            }
            let _ = writeln!(
                out,
                "| **Total hours spent** | {}.{:02} | {rows} | {} | {} |  |",
                rows / 4,
                rows % 4 * 25,
                rows * 3,
                rows * 12
            );
        } else if in_table {
            in_table = line.starts_with('|');
            if !in_table {
                out.push_str(line);
                out.push('\n');
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Import was quadratic (each row's line found by scanning from the page's
/// start): 20,000 rows took 1.9 s in a release build, 100,000 never ended.
/// Now each doubling of the table at most a little more than doubles the
/// time; a quadratic import would take four times as long. 5,000 rows and
/// then the 20,000 of that bug: at 5,000 such a scan already outweighs the
/// rest of the import in a debug build.
#[test]
fn import_time_grows_linearly_with_the_table() {
    let time = |rows: usize| {
        let page = grown_page(rows);
        let best = (0..3)
            .map(|_| {
                let start = std::time::Instant::now();
                let model = imported(&page);
                assert_eq!(model.rows, rows);
                start.elapsed()
            })
            .min()
            .expect("three runs");
        best.as_secs_f64()
    };
    let small = time(5_000);
    let large = time(20_000);
    assert!(
        large < small * 8.0,
        "4× the rows took {:.1}× the time ({small:.3} s, then {large:.3} s)",
        large / small
    );
}

// ----------------------------------------- pages as site generators write --

/// Each shape a handbook page takes in `tests/fixtures/pages/` imports
/// without a hand edit: the same two tasks, the same hours and PTO, and the
/// name from wherever the page gives it.
#[test]
fn pages_as_site_generators_write_them_import_as_they_are() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
    for (file, name, warning) in [
        ("yaml-blank-line.md", "Pod: Scale", None),
        ("toml-front-matter.md", "Pod: Scale", None),
        (
            "first-heading.md",
            "Pod: Scale",
            Some(
                "no front matter with a title; the model is named \"Pod: Scale\" after the first `#` heading",
            ),
        ),
        (
            "pod-scale.md",
            "Imported from pod-scale.md",
            Some(
                "no front matter with a title; the model is named \"Imported from pod-scale.md\" after the file",
            ),
        ),
        ("absolute-links.md", "Pod: Scale", None),
        ("deep-heading.md", "Pod: Scale", None),
        ("look-alike-table.md", "Pod: Scale", None),
    ] {
        let page = std::fs::read_to_string(folder.join(file)).expect("read");
        let imported = match import(&page, file, Options::default()) {
            Ok(imported) => imported,
            Err(error) => panic!("{file}: {error}"),
        };
        let model = parsed(&imported);
        assert_eq!(model.name, name, "{file}");
        let tasks: Vec<&str> = model.rows.iter().map(|row| row.task.as_str()).collect();
        assert_eq!(tasks, ["Cadence calls", "Internal meetings"], "{file}");
        let plan = engine::compute(&model, &Inputs::defaults(&model)).expect("plannable");
        assert!((plan.totals.yearly - 336.0).abs() < 1e-9, "{file}");
        assert!((model.capacity.pto_days - 20.0).abs() < 1e-9, "{file}");
        let said: Vec<String> = imported
            .warnings
            .iter()
            .map(|warning| warning.located(file))
            .collect();
        match warning {
            Some(warning) => assert!(
                said.iter().any(|line| line.contains(warning)),
                "{file}: {said:#?}"
            ),
            None => assert!(
                !said.iter().any(|line| line.contains("model is named")),
                "{file}: {said:#?}"
            ),
        }
    }
}

/// A table that looks like the hours table but is not (no Tasks column,
/// `<br>` in its cells) is never taken for it, alone or before the real one.
#[test]
fn a_look_alike_table_is_never_the_hours_table() {
    let page = "---\ntitle: x\n---\n| Description | Metrics | DRI |\n|---|---|---|\n\
                | Time to value<br>for new customers | 14 | Ana |\n";
    assert_eq!(
        import(page, "page.md", Options::default()),
        Err(ImportError::NoTable { metrics: 0 })
    );
}

/// Broken TOML front matter is a warning at its line, and the name falls
/// back to the first heading.
#[test]
fn broken_toml_front_matter_is_a_warning_at_its_place() {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pages/toml-front-matter.md"
    ))
    .expect("read")
    .replace("title = \"Pod: Scale\"", "title = \"Pod: Scale")
    .replace("\nThe team plans", "\n# Pod: Small\n\nThe team plans");
    let imported = imported(&page);
    assert_eq!(parsed(&imported).name, "Pod: Small");
    let said = warnings(&imported);
    assert!(
        said.iter().any(|line| line.starts_with("page.md:2:")
            && line.contains("the front matter is not valid TOML")),
        "{said:#?}"
    );
}

/// A page that opens with a thematic break and prose has no front matter:
/// nothing of it is hidden as metadata, and its heading names the model.
#[test]
fn a_page_opening_with_a_rule_keeps_its_text() {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pages/pod-scale.md"
    ))
    .expect("read");
    let page = format!("---\n\n# Pod: Rule\n\nA note before the page.\n\n---\n{page}");
    let imported = imported(&page);
    assert_eq!(parsed(&imported).name, "Pod: Rule");
    assert_eq!(imported.rows, 2);
}
