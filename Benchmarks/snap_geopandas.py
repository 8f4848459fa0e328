#!/usr/bin/env python3
"""The obvious GeoPandas/Shapely way to snap points to reaches — the comparator.

    python3 Benchmarks/snap_geopandas.py reaches.geojson points.geojson out.csv [max_distance_m]

Reads both files with GeoPandas, projects to EPSG:4545, finds each point's nearest reach
with Shapely's STRtree (query_nearest, within max_distance) and its distance along that
reach with line_locate_point, writes point id, reach id, along, offset as CSV, and prints
timings (s) and peak memory (MiB) as JSON.
"""
import json
import resource
import sys
import time

import geopandas as gpd
import numpy as np
import shapely

t0 = time.perf_counter()
reaches_path, points_path, out_path = sys.argv[1:4]
max_distance = float(sys.argv[4]) if len(sys.argv) > 4 else 500.0
reaches = gpd.read_file(reaches_path).to_crs(4545)
points = gpd.read_file(points_path).to_crs(4545)
t_read = time.perf_counter()

lines = reaches.geometry.values
pts = points.geometry.values
tree = shapely.STRtree(lines)
(pi, ri), dist = tree.query_nearest(pts, max_distance=max_distance, return_distance=True, all_matches=False)
along = shapely.line_locate_point(lines[ri], pts[pi])
t_snap = time.perf_counter()

reach_ids = reaches["reach_id"].values
point_ids = points["name"].values
with open(out_path, "w") as f:
    f.write("point,reach,along_m,offset_m\n")
    for p, r, a, d in zip(pi, ri, along, dist):
        f.write("%s,%s,%.4f,%.4f\n" % (point_ids[p], reach_ids[r], a, d))
t_end = time.perf_counter()

print(json.dumps({
    "tool": "geopandas %s / shapely %s (GEOS %s) / pyproj (PROJ %s)" % (
        gpd.__version__, shapely.__version__, shapely.geos_version_string, __import__("pyproj").proj_version_str),
    "read_s": round(t_read - t0, 3), "snap_s": round(t_snap - t_read, 3), "index_snap_s": round(t_snap - t_read, 3), "write_s": round(t_end - t_snap, 3),
    "total_s": round(t_end - t0, 3), "snapped": int(len(pi)),
    "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
