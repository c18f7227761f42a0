#!/usr/bin/env bash
# Runs the fuzzers on their corpora in fuzz/corpus/TARGET, then minimises
# each corpus (cargo fuzz cmin).
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
#       each target for SECONDS (default 300)
#   scripts/fuzz.sh --plateau [SECONDS] [TARGET ...]
#       each target in rounds of SECONDS (default 300) until a whole round
#       adds no coverage of tamplan's own code: the code regions under src/
#       that the corpus reaches, by source-based coverage (`cargo fuzz
#       coverage`, then llvm-cov). libFuzzer's `cov:` counts edges in every
#       crate, and its per-function edge counts put code inlined from other
#       crates (the YAML, TOML and regex parsers) under tamplan's functions;
#       both keep growing for hours after tamplan's own code is done.
#
# Needs a nightly toolchain, its LLVM tools, and cargo-fuzz:
#   rustup toolchain install nightly --component llvm-tools
#   cargo install cargo-fuzz --locked
# A crash is saved under fuzz/artifacts/TARGET/; once fixed, copy it into
# fuzz/corpus/TARGET/ so `cargo test --test fuzz_corpus` keeps it fixed.
# A dictionary in fuzz/dicts/TARGET.dict, where there is one, gives the
# fuzzer the tokens its reader looks for.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

plateau=false
if [ "${1:-}" = "--plateau" ]; then
  plateau=true
  shift
fi
seconds="${1:-300}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(model scenario rules page timesheet)
fi
limits=(-max_len=65536 -timeout=10 -rss_limit_mb=2048)
# The time exports and calendars are bounded readers: any input is read in
# 2 s and 512 MB at most, or the fuzzer reports it.
limits_of() {
  if [ "$1" = timesheet ]; then
    echo -max_len=65536 -timeout=2 -rss_limit_mb=512
  else
    echo "${limits[@]}"
  fi
}

# One round of TARGET for SECONDS; prints libFuzzer's summary and echoes
# the edge coverage reached as the last line.
round() {
  local target="$1" log dict=()
  log="$(mktemp)"
  if [ -f "dicts/$target.dict" ]; then
    dict=("-dict=dicts/$target.dict")
  fi
  # shellcheck disable=SC2046 # the limits are words
  cargo +nightly fuzz run "$target" "corpus/$target" -- "${dict[@]}" \
    -max_total_time="$seconds" $(limits_of "$target") -print_final_stats=1 >"$log" 2>&1 || true
  grep -E '^(#[0-9]+\s+DONE|==[0-9]+==|SUMMARY|Done)' "$log" >&2 || true
  grep -E '^#[0-9]+\s+DONE' "$log" | sed -E 's/.*cov: ([0-9]+).*/\1/' | tail -n 1
  rm -f "$log"
}

# The code regions under src/ that the corpus of TARGET covers (one
# coverage-instrumented run over the corpus, no fuzzing).
own_regions() {
  local target="$1" sysroot host
  sysroot="$(rustc +nightly --print sysroot)"
  host="$(rustc +nightly -vV | sed -n 's/^host: //p')"
  cargo +nightly fuzz coverage "$target" "corpus/$target" -- "${limits[@]}" >/dev/null 2>&1 || {
    echo "fuzz.sh: the coverage run of $target failed (cargo +nightly fuzz coverage $target)" >&2
    exit 1
  }
  "$sysroot/lib/rustlib/$host/bin/llvm-cov" report \
    "target/$host/coverage/$host/release/$target" \
    -instr-profile="coverage/$target/coverage.profdata" "$(cd .. && pwd)/src" |
    awk '$1 == "TOTAL" { print $2 - $3; found = 1 } END { exit !found }'
}

for target in "${targets[@]}"; do
  if "$plateau"; then
    echo "== $target: rounds of ${seconds} s until tamplan's own coverage stops growing"
    best="$(own_regions "$target")"
    echo "   before: $best regions covered in src/"
    rounds=0
    while :; do
      rounds=$((rounds + 1))
      cov="$(round "$target")"
      own="$(own_regions "$target")"
      echo "   round $rounds: $own regions covered in src/ (libFuzzer cov $cov)"
      if [ -z "$cov" ] || [ "$own" -le "$best" ]; then
        break
      fi
      best="$own"
    done
  else
    echo "== $target: ${seconds} s"
    round "$target" >/dev/null
  fi
  cargo +nightly fuzz cmin "$target" "corpus/$target" >/dev/null 2>&1
  echo "   corpus: $(ls "corpus/$target" | wc -l) inputs after cmin"
done
