#!/usr/bin/env python3
"""Deterministic synthetic data for the screening benchmark (standard library only).

    python3 Benchmarks/generate_screening.py OUTDIR [--outfalls 100000] [--zones 5000] [--reaches 5000] [--seed 11]

Writes into OUTDIR: reaches.geojson (a river network, as generate_network.py draws it),
zones.geojson (blob polygons of 200-400 vertices, 300 m to 3 km across, centred beside the
rivers, of every kind and level the rules know), intakes.geojson, sections.geojson
(national and provincial) and outfalls.geojson (points 2-480 m beside the rivers, of every
HJ 1312 type, some proposed). Lon/lat; the same seed always gives the same bytes.
"""
import math
import os
import random
import sys

from generate_network import (feature, m_per_deg_lon, make_reaches, point_beside, point_geometry, write_collection,
                              line_geometry, M_PER_DEG_LAT)

ZONE_KINDS = [  # (kind, level, share)
    ("drinking_water", "1", 4), ("drinking_water", "2", 6), ("drinking_water", "quasi", 6),
    ("nature_reserve", "core", 2), ("nature_reserve", "buffer", 2), ("nature_reserve", "experimental", 3),
    ("scenic_water", None, 3), ("fishery_water", "保护区", 2), ("fishery_water", None, 4), ("special_water", None, 1),
    ("water_function", None, 40), ("river_management", None, 15), ("navigation", None, 12),
]
TYPES = ["industrial_enterprise", "industrial_enterprise_storm", "industrial_park_wwtp", "industrial_park_storm", "urban_wwtp",
         "large_livestock", "large_aquaculture", "irrigation_district", "port_terminal", "small_livestock", "small_aquaculture",
         "urban_domestic_scattered", "rural_wwtp", "rural_domestic_scattered", "urban_storm", "other", "undetermined"]


def blob(center, radius, vertices, rng):
    """A closed, simple star-shaped ring around `center` (lon/lat), counter-clockwise."""
    lon, lat = center
    phase = rng.uniform(0, 2 * math.pi)
    wobble = [rng.uniform(0.75, 1.0) for _ in range(7)]
    ring = []
    for i in range(vertices):
        a = 2 * math.pi * i / vertices
        r = radius * (0.8 + 0.2 * math.sin(3 * a + phase)) * wobble[int(i * 7 / vertices) % 7]
        ring.append((lon + r * math.cos(a) / m_per_deg_lon(lat), lat + r * math.sin(a) / M_PER_DEG_LAT))
    ring.append(ring[0])
    return ring


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    out = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    rng = random.Random(int(opts.get("--seed", 11)))
    os.makedirs(out, exist_ok=True)
    reaches = make_reaches(int(opts.get("--reaches", 5000)), rng)
    write_collection(os.path.join(out, "reaches.geojson"),
                     [feature(rid, line_geometry(pts), {"name": river, "reach_id": rid}) for rid, river, pts in reaches])

    weights = [w for _, _, w in ZONE_KINDS]
    zones = []
    for i in range(int(opts.get("--zones", 5000))):
        kind, level, _ = rng.choices(ZONE_KINDS, weights)[0]
        center, _ = point_beside(reaches, rng, rng.uniform(0, 300))
        ring = blob(center, rng.uniform(150, 1500), rng.randint(200, 400), rng)
        props = {"name": "Z%05d" % i, "kind": kind}
        if level:
            props["level"] = level
        if kind == "water_function":
            props["target_class"] = rng.choice(["I", "II", "III", "III", "IV", "V"])
            props["attains"] = rng.random() < 0.7
        zones.append(feature("Z%05d" % i, {"type": "Polygon", "coordinates": [[[round(a, 7), round(b, 7)] for a, b in ring]]}, props))
    write_collection(os.path.join(out, "zones.geojson"), zones)

    intakes = [feature("I%03d" % i, point_geometry(point_beside(reaches, rng, rng.uniform(5, 60))[0]), {"name": "I%03d" % i})
               for i in range(int(opts.get("--intakes", 50)))]
    write_collection(os.path.join(out, "intakes.geojson"), intakes)
    sections = [feature("S%03d" % i, point_geometry(point_beside(reaches, rng, rng.uniform(0, 30))[0]),
                        {"name": "S%03d" % i, "kind": "national" if i % 2 == 0 else "provincial"})
                for i in range(int(opts.get("--sections", 60)))]
    write_collection(os.path.join(out, "sections.geojson"), sections)

    outfalls = []
    for i in range(int(opts.get("--outfalls", 100000))):
        p, _ = point_beside(reaches, rng, rng.uniform(2, 480))
        props = {"name": "O%06d" % i, "type": rng.choice(TYPES), "status": "proposed" if rng.random() < 0.1 else "active"}
        outfalls.append(feature("O%06d" % i, point_geometry(p), props))
    write_collection(os.path.join(out, "outfalls.geojson"), outfalls)
    print("wrote %d reaches, %d zones, %d intakes, %d sections, %d outfalls to %s" % (
        len(reaches), len(zones), len(intakes), len(sections), len(outfalls), out))


if __name__ == "__main__":
    main()
