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
"""

from __future__ import annotations

import math
from functools import lru_cache

from geo.gazetteer import Place

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


def land_extent_km(place: Place) -> float | None:
    """One-sigma extent (km) of ``place`` from the shipped land, or None when its kind is
    not land or no shipped land lies near it (see the module docstring)."""
    if place.kind not in LAND_KINDS:
        return None
    return _extent(place)


def land_area_km2(place: Place) -> float | None:
    """Geodesic area (km^2) of the land polygons that make ``place`` (None as above)."""
    import numpy as np

    from geo.geodesy import geodesic_areas_km2

    if place.kind not in LAND_KINDS:
        return None
    try:
        geoms = _polygons_near(place, GROUP_KM if place.kind == "island_group" else NEAR_KM,
                               nearest_only=place.kind != "island_group")
    except FileNotFoundError:
        return None
    if geoms is None:
        return None
    return float(np.sum(geodesic_areas_km2(geoms)))
