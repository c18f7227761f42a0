#!/usr/bin/env python3
"""Picks at most CAP seeds for one fuzz target that reach the most of
tamplan's own code (scripts/fuzz.sh --seeds calls it).

Each candidate input is run once through the target's coverage build
(`cargo fuzz coverage` makes it); its raw profile gives the counters of
tamplan's functions it reached (functions of crate `tamplan`, and trait
impls for its types). The seeds are then picked greedily: each time the
input that reaches the most counters not yet reached, until every counter
the candidates reach is reached, then, with room left, every counter
reached about as often as the candidates reach it (libFuzzer's buckets of
counts), until CAP inputs are picked. libFuzzer's own
set cover (-set_cover_merge) counts every crate's edges (the TOML, YAML
and regex parsers'), and keeps several times as many.

    fuzz_seeds.py --binary BIN --profdata LLVM_PROFDATA --cap N --out DIR \
        [--timeout SECONDS] [ARG ...] -- CANDIDATE_DIR ...

ARGs are passed to the binary (libFuzzer's -timeout and the like).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Functions defined in crate `tamplan`: in v0 mangling the first crate
# root of the name is the defining crate's (a generic function of another
# crate names tamplan only in its type arguments, after it); in legacy
# mangling `tamplan::…` and `<tamplan::… as …>::…`.
V0_CRATE = re.compile(r"C(?:s[0-9A-Za-z]*_)?(\d+)")
LEGACY = re.compile(r"^_ZN(7tamplan|\d+_\$LT\$tamplan\.\.)")


def own(name):
    """Whether the mangled `name` is a function of tamplan's code."""
    if name.startswith("_R"):
        root = V0_CRATE.search(name)
        if not root:
            return False
        length = int(root.group(1))
        return name[root.end() : root.end() + length] == "tamplan"
    return bool(LEGACY.match(name))


def counters(binary, profdata, args, path, scratch, timeout):
    """The (function, counter) pairs of tamplan's code that `path` reaches,
    with their counts."""
    raw = os.path.join(scratch, "input.profraw")
    if os.path.exists(raw):
        os.remove(raw)
    env = dict(os.environ, LLVM_PROFILE_FILE=raw)
    try:
        subprocess.run(
            [binary, *args, path],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {}
    if not os.path.exists(raw):
        return {}
    shown = subprocess.run(
        [profdata, "show", "--counts", "--function=tamplan", raw],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    reached = {}
    name = None
    for line in shown.splitlines():
        stripped = line.strip()
        if line.startswith("  ") and not line.startswith("    ") and stripped.endswith(":"):
            name = stripped[:-1]
            if not own(name):
                name = None
        elif name and stripped.startswith("Function count:"):
            count = int(stripped.split(":")[1])
            if count > 0:
                reached[(name, 0)] = count
        elif name and stripped.startswith("Block counts:"):
            values = stripped.split(":", 1)[1].strip().strip("[]")
            for index, value in enumerate(values.split(",") if values else []):
                if int(value) > 0:
                    reached[(name, index + 1)] = int(value)
    return reached


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit(__doc__)
    split = argv.index("--")
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--profdata", required=True)
    parser.add_argument("--cap", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=float, default=20)
    options, args = parser.parse_known_args(argv[:split])
    candidates = sorted(
        os.path.join(folder, name)
        for folder in argv[split + 1 :]
        if os.path.isdir(folder)
        for name in os.listdir(folder)
        if os.path.isfile(os.path.join(folder, name))
    )
    counts = {}
    with tempfile.TemporaryDirectory() as scratch:
        for path in candidates:
            counts[path] = counters(
                options.binary, options.profdata, args, path, scratch, options.timeout
            )
    # First every counter reached at all; then, while there is room, every
    # counter reached about as often as any candidate reaches it (a region
    # counted as the difference of two counters needs one more often than
    # the other).
    phases = [
        {path: set(reached) for path, reached in counts.items()},
        {
            path: {(*key, bucket(count)) for key, count in reached.items()}
            for path, reached in counts.items()
        },
    ]
    picked = []
    for features in phases:
        covered = set().union(*(features[path] for path in picked))
        left = {path: found for path, found in features.items() if path not in picked}
        while len(picked) < options.cap and left:
            best = max(left, key=lambda path: (len(left[path] - covered), path))
            if not left[best] - covered:
                break
            picked.append(best)
            covered |= left.pop(best)
    if os.path.isdir(options.out):
        shutil.rmtree(options.out)
    os.makedirs(options.out)
    for path in picked:
        shutil.copy(path, os.path.join(options.out, os.path.basename(path)))
    every = set().union(*phases[0].values()) if counts else set()
    covered = set().union(*(phases[0][path] for path in picked))
    share = 100 * len(covered) / len(every) if every else 100
    print(
        f"{len(picked)} of {len(candidates)} inputs reach {len(covered)} of "
        f"{len(every)} counters in tamplan's code ({share:.1f} %)"
    )


def bucket(count):
    """libFuzzer's buckets of a count: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128-."""
    for index, top in enumerate([1, 2, 3, 7, 15, 31, 127]):
        if count <= top:
            return index
    return 7

if __name__ == "__main__":
    main()
