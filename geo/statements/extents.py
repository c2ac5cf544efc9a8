"""Extents of reference places from the shipped land (``data/land.parquet``, GSHHG full).

A statement measured from an island group of rocks a kilometre across must not carry a
15 km uncertainty for the place alone. For a place of kind ``islet``, ``rock``, ``island``
or ``island_group`` the extent is derived from the land polygons that make it up:

* ``islet`` / ``rock`` / ``island``: the land polygon holding the place's point, else the
  nearest one within :data:`NEAR_KM` (an island's point may sit a little off its coast);
* ``island_group``: every land polygon within :data:`GROUP_KM` of the place's point.

The extent is the one-sigma size per axis of the land taken as uniform over those
polygons: ``sqrt(sum A_i (d_i**2 + R_i**2 / 2) / sum A_i / 2)``, with ``A_i`` a polygon's
geodesic area, ``d_i`` the geodesic distance from the place's point to its centroid and
``R_i = sqrt(A_i / pi)`` (a disk's mean squared radius is ``R**2 / 2``), at least
:data:`MIN_EXTENT_KM`. Other kinds (capes, peninsulas, cities, regions, seas) and places
with no shipped land nearby keep the extent of their kind
(:data:`geo.gazetteer.KIND_EXTENT_KM`). Derived once per place per process.

Shipped table: reading the whole land file costs a cold ``launchmap where`` about two
seconds, so the values for the shipped gazetteer's places are derived once by

    python -m geo.statements.extents

which writes ``data/place_extents.json`` (each place's point, kind, extent, land area and
the area of the land polygon holding its point, which :mod:`geo.statements.regions` uses
to decide whether an island is measured from its coast; with the SHA-256 of the
``land.parquet`` they were derived from). At run time a place found in the table with the
same point and kind, for the same land file, takes its values from it; any other place
(a user's gazetteer, a rebuilt land file) is derived from the land as above. The test
suite holds the shipped table equal to a fresh derivation.
"""

from __future__ import annotations

import math
from functools import lru_cache

from geo.gazetteer import Place

#: The shipped table of derived values (see the module docstring).
TABLE_FILE = "place_extents.json"

#: An island's polygon may lie this far (km) from the place's point.
NEAR_KM = 5.0
#: An island group is the land within this distance (km) of its point.
GROUP_KM = 30.0
#: No place is smaller than this (km, one sigma).
MIN_EXTENT_KM = 0.1

LAND_KINDS = frozenset({"islet", "rock", "island", "island_group"})


def _polygons_near(place: Place, radius_km: float, nearest_only: bool):
    import numpy as np
    import shapely

    from geo.geodesy import inverse
    from geo.land import shipped_land

    land = shipped_land()
    pt = shapely.Point(place.lon, place.lat)
    deg = radius_km / 111.0 / max(math.cos(math.radians(place.lat)), 0.05)
    cand = land.tree.query(shapely.box(place.lon - deg, place.lat - radius_km / 111.0,
                                       place.lon + deg, place.lat + radius_km / 111.0))
    if len(cand) == 0:
        return None
    geoms = land.geoms[cand]
    holds = shapely.intersects(geoms, pt)
    if nearest_only and holds.any():
        return geoms[holds][:1]
    # geodesic distance to each polygon's nearest boundary point
    near = shapely.get_coordinates(shapely.shortest_line(geoms, pt))[0::2]
    _, d = inverse(np.full(len(near), place.lon), np.full(len(near), place.lat),
                   near[:, 0], near[:, 1])
    d = np.where(holds, 0.0, np.atleast_1d(d) / 1000.0)
    ok = d <= radius_km
    if not ok.any():
        return None
    if nearest_only:
        return geoms[[int(np.argmin(np.where(ok, d, np.inf)))]]
    return geoms[ok]


@lru_cache(maxsize=1024)
def _extent(place: Place) -> float | None:
    import numpy as np
    import shapely

    from geo.geodesy import geodesic_areas_km2, inverse

    try:
        geoms = _polygons_near(place, GROUP_KM if place.kind == "island_group" else NEAR_KM,
                               nearest_only=place.kind != "island_group")
    except FileNotFoundError:
        return None
    if geoms is None or len(geoms) == 0:
        return None
    area = np.asarray(geodesic_areas_km2(geoms), float)
    cen = shapely.get_coordinates(shapely.centroid(geoms))
    _, d = inverse(np.full(len(cen), place.lon), np.full(len(cen), place.lat),
                   cen[:, 0], cen[:, 1])
    d = np.atleast_1d(d) / 1000.0
    r2 = area / math.pi
    mean_sq = float(np.sum(area * (d**2 + r2 / 2.0)) / max(float(np.sum(area)), 1e-12))
    return max(math.sqrt(mean_sq / 2.0), MIN_EXTENT_KM)


