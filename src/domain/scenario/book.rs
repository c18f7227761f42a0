//! The `[book]` table: the CRM's raw counts behind a plan's counts (a
//! file that has one is written as `format` 2; see docs/scenarios.md).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::write::saved_number;
use crate::domain::diagnostic::{Diagnostic, LineIndex};

/// The CRM's raw counts behind a plan (`[book]`): what `tamplan book`
/// read, before tier weights.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BookCounts {
    /// The day the customers were counted as of.
    pub as_of: chrono::NaiveDate,
    /// Active customers, each once.
    pub customers: u64,
    /// Active customers weighted by tier (the plan's `customers`).
    pub weighted_customers: f64,
    /// Active customers per tier.
    pub by_tier: BTreeMap<String, u64>,
    /// Their ARR.
    pub arr: f64,
}

/// `[book]` as read.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBook {
    /// The day the customers were counted as of.
    #[schemars(with = "String", extend("format" = "date"))]
    as_of: toml::value::Datetime,
    /// Active customers in the CRM, each counted once.
    customers: u64,
    /// Active customers weighted by tier: the plan's `customers`.
    weighted_customers: f64,
    /// Active customers per tier.
    #[serde(default)]
    by_tier: BTreeMap<String, u64>,
    /// Their annual recurring revenue.
    #[serde(default)]
    arr: f64,
}

impl BookCounts {
    pub(super) fn from_raw(
        raw: Spanned<RawBook>,
        lines: &LineIndex,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<BookCounts> {
        let span = raw.span();
        let raw = raw.into_inner();
        let day = raw.as_of.date.and_then(|date| {
            chrono::NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
        });
        let weighted = raw.weighted_customers;
        match day {
            Some(as_of) if raw.as_of.time.is_none() && weighted.is_finite() && weighted >= 0.0 => {
                Some(BookCounts {
                    as_of,
                    customers: raw.customers,
                    weighted_customers: weighted,
                    by_tier: raw.by_tier,
                    arr: if raw.arr.is_finite() { raw.arr } else { 0.0 },
                })
            }
            _ => {
                problems.push(
                    lines.at(
                        span,
                        "[book] needs `as_of` as a day (2026-12-07) and `weighted_customers` ≥ 0"
                            .to_owned(),
                    ),
                );
                None
            }
        }
    }

    pub(super) fn to_raw(&self) -> Option<RawBook> {
        Some(RawBook {
            as_of: self.as_of.format("%Y-%m-%d").to_string().parse().ok()?,
            customers: self.customers,
            weighted_customers: saved_number(self.weighted_customers),
            by_tier: self.by_tier.clone(),
            arr: saved_number(self.arr),
        })
    }
}
