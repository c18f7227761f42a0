#!/usr/bin/env python3
"""A generated git repository of plans, for measuring `tamplan history`.

    scripts/history_repo.py DIR PLANS COMMITS CHANGED [--other]

makes DIR a repository (git init, then `git fast-import`, then the files
checked out) whose COMMITS commits each change CHANGED of the PLANS plans
under plans/ (round robin, the customers count going up and down), one
commit a day from 2024-01-01. With --other, the commits after the first
change only notes.md: the plans never change again (the walk's worst case,
a path looked up in every commit for nothing).

    scripts/history_repo.py /tmp/h50 50 300 50      # 50 plans x 300 versions
    scripts/history_repo.py /tmp/h5k 50 5000 1      # 5,000 commits
    scripts/history_repo.py /tmp/h100k 1 100000 1 --other
"""

import subprocess
import sys


def plan(index, version):
    customers = 20 + (index * 7 + version * 3) % 30
    return (
        f'name = "Plan {index}"\nowner = "Owner {index:03}"\n'
        f'model = "TAM Segment: Named"\n'
        f"[counts]\ncustomers = {customers}.0\n"
        f"new_customers_per_quarter = {1 + version % 4}.0\n"
        f"[capacity]\npto_days = {20 + index % 10}.0\n"
    ).encode()


def stream(plans, commits, changed, other):
    out = []
    day = 1704103200  # 2024-01-01 10:00 UTC
    turn = 0
    for n in range(commits):
        when = day + n * 86400
        message = f"change {n}".encode()
        out.append(b"commit refs/heads/main\n")
        out.append(b"mark :%d\n" % (n + 1))
        out.append(b"author Ana <ana@example.com> %d +0100\n" % when)
        out.append(b"committer Ana <ana@example.com> %d +0100\n" % when)
        out.append(b"data %d\n%s\n" % (len(message), message))
        if n > 0:
            out.append(b"from :%d\n" % n)
        if n == 0 or not other:
            touched = range(plans) if n == 0 else [
                (turn + k) % plans for k in range(changed)
            ]
            turn = (turn + changed) % plans
            for index in touched:
                text = plan(index, n)
                out.append(b"M 100644 inline plans/plan-%03d.toml\n" % index)
                out.append(b"data %d\n%s\n" % (len(text), text))
        else:
            text = f"note {n}\n".encode()
            out.append(b"M 100644 inline notes.md\n")
            out.append(b"data %d\n%s\n" % (len(text), text))
    return b"".join(out)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    other = "--other" in sys.argv
    folder, plans, commits, changed = args[0], int(args[1]), int(args[2]), int(args[3])
    subprocess.run(["git", "init", "-q", "-b", "main", folder], check=True)
    subprocess.run(
        ["git", "-C", folder, "fast-import", "--quiet"],
        input=stream(plans, commits, changed, other),
        check=True,
    )
    subprocess.run(["git", "-C", folder, "reset", "-q", "--hard"], check=True)


if __name__ == "__main__":
    main()
