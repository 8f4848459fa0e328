#!/usr/bin/env python3
"""The equivalent GeoPandas script for the screening benchmark — the comparator.

    python3 Benchmarks/screen_geopandas.py DATADIR out.csv

Applies the bundled rules (GeoData/siting-rules.json, written out here by hand) to
DATADIR/outfalls.geojson: GeoPandas reads every layer and projects to EPSG:4545; Shapely's
STRtree snaps outfalls to reaches (query_nearest within 500 m, line_locate_point); sjoin with
`dwithin` (1 cm, the registry's boundary tolerance; 1000 m for "near") finds the zones at each
outfall and at its receiving point; networkx gives network distances upstream of intakes and
national sections. Writes outfall id, verdict and the rule ids found as CSV, and prints
timings (s) and peak memory (MiB) as JSON.
"""
import json
import resource
import sys
import time
from collections import defaultdict

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

t0 = time.perf_counter()
folder, out_path = sys.argv[1:3]
read = lambda name: gpd.read_file("%s/%s.geojson" % (folder, name)).to_crs(4545)
reaches, zones, intakes, sections, outfalls = (read(n) for n in ["reaches", "zones", "intakes", "sections", "outfalls"])
t_read = time.perf_counter()

RANK = {"clear": 0, "notice": 1, "review": 2, "restricted": 3, "prohibited": 4}
lines = reaches.geometry.values
line_tree = shapely.STRtree(lines)
pts = outfalls.geometry.values
n = len(pts)

# Snap outfalls: nearest reach within 500 m, the receiving point on its centreline.
(pi, ri), _ = line_tree.query_nearest(pts, max_distance=500, return_distance=True, all_matches=False)
along = shapely.line_locate_point(lines[ri], pts[pi])
receiving = np.array([None] * n, dtype=object)
receiving[pi] = shapely.line_interpolate_point(lines[ri], along)
snap_reach = np.full(n, -1)
snap_reach[pi] = ri
snap_along = np.zeros(n)
snap_along[pi] = along

# Zones at the outfall and at the receiving point (boundary and 1 cm tolerance count as inside).
zone_cols = zones[["kind", "level", "target_class", "attains", "geometry"]]
at_outfall = gpd.sjoin(outfalls[["geometry"]], zone_cols, predicate="dwithin", distance=0.01)
recv_frame = gpd.GeoDataFrame(geometry=gpd.GeoSeries(receiving[pi], crs=4545), index=pi)
at_receiving = gpd.sjoin(recv_frame, zone_cols, predicate="dwithin", distance=0.01)
special = zone_cols[zone_cols.kind.isin(["scenic_water", "special_water"]) | ((zone_cols.kind == "fishery_water") & (zone_cols.level == "保护区"))]
near = gpd.sjoin(outfalls[["geometry"]], special, predicate="dwithin", distance=1000)

found = defaultdict(set)  # outfall index -> rule ids (before applicability)
inside_outfall = defaultdict(set)
for frame, where in [(at_outfall, "o"), (at_receiving, "r")]:
    for o, kind, level, target, attains, z in zip(frame.index, frame.kind, frame.level, frame.target_class, frame.attains, frame.index_right):
        if where == "o":
            inside_outfall[o].add(z)
        either = True
        if kind == "drinking_water" and level in ("1", "2"):
            found[o].add("DW-PROTECTED")
        elif kind == "drinking_water" and level == "quasi":
            found[o].add("DW-QUASI")
        elif kind == "nature_reserve" and level in ("core", "buffer"):
            found[o].add("NR-CORE-BUFFER")
        elif kind == "nature_reserve" and level == "experimental":
            found[o].add("NR-EXPERIMENTAL")
        if kind in ("scenic_water", "special_water") or (kind == "fishery_water" and level == "保护区"):
            found[o].add("SPECIAL-WATER")
        if kind == "fishery_water":
            found[o].add("FISHERY")
        if kind == "navigation":
            found[o].add("NAVIGATION")
        if kind == "river_management" and where == "o":
            found[o].add("RIVER-MANAGEMENT")
        # Water-function rules look at the receiving point, or the outfall when it does not snap.
        if kind == "water_function" and (where == "r" or snap_reach[o] < 0):
            if target in ("I", "II"):
                found[o].add("CLASS-I-II")
            if attains is False or attains == 0:
                found[o].add("WF-NOT-ATTAINING")
for o, z in zip(near.index, near.index_right):
    if z not in inside_outfall[o]:
        found[o].add("SPECIAL-WATER-NEAR")

