//! Text for people: number formatting shared by every view, and sanitizing of
//! text that comes from files before it reaches a terminal or a document.

use std::borrow::Cow;

/// Hours in a table cell: two decimals with thousands separators
/// (`1,632.00`, `0.23`). The planner and `tamplan report` both use it, so the
/// screen and the report agree to the last digit shown.
pub fn hours_cell(value: f64) -> String {
    grouped(value, 2)
}

/// Hours in a cell `width` columns wide: [`hours_cell`] when it fits,
/// else [`compact`] (`11.5k`), so a number is never cut. The full value is
/// shown elsewhere (the selected row's line, the capacity pane).
pub fn hours_fit(value: f64, width: usize) -> String {
    let full = hours_cell(value);
    if full.chars().count() <= width {
        full
    } else {
        compact(value)
    }
}

/// A number in at most six characters (and its sign): `950.5`, `11.5k`,
/// `140k`, `1.2M`, `3.4G`, … up to `999E`, then `1.2e35`, `4e307`; `∞`
/// only for an infinite value.
pub fn compact(value: f64) -> String {
    if !value.is_finite() {
        return grouped(value, 0);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let magnitude = value.abs();
    if magnitude < 1000.0 {
        return format!("{sign}{}", plain_one(magnitude));
    }
    let mut scaled = magnitude;
    for suffix in ["k", "M", "G", "T", "P", "E"] {
        scaled /= 1000.0;
        // 999.95k rounds to 1000.0k: move to the next suffix instead.
        if scaled < 99.95 {
            return format!("{sign}{}{suffix}", plain_one(scaled));
        }
        if scaled < 999.5 {
            return format!("{sign}{scaled:.0}{suffix}");
        }
    }
    // Beyond the suffixes: a power of ten, with one decimal while the
    // exponent has two digits (`1.2e35`, `4e307`).
    let text = format!("{magnitude:.1e}");
    let text = match text.split_once('e') {
        Some((mantissa, exponent)) if exponent.len() > 2 || mantissa.ends_with(".0") => {
            format!("{magnitude:.0e}")
        }
        _ => text,
    };
    format!("{sign}{text}")
}

/// One decimal, dropped when it is zero.
fn plain_one(value: f64) -> String {
    let text = format!("{:.1}", round_half_away(value, 1));
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// A label inside a sentence: its first letter lowercased unless it starts
/// an acronym (`Customers in book` → `customers in book`, `EBRs per year`
/// stays).
pub fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_owned(),
    }
}

/// A number of things in the right number, with thousands separators:
/// `1 customer`, `35 customers`, `1.5 customers`, `1,028 customers`.
pub fn things(n: f64, one: &str, many: &str) -> String {
    let shown = number(n);
    if shown == "1" {
        format!("1 {one}")
    } else {
        format!("{shown} {many}")
    }
}

/// A whole number of things in the right number, with thousands
/// separators: `1 customer`, `1,028 customers`.
pub fn things_u64(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

/// A whole number with thousands separators (`1,028`).
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A count with its noun in the right number, with thousands separators:
/// `1 warning`, `3 warnings`, `0 warnings`, `1,028 entries`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    things_u64(u64::try_from(n).unwrap_or(u64::MAX), one, many)
}

/// A number with two decimals and no separators, rounded as [`hours_cell`]
/// rounds (`1632.00`), for CSV.
pub fn decimal2(value: f64) -> String {
    if value.is_finite() {
        format!("{:.2}", round_half_away(value, 2))
    } else {
        hours_cell(value)
    }
}