_MISSING = object()


def _shipped(place: Place, key: str):
    """The shipped table's ``key`` for ``place`` (may be None), or :data:`_MISSING` when
    the table does not hold this place (other point or kind), is absent, or was derived
    from another land file."""
    from geo._paths import data_dir

    table = _table(str(data_dir()))
    if table is None:
        return _MISSING
    row = table.get(place.id)
    if row is None or row["kind"] != place.kind or (row["lon"], row["lat"]) != (place.lon,
                                                                                 place.lat):
        return _MISSING
    return row[key]


@lru_cache(maxsize=4)
def _table(folder: str) -> dict | None:
    import json
    from pathlib import Path

    from geo._paths import sha256_file
    from geo.zones.schema import LAND_FILE

    path, land = Path(folder) / TABLE_FILE, Path(folder) / LAND_FILE
    if not path.exists() or not land.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("land_sha256") != sha256_file(land):
        return None
    return data["places"]


def land_extent_km(place: Place) -> float | None:
    """One-sigma extent (km) of ``place`` from the shipped land, or None when its kind is
    not land or no shipped land lies near it (see the module docstring)."""
    if place.kind not in LAND_KINDS:
        return None
    got = _shipped(place, "extent_km")
    return _extent(place) if got is _MISSING else got


def coast_polygon_km2(place: Place) -> float | None:
    """Geodesic area (km^2) of the shipped land polygon holding the place's point (None
    when no land holds it): what decides whether an island is measured from its coast."""
    got = _shipped(place, "coast_km2")
    return _coast_polygon_km2(place) if got is _MISSING else got


def _coast_polygon_km2(place: Place) -> float | None:
    import numpy as np
    import shapely

    from geo.geodesy import geodesic_areas_km2
    from geo.land import shipped_land

    try:
        land = shipped_land()
    except FileNotFoundError:
        return None
    hit = land.tree.query(shapely.Point(place.lon, place.lat), predicate="intersects")
    if len(hit) == 0:
        return None
    return float(np.sum(geodesic_areas_km2(land.geoms[hit[:1]])))


def land_area_km2(place: Place) -> float | None:
    """Geodesic area (km^2) of the land polygons that make ``place`` (None as above)."""
    if place.kind not in LAND_KINDS:
        return None
    got = _shipped(place, "area_km2")
    return _land_area_km2(place) if got is _MISSING else got


def _land_area_km2(place: Place) -> float | None:
    import numpy as np

    from geo.geodesy import geodesic_areas_km2

    try:
        geoms = _polygons_near(place, GROUP_KM if place.kind == "island_group" else NEAR_KM,
                               nearest_only=place.kind != "island_group")
    except FileNotFoundError:
        return None
    if geoms is None:
        return None
    return float(np.sum(geodesic_areas_km2(geoms)))


def derive_table(places) -> dict:
    """The table of derived values for ``places`` (see the module docstring), from the
    shipped land, computed afresh (nothing read from a shipped table)."""
    from geo._paths import data_dir, sha256_file
    from geo.zones.schema import LAND_FILE

    rows = {}
    for p in places:
        if p.kind not in LAND_KINDS and p.kind != "island":
            continue
        rows[p.id] = {"lon": p.lon, "lat": p.lat, "kind": p.kind,
                      "extent_km": _extent(p) if p.kind in LAND_KINDS else None,
                      "area_km2": _land_area_km2(p) if p.kind in LAND_KINDS else None,
                      "coast_km2": _coast_polygon_km2(p)}
    return {"land_sha256": sha256_file(data_dir() / LAND_FILE),
            "rule": {"near_km": NEAR_KM, "group_km": GROUP_KM, "min_extent_km": MIN_EXTENT_KM},
            "places": rows}


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.statements.extents [--out FILE]``: write the shipped table."""
    import argparse
    import json

    from geo._paths import data_dir
    from geo.gazetteer import load_gazetteer

    ap = argparse.ArgumentParser(description="derive place extents from the shipped land")
    ap.add_argument("--out", default=str(data_dir() / TABLE_FILE))
    args = ap.parse_args(argv)
    places = sorted(load_gazetteer().by_id.values(), key=lambda p: p.id)
    table = derive_table(places)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(table, fh, indent=1, sort_keys=True, ensure_ascii=False)
        fh.write("\n")
    print(f"wrote {args.out}: {len(table['places'])} places")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
