//! The book from the CRM: accounts read from account exports (`io::book`
//! reads the files), rolled up per owner — customers active as of a day,
//! weighted by tier, new customers and renewals per quarter, ARR — and the
//! model's counts filled from them. Pure: the day is passed in.
//!
//! The map (`--map`, a TOML file) names the columns of an export tamplan
//! does not know, the values that count as active, tier names and weights,
//! which counts are filled from what, and owner aliases.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::domain::diagnostic::{Diagnostic, Diagnostics, Finding, LineIndex};
use crate::domain::engine::{Input, Inputs};
use crate::domain::model::Model;
use crate::domain::scenario::BookCounts;
use crate::domain::team::{Member, Planned};
use crate::domain::text;

/// How many skipped lines are kept to show; the rest are counted.
pub const SKIPPED_KEPT: usize = 100;

/// The tier an account without one is counted under.
pub const UNTIERED: &str = "untiered";

/// Whether an account counts as active, as its export says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Active {
    /// The CRM says it is a customer (Salesforce `Type`, HubSpot
    /// `Lifecycle Stage`, Gainsight `Status`, a mapped column).
    Yes,
    /// The CRM says it is not.
    No,
    /// The export has no such column (the plain CSV): active once started.
    FromStart,
}

/// One account as an export gives it, its dates read.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// 1-based line of the file where the row starts.
    pub line: usize,
    /// The CRM's id (`Account ID`, `Record ID`), when the export has one.
    pub id: Option<String>,
    /// The account's name.
    pub name: String,
    /// The owner as the CRM writes it (a name, an id or an e-mail).
    pub owner: String,
    /// The tier value as written (empty when none).
    pub tier: String,
    /// When it became a customer.
    pub start: Option<NaiveDate>,
    /// Its next renewal.
    pub renewal: Option<NaiveDate>,
    /// Annual recurring revenue (0 when the export has none).
    pub arr: f64,
    /// Whether it is a customer.
    pub active: Active,
}

/// The accounts of one file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Export {
    /// The file, as given.
    pub file: String,
    /// Which kind of export it was read as ("Salesforce report").
    pub kind: String,
    /// Its accounts, in file order.
    pub accounts: Vec<Account>,
}

/// Lines that were skipped: the first [`SKIPPED_KEPT`] kept, all counted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Skipped {
    /// The first ones, with file, line and reason.
    pub kept: Vec<Finding>,
    /// How many in all.
    pub total: usize,
}

impl Skipped {
    /// Says that `line` of `file` was skipped (or listed), and why.
    pub fn skip(&mut self, file: &str, line: usize, reason: String) {
        self.total += 1;
        if self.kept.len() < SKIPPED_KEPT {
            self.kept
                .push(Finding::skipped(file.to_owned(), line, reason));
        }
    }
}

/// The order of a date's day and month when an export writes `a/b/yyyy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// `2026-03-04` only.
    Iso,
    /// `3/4/2026` is 4 March (month first, as US exports write).
    Us,
    /// `3/4/2026` is 3 April (day first).
    DayFirst,
}

impl DateOrder {
    /// How it is written in a map and in messages.
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Iso => "iso",
            DateOrder::Us => "us",
            DateOrder::DayFirst => "day-first",
        }
    }
}

/// What a count of the model is filled from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Active customers, weighted by tier (`"customers"`).
    Customers,
    /// Active customers, each counted once (`"accounts"`).
    Accounts,
    /// New customers in each quarter of the year (`"new"`).
    New,
    /// Renewals in each quarter of the year (`"renewals"`).
    Renewals,
    /// Active customers of one tier, each counted once (`"tier:NAME"`).
    Tier(String),
}

impl Source {
    fn parse(text: &str) -> Option<Source> {
        let text = text.trim();
        match text.to_lowercase().as_str() {
            "customers" => Some(Source::Customers),
            "accounts" => Some(Source::Accounts),
            "new" => Some(Source::New),
            "renewals" => Some(Source::Renewals),
            other => other
                .strip_prefix("tier:")
                .map(str::trim)
                .filter(|tier| !tier.is_empty())
                .map(|tier| Source::Tier(tier.to_owned())),
        }
    }
}

