#!/usr/bin/env bash
# The fuzzers and their inputs. Three folders per target under fuzz/:
#
#   seeds/TARGET/        committed: a small set of inputs that reaches what
#                        the whole corpus reaches (remade with --seeds)
#   regressions/TARGET/  committed: each input that once found a bug, named
#                        for what it found; tests/fuzz_corpus.rs replays
#                        seeds and regressions on stable
#   corpus/TARGET/       not committed (.gitignore): what the fuzzers grow,
#                        started from the seeds and regressions
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
#       each target for SECONDS (default 300), then its corpus minimised
#       (cargo fuzz cmin)
#   scripts/fuzz.sh --plateau [SECONDS] [TARGET ...]
#       each target in rounds of SECONDS (default 300) until a whole round
#       adds no coverage of tamplan's own code: the code regions under src/
#       that the corpus reaches, by source-based coverage (`cargo fuzz
#       coverage`, then llvm-cov). libFuzzer's `cov:` counts edges in every
#       crate, and its per-function edge counts put code inlined from other
#       crates (the YAML, TOML and regex parsers) under tamplan's functions;
#       both keep growing for hours after tamplan's own code is done.
#   scripts/fuzz.sh --seeds [TARGET ...]
#       seeds/TARGET remade from the corpus and the seeds: libFuzzer's set
#       cover of every edge (-set_cover_merge=1 -use_counters=0) gives the
#       candidates, of which scripts/fuzz_seeds.py keeps at most SEED_CAP
#       (default 110) that reach every counter of tamplan's own code the
#       candidates reach (source-based coverage). 5 targets at 110 keep
#       the committed inputs under 600.
#   scripts/fuzz.sh --coverage [TARGET ...]
#       the code regions under src/ that corpus/TARGET reaches and that
#       seeds/TARGET reaches, per target and for all the targets at once
#       (covered of all regions in src/, and the seeds' share of the
#       corpus's)
#
# Needs a nightly toolchain, its LLVM tools, and cargo-fuzz:
#   rustup toolchain install nightly --component llvm-tools
#   cargo install cargo-fuzz --locked
# A crash is saved under fuzz/artifacts/TARGET/; once fixed, copy it into
# fuzz/regressions/TARGET/ under a name that says what it found, and add
# its test to tests/fuzz_corpus.rs.
# A dictionary in fuzz/dicts/TARGET.dict, where there is one, gives the
# fuzzer the tokens its reader looks for.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

mode=fuzz
case "${1:-}" in
  --plateau) mode=plateau; shift ;;
  --seeds) mode=seeds; shift ;;
  --coverage) mode=coverage; shift ;;
esac
seconds=300
if [ "$mode" = fuzz ] || [ "$mode" = plateau ]; then
  seconds="${1:-300}"
  shift || true
fi
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(model scenario rules page timesheet book)
fi
seed_cap="${SEED_CAP:-110}"
limits=(-max_len=65536 -timeout=10 -rss_limit_mb=2048)
# The time exports, calendars and account exports are bounded readers: any input is read in
# 2 s and 512 MB at most, or the fuzzer reports it.
limits_of() {
  if [ "$1" = timesheet ] || [ "$1" = book ]; then
    echo -max_len=65536 -timeout=2 -rss_limit_mb=512
  else
    echo "${limits[@]}"
  fi
}