/// Hours in a sentence: at most one decimal, none when it is zero
/// (`1,821.6`, `1,632`).
pub fn amount(value: f64) -> String {
    let text = grouped(value, 1);
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// A figure with its sign, as [`amount`] shows it (at most one decimal):
/// `+135.4`, `-5`, and `0` for what rounds to nothing, so the sign never
/// contradicts the figure. The one signed formatter (hours spare, room).
pub fn signed(value: f64) -> String {
    let shown = amount(value);
    if shown.starts_with('-') {
        if shown
            .trim_start_matches('-')
            .chars()
            .all(|c| c == '0' || c == '.')
        {
            "0".to_owned()
        } else {
            shown
        }
    } else if shown == "0" {
        shown
    } else {
        format!("+{shown}")
    }
}

/// A fraction as a whole percentage with a space before the sign (`112 %`).
pub fn percent(fraction: f64) -> String {
    format!("{} %", grouped(fraction * 100.0, 0))
}

/// A utilization as a percentage that never contradicts its status: a
/// figure that would round onto a boundary (100 %, or `warn_at`) it is not
/// on gets decimals until it differs, at most two (`100.2 %`, `100.02 %`,
/// `89.96 %`), else it reads `> 100 %` or `< 90 %`. On a boundary, or away
/// from one, it is [`percent`].
pub fn utilization(fraction: f64, warn_at: f64) -> String {
    if !fraction.is_finite() {
        return percent(fraction);
    }
    let value = fraction * 100.0;
    let bounds = [100.0, warn_at * 100.0];
    let mut last = None;
    for decimals in 0..=2 {
        let shown = round_half_away(value, i32::try_from(decimals).unwrap_or(2));
        let wrong = bounds.into_iter().find(|bound| {
            (shown - bound).abs() < 1e-9 && crate::domain::num::differs(fraction, bound / 100.0)
        });
        match wrong {
            None => return format!("{} %", grouped(value, decimals)),
            Some(bound) => last = Some(bound),
        }
    }
    match last {
        Some(bound) if value > bound => format!("> {} %", plain(bound)),
        Some(bound) => format!("< {} %", plain(bound)),
        None => percent(fraction),
    }
}

/// A utilization in at most `width` columns: [`utilization`] when it fits,
/// else the percentage in [`compact`] form (`1.7T %`, `4e307 %`), so a
/// table cell never runs into the next one. Only a figure of 1,000 % or
/// more is ever shortened, far from the boundaries `utilization` keeps
/// apart; CSV and JSON carry the full value.
pub fn utilization_fit(fraction: f64, warn_at: f64, width: usize) -> String {
    let full = utilization(fraction, warn_at);
    if full.chars().count() <= width || !fraction.is_finite() {
        full
    } else {
        format!("{} %", compact(fraction * 100.0))
    }
}

/// A number as typed by a person: at most two decimals, trailing zeros
/// dropped, no separators (`35`, `2.5`, `0.25`); from 10¹⁵ on, as TOML
/// writes it too (`1e308`).
pub fn plain(value: f64) -> String {
    if value.is_finite() && value.abs() >= 1e15 {
        return format!("{value:e}");
    }
    let text = format!("{:.2}", round_half_away(value, 2));
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".to_owned() } else { text }
}

/// A number for people: [`plain`] (at most two decimals, trailing zeros
/// dropped) with thousands separators (`1,028`, `1,234.5`, `0.25`). For
/// sentences, table cells and the screen; never for CSV, JSON or a value
/// being edited.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return grouped(value, 0);
    }
    if value.abs() >= 1e15 {
        return plain(value);
    }
    let text = grouped(value, 2);
    let text = match text.split_once('.') {
        Some((whole, fraction)) => {
            let fraction = fraction.trim_end_matches('0');
            if fraction.is_empty() {
                whole.to_owned()
            } else {
                format!("{whole}.{fraction}")
            }
        }
        None => text,
    };
    if text == "-0" { "0".to_owned() } else { text }
}

/// Rounds half away from zero at `decimals` places, so `0.125` shows as
/// `0.13` whatever the platform's formatting does with ties. A value too
/// large to scale (it has no decimals to round then) comes back as it is,
/// never as `inf`.
fn round_half_away(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let scaled = value * scale;
    if !scaled.is_finite() {
        return value;
    }
    let rounded = scaled.round() / scale;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// Fixed decimals with `,` between groups of three digits.
fn grouped(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "n/a".to_owned()
        } else if value > 0.0 {
            "∞".to_owned()
        } else {
            "-∞".to_owned()
        };
    }
    let places = i32::try_from(decimals).unwrap_or(2);
    let text = format!("{:.*}", decimals, round_half_away(value, places).abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((int_part, frac_part)) => (int_part, Some(frac_part)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    if round_half_away(value, places) < 0.0 {
        out.push('-');
    }
    let digits = int_part.len();
    for (i, digit) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(frac_part) = frac_part {
        out.push('.');
        out.push_str(frac_part);
    }
    out
}

/// A finite number ≥ 0, as typed by a person.
///
/// # Errors
/// A sentence saying what was found and what was expected.
pub fn parse_value(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => {
            Ok(if value == 0.0 { 0.0 } else { value })
        }
        Ok(_) => Err(format!(
            "{text:?} is not a number ≥ 0; expected a finite number ≥ 0"
        )),
        Err(_) => Err(format!("{text:?} is not a number; expected a number ≥ 0")),
    }
}

