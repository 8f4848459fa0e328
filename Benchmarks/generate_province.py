#!/usr/bin/env python3
"""Deterministic synthetic data at provincial scale (issue 12; standard library only).

    python3 Benchmarks/generate_province.py OUTDIR [--reaches 19905] [--basins 20] [--zones 5000]
                                                   [--outfalls 100000] [--seed 12] [--side-km 160]

Writes into OUTDIR, in CGCS2000 lon/lat, files `outfalls import` and GeoPandas both read:

- reaches.geojson: `--reaches` LineStrings of exactly 15 vertices, digitised in flow direction
  (first vertex upstream), grown as dendritic trees in `--basins` separate basins laid out on a
  grid over a 160 km square centred on Liucheng (109.24 E, 24.65 N). Reach length shrinks as
  the network grows (so 100,000 reaches still fit the square): about 0.6 km at 20,000 reaches.
- zones.geojson: `--zones` star polygons of 200–400 vertices, radius 0.3–2.5 km; every other
  one centred on a river vertex, the rest anywhere in the square; kinds cycling through
  drinking-water level 1 / 2 / quasi, nature-reserve core / experimental, scenic water,
  river management.
- outfalls.geojson: `--outfalls` points 2–200 m to one side of a random reach, types cycling
  through HJ 1312's, one in ten proposed.
- `--side-km` widens the square: with `--basins` and the side grown with `--reaches` the
  network grows at the same density (the same rivers near each outfall), which is how the
  import benchmark shows that a snap's cost does not depend on the network's size.
- region.txt: the square as `min lon,min lat,max lon,max lat`, for `outfalls init --region`.

The same arguments always give the same bytes. Outfalls are written as they are drawn, so
1,000,000 of them need no more memory than 1,000.
"""
import json
import math
import os
import random
import sys

CENTER_LON, CENTER_LAT = 109.24, 24.65
HALF_SIDE_M = 80_000.0  # set from --side-km in main()
M_PER_DEG_LAT = 110_800.0

ZONE_KINDS = [("drinking_water", "1"), ("drinking_water", "2"), ("drinking_water", "quasi"),
              ("nature_reserve", "core"), ("nature_reserve", "experimental"), ("scenic_water", None),
              ("river_management", None)]
TYPES = ["industrial_enterprise", "industrial_enterprise_storm", "industrial_park_wwtp", "industrial_park_storm", "urban_wwtp",
         "large_livestock", "large_aquaculture", "irrigation_district", "port_terminal", "small_livestock", "small_aquaculture",
         "urban_domestic_scattered", "rural_wwtp", "rural_domestic_scattered", "urban_storm", "other", "undetermined"]
VERTICES = 15


def m_per_deg_lon(lat):
    return 111_320.0 * math.cos(math.radians(lat))


MX = m_per_deg_lon(CENTER_LAT)


def to_lonlat(x, y):
    """Local metres from the centre to lon/lat (an equirectangular approximation: fine for synthetic data)."""
    return CENTER_LON + x / MX, CENTER_LAT + y / M_PER_DEG_LAT


def square():
    lon0, lat0 = to_lonlat(-HALF_SIDE_M, -HALF_SIDE_M)
    lon1, lat1 = to_lonlat(HALF_SIDE_M, HALF_SIDE_M)
    return lon0, lat0, lon1, lat1


