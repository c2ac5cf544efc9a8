"""Benchmark ``launchmap map``: the size of the HTML map and the time of the whole command.

Runs the command as a separate process (Python start-up, imports, data loading, zone
classification, simplification and writing included) ``--runs`` times for each variant
and prints the median, minimum and maximum wall time, the size of the HTML written, and
the share of each layer in it. Budgets: HTML <= 4 MB and median time <= 5 s for the
default command. Run from the repository root::

    python benchmarks/map_bench.py              # 5 runs of each variant
    python benchmarks/map_bench.py --runs 9
    python benchmarks/map_bench.py --sizes 100,10000,100000 --runs 1   # big inputs

``--sizes`` builds maps of synthetic catalogues of N events instead (the shipped rows
repeated with ids made unique, dates moved back by whole days and impact points moved by up
to 0.5 degrees, a fixed random seed) and reports for each: build wall time, peak memory of
the build process (ru_maxrss), page size, and the time headless Chromium (Playwright)
takes to open the page until the first view is fitted (``window.launchmapView.fitted``)
and until every marker is in place. Budgets for 100,000 events: page < 25 MB, open
< 10 s, build < 1.5 GB.

Exit status 1 when the default command is over a budget.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE_BUDGET = 4_000_000
TIME_BUDGET_S = 5.0
VARIANTS = {
    "default": [],
    "offline (--tiles none)": ["--tiles", "none"],
    "png": ["--format", "png"],
}


def run_once(args: list[str], out: Path) -> float:
    cmd = [sys.executable, "-m", "layers.cli", "map", "--out", str(out), *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    return dt


def layer_sizes(html: str) -> dict[str, int]:
    """Bytes of inline GeoJSON per layer (by its CSS class) and of the vendored assets."""
    sizes: dict[str, int] = {}
    for m in re.finditer(r"L\.geoJSON\((\{\"type\":\"FeatureCollection\".*?\}), \{\s*pane: "
                         r"\"[^\"]*\",\s*className: \"([^\"]*)\"", html, flags=re.S):
        key = m.group(2) or "other"
        sizes[key] = sizes.get(key, 0) + len(m.group(1).encode("utf-8"))
    assets = sum(len(m.group(0).encode("utf-8")) for m in
                 re.finditer(r"<(script|style)>/\* [^*]+ \(vendored\) \*/.*?</\1>", html, re.S))
    sizes["vendored JS/CSS"] = assets
    return sizes


BIG_SIZE_BUDGET = 25_000_000
BIG_OPEN_BUDGET_S = 10.0
BIG_MEMORY_BUDGET = 1.5e9


def synthetic_events(n: int, path: Path, seed: int = 16) -> Path:
    """Write ``n`` events to ``path``: the shipped rows repeated (see the docstring)."""
    import numpy as np
    import pandas as pd

    from geo._paths import data_path

    base = pd.read_csv(data_path("events.csv"), dtype=str, keep_default_na=False)
    rng = np.random.default_rng(seed)
    reps = -(-n // len(base))
    df = pd.concat([base] * reps, ignore_index=True).iloc[:n].copy()
    k = np.arange(n) // len(base)
    df["id"] = [f"{i}-s{j}" for i, j in zip(df["id"], k, strict=True)]
    day = pd.to_datetime(df["date"]) - pd.to_timedelta(k % 3000, unit="D")  # not future
    df["date"] = day.dt.strftime("%Y-%m-%d")
    for col in ("impact_lon", "impact_lat"):
        v = pd.to_numeric(df[col], errors="coerce")
        moved = v + rng.uniform(-0.5, 0.5, n) * (k > 0)
        df[col] = [("" if not np.isfinite(x) else f"{x:.4f}") for x in moved]
    df.to_csv(path, index=False)
    return path


def run_big(n: int, tmp: Path) -> dict:
    """Build and open the map of ``n`` synthetic events; returns the measurements."""
    import resource

    csv_path = synthetic_events(n, tmp / f"events_{n}.csv")
    out = tmp / f"map_{n}.html"
    cmd = [sys.executable, "-m", "layers.cli", "map", "--events", str(csv_path), "--out",
           str(out), "--tiles", "none"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    build_s = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB, max over children
    fitted_s, loaded_s = open_in_chromium(out)
    return {"n": n, "build_s": build_s, "peak_bytes": max(peak, before) * 1024,
            "size": out.stat().st_size, "fitted_s": fitted_s, "loaded_s": loaded_s,
            "stderr": proc.stderr}


def open_in_chromium(path: Path) -> tuple[float, float]:
    """Seconds from navigation to the first view fitted, and to every marker placed."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(path.parent))
    handler.log_message = lambda *a: None
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                   args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = b.new_page(viewport={"width": 1600, "height": 1000})
            t0 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{srv.server_address[1]}/{path.name}",
                      wait_until="commit", timeout=600_000)
            page.wait_for_function("window.launchmapView && window.launchmapView.fitted",
                                   timeout=600_000, polling=50)
            fitted = time.perf_counter() - t0
            page.wait_for_function(
                "!window.launchmapCluster || window.launchmapClusterReady",
                timeout=600_000, polling=50)
            loaded = time.perf_counter() - t0
            b.close()
    finally:
        srv.shutdown()
    return fitted, loaded


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", help="comma-separated event counts: benchmark big inputs")
    args = ap.parse_args()
    if args.sizes:
        over = False
        with tempfile.TemporaryDirectory() as tmp:
            for n in [int(x) for x in args.sizes.split(",")]:
                for _ in range(args.runs):
                    r = run_big(n, Path(tmp))
                    print(f"{n:>7,} events: build {r['build_s']:6.1f} s, peak memory "
                          f"{r['peak_bytes'] / 1e9:5.2f} GB, page {r['size'] / 1e6:6.2f} MB, "
                          f"Chromium: view fitted {r['fitted_s']:5.1f} s, all markers "
                          f"{r['loaded_s']:5.1f} s", flush=True)
                    if n >= 100_000:
                        over = over or r["size"] > BIG_SIZE_BUDGET or \
                            r["loaded_s"] > BIG_OPEN_BUDGET_S or \
                            r["peak_bytes"] > BIG_MEMORY_BUDGET
                stages = [ln for ln in r["stderr"].splitlines() if ln.startswith("launchmap")]
                print("    last run's progress lines:", *stages[-6:], sep="\n      ")
        return 1 if over else 0
    over = False
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in VARIANTS.items():
            suffix = ".png" if "png" in extra else ".html"
            out = Path(tmp) / f"map{suffix}"
            run_once(extra, out)  # warm the OS file cache once
            times = [run_once(extra, out) for _ in range(args.runs)]
            med = statistics.median(times)
            size = out.stat().st_size
            print(f"{name:24s} median {med:5.2f} s  (min {min(times):.2f}, max {max(times):.2f},"
                  f" {args.runs} runs)  size {size / 1e6:.2f} MB")
            if suffix == ".html":
                for key, n in sorted(layer_sizes(out.read_text("utf-8")).items(),
                                     key=lambda kv: -kv[1]):
                    print(f"    {key:38s} {n / 1e6:6.3f} MB")
            if name == "default":
                ok_t, ok_s = med <= TIME_BUDGET_S, size <= SIZE_BUDGET
                print(f"    budget: time {'OK' if ok_t else 'OVER'} (<= {TIME_BUDGET_S} s), "
                      f"size {'OK' if ok_s else 'OVER'} (<= {SIZE_BUDGET / 1e6:.0f} MB)")
                over = over or not (ok_t and ok_s)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
