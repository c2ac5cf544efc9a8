"""Benchmark ``geo.classify`` (exact raster index) against ``geopandas.sjoin``, side by side.

One run, the same points for every method (fixed seed), on the shipped zones (or
``--source``) under the administering view:

* **uniform**: ``--n`` points (default 1,000,000) uniform over the theatre 110-170 E,
  15-55 N;
* **coastal**: ``--n`` points within 30 km of land (a random coastline vertex of the land
  polygons in the theatre, moved a geodesic distance uniform in 0-30 km in a random
  azimuth with ``pyproj.Geod``).

For each: ``geo.classify`` with the default DataFrame output and with ``codes=True``
(``--repeats`` runs; min and median), ``geopandas.sjoin(predicate="intersects")`` over the
same layers (zone rows in view, their overlap and agreed parts, land) followed by the same
deciding-hit rule, with every answer compared (kind, state, label and status), and the
speed-up. Also: index build time and size (built from scratch, then the saved copy read
back), memory per point beyond the inputs (``tracemalloc`` peak), cost per point for N
from 1e5 to ``--max-n`` (linearity), and land/ocean against ``roaring-landmask``
(GSHHG-based mask, PyPI; skipped with a note when it is not installed).

Run from the repository root::

    python benchmarks/classify_bench.py                 # 1,000,000 points, 5 repeats
    python benchmarks/classify_bench.py --n 300000 --repeats 3 --max-n 1000000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

THEATRE = (110.0, 15.0, 170.0, 55.0)  # west, south, east, north (degrees)
PERSPECTIVE = "administering"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def timed(fn, repeats: int):
    """(result of the last call, [seconds per call])."""
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, times


def rate(n: int, times: list[float]) -> str:
    return (f"min {min(times):7.3f} s  median {statistics.median(times):7.3f} s  "
            f"{n / min(times) / 1e6:8.2f} M points/s (best)  "
            f"{n / statistics.median(times) / 1e6:8.2f} M points/s (median)")


def coastal_points(zs, n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points within 30 km (geodesic) of a land vertex inside the theatre."""
    import shapely
    from pyproj import Geod

    w, s, e, nn = THEATRE
    xy = shapely.get_coordinates(np.asarray(zs.land.geometry.values, dtype=object))
    xy = xy[(xy[:, 0] >= w) & (xy[:, 0] <= e) & (xy[:, 1] >= s) & (xy[:, 1] <= nn)]
    pick = xy[rng.integers(0, len(xy), n)]
    lon, lat, _ = Geod(ellps="WGS84").fwd(pick[:, 0], pick[:, 1], rng.uniform(0, 360, n),
                                          rng.uniform(0, 30_000, n))
    return np.asarray(lon), np.asarray(lat)


