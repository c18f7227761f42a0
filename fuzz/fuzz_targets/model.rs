//! `cargo +nightly fuzz run model`: see `tamplan::io::fuzz::model`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tamplan::io::fuzz::model(data));
