#!/usr/bin/env bash
# Runs the fuzzers: each target for SECONDS (default 300) on its corpus in
# fuzz/corpus/TARGET, then minimises the corpus (cargo fuzz cmin).
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
#
# Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz --locked
# A crash is saved under fuzz/artifacts/TARGET/; once fixed, copy it into
# fuzz/corpus/TARGET/ so `cargo test --test fuzz_corpus` keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-300}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(model scenario rules page timesheet)
fi

for target in "${targets[@]}"; do
  echo "== $target: ${seconds} s"
  cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 2>&1 | grep -E '^(#[0-9]+\s+DONE|stat::|==[0-9]+==|SUMMARY|Done)' || true
  cargo +nightly fuzz cmin "$target" "corpus/$target" >/dev/null 2>&1
  echo "   corpus: $(ls "corpus/$target" | wc -l) inputs after cmin"
done
