//! The documents' text: escaped, cleaned, and deterministic.

use super::*;

#[test]
fn text_from_a_file_is_text_never_markup() {
    let hostile = "<script>alert(\"x\")</script> & 'q' \u{1b}[31m\u{202e}evil";
    let html = text_page("Report", hostile, None, hostile);
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'q'"));
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
}

#[test]
fn the_page_forbids_scripts_and_requests() {
    let html = text_page("Report", "plan", Some("2026-12-07".to_owned()), "x");
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(html.contains(&format!("content=\"{CSP}\"")));
    assert!(CSP.contains("default-src 'none'"));
    assert!(!CSP.contains("script-src"));
    assert!(html.contains("<title>Report: plan · 2026-12-07</title>"));
    for forbidden in [
        "<script",
        "<link",
        "@import",
        "url(http",
        "src=\"http",
        "<iframe",
    ] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
}

#[test]
fn the_running_header_quotes_the_name_as_a_css_string() {
    let html = text_page(
        "1:1",
        "a\"}</style><script>",
        Some("2026-12-07".to_owned()),
        "",
    );
    // Exactly one style element, and the name inside it only escaped.
    assert_eq!(html.matches("</style>").count(), 1);
    assert!(
        html.contains(r#"@top-left{content:"1\3a 1\3a  a\22 \7d \3c \2f style\3e \3c script\3e ""#),
        "{html}"
    );
}

#[test]
fn a_change_has_an_arrow_beside_its_sign() {
    assert_eq!(
        delta("+84.00").into_string(),
        "<span class=\"up\">+84.00</span>"
    );
    assert_eq!(
        delta("-3.50").into_string(),
        "<span class=\"down\">-3.50</span>"
    );
    assert_eq!(delta("0.00").into_string(), "<span class=\"\">0.00</span>");
}

#[test]
fn the_last_1on1_plugs_into_the_plan_document_and_its_json_with_one_value() {
    use crate::report::{PlanDocument, Render as _, Report};
    let model = crate::domain::model::Model::builtin().expect("model");
    let inputs = crate::domain::engine::Inputs::defaults(&model);
    let plan = crate::domain::engine::compute(&model, &inputs).expect("plan");
    let report = Report {
        model: &model,
        model_source: "built-in",
        scenario: None,
        inputs: &inputs,
        plan: &plan,
    };
    let mut document = PlanDocument::new(report);
    let without = document.html();
    assert!(!without.contains("Since the last 1:1"));
    assert!(!document.json().expect("json").contains("since_review"));
    // The plan at the last 1:1 had 30 customers; this one has the
    // model's 35.
    let mut then_inputs = inputs.clone();
    let customers = crate::domain::engine::Input::by_name(&model, "customers").expect("customers");
    then_inputs.set(customers, 30.0);
    let then_plan = crate::domain::engine::compute(&model, &then_inputs).expect("plan");
    let empty = crate::domain::scenario::Scenario::default();
    let loaded = |inputs, plan| crate::domain::diff::Loaded {
        scenario: &empty,
        inputs,
        plan,
    };
    let diff = crate::domain::diff::diff(
        &model,
        loaded(&then_inputs, &then_plan),
        loaded(&inputs, &plan),
    );
    let version = |label: &str| crate::domain::diff::Version {
        commit: None,
        time: None,
        reviewed: None,
        label: label.to_owned(),
    };
    let since = crate::report::SinceSection {
        label: "the last 1:1 (2026-11-02 <b>)".to_owned(),
        compared: crate::domain::diff::Compared {
            file: "plan.toml".to_owned(),
            from: version("the plan as reviewed"),
            to: version("the plan on screen"),
            diff,
            notes: Vec::new(),
        },
    };
    document.since = Some(&since);
    let with = document.html();
    assert!(
        with.contains(
            "<h2 id=\"since-h\">Since the last 1:1 (2026-11-02 &lt;b&gt;)</h2><p class=\"keep\">the plan as reviewed → the plan on screen</p><p class=\"headline\">30 → 35 customers"
        ),
        "{with}"
    );
    assert!(with.contains("<h3>Inputs</h3>"), "{with}");
    // After the quarters, before the metrics.
    let at = |what: &str| with.find(what).expect(what);
    assert!(
        at("id=\"quarters\"") < at("id=\"since\"") && at("id=\"since\"") < at("id=\"metrics\"")
    );
    let json: serde_json::Value =
        serde_json::from_str(&document.json().expect("json")).expect("JSON");
    assert_eq!(json["since_review"]["file"], "plan.toml");
    assert_eq!(json["since_review"]["inputs"][0]["name"], "customers");
    assert_eq!(json["since_review"]["inputs"][0]["before"], 30.0);
    // The 1:1 summary in Markdown has the section too.
    let markdown = document.markdown();
    assert!(
        markdown.contains("## Since the last 1:1 (2026-11-02 &lt;b&gt;)\n\n30 → 35 customers"),
        "{markdown}"
    );
    assert_eq!(json["utilization"], serde_json::json!(plan.utilization));
}

#[test]
fn the_team_document_shows_a_trend_column_when_the_history_is_known() {
    use crate::domain::team::{Member, Team};
    let model = crate::domain::model::Model::builtin().expect("model");
    let scenario = crate::domain::scenario::Scenario {
        name: "Ana".to_owned(),
        ..crate::domain::scenario::Scenario::default()
    };
    let inputs = crate::domain::engine::Inputs::defaults(&model);
    let plan = crate::domain::engine::compute(&model, &inputs).expect("plan");
    let member = Member::new("ana.toml".to_owned(), &scenario, &model, &inputs, &plan);
    let team = Team {
        members: vec![member],
        problems: Vec::new(),
    };
    let report = crate::report::team::TeamReport {
        model: &model.name,
        team: &team,
        book: None,
        per_tam: None,
        said: &[],
        now: chrono::DateTime::parse_from_rfc3339("2026-12-07T09:00:00+00:00").expect("date"),
    };
    let without = team::document(&report);
    assert!(!without.contains(">Trend<"));
    let mut with_trend = team.clone();
    if let Some(member) = with_trend.members.first_mut() {
        member.trend = vec![0.8, 0.95, 1.0];
    }
    let report = crate::report::team::TeamReport {
        team: &with_trend,
        ..report
    };
    let with = team::document(&report);
    assert!(with.contains("<th scope=\"col\">Trend</th>"));
    assert!(
        with.contains("Ana: utilization over the last versions, oldest first: 80 %, 95 %, 100 %"),
        "{with}"
    );
    assert!(with.contains("<polyline class=\"trend\""));
}