# Network distances upstream of intakes and national sections.
coords = [(shapely.get_point(g, 0), shapely.get_point(g, -1)) for g in lines]
key = lambda p: (round(shapely.get_x(p), 3), round(shapely.get_y(p), 3))
start_node = [key(a) for a, _ in coords]
end_node = [key(b) for _, b in coords]
lengths = shapely.length(lines)
upstream = nx.DiGraph()
for r in range(len(lines)):
    upstream.add_edge(end_node[r], start_node[r], weight=lengths[r])  # reversed: walking upstream


def upstream_distances(targets, limit):
    """For each outfall, the shortest network distance down to any target within limit."""
    best = np.full(n, np.inf)
    (ti, tr), _ = line_tree.query_nearest(targets.geometry.values, max_distance=500, return_distance=True, all_matches=False)
    t_along = shapely.line_locate_point(lines[tr], targets.geometry.values[ti])
    snapped = snap_reach >= 0
    outfall_end = pd.Series([end_node[r] if r >= 0 else None for r in snap_reach])
    for r_t, a_t in zip(tr, t_along):
        if a_t > limit:
            continue
        # Outfalls on the target's own reach, above it.
        same = (snap_reach == r_t) & (snap_along <= a_t + 1e-6)
        best[same] = np.minimum(best[same], a_t - snap_along[same])
        # Outfalls on reaches whose downstream end the upstream walk reaches.
        reached = nx.single_source_dijkstra_path_length(upstream, start_node[r_t], cutoff=limit - a_t, weight="weight")
        d_end = outfall_end.map(reached).to_numpy(dtype=float, na_value=np.inf)
        d = np.where(snapped, a_t + d_end + lengths[np.maximum(snap_reach, 0)] - snap_along, np.inf)
        ok = d <= limit
        best[ok] = np.minimum(best[ok], d[ok])
    return best


intake_distance = upstream_distances(intakes, 10000)
national_distance = upstream_distances(sections[sections.kind == "national"], 5000)
for o in np.nonzero(intake_distance <= 10000)[0]:
    found[o].add("UPSTREAM-INTAKE")
for o in np.nonzero(national_distance <= 5000)[0]:
    found[o].add("UPSTREAM-NATIONAL-SECTION")

SEVERITY = {"DW-PROTECTED": "prohibited", "DW-QUASI": "restricted", "NR-CORE-BUFFER": "prohibited", "NR-EXPERIMENTAL": "restricted",
            "SPECIAL-WATER": "prohibited", "SPECIAL-WATER-NEAR": "notice", "CLASS-I-II": "prohibited", "WF-NOT-ATTAINING": "restricted",
            "RIVER-MANAGEMENT": "review", "NAVIGATION": "review", "FISHERY": "review", "UPSTREAM-INTAKE": "notice",
            "UPSTREAM-NATIONAL-SECTION": "notice"}
NEW_ONLY = {"SPECIAL-WATER": "review", "SPECIAL-WATER-NEAR": None, "CLASS-I-II": "review"}  # severity for existing outfalls
t_screen = time.perf_counter()

flagged = 0
with open(out_path, "w") as f:
    f.write("outfall,verdict,rules\n")
    # outfalls["type"], not outfalls.type: that is GeoPandas's geometry-type accessor.
    for o, (name, otype, status) in enumerate(zip(outfalls["name"], outfalls["type"], outfalls["status"])):
        is_new = status == "proposed"
        rules, verdict = [], "clear"
        for rule in found.get(o, ()):
            severity = SEVERITY[rule]
            if rule == "WF-NOT-ATTAINING" and otype == "urban_wwtp":
                continue
            if rule in NEW_ONLY and not is_new:
                severity = NEW_ONLY[rule]
                if severity is None:
                    continue
            rules.append(rule)
            if RANK[severity] > RANK[verdict]:
                verdict = severity
        flagged += verdict != "clear"
        f.write("%s,%s,%s\n" % (name, verdict, ";".join(sorted(rules))))
t_end = time.perf_counter()

print(json.dumps({
    "tool": "geopandas %s / shapely %s (GEOS %s) / pyproj (PROJ %s) / networkx %s" % (
        gpd.__version__, shapely.__version__, shapely.geos_version_string, __import__("pyproj").proj_version_str, nx.__version__),
    "read_s": round(t_read - t0, 3), "screen_s": round(t_screen - t_read, 3), "write_s": round(t_end - t_screen, 3),
    "total_s": round(t_end - t0, 3), "flagged": flagged, "outfalls": n,
    "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
