#!/usr/bin/env python3
"""Checks that two screening CSVs agree outfall by outfall.

    python3 Benchmarks/compare_verdicts.py ours.csv theirs.csv

Both have columns outfall, verdict, rules (rule ids, sorted, ';'-joined). Prints a JSON
summary; exits 1 when any outfall's verdict or set of rules differs.
"""
import csv
import json
import sys


def load(path):
    with open(path, newline="") as f:
        return {row["outfall"]: row for row in csv.DictReader(f)}


ours, theirs = load(sys.argv[1]), load(sys.argv[2])
common = set(ours) & set(theirs)
verdicts = sum(ours[o]["verdict"] != theirs[o]["verdict"] for o in common)
rules = sum(ours[o]["rules"] != theirs[o]["rules"] for o in common)
summary = {"outfalls_compared": len(common), "only_ours": len(set(ours) - common), "only_theirs": len(set(theirs) - common),
           "different_verdict": verdicts, "different_rules": rules}
summary["agree"] = verdicts == 0 and rules == 0 and summary["only_ours"] == 0 and summary["only_theirs"] == 0
print(json.dumps(summary))
sys.exit(0 if summary["agree"] else 1)
