#!/usr/bin/env python3
"""Runs every benchmark beside its comparator, in the same run, and writes docs/benchmarks.md.

    python3 Benchmarks/run_benchmarks.py [--quick] [--only=province,flat,million,snap,screen,export,serve]

BENCH_SCALE (environment, default 1) scales the provincial benchmark's data (outfalls,
zones and reaches; 0.1 for a quick run); BENCH_MILLION=0 skips its 1,000,000-outfall run.

Called by `make bench`, which builds the release binaries first. Generates the synthetic
data deterministically into Benchmarks/data/ (not committed), installs the Python
comparators from PyPI if they are missing, runs each side three times and reports the
median. --quick uses a tenth of the data, for a smoke test.
"""
import datetime
import json
import math
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "Benchmarks")
DATA = os.path.join(BENCH, "data")
RELEASE = os.environ.get("BENCH_RELEASE_DIR", os.path.join(ROOT, ".build", "release"))
QUICK = "--quick" in sys.argv
RUNS = 1 if QUICK else 3
SCALE = float(os.environ.get("BENCH_SCALE", "0.1" if QUICK else "1"))
ONLY = next((a.split("=", 1)[1].split(",") for a in sys.argv if a.startswith("--only=")), None)


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


def timed_process(command, output, stdout=None):
    """Wall-clock seconds and peak memory of a whole process (start-up included), by GNU time;
    `output` is removed first, as a user's fresh export would find it; standard output goes
    to the file `stdout` if given."""
    import tempfile
    if output and os.path.exists(output):
        os.remove(output)
    with tempfile.NamedTemporaryFile(mode="r") as report:
        sink = open(stdout, "w") if stdout else subprocess.DEVNULL
        try:
            subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name] + command, check=True,
                           stdout=sink, stderr=subprocess.DEVNULL)
        finally:
            if stdout:
                sink.close()
        seconds, kib = report.read().split()[-2:]
    return float(seconds), int(kib) / 1024


