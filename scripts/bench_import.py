#!/usr/bin/env python3
"""Times `tamplan import` on generated handbook pages of growing tables.

    scripts/bench_import.py [TAMPLAN] [ROWS ...]

Writes a page per size (the current handbook page with its table grown to
ROWS task rows, each 1 h a month, and a matching total), runs the import
five times and prints the median wall time. Defaults: target/release/tamplan
and 1,000, 4,000, 8,000, 100,000 rows.
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "fixtures" / "000_176c7d470173e359.txt"


def page(rows: int) -> str:
    lines = PAGE.read_text().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Tasks"))
    end = next(i for i in range(header, len(lines)) if "Total hours" in lines[i])
    table = [lines[header], lines[header + 1]]
    table += [f"| Task {n} | 0.25 | 1 | 3 | 12 | fixed |" for n in range(rows)]
    table.append(f"| **Total hours spent** | {rows * 0.25:g} | {rows} | {rows * 3} | {rows * 12} |  |")
    return "\n".join(lines[:header] + table + lines[end + 1 :]) + "\n"


def main() -> None:
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/release/tamplan")
    sizes = [int(a) for a in sys.argv[2:]] or [1_000, 4_000, 8_000, 100_000]
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            path = Path(folder) / f"page{rows}.md"
            path.write_text(page(rows))
            times = []
            for _ in range(5):
                start = time.perf_counter()
                done = subprocess.run(
                    [binary, "import", str(path)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    timeout=120,
                )
                times.append(time.perf_counter() - start)
                if done.returncode != 0:
                    sys.exit(f"{rows} rows: exit {done.returncode}: {done.stderr.decode()[:500]}")
            print(f"{rows:>7} rows: median {statistics.median(times) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
