//! The charts, drawn as inline SVG: a gauge, bars, a plan-against-actual
//! pair, quarter columns and a trend line. Each scales with its `viewBox`,
//! says its figures in `<title>` and `aria-label`, and tells status by a
//! pattern and a word as well as by colour. Figures come in computed and
//! formatted; these only place them.

use maud::{Markup, html};

use crate::domain::engine::Status;

/// A coordinate with at most one decimal (`12.5`, `40`); 0 for a figure
/// that is not finite.
fn at(value: f64) -> String {
    let value = if value.is_finite() { value } else { 0.0 };
    let text = format!("{value:.1}");
    match text.strip_suffix(".0") {
        Some("-0") => "0".to_owned(),
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// `part` of `whole` as a share in 0..=1 (0 for nothing to share).
fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 && part.is_finite() {
        (part / whole).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

fn mark(status: Status, x: f64, y: f64, width: f64, height: f64) -> Markup {
    let (class, pattern) = match status {
        Status::Ok => ("f-ok", None),
        Status::Near => ("", Some("url(#p-near)")),
        Status::Over => ("", Some("url(#p-over)")),
    };
    html! {
        rect class=[(!class.is_empty()).then_some(class)] fill=[pattern]
            x=(at(x)) y=(at(y)) width=(at(width)) height=(at(height)) {}
    }
}

/// The patterns every chart fills with: once a page, in the shell.
pub fn defs() -> Markup {
    html! {
        svg.defs aria-hidden="true" focusable="false" width="0" height="0" {
            defs {
                pattern id="p-near" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                    rect.f-near width="6" height="6" {}
                    rect.f-bg width="1.6" height="6" {}
                }
                pattern id="p-over" width="6" height="6" patternUnits="userSpaceOnUse" {
                    rect.f-over width="6" height="6" {}
                    path.st-bg d="M0 0L6 6M6 0L0 6" {}
                }
                pattern id="p-pto" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)" {
                    rect.track width="5" height="5" {}
                    rect.f-pto width="1.6" height="5" {}
                }
            }
        }
    }
}

/// The utilization gauge's figures, as the banner words them.
#[derive(Debug, Clone, Copy)]
pub struct Gauge<'a> {
    /// Planned ÷ available (1.0 = 100 %).
    pub utilization: f64,
    /// It as a percentage (`100.2 %`).
    pub shown: &'a str,
    /// The status it is judged by (`None`: a figure without one, as the
    /// team's).
    pub status: Option<Status>,
    /// The target utilization, when below 100 % (a mark on the scale).
    pub target: Option<f64>,
    /// The target as shown (`85 %`).
    pub target_shown: &'a str,
    /// What the gauge says in words, for `<title>` and `aria-label`.
    pub label: &'a str,
}

/// A horizontal gauge from 0 to at least 125 % (up to 200 %; beyond, an
/// arrow says the bar goes on), with marks at 100 % and at the target.
pub fn gauge(gauge: &Gauge<'_>) -> Markup {
    let (left, width, top, height) = (12.0, 576.0, 30.0, 26.0);
    let value = if gauge.utilization.is_finite() {
        gauge.utilization.max(0.0)
    } else {
        0.0
    };
    let scale = ((value * 1.1 * 4.0).ceil() / 4.0).clamp(1.25, 2.0);
    let x_of = |fraction: f64| left + width * share(fraction, scale);
    let filled = x_of(value) - left;
    let hundred = x_of(1.0);
    html! {
        svg viewBox="0 0 600 92" role="img" aria-label=(gauge.label) class="gauge" {
            title { (gauge.label) }
            rect.track x=(at(left)) y=(at(top)) width=(at(width)) height=(at(height)) {}
            @if let Some(status) = gauge.status {
                (mark(status, left, top, filled, height))
            } @else {
                rect.f-accent x=(at(left)) y=(at(top)) width=(at(filled)) height=(at(height)) {}
            }
            @if value > scale {
                path.f-accent d={ "M" (at(left + width - 2.0)) " " (at(top - 4.0)) "l10 " (at(height / 2.0 + 4.0)) "l-10 " (at(height / 2.0 + 4.0)) "z" } {}
            }
            line.tick x1=(at(hundred)) x2=(at(hundred)) y1=(at(top - 6.0)) y2=(at(top + height + 6.0)) {}
            text x=(at(hundred)) y="84" text-anchor="middle" { "100 %" }
            text.lbl x=(at(left)) y="84" { "0 %" }
            text x=(at(x_of(value).clamp(left + 30.0, left + width - 30.0))) y="20" text-anchor="middle" font-weight="700" { (gauge.shown) }
            @if let Some(target) = gauge.target {
                line.target x1=(at(x_of(target))) x2=(at(x_of(target))) y1=(at(top - 6.0)) y2=(at(top + height + 6.0)) {}
                text.lbl x=(at(x_of(target) - 4.0)) y="84" text-anchor="end" { "target " (gauge.target_shown) }
            }
        }
    }
}

