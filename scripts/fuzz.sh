#!/usr/bin/env bash
# Runs the fuzzers on their corpora in fuzz/corpus/TARGET, then minimises
# each corpus (cargo fuzz cmin).
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
#       each target for SECONDS (default 300)
#   scripts/fuzz.sh --plateau [SECONDS] [TARGET ...]
#       each target in rounds of SECONDS (default 300) until a whole round
#       adds no coverage of tamplan's own code: the edges libFuzzer counts
#       in functions under src/ do not pass their best so far (a count can
#       dip by an edge or two between passes). libFuzzer's `cov:` also
#       counts the crates below, such as regex, which grow for hours after
#       tamplan's code is done.
#
# Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz --locked
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

# One round of TARGET for SECONDS; prints libFuzzer's summary and echoes
# the edge coverage reached as the last line.
round() {
  local target="$1" log dict=()
  log="$(mktemp)"
  if [ -f "dicts/$target.dict" ]; then
    dict=("-dict=dicts/$target.dict")
  fi
  cargo +nightly fuzz run "$target" "corpus/$target" -- "${dict[@]}" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1 || true
  grep -E '^(#[0-9]+\s+DONE|==[0-9]+==|SUMMARY|Done)' "$log" >&2 || true
  grep -E '^#[0-9]+\s+DONE' "$log" | sed -E 's/.*cov: ([0-9]+).*/\1/' | tail -n 1
  rm -f "$log"
}

# The edges the corpus of TARGET covers in tamplan's own functions (one run
# over the corpus, no fuzzing).
own_edges() {
  local target="$1" src
  src="$(cd .. && pwd)/src/"
  cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -runs=0 -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_coverage=1 2>&1 |
    awk -v src="$src" '/^COVERED_FUNC: / && index($0, src) { split($5, e, "/"); n += e[1] } END { print n + 0 }'
}

for target in "${targets[@]}"; do
  if "$plateau"; then
    echo "== $target: rounds of ${seconds} s until tamplan's own coverage stops growing"
    best="$(own_edges "$target")"
    echo "   before: $best edges in src/"
    rounds=0
    while :; do
      rounds=$((rounds + 1))
      cov="$(round "$target")"
      own="$(own_edges "$target")"
      echo "   round $rounds: $own edges in src/ (libFuzzer cov $cov)"
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
