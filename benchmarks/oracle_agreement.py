"""How well the shipped zone polygons follow the pointwise rule (the oracle).

Random points (fixed seed, uniform on the sphere) in the theatre 110-170 E, 15-55 N and in
the Gulf of Tonkin (where the 2000 China-Viet Nam treaty line applies) are answered twice:
by the polygons of ``data/zones.parquet`` (innermost row) and by the oracle of
``geo.zones.oracle`` (nearest coast vertex, geodesic distance, agreed boundaries applied).
Prints the agreement, the number of disagreements and how far each lies from the nearest
zone boundary. Run from the repository root::

    python benchmarks/oracle_agreement.py            # 100,000 + 20,000 points
    python benchmarks/oracle_agreement.py --n 10000
    python benchmarks/oracle_agreement.py --perspective CHN   # one view's rows and oracle
    python benchmarks/oracle_agreement.py --perspective all   # every recorded view
    python benchmarks/oracle_agreement.py --data DIR --box 27 40.5 42 47.5   # a region
    python benchmarks/oracle_agreement.py --data DIR --box 32 10 62 31 --waters  # its seas

Under a perspective, the polygons are the rows that hold under it
(``ZoneSet.for_perspective``) and the oracle is that view's (its baselines, rocks and
internal waters, ``load_oracle(perspective=...)``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REGIONS = {
    "theatre 110-170E 15-55N": (110.0, 15.0, 170.0, 55.0),
    "Gulf of Tonkin 105.5-110.5E 16.5-22N": (105.5, 16.5, 110.5, 22.0),
}


def sphere_uniform(rng: np.random.Generator, box, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points uniform on the sphere inside a lon/lat box (degrees)."""
    w, s, e, north = box
    lon = rng.uniform(w, e, n)
    lat = np.degrees(np.arcsin(rng.uniform(np.sin(np.radians(s)), np.sin(np.radians(north)), n)))
    return lon, lat


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="points in the theatre")
    ap.add_argument("--n-gulf", type=int, default=20_000, help="points in the Gulf of Tonkin")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--perspective", default="administering",
                    help="a view (administering, ISO3) or 'all' (default administering)")
    ap.add_argument("--data", type=Path, default=None,
                    help="a data folder holding another build (e.g. a region built with "
                         "build-zones --region, with the shipped tables beside it)")
    ap.add_argument("--box", type=float, nargs=4, metavar=("W", "S", "E", "N"), default=None,
                    help="draw the --n points in this box instead of the theatre (and no "
                         "Gulf of Tonkin points)")
    ap.add_argument("--waters", action="store_true",
                    help="count only points in some zone (by the oracle or the polygons): "
                         "draws 4 x --n points and keeps the first --n of those")
    args = ap.parse_args(argv)

    from geo.zones.load import load_shipped, load_zones

    shipped = load_zones() if args.data is None else load_shipped(args.data)
    if args.box is not None:
        REGIONS.clear()
        REGIONS[f"box {' '.join(f'{v:g}' for v in args.box)}"] = tuple(args.box)
    views = shipped.perspectives if args.perspective == "all" else (args.perspective,)
    worst_ok = True
    for view in views:
        print(f"== view {view}")
        worst_ok &= check_view(shipped, view, args)
    print("PASS: >= 99.9 % agree and every disagreement is within 1 km of a boundary"
          if worst_ok else "FAIL")
    return 0 if worst_ok else 1


def check_view(shipped, view: str, args) -> bool:
    """Agreement of one view's rows with that view's oracle; True when it passes."""
    from geo.zones.oracle import boundary_distance_m, load_oracle, polygon_answer

    t0 = time.perf_counter()
    zones = shipped.for_perspective(view).zones
    oracle = load_oracle(args.data, perspective=view)
    print(f"loaded zones and oracle ({len(oracle.xy):,} coast vertices) in "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    rng = np.random.default_rng(args.seed)
    worst_ok = True
    for (name, box), n in zip(REGIONS.items(), (args.n, args.n_gulf)[:len(REGIONS)],
                              strict=True):
        lon, lat = sphere_uniform(rng, box, 4 * n if args.waters else n)
        t0 = time.perf_counter()
        ans = oracle.classify(lon, lat)
        t_oracle = time.perf_counter() - t0
        t0 = time.perf_counter()
        lab, kind = polygon_answer(zones, lon, lat)
        t_poly = time.perf_counter() - t0
        if args.waters:  # the first n points that lie in a zone by either answer
            keep = np.flatnonzero((np.asarray(ans.kind) > 0) | (np.asarray(kind) > 0))[:n]
            lon, lat, lab, kind = lon[keep], lat[keep], lab[keep], kind[keep]
            ans = _take(ans, keep)
            name = f"{name}, waters only"
            n = len(keep)
        agree = (lab == ans.label) & (kind == ans.kind)
        miss = np.nonzero(~agree)[0]
        dist = boundary_distance_m(zones, lon[miss], lat[miss])
        print(f"{name}: {n:,} points, agreement {100 * agree.mean():.3f} % "
              f"({miss.size} disagree; oracle {t_oracle:.1f} s, polygons {t_poly:.1f} s)")
        for i, d in zip(miss, dist, strict=True):
            print(f"  {lat[i]:9.5f}N {lon[i]:10.5f}E  polygons {lab[i] or '-'}/{kind[i]}  "
                  f"oracle {ans.label[i] or '-'}/{ans.kind[i]}  {d:7.1f} m from a boundary")
        worst_ok &= bool(agree.mean() >= 0.999 and (dist <= 1000.0).all())
    return worst_ok


def _take(ans, keep: np.ndarray):
    """The oracle answer ``ans`` restricted to the indices ``keep`` (every array field)."""
    import dataclasses

    return dataclasses.replace(ans, **{
        f.name: np.asarray(getattr(ans, f.name))[keep] for f in dataclasses.fields(ans)
        if isinstance(getattr(ans, f.name), np.ndarray)
        and len(getattr(ans, f.name)) == len(np.asarray(ans.kind))})


if __name__ == "__main__":
    raise SystemExit(main())