/// One count the map fills, with where the map names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    /// The model's count.
    pub count: String,
    /// What it is filled from.
    pub source: Source,
    /// 1-based line and column in the map (0 for the defaults).
    pub at: (usize, usize),
}

/// The columns a map names (header names, any case).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The account's id; two rows with the same id are one account.
    pub id: Option<String>,
    /// The account's name.
    pub account: Option<String>,
    /// Who owns the account.
    pub owner: Option<String>,
    /// The account's tier (segment, priority).
    pub tier: Option<String>,
    /// When it became a customer.
    pub start: Option<String>,
    /// Its next renewal.
    pub renewal: Option<String>,
    /// Annual recurring revenue.
    pub arr: Option<String>,
    /// The column whose values say whether it is a customer (see `active`).
    pub active: Option<String>,
}

/// A map, read and checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map {
    /// Columns by header name, for an export of another kind or to
    /// override a known kind's.
    pub columns: Columns,
    /// Values of the active column that count as active (lower case; one
    /// ending in `*` is a prefix). Empty: the kind's own rule.
    pub active: Vec<String>,
    /// How `a/b/yyyy` dates are read; `None`: chosen from the file.
    pub date_order: Option<DateOrder>,
    /// A tier column's values (lower case) → tier names.
    pub tier_values: HashMap<String, String>,
    /// Tier names (lower case) → weights (1 = an average customer).
    pub tiers: BTreeMap<String, f64>,
    /// The counts filled, in the map's order.
    pub counts: Vec<Fill>,
    /// Owners as the CRM writes them (lower case) → names in scenarios.
    pub owners: HashMap<String, String>,
    /// The names `[owners]` gives, in the map's order, once each.
    pub listed: Vec<String>,
}

/// A tamplan book map: how an account export's columns and values become
/// the counts of a plan.
// Also the map's JSON Schema: see `json_schema`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "tamplan book map")]
struct RawMap {
    /// Columns by their header names, e.g. `owner = "CSM Name"`.
    #[serde(default)]
    columns: Columns,
    /// Values of the active column that count as active, any case; one
    /// ending in `*` is a prefix, e.g. `["Customer*"]`.
    #[serde(default)]
    active: Option<Vec<String>>,
    /// How dates written `a/b/yyyy` are read: `iso`, `us` (month first)
    /// or `day-first`; without it, chosen from the file's dates.
    date_order: Option<DateOrder>,
    /// A tier column's values → tier names, e.g. `Enterprise = "strategic"`.
    #[serde(default)]
    tier_values: BTreeMap<String, String>,
    /// Weight of a customer of each tier against the handbook's average
    /// customer, e.g. `strategic = 1.5`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, f64>")]
    tiers: BTreeMap<Spanned<String>, Spanned<f64>>,
    /// The model's counts filled from the book: `"customers"` (weighted),
    /// `"accounts"` (each once), `"new"` and `"renewals"` (by quarter),
    /// `"tier:NAME"` (customers of a tier).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    counts: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Owners as the CRM writes them (an id, an e-mail, a name) → the
    /// name used in scenarios; the owners listed here get scenarios.
    #[serde(default)]
    owners: BTreeMap<String, String>,
}

/// The JSON Schema (draft 7) of a map file, from the type it is read with.
pub fn json_schema() -> schemars::Schema {
    crate::domain::schema::json_schema_for::<RawMap>()
}

/// The largest tier weight a map may give: a customer costing 100 average
/// ones is a typo.
const MAX_WEIGHT: f64 = 100.0;

impl Map {
    /// The counts filled when the map names none.
    pub fn default_counts() -> Vec<Fill> {
        vec![
            Fill {
                count: "customers".to_owned(),
                source: Source::Customers,
                at: (0, 0),
            },
            Fill {
                count: "new_customers_per_quarter".to_owned(),
                source: Source::New,
                at: (0, 0),
            },
        ]
    }

    /// No map: every kind's own columns and rules, weights of 1.
    pub fn none() -> Map {
        Map {
            counts: Map::default_counts(),
            ..Map::default()
        }
    }

