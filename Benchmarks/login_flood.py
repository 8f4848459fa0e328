#!/usr/bin/env python3
"""/api/check latency while 32 clients hammer the sign-in form with wrong passwords.

    python3 Benchmarks/login_flood.py [BINARY] [SECONDS]

Starts `outfalls serve` on a fresh sample registry with the sign-in throttle raised out of
the way (so that every attempt really runs bcrypt), measures /api/check alone, then again
while 32 threads post wrong passwords as fast as the server answers, and prints both as JSON:
p50/p99 in milliseconds, and how many sign-ins were answered. bcrypt runs on its own small
queue (half the cores); before, the flood took both cores and /api/check went from 2 ms to
2.1 s. Called by run_benchmarks.py; runnable alone against a debug build.
"""
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

CHECK = "/api/check?lon=109.2294705&lat=24.6885747&type=industrial_enterprise"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def check_latencies(base, seconds, stop=None):
    times = []
    end = time.time() + seconds
    while time.time() < end and not (stop and stop.is_set()):
        start = time.perf_counter()
        with urllib.request.urlopen(base + CHECK) as r:
            r.read()
        times.append((time.perf_counter() - start) * 1000)
    return times


def flood(base, stop, answered):
    """Wrong passwords, each with the CSRF token of the form the last answer carried (every
    sign-in page sets a fresh one), so that every attempt reaches bcrypt."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    while not stop.is_set():
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrf": token, "username": "flooded", "password": "wrong-password"}).encode()
        try:
            page = opener.open(base + "/login", data=body).read().decode()
        except urllib.error.HTTPError as e:  # 401 is the expected answer
            page = e.read().decode()
            if e.code == 401:
                answered.append(1)
        except OSError:
            if stop.is_set():
                return
            raise


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".build", "release", "outfalls")
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory() as scratch:
        db = os.path.join(scratch, "flood.sqlite")
        subprocess.run([binary, "init", "--sample", "--db", db], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([binary, "user", "add", "flooded", "--role", "viewer", "--password-stdin", "--db", db],
                       input="correct-horse-battery\n", text=True, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen([binary, "serve", "--db", db, "--port", "0", "--sign-in-failures", "100000000"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            base = "http://127.0.0.1:%s" % re.search(r"127\.0\.0\.1:(\d+)/", server.stdout.readline()).group(1)
            check_latencies(base, 1)  # warm-up: checkers
            alone = check_latencies(base, seconds)
            stop = threading.Event()
            answered = []
            threads = [threading.Thread(target=flood, args=(base, stop, answered), daemon=True) for _ in range(32)]
            for t in threads:
                t.start()
            time.sleep(1)  # let the flood build up
            flooded = check_latencies(base, seconds)
            sign_ins = len(answered)
            stop.set()
            for t in threads:
                t.join(timeout=30)
        finally:
            server.terminate()
            server.wait()
    result = {
        "check_alone": {"p50_ms": statistics.median(alone), "p99_ms": percentile(alone, 99), "requests": len(alone)},
        "check_during_flood": {"p50_ms": statistics.median(flooded), "p99_ms": percentile(flooded, 99), "requests": len(flooded)},
        "wrong_passwords_answered_401": sign_ins, "flood_clients": 32, "seconds": seconds,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
