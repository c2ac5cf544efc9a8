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
SIZE_BUDGET = 6_000_000  # the same budget as tests/test_layers.py (the default page)
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
    """Write ``n`` events to ``path``: the shipped rows that have a fall point, repeated
    (see the module docstring). Every row is written with its fall point as coordinates
    and a sigma (``impact_basis`` ``stated``), so that each of the ``n`` events has a
    marker: the browser's worst case. (Rows that only carry a statement would be read by
    :func:`geo.locate` one by one while the CSV is read; that is the catalogue reader's
    cost, not the map's, and would hide the map's stages.)"""
    import numpy as np
    import pandas as pd

    import geo
    from geo._paths import data_path

    base = pd.read_csv(data_path("events.csv"), dtype=str, keep_default_na=False)
    fell = geo.events()
    fell = fell[np.isfinite(fell["impact_lon"].to_numpy(float))].set_index("id")
    base = base[base["id"].isin(fell.index)].reset_index(drop=True)
    for col in ("impact_lon", "impact_lat", "impact_sigma_km"):
        base[col] = fell.loc[base["id"], col].to_numpy(float)
    rng = np.random.default_rng(seed)
    reps = -(-n // len(base))
    df = pd.concat([base] * reps, ignore_index=True).iloc[:n].copy()
    k = np.arange(n) // len(base)
    df["id"] = [f"{i}-s{j}" for i, j in zip(df["id"], k, strict=True)]
    day = pd.to_datetime(df["date"]) - pd.to_timedelta(k % 3000, unit="D")  # not future
    df["date"] = day.dt.strftime("%Y-%m-%d")
    df["impact_basis"] = "stated"
    df["impact_query"] = ""
    for col in ("impact_lon", "impact_lat"):
        moved = df[col].to_numpy(float) + rng.uniform(-0.5, 0.5, n) * (k > 0)
        df[col] = [f"{x:.4f}" for x in np.clip(moved, -180.0, 180.0)]
    df["impact_sigma_km"] = [f"{x:.1f}" for x in df["impact_sigma_km"].to_numpy(float)]
    df.to_csv(path, index=False)
    return path


def timed_run(cmd: list[str]) -> tuple[float, list[tuple[float, str]], str]:
    """Run ``cmd`` in the repository root; ``(wall seconds, [(seconds since start, progress
    line), ...], stderr)``. Raises SystemExit when it fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, bufsize=1)
    lines = []
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append((time.perf_counter() - t0, line.rstrip("\n")))
    rc = proc.wait()
    wall = time.perf_counter() - t0
    err = "\n".join(t for _, t in lines)
    if rc != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, lines, err


def stage_times(lines: list[tuple[float, str]], wall: float) -> list[tuple[float, str]]:
    """``[(seconds, line), ...]``: how long each progress line's stage lasted (until the
    next line, the last one until the process ended)."""
    ends = [t for t, _ in lines[1:]] + [wall]
    return [(end - t, text) for (t, text), end in zip(lines, ends, strict=True)]


def run_big(n: int, tmp: Path) -> dict:
    """Build and open the map of ``n`` synthetic events; returns the measurements."""
    import resource

    csv_path = tmp / f"events_{n}.csv"
    if not csv_path.exists():
        synthetic_events(n, csv_path)
    out = tmp / f"map_{n}.html"
    cmd = [sys.executable, "-m", "layers.cli", "map", "--events", str(csv_path), "--out",
           str(out), "--tiles", "none"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    build_s, lines, err = timed_run(cmd)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB, max over children
    fitted_s, loaded_s = open_in_chromium(out)
    return {"n": n, "build_s": build_s, "peak_bytes": max(peak, before) * 1024,
            "size": out.stat().st_size, "fitted_s": fitted_s, "loaded_s": loaded_s,
            "stderr": err, "stages": stage_times(lines, build_s)}


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


def _stat(values: list[float], fmt: str) -> str:
    return (f"{format(min(values), fmt)} / {format(statistics.median(values), fmt)}"
            if len(values) > 1 else format(values[0], fmt))


def big_main(sizes: list[int], runs: int) -> int:
    """The ``--sizes`` benchmark: min / median over ``runs`` of each measure per size,
    and the stages of the last run that took more than a second (each one named by the
    progress line that opened it)."""
    over = False
    print(f"min / median over {runs} run(s); build = the whole `launchmap map --events CSV "
          "--tiles none` process; open = navigation to the view fitted / every marker "
          "clustered, headless Debian Chromium 1600x1000")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            rs = [run_big(n, Path(tmp)) for _ in range(runs)]
            print(f"{n:>7,} events: build {_stat([r['build_s'] for r in rs], '.1f')} s, "
                  f"peak memory {_stat([r['peak_bytes'] / 1e9 for r in rs], '.2f')} GB, "
                  f"page {rs[-1]['size'] / 1e6:.2f} MB, open: view fitted "
                  f"{_stat([r['fitted_s'] for r in rs], '.1f')} s, all markers "
                  f"{_stat([r['loaded_s'] for r in rs], '.1f')} s", flush=True)
            slow = [(d, t) for d, t in rs[-1]["stages"] if d > 1.0]
            print("    stages over 1 s (last run):", *[f"{d:5.1f} s  {t}" for d, t in slow],
                  sep="\n      ")
            if n >= 100_000:
                best = min(rs, key=lambda r: r["loaded_s"])
                over = over or best["size"] > BIG_SIZE_BUDGET or \
                    statistics.median(r["loaded_s"] for r in rs) > BIG_OPEN_BUDGET_S or \
                    max(r["peak_bytes"] for r in rs) > BIG_MEMORY_BUDGET
    print("budgets at 100,000 events: page <= 25 MB, open <= 10 s (median), build peak "
          f"<= 1.5 GB: {'OVER' if over else 'OK'}")
    return 1 if over else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", help="comma-separated event counts: benchmark big inputs")
    args = ap.parse_args()
    if args.sizes:
        return big_main([int(x) for x in args.sizes.split(",")], args.runs)
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
