#!/usr/bin/env python3
"""Runs every benchmark beside its comparator, in the same run, and writes docs/benchmarks.md.

    python3 Benchmarks/run_benchmarks.py [--quick]

Called by `make bench`, which builds the release binaries first. Generates the synthetic
data deterministically into Benchmarks/data/ (not committed), installs the Python
comparators from PyPI if they are missing, runs each side three times and reports the
median. --quick uses a tenth of the data, for a smoke test.
"""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "Benchmarks")
DATA = os.path.join(BENCH, "data")
RELEASE = os.path.join(ROOT, ".build", "release")
QUICK = "--quick" in sys.argv
RUNS = 1 if QUICK else 3


def ensure_comparators():
    try:
        import geopandas, shapely, pyproj, pyogrio  # noqa: F401
    except ImportError:
        print("installing GeoPandas, Shapely, pyproj, pyogrio from PyPI …", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "geopandas", "shapely", "pyproj", "pyogrio"], check=True)


def run_json(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def median_run(command):
    runs = [run_json(command) for _ in range(RUNS)]
    runs.sort(key=lambda r: r["total_s"])
    return runs[len(runs) // 2]


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return "%s, %d cores, %s, Python %s" % (cpu, os.cpu_count() or 0, platform.platform(), platform.python_version())


def snapping():
    reaches, points = (2000, 10000) if QUICK else (20000, 100000)
    folder = os.path.join(DATA, "snap-%d-%d" % (reaches, points))
    if not os.path.exists(os.path.join(folder, "points.geojson")):
        subprocess.run([sys.executable, os.path.join(BENCH, "generate_network.py"), folder,
                        "--reaches", str(reaches), "--points", str(points)], check=True)
    r, p = os.path.join(folder, "reaches.geojson"), os.path.join(folder, "points.geojson")
    ours = median_run([os.path.join(RELEASE, "snap-bench"), r, p, os.path.join(folder, "ours.csv")])
    theirs = median_run([sys.executable, os.path.join(BENCH, "snap_geopandas.py"), r, p, os.path.join(folder, "theirs.csv")])
    agreement = subprocess.run([sys.executable, os.path.join(BENCH, "compare_snaps.py"),
                                os.path.join(folder, "ours.csv"), os.path.join(folder, "theirs.csv")],
                               capture_output=True, text=True)
    return {
        "name": "Snap %d points to %d reaches" % (points, reaches),
        "workload": "read both GeoJSON files, project to EPSG:4545, find the nearest reach within 500 m and "
                    "the distance along it, write CSV",
        "ours": ours, "theirs": theirs, "agreement": json.loads(agreement.stdout),
        "phases": ["read_s", "index_snap_s", "total_s"],
        "phase_notes": {"index_snap_s": "build the index (ours: the whole river network with topology and measures) and snap"},
    }


def screening():
    outfalls, zones, reaches = (10000, 500, 1000) if QUICK else (100000, 5000, 5000)
    folder = os.path.join(DATA, "screen-%d-%d" % (outfalls, zones))
    if not os.path.exists(os.path.join(folder, "outfalls.geojson")):
        subprocess.run([sys.executable, os.path.join(BENCH, "generate_screening.py"), folder, "--outfalls", str(outfalls),
                        "--zones", str(zones), "--reaches", str(reaches)], check=True)
    rules = os.path.join(ROOT, "GeoData", "siting-rules.json")
    ours = median_run([os.path.join(RELEASE, "screen-bench"), folder, rules, os.path.join(folder, "ours.csv")])
    theirs = median_run([sys.executable, os.path.join(BENCH, "screen_geopandas.py"), folder, os.path.join(folder, "theirs.csv")])
    agreement = subprocess.run([sys.executable, os.path.join(BENCH, "compare_verdicts.py"),
                                os.path.join(folder, "ours.csv"), os.path.join(folder, "theirs.csv")],
                               capture_output=True, text=True)
    return {
        "name": "Screen %d outfalls against %d zone polygons and the river rules" % (outfalls, zones),
        "workload": "read five GeoJSON layers (zones of 200–400 vertices, %d reaches, 50 intakes, 60 sections), snap every "
                    "outfall, apply the bundled rules (zones at the outfall and its receiving point with 1 cm tolerance, "
                    "1 km near-zone rule, network distance upstream of intakes and national sections), write verdicts as CSV" % reaches,
        "ours": ours, "theirs": theirs, "agreement": json.loads(agreement.stdout),
        "phases": ["read_s", "screen_s", "total_s"],
    }


def ratio(theirs, ours):
    return "%.2f×" % (theirs / ours) if ours > 0 else "—"


def write_report(results):
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (Benchmarks/run_benchmarks.py) on %s." % datetime.date.today().isoformat(),
        "",
        "Machine: %s." % machine(),
        "",
        "Each side runs %d time(s) on the same files in the same run; the median run is shown. "
        "Times are wall-clock seconds measured inside each program (interpreter start-up excluded); "
        "memory is the process's peak resident set. The Python comparators from PyPI bundle their own, "
        "newer GEOS and PROJ, named in each row. Ratio = comparator time ÷ our time (higher is better for us)." % RUNS,
        "",
    ]
    for b in results:
        ours, theirs = b["ours"], b["theirs"]
        lines += ["## " + b["name"], "", "Workload: " + b["workload"] + ".", "",
                  "| | ours | comparator | ratio |", "|---|---|---|---|"]
        for phase in b["phases"]:
            if phase in ours and phase in theirs:
                label = b.get("phase_notes", {}).get(phase, phase[:-2].replace("_", " "))
                lines.append("| %s | %.3f s | %.3f s | %s |" % (label, ours[phase], theirs[phase], ratio(theirs[phase], ours[phase])))
        lines.append("| peak memory | %.0f MiB | %.0f MiB | %s |" % (ours["peak_mib"], theirs["peak_mib"], ratio(theirs["peak_mib"], ours["peak_mib"])))
        lines += ["", "- ours: " + ours["tool"], "- comparator: " + theirs["tool"],
                  "- agreement: `" + json.dumps(b["agreement"], ensure_ascii=False) + "`", ""]
    with open(os.path.join(ROOT, "docs", "benchmarks.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


def main():
    ensure_comparators()
    os.makedirs(DATA, exist_ok=True)
    results = [snapping(), screening()]
    write_report(results)
    if not all(b["agreement"].get("agree") for b in results):
        sys.exit("results disagree: see docs/benchmarks.md")


if __name__ == "__main__":
    main()