def median_process(command, output):
    runs = sorted(timed_process(command, output) for _ in range(RUNS))
    return runs[len(runs) // 2]


def exporting():
    """`outfalls export` from a registry of the screening benchmark's data, against ogr2ogr
    converting the same outfalls (with the same fields) from a GeoPackage."""
    outfalls, zones, reaches = (10000, 500, 1000) if QUICK else (100000, 5000, 5000)
    source = os.path.join(DATA, "screen-%d-%d" % (outfalls, zones))
    folder = os.path.join(DATA, "export-%d" % outfalls)
    os.makedirs(folder, exist_ok=True)
    cli = os.path.join(RELEASE, "outfalls")
    db = os.path.join(folder, "registry.sqlite")
    if not os.path.exists(db):
        print("building the export benchmark's registry …", flush=True)
        subprocess.run([cli, "init", "--db", db, "--bbox", "107.9,22.9,109.4,24.1", "--region-name", "benchmark"], check=True)
        for layer in ["rivers", "zones", "intakes", "sections", "outfalls"]:
            name = "reaches" if layer == "rivers" else layer
            subprocess.run([cli, "import", layer, os.path.join(source, name + ".geojson"), "--db", db,
                            "--source", "synthetic benchmark data", "--schematic"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([cli, "rules", "import", os.path.join(ROOT, "GeoData", "siting-rules.json"), "--db", db],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([cli, "screen", "--db", db, "--format", "json"], check=True, stdout=subprocess.DEVNULL)
    gpkg = os.path.join(folder, "source.gpkg")
    subprocess.run([cli, "export", "--db", db, "--format", "gpkg", "-o", gpkg], check=True, stdout=subprocess.DEVNULL)
    rows = []
    agreement = {}
    for ours_format, driver, ending in [("geojson", "GeoJSON", "geojson"), ("kml", "KML", "kml"), ("gpkg", "GPKG", "gpkg")]:
        ours_path, theirs_path = os.path.join(folder, "ours." + ending), os.path.join(folder, "theirs." + ending)
        ours = median_process([cli, "export", "--db", db, "--format", ours_format, "-o", ours_path], ours_path)
        theirs = median_process(["ogr2ogr", "-f", driver, theirs_path, gpkg, "outfalls"], theirs_path)
        check = subprocess.run([sys.executable, os.path.join(BENCH, "compare_exports.py"), ours_path, theirs_path],
                               capture_output=True, text=True)
        agreement[ours_format] = json.loads(check.stdout) if check.returncode == 0 else {"agree": False, "error": check.stderr[-500:]}
        rows.append((ours_format, ours, theirs, os.path.getsize(ours_path), os.path.getsize(theirs_path)))
    gdal = subprocess.run(["ogr2ogr", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "name": "Export %d outfalls to GeoJSON, KML and GeoPackage" % outfalls,
        "workload": "whole process, start-up included: ours reads the registry (outfalls with their stored snaps, verdicts, "
                    "rules and townships; staleness checked) and writes the layer with styles and balloons; ogr2ogr converts "
                    "a GeoPackage holding the same %d outfalls and the same fields" % outfalls,
        "rows": rows, "comparator": gdal, "agreement": {"agree": all(a.get("agree") for a in agreement.values()), **agreement},
    }


def wrk(url, seconds, connections):
    """p50/p99 latency (ms), requests per second and errors, from wrk --latency."""
    out = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "--latency", url],
                         check=True, capture_output=True, text=True).stdout
    def ms(label):
        value = next(line.split()[1] for line in out.splitlines() if line.strip().startswith(label))
        number = float(value.rstrip("mus"))
        return number / 1000 if value.endswith("us") else number * 1000 if value.endswith("s") and not value.endswith("ms") else number
    errors = 0
    for line in out.splitlines():
        if "Non-2xx" in line or "Socket errors" in line:
            errors += sum(int(n) for n in __import__("re").findall(r"\d+", line.split(":", 1)[1]))
    rps = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
    return {"p50_ms": ms("50%"), "p99_ms": ms("99%"), "rps": rps, "errors": errors}


def serving():
    """`outfalls serve` on the bundled Liucheng registry under wrk: 50 concurrent clients on
    loopback, the check endpoint and a page of OGC API items."""
    folder = os.path.join(DATA, "serve")
    os.makedirs(folder, exist_ok=True)
    cli = os.path.join(RELEASE, "outfalls")
    db = os.path.join(folder, "liucheng.sqlite")
    if os.path.exists(db):
        os.remove(db)
    subprocess.run([cli, "init", "--sample", "--db", db], check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([cli, "serve", "--db", db, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = __import__("re").search(r"127\.0\.0\.1:(\d+)/", server.stdout.readline()).group(1)
        base = "http://127.0.0.1:%s" % port
        seconds = 3 if QUICK else 10
        endpoints = [
            ("check (level-1 zone point, industrial type)", "/api/check?lon=109.2294705&lat=24.6885747&type=industrial_enterprise"),
            ("OGC API items page (outfalls, limit 50)", "/ogc/collections/outfalls/items?limit=50"),
        ]
        for _, path in endpoints:  # warm-up: checkers and the layer cache
            subprocess.run(["curl", "-s", "-o", "/dev/null", base + path], check=True)
        rows = [(name, path, wrk(base + path, seconds, 50)) for name, path in endpoints]
    finally:
        server.terminate()
        server.wait()
    version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    # /api/check while 32 clients post wrong passwords (bcrypt on its own queue): see login_flood.py.
    flood = run_json([sys.executable, os.path.join(BENCH, "login_flood.py"), cli, str(seconds)])
    return {"name": "Serving the Liucheng registry to 50 concurrent clients", "flood": flood,
            "workload": "wrk -t2 -c50 for %d s per endpoint on loopback, against the release binary; client and server share the "
                        "machine's 2 cores" % (3 if QUICK else 10),
            "serve_rows": rows, "comparator": version, "agreement": {"agree": all(r[2]["errors"] == 0 for r in rows)}}


def province_data(reaches, zones, outfalls, seed=12, basins=20, side_km=160):
    folder = os.path.join(DATA, "province-%d-%d-%d-%d-%g" % (reaches, zones, outfalls, basins, side_km))
    if not os.path.exists(os.path.join(folder, "region.txt")):
        subprocess.run([sys.executable, os.path.join(BENCH, "generate_province.py"), folder, "--reaches", str(reaches),
                        "--zones", str(zones), "--outfalls", str(outfalls), "--seed", str(seed), "--basins", str(basins),
                        "--side-km", str(side_km)], check=True)
    return folder


def product_path(folder, db, steps=("init", "rivers", "zones", "outfalls", "screen"), screen_json=None, max_features=None):
    """Our side as a user runs it: one whole process per step, each timed by GNU time.
    `max_features` raises the import's per-file limit (200,000 by default), as a user
    importing a larger file must. Returns {step: (seconds, peak MiB)}."""
    cli = os.path.join(RELEASE, "outfalls")
    with open(os.path.join(folder, "region.txt")) as f:
        region = f.read().strip()
    timings = {}
    for step in steps:
        if step == "init":
            for ending in ("", "-wal", "-shm"):
                if os.path.exists(db + ending):
                    os.remove(db + ending)
            command = [cli, "init", "--db", db, "--bbox", region, "--region-name", "benchmark"]
        elif step == "screen":
            command = [cli, "screen", "--db", db, "--format", "json"]
        else:
            name = "reaches" if step == "rivers" else step
            command = [cli, "import", step, os.path.join(folder, name + ".geojson"), "--db", db,
                       "--source", "synthetic benchmark data", "--schematic"]
            if max_features:
                command += ["--max-features", str(max_features)]
        timings[step] = timed_process(command, None, stdout=screen_json if step == "screen" else None)
    return timings


def province():
    """Issue 12: the whole product path on provincial data against GeoPandas, side by side."""
    reaches, zones, outfalls = max(100, int(19905 * SCALE)), max(50, int(5000 * SCALE)), max(1000, int(100000 * SCALE))
    folder = province_data(reaches, zones, outfalls)
    db = os.path.join(folder, "registry.sqlite")
    screen_json = os.path.join(folder, "screen.json")
    runs = []
    for _ in range(RUNS):
        ours = product_path(folder, db, screen_json=screen_json)
        theirs = timed_process([sys.executable, os.path.join(BENCH, "province_geopandas.py"), folder,
                                os.path.join(folder, "theirs.csv")], None)
        runs.append((sum(t for t, _ in ours.values()), ours, theirs))
    runs.sort(key=lambda r: r[0])
    _, ours, theirs = runs[len(runs) // 2]
    agreement = subprocess.run([sys.executable, os.path.join(BENCH, "compare_zone_hits.py"), screen_json,
                                os.path.join(folder, "theirs.csv")], capture_output=True, text=True)
    # Cold single checks and snaps on the registry just built (the network index is stored).
    cli = os.path.join(RELEASE, "outfalls")
    with open(os.path.join(folder, "region.txt")) as f:
        lon0, lat0, lon1, lat1 = (float(v) for v in f.read().split(","))
    point = ["--lon", "%.6f" % ((lon0 + lon1) / 2), "--lat", "%.6f" % ((lat0 + lat1) / 2)]
    cold = {
        "check": median_seconds([cli, "check", "--db", db] + point + ["--type", "industrial_enterprise"], 11),
        "snap": median_seconds([cli, "snap", "--db", db] + point, 11),
    }
    return {"name": "Provincial scale: the whole product path, %d outfalls, %d zones, %d reaches" % (outfalls, zones, reaches),
            "province": True, "ours": ours, "theirs": theirs, "cold": cold, "scale": SCALE,
            "agreement": json.loads(agreement.stdout) if agreement.stdout else {"agree": False, "error": agreement.stderr[-500:]}}


def median_seconds(command, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def flat_line():
    """Import time per 1,000 outfalls at 1k, 10k and 100k reaches: the same number of
    outfalls each time and the same density of rivers around them (basins of 1,000 reaches,
    the square grown with the network), so only the network's size differs."""
    outfalls = max(1000, int(20000 * SCALE))
    rows = []
    for reaches in (1000, 10000, 100000):
        side = 160 * math.sqrt(reaches / 19905)
        folder = province_data(reaches, 50, outfalls, seed=13, basins=max(1, reaches // 1000), side_km=round(side, 1))
        db = os.path.join(folder, "registry.sqlite")
        t = product_path(folder, db, steps=("init", "rivers"))
        imported = product_path(folder, db, steps=("outfalls",))["outfalls"]
        rows.append((reaches, outfalls, imported[0], imported[1], t["rivers"][0]))
    return {"name": "Import time per 1,000 outfalls as the network grows", "flat": True, "rows": rows, "agreement": {"agree": True}}


def million():
    """Import + screen of 100,000 and of 1,000,000 outfalls on the provincial network."""
    rows, counts = [], {}
    for outfalls in (100000, 1000000):
        folder = province_data(19905, 5000, outfalls)
        db = os.path.join(folder, "registry.sqlite")
        t = product_path(folder, db, screen_json=os.devnull, max_features=2 * outfalls)
        rows.append((outfalls, t["outfalls"], t["screen"]))
        # Completed means every outfall was stored and has a stored verdict.
        with sqlite3.connect(db) as c:
            stored, screened = (c.execute("SELECT count(*) FROM " + table).fetchone()[0] for table in ("outfalls", "screening"))
        counts["%d" % outfalls] = {"stored": stored, "screened": screened}
    agree = all(v["stored"] == v["screened"] == int(k) for k, v in counts.items())
    return {"name": "1,000,000 outfalls: import and screen", "million": True, "rows": rows,
            "agreement": {"agree": agree, "counts": counts}}


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
        if "province" in b:
            ours, theirs = b["ours"], b["theirs"]
            total = sum(t for t, _ in ours.values())
            lines += ["## " + b["name"], "",
                      "Workload (issue 12; `Benchmarks/generate_province.py`, BENCH_SCALE=%g): ours is `outfalls init`, "
                      "`import rivers`, `import zones`, `import outfalls` and `screen --format json`, five whole processes "
                      "as a user runs them (snapping every outfall and screening it against every rule); the comparator is one "
                      "Python process (`province_geopandas.py`): GeoPandas read + `to_crs`, `sjoin` (dwithin 1 cm) of outfalls "
                      "and zones, `sjoin_nearest` (500 m) + `project`/`interpolate`, `sjoin` of the receiving points. Both timed "
                      "whole by GNU time, start-up included." % b["scale"], "",
                      "| step | ours | peak memory |", "|---|---|---|"]
            for step, (t, m) in ours.items():
                lines.append("| %s | %.2f s | %.0f MiB |" % (step, t, m))
            lines += ["| **total** | **%.2f s** | %.0f MiB |" % (total, max(m for _, m in ours.values())),
                      "| GeoPandas comparator | %.2f s | %.0f MiB |" % theirs,
                      "| **ratio** (comparator ÷ ours) | **%s** | |" % ratio(theirs[0], total), "",
                      "- cold whole-process medians on this registry (11 runs): `outfalls check` %.0f ms, `outfalls snap` %.0f ms" % (
                          b["cold"]["check"] * 1000, b["cold"]["snap"] * 1000),
                      "- agreement (zones hit per outfall, `compare_zone_hits.py`): `" + json.dumps(b["agreement"], ensure_ascii=False) + "`", ""]
            continue
        if "flat" in b:
            lines += ["## " + b["name"], "", "`outfalls import outfalls` (whole process) of the same number of outfalls into "
                      "registries whose networks differ only in size (basins of 1,000 reaches, the square grown with the network so the rivers around each outfall are alike; the stored network index is read, not rebuilt).", "",
                      "| reaches | outfalls | import | per 1,000 outfalls | peak memory | (import rivers, for reference) |",
                      "|---|---|---|---|---|---|"]
            for reaches, n, t, m, rivers in b["rows"]:
                lines.append("| %d | %d | %.2f s | %.3f s | %.0f MiB | %.2f s |" % (reaches, n, t, t / n * 1000, m, rivers))
            lines.append("")
            continue
        if "million" in b:
            lines += ["## " + b["name"], "", "| outfalls | import | import peak memory | screen | screen peak memory |",
                      "|---|---|---|---|---|"]
            for n, imp, scr in b["rows"]:
                lines.append("| %d | %.1f s | %.0f MiB | %.1f s | %.0f MiB |" % (n, imp[0], imp[1], scr[0], scr[1]))
            if len(b["rows"]) == 2:
                (n0, i0, s0), (n1, i1, s1) = b["rows"]
                lines += ["", "- growth from %d to %d outfalls (%.0f×): import time %.1f×, memory %.1f×; screen time %.1f×, memory %.1f×" % (
                    n0, n1, n1 / n0, i1[0] / i0[0], i1[1] / i0[1], s1[0] / s0[0], s1[1] / s0[1])]
            lines += ["- completed (every outfall stored and screened): `" + json.dumps(b["agreement"], ensure_ascii=False) + "`", ""]
            continue
        if "serve_rows" in b:
            lines += ["## " + b["name"], "", "Workload: " + b["workload"] + ".", "",
                      "| endpoint | p50 | p99 | requests/s | errors |", "|---|---|---|---|---|"]
            for name, path, r in b["serve_rows"]:
                lines.append("| %s `%s` | %.2f ms | %.2f ms | %.0f | %d |" % (name, path, r["p50_ms"], r["p99_ms"], r["rps"], r["errors"]))
            lines += ["", "- load generator: " + b["comparator"]]
            if "flood" in b:
                f = b["flood"]
                lines.append("- `/api/check` while %d clients post wrong passwords (throttle raised, so every attempt runs bcrypt; "
                             "Benchmarks/login_flood.py): p50 %.2f ms, p99 %.2f ms, against %.2f ms / %.2f ms alone; "
                             "%d wrong passwords answered in %g s" % (
                                 f["flood_clients"], f["check_during_flood"]["p50_ms"], f["check_during_flood"]["p99_ms"],
                                 f["check_alone"]["p50_ms"], f["check_alone"]["p99_ms"], f["wrong_passwords_answered_401"], f["seconds"]))
            lines.append("")
            continue
        if "rows" in b:
            lines += ["## " + b["name"], "", "Workload: " + b["workload"] + ".", "",
                      "| format | ours | ogr2ogr | ratio | our peak memory | ogr2ogr peak memory | our file | ogr2ogr file |",
                      "|---|---|---|---|---|---|---|---|"]
            for fmt, ours, theirs, ours_size, theirs_size in b["rows"]:
                lines.append("| %s | %.2f s | %.2f s | %s | %.0f MiB | %.0f MiB | %.0f MB | %.0f MB |" % (
                    fmt, ours[0], theirs[0], ratio(theirs[0], ours[0]), ours[1], theirs[1], ours_size / 1e6, theirs_size / 1e6))
            lines += ["", "- comparator: " + b["comparator"],
                      "- agreement: `" + json.dumps(b["agreement"], ensure_ascii=False) + "`", ""]
            continue
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
    # A partial run (--only) must not replace the full report.
    target = os.path.join(ROOT, "docs", "benchmarks.md")
    if ONLY:
        os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
        target = os.path.join(BENCH, "results", "benchmarks-%s.md" % "-".join(ONLY))
    with open(target, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


def main():
    ensure_comparators()
    os.makedirs(DATA, exist_ok=True)
    wanted = ONLY or ["province", "flat", "million", "snap", "screen", "export", "serve"]
    if os.environ.get("BENCH_MILLION") == "0" or QUICK:
        wanted = [w for w in wanted if w != "million"]
    benches = {"province": province, "flat": flat_line, "million": million, "snap": snapping, "screen": screening,
               "export": exporting, "serve": serving}
    results = [benches[name]() for name in wanted]
    write_report(results)
    if not all(b["agreement"].get("agree") for b in results):
        sys.exit("results disagree: see docs/benchmarks.md")


if __name__ == "__main__":
    main()
