#!/usr/bin/env python3
"""Checks that two snap result CSVs agree point by point.

    python3 Benchmarks/compare_snaps.py ours.csv theirs.csv [tolerance_m]

Both have columns point, reach, along_m, offset_m. Prints a JSON summary; exits 1 when a
point snaps on one side only, to a different reach, or to an along-reach distance that
differs by more than the tolerance (default 0.01 m).
"""
import csv
import json
import sys


def load(path):
    with open(path, newline="") as f:
        return {row["point"]: row for row in csv.DictReader(f)}


ours, theirs = load(sys.argv[1]), load(sys.argv[2])
tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
only_ours = sorted(set(ours) - set(theirs))
only_theirs = sorted(set(theirs) - set(ours))
different_reach, max_along, max_offset, beyond = [], 0.0, 0.0, []
for point in set(ours) & set(theirs):
    a, b = ours[point], theirs[point]
    if a["reach"] != b["reach"]:
        # Equally near reaches (a point exactly between two) may be broken either way.
        if abs(float(a["offset_m"]) - float(b["offset_m"])) > 1e-6:
            different_reach.append(point)
        continue
    d = abs(float(a["along_m"]) - float(b["along_m"]))
    max_along = max(max_along, d)
    max_offset = max(max_offset, abs(float(a["offset_m"]) - float(b["offset_m"])))
    if d > tolerance:
        beyond.append(point)
summary = {
    "points_compared": len(set(ours) & set(theirs)), "only_ours": len(only_ours), "only_theirs": len(only_theirs),
    "different_reach": len(different_reach), "max_along_difference_m": round(max_along, 6),
    "max_offset_difference_m": round(max_offset, 6), "beyond_tolerance": len(beyond), "tolerance_m": tolerance,
}
summary["agree"] = not (only_ours or only_theirs or different_reach or beyond)
print(json.dumps(summary))
sys.exit(0 if summary["agree"] else 1)
