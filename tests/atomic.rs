//! Saves are atomic: a process killed at any moment of a save leaves the old
//! file or the new one, never a mix or an empty file.
//!
//! The test runs this test binary again as a child that saves two versions
//! of a scenario in turn as fast as it can, kills it with SIGKILL after a
//! random delay, 200 times, and reads the file after each kill.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a whole crate of tests: a failed check panics, and fixtures have a known shape"
)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use tamplan::domain::scenario::Scenario;

const CHILD_ENV: &str = "TAMPLAN_TEST_SAVING_CHILD";

/// Two versions that differ everywhere, large enough that a write takes a
/// while (a long note).
fn version(which: u8) -> String {
    let note = format!("version {which} ").repeat(8_000);
    format!(
        "name = \"v{which}\"\nmodel = \"TAM Segment: Named\"\nnote = \"{note}\"\n\n[counts]\ncustomers = {}.0\n",
        30 + u32::from(which)
    )
}

/// The child: saves the two versions in turn until it is killed.
#[test]
#[ignore = "run by killed_saves_leave_whole_files as a child process"]
fn saving_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let path = Path::new(&dir).join("plan.toml");
    let versions = [version(1), version(2)];
    for turn in 0usize.. {
        let text = &versions[turn % 2];
        let expected = std::fs::read_to_string(&path).ok();
        tamplan::io::store::save(&path, text, expected.as_deref(), false).expect("saves");
    }
}

#[test]
fn killed_saves_leave_whole_files() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = dir.path().join("plan.toml");
    let versions = [version(1), version(2)];
    let exe = std::env::current_exe().expect("this test binary");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut kills_mid_run = 0;
    for round in 0..200 {
        let mut child = Command::new(&exe)
            .args(["--exact", "saving_child", "--ignored", "--test-threads=1"])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns the child");
        // xorshift: a random moment between 1 and 25 ms.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(1_000 + seed % 24_000));
        if child.try_wait().expect("try_wait").is_none() {
            kills_mid_run += 1;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                assert!(
                    versions.contains(&text),
                    "round {round}: a torn file of {} bytes",
                    text.len()
                );
                Scenario::parse(&text, "plan.toml").expect("a whole scenario");
            }
            Err(error) => assert_eq!(error.kind(), std::io::ErrorKind::NotFound, "round {round}"),
        }
    }
    assert!(
        kills_mid_run > 150,
        "the child was killed while saving ({kills_mid_run} of 200)"
    );
    assert!(path.exists(), "something was saved");
    let leftovers = std::fs::read_dir(dir.path()).expect("dir").count() - 1;
    eprintln!("temporary files left by killed saves: {leftovers}");
}
