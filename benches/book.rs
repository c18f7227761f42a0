//! `tamplan book` at 50,000 accounts: a generated Salesforce report export
//! (quoted fields, US dates, `USD 1,234.00`, 40 owners, three tiers, a
//! duplicate every 1,000 rows) read and rolled up per owner, with the
//! counts filled for every owner, as the command does. Run with `cargo
//! bench --bench book`; `scripts/book_export.py` writes the same file for
//! hyperfine.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "benchmarks: set-up that fails panics, and fixtures have a known shape"
)]

use std::fmt::Write as _;

use chrono::NaiveDate;
use tamplan::domain::book::{self, Map, Period, Skipped};
use tamplan::domain::engine::Inputs;
use tamplan::domain::model::Model;

const ACCOUNTS: usize = 50_000;

const MAP: &str = "[tier_values]\nEnterprise = \"strategic\"\n\"Mid-Market\" = \"standard\"\nSMB = \"digital\"\n[tiers]\nstrategic = 1.5\nstandard = 1.0\ndigital = 0.3\n[counts]\ncustomers = \"customers\"\nnew_customers_per_quarter = \"new\"\npriority1_customers = \"tier:strategic\"\n";

fn main() {
    divan::main();
}

/// A Salesforce report export of `count` accounts (as
/// `scripts/book_export.py` writes it).
fn export(count: usize) -> String {
    let mut text = String::from(
        "\"Account Owner\",\"Account Name\",\"Account ID\",\"Type\",\"Customer Tier\",\"Customer Since\",\"Renewal Date\",\"ARR\"\r\n",
    );
    let tiers = ["Enterprise", "Mid-Market", "SMB"];
    let types = [
        "Customer - Direct",
        "Customer - Channel",
        "Former Customer",
        "Prospect",
    ];
    for i in 0..count {
        // Every 1,000th row repeats the id before it: a duplicate.
        let id = if i % 1000 == 999 { i - 1 } else { i };
        let _ = write!(
            text,
            "\"Owner {:02}\",\"Account {i}\",\"001A{id:011}\",\"{}\",\"{}\",\"{}/{}/{}\",\"{}/{}/{}\",\"USD {},{:03}.00\"\r\n",
            i % 40,
            types[(i / 7) % 4],
            tiers[i % 3],
            1 + i % 12,
            1 + i % 28,
            2018 + i % 9,
            1 + (i / 3) % 12,
            1 + (i / 5) % 28,
            2026 + i % 2,
            10 + i % 900,
            i % 1000,
        );
    }
    text.push_str("\r\n\"Grand Totals (50000 records)\"\r\n");
    text
}

/// Read, rolled up, and every owner's counts filled.
fn run(text: &str, map: &Map, model: &Model) -> usize {
    let mut skipped = Skipped::default();
    let mut notes = Vec::new();
    let export =
        tamplan::io::book::read_from(text.as_bytes(), "bench.csv", map, &mut skipped, &mut notes)
            .expect("read");
    let period = Period {
        as_of: NaiveDate::from_ymd_opt(2026, 9, 30).expect("day"),
        year: 2026,
    };
    let book = book::roll_up(&[export], map, period, &mut skipped);
    let defaults = Inputs::defaults(model);
    book.owners
        .iter()
        .map(|owner| book::fill(model, &defaults, owner, map).filled.len())
        .sum()
}

#[divan::bench(sample_count = 10)]
fn read_and_roll_up_50000_accounts(bencher: divan::Bencher) {
    let text = export(ACCOUNTS);
    let map = Map::parse(MAP, "map.toml").expect("map");
    let model = Model::builtin().expect("model");
    bencher.bench(|| run(divan::black_box(&text), &map, &model));
}
