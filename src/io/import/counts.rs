//! Counts: which rows scale with `customers` or with new customers a
//! quarter, and the counts' defaults, from the notes' per-customer rates.

use std::fmt::Write as _;

use super::analysis::{ImportedRow, Run};
use super::close;
use super::phrases::{NEW_PER_QUARTER, PER_CUSTOMER, Rate, number, rate};
use crate::domain::model::BOOK_COUNT;
use crate::domain::text;

/// The `customers` and `new_customers_per_quarter` counts and which rows
/// scale with them.
pub(super) struct Counts {
    /// The book size and the row it comes from.
    pub(super) customers: Option<(f64, usize)>,
    /// New customers a quarter and the phrase they come from.
    pub(super) new_customers: Option<(f64, String)>,
    /// Per row: the count it scales with, if any, and the comment for it.
    pub(super) rows: Vec<(Option<&'static str>, String)>,
    /// Comments for the `customers` count.
    pub(super) notes: Vec<String>,
}

/// The count of new customers a quarter, named as the built-in model names
/// it.
pub(super) const NEW_COUNT: &str = "new_customers_per_quarter";
pub(super) const NEW_COUNT_LABEL: &str = "New customers per quarter";

impl Run<'_> {
    /// Which rows scale with `customers` or with new customers a quarter,
    /// and the counts' defaults.
    pub(super) fn counts(&mut self, rows: &[ImportedRow]) -> Counts {
        let new_customers = new_customers(rows);
        let rates: Vec<Option<(Rate, f64)>> = rows
            .iter()
            .map(|row| {
                let rate = rate(&row.note)?;
                let implied = row.hours * 12.0 / rate.periods / rate.hours;
                Some((rate, implied))
            })
            .collect();
        let chosen = rates.iter().zip(&new_customers).enumerate().find_map(
            |(index, (rate, new))| match rate {
                Some((_, implied)) if new.is_none() && implied.is_finite() && *implied > 0.0 => {
                    Some((*implied, index))
                }
                _ => None,
            },
        );
        let first_new = new_customers.iter().flatten().next().cloned();
        let mut notes = Vec::new();
        let mut decisions = Vec::new();
        for (index, (row, rate)) in rows.iter().zip(&rates).enumerate() {
            if let Some((new, phrase)) = new_customers.get(index).cloned().flatten() {
                decisions.push((
                    Some(NEW_COUNT),
                    self.new_customers_row(row, rate.as_ref(), (new, &phrase), first_new.as_ref()),
                ));
                continue;
            }
            let says = PER_CUSTOMER
                .as_ref()
                .is_some_and(|regex| regex.is_match(&row.note));
            if !says {
                decisions.push((
                    None,
                    "Fixed hours: the note does not say \"per customer\".".to_owned(),
                ));
                continue;
            }
            let Some((customers, source)) = chosen else {
                self.warn(
                    Some(row.start),
                    format!(
                        "{:?}: the note says \"per customer\" but gives no rate to derive the book size from; the row does not scale (add a `customers` count and `scales_with` by hand)",
                        row.task
                    ),
                );
                decisions.push((None, "REVIEW: the note says \"per customer\" but no row gives a rate to derive the number of customers from, so the row does not scale.".to_owned()));
                continue;
            };
            let mut comment =
                "REVIEW: the note says \"per customer\", so the row grows with `customers`."
                    .to_owned();
            if let Some((rate, implied)) = rate {
                let reading = reading(row, rate, *implied);
                if index == source {
                    let _ = write!(comment, " Its rate gives the book size: {reading}.");
                } else if close(*implied, customers) {
                    let _ = write!(comment, " Its rate agrees: {reading}.");
                } else {
                    let source_task = rows.get(source).map_or("", |r| r.task.as_str());
                    let message = format!(
                        "{:?}: {reading}, but the model uses {} (from {source_task:?}, the first row with a per-customer rate)",
                        row.task,
                        text::plain(customers)
                    );
                    self.warn(Some(row.start), message.clone());
                    notes.push(format!("REVIEW: {message}."));
                    let _ = write!(
                        comment,
                        " Its rate disagrees: {reading}, not {}; the table's hours are kept.",
                        text::plain(customers)
                    );
                }
            } else {
                comment.push_str(" Its note gives no rate to check the book size against.");
            }
            decisions.push((Some(BOOK_COUNT), comment));
        }
        if let Some((row, Some((rate, implied)))) =
            chosen.and_then(|(_, i)| rows.get(i).zip(rates.get(i)))
        {
            notes.insert(
                0,
                format!(
                    "From {:?} (line {}), the first row whose note gives a per-customer rate: {}.",
                    row.task,
                    row.line,
                    reading(row, rate, *implied)
                ),
            );
        }
        let used = decisions
            .iter()
            .any(|(count, _)| *count == Some(BOOK_COUNT));
        Counts {
            customers: chosen.filter(|_| used),
            new_customers: first_new,
            rows: decisions,
            notes,
        }
    }

