#!/usr/bin/env python3
"""Writes the Salesforce report export benches/book.rs generates, for
hyperfine and /usr/bin/time: python3 scripts/book_export.py 50000 > x.csv"""
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
tiers = ["Enterprise", "Mid-Market", "SMB"]
types = ["Customer - Direct", "Customer - Channel", "Former Customer", "Prospect"]
out = sys.stdout
out.write('"Account Owner","Account Name","Account ID","Type","Customer Tier","Customer Since","Renewal Date","ARR"\r\n')
for i in range(count):
    ident = i - 1 if i % 1000 == 999 else i
    out.write(
        f'"Owner {i % 40:02}","Account {i}","001A{ident:011}","{types[(i // 7) % 4]}",'
        f'"{tiers[i % 3]}","{1 + i % 12}/{1 + i % 28}/{2018 + i % 9}",'
        f'"{1 + (i // 3) % 12}/{1 + (i // 5) % 28}/{2026 + i % 2}",'
        f'"USD {10 + i % 900},{i % 1000:03}.00"\r\n'
    )
out.write(f'\r\n"Grand Totals ({count} records)"\r\n')
