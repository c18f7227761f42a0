//! A Gainsight company export: `Name`, `CSM`, `Stage`, `Status`,
//! `Original Contract Date`, `Renewal Date`, `ARR`. Active: `Status` =
//! Active.

use super::detect::{Rule, Spec};

/// The columns and rule of a Gainsight company export.
pub(super) const SPEC: Spec = Spec {
    kind: "Gainsight company export",
    id: &["gsid", "company id", "company gsid"],
    account: &["name", "company name"],
    owner: &["csm", "csm name", "csm full name"],
    tier: &["tier", "customer tier", "segment"],
    start: &["original contract date"],
    start_fallback: &[],
    renewal: &["renewal date"],
    arr: &["arr"],
    active: &["status"],
    rule: Rule::Equals("active"),
    footer: false,
};
