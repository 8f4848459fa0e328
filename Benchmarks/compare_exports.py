#!/usr/bin/env python3
"""Checks that our export and ogr2ogr's conversion hold the same features.

    compare_exports.py OURS THEIRS [LAYER]

Reads both files with pyogrio (GDAL), every layer of each,
and compares, feature by feature on `registry_key`: the verdict, the rules and the point to
1e-7 degrees. Prints one JSON line."""
import json
import sys

import pyogrio


def features(path):
    rows = {}
    for name, _ in pyogrio.list_layers(path):
        if name == "layer_styles":
            continue
        frame = pyogrio.read_dataframe(path, layer=name)
        if "registry_key" not in frame.columns and len(frame) == 0:
            continue  # a KML folder that holds only folders
        for key, verdict, rules, geometry in zip(frame["registry_key"], frame["verdict"], frame["rules"], frame.geometry):
            rows[key] = (verdict or "", rules or "", round(geometry.x, 7), round(geometry.y, 7))
    return rows


ours, theirs = features(sys.argv[1]), features(sys.argv[2])
differing = [k for k in ours if k in theirs and ours[k] != theirs[k]]
result = {
    "ours": len(ours), "theirs": len(theirs), "missing": len(set(theirs) - set(ours)),
    "extra": len(set(ours) - set(theirs)), "differing": len(differing), "examples": differing[:3],
}
result["agree"] = result["ours"] == result["theirs"] and not (result["missing"] or result["extra"] or result["differing"])
print(json.dumps(result))
