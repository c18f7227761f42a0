#!/usr/bin/env python3
"""Puts the planner's screen from the 120x40 snapshot of an overloaded plan
(tests/snapshots/ui__overloaded_120x40.snap) into the README's first text
block; `tests/ui.rs` checks that they agree."""
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
snap = (root / "tests/snapshots/ui__overloaded_120x40.snap").read_text()
body = snap.split("---\n", 2)[2].strip("\n")
lines = [line[1:-1].rstrip().replace('\\"', '"') for line in body.split("\n")]
readme = (root / "README.md").read_text()
start = readme.index("```text\n") + len("```text\n")
end = readme.index("```\n", start)
(root / "README.md").write_text(readme[:start] + "\n".join(lines) + "\n" + readme[end:])