def sjoin_codes(zs, table, lon, lat):
    """Class codes from ``geopandas.sjoin(points, layers, predicate="intersects")`` and the
    deciding-hit rule of classify (:func:`geo.zones.rasterindex.pick`); (codes, seconds)."""
    import geopandas as gpd

    from geo.zones.rasterindex import pick

    geoms = zs.layers["geoms"]
    keep = np.flatnonzero([g is not None for g in geoms])
    polys = gpd.GeoDataFrame({"layer": keep}, geometry=list(geoms[keep]), crs=4326)
    t0 = time.perf_counter()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    joined = gpd.sjoin(points, polys, how="inner", predicate="intersects")
    p = np.asarray(joined.index, np.int64)
    g = np.asarray(polys["layer"], np.int64)[np.asarray(joined["index_right"], np.int64)]
    key = np.unique(p * np.int64(len(geoms)) + g)
    pp, pg, pst = pick(zs, PERSPECTIVE, key // len(geoms), key % len(geoms))
    out = np.zeros(len(lon), np.int32)
    zone = pg < zs.layers["n_zones"]
    s_index = {st: i for i, st in enumerate(table.statuses)}
    out[pp[zone]] = table.zone_code[pg[zone], [s_index[x] for x in pst[zone]]]
    out[pp[~zone]] = table.land_code[pg[~zone] - zs.layers["land"]]
    return out, time.perf_counter() - t0


def compare(name: str, ours: np.ndarray, theirs: np.ndarray, table, lon, lat) -> int:
    frame = table.frame()
    same = ours == theirs
    print(f"  {name}: identical answers (kind, state, label, status) on "
          f"{int(same.sum()):,} / {len(same):,} points")
    for i in np.flatnonzero(~same)[:5]:
        print(f"    differs at ({lon[i]:.6f}, {lat[i]:.6f}): classify "
              f"{frame.iloc[ours[i]].tolist()} vs {frame.iloc[theirs[i]].tolist()}")
    return int((~same).sum())


def memory_per_point(fn, n: int) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    out = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del out
    return (peak - base) / n


def polygon_answer_polygon_tree(zones, lon, lat):
    """``geo.zones.oracle.polygon_answer`` as it was: a tree of the polygons queried with
    the points (each candidate test walks an unprepared polygon)."""
    import shapely

    from geo.zones.oracle import KIND_CODES, OUTER_TO_INNER

    pts = shapely.points(np.column_stack([lon, lat]))
    lab = np.full(len(pts), "", dtype=object)
    kind = np.zeros(len(pts), int)
    for code in OUTER_TO_INNER:
        sub = zones[zones["kind"] == KIND_CODES[code]]
        if len(sub):
            pi, gi = shapely.STRtree(sub.geometry.values).query(pts, predicate="intersects")
            lab[pi] = sub["label"].to_numpy()[gi]
            kind[pi] = code
    return lab, kind


def oracle_section(zs, rng, n: int) -> None:
    """polygon_answer with the tree of points (now) against the tree of polygons (before),
    on ``n`` uniform theatre points plus zone vertices (points on shared lines)."""
    import shapely

    from geo.zones.oracle import polygon_answer

    zones = zs.for_perspective(PERSPECTIVE).zones
    w, s, e, nn = THEATRE
    xy = shapely.get_coordinates(zones.geometry.values)[::997]
    lon = np.concatenate([rng.uniform(w, e, n), xy[:, 0]])
    lat = np.concatenate([rng.uniform(s, nn, n), xy[:, 1]])
    (old_lab, old_kind), t_old = timed(lambda: polygon_answer_polygon_tree(zones, lon, lat), 1)
    (new_lab, new_kind), t_new = timed(lambda: polygon_answer(zones, lon, lat), 3)
    same = (old_lab == new_lab) & (old_kind == new_kind)
    print(f"\noracle polygon_answer on {len(lon):,} points: tree of polygons {t_old[0]:.2f} s, "
          f"tree of points min {min(t_new):.2f} s median {statistics.median(t_new):.2f} s "
          f"({t_old[0] / min(t_new):.0f}x); identical (label, kind) on {int(same.sum()):,} / "
          f"{len(lon):,}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="number of points per set")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--max-n", type=int, default=10_000_000,
                    help="largest N of the linearity run")
    ap.add_argument("--seed", type=int, default=20221118, help="random seed")
    ap.add_argument("--source", default=None,
                    help="zone source (default: shipped zones; or a Marine Regions file)")
    ap.add_argument("--no-sjoin", action="store_true", help="skip geopandas.sjoin")
    ap.add_argument("--cached", action="store_true",
                    help="read the saved index when there is one instead of building it")
    ap.add_argument("--sjoin-n", type=int, default=100_000,
                    help="points of each set given to geopandas.sjoin (its first ones; the "
                         "speed-up compares time per point)")
    ap.add_argument("--oracle-n", type=int, default=20_000,
                    help="points for the oracle's polygon_answer old/new comparison (0: skip)")
    args = ap.parse_args(argv)

    import geo.zones.rasterindex as ri
    from geo.zones.classify import _source_file, classify
    from geo.zones.load import load_zones

    zs = load_zones(args.source)
    print(f"zone source: {zs.source}; perspective {PERSPECTIVE}; command: "
          f"python benchmarks/classify_bench.py {' '.join(argv or sys.argv[1:])}")
    src = _source_file(args.source)
    path = ri.cache_file(src, PERSPECTIVE)
    index = ri.load(zs, PERSPECTIVE, path) if args.cached and path.exists() else None
    t_build = float("nan")  # not built in this run (--cached)
    if index is None:
        log("building the raster index from scratch ...")
        t0 = time.perf_counter()
        index = ri.RasterIndex(zs, PERSPECTIVE)
        t_build = time.perf_counter() - t0
        ri.save(index, path)
    t0 = time.perf_counter()
    again = ri.load(zs, PERSPECTIVE, path)
    t_load = time.perf_counter() - t0
    assert again is not None
    zs._built[f"raster:v{ri.VERSION}:{PERSPECTIVE}"] = index
    print(f"index: build {t_build:.1f} s (incl. the exact path's 0.25-degree grid index), "
          f"{index.nbytes / 1e6:.1f} MB in {len(index.nodes)} levels "
          f"({', '.join(f'{len(a):,}' for a in index.nodes)} cells), {len(index.table)} classes; "
          f"saved copy {path.stat().st_size / 1e6:.1f} MB read back in {t_load:.2f} s")

    rng = np.random.default_rng(args.seed)
    w, s, e, n = THEATRE
    sets = {"uniform": (rng.uniform(w, e, args.n), rng.uniform(s, n, args.n)),
            "coastal": coastal_points(zs, args.n, rng)}
    failures = 0
    for name, (lon, lat) in sets.items():
        print(f"\n{name}: {args.n:,} points")
        classify(lon=lon[:1000], lat=lat[:1000])  # warm (first-call costs reported above)
        frame, t_df = timed(lambda lon=lon, lat=lat: classify(lon=lon, lat=lat),
                            args.repeats)
        (code, _), t_codes = timed(lambda lon=lon, lat=lat: classify(lon=lon, lat=lat,
                                                                      codes=True),
                                   args.repeats)
        assert (index.codes(lon, lat) == code.to_numpy()).all()
        print(f"  geo.classify DataFrame:  {rate(args.n, t_df)}")
        print(f"  geo.classify codes=True: {rate(args.n, t_codes)}")
        kinds = frame["kind"].value_counts(dropna=False)
        print("  answers: " + ", ".join(f"{k}={v:,}" for k, v in kinds.items()))
        if not args.no_sjoin:
            log(f"geopandas.sjoin on {name} ...")
            k = min(args.sjoin_n, args.n)
            theirs, t_sj = sjoin_codes(zs, index.table, lon[:k], lat[:k])
            per_sj, per_df, per_c = t_sj / k, min(t_df) / args.n, min(t_codes) / args.n
            print(f"  geopandas.sjoin + pick on the first {k:,}: {t_sj:7.3f} s  "
                  f"{k / t_sj / 1e6:8.3f} M points/s  -> classify is {per_sj / per_df:.0f}x "
                  f"(DataFrame), {per_sj / per_c:.0f}x (codes) faster per point")
            failures += compare("classify vs sjoin", code.to_numpy()[:k], theirs, index.table,
                                lon[:k], lat[:k])
        mem_df = memory_per_point(lambda lon=lon, lat=lat: classify(lon=lon, lat=lat), args.n)
        mem_c = memory_per_point(lambda lon=lon, lat=lat: classify(lon=lon, lat=lat,
                                                                   codes=True), args.n)
        print(f"  memory beyond the inputs (tracemalloc peak): DataFrame {mem_df:.1f} "
              f"bytes/point, codes {mem_c:.1f} bytes/point")

    print("\nlinearity (uniform points, codes=True and DataFrame, best of 3):")
    sizes = [10**k for k in range(5, 8) if 10**k <= args.max_n]
    for size in sizes:
        lon, lat = rng.uniform(w, e, size), rng.uniform(s, n, size)
        _, tc = timed(lambda lon=lon, lat=lat: classify(lon=lon, lat=lat, codes=True), 3)
        _, td = timed(lambda lon=lon, lat=lat: classify(lon=lon, lat=lat), 3)
        print(f"  N={size:>10,}: codes {min(tc) / size * 1e9:6.1f} ns/point, "
              f"DataFrame {min(td) / size * 1e9:6.1f} ns/point")
        del lon, lat

    if args.oracle_n:
        oracle_section(zs, rng, args.oracle_n)

    print("\nland/ocean vs roaring-landmask (GSHHG provider):")
    try:
        import roaring_landmask as rl
    except ImportError:
        print("  roaring-landmask is not installed (pip install roaring-landmask): skipped")
    else:
        lon, lat = sets["uniform"]
        t0 = time.perf_counter()
        mask = rl.RoaringLandmask.new_with_provider(rl.LandmaskProvider.Gshhg)
        t_mask = time.perf_counter() - t0
        _, t_rl = timed(lambda: mask.contains_many(lon, lat), 1)
        theirs = np.asarray(mask.contains_many(lon, lat), bool)
        code, _ = classify(lon=lon, lat=lat, codes=True)
        ours = index.table.kind[code.to_numpy()] == "land"
        _, t_ours = timed(lambda: classify(lon=lon, lat=lat, codes=True), 3)
        print(f"  roaring-landmask: load {t_mask:.1f} s, {args.n / t_rl[0] / 1e6:.2f} M points/s;"
              f" geo.classify (codes) {args.n / min(t_ours) / 1e6:.2f} M points/s")
        print(f"  same land/ocean answer on {int((ours == theirs).sum()):,} / {args.n:,} "
              f"points (launchmap: GSHHG full + Natural Earth lakes as land; "
              f"roaring-landmask: its own GSHHG rasterisation)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
