//! The plain CSV a spreadsheet writes: `account,owner,tier,start,renewal,
//! arr` (any order and case; `tier`, `renewal` and `arr` may be left out).
//! Active: started on or before the as-of day (an empty start counts).

use super::detect::{Rule, Spec};

/// The columns and rule of the plain CSV.
pub(super) const SPEC: Spec = Spec {
    kind: "plain account CSV",
    id: &["id", "account id"],
    account: &["account"],
    owner: &["owner"],
    tier: &["tier"],
    start: &["start"],
    start_fallback: &[],
    renewal: &["renewal"],
    arr: &["arr"],
    active: &[],
    rule: Rule::Started,
    footer: false,
};
