//! Unit tests of the import's phrases and page walking.

use std::collections::HashSet;

use super::phrases::{judge, make_id, rate};
use super::walk::{front_matter_title, label, metrics_phase};

#[test]
fn judges_only_unambiguous_phrases() {
    let op = |text: &str| judge(text).map(|j| (j.op, j.value, j.unit));
    assert_eq!(
        op("Time to first engage: within 14 days"),
        Some(("at_most", 14.0, "days".to_owned()))
    );
    assert_eq!(
        op("Time to 1st Value: within 30 days"),
        Some(("at_most", 30.0, "days".to_owned()))
    );
    assert_eq!(
        op("Average onboarding NPS & CSAT scores over 4.0 (out of 5)"),
        Some(("above", 4.0, "of 5".to_owned()))
    );
    assert_eq!(
        op("80% of attendees stay for entire webinar"),
        Some(("at_least", 80.0, "%".to_owned()))
    );
    assert_eq!(
        op("100% of Priority 1 customers with green success plans"),
        None
    );
    assert_eq!(
        op("100% of net-new customers with green success plans within first 60 days"),
        None
    );
    assert_eq!(op("3 webinars per quarter"), None);
}

#[test]
fn rates_read_their_period() {
    let read = |note: &str| rate(note).map(|r| (r.hours, r.period, r.stated));
    assert_eq!(
        read("1 hour per customer (30 minutes)"),
        Some((1.0, "month", false))
    );
    assert_eq!(
        read("Roughly 1 hour per customer for annual renewal"),
        Some((1.0, "year", true))
    );
    assert_eq!(
        read("1 hour per week per customer for average of 3 customers/quarter"),
        Some((1.0, "week", true))
    );
    assert_eq!(
        read("30 minutes per customer per quarter"),
        Some((0.5, "quarter", true))
    );
    assert_eq!(read("Logging updates"), None);
}

#[test]
fn ids_are_identifiers_and_unique() {
    let mut used = HashSet::new();
    assert_eq!(
        make_id(
            "% Low License Utilizations 'Saves' (improvement)",
            &mut used
        ),
        "low_license_utilizations_saves_improvement"
    );
    assert_eq!(
        make_id("Time to first engage: within 14 days", &mut used),
        "time_to_first_engage_within"
    );
    assert_eq!(
        make_id("Time to first engage: within 30 days", &mut used),
        "time_to_first_engage_within_2"
    );
    assert_eq!(make_id("— ü —", &mut used), "metric");
}

#[test]
fn titles_come_from_the_top_level_key_only() {
    assert_eq!(
        front_matter_title("layout: x\ntitle: \"A: b\"\n"),
        Ok(Some("A: b".to_owned()))
    );
    assert_eq!(front_matter_title("nested:\n  title: no\n"), Ok(None));
    assert_eq!(front_matter_title("a: &x [1]\ntitle: *x\n"), Ok(None));
    assert!(front_matter_title("title: \"open\n").is_err());
}

#[test]
fn labels_and_phases() {
    assert_eq!(label("Onboarding:"), Some("Onboarding".to_owned()));
    assert_eq!(
        label("Use-Case Enablement"),
        Some("Use-Case Enablement".to_owned())
    );
    assert_eq!(label("A whole sentence that says something longer."), None);
    assert_eq!(
        metrics_phase("Metrics for Expand & Renew"),
        Some("Expand & Renew".to_owned())
    );
    assert_eq!(metrics_phase("Metrics"), None);
}
