"""Whole-process time of `launchmap where "210 km west of Oshima-Oshima"`, side by side.

Runs the command N times in a fresh interpreter each time (``python -m layers.cli`` with
this checkout first on ``PYTHONPATH``) and prints min / median / max wall-clock seconds.
Budget (issue #2): median <= 1.5 s on the 2-core machine.

``--baseline PATH`` runs the same command from another checkout (e.g. ``/work/main``)
in turn with this one (A B A B ...) and prints the ratio A/B pair by pair, so that a
change is measured against its base on the same machine in the same minute.
``--phases`` prints, from one more run in this process, the seconds of each stage of one
answer (imports, locate, reading the zones, the zone test, the coast distances, the
report), the breakdown that says where the budget goes.

    python benchmarks/where_startup.py [--runs 15] [--json] [--baseline /work/main] [--phases]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 1.5


def _command(root: Path, query: str, as_json: bool) -> tuple[list[str], dict[str, str], Path]:
    """The command, its environment and its working folder: ``python -m`` puts the working
    folder first on ``sys.path``, so each checkout runs from its own root."""
    env = dict(os.environ, PYTHONPATH=str(root))
    cmd = [sys.executable, "-m", "layers.cli", "where", query] + (["--json"] if as_json else [])
    return cmd, env, root


def _time(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - t0


def _line(name: str, times: list[float]) -> str:
    return (f"{name}: median {statistics.median(times):.3f} s  min {min(times):.3f} s  "
            f"max {max(times):.3f} s")


def phases(query: str) -> list[tuple[str, float]]:
    """Seconds of each stage of one answer, in this (fresh) process."""
    clock = time.perf_counter
    out = []
    t = clock()
    import layers.cli  # noqa: F401
    from geo.location import locate
    out.append(("import layers.cli, geo.location", clock() - t))
    t = clock()
    loc = locate(query)
    out.append(("locate", clock() - t))
    t = clock()
    from geo.zones.load import load_zones
    zs = load_zones()
    out.append(("load_zones (geopandas, zones, land, regions)", clock() - t))
    t = clock()
    from geo.zones.where import where
    where(loc.lon, loc.lat, sigma_km=loc.sigma_km, shape=loc.shape, coast_within_km=0)
    out.append(("where without coasts", clock() - t))
    t = clock()
    zs.coast_distances(loc.lon, loc.lat, {}, 500.0)
    out.append(("coast distances", clock() - t))
    t = clock()
    from geo.report import where_report
    where_report(query, location=loc)
    out.append(("where_report (again: nearest places, regimes, JSON)", clock() - t))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--query", default="210 km west of Oshima-Oshima")
    ap.add_argument("--json", action="store_true", help="time the --json output path")
    ap.add_argument("--baseline", metavar="PATH", help="another checkout to run in turn")
    ap.add_argument("--phases", action="store_true", help="print the stages of one answer")
    ap.add_argument("--phases-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phases_only:
        for name, sec in phases(args.query):
            print(f"  {sec:6.3f} s  {name}")
        return 0
    cmd, env, cwd = _command(ROOT, args.query, args.json)
    base = _command(Path(args.baseline).resolve(), args.query, args.json) if args.baseline \
        else None
    _time(cmd, env, cwd)  # warm the file cache once
    if base:
        _time(*base)
    a, b = [], []
    for _ in range(args.runs):
        a.append(_time(cmd, env, cwd))
        if base:
            b.append(_time(*base))
    print(f"command: cd {ROOT} && PYTHONPATH={ROOT} {' '.join(cmd)}")
    med = statistics.median(a)
    print(_line("A (this checkout)", a) + f"  budget {BUDGET_S} s -> "
          f"{'OK' if med <= BUDGET_S else 'OVER'}")
    if base:
        print(f"B = the same from {args.baseline} (cd and PYTHONPATH)")
        print(_line("B (baseline)     ", b))
        ratios = [x / y for x, y in zip(a, b, strict=True)]
        print(f"A/B pair by pair: median {statistics.median(ratios):.3f}  "
              f"min {min(ratios):.3f}  max {max(ratios):.3f}  (runs: {args.runs})")
    if args.phases:
        print("stages of one answer (this checkout, one fresh process):")
        subprocess.run([sys.executable, __file__, "--phases-only", "--query", args.query],
                       check=True, env=env, cwd=cwd)
    return 0 if med <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
