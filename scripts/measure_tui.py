#!/usr/bin/env python3
"""Measures the interactive planner in a real pseudo-terminal.

For each run: time from exec to the first complete frame; time from a `+`
keystroke on the customers count to the end of its redraw and the bytes it
wrote (the first `+` turns the plan overloaded, the second is a typical
one); CPU used while idle; peak resident memory (VmHWM). Prints medians.

Usage: scripts/measure_tui.py [BINARY] [RUNS]   (default target/release/tamplan, 30)
"""

import fcntl
import os
import pty
import statistics
import struct
import sys
import termios
import time

from ptyread import FRAME_END, read_until

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/release/tamplan"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
COLS, ROWS = 120, 40


def run_once():
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        # Own folders: no user model, no recovery offered at start.
        os.environ["TAMPLAN_DATA_DIR"] = "/tmp/tamplan-measure/data"
        os.environ["TAMPLAN_CONFIG_DIR"] = "/tmp/tamplan-measure/config"
        os.environ.pop("NO_COLOR", None)
        os.execv(BINARY, [BINARY])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    # The first complete frame: the totals row and the frame's end.
    _, first = read_until(fd, lambda d: b"1,632.00" in d and d.endswith(FRAME_END))
    time.sleep(0.05)
    os.write(fd, b"+")
    sent = time.perf_counter()
    data, redrawn = read_until(fd, lambda d: b"OVERLOADED" in d and d.endswith(FRAME_END))
    time.sleep(0.05)
    # A second `+` (37 customers): a typical keystroke, no status change.
    os.write(fd, b"+")
    sent2 = time.perf_counter()
    data2, redrawn2 = read_until(fd, lambda d: b"37" in d and d.endswith(FRAME_END))
    # Idle: CPU ticks used over one second without input.
    ticks = lambda: sum(int(x) for x in open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[11:13])
    before = ticks()
    time.sleep(1.0)
    idle = ticks() - before
    with open(f"/proc/{pid}/status") as status:
        hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    # Quit, discarding the changes when it asks.
    os.write(fd, b"q")
    time.sleep(0.05)
    os.write(fd, b"d")
    try:
        read_until(fd, lambda d: False, timeout=0.3)
    except (TimeoutError, OSError):
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return (first - start) * 1000, (redrawn - sent) * 1000, len(data), (redrawn2 - sent2) * 1000, len(data2), idle, hwm / 1024


def main():
    results = [run_once() for _ in range(RUNS)]
    first, key, size, key2, size2, idle, memory = zip(*results)
    print(f"{RUNS} runs at {COLS}x{ROWS}, {BINARY}")
    print(f"exec to first complete frame: median {statistics.median(first):.2f} ms (min {min(first):.2f}, max {max(first):.2f})")
    print(f"`+` to the end of its redraw: median {statistics.median(key):.2f} ms (min {min(key):.2f}, max {max(key):.2f})")
    print(f"bytes written for that `+`:   median {statistics.median(size):.0f} (it turns the plan overloaded)")
    print(f"a second `+` to its redraw:   median {statistics.median(key2):.2f} ms, {statistics.median(size2):.0f} bytes")
    print(f"CPU ticks in 1 s idle:        max {max(idle)} (100 ticks = one core busy)")
    print(f"peak resident memory (VmHWM): median {statistics.median(memory):.1f} MB")


if __name__ == "__main__":
    main()