def make_reaches(n_reaches, n_basins, rng):
    """[(reach id, river name, [(x, y) metres, ...] upstream first)]: dendritic trees, one per basin."""
    cols = int(math.ceil(math.sqrt(n_basins * 1.25)))
    rows = int(math.ceil(n_basins / cols))
    cell_w, cell_h = 2 * HALF_SIDE_M / cols, 2 * HALF_SIDE_M / rows
    per_basin = [n_reaches // n_basins + (1 if b < n_reaches % n_basins else 0) for b in range(n_basins)]
    # Reaches about 600 m at 1,000 per basin; shorter when more must fit a cell.
    scale = min(1.0, math.sqrt(1000.0 / max(1, max(per_basin))))
    reaches = []
    for b in range(n_basins):
        x0 = -HALF_SIDE_M + (b % cols) * cell_w
        y0 = -HALF_SIDE_M + (b // cols) * cell_h
        # Outlet at the bottom centre of the cell; rivers grow upstream (north).
        frontier = [((x0 + cell_w / 2, y0 + 200.0), math.pi / 2, "P%02d-干流" % b)]
        made = 0
        while frontier and made < per_basin[b]:
            (x, y), heading, river = frontier.pop(0)
            pts = [(x, y)]
            length = rng.uniform(400, 800) * scale
            step = length / (VERTICES - 1)
            h = heading
            for _ in range(VERTICES - 1):
                h += rng.uniform(-0.15, 0.15)
                pts.append((pts[-1][0] + step * math.cos(h), pts[-1][1] + step * math.sin(h)))
            # Basins stay separate: a tip that would leave its cell is not grown.
            if not all(x0 + 50 <= px <= x0 + cell_w - 50 and y0 + 50 <= py <= y0 + cell_h - 50 for px, py in pts):
                continue
            reaches.append(("R%06d" % len(reaches), river, list(reversed(pts))))
            made += 1
            top = pts[-1]
            frontier.append((top, heading + rng.uniform(-0.25, 0.25), river))
            if rng.random() < 0.45:
                branch = heading + (0.8 if rng.random() < 0.5 else -0.8)
                frontier.append((top, branch, "%s-支%d" % (river, made)))
        if made < per_basin[b]:
            raise SystemExit("basin %d: only %d of %d reaches fit" % (b, made, per_basin[b]))
    return reaches


def point_beside(reaches, rng, offset):
    """A point (metres) `offset` metres to one side of a random reach."""
    _, _, pts = reaches[rng.randrange(len(reaches))]
    k = rng.randrange(len(pts) - 1)
    t = rng.random()
    (x0, y0), (x1, y1) = pts[k], pts[k + 1]
    dx, dy = x1 - x0, y1 - y0
    n = math.hypot(dx, dy) or 1.0
    side = 1 if rng.random() < 0.5 else -1
    return x0 + t * dx + side * (-dy / n) * offset, y0 + t * dy + side * (dx / n) * offset


def star(cx, cy, radius, vertices, rng):
    """A closed star-shaped ring (lon/lat), counter-clockwise, radius between 0.6 and 1 of `radius`."""
    phase = rng.uniform(0, 2 * math.pi)
    spikes = rng.randint(5, 9)
    ring = []
    for i in range(vertices):
        a = 2 * math.pi * i / vertices
        r = radius * (0.8 + 0.2 * math.cos(spikes * a + phase))
        ring.append(to_lonlat(cx + r * math.cos(a), cy + r * math.sin(a)))
    ring.append(ring[0])
    return [[round(a, 7), round(b, 7)] for a, b in ring]


def coords(pts):
    return [[round(a, 7), round(b, 7)] for a, b in (to_lonlat(x, y) for x, y in pts)]


class CollectionWriter:
    """Writes a FeatureCollection one feature at a time."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8")
        self.file.write('{"type":"FeatureCollection","features":[\n')
        self.first = True

    def add(self, fid, geometry, props):
        if not self.first:
            self.file.write(",\n")
        self.first = False
        json.dump({"type": "Feature", "id": fid, "properties": props, "geometry": geometry}, self.file,
                  ensure_ascii=False, separators=(",", ":"))

    def close(self):
        self.file.write("\n]}\n")
        self.file.close()


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    out = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    rng = random.Random(int(opts.get("--seed", 12)))
    global HALF_SIDE_M
    HALF_SIDE_M = float(opts.get("--side-km", 160)) * 500.0
    os.makedirs(out, exist_ok=True)
    reaches = make_reaches(int(opts.get("--reaches", 19905)), int(opts.get("--basins", 20)), rng)
    w = CollectionWriter(os.path.join(out, "reaches.geojson"))
    for rid, river, pts in reaches:
        w.add(rid, {"type": "LineString", "coordinates": coords(pts)}, {"name": river, "reach_id": rid})
    w.close()

    w = CollectionWriter(os.path.join(out, "zones.geojson"))
    n_zones = int(opts.get("--zones", 5000))
    for i in range(n_zones):
        kind, level = ZONE_KINDS[i % len(ZONE_KINDS)]
        if i % 2 == 0:
            _, _, pts = reaches[rng.randrange(len(reaches))]
            cx, cy = pts[rng.randrange(len(pts))]
        else:
            cx, cy = rng.uniform(-HALF_SIDE_M, HALF_SIDE_M), rng.uniform(-HALF_SIDE_M, HALF_SIDE_M)
        ring = star(cx, cy, rng.uniform(300, 2500), rng.randint(200, 400), rng)
        props = {"name": "Z%05d" % i, "kind": kind}
        if level:
            props["level"] = level
        w.add("Z%05d" % i, {"type": "Polygon", "coordinates": [ring]}, props)
    w.close()

    w = CollectionWriter(os.path.join(out, "outfalls.geojson"))
    n_outfalls = int(opts.get("--outfalls", 100000))
    for i in range(n_outfalls):
        x, y = point_beside(reaches, rng, rng.uniform(2, 200))
        lon, lat = to_lonlat(x, y)
        props = {"name": "O%07d" % i, "type": TYPES[i % len(TYPES)], "status": "proposed" if i % 10 == 9 else "active"}
        w.add("O%07d" % i, {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}, props)
    w.close()
    with open(os.path.join(out, "region.txt"), "w") as f:
        # A margin of 0.05° so points on the square's edge are inside.
        lon0, lat0, lon1, lat1 = square()
        f.write("%.4f,%.4f,%.4f,%.4f\n" % (lon0 - 0.05, lat0 - 0.05, lon1 + 0.05, lat1 + 0.05))
    print("wrote %d reaches in %s basins, %d zones, %d outfalls to %s" % (
        len(reaches), opts.get("--basins", 20), n_zones, n_outfalls, out))


if __name__ == "__main__":
    main()
