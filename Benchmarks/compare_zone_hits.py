#!/usr/bin/env python3
"""Agreement check for the provincial benchmark: the zones hit per outfall.

    python3 Benchmarks/compare_zone_hits.py screen.json theirs.csv

screen.json is `outfalls screen --format json`; a zone is hit when a zone rule found it at
the outfall or its receiving point (the 1 km "near" notice is not a hit). theirs.csv is
province_geopandas.py's output. Prints the comparison as JSON; exit status 1 if they differ.
"""
import csv
import json
import sys

ours_path, theirs_path = sys.argv[1:3]
with open(ours_path, encoding="utf-8") as f:
    screen = json.load(f)
ours = {}
for o in screen["outfalls"]:
    ours[o["name"]] = {x["feature"]["name"] for x in o["findings"]
                       if x["feature"]["layer"] == "zones" and x["rule"] != "SPECIAL-WATER-NEAR"}
with open(theirs_path, encoding="utf-8") as f:
    theirs = {row["outfall"]: set(filter(None, row["zones"].split(";"))) for row in csv.DictReader(f)}
differing = [name for name in theirs if name in ours and ours[name] != theirs[name]]
result = {
    "outfalls_compared": len(set(ours) & set(theirs)), "only_ours": len(set(ours) - set(theirs)),
    "only_theirs": len(set(theirs) - set(ours)), "differing": len(differing),
    "zone_hits": sum(len(v) for v in theirs.values()),
    "outfalls_in_a_zone": sum(1 for v in theirs.values() if v),
    "examples": [{"outfall": n, "ours": sorted(ours[n]), "theirs": sorted(theirs[n])} for n in differing[:5]],
}
result["agree"] = result["only_ours"] == 0 and result["only_theirs"] == 0 and result["differing"] == 0
print(json.dumps(result, ensure_ascii=False))
sys.exit(0 if result["agree"] else 1)
