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
