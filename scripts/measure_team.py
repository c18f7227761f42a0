#!/usr/bin/env python3
"""Measures the team view opening a large folder in a real pseudo-terminal.

Makes a folder of PLANS plan files (once, under /tmp), then for each run:
time from exec to the first complete frame, and to the frame that shows
every plan read (the team's own totals line, `Team: N plans`, read off
the screen as the redraws leave it); peak resident memory
(VmHWM) once everything is read. Prints medians.

Usage: scripts/measure_team.py [BINARY] [PLANS] [RUNS]
       (default target/release/tamplan, 100000, 5)
"""

import fcntl
import os
import pty
import statistics
import struct
import sys
import termios
import time

from ptyread import FRAME_END, read_until, rows

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/release/tamplan"
PLANS = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
COLS, ROWS = 120, 40
FOLDER = f"/tmp/tamplan-team-{PLANS}"


def make_folder():
    if os.path.isdir(FOLDER) and len(os.listdir(FOLDER)) == PLANS:
        return
    os.makedirs(FOLDER, exist_ok=True)
    for i in range(PLANS):
        with open(f"{FOLDER}/plan-{i:06}.toml", "w") as f:
            f.write(
                f'name = "Plan {i}"\nowner = "Owner {(i * 7919) % PLANS}"\n'
                f"saved = 2026-06-01T10:00:00+01:00\n[counts]\ncustomers = {20 + i % 40}.0\n"
            )


def run_once():
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ["TAMPLAN_DATA_DIR"] = "/tmp/tamplan-measure/data"
        os.environ["TAMPLAN_CONFIG_DIR"] = "/tmp/tamplan-measure/config"
        os.environ["TAMPLAN_NOW"] = "2026-11-23T12:00:00+00:00"
        os.execv(BINARY, [BINARY, "team", FOLDER])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    data, first = read_until(fd, lambda d: b"tamplan team" in d and FRAME_END in d, timeout=120)
    # While reading, the totals line says how far it got; the team's own
    # totals come once every plan is read.
    whole = f" Team: {PLANS:,} plans".encode()
    done = lambda d: d.endswith(FRAME_END) and any(
        line.startswith(whole.decode()) for line in rows(d)
    )
    _, all_read = read_until(fd, done, data, 120)
    with open(f"/proc/{pid}/status") as status:
        hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    os.write(fd, b"q")
    try:
        read_until(fd, lambda d: False, timeout=0.5)
    except (TimeoutError, OSError):
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return (first - start) * 1000, (all_read - start) * 1000, hwm / 1024


def main():
    make_folder()
    runs = [run_once() for _ in range(RUNS)]
    print(f"{BINARY}, {PLANS:,} plans, {RUNS} runs, medians:")
    print(f"  first frame      {statistics.median(r[0] for r in runs):9.1f} ms")
    print(f"  every plan read  {statistics.median(r[1] for r in runs):9.1f} ms")
    print(f"  peak memory      {statistics.median(r[2] for r in runs):9.1f} MB")


if __name__ == "__main__":
    main()
