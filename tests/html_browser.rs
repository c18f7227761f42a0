//! The HTML documents in a real browser (headless Chromium): the numbers
//! read from the rendered page equal the JSON's (the plan, the team, the
//! calibration and the diff), nothing overflows at 360
//! and 1280 px (a wide table scrolls in its own box), the handbook plan
//! prints on 1–3 pages at A4 and at Letter with its name, utilization and
//! running header, and a script put into a page does not run.
//!
//! `.ci/run` installs Chromium and poppler-utils; where no browser can be
//! installed these tests say so and pass without checking (in CI they
//! fail instead).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use regex::Regex;
use tempfile::TempDir;

mod support;
use support::{output_of, tamplan};

const NOW: &str = "2026-12-07T09:00:00+00:00";
const FIXTURES: &str = "tests/fixtures/html";

/// The browser, or `None` (said once per test) where none is installed.
fn browser() -> Option<PathBuf> {
    let found = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-headless-shell",
        "/usr/lib/chromium/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|path| path.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs the browser tests: .ci/run installs chromium"
        );
        eprintln!(
            "skipped: no headless Chromium here (apt-get install -y chromium poppler-utils runs these tests)"
        );
    }
    found
}

/// Chromium run headless on `page` with `args`, in a fresh profile; its
/// stdout.
fn chromium(browser: &Path, args: &[String], page: &Path) -> String {
    let profile = TempDir::new().expect("profile");
    let output = assert_cmd::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .timeout(Duration::from_secs(120))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `tamplan ARGS` in the repository with the clock fixed; its stdout.
fn run(args: &[&str]) -> String {
    let (code, stdout, stderr) = output_of(
        tamplan()
            .env("TAMPLAN_NOW", NOW)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

/// A document and its JSON, from the same arguments.
struct Document {
    name: &'static str,
    html: String,
    json: serde_json::Value,
}

fn document(name: &'static str, args: &[&str]) -> Document {
    let with = |format: &str| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--format", format]);
        run(&all)
    };
    Document {
        name,
        html: with("html"),
        json: serde_json::from_str(&with("json")).expect("JSON"),
    }
}

fn handbook() -> Document {
    document("plan", &["report"])
}

fn dana() -> Document {
    document(
        "dana",
        &[
            "report",
            "--scenario",
            "tests/fixtures/html/dana.toml",
            "--timesheet",
            "tests/fixtures/html/time.csv",
            "--rules",
            "tests/fixtures/html/rules.toml",
        ],
    )
}

fn team() -> Document {
    document(
        "team",
        &["team", "tests/fixtures/html/team", "--book", "100"],
    )
}

fn calibration(from: &str) -> Document {
    let rules = format!("{FIXTURES}/rules.toml");
    let time = format!("{FIXTURES}/time.csv");
    document(
        "calibration",
        &[
            "calibrate",
            "--scenario",
            "tests/fixtures/html/dana.toml",
            "--rules",
            &rules,
            "--from",
            from,
            "--to",
            "2026-11-20",
            &time,
        ],
    )
}

/// Dana's plan in a git repository (made with the `git` program, fixed
/// names and dates): 30 customers on 2026-11-02, then the fixture's 35 and
/// more on 2026-11-16. The document of `diff` between the two commits.
fn changes(dir: &Path) -> Document {
    let root = dir.join("repo");
    std::fs::create_dir_all(&root).expect("folder");
    let dana = ("Dana", "dana@example.com");
    let git = |args: &[&str], date: &str| support::git_as(&root, args, date, dana, dana);

    let now = std::fs::read_to_string(format!("{FIXTURES}/dana.toml")).expect("fixture");
    let before = Regex::new(r"(?m)^customers = .*$")
        .expect("re")
        .replace(&now, "customers = 30")
        .into_owned();
    assert_ne!(before, now, "the fixture has a customers count");
    git(&["init", "-q", "-b", "main"], "2026-11-01T09:00:00Z");
    for (text, date) in [
        (&before, "2026-11-02T09:00:00Z"),
        (&now, "2026-11-16T09:00:00Z"),
    ] {
        std::fs::write(root.join("dana.toml"), text).expect("write");
        git(&["add", "-A"], date);
        git(&["commit", "-q", "-m", "plan"], date);
    }
    let with = |format: &str| {
        let (code, stdout, stderr) = output_of(
            tamplan()
                .env("TAMPLAN_NOW", NOW)
                .env("TAMPLAN_DATA_DIR", dir.join("data"))
                .args([
                    "diff",
                    "dana.toml",
                    "--since",
                    "HEAD~1",
                    "--to",
                    "HEAD",
                    "--format",
                    format,
                ])
                .current_dir(&root),
        );
        assert_eq!(code, 0, "diff: {stderr}");
        stdout
    };
    Document {
        name: "diff",
        html: with("html"),
        json: serde_json::from_str(&with("json")).expect("JSON"),
    }
}

/// The diff's figures on the page: planned, available and utilization
/// before and after, and each task's yearly hours.
fn assert_diff_figures(dom: &str, json: &serde_json::Value) {
    let summary = &json["summary"];
    let part = table(dom, "diff-plan-table");
    for (side, class) in [(0, "n before"), (1, "n after")] {
        let shown = cells(part, "data-figure", class);
        assert_eq!(shown.len(), 3, "planned, available, utilization");
        for ((text, key), scale) in shown
            .iter()
            .zip(["planned_hours", "available_hours", "utilization"])
            .zip([1.0, 1.0, 100.0])
        {
            assert_agrees(key, text, number(&summary[key][side]), scale);
        }
    }
    let rows = json["rows"].as_array().expect("rows");
    assert!(!rows.is_empty(), "tasks changed");
    let part = table(dom, "diff-rows-table");
    for (side, class, key) in [(0, "n before", "before"), (1, "n after", "after")] {
        let shown = cells(part, "data-row", class);
        assert_eq!(shown.len(), rows.len(), "a row a task ({side})");
        for (text, row) in shown.iter().zip(rows) {
            assert_agrees(
                row["task"].as_str().expect("task"),
                text,
                number(&row[key]),
                1.0,
            );
        }
    }
}

/// `html` written to `dir` under `name`.
fn write(dir: &Path, name: &str, html: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, html).expect("write");
    path
}

/// The text of the first element with `attribute` in `dom`.
fn text_of(dom: &str, attribute: &str) -> String {
    let re = Regex::new(&format!(r"<[a-z]+ [^>]*{attribute}[^>]*>([^<]*)<")).expect("re");
    re.captures(dom)
        .unwrap_or_else(|| panic!("no element with {attribute}"))[1]
        .to_owned()
}

/// The part of `dom` that is the table `id`.
fn table<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom
        .find(&format!("<table id=\"{id}\""))
        .or_else(|| dom.find(&format!("id=\"{id}\"")))
        .unwrap_or_else(|| panic!("no table {id}"));
    let end = dom[start..].find("</table>").expect("table ends") + start;
    &dom[start..end]
}

