#!/usr/bin/env python3
"""Times `tamplan calibrate` on a generated year of a 40-person team's Toggl
export (100,000 entries) and reports the median and the peak memory.

Usage: scripts/bench_calibrate.py [target/release/tamplan]
Needs hyperfine and GNU time (/usr/bin/time)."""
import datetime
import json
import pathlib
import random
import subprocess
import sys
import tempfile

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/tamplan"
root = pathlib.Path(__file__).resolve().parent.parent
rules_source = (root / "src/io/rules.rs").read_text()
rules = rules_source[rules_source.index('r#"') + 3 : rules_source.index('"#;')]

random.seed(7)
projects = ["Acme", "Beta", "Gamma", "Delta", "EBRs", "Misc", "Internal"]
descriptions = ["Sync call", "Q4 review", "Onboarding kickoff", "Hiring panel",
                "Team meeting", "Account plan", "Webinar prep", "Renewal call", "Research"]
with tempfile.TemporaryDirectory() as folder:
    folder = pathlib.Path(folder)
    (folder / "rules.toml").write_text(rules)
    export = folder / "toggl.csv"
    with export.open("w") as out:
        out.write("\ufeffUser,Email,Client,Project,Task,Description,Billable,Start date,"
                  "Start time,End date,End time,Duration,Tags,Amount ()\r\n")
        start = datetime.date(2026, 1, 1)
        for i in range(100_000):
            day = start + datetime.timedelta(days=random.randint(0, 364))
            text = "Vacation" if i % 500 == 0 else random.choice(descriptions)
            hours, minutes = random.randint(0, 4), random.choice([0, 15, 30, 45])
            out.write(f"TAM {i % 40},tam{i % 40}@example.com,{random.choice(projects)},"
                      f"{random.choice(projects)},,\"{text} #{i % 97}\",No,{day},09:00:00,{day},"
                      f"10:00:00,{hours:02d}:{minutes:02d}:00,tag{i % 5},\r\n")
    command = f"{binary} calibrate --rules {folder / 'rules.toml'} {export} --format json"
    result = folder / "hyperfine.json"
    subprocess.run(["hyperfine", "-N", "--warmup", "3", "--runs", "20",
                    "--export-json", str(result), command],
                   check=True, capture_output=True)
    median = json.loads(result.read_text())["results"][0]["median"]
    timed = subprocess.run(["/usr/bin/time", "-v", *command.split()],
                           capture_output=True, text=True, check=True)
    peak = next(line for line in timed.stderr.splitlines() if "Maximum resident" in line)
    size = export.stat().st_size / 1e6
    print(f"100,000 entries ({size:.1f} MB): median {median * 1000:.1f} ms; "
          f"peak memory {int(peak.split()[-1]) / 1024:.1f} MB")
