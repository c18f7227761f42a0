//! Replays the fuzzers' committed corpus (`fuzz/corpus/TARGET/*`) through
//! the same functions the `cargo fuzz` targets call, on the stable
//! toolchain: every input a fuzzer kept, and every crash it found once
//! (saved there after the fix), must run to the end without a panic.

use std::path::Path;

use tamplan::io::fuzz;

#[test]
fn every_corpus_input_runs_through_its_reader_without_a_panic() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut replayed = 0;
    for target in fuzz::TARGETS {
        let folder = corpus.join(target);
        let mut inputs: Vec<_> = std::fs::read_dir(&folder)
            .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
            .map(|entry| entry.expect("a folder entry").path())
            .collect();
        inputs.sort();
        assert!(
            !inputs.is_empty(),
            "{target}: an empty corpus replays nothing"
        );
        for input in inputs {
            let data = std::fs::read(&input).expect("read");
            assert!(fuzz::run(target, &data), "{target} is a target");
            replayed += 1;
        }
    }
    assert!(replayed >= fuzz::TARGETS.len());
    assert!(!fuzz::run("golf", b""), "an unknown target is said so");
}