    /// Reads a map from TOML text; `source` names the file in messages.
    ///
    /// # Errors
    /// Every problem, with line and column.
    pub fn parse(text: &str, source: &str) -> Result<Map, Diagnostics> {
        let raw: RawMap =
            toml::from_str(text).map_err(|error| Diagnostics::from_toml(text, source, &error))?;
        let pos = LineIndex::new(text);
        let mut problems = Vec::new();
        let mut tiers = BTreeMap::new();
        for (name, weight) in raw.tiers {
            let value = *weight.get_ref();
            if value.is_finite() && (0.0..=MAX_WEIGHT).contains(&value) {
                tiers.insert(name.get_ref().trim().to_lowercase(), value);
            } else {
                problems.push(pos.at(
                    weight.span(),
                    format!(
                        "the weight of tier {:?} is {}; expected a number from 0 to {MAX_WEIGHT} (1 = an average customer)",
                        text::sanitize(name.get_ref()),
                        text::plain(value)
                    ),
                ));
            }
        }
        let mut counts = Vec::new();
        for (count, from) in raw.counts {
            let at = pos.line_column(count.span().start);
            match Source::parse(from.get_ref()) {
                Some(source) => counts.push(Fill {
                    count: count.get_ref().trim().to_owned(),
                    source,
                    at,
                }),
                None => problems.push(pos.at(
                    from.span(),
                    format!(
                        "{:?} is not something the book gives; expected \"customers\", \"accounts\", \"new\", \"renewals\" or \"tier:NAME\"",
                        text::sanitize(from.get_ref())
                    ),
                )),
            }
        }
        if counts.is_empty() {
            counts = Map::default_counts();
        }
        let mut listed: Vec<String> = Vec::new();
        let mut owners = HashMap::new();
        for (crm, name) in raw.owners {
            let name = name.trim().to_owned();
            if !listed.iter().any(|seen| seen.eq_ignore_ascii_case(&name)) {
                listed.push(name.clone());
            }
            owners.insert(crm.trim().to_lowercase(), name);
        }
        if !problems.is_empty() {
            return Err(Diagnostics::new(source, problems));
        }
        Ok(Map {
            columns: raw.columns,
            active: raw
                .active
                .unwrap_or_default()
                .iter()
                .map(|value| value.trim().to_lowercase())
                .collect(),
            date_order: raw.date_order,
            tier_values: raw
                .tier_values
                .into_iter()
                .map(|(value, tier)| (value.trim().to_lowercase(), tier.trim().to_lowercase()))
                .collect(),
            tiers,
            counts,
            owners,
            listed,
        })
    }

    /// The map's counts the model does not have, at their places.
    pub fn check(&self, model: &Model) -> Vec<Diagnostic> {
        self.counts
            .iter()
            .filter(|fill| model.count_id(&fill.count).is_none() && fill.at != (0, 0))
            .map(|fill| Diagnostic {
                line: fill.at.0,
                column: fill.at.1,
                message: format!(
                    "count {:?} is not in the model; expected one of: {}",
                    text::sanitize(&fill.count),
                    model.count_names()
                ),
            })
            .collect()
    }

    /// The name an owner goes by in scenarios: its alias, else as written.
    pub fn owner_name(&self, crm: &str) -> String {
        let crm = crm.trim();
        self.owners
            .get(&crm.to_lowercase())
            .cloned()
            .unwrap_or_else(|| crm.to_owned())
    }

    /// Whether `value` of the active column counts as active by the map.
    pub fn is_active_value(&self, value: &str) -> bool {
        let value = value.trim().to_lowercase();
        self.active
            .iter()
            .any(|wanted| match wanted.strip_suffix('*') {
                Some(prefix) => value.starts_with(prefix),
                None => value == *wanted,
            })
    }

    /// A tier value's tier name (lower case), [`UNTIERED`] when empty.
    pub fn tier_of(&self, value: &str) -> String {
        let value = value.trim().to_lowercase();
        if value.is_empty() {
            return UNTIERED.to_owned();
        }
        self.tier_values.get(&value).cloned().unwrap_or(value)
    }
}

/// The day counted as of, and the year whose quarters are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// `--as-of`: customers active on this day.
    pub as_of: NaiveDate,
    /// `--year`: new customers and renewals in its quarters.
    pub year: i32,
}