/// The texts of the cells of `class` in each row with `row_attribute`,
/// in order.
fn cells(part: &str, row_attribute: &str, class: &str) -> Vec<String> {
    let row = Regex::new(&format!(r#"(?s)<tr {row_attribute}="\d+"[^>]*>(.*?)</tr>"#)).expect("re");
    let cell = Regex::new(&format!(r#"<td class="{class}">([^<]*)<"#)).expect("re");
    row.captures_iter(part)
        .map(|r| {
            cell.captures(&r[1])
                .unwrap_or_else(|| panic!("no {class} cell in {}", &r[1]))[1]
                .to_owned()
        })
        .collect()
}

/// A figure as shown (`1,632.00`, `+5`, `100.2 %`) and half its last
/// digit: how far the true value may be from it.
fn shown(text: &str) -> (f64, f64) {
    let text = text
        .trim()
        .trim_end_matches('%')
        .trim()
        .replace([',', '+'], "");
    let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
    let value: f64 = text
        .parse()
        .unwrap_or_else(|_| panic!("{text:?} is a figure"));
    (
        value,
        0.5 * 10f64.powi(-i32::try_from(decimals).expect("few")),
    )
}

fn assert_agrees(what: &str, text: &str, value: f64, scale: f64) {
    let (figure, half) = shown(text);
    assert!(
        (figure - value * scale).abs() <= half + 1e-9,
        "{what}: the page shows {text:?}, the JSON has {value}"
    );
}

fn number(json: &serde_json::Value) -> f64 {
    json.as_f64()
        .unwrap_or_else(|| panic!("{json} is a number"))
}

/// The page as the browser built it.
fn dump(browser: &Path, dir: &Path, doc: &Document) -> String {
    let page = write(dir, &format!("{}.html", doc.name), &doc.html);
    chromium(browser, &["--dump-dom".to_owned()], &page)
}

fn assert_plan_figures(dom: &str, json: &serde_json::Value) {
    assert_agrees(
        "utilization",
        &text_of(dom, r#"id="utilization""#),
        number(&json["utilization"]),
        100.0,
    );
    assert_agrees(
        "planned",
        &text_of(dom, r#"id="planned""#),
        number(&json["totals"]["yearly"]),
        1.0,
    );
    assert_agrees(
        "available",
        &text_of(dom, r#"id="available""#),
        number(&json["capacity"]["available_hours"]),
        1.0,
    );
    let yearly = cells(table(dom, "tasks-table"), "data-task", "n yearly");
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(yearly.len(), rows.len(), "a row a task");
    for (text, row) in yearly.iter().zip(rows) {
        assert_agrees(
            row["task"].as_str().expect("task"),
            text,
            number(&row["yearly"]),
            1.0,
        );
    }
}

fn assert_logged_figures(dom: &str, json: &serde_json::Value) {
    let part = table(dom, "logged-table");
    let rows = json["rows"].as_array().expect("rows");
    let plan = cells(part, "data-task", "n plan");
    let actual = cells(part, "data-task", "n actual");
    assert_eq!(plan.len(), rows.len());
    for ((plan, actual), row) in plan.iter().zip(&actual).zip(rows) {
        let task = row["task"].as_str().expect("task");
        assert_agrees(task, plan, number(&row["plan_per_working_week"]), 1.0);
        assert_agrees(task, actual, number(&row["actual_per_working_week"]), 1.0);
    }
}

#[test]
fn the_numbers_on_the_rendered_pages_are_the_jsons() {
    let Some(browser) = browser() else { return };
    let dir = TempDir::new().expect("temp dir");

    let doc = handbook();
    assert_plan_figures(&dump(&browser, dir.path(), &doc), &doc.json);

    let doc = dana();
    let dom = dump(&browser, dir.path(), &doc);
    assert_plan_figures(&dom, &doc.json);
    assert_logged_figures(&dom, &doc.json["logged"]);

    let doc = calibration("2026-11-02");
    assert_logged_figures(&dump(&browser, dir.path(), &doc), &doc.json);

    let doc = changes(dir.path());
    assert_diff_figures(&dump(&browser, dir.path(), &doc), &doc.json);

    let doc = team();
    let dom = dump(&browser, dir.path(), &doc);
    let plans = doc.json["plans"].as_array().expect("plans");
    let utilization = cells(table(&dom, "team-table"), "data-plan", "n util");
    assert_eq!(utilization.len(), plans.len(), "a row a plan");
    for (text, plan) in utilization.iter().zip(plans) {
        assert_agrees(
            plan["name"].as_str().expect("name"),
            text,
            number(&plan["utilization"]),
            100.0,
        );
    }
    let totals = &doc.json["totals"];
    assert_agrees(
        "team utilization",
        &text_of(&dom, r#"id="utilization""#),
        number(&totals["utilization"]),
        100.0,
    );
    assert_agrees(
        "team planned",
        &text_of(&dom, r#"id="planned""#),
        number(&totals["planned_hours"]),
        1.0,
    );
    assert_agrees(
        "team available",
        &text_of(&dom, r#"id="available""#),
        number(&totals["available_hours"]),
        1.0,
    );
}

/// A copy of `html` without its Content-Security-Policy and with
/// `script` run at the end of the body.
fn with_script(html: &str, script: &str, keep_policy: bool) -> String {
    let policy = Regex::new(r#"<meta http-equiv="Content-Security-Policy"[^>]*>"#).expect("re");
    assert!(policy.is_match(html), "the document has its policy");
    let html = if keep_policy {
        html.to_owned()
    } else {
        policy.replace(html, "").into_owned()
    };
    html.replace("</body>", &format!("<script>{script}</script></body>"))
}

/// A page that shows a copy of `html` in a frame `width` px wide (a
/// headless window is never narrower than 500 px) and measures it: the
/// copy's page width, its viewport, and how many of its boxes scroll
/// sideways, as the page's title. The document keeps its policy (the
/// measure runs in the frame's parent).
fn measuring(html: &str, width: u32) -> String {
    let copy = html.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        r#"<!DOCTYPE html><html><head><title>not measured</title></head><body style="margin:0"><iframe id="f" style="border:0;width:{width}px;height:900px" srcdoc="{copy}"></iframe><script>window.onload=function(){{var d=document.getElementById('f').contentDocument;var s=0;d.querySelectorAll('.scroll').forEach(function(b){{if(b.scrollWidth>b.clientWidth+1)s++}});document.title='W='+d.documentElement.scrollWidth+' V='+d.defaultView.innerWidth+' S='+s;}};</script></body></html>"#
    )
}

#[test]
fn nothing_overflows_at_360_or_1280_px_and_a_year_of_weeks_scrolls_in_its_box() {
    let Some(browser) = browser() else { return };
    let dir = TempDir::new().expect("temp dir");
    let year = calibration("2026-01-05");
    assert_eq!(
        year.json["weeks"].as_array().expect("weeks").len(),
        46,
        "a year of weeks, 2026-W02 to W47"
    );
    let measured = Regex::new(r"<title>W=(\d+) V=(\d+) S=(\d+)</title>").expect("re");
    for doc in [handbook(), dana(), team(), year, changes(dir.path())] {
        for width in [360, 1280] {
            let page = write(
                dir.path(),
                &format!("{}-{width}.html", doc.name),
                &measuring(&doc.html, width),
            );
            let dom = chromium(
                &browser,
                &[
                    "--dump-dom".to_owned(),
                    "--window-size=1400,1000".to_owned(),
                ],
                &page,
            );
            let found = measured
                .captures(&dom)
                .unwrap_or_else(|| panic!("{}: the measure did not run", doc.name));
            let (page_width, viewport, scrolling): (u32, u32, u32) = (
                found[1].parse().expect("n"),
                found[2].parse().expect("n"),
                found[3].parse().expect("n"),
            );
            assert_eq!(viewport, width, "the frame is {width} px wide");
            assert!(
                page_width <= viewport,
                "{} at {width} px: the page is {page_width} px wide",
                doc.name
            );
            if doc.name == "calibration" {
                assert!(
                    scrolling >= 1,
                    "{width} px: the year of weeks scrolls in its own box"
                );
            }
        }
    }
}

#[test]
fn a_script_put_into_a_page_does_not_run() {
    let Some(browser) = browser() else { return };
    let dir = TempDir::new().expect("temp dir");
    let doc = handbook();
    let script = "document.title='RAN'";
    let kept = write(
        dir.path(),
        "kept.html",
        &with_script(&doc.html, script, true),
    );
    let dom = chromium(&browser, &["--dump-dom".to_owned()], &kept);
    assert!(!dom.contains("<title>RAN</title>"), "the policy stops it");
    // The same copy without the policy runs it: the check can fail.
    let open = write(
        dir.path(),
        "open.html",
        &with_script(&doc.html, script, false),
    );
    let dom = chromium(&browser, &["--dump-dom".to_owned()], &open);
    assert!(dom.contains("<title>RAN</title>"));
}

fn poppler(tool: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("{tool} (poppler-utils): {error}"));
    assert!(output.status.success(), "{tool} {args:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_handbook_plan_prints_on_one_to_three_pages_at_a4_and_letter() {
    let Some(browser) = browser() else { return };
    let dir = TempDir::new().expect("temp dir");
    let doc = handbook();
    let percent = text_of(&doc.html, r#"id="utilization""#);
    let pages_of = Regex::new(r"Pages:\s+(\d+)").expect("re");
    let size_of = Regex::new(r"Page size:\s+([\d.]+) x ([\d.]+) pts").expect("re");
    for size in ["A4", "letter"] {
        let page = write(
            dir.path(),
            &format!("plan-{size}.html"),
            &doc.html.replace(
                "</head>",
                &format!("<style>@page{{size:{size}}}</style></head>"),
            ),
        );
        let pdf = dir.path().join(format!("plan-{size}.pdf"));
        chromium(
            &browser,
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".to_owned(),
            ],
            &page,
        );
        let pdf = pdf.display().to_string();
        let info = poppler("pdfinfo", &[&pdf]);
        let pages: u32 = pages_of.captures(&info).expect("pages")[1]
            .parse()
            .expect("n");
        assert!((1..=3).contains(&pages), "{size}: {pages} pages");
        let paper = size_of
            .captures(&info)
            .map(|c| {
                (
                    c[1].parse::<f64>().expect("n"),
                    c[2].parse::<f64>().expect("n"),
                )
            })
            .expect("a page size");
        let expected = if size == "A4" {
            (595.0, 842.0)
        } else {
            (612.0, 792.0)
        };
        assert!(
            (paper.0 - expected.0).abs() < 1.5 && (paper.1 - expected.1).abs() < 1.5,
            "{size}: {info}"
        );
        let text = poppler("pdftotext", &["-layout", &pdf, "-"]);
        assert!(text.contains("TAM Segment: Named"), "{size}: {text}");
        assert!(text.contains(&percent), "{size}: {percent} in {text}");
        // Every page has the running header: the plan and the date.
        for page in 1..=pages {
            let n = page.to_string();
            let text = poppler("pdftotext", &["-f", &n, "-l", &n, &pdf, "-"]);
            assert!(
                text.contains("1:1: TAM Segment: Named") && text.contains("2026-12-07"),
                "{size}, page {page}: {text}"
            );
        }
    }
}

#[test]
fn a_screenshot_of_each_document_at_1280_px() {
    let Some(browser) = browser() else { return };
    let dir = TempDir::new().expect("temp dir");
    // `TAMPLAN_SCREENSHOTS=write` keeps them in docs/images/ (the docs
    // show them); otherwise they are taken and checked only.
    let keep = std::env::var("TAMPLAN_SCREENSHOTS").is_ok_and(|v| v == "write");
    let images = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/images");
    for (doc, name) in [
        (dana(), "html-plan.png"),
        (team(), "html-team.png"),
        (calibration("2026-11-02"), "html-calibration.png"),
        (changes(dir.path()), "html-diff.png"),
    ] {
        let page = write(dir.path(), &format!("{}.html", doc.name), &doc.html);
        let shot = if keep {
            images.join(name)
        } else {
            dir.path().join(name)
        };
        chromium(
            &browser,
            &[
                format!("--screenshot={}", shot.display()),
                "--window-size=1280,1400".to_owned(),
            ],
            &page,
        );
        let png = std::fs::read(&shot).expect("the screenshot");
        assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
        assert!(
            images.join(name).is_file(),
            "docs/images/{name} is kept (TAMPLAN_SCREENSHOTS=write takes it)"
        );
    }
}
