//! `cargo +nightly fuzz run rules`: see `tamplan::io::fuzz::rules`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tamplan::io::fuzz::rules(data));
