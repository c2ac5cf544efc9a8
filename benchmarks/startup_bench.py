"""Whole-process start-up time of `launchmap where` for several statements (issue 12).

Each statement is answered N times, each time by a fresh interpreter
(``python -m layers.cli where TEXT [--json]`` run from a checkout's root with that root
on ``PYTHONPATH``), after one warm-up run that fills the file cache. For each it prints
the minimum, median and maximum of the wall-clock seconds and of the CPU seconds the
process used (user + system, from ``getrusage`` of the finished child): on a shared
machine the CPU figure drifts less than the wall clock. Budget: a median wall-clock time
under 1.5 s.

``--baseline PATH`` runs the same commands from another checkout (e.g. an export of the
commit before a change) in turn with this one (A B A B ...) and prints the ratio A/B pair
by pair. ``--stages`` prints, from fresh processes, the seconds of the stages of one
answer: imports, locating the statement, the shipped zones read for the point
(``load_zones(near=...)``) and, for comparison, the full ``load_zones()``.

    python benchmarks/startup_bench.py [--runs 7] [--baseline DIR] [--stages]
        [--query TEXT [--query TEXT ...]] [--json-only]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 1.5

#: (statement, --json?): a NW Pacific coordinate, a relative statement, a Black Sea
#: point (two regions' frames) and the JSON output path.
DEFAULT_CASES = (
    ("35.0N 135.0E", False),
    ("about 200 km west of Oshima-Oshima", False),
    ("44.5N 33.5E", False),
    ("about 200 km west of Oshima-Oshima", True),
)


def command(root: Path, text: str, as_json: bool) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of one answer from checkout ``root``."""
    env = dict(os.environ, PYTHONPATH=str(root))
    cmd = [sys.executable, "-m", "layers.cli", "where", text] + (["--json"] if as_json else [])
    return cmd, env


def run_once(root: Path, text: str, as_json: bool) -> tuple[float, float]:
    """``(wall seconds, CPU seconds)`` of one fresh process answering ``text``."""
    cmd, env = command(root, text, as_json)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=root)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def spread(values: list[float]) -> str:
    return (f"min {min(values):6.3f}  median {statistics.median(values):6.3f}  "
            f"max {max(values):6.3f}")


STAGES = r"""
import sys, time
clock = time.perf_counter
t = clock()
import layers.cli  # noqa: F401
from geo.location import locate
from geo.zones.where import where, sample_points
out = [("imports (layers.cli, geo.location, geo.zones.where)", clock() - t)]
t = clock()
loc = locate(sys.argv[1])
out.append(("locate", clock() - t))
import numpy as np
xs, ys = np.array([loc.lon]), np.array([loc.lat])
if loc.sigma_km > 0:
    sx, sy = sample_points(loc.lon, loc.lat, loc.sigma_km)
    xs, ys = np.concatenate((xs, sx)), np.concatenate((ys, sy))
from geo.zones.load import load_zones
t = clock()
if sys.argv[2] == "near":
    zs = load_zones(near=(xs, ys), reach_km=500.0)
    what = "load_zones(near=...) (geopandas import, the regions the point needs)"
else:
    zs = load_zones()
    what = "load_zones() (geopandas import, every region)"
out.append((what, clock() - t))
t = clock()
where(loc.lon, loc.lat, sigma_km=loc.sigma_km, shape=loc.shape, source=zs)
out.append(("where (zones, land, coasts, regimes)", clock() - t))
for name, sec in out:
    print(f"  {sec:6.3f} s  {name}")
"""


def stages(root: Path, text: str) -> None:
    """Print the stages of one answer, with the partial and with the full zone load."""
    env = dict(os.environ, PYTHONPATH=str(root))
    for mode in ("near", "full"):
        print(f"stages of {text!r}, {mode} zone load (one fresh process):")
        subprocess.run([sys.executable, "-c", STAGES, text, mode], check=True, env=env,
                       cwd=root)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="counted runs per statement")
    ap.add_argument("--query", action="append", help="statement(s) instead of the defaults")
    ap.add_argument("--json-only", action="store_true", help="time only with --json")
    ap.add_argument("--baseline", metavar="DIR", help="another checkout, run in turn")
    ap.add_argument("--stages", action="store_true", help="print the stages of one answer")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    cases = [(q, args.json_only) for q in args.query] if args.query else list(DEFAULT_CASES)
    if args.json_only and not args.query:
        cases = [(q, True) for q, _ in DEFAULT_CASES[:3]]
    base = Path(args.baseline).resolve() if args.baseline else None
    print(f"A = {ROOT}" + (f"; B = {base}" if base else "") +
          f"; {args.runs} runs each after 1 warm-up; seconds")
    over = False
    for text, as_json in cases:
        run_once(ROOT, text, as_json)
        if base:
            run_once(base, text, as_json)
        a, b = [], []
        for _ in range(args.runs):
            a.append(run_once(ROOT, text, as_json))
            if base:
                b.append(run_once(base, text, as_json))
        label = f"where {text!r}" + (" --json" if as_json else "")
        med = statistics.median(w for w, _ in a)
        over |= med > BUDGET_S
        print(label)
        print(f"  A wall {spread([w for w, _ in a])}   budget {BUDGET_S} s: "
              f"{'OK' if med <= BUDGET_S else 'OVER'}")
        print(f"  A cpu  {spread([c for _, c in a])}")
        if base:
            print(f"  B wall {spread([w for w, _ in b])}")
            print(f"  B cpu  {spread([c for _, c in b])}")
            print(f"  A/B wall {spread([x[0] / y[0] for x, y in zip(a, b, strict=True)])}")
            print(f"  A/B cpu  {spread([x[1] / y[1] for x, y in zip(a, b, strict=True)])}")
    if args.stages:
        for text in dict.fromkeys(t for t, _ in cases):
            stages(ROOT, text)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
