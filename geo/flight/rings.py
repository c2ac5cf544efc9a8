"""Geodesic range rings: every point within a given distance of a centre, as a polygon.

A range ring of radius d around a centre C is the set of points whose WGS84 geodesic
distance from C is at most d. Its boundary is traced with the geodesic direct problem
(``GEOD.fwd`` from C at uniform azimuths, then refined: an edge is split at its middle
azimuth until the straight lon/lat chord between neighbouring vertices stays within
``tol_km`` of distance d, so point-in-polygon tests in lon/lat are right to ``tol_km``).

The polygon is returned in lon/lat (EPSG:4326) with longitudes in [-180, 180]:

* a ring crossing the antimeridian is cut there into a MultiPolygon;
* a ring containing a pole (the distance to the pole is less than d) is closed through
  that pole: the polygon includes the polar cap, its edge runs along latitude +/-90;
* a ring containing both poles (d larger than the distance to either pole, e.g. a
  ring wider than a quarter meridian centred near the equator, or a ring around the
  antipode when d approaches half the circumference) is the whole world minus the
  small region around the antipode that is out of reach;
* d of at least the longest geodesic from C (about 20,004 km) covers the Earth: the
  polygon is the whole lon/lat box.

Near the antipode, geodesics from C stop being shortest (the cut locus of the
ellipsoid): up to d = 19,950 km every traced vertex is at geodesic distance d (checked
with ``GEOD.inv`` for random centres); within ~50 km of the antipodal distance the traced
vertices can be a few km closer than d.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from geo.errors import InvalidOptionError
from geo.flight.points import resolve_point
from geo.geodesy import GEOD, KM, normalize_lon
from geo.types import PointLike

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: Initial number of vertices (uniform azimuths) of a ring before refinement.
DEFAULT_N = 360
#: Largest allowed distance error (km) of an edge's lon/lat midpoint from the ring.
DEFAULT_TOL_KM = 0.5
#: Refinement rounds (each can double the vertices of the edges that need it).
MAX_REFINE = 14
#: Grid (degrees) the pieces of a cut ring are snapped to when they are merged.
GRID_DEG = 1e-10
#: Longest distance on WGS84 from any point (km): the pole-to-pole half meridian.
MAX_DISTANCE_KM = 20003.931


def _fwd(lon: float, lat: float, az: np.ndarray, dist_m: float) -> tuple[np.ndarray, np.ndarray]:
    lo, la, _ = GEOD.fwd(np.full(az.shape, lon), np.full(az.shape, lat), az,
                         np.full(az.shape, dist_m))
    return np.asarray(lo, float), np.asarray(la, float)


def ring_vertices(lon: float, lat: float, km: float, *, n: int = DEFAULT_N,
                  tol_km: float = DEFAULT_TOL_KM) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ring's boundary: ``(azimuth_deg, lon, lat)`` arrays, clockwise from north,
    longitudes unwrapped (continuous), not closed. Refined until every edge's lon/lat
    midpoint is within ``tol_km`` of the ring distance (or :data:`MAX_REFINE` rounds)."""
    dist_m = km * KM
    az = np.linspace(0.0, 360.0, int(n), endpoint=False)
    x, y = _fwd(lon, lat, az, dist_m)
    for _ in range(MAX_REFINE):
        xu = np.degrees(np.unwrap(np.radians(x)))
        az2 = np.append(az, 360.0)
        xu2 = np.append(xu, _wrap_next(xu[-1], x[0]))
        y2 = np.append(y, y[0])
        mx, my = 0.5 * (xu2[:-1] + xu2[1:]), 0.5 * (y2[:-1] + y2[1:])
        _, _, d = GEOD.inv(np.full(mx.shape, lon), np.full(mx.shape, lat),
                           normalize_lon(mx), my)
        bad = np.abs(np.asarray(d) - dist_m) > tol_km * KM
        if not bad.any():
            break
        new_az = 0.5 * (az2[:-1] + az2[1:])[bad]
        nx, ny = _fwd(lon, lat, new_az, dist_m)
        az = np.concatenate([az, new_az])
        x = np.concatenate([x, nx])
        y = np.concatenate([y, ny])
        order = np.argsort(az, kind="stable")
        az, x, y = az[order], x[order], y[order]
    xu = np.degrees(np.unwrap(np.radians(x)))
    xu += x[0] - xu[0]
    return az, xu, y


def _wrap_next(prev_unwrapped: float, nxt: float) -> float:
    """``nxt`` shifted by whole turns to within 180 degrees of ``prev_unwrapped``."""
    return nxt + 360.0 * round((prev_unwrapped - nxt) / 360.0)


def _split_windows(poly) -> Any:
    """A polygon in unwrapped longitudes cut into [-180, 180] windows and shifted back,
    parts that touch merged (union)."""
    import shapely
    from shapely import affinity

    minx, _, maxx, _ = poly.bounds
    k0 = math.floor((minx + 180.0) / 360.0)
    k1 = math.floor((maxx + 180.0) / 360.0)
    parts = []
    for k in range(k0, k1 + 1):
        w = shapely.box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
        piece = shapely.intersection(poly, w)
        if not piece.is_empty:
            parts.append(affinity.translate(piece, -360.0 * k))
    # snap to a 1e-10 degree grid (~0.01 mm) so pieces that meet at a seam (x + 360 - 360
    # need not give back x exactly) merge instead of leaving a sub-nanometre gap
    geom = shapely.union_all(parts, grid_size=GRID_DEG) if len(parts) > 1 else parts[0]
    polys = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    return polys


