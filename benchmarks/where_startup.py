"""Whole-process time of `launchmap where "210 km west of Oshima-Oshima"`.

Runs the installed console script (or `python -m layers.cli` with --module) N times and
prints the median and spread of wall-clock seconds. Budget (issue #2): median <= 1.5 s on
the 2-core machine.

    python benchmarks/where_startup.py [--runs 15] [--json]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--query", default="210 km west of Oshima-Oshima")
    ap.add_argument("--json", action="store_true", help="time the --json output path")
    args = ap.parse_args()
    exe = shutil.which("launchmap")
    cmd = [exe] if exe else [sys.executable, "-m", "layers.cli"]
    cmd += ["where", args.query] + (["--json"] if args.json else [])
    subprocess.run(cmd, check=True, capture_output=True)  # warm the file cache once
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"command: {' '.join(cmd)}")
    print(f"runs: {args.runs}  median: {med:.3f} s  min: {min(times):.3f} s  "
          f"max: {max(times):.3f} s  budget: 1.5 s  -> {'OK' if med <= 1.5 else 'OVER'}")
    return 0 if med <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
