//! The one clock: now, or the instant `TAMPLAN_NOW` (RFC 3339) names, so
//! tests and scripts get the same dates on every run. Every part of tamplan
//! that needs the time (saved dates, export and backup names, recovery
//! files, ages of plans, the calibration range) reads it here.

use chrono::{DateTime, FixedOffset};

/// The variable that fixes the clock.
pub const VARIABLE: &str = "TAMPLAN_NOW";

/// Now, in the local zone, or `TAMPLAN_NOW` when it holds an RFC 3339
/// instant.
pub fn now() -> DateTime<FixedOffset> {
    std::env::var(VARIABLE)
        .ok()
        .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
        .unwrap_or_else(|| chrono::Local::now().fixed_offset())
}