impl Period {
    /// How many quarters of the year (from Q1) the CRM knows new customers
    /// for: those that start on or before `as_of` (0 for a later year, 4
    /// for an earlier one).
    pub fn known_quarters(self) -> usize {
        match self.year.cmp(&self.as_of.year()) {
            std::cmp::Ordering::Less => 4,
            std::cmp::Ordering::Greater => 0,
            std::cmp::Ordering::Equal => quarter_of(self.as_of) + 1,
        }
    }
}

/// The 0-based quarter of a day.
fn quarter_of(day: NaiveDate) -> usize {
    usize::try_from(day.month0() / 3).unwrap_or(0)
}

/// One owner's book.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OwnerBook {
    /// The owner, by the name used in scenarios.
    pub owner: String,
    /// Active customers, each once.
    pub customers: u64,
    /// Active customers weighted by tier.
    pub weighted: f64,
    /// Active customers per tier.
    pub by_tier: BTreeMap<String, u64>,
    /// Customers that started in each quarter of the year; `None` for a
    /// quarter after the as-of day (the CRM holds only signed deals).
    pub new_by_quarter: [Option<u64>; 4],
    /// Active customers renewing in each quarter of the year.
    pub renewals_by_quarter: [u64; 4],
    /// ARR of the active customers.
    pub arr: f64,
    /// Where the owner's first active account is: the export's index in
    /// the list read, and the line.
    pub first: (usize, usize),
}

impl OwnerBook {
    /// The raw counts a scenario keeps in its `[book]` table.
    pub fn counts(&self, as_of: NaiveDate) -> BookCounts {
        BookCounts {
            as_of,
            customers: self.customers,
            weighted_customers: self.weighted,
            by_tier: self.by_tier.clone(),
            arr: self.arr,
        }
    }
}

/// Every owner's book, and what was skipped or noticed on the way.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Book {
    /// Owners by name.
    pub owners: Vec<OwnerBook>,
    /// Rows read, in all files.
    pub rows: usize,
    /// Rows counted as active customers.
    pub active: usize,
}

/// Rolls the accounts of `exports` up per owner: customers active on
/// `period.as_of` (an account that starts after it is not one yet),
/// weighted by the map's tier weights; new customers by the quarter of
/// their start, renewals by the quarter of their renewal date, within
/// `period.year`. A duplicate (the same id, else the same name and owner)
/// counts once and is listed; so is a tier without a weight (counted at 1)
/// and a file without an active account.
pub fn roll_up(exports: &[Export], map: &Map, period: Period, skipped: &mut Skipped) -> Book {
    let known = period.known_quarters();
    let mut seen: HashMap<(bool, String, String), (usize, usize)> = HashMap::new();
    let mut owners: BTreeMap<String, OwnerBook> = BTreeMap::new();
    let mut book = Book::default();
    for (file_index, export) in exports.iter().enumerate() {
        let mut active_here = 0;
        for account in &export.accounts {
            book.rows += 1;
            let key = match account.id.as_deref().map(str::trim) {
                Some(id) if !id.is_empty() => (true, id.to_lowercase(), String::new()),
                _ => (
                    false,
                    account.name.trim().to_lowercase(),
                    account.owner.trim().to_lowercase(),
                ),
            };
            if let Some((first_file, first_line)) = seen.get(&key) {
                let first = exports
                    .get(*first_file)
                    .map_or("", |export| export.file.as_str());
                skipped.skip(
                    &export.file,
                    account.line,
                    format!(
                        "{:?} is a duplicate of {first}:{first_line} (the same {}); counted once",
                        text::sanitize(&account.name),
                        if key.0 { "id" } else { "name and owner" }
                    ),
                );
                continue;
            }
            seen.insert(key, (file_index, account.line));
            let started = account.start.is_none_or(|start| start <= period.as_of);
            let active = account.active != Active::No && started;
            if !active {
                continue;
            }
            active_here += 1;
            book.active += 1;
            let tier = map.tier_of(&account.tier);
            let weight = if map.tiers.is_empty() || tier == UNTIERED {
                1.0
            } else if let Some(weight) = map.tiers.get(&tier) {
                *weight
            } else {
                skipped.skip(
                    &export.file,
                    account.line,
                    format!(
                        "tier {:?} has no weight in the map's [tiers]; counted at 1",
                        text::sanitize(&tier)
                    ),
                );
                1.0
            };
            let name = map.owner_name(&account.owner);
            let owner = owners.entry(name.clone()).or_insert_with(|| OwnerBook {
                owner: name,
                new_by_quarter: std::array::from_fn(|q| (q < known).then_some(0)),
                first: (file_index, account.line),
                ..OwnerBook::default()
            });
            owner.customers += 1;
            owner.weighted += weight;
            *owner.by_tier.entry(tier).or_insert(0) += 1;
            owner.arr += account.arr;
            if let Some(start) = account.start
                && start.year() == period.year
                && let Some(Some(slot)) = owner.new_by_quarter.get_mut(quarter_of(start))
            {
                *slot += 1;
            }
            if let Some(renewal) = account.renewal
                && renewal.year() == period.year
                && let Some(slot) = owner.renewals_by_quarter.get_mut(quarter_of(renewal))
            {
                *slot += 1;
            }
        }
        if active_here == 0 {
            skipped.skip(
                &export.file,
                1,
                format!(
                    "no active account in this file ({} read as a {}) as of {}",
                    text::count(export.accounts.len(), "row", "rows"),
                    export.kind,
                    period.as_of
                ),
            );
        }
    }
    book.owners = owners.into_values().collect();
    book
}

