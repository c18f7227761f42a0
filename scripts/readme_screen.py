#!/usr/bin/env python3
"""Puts the planner's screens into the README and the guides: in README.md
and every docs/*.md, every text block after a `<!-- screen: NAME -->` line
becomes the insta snapshot tests/snapshots/ui__NAME.snap. `tests/ui.rs`
checks that they agree."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def screen(name):
    snap = (root / f"tests/snapshots/ui__{name}.snap").read_text()
    body = snap.split("---\n", 2)[2].strip("\n")
    return "\n".join(line[1:-1].rstrip().replace('\\"', '"') for line in body.split("\n"))


def replace(match):
    return f"{match.group(1)}```text\n{screen(match.group(2))}\n```"


for page in pages:
    text = page.read_text()
    # A block runs from its ```text line to the next line that is ``` alone.
    updated = re.sub(
        r"(<!-- screen: (\w+) -->\n)```text\n(?:(?!```\n).*\n)*?```\n",
        lambda m: replace(m) + "\n",
        text,
    )
    if updated != text:
        page.write_text(updated)
