#!/usr/bin/env python3
"""Deterministic synthetic data for the river benchmarks (standard library only).

    python3 Benchmarks/generate_network.py OUTDIR [--reaches 20000] [--points 100000] [--seed 7]

Writes OUTDIR/reaches.geojson (LineStrings digitised in flow direction, grouped in
dendritic basins, each reach 6-12 vertices, about 1 km) and OUTDIR/points.geojson (points
scattered beside random reaches, 2-480 m off the centreline, a few beyond 500 m). Lon/lat
around Liucheng County, Guangxi; the same seed always gives the same bytes.
"""
import json
import math
import os
import random
import sys

LON0, LAT0 = 108.0, 23.0          # south-west corner of the basin grid
M_PER_DEG_LAT = 110_800.0


def m_per_deg_lon(lat):
    return 111_320.0 * math.cos(math.radians(lat))


def make_reaches(n_reaches, rng, basin_size=100):
    """[(reach id, river name, [(lon, lat), ...] upstream first)] in dendritic basins."""
    basins = (n_reaches + basin_size - 1) // basin_size
    cols = int(math.ceil(math.sqrt(basins)))
    reaches = []
    for b in range(basins):
        # Each basin: a cell of about 16 km x 16 km; outlet at the bottom centre.
        cx = LON0 + (b % cols) * 0.16 + 0.08
        cy = LAT0 + (b // cols) * 0.15 + 0.01
        frontier = [((cx, cy), math.pi / 2, "B%d-主" % b)]  # node, heading (upstream), river
        made = 0
        while frontier and made < basin_size and len(reaches) < n_reaches:
            (x, y), heading, river = frontier.pop(0)
            pts = [(x, y)]
            length = rng.uniform(700, 1400)
            nv = rng.randint(6, 12)
            h = heading
            for _ in range(nv - 1):
                h += rng.uniform(-0.35, 0.35)
                step = length / (nv - 1)
                lat = pts[-1][1]
                pts.append((pts[-1][0] + step * math.cos(h) / m_per_deg_lon(lat), lat + step * math.sin(h) / M_PER_DEG_LAT))
            # Drawn upstream here; flow runs the other way, so reverse.
            reaches.append(("R%05d" % len(reaches), river, list(reversed(pts))))
            made += 1
            top = pts[-1]
            frontier.append((top, heading + rng.uniform(-0.2, 0.2), river))
            if rng.random() < 0.45:
                branch = heading + (0.9 if rng.random() < 0.5 else -0.9)
                frontier.append((top, branch, "%s-支%d" % (river, made)))
    return reaches


def point_beside(reaches, rng, offset):
    """A point `offset` metres to one side of a random reach; also returns the reach."""
    rid, river, pts = reaches[rng.randrange(len(reaches))]
    k = rng.randrange(len(pts) - 1)
    t = rng.random()
    (x0, y0), (x1, y1) = pts[k], pts[k + 1]
    lat = y0 + t * (y1 - y0)
    dx = (x1 - x0) * m_per_deg_lon(lat)
    dy = (y1 - y0) * M_PER_DEG_LAT
    n = math.hypot(dx, dy) or 1.0
    side = 1 if rng.random() < 0.5 else -1
    px = x0 + t * (x1 - x0) + side * (-dy / n) * offset / m_per_deg_lon(lat)
    py = lat + side * (dx / n) * offset / M_PER_DEG_LAT
    return (px, py), rid


def feature(fid, geometry, props):
    return {"type": "Feature", "id": fid, "properties": props, "geometry": geometry}


def line_geometry(pts):
    return {"type": "LineString", "coordinates": [[round(a, 7), round(b, 7)] for a, b in pts]}


def point_geometry(p):
    return {"type": "Point", "coordinates": [round(p[0], 7), round(p[1], 7)]}


def write_collection(path, features):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    out = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    rng = random.Random(int(opts.get("--seed", 7)))
    os.makedirs(out, exist_ok=True)
    reaches = make_reaches(int(opts.get("--reaches", 20000)), rng)
    write_collection(os.path.join(out, "reaches.geojson"),
                     [feature(rid, line_geometry(pts), {"name": river, "reach_id": rid}) for rid, river, pts in reaches])
    points = []
    for i in range(int(opts.get("--points", 100000))):
        offset = rng.uniform(2, 480) if rng.random() > 0.02 else rng.uniform(600, 2000)
        p, _ = point_beside(reaches, rng, offset)
        points.append(feature("P%06d" % i, point_geometry(p), {"name": "P%06d" % i}))
    write_collection(os.path.join(out, "points.geojson"), points)
    print("wrote %d reaches and %d points to %s" % (len(reaches), len(points), out))


if __name__ == "__main__":
    main()
