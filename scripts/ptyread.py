"""What the pty measurement scripts share: reading what a program in a
pseudo-terminal writes until it has drawn what is awaited."""

import os
import select
import time

# Every frame ends by hiding the cursor again: the end of a redraw.
FRAME_END = b"\x1b[?25l"


def read_until(fd, predicate, data=b"", timeout=5.0):
    """Reads `fd` onto `data` until `predicate(data)` holds; returns the
    data and the time it did. TimeoutError after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while not predicate(data):
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(repr(data[-300:]))
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            data += os.read(fd, 1 << 20)
    return data, time.perf_counter()


def rows(data):
    """The screen's rows as `data` leaves them, for a program that draws
    by moving the cursor (`ESC [ row ; col H`) and writing characters, as
    the planner does: other escape sequences are skipped. Enough to read
    a line a diffing redraw wrote only in part."""
    cells = {}
    row, col = 1, 1
    text = data.decode("utf-8", "replace")
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\x1b" and i + 1 < len(text) and text[i + 1] == "[":
            j = i + 2
            while j < len(text) and not ("@" <= text[j] <= "~"):
                j += 1
            if j < len(text) and text[j] == "H":
                parts = (text[i + 2 : j] or "1;1").split(";")
                row = int(parts[0] or 1)
                col = int(parts[1] or 1) if len(parts) > 1 else 1
            i = j + 1
            continue
        if c >= " ":
            cells[(row, col)] = c
            col += 1
        i += 1
    lines = {}
    for (r, c), ch in sorted(cells.items()):
        line = lines.setdefault(r, [])
        line.extend(" " * (c - 1 - len(line)))
        line[c - 1 : c] = [ch]
    return ["".join(line) for _, line in sorted(lines.items())]
