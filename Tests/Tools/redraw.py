#!/usr/bin/env python3
"""Recomputes a 双随机 draw from its published seed and registers (docs/inspections.md),
independently of the Swift code: standard library only (hashlib, math, json).

Usage: redraw.py DRAW.json          (the JSON of `outfalls inspection draw --format json`,
                                     or one element of /public/api/inspections)
       redraw.py DRAW.json --seed S (the same registers with another seed)
Prints {"objects": [ids in draw order], "inspectors": {id: [usernames]}} as JSON; with
--check, exits 1 unless the recomputed draw equals the published picks.
"""
import hashlib
import json
import math
import sys


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def same_township(a, b):
    a, b = a.strip(), b.strip()
    if not a or not b:
        return False
    return a == b or a.startswith(b) or b.startswith(a)


def object_key(seed, outfall_id, weight):
    h = sha(f"{seed}|object|{outfall_id}")
    x = (int(h[:13], 16) + 0.5) / 2**52
    return -math.log1p(-x) / weight


def count(draw, size):
    requested = draw["objects_requested"]
    if isinstance(requested, str) and requested.endswith("%"):
        p = int(requested[:-1])
        return (size * p + 99) // 100
    return int(requested)


def redraw(draw, seed):
    objects = draw["objects"]
    # Null when the county does not publish inspectors: only the objects can be recomputed.
    inspectors = draw["inspectors"]
    if inspectors is None:
        n = count(draw, len(objects))
        ranked = sorted(objects, key=lambda o: (object_key(seed, o["outfall_id"], float(o["weight"])), o["outfall_id"]))
        return {"objects": [o["outfall_id"] for o in ranked[:n]]}
    k = int(draw["inspectors_per_object"])
    n = count(draw, len(objects))
    # Unit conflicts come from the published exclusions; the township rule is recomputed.
    excluded = {}
    for e in draw["exclusions"]:
        if e["reason"] == "unit":
            excluded.setdefault(e["outfall_id"], set()).add(e["username"])
    for o in objects:
        for i in inspectors:
            if same_township(o["township"], i["township"]):
                excluded.setdefault(o["outfall_id"], set()).add(i["username"])
    ranked = sorted(objects, key=lambda o: (object_key(seed, o["outfall_id"], float(o["weight"])), o["outfall_id"]))
    picked = ranked[:n]
    result = {"objects": [], "inspectors": {}}
    for o in picked:
        oid = o["outfall_id"]
        eligible = [i["username"] for i in inspectors if i["username"] not in excluded.get(oid, set())]
        eligible.sort(key=lambda u: (sha(f"{seed}|inspector|{oid}|{u}"), u))
        if len(eligible) < k:
            raise SystemExit(f"too few eligible inspectors for {oid}")
        result["objects"].append(oid)
        result["inspectors"][str(oid)] = eligible[:k]
    return result


def main(argv):
    path = argv[1]
    with open(path, encoding="utf-8") as f:
        draw = json.load(f)
    seed = draw["seed"]
    if "--seed" in argv:
        seed = argv[argv.index("--seed") + 1]
    result = redraw(draw, seed)
    if "--check" in argv:
        published = {"objects": [p["outfall_id"] for p in draw["picks"]]}
        if draw["inspectors"] is not None:
            published["inspectors"] = {str(p["outfall_id"]): p["inspectors"] for p in draw["picks"]}
        if published != result:
            print(json.dumps({"published": published, "recomputed": result}, ensure_ascii=False), file=sys.stderr)
            return 1
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
