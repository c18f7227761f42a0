#!/usr/bin/env python3
"""Measures what the planner's line "since the last 1:1" costs.

Builds a repository (with `git fast-import`) of COMMITS commits that each
change one plan, `ana.toml`, the last one reviewed on a day with no copy
kept (so the plan then is found by walking git), then opens it in the
planner in a pseudo-terminal: time from exec to the first complete frame,
and to the frame with the line. The same for the plan copied outside the
repository with no `reviewed` (no line's work to do but "no 1:1
recorded"), and for the built-in plan (no line at all). Prints medians.

Usage: scripts/measure_since.py [BINARY] [RUNS] [COMMITS]
       (default target/release/tamplan, 20, 300)
"""

import os
import pty
import fcntl
import shutil
import statistics
import struct
import subprocess
import sys
import termios
import time

from ptyread import FRAME_END, read_until

BINARY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/tamplan")
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
COMMITS = int(sys.argv[3]) if len(sys.argv) > 3 else 300
COLS, ROWS = 120, 40
ROOT = "/tmp/tamplan-measure-since"


def plan(customers, reviewed=False):
    head = 'format = 2\nname = "Ana FY27"\nowner = "Ana"\n'
    if reviewed:
        head += "reviewed = 2023-11-15\n"
    return head + f"[counts]\ncustomers = {customers}\n"


def build_repository():
    shutil.rmtree(ROOT, ignore_errors=True)
    repo = os.path.join(ROOT, "team")
    os.makedirs(repo)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    stream = []
    start = 1_700_000_000
    for n in range(COMMITS):
        text = plan(30 + n % 20, reviewed=(n == COMMITS - 1)).encode()
        stream.append(b"commit refs/heads/main\n")
        stamp = f"Ana <ana@example.com> {start + n * 3600} +0100\n".encode()
        stream.append(b"author " + stamp + b"committer " + stamp)
        stream.append(b"data 4\nplan\n")
        stream.append(b"M 100644 inline ana.toml\n")
        stream.append(f"data {len(text)}\n".encode() + text + b"\n")
    subprocess.run(
        ["git", "-C", repo, "fast-import", "--quiet"], input=b"".join(stream), check=True
    )
    subprocess.run(["git", "-C", repo, "checkout", "-q", "main"], check=True)
    outside = os.path.join(ROOT, "outside")
    os.makedirs(outside)
    with open(os.path.join(outside, "ana.toml"), "w") as out:
        out.write(plan(42))
    return os.path.join(repo, "ana.toml"), os.path.join(outside, "ana.toml")


def run_once(args, line):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ["TAMPLAN_DATA_DIR"] = os.path.join(ROOT, "data")
        os.environ["TAMPLAN_CONFIG_DIR"] = os.path.join(ROOT, "config")
        os.environ["TAMPLAN_NOW"] = "2026-12-07T09:00:00+01:00"
        os.environ.pop("NO_COLOR", None)
        os.execv(BINARY, [BINARY] + args)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    data, first = read_until(fd, lambda d: b"Total" in d and d.endswith(FRAME_END))
    with_line = first
    if line:
        _, with_line = read_until(
            fd, lambda d: line.encode() in d and d.endswith(FRAME_END), data
        )
    os.write(fd, b"q")
    time.sleep(0.05)
    os.write(fd, b"d")
    os.waitpid(pid, 0)
    os.close(fd)
    return (first - start) * 1000, (with_line - start) * 1000


def main():
    in_git, outside = build_repository()
    cases = [
        ("built-in plan (no line)", [], None),
        ("plan outside git, no review", ["--scenario", outside], "no 1:1 recorded"),
        (
            f"plan reviewed, no copy: walk of {COMMITS} commits",
            ["--scenario", in_git],
            "since the last 1:1 (2023-11-15)",
        ),
    ]
    for label, args, line in cases:
        firsts, lines = [], []
        for _ in range(RUNS):
            first, with_line = run_once(args, line)
            firsts.append(first)
            lines.append(with_line)
        print(
            f"{label}: first frame {statistics.median(firsts):.1f} ms, "
            f"frame with the line {statistics.median(lines):.1f} ms (medians of {RUNS})"
        )


if __name__ == "__main__":
    main()
