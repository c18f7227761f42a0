//! The handbook's wording: numbers as written, PTO sentences, per-customer
//! rates, target phrases that become judges, totals rows and metric ids.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::WEEKS_PER_YEAR;

/// A judge read from a metric's text.
pub(super) struct JudgeSpec {
    pub(super) op: &'static str,
    pub(super) value: f64,
    pub(super) unit: String,
    pub(super) phrase: String,
}

/// A per-customer rate read from a note.
pub(super) struct Rate {
    pub(super) phrase: String,
    pub(super) hours: f64,
    /// Periods of the rate in a year, and the period's name.
    pub(super) periods: f64,
    pub(super) period: &'static str,
    pub(super) stated: bool,
}

pub(super) fn regex(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

pub(super) static NUMBER_CELL: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$"));
pub(super) static PTO_DAYS_HOURS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(\d+(?:\.\d+)?)\s+days?\s+or\s+(\d+(?:\.\d+)?)\s+hours?\s+of\s+(?:PTO|paid\s+time\s+off)\b",
    )
});
pub(super) static PTO_DAYS: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\b(\d+(?:\.\d+)?)\s+days?\s+of\s+(?:PTO|paid\s+time\s+off)\b"));
pub(super) static PER_CUSTOMER: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\bper\s+customer\b"));
/// New customers a quarter in a note: "average of 3 customers/quarter",
/// "2 new customers per quarter".
pub(super) static NEW_PER_QUARTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(concat!(
        r"(?i)\b(?:(?:an?\s+)?average\s+of\s+)?(\d+(?:\.\d+)?)\s+(?:new\s+|net-new\s+)?",
        r"customers?(?:\s*/\s*|\s+(?:per|a|each)\s+)quarter\b",
    ))
});
pub(super) static RATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(concat!(
        r"(?i)\b(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?)\s+",
        r"(?:(?:per|a|an|each)\s+(week|month|quarter|year)\s+)?",
        r"per\s+customer\b",
        r"(?:\s+(?:per|a|each)\s+(week|month|quarter|year)\b",
        r"|\s+for\s+(?:an?\s+|the\s+)?(annual|yearly|quarterly|monthly|weekly)\b)?",
    ))
});
pub(super) static FIGURE: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"\b\d+(?:\.\d+)?\b"));
pub(super) static WITHIN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"(?i)\bwithin\s+(?:the\s+)?(?:first\s+)?(\d+(?:\.\d+)?)\s+(days?|weeks?|months?)\b")
});
pub(super) static OVER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"(?i)\b(?:over|above)\s+(\d+(?:\.\d+)?)(?:\s*\(out\s+of\s+(\d+(?:\.\d+)?)\))?")
});
pub(super) static AT_LEAST_PERCENT: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\bat\s+least\s+(\d+(?:\.\d+)?)\s*%"));
pub(super) static LEADING_PERCENT: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"^(\d+(?:\.\d+)?)\s*%"));

/// A number as written in the page (digits, thousands commas, decimals).
pub(super) fn number(text: &str) -> Option<f64> {
    let regex = NUMBER_CELL.as_ref()?;
    if !regex.is_match(text) {
        return None;
    }
    text.replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// A totals row: its task is "Total…" as a word.
pub(super) fn is_total(task: &str) -> bool {
    let lower = task.to_lowercase();
    lower == "total"
        || lower == "totals"
        || lower.starts_with("total ")
        || lower.starts_with("totals ")
}

/// The per-customer rate a note gives, if it gives one.
pub(super) fn rate(note: &str) -> Option<Rate> {
    let found = RATE.as_ref()?.captures(note)?;
    let amount = number(found.get(1)?.as_str())?;
    let unit = found.get(2)?.as_str().to_lowercase();
    let hours = if unit.starts_with('m') {
        amount / 60.0
    } else {
        amount
    };
    if hours <= 0.0 {
        return None;
    }
    let period_word = found
        .get(3)
        .or_else(|| found.get(4))
        .or_else(|| found.get(5))
        .map(|m| m.as_str().to_lowercase());
    let (periods, period) = match period_word.as_deref() {
        Some("week" | "weekly") => (WEEKS_PER_YEAR, "week"),
        Some("quarter" | "quarterly") => (4.0, "quarter"),
        Some("year" | "yearly" | "annual") => (1.0, "year"),
        _ => (12.0, "month"),
    };
    Some(Rate {
        phrase: found.get(0)?.as_str().to_owned(),
        hours,
        periods,
        period,
        stated: period_word.is_some(),
    })
}

/// A judge when the text holds exactly one known target phrase and no
/// other figure.
pub(super) fn judge(text: &str) -> Option<JudgeSpec> {
    let mut found: Vec<(Range<usize>, JudgeSpec)> = Vec::new();
    let value = |m: Option<regex::Match<'_>>| m.and_then(|m| number(m.as_str()));
    for captures in WITHIN.as_ref()?.captures_iter(text) {
        let whole = captures.get(0)?;
        found.push((
            whole.range(),
            JudgeSpec {
                op: "at_most",
                value: value(captures.get(1))?,
                unit: captures.get(2)?.as_str().to_lowercase(),
                phrase: whole.as_str().to_owned(),
            },
        ));
    }
    for captures in OVER.as_ref()?.captures_iter(text) {
        let whole = captures.get(0)?;
        let unit = captures
            .get(2)
            .map(|m| format!("of {}", m.as_str()))
            .unwrap_or_default();
        found.push((
            whole.range(),
            JudgeSpec {
                op: "above",
                value: value(captures.get(1))?,
                unit,
                phrase: whole.as_str().to_owned(),
            },
        ));
    }
    for regex in [AT_LEAST_PERCENT.as_ref()?, LEADING_PERCENT.as_ref()?] {
        for captures in regex.captures_iter(text) {
            let whole = captures.get(0)?;
            found.push((
                whole.range(),
                JudgeSpec {
                    op: "at_least",
                    value: value(captures.get(1))?,
                    unit: "%".to_owned(),
                    phrase: whole.as_str().to_owned(),
                },
            ));
        }
    }
    let [(range, _)] = found.as_slice() else {
        return None;
    };
    let all_inside = FIGURE
        .as_ref()?
        .find_iter(text)
        .all(|figure| figure.start() >= range.start && figure.end() <= range.end);
    if all_inside {
        found.pop().map(|(_, judge)| judge)
    } else {
        None
    }
}

/// An id of lowercase letters, digits and `_` from the first words of
/// `name`, made unique with a numeric suffix.
pub(super) fn make_id(name: &str, used: &mut HashSet<String>) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(5)
        .map(str::to_ascii_lowercase)
        .collect();
    let mut base: String = words.join("_").chars().take(48).collect();
    while base.ends_with('_') {
        base.pop();
    }
    if base.is_empty() {
        "metric".clone_into(&mut base);
    }
    let mut id = base.clone();
    let mut suffix = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}_{suffix}");
        suffix += 1;
    }
    id
}