    /// The comment for a row whose note is per new customer a quarter; a
    /// figure other than the first row's is a warning.
    fn new_customers_row(
        &mut self,
        row: &ImportedRow,
        rate: Option<&(Rate, f64)>,
        (new, phrase): (f64, &str),
        first: Option<&(f64, String)>,
    ) -> String {
        let used = first.map_or(new, |(value, _)| *value);
        let mut comment = format!(
            "REVIEW: the note says \"per customer\" for new customers, so the row grows with `{NEW_COUNT}` ({}, from {:?}).",
            text::plain(used),
            first.map_or(phrase, |(_, first)| first.as_str())
        );
        if !close(new, used) {
            let message = format!(
                "{:?}: {phrase:?} gives {} new customers a quarter, but the model uses {}",
                row.task,
                text::plain(new),
                text::plain(used)
            );
            self.warn(Some(row.start), message);
            let _ = write!(
                comment,
                " Its own figure, {}, is not used.",
                text::plain(new)
            );
        }
        if let Some((rate, _)) = rate {
            // The rate is then how long the work lasts for each new
            // customer: hours a quarter ÷ customers ÷ hours a period.
            let quarter = row.hours * 3.0;
            let periods = quarter / used / rate.hours;
            let _ = write!(
                comment,
                " Its rate, {:?} ({} h per customer per {}), at {} h a quarter for {} customers is {} {} of onboarding a customer; the table's hours are kept.",
                rate.phrase,
                text::plain(rate.hours),
                rate.period,
                text::plain(quarter),
                text::plain(used),
                text::plain(periods),
                if close(periods, 1.0) {
                    rate.period.to_owned()
                } else {
                    format!("{}s", rate.period)
                }
            );
        }
        comment
    }
}

/// Per row, the new customers a quarter its per-customer note names ("for
/// average of 3 customers/quarter") and the phrase: such a note is about new
/// customers, not the book, so its rate never sizes the book.
pub(super) fn new_customers(rows: &[ImportedRow]) -> Vec<Option<(f64, String)>> {
    rows.iter()
        .map(|row| {
            let says = PER_CUSTOMER
                .as_ref()
                .is_some_and(|regex| regex.is_match(&row.note));
            let found = NEW_PER_QUARTER.as_ref()?.captures(&row.note)?;
            let value = number(found.get(1)?.as_str())?;
            let phrase = found.get(0)?.as_str().to_owned();
            (says && value > 0.0).then_some((value, phrase))
        })
        .collect()
}

/// How a row's rate reads as a book size, for comments and warnings.
pub(super) fn reading(row: &ImportedRow, rate: &Rate, implied: f64) -> String {
    format!(
        "{:?} ({} h per customer {}) at {} h a {} implies {} customers",
        rate.phrase,
        text::plain(rate.hours),
        if rate.stated {
            format!("per {}", rate.period)
        } else {
            "with no period, read per month".to_owned()
        },
        text::plain(row.hours * 12.0 / rate.periods),
        rate.period,
        text::plain(implied)
    )
}
