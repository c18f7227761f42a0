#!/usr/bin/env python3
"""Puts the planner's screens into the README: every text block after a
`<!-- screen: NAME -->` line becomes the insta snapshot
tests/snapshots/ui__NAME.snap. `tests/ui.rs` checks that they agree."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
readme = (root / "README.md").read_text()


def screen(name):
    snap = (root / f"tests/snapshots/ui__{name}.snap").read_text()
    body = snap.split("---\n", 2)[2].strip("\n")
    return "\n".join(line[1:-1].rstrip().replace('\\"', '"') for line in body.split("\n"))


def replace(match):
    return f"{match.group(1)}```text\n{screen(match.group(2))}\n```"


# A block runs from its ```text line to the next line that is ``` alone.
readme = re.sub(
    r"(<!-- screen: (\w+) -->\n)```text\n(?:(?!```\n).*\n)*?```\n",
    lambda m: replace(m) + "\n",
    readme,
)
(root / "README.md").write_text(readme)