/// A plan's counts filled from one owner's book.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The values, the book's counts on the plan's.
    pub inputs: Inputs,
    /// The counts the book filled.
    pub filled: Vec<String>,
    /// The model's counts the book did not fill (they keep the plan's
    /// value).
    pub kept: Vec<String>,
}

/// `base` with the counts the map names filled from `owner`'s book.
/// New customers are filled for the quarters the CRM knows (see
/// [`Period::known_quarters`]); later quarters keep the plan's values,
/// and with none known the count is kept.
#[expect(
    clippy::cast_precision_loss,
    reason = "account counts are far below 2^52"
)]
pub fn fill(model: &Model, base: &Inputs, owner: &OwnerBook, map: &Map) -> Filled {
    let mut inputs = base.clone();
    let mut filled = Vec::new();
    for fill in &map.counts {
        let Some(id) = model.count_id(&fill.count) else {
            continue;
        };
        let by_quarter = |book: [Option<u64>; 4], inputs: &Inputs| -> Option<[f64; 4]> {
            book.iter().any(Option::is_some).then(|| {
                std::array::from_fn(|q| match book.get(q).copied().flatten() {
                    Some(n) => n as f64,
                    None => inputs.count_in(id, q),
                })
            })
        };
        match &fill.source {
            Source::Customers => inputs.set(Input::Count(id), owner.weighted),
            Source::Accounts => inputs.set(Input::Count(id), owner.customers as f64),
            Source::Tier(tier) => inputs.set(
                Input::Count(id),
                owner
                    .by_tier
                    .get(&tier.to_lowercase())
                    .copied()
                    .unwrap_or(0) as f64,
            ),
            Source::New | Source::Renewals => {
                let book = if fill.source == Source::New {
                    owner.new_by_quarter
                } else {
                    owner.renewals_by_quarter.map(Some)
                };
                match by_quarter(book, &inputs) {
                    Some(values) => {
                        // A count with the same value every quarter stays
                        // one number.
                        let [first, ..] = values;
                        if values
                            .iter()
                            .all(|v| !crate::domain::num::differs(*v, first))
                            && inputs.count_by_quarter(id).is_none()
                        {
                            inputs.set(Input::Count(id), first);
                        } else {
                            inputs.set_count_by_quarter(id, Some(values));
                        }
                    }
                    None => continue,
                }
            }
        }
        if !filled.contains(&fill.count) {
            filled.push(fill.count.clone());
        }
    }
    let kept = model
        .counts
        .iter()
        .map(|count| count.name.clone())
        .filter(|name| !filled.contains(name))
        .collect();
    Filled {
        inputs,
        filled,
        kept,
    }
}

/// One owner's book as reported: the counts and what they fill in the
/// plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// The owner's book.
    pub book: OwnerBook,
    /// The model's counts the book fills.
    pub filled: Vec<String>,
    /// The model's counts the book cannot give (they keep the plan's
    /// values).
    pub kept: Vec<String>,
}