def _as_geometry(polys: list) -> Any:
    import shapely

    polys = [shapely.orient_polygons(p) for p in polys if p.area > 0]
    if len(polys) == 1:
        return polys[0]
    return shapely.MultiPolygon(polys)


def ring_polygon(lon: float, lat: float, km: float, *, n: int = DEFAULT_N,
                 tol_km: float = DEFAULT_TOL_KM):
    """The geodesic disc of radius ``km`` around (lon, lat) as a shapely Polygon or
    MultiPolygon in lon/lat (EPSG:4326, longitudes in [-180, 180]); see the module
    docstring for the antimeridian, pole and antipode cases."""
    import shapely

    if not (isinstance(km, (int, float)) and math.isfinite(km) and km > 0):
        raise InvalidOptionError(f"ring radius must be a finite number of km > 0, got {km!r}")
    if km >= MAX_DISTANCE_KM:
        return shapely.box(-180.0, -90.0, 180.0, 90.0)
    _, _, d_np = GEOD.inv(lon, lat, 0.0, 90.0)
    _, _, d_sp = GEOD.inv(lon, lat, 0.0, -90.0)
    north_in = d_np / KM < km
    south_in = d_sp / KM < km
    _, xu, y = ring_vertices(lon, lat, km, n=n, tol_km=tol_km)
    closing = _wrap_next(xu[-1], xu[0])
    winding = round((closing - xu[0]) / 360.0)
    if north_in and south_in:
        # the ring encloses the unreachable region around the antipode
        hole = shapely.Polygon(np.column_stack([xu, y]))
        hole = shapely.make_valid(hole) if not hole.is_valid else hole
        hole_parts = _split_windows(hole)
        world = shapely.box(-180.0, -90.0, 180.0, 90.0)
        return _as_geometry(list(shapely.get_parts(
            shapely.difference(world, shapely.union_all(hole_parts)))))
    if north_in or south_in:
        pole_lat = 90.0 if north_in else -90.0
        if winding == 0:  # numerically ambiguous (ring through the pole): trust geometry
            winding = 1
        # close through the pole: ring vertices (continuous), then along the pole latitude
        xs = np.append(xu, closing)
        ys = np.append(y, y[0])
        cap = np.vstack([np.column_stack([xs, ys]), [[xs[-1], pole_lat], [xs[0], pole_lat]]])
        poly = shapely.Polygon(cap)
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        return _as_geometry(_split_windows(poly))
    poly = shapely.Polygon(np.column_stack([xu, y]))
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
    return _as_geometry(_split_windows(poly))


def range_ring(place_or_point: PointLike, km: float, *, n: int = DEFAULT_N,
               tol_km: float = DEFAULT_TOL_KM, label: str | None = None) -> gpd.GeoDataFrame:
    """A geodesic range ring around a place or point, as a one-row GeoDataFrame.

    ``place_or_point``: any :data:`~geo.types.PointLike` (``(lon, lat)`` in WGS84
    degrees, a gazetteer Place, a place name, ``"lat,lon"`` text ...). ``km``: radius
    (geodesic km, > 0). ``n``: initial vertices at uniform azimuths (refined until every
    edge is within ``tol_km`` of the true ring).
    Accuracy limit: for ``km`` above 19,950 (within ~50 km of the antipodal distance) the
    traced ring is only approximate (cut locus of the ellipsoid).

    Returns a GeoDataFrame (EPSG:4326) with columns ``center`` (name or coordinates),
    ``center_lon``, ``center_lat``, ``range_km``, ``label`` and geometry (Polygon, or a
    MultiPolygon cut at +/-180; closed through a pole it contains; the whole globe for
    ``km`` >= 20,004).
    """
    import geopandas as gpd

    c = resolve_point(place_or_point, "ring centre")
    try:
        radius = float(km)
    except (TypeError, ValueError):
        raise InvalidOptionError(f"ring radius must be a number of km, got {km!r}") from None
    geom = ring_polygon(c.lon, c.lat, radius, n=n, tol_km=tol_km)
    row = {"center": c.label, "center_lon": c.lon, "center_lat": c.lat, "range_km": radius,
           "label": label if label is not None else f"{radius:,.0f} km from {c.label}"}
    return gpd.GeoDataFrame([row], geometry=[geom], crs="EPSG:4326")


def ring_geometry(center: PointLike, km: float, **kw: Any) -> Any:
    """The ring polygon alone (shapely geometry) for a place/point and radius in km."""
    c = resolve_point(center, "ring centre")
    return ring_polygon(c.lon, c.lat, float(km), **kw)


def rings(place_or_point: PointLike, kms: Iterable[float], **kw: Any) -> gpd.GeoDataFrame:
    """Several concentric rings (one row per radius, largest first so smaller ones draw
    on top)."""
    import pandas as pd

    frames = [range_ring(place_or_point, k, **kw) for k in sorted(kms, reverse=True)]
    out = pd.concat(frames, ignore_index=True)
    return out.set_crs("EPSG:4326", allow_override=True)
