//! What more than one test file needs.

/// The numbers of `text` that are not grouped by thousands (`2500`, not
/// `2,500`); dates and the decimal parts of numbers are left out.
pub fn ungrouped(text: &str) -> Vec<String> {
    let dates = regex::Regex::new(r"\d{4}-\d\d-\d\d(T[\d:+-]+)?").expect("re");
    let number = regex::Regex::new(r"\d[\d,]*").expect("re");
    let grouped = regex::Regex::new(r"^\d{1,3}(,\d{3})*$").expect("re");
    let text = dates.replace_all(text, "DATE");
    number
        .find_iter(&text)
        // A decimal part is not grouped: only digits before a `.`.
        .filter(|m| !text[..m.start()].ends_with('.'))
        .map(|m| m.as_str().trim_end_matches(','))
        .filter(|n| !grouped.is_match(n))
        .map(str::to_owned)
        .collect()
}