/// The book of the owner a plan belongs to (its `owner`, any case), if
/// the CRM has one by that name.
pub fn owner_of<'b>(book: &'b Book, owner: &str) -> Option<&'b OwnerBook> {
    let owner = owner.trim();
    if owner.is_empty() {
        return None;
    }
    book.owners
        .iter()
        .find(|o| o.owner.trim().eq_ignore_ascii_case(owner))
}

/// A team member's plan with its owner's counts from the book, planned
/// again; `false` (and the plan as it was) when the book has no such
/// owner or the counts leave nothing plannable.
pub fn apply_to(
    planned: &mut Planned,
    model: &Model,
    book: &Book,
    map: &Map,
    as_of: NaiveDate,
) -> bool {
    let Some(owner) = owner_of(book, &planned.scenario.owner) else {
        return false;
    };
    let filled = fill(model, &planned.inputs, owner, map);
    let Ok(plan) = crate::domain::engine::compute(model, &filled.inputs) else {
        return false;
    };
    planned.scenario.book = Some(owner.counts(as_of));
    planned.member = Member::new(
        planned.member.file.clone(),
        &planned.scenario,
        model,
        &filled.inputs,
        &plan,
    );
    planned.inputs = filled.inputs;
    true
}

/// The book a team roll-up takes its owners' counts from (`team
/// --book-file`).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamBook {
    /// Every owner's book.
    pub book: Book,
    /// The map it was read with (the counts it fills).
    pub map: Map,
    /// The day it counts as of.
    pub as_of: NaiveDate,
}

impl TeamBook {
    /// A plan with its owner's counts (see [`apply_to`]).
    pub fn apply(&self, planned: &mut Planned, model: &Model) -> bool {
        apply_to(planned, model, &self.book, &self.map, self.as_of)
    }
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "sums of weights with one decimal")]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    fn account(line: usize, name: &str, owner: &str, tier: &str, start: &str) -> Account {
        Account {
            line,
            id: None,
            name: name.to_owned(),
            owner: owner.to_owned(),
            tier: tier.to_owned(),
            start: Some(day(start)),
            renewal: None,
            arr: 1000.0,
            active: Active::Yes,
        }
    }

    const MAP: &str = r#"
[tiers]
strategic = 1.5
standard = 1.0
digital = 0.3

[tier_values]
Enterprise = "strategic"

[counts]
customers = "customers"
new_customers_per_quarter = "new"
priority1_customers = "tier:strategic"

