//! `cargo +nightly fuzz run page`: see `tamplan::io::fuzz::page`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tamplan::io::fuzz::page(data));
