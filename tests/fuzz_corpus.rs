//! Replays the fuzzers' committed inputs through the same functions the
//! `cargo fuzz` targets call, on the stable toolchain:
//!
//! - `fuzz/seeds/TARGET/*`: a small set chosen from the fuzzers' corpus
//!   to reach what the whole corpus reaches (`scripts/fuzz.sh --seeds`);
//!   every one must run to the end without a panic.
//! - `fuzz/regressions/TARGET/NAME`: each input that once found a bug,
//!   named for what it found, replayed by a test of its own below.
//!
//! The large corpus the fuzzers grow (`fuzz/corpus/`) is not committed;
//! `scripts/fuzz.sh` makes it again from the seeds.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::path::{Path, PathBuf};

use tamplan::io::fuzz;

/// The test harness's own stack: what the bugs were found on.
const STACK: usize = 2 << 20;

fn folder(kind: &str, target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target)
}

/// The files in `folder`, sorted; none if it does not exist.
fn inputs(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut inputs: Vec<_> = entries
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    inputs.sort();
    inputs
}

/// Runs `data` through `target` on a thread with the harness's stack.
fn replay(target: &'static str, input: &Path) {
    let data = std::fs::read(input).unwrap_or_else(|error| panic!("{}: {error}", input.display()));
    let known = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || fuzz::run(target, &data))
        .expect("a thread")
        .join()
        .unwrap_or_else(|_| panic!("{target}: {} panicked", input.display()));
    assert!(known, "{target} is a target");
}

#[test]
fn every_seed_runs_through_its_reader_without_a_panic() {
    for target in fuzz::TARGETS {
        let seeds = inputs(&folder("seeds", target));
        assert!(!seeds.is_empty(), "{target}: no seeds replay nothing");
        for seed in seeds {
            replay(target, &seed);
        }
    }
    assert!(!fuzz::run("golf", b""), "an unknown target is said so");
}

/// The regressions, by target and file: each has its test below, and no
/// file in `fuzz/regressions/` goes without one.
const REGRESSIONS: [(&str, &str); 1] = [("rules", "pattern-nested-215-repetitions.toml")];

fn regression(target: &'static str, name: &str) {
    assert!(
        REGRESSIONS.contains(&(target, name)),
        "{target}/{name} is in REGRESSIONS"
    );
    replay(target, &folder("regressions", target).join(name));
}

#[test]
fn every_regression_file_has_its_test() {
    let mut files = Vec::new();
    for target in fuzz::TARGETS {
        for input in inputs(&folder("regressions", target)) {
            let name = input.file_name().expect("a name").to_string_lossy();
            files.push((target, name.into_owned()));
        }
    }
    let mut named: Vec<_> = REGRESSIONS
        .iter()
        .map(|&(target, name)| (target, name.to_owned()))
        .collect();
    files.sort();
    named.sort();
    assert_eq!(files, named);
}

/// A rule's pattern with 215 nested repetitions (`pl+++…`) overflowed a
/// 2 MiB stack in the regex parser; now a problem at its place.
#[test]
fn rules_pattern_nested_215_repetitions() {
    regression("rules", "pattern-nested-215-repetitions.toml");
}
