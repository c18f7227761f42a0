//! The plan's whole document: the plan ([`Report`]) with what a 1:1 adds
//! to it — the hours logged against it (`--timesheet`) and what changed
//! since the last 1:1 — in every format, the HTML page among them.

use serde::Serialize;

use super::calibration::CalibrationReport;
use super::json::JsonReport;
use super::plan::Report;
use super::summary::SinceSection;
use super::{Render, html};
use crate::domain::calibration::Calibration;

/// A plan with what a 1:1 adds to it.
#[derive(Clone, Copy)]
pub struct PlanDocument<'a> {
    /// The plan.
    pub report: Report<'a>,
    /// The hours logged against it, with `--timesheet`.
    pub logged: Option<&'a Calibration>,
    /// What changed since the last 1:1, when the plan has one.
    pub since: Option<&'a SinceSection>,
    /// The day the document is made (the clock), shown in its header.
    pub date: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl<'a> PlanDocument<'a> {
    /// The plan alone: nothing logged, no 1:1 before.
    pub fn new(report: Report<'a>) -> PlanDocument<'a> {
        PlanDocument {
            report,
            logged: None,
            since: None,
            date: None,
        }
    }

    fn calibration(&self) -> Option<CalibrationReport<'a>> {
        self.logged.map(|calibration| CalibrationReport {
            model: self.report.model,
            calibration,
        })
    }
}

/// The plan's JSON, then `logged` and `since_review` where there are any.
#[derive(Serialize)]
struct JsonDocument<'a> {
    #[serde(flatten)]
    plan: JsonReport<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logged: Option<super::calibration::JsonCalibration<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since_review: Option<serde_json::Value>,
}

impl Render for PlanDocument<'_> {
    /// The plan's table, then the logged hours' table.
    fn table(&self) -> String {
        let mut out = self.report.table();
        if let Some(calibration) = self.calibration() {
            out.push('\n');
            out.push_str(&calibration.table());
        }
        out
    }

    /// The 1:1 summary (with what changed since the last 1:1), then the
    /// logged hours.
    fn markdown(&self) -> String {
        let mut out = self.report.summary(self.since);
        if let Some(calibration) = self.calibration() {
            out.push('\n');
            // One level down: a section of the summary.
            for line in calibration.markdown().lines() {
                if line.starts_with('#') {
                    out.push('#');
                }
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }

    /// The plan's task table (the logged hours have their own CSV in
    /// `calibrate --format csv`).
    fn csv(&self) -> Result<String, std::io::Error> {
        self.report.csv()
    }

    /// The plan's JSON, with `logged` (the calibration object of
    /// `calibrate`) and `since_review` (the `diff` object) when there are
    /// any.
    fn json(&self) -> Result<String, std::io::Error> {
        let calibration = self.calibration();
        let json = JsonDocument {
            plan: JsonReport::from(self.report),
            logged: calibration.as_ref().map(CalibrationReport::json_value),
            since_review: self
                .since
                .map(|since| super::diff::json_value(&since.compared))
                .transpose()?,
        };
        let mut text = serde_json::to_string_pretty(&json)?;
        text.push('\n');
        Ok(text)
    }

    /// The 1:1 document: see [`html::plan`].
    fn html(&self) -> String {
        html::plan::document(self)
    }
}
