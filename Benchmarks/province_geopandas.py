#!/usr/bin/env python3
"""The GeoPandas comparator for the provincial whole-path benchmark (issue 12).

    python3 Benchmarks/province_geopandas.py DATADIR out.csv

What a GIS analyst would script for the same question on DATADIR (generate_province.py):
read outfalls, zones and reaches, project to EPSG:4545, `sjoin` the outfalls with the zones
(`dwithin` 1 cm, the registry's boundary tolerance), `sjoin_nearest` the outfalls to the
reaches (max 500 m) and `project` / `interpolate` for the receiving point on the
centreline, and `sjoin` the receiving points with the zones too (the rules look at either
place; river management zones only at the outfall). Writes, per outfall, the zones hit
(names, sorted) as CSV and prints timings (s) and peak memory (MiB) as JSON.

Timed as a whole process by the benchmark (interpreter start-up and imports included, as
our side's process start-up is).
"""
import csv
import json
import resource
import sys
import time

t0 = time.perf_counter()
import geopandas as gpd  # noqa: E402
import pyproj  # noqa: E402
import shapely  # noqa: E402

t_import = time.perf_counter()
folder, out_path = sys.argv[1:3]
read = lambda name: gpd.read_file("%s/%s.geojson" % (folder, name), engine="pyogrio").to_crs(4545)
outfalls, zones, reaches = (read(n) for n in ["outfalls", "zones", "reaches"])
t_read = time.perf_counter()

zones = zones[["name", "kind", "geometry"]].rename(columns={"name": "zone", "kind": "zone_kind"})
at_outfall = gpd.sjoin(outfalls[["name", "geometry"]], zones, predicate="dwithin", distance=0.01)
t_sjoin = time.perf_counter()

near = gpd.sjoin_nearest(outfalls[["name", "geometry"]], reaches[["geometry"]], max_distance=500, distance_col="offset_m")
near = near[~near.index.duplicated(keep="first")]  # equidistant reaches: one receiving point is enough
lines = reaches.geometry.values[near["index_right"].to_numpy()]
along = shapely.line_locate_point(lines, near.geometry.values)
receiving = gpd.GeoDataFrame({"name": near["name"].to_numpy()}, geometry=shapely.line_interpolate_point(lines, along), crs=4545)
t_nearest = time.perf_counter()

at_receiving = gpd.sjoin(receiving, zones[zones["zone_kind"] != "river_management"], predicate="dwithin", distance=0.01)
hits = {}
for frame in (at_outfall, at_receiving):
    for name, zone in zip(frame["name"].to_numpy(), frame["zone"].to_numpy()):
        hits.setdefault(name, set()).add(zone)
with open(out_path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["outfall", "zones"])
    for name in outfalls["name"].to_numpy():
        w.writerow([name, ";".join(sorted(hits.get(name, ())))])
t_end = time.perf_counter()
print(json.dumps({
    "import_s": t_import - t0, "read_s": t_read - t_import, "sjoin_s": t_sjoin - t_read,
    "sjoin_nearest_project_s": t_nearest - t_sjoin, "total_s": t_end - t0,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "tool": "geopandas %s / shapely %s (GEOS %s) / pyproj %s (PROJ %s)" % (
        gpd.__version__, shapely.__version__, shapely.geos_version_string, pyproj.__version__, pyproj.proj_version_str),
}))