/// The target utilization as typed, in the planner or by `--set`: a
/// fraction (`0.85`) or a percentage (`85 %`, `85%`).
///
/// # Errors
/// A sentence saying what was found and what was expected.
pub fn parse_target(text: &str) -> Result<f64, String> {
    let text = text.trim();
    match text.strip_suffix('%') {
        Some(percent) => parse_value(percent.trim()).map(|value| value / 100.0),
        None => parse_value(text),
    }
}

/// Makes text from a file safe to show: control characters (escape
/// sequences, newlines, tabs, C1 controls) become spaces and bidirectional
/// overrides are dropped, so a model file cannot move the cursor, change
/// colours or reorder what the terminal shows.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_sanitizing) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|c| !is_bidi_control(*c))
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}

/// Text for JSON: C1 controls (U+0080–U+009F, which a terminal may obey
/// as escape sequences) and bidirectional overrides dropped; C0 controls
/// stay, since JSON escapes them (`\u001b`).
pub fn json_safe(text: &str) -> Cow<'_, str> {
    let c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(|c| c1(c) || is_bidi_control(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|c| !c1(*c) && !is_bidi_control(*c))
            .collect(),
    )
}

fn needs_sanitizing(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_signed_figure_never_contradicts_its_sign() {
        assert_eq!(super::signed(135.37), "+135.4");
        assert_eq!(super::signed(1_234.5), "+1,234.5");
        assert_eq!(super::signed(-5.0), "-5");
        assert_eq!(super::signed(-0.04), "0");
        assert_eq!(super::signed(0.04), "0");
        assert_eq!(super::signed(0.0), "0");
    }

    #[test]
    fn a_utilization_never_rounds_onto_a_boundary_it_is_not_on() {
        let shown = |fraction: f64| utilization(fraction, 0.9);
        // OVERLOADED at 1,636 h of 1,632 h is not "100 %".
        assert_eq!(shown(1636.0 / 1632.0), "100.2 %");
        assert_eq!(shown(1.0002), "100.02 %");
        assert_eq!(shown(1.000_01), "> 100 %");
        assert_eq!(shown(0.9996), "99.96 %");
        assert_eq!(shown(0.999_99), "< 100 %");
        // Below warn_at is not "90 %"; from it, it may be.
        assert_eq!(shown(0.8996), "89.96 %");
        assert_eq!(shown(0.899_99), "< 90 %");
        assert_eq!(shown(0.9004), "90.04 %");
        // On a boundary, or away from both, the whole percentage.
        assert_eq!(shown(1.0), "100 %");
        assert_eq!(shown(0.9), "90 %");
        assert_eq!(shown(1.12), "112 %");
        assert_eq!(shown(0.875), "88 %");
        assert_eq!(shown(12.345), "1,235 %");
        // A boundary that is not whole.
        assert_eq!(utilization(0.8746, 0.875), "87 %", "87 is not 87.5");
        assert_eq!(utilization(0.876, 0.875), "88 %");
        // In a cell: shortened only when the full figure is too wide.
        assert_eq!(utilization_fit(1.0002, 0.9, 8), "100.02 %");
        assert_eq!(utilization_fit(123.4, 0.9, 8), "12,340 %");
        assert_eq!(utilization_fit(1234.5, 0.9, 8), "123k %");
        assert_eq!(utilization_fit(16_596_638_655.88, 0.9, 8), "1.7T %");
        assert_eq!(utilization_fit(1e300, 0.9, 8), "1e302 %");
        assert_eq!(shown(f64::INFINITY), "∞ %");
    }

    #[test]
    fn numbers_too_wide_for_their_cell_are_compacted_never_cut() {
        assert_eq!(hours_fit(11_518.29, 9), "11,518.29");
        assert_eq!(hours_fit(11_518.29, 8), "11.5k");
        assert_eq!(hours_fit(60_000.0, 7), "60k");
        assert_eq!(hours_fit(140_000.0, 6), "140k");
        assert_eq!(hours_fit(42.0, 6), "42.00");
        assert_eq!(compact(999.96), "1000", "below a thousand keeps its digits");
        assert_eq!(compact(999_960.0), "1M");
        assert_eq!(compact(1_234_567.0), "1.2M");
        assert_eq!(compact(99_960.0), "100k");
        assert_eq!(compact(f64::INFINITY), "∞");
        for value in [
            0.0, 1.0, 999.0, 1e3, 5e4, 1e6, 3.3e9, 7.7e12, 1e15, 9e17, 1e18, 5e20,
        ] {
            assert!(
                compact(value).chars().count() <= 6,
                "{value}: {}",
                compact(value)
            );
        }
    }
    use super::*;

    #[test]
    fn hours_cells_group_thousands_and_keep_two_decimals() {
        assert_eq!(hours_cell(1632.0), "1,632.00");
        assert_eq!(hours_cell(12.0 / 52.0), "0.23");
        assert_eq!(hours_cell(0.0), "0.00");
        assert_eq!(hours_cell(1_234_567.891), "1,234,567.89");
        assert_eq!(hours_cell(-1234.5), "-1,234.50");
        assert_eq!(hours_cell(-0.001), "0.00");
    }

    #[test]
    fn csv_numbers_round_like_the_table() {
        assert_eq!(decimal2(4.625), "4.63");
        assert_eq!(hours_cell(4.625), "4.63");
        assert_eq!(decimal2(1632.0), "1632.00");
    }

    #[test]
    fn amounts_drop_a_zero_decimal() {
        assert_eq!(amount(1821.6), "1,821.6");
        assert_eq!(amount(1632.0), "1,632");
        assert_eq!(amount(189.6), "189.6");
        assert_eq!(amount(44.647), "44.6");
        assert_eq!(amount(39.96), "40");
    }

    #[test]
    fn percentages_are_whole() {
        assert_eq!(percent(1.0), "100 %");
        assert_eq!(percent(1.1162), "112 %");
        assert_eq!(percent(0.004), "0 %");
    }

    #[test]
    fn plain_numbers_read_as_typed() {
        assert_eq!(plain(35.0), "35");
        assert_eq!(plain(2.5), "2.5");
        assert_eq!(plain(0.25), "0.25");
        assert_eq!(plain(-0.0), "0");
        // Scaling by 100 to round made these `inf`.
        assert_eq!(plain(1e308), "1e308");
        assert!(decimal2(1e308).starts_with("1000"), "{}", decimal2(1e308));
        assert!(amount(1e308).starts_with("100,000"), "{}", amount(1e308));
        assert_eq!(plain(-2.5e300), "-2.5e300");
        assert_eq!(plain(123_456_789_012_345.0), "123456789012345");
    }

    #[test]
    fn counts_and_numbers_for_people_group_thousands() {
        assert_eq!(count(1028, "customer", "customers"), "1,028 customers");
        assert_eq!(count(1, "warning", "warnings"), "1 warning");
        assert_eq!(count(0, "warning", "warnings"), "0 warnings");
        assert_eq!(things(1028.0, "customer", "customers"), "1,028 customers");
        assert_eq!(things(1234.5, "customer", "customers"), "1,234.5 customers");
        assert_eq!(things(1.0, "customer", "customers"), "1 customer");
        assert_eq!(number(1028.0), "1,028");
        assert_eq!(number(-1234.567), "-1,234.57");
        assert_eq!(number(35.0), "35");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(f64::NAN), "n/a");
    }

    #[test]
    fn non_finite_numbers_never_panic() {
        assert_eq!(hours_cell(f64::NAN), "n/a");
        assert_eq!(amount(f64::INFINITY), "∞");
    }

    #[test]
    fn sanitize_removes_escapes_and_controls() {
        assert_eq!(sanitize("plain"), Cow::Borrowed("plain"));
        assert_eq!(sanitize("a\u{1b}[31mred\nline\t"), "a [31mred line ");
        assert_eq!(sanitize("x\u{202E}y\u{9b}z"), "xy z");
    }

    #[test]
    fn finite_numbers_beyond_the_suffixes_are_never_infinity() {
        assert_eq!(compact(999e18), "999E");
        assert_eq!(compact(1e21), "1e21");
        assert_eq!(compact(1.24e35), "1.2e35");
        assert_eq!(compact(-1e35), "-1e35");
        assert_eq!(compact(f64::MAX), "2e308");
        assert_eq!(compact(f64::INFINITY), "∞");
        assert_eq!(hours_fit(1e35, 9), "1e35");
        for value in [1e21, 3.3e35, 9.96e99, 1e100, 1.7e308] {
            let text = compact(value);
            assert!(!text.contains('∞') && text.chars().count() <= 6, "{text}");
        }
    }
}
