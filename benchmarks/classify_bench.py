"""Benchmark ``geo.classify`` against ``geopandas.sjoin`` on the same zone polygons.

1,000,000 uniformly random points (fixed seed) in the theatre 110-170 E, 15-55 N are
classified twice:

* ``geo.classify`` (grid-cut prepared polygons, see ``geo/zones/pointindex.py``);
* ``geopandas.sjoin(points, polygons, predicate="within")`` on the zone rows and the land
  polygons of the same zone set, followed by the same innermost-zone pick (land, then
  territorial sea, contiguous zone, EEZ; ties by row) in numpy.

Both throughputs (points/s) are printed, and the script fails unless both methods give
every point the same zone (same label and kind). Run from the repository root::

    python benchmarks/classify_bench.py            # 1,000,000 points
    python benchmarks/classify_bench.py --n 200000 --source path/to/eez_v12.gpkg
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

THEATRE = (110.0, 15.0, 170.0, 55.0)  # west, south, east, north (degrees)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def sjoin_verdict(points, zs):
    """Innermost (label, kind) per point from geopandas.sjoin(predicate='within'), over
    the rows that hold under the administering view (the view classify answers in)."""
    import geopandas as gpd
    import pandas as pd

    from geo.zones.zoneset import KIND_RANK

    zones = zs.for_perspective("administering").zones
    polys = [gpd.GeoDataFrame({"label": zones["label"].astype(str), "kind": zones["kind"],
                               "row": np.arange(len(zones))},
                              geometry=zones.geometry.values, crs=4326)]
    if zs.land is not None:
        polys.append(gpd.GeoDataFrame({"label": zs.land["label"].astype(str), "kind": "land",
                                       "row": len(zones) + np.arange(len(zs.land))},
                                      geometry=zs.land.geometry.values, crs=4326))
    polys = gpd.GeoDataFrame(pd.concat(polys, ignore_index=True), geometry="geometry", crs=4326)
    t0 = time.perf_counter()
    joined = gpd.sjoin(points, polys, how="inner", predicate="within")
    t_join = time.perf_counter() - t0
    # innermost pick, same rule as geo.classify
    p = np.asarray(joined.index, np.int64)  # points have a RangeIndex: index == position
    right = np.asarray(joined["index_right"], np.int64)
    rank = np.array([KIND_RANK[k] for k in polys["kind"]], np.int64)[right]
    row = np.asarray(polys["row"], np.int64)[right]
    order = np.lexsort((row, rank, p))
    p, right = p[order], right[order]
    first = np.unique(p, return_index=True)[1]
    label = np.full(len(points), None, dtype=object)
    kind = np.full(len(points), None, dtype=object)
    label[p[first]] = np.asarray(polys["label"], dtype=object)[right[first]]
    kind[p[first]] = np.asarray(polys["kind"], dtype=object)[right[first]]
    t_total = time.perf_counter() - t0
    return label, kind, t_join, t_total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="number of points")
    ap.add_argument("--seed", type=int, default=20221118, help="random seed")
    ap.add_argument("--source", default=None,
                    help="zone source (default: shipped zones; or a Marine Regions file)")
    args = ap.parse_args(argv)

    import geopandas as gpd

    from geo.zones.classify import classify
    from geo.zones.load import load_zones

    log("loading zones ...")
    t0 = time.perf_counter()
    zs = load_zones(args.source)
    log(f"  {zs!r} in {time.perf_counter() - t0:.1f} s")

    rng = np.random.default_rng(args.seed)
    w, s, e, n = THEATRE
    lon = rng.uniform(w, e, args.n)
    lat = rng.uniform(s, n, args.n)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    log(f"{args.n:,} random points in {THEATRE} (seed {args.seed})")

    log("building the classify index (one-off per process) ...")
    t0 = time.perf_counter()
    index = zs.grid_index()
    t_index = time.perf_counter() - t0
    log(f"  {index.n_pieces:,} boundary pieces, {index.n_full_cells:,} full cells, "
        f"{t_index:.1f} s")

    log("geo.classify ...")
    t0 = time.perf_counter()
    out = classify(points, source=zs)
    t_classify = time.perf_counter() - t0

    log("geopandas.sjoin(predicate='within') ...")
    sj_label, sj_kind, t_join, t_sjoin = sjoin_verdict(points, zs)

    ours_label = out["label"].to_numpy(dtype=object)
    ours_kind = out["kind"].to_numpy(dtype=object)
    same = (ours_label == sj_label) & (ours_kind == sj_kind)
    n_diff = int((~same).sum())

    counts = out["kind"].value_counts(dropna=False)
    print(f"zone source: {zs.source}")
    print(f"points: {args.n:,} in lon {w}..{e}, lat {s}..{n} (seed {args.seed})")
    print("verdicts: " + ", ".join(f"{k}={v:,}" for k, v in counts.items()))
    print(f"index build (once per process): {t_index:.2f} s "
          f"({index.n_pieces:,} boundary pieces)")
    print(f"geo.classify:      {t_classify:7.2f} s  {args.n / t_classify:12,.0f} points/s")
    print(f"geopandas.sjoin:   {t_sjoin:7.2f} s  {args.n / t_sjoin:12,.0f} points/s "
          f"(join alone {t_join:.2f} s)")
    print(f"speed-up: {t_sjoin / t_classify:.1f}x (classify incl. index build: "
          f"{t_sjoin / (t_classify + t_index):.1f}x)")
    print(f"identical answers: {args.n - n_diff:,} / {args.n:,}")
    if n_diff:
        bad = np.flatnonzero(~same)[:10]
        for i in bad:
            print(f"  differs at ({lon[i]:.6f}, {lat[i]:.6f}): classify "
                  f"{ours_kind[i]}/{ours_label[i]}, sjoin {sj_kind[i]}/{sj_label[i]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