# The corpus of TARGET, started from the seeds and regressions where it
# lacks them (a fresh checkout has none).
corpus_of() {
  local target="$1" from
  mkdir -p "corpus/$target"
  for from in "seeds/$target" "regressions/$target"; do
    if [ -d "$from" ]; then
      cp -n "$from"/* "corpus/$target/" 2>/dev/null || true
    fi
  done
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

sysroot="$(rustc +nightly --print sysroot)"
host="$(rustc +nightly -vV | sed -n 's/^host: //p')"
llvm_bin="$sysroot/lib/rustlib/$host/bin"
src="$(cd .. && pwd)/src"

# Profiles TARGET over the inputs in FOLDER (one coverage-instrumented run,
# no fuzzing) into coverage/TARGET/NAME.profdata.
profile() {
  local target="$1" folder="$2" name="$3"
  # cargo fuzz merges every raw profile left in the folder: none of an
  # earlier run.
  rm -rf "coverage/$target/raw"
  cargo +nightly fuzz coverage -j 1 "$target" "$folder" -- "${limits[@]}" >/dev/null 2>&1 || {
    echo "fuzz.sh: the coverage run of $target failed (cargo +nightly fuzz coverage $target $folder)" >&2
    exit 1
  }
  mv "coverage/$target/coverage.profdata" "coverage/$target/$name.profdata"
}

# llvm-cov's TOTAL over src/ for the profile and binaries given:
# "covered regions" (all regions is the second word).
regions() {
  local profdata="$1" objects=() target
  shift
  for target in "$@"; do
    objects+=(-object "target/$host/coverage/$host/release/$target")
  done
  # The first binary is llvm-cov's argument, the others its -objects.
  "$llvm_bin/llvm-cov" report "${objects[@]:1}" -instr-profile="$profdata" \
    "target/$host/coverage/$host/release/$1" "$src" |
    awk '$1 == "TOTAL" { print $2 - $3, $2; found = 1 } END { exit !found }'
}

# The code regions under src/ that the corpus of TARGET covers.
own_regions() {
  local target="$1" covered
  profile "$target" "corpus/$target" corpus
  read -r covered _ < <(regions "coverage/$target/corpus.profdata" "$target")
  echo "$covered"
}

# The candidates for TARGET's seeds: libFuzzer's set cover of every edge
# the corpus and the seeds reach, in coverage/TARGET/candidates.
candidates() {
  local target="$1" from=("corpus/$target")
  if [ -d "seeds/$target" ]; then
    from+=("seeds/$target")
  fi
  rm -rf "coverage/$target/candidates"
  mkdir -p "coverage/$target/candidates"
  # shellcheck disable=SC2046 # the limits are words
  cargo +nightly fuzz run "$target" "coverage/$target/candidates" "${from[@]}" -- \
    -set_cover_merge=1 -use_counters=0 $(limits_of "$target") >/dev/null 2>&1
}

percent() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }'
}

if [ "$mode" = seeds ]; then
  for target in "${targets[@]}"; do
    corpus_of "$target"
    candidates "$target"
    echo "== $target: $(find "coverage/$target/candidates" -type f | wc -l) inputs reach every edge"
    # Builds the coverage binary (and profiles the candidates).
    profile "$target" "coverage/$target/candidates" candidates
    # shellcheck disable=SC2046 # the limits are words
    python3 ../scripts/fuzz_seeds.py --cap "$seed_cap" --out "seeds/$target" \
      --binary "target/$host/coverage/$host/release/$target" \
      --profdata "$llvm_bin/llvm-profdata" $(limits_of "$target") -- "coverage/$target/candidates"
  done
  exit 0
fi

if [ "$mode" = coverage ]; then
  profiles_corpus=()
  profiles_seeds=()
  for target in "${targets[@]}"; do
    corpus_of "$target"
    profile "$target" "corpus/$target" corpus
    profile "$target" "seeds/$target" seeds
    profiles_corpus+=("coverage/$target/corpus.profdata")
    profiles_seeds+=("coverage/$target/seeds.profdata")
    read -r full all < <(regions "coverage/$target/corpus.profdata" "$target")
    read -r seeds _ < <(regions "coverage/$target/seeds.profdata" "$target")
    echo "$target: corpus $(find "corpus/$target" -type f | wc -l) inputs, $full of $all regions in src/ ($(percent "$full" "$all") %);" \
      "seeds $(find "seeds/$target" -type f | wc -l) inputs, $seeds ($(percent "$seeds" "$all") %), $(percent "$seeds" "$full") % of the corpus's"
  done
  if [ "${#targets[@]}" -gt 1 ]; then
    "$llvm_bin/llvm-profdata" merge -sparse "${profiles_corpus[@]}" -o coverage/corpus.profdata
    "$llvm_bin/llvm-profdata" merge -sparse "${profiles_seeds[@]}" -o coverage/seeds.profdata
    read -r full all < <(regions coverage/corpus.profdata "${targets[@]}")
    read -r seeds _ < <(regions coverage/seeds.profdata "${targets[@]}")
    echo "all: corpus $full of $all regions in src/ ($(percent "$full" "$all") %);" \
      "seeds $seeds ($(percent "$seeds" "$all") %), $(percent "$seeds" "$full") % of the corpus's"
  fi
  exit 0
fi

for target in "${targets[@]}"; do
  corpus_of "$target"
  if [ "$mode" = plateau ]; then
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
