//! `cargo +nightly fuzz run timesheet`: see `tamplan::io::fuzz::timesheet`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tamplan::io::fuzz::timesheet(data));
