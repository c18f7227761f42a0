//! `cargo +nightly fuzz run scenario`: see `tamplan::io::fuzz::scenario`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tamplan::io::fuzz::scenario(data));