/// A bar `value` of `max` long, for a table cell; its figure is beside it.
pub fn bar(value: f64, max: f64, status: Option<Status>, label: &str) -> Markup {
    let length = 100.0 * share(value, max);
    html! {
        svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label=(label) {
            title { (label) }
            rect.track width="100" height="10" {}
            @if let Some(status) = status {
                (mark(status, 0.0, 0.0, length, 10.0))
            } @else {
                rect.f-accent width=(at(length)) height="10" {}
            }
        }
    }
}

/// A utilization bar for a table row: the bar against a scale of `scale`
/// (at least 100 %), with a mark at 100 %.
pub fn meter(utilization: f64, scale: f64, status: Status, label: &str) -> Markup {
    let hundred = 100.0 * share(1.0, scale);
    let length = 100.0 * share(utilization, scale);
    html! {
        svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label=(label) {
            title { (label) }
            rect.track width="100" height="10" {}
            (mark(status, 0.0, 1.0, length, 8.0))
            rect.f-accent x=(at(hundred - 0.6)) width="1.2" height="10" {}
        }
    }
}

/// Plan (an outlined bar) against actual (a solid one), both of `max`.
pub fn pair(plan: f64, actual: f64, max: f64, label: &str) -> Markup {
    html! {
        svg viewBox="0 0 100 16" preserveAspectRatio="none" role="img" aria-label=(label) {
            title { (label) }
            rect.outline x="0.6" y="0.6" width=(at((100.0 * share(plan, max) - 1.2).max(0.0))) height="6" {}
            rect.f-accent y="9" width=(at(100.0 * share(actual, max))) height="6.4" {}
        }
    }
}

/// One quarter's column: its figures and how the chart labels them.
#[derive(Debug, Clone)]
pub struct Column {
    /// `Q1`, `Q1 2027`.
    pub label: String,
    /// Gross hours (available + PTO).
    pub gross: f64,
    /// PTO hours.
    pub pto: f64,
    /// Planned hours.
    pub planned: f64,
    /// Its status.
    pub status: Status,
    /// The lines under it (`408 of 392 h`, `PTO 14 d`).
    pub caption: [String; 2],
}

/// Quarters as columns: each quarter's capacity (available, with its PTO
/// on top, hatched) and beside it the hours planned, with the figures
/// under each pair.
pub fn columns(columns: &[Column], label: &str) -> Markup {
    let (top, base, slot, width): (f64, f64, f64, f64) = (14.0, 178.0, 160.0, 640.0);
    let max = columns
        .iter()
        .map(|c| c.gross.max(c.planned))
        .fold(0.0_f64, f64::max);
    let height = base - top;
    let y_of = |hours: f64| base - height * share(hours, max);
    let count = u32::try_from(columns.len()).unwrap_or(1).max(1);
    let slot = slot.min(width / f64::from(count));
    html! {
        svg viewBox={ "0 0 " (at(width)) " 230" } role="img" aria-label=(label) class="columns" {
            title { (label) }
            line.outline x1="0" x2=(at(width)) y1=(at(base)) y2=(at(base)) {}
            @for (i, column) in columns.iter().enumerate() {
                @let x = slot * f64::from(u32::try_from(i).unwrap_or(0)) + 16.0;
                @let available = (column.gross - column.pto).max(0.0);
                // Capacity: available below, PTO above it.
                rect.track x=(at(x)) y=(at(y_of(available))) width="56" height=(at(base - y_of(available))) {}
                rect fill="url(#p-pto)" x=(at(x)) y=(at(y_of(column.gross))) width="56" height=(at(y_of(available) - y_of(column.gross))) {}
                rect.outline x=(at(x)) y=(at(y_of(column.gross))) width="56" height=(at(base - y_of(column.gross))) {}
                (mark(column.status, x + 62.0, y_of(column.planned), 56.0, base - y_of(column.planned)))
                text x=(at(x + 59.0)) y=(at(base + 16.0)) text-anchor="middle" font-weight="700" { (column.label) }
                text x=(at(x + 59.0)) y=(at(base + 32.0)) text-anchor="middle" { (column.caption[0]) }
                text.lbl x=(at(x + 59.0)) y=(at(base + 47.0)) text-anchor="middle" { (column.caption[1]) }
            }
        }
    }
}

