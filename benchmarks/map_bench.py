"""Benchmark ``launchmap map``: the size of the HTML map and the time of the whole command.

Runs the command as a separate process (Python start-up, imports, data loading, zone
classification, simplification and writing included) ``--runs`` times for each variant
and prints the median, minimum and maximum wall time, the size of the HTML written, and
the share of each layer in it. Budgets: HTML <= 3 MB and median time <= 5 s for the
default command. Run from the repository root::

    python benchmarks/map_bench.py              # 5 runs of each variant
    python benchmarks/map_bench.py --runs 9

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
SIZE_BUDGET = 3_000_000
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
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
