"""Benchmark the status split of ``geo.area_overlaps``: small pieces against whole zones.

For every shipped declared area and every zone row it meets (under one perspective), the
area's part in the row is cut by status two ways, side by side in one run:

* ``pieces``: ``geo.declared_overlaps.status_pieces`` (what ``area_overlaps`` does: the
  zone, its overlap and its agreed part clipped to the area's box, then cut);
* ``whole``: ``ZoneSet.status_parts`` (each status part of the whole zone row computed,
  then intersected with the area).

Both must give the same geodesic km² per (area, row, status) to 1e-6 relative; the script
fails otherwise. Prints min and median seconds over the repeats and their ratio. Run from
the repository root::

    python benchmarks/declared_overlaps.py                 # 5 repeats, administering
    python benchmarks/declared_overlaps.py --repeats 3 --perspective JPN
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--perspective", default="administering")
    args = ap.parse_args()

    import shapely

    from geo.declared import declared_areas
    from geo.declared_overlaps import status_pieces
    from geo.geodesy import geodesic_area_km2
    from geo.zones.load import load_zones

    zs = load_zones().for_perspective(args.perspective)
    areas = declared_areas()
    zgeoms = np.asarray(zs.zones.geometry.values, dtype=object)
    pairs = [(a, i) for a in areas.geometry
             for i in np.flatnonzero(shapely.intersects(a, zgeoms)).tolist()]
    print(f"{len(areas)} areas, {len(pairs)} (area, zone row) pairs, view {args.perspective}",
          file=sys.stderr)

    def pieces():
        return [{s: geodesic_area_km2(g) for s, g in status_pieces(zs, i, a)}
                for a, i in pairs]

    def whole():
        out = []
        for a, i in pairs:
            d = {}
            for s, part in zs.status_parts(i):
                km2 = geodesic_area_km2(shapely.intersection(a, part))
                if km2 > 0:
                    d[s] = km2
            out.append(d)
        return out

    times: dict[str, list[float]] = {"pieces": [], "whole": []}
    results = {}
    for _ in range(args.repeats):
        for name, fn in (("pieces", pieces), ("whole", whole)):
            t = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t)
    for a, b in zip(results["pieces"], results["whole"], strict=True):
        keys = {k for k in a if a[k] > 1e-6} | {k for k in b if b[k] > 1e-6}
        for k in keys:
            x, y = a.get(k, 0.0), b.get(k, 0.0)
            if abs(x - y) > 1e-6 * max(abs(x), abs(y), 1.0):
                print(f"MISMATCH {k}: pieces {x} km², whole {y} km²", file=sys.stderr)
                return 1
    for name, ts in times.items():
        print(f"{name:<7} min {min(ts):.3f} s  median {statistics.median(ts):.3f} s")
    print(f"whole / pieces: min {min(times['whole']) / min(times['pieces']):.1f}x, "
          f"median {statistics.median(times['whole']) / statistics.median(times['pieces']):.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