[owners]
"005A" = "Ana Lima"
"#;

    #[test]
    fn weights_aliases_duplicates_and_quarters() {
        let map = Map::parse(MAP, "map.toml").expect("a map");
        let export = Export {
            file: "a.csv".to_owned(),
            kind: "plain CSV".to_owned(),
            accounts: vec![
                account(2, "A", "005A", "Enterprise", "2026-02-01"),
                account(3, "B", "005a", "standard", "2025-05-01"),
                account(4, "C", "Ana Lima", "digital", "2026-08-01"),
                account(5, "c", "ana lima", "digital", "2026-08-01"),
                account(6, "D", "Ana Lima", "gold", "2020-01-01"),
                account(7, "E", "Ana Lima", "", "2027-01-01"),
            ],
        };
        let period = Period {
            as_of: day("2026-06-30"),
            year: 2026,
        };
        let mut skipped = Skipped::default();
        let book = roll_up(&[export], &map, period, &mut skipped);
        assert_eq!(book.owners.len(), 1);
        let ana = &book.owners[0];
        assert_eq!(ana.owner, "Ana Lima");
        // A, B, D (gold at 1), C; E starts after the day, c is C again.
        // C started after June 30 too: not yet a customer.
        assert_eq!(ana.customers, 3);
        assert_eq!(ana.weighted, 1.5 + 1.0 + 1.0);
        assert_eq!(ana.new_by_quarter, [Some(1), Some(0), None, None]);
        assert_eq!(skipped.total, 2, "{:?}", skipped.kept);
        assert!(skipped.kept[0].message.contains("duplicate of a.csv:4"));
        assert!(
            skipped.kept[1]
                .message
                .contains("tier \"gold\" has no weight")
        );

        let model = Model::builtin().expect("model");
        let filled = fill(&model, &Inputs::defaults(&model), ana, &map);
        assert_eq!(
            filled.filled,
            [
                "customers",
                "new_customers_per_quarter",
                "priority1_customers"
            ]
        );
        assert_eq!(filled.kept, ["ebrs_per_year", "webinars_per_quarter"]);
        let id = model.count_id("new_customers_per_quarter").expect("count");
        // Q3 and Q4 keep the plan's 3.
        assert_eq!(
            filled.inputs.count_by_quarter(id),
            Some([1.0, 0.0, 3.0, 3.0])
        );
        let p1 = model.count_id("priority1_customers").expect("count");
        assert_eq!(filled.inputs.count(p1), 1.0);
    }

    #[test]
    fn a_scenarios_book_round_trips_and_a_planner_save_keeps_it() {
        let model = Model::builtin().expect("model");
        let owner = OwnerBook {
            owner: "Ana".to_owned(),
            customers: 5,
            weighted: 5.3,
            by_tier: BTreeMap::from([("strategic".to_owned(), 2), ("digital".to_owned(), 3)]),
            arr: 702_000.5,
            ..OwnerBook::default()
        };
        let meta = crate::domain::scenario::Scenario {
            name: "Ana".to_owned(),
            book: Some(owner.counts(day("2026-09-30"))),
            ..Default::default()
        };
        let now = chrono::DateTime::parse_from_rfc3339("2026-09-30T12:00:00+02:00").expect("now");
        let text = crate::domain::scenario::Scenario::stamped(
            &model,
            &Inputs::defaults(&model),
            &meta,
            now,
        )
        .to_toml()
        .expect("text");
        assert!(text.contains("\nformat = 2\nname = \"Ana\"\n"), "{text}");
        let back = crate::domain::scenario::Scenario::parse(&text, "a.toml").expect("parses");
        assert_eq!(back.book, meta.book);
        // Saved again as the planner saves it: the book stays.
        let again = crate::domain::scenario::Scenario::stamped(
            &model,
            &Inputs::defaults(&model),
            &back,
            now,
        );
        assert_eq!(again.book, meta.book);
        // Without a book, no format key: files as before.
        let plain = crate::domain::scenario::Scenario::stamped(
            &model,
            &Inputs::defaults(&model),
            &crate::domain::scenario::Scenario::default(),
            now,
        )
        .to_toml()
        .expect("text");
        assert!(!plain.contains("format"), "{plain}");
    }

    #[test]
    fn known_quarters_follow_the_day() {
        let period = |as_of: &str, year| Period {
            as_of: day(as_of),
            year,
        };
        assert_eq!(period("2026-12-07", 2026).known_quarters(), 4);
        assert_eq!(period("2026-04-01", 2026).known_quarters(), 2);
        assert_eq!(period("2026-04-01", 2027).known_quarters(), 0);
        assert_eq!(period("2026-04-01", 2025).known_quarters(), 4);
    }

    #[test]
    fn map_problems_have_places() {
        let error = Map::parse(
            "[tiers]\nbig = -1\n[counts]\ncustomers = \"heads\"\n",
            "m.toml",
        )
        .expect_err("bad");
        let shown = error.to_string();
        assert!(
            shown.contains("m.toml:2:7: the weight of tier \"big\" is -1"),
            "{shown}"
        );
        assert!(
            shown.contains("m.toml:4:13: \"heads\" is not something"),
            "{shown}"
        );
        let error = Map::parse("colums = 1\n", "m.toml").expect_err("bad");
        assert!(
            error
                .to_string()
                .contains("m.toml:1:1: unknown field `colums`"),
            "{error}"
        );
        let map = Map::parse("[counts]\ncustomerz = \"customers\"\n", "m.toml").expect("parses");
        let problems = map.check(&Model::builtin().expect("model"));
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (2, 1));
    }

    #[test]
    fn active_values_and_prefixes() {
        let map = Map::parse("active = [\"Customer*\", \"Active\"]\n", "m.toml").expect("map");
        assert!(map.is_active_value("Customer - Direct"));
        assert!(map.is_active_value(" active "));
        assert!(!map.is_active_value("Former Customer"));
    }
}
