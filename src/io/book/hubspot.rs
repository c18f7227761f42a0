//! A HubSpot companies export: `Record ID`, `Company name`, `Company
//! owner`, `Lifecycle Stage`, `Create Date`, `Renewal date`, `Annual
//! Revenue`. Active: `Lifecycle Stage` = customer; the start is `Became a
//! Customer Date` when the row has one, else `Create Date`.

use super::detect::{Rule, Spec};

/// The columns and rule of a HubSpot companies export.
pub(super) const SPEC: Spec = Spec {
    kind: "HubSpot companies export",
    id: &["record id", "company id"],
    account: &["company name", "name"],
    owner: &["company owner", "hubspot owner"],
    tier: &["tier", "customer tier", "company tier", "segment"],
    start: &["became a customer date", "date became a customer"],
    start_fallback: &["create date"],
    renewal: &["renewal date"],
    arr: &["annual revenue", "arr", "annual recurring revenue"],
    active: &["lifecycle stage"],
    rule: Rule::Equals("customer"),
    footer: false,
};
