//! `cargo +nightly fuzz run book`: see `tamplan::io::fuzz::book`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tamplan::io::fuzz::book(data));