/// A small legend swatch: the fill of a status, the PTO hatch, or an
/// outline.
pub fn swatch(fill_of: &str) -> Markup {
    html! {
        svg viewBox="0 0 24 12" aria-hidden="true" {
            @if fill_of == "outline" {
                rect.outline x="1" y="1" width="22" height="10" {}
            } @else if fill_of.starts_with("url(") {
                rect fill=(fill_of) width="24" height="12" {}
            } @else {
                rect class=(fill_of) width="24" height="12" {}
            }
        }
    }
}

/// A trend line of utilizations (oldest first) against 100 %, with a dot
/// on the newest; `label` says every figure.
pub fn trend(values: &[f64], label: &str) -> Markup {
    let max = values.iter().copied().fold(1.0_f64, f64::max) * 1.1;
    let count = values.len().saturating_sub(1).max(1);
    let step = 100.0 / f64::from(u32::try_from(count).unwrap_or(1));
    let y_of = |value: f64| 22.0 - 20.0 * share(value, max);
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            format!(
                "{},{}",
                at(step * f64::from(u32::try_from(i).unwrap_or(0))),
                at(y_of(*v))
            )
        })
        .collect();
    html! {
        svg viewBox="0 0 100 24" preserveAspectRatio="none" role="img" aria-label=(label) {
            title { (label) }
            line.target x1="0" x2="100" y1=(at(y_of(1.0))) y2=(at(y_of(1.0))) {}
            // One version is a dot, at the right like the newest of many.
            @if points.len() > 1 {
                polyline.trend points=(points.join(" ")) {}
            }
            @if let Some(last) = values.last() {
                circle.f-accent cx="100" cy=(at(y_of(*last))) r="2.2" {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_have_at_most_one_decimal_and_no_minus_zero() {
        assert_eq!(at(12.0), "12");
        assert_eq!(at(12.345), "12.3");
        assert_eq!(at(-0.01), "0");
        assert_eq!(at(f64::NAN), "0");
        assert_eq!(at(f64::INFINITY), "0");
    }

    #[test]
    fn a_gauge_beyond_its_scale_stops_at_the_end_and_says_so() {
        let svg = gauge(&Gauge {
            utilization: 7.5,
            shown: "750 %",
            status: Some(Status::Over),
            target: Some(0.85),
            target_shown: "85 %",
            label: "Utilization 750 %",
        })
        .into_string();
        // The bar fills the track (576 wide) and an arrow follows.
        assert!(svg.contains(r#"width="576" height="26""#), "{svg}");
        assert!(svg.contains("url(#p-over)"));
        assert!(svg.contains("<path class=\"f-accent\""));
        assert!(svg.contains("<title>Utilization 750 %</title>"));
    }

    #[test]
    fn nothing_to_chart_draws_empty_marks_not_nan() {
        let svg = columns(&[], "no quarters").into_string();
        assert!(!svg.contains("NaN"));
        let svg = bar(5.0, 0.0, None, "x").into_string();
        assert!(svg.contains(r#"width="0""#), "{svg}");
        let svg = trend(&[], "no versions").into_string();
        assert!(!svg.contains("NaN") && !svg.contains("circle"));
    }
}
