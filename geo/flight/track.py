"""Ground tracks: the geodesic from launch to impact, drawn across the antimeridian.

A ballistic missile's ground track is, to the accuracy that matters for "did it fly over
Japan?", the geodesic on the WGS84 ellipsoid from the launch point to the impact point
(Earth's rotation bends the inertial path, not the first-order ground track; the error
for a 1,000-4,600 km flight is a few tens of km at most, well inside the uncertainty of
reported launch and impact points).

:func:`track` returns a :class:`Track`: the geodesic as a LineString, or a
MultiLineString cut at +/-180 so it draws correctly across the antimeridian, with its
length (km) and initial azimuth (degrees from true north). The land a track crosses is
:mod:`geo.flight.overflight`; tracks of the whole catalogue are :mod:`geo.flight.tables`.

Coordinates are WGS84 lon/lat (EPSG:4326); distances along the track are geodesic km.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from geo.errors import InvalidCoordinateError, InvalidOptionError
from geo.flight.points import FlightPoint, resolve_point
from geo.geodesy import GEOD, KM, normalize_lon, split_antimeridian
from geo.types import PointLike

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd


def line_geometry(coords: np.ndarray):
    """A LineString from (n, 2) lon/lat with *unwrapped* longitudes, or a MultiLineString
    when the line crosses +/-180 (cut there, every piece inside [-180, 180])."""
    import shapely

    pieces = []
    for p in split_antimeridian(np.asarray(coords, float)):
        keep = np.concatenate([[True], np.any(np.diff(p, axis=0) != 0, axis=1)])
        if keep.sum() >= 2:
            pieces.append(p[keep])
    if not pieces:  # degenerate: every point the same
        return shapely.LineString(np.repeat(np.asarray(coords, float)[:1], 2, axis=0))
    if len(pieces) == 1:
        return shapely.LineString(pieces[0])
    return shapely.MultiLineString([shapely.LineString(p) for p in pieces])


@dataclass(frozen=True)
class Track:
    """A ground track: the WGS84 geodesic from ``launch`` to ``impact``.

    ``length_km``: geodesic length; ``azimuth_deg``: initial azimuth at the launch point
    (degrees clockwise from true north, [0, 360)); ``final_azimuth_deg``: direction of
    travel at the impact point; ``geometry``: LineString (EPSG:4326) or, when the track
    crosses the antimeridian, a MultiLineString cut at +/-180; ``coords``: the sampled
    points with unwrapped (continuous) longitudes, spaced at most ``max_segment_km``.
    """

    launch: FlightPoint
    impact: FlightPoint
    length_km: float
    azimuth_deg: float
    final_azimuth_deg: float
    max_segment_km: float
    geometry: Any
    coords: np.ndarray

    @property
    def crosses_antimeridian(self) -> bool:
        return self.geometry.geom_type == "MultiLineString"

    def point_at(self, km: float | np.ndarray):
        """The point(s) ``km`` along the track: ``(lon, lat)`` in [-180, 180)."""
        km_arr = np.asarray(km, float)
        if np.any(km_arr < -1e-9) or np.any(km_arr > self.length_km + 1e-9):
            raise InvalidOptionError(f"distance along track must be within [0, {self.length_km:.3f}] km")
        lon, lat, _ = GEOD.fwd(np.full(km_arr.shape, self.launch.lon),
                               np.full(km_arr.shape, self.launch.lat),
                               np.full(km_arr.shape, self.azimuth_deg), km_arr * KM)
        lon = normalize_lon(np.asarray(lon, float))
        if km_arr.ndim == 0:
            return float(lon), float(lat)
        return lon, np.asarray(lat, float)

    def sample(self, spacing_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Points at most ``spacing_km`` apart, ends included: ``(km, lon, lat)`` with
        unwrapped longitudes (continuous across +/-180)."""
        return _sample(self.launch.lon, self.launch.lat, self.azimuth_deg, self.length_km,
                       spacing_km)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict: launch, impact, length_km, azimuth_deg, final_azimuth_deg and
        the geometry as GeoJSON."""
        import shapely

        return {
            "launch": self.launch.to_dict(), "impact": self.impact.to_dict(),
            "length_km": round(self.length_km, 3), "azimuth_deg": round(self.azimuth_deg, 4),
            "final_azimuth_deg": round(self.final_azimuth_deg, 4),
            "geometry": shapely.geometry.mapping(self.geometry),
        }

    def to_gdf(self) -> gpd.GeoDataFrame:
        """One-row GeoDataFrame (EPSG:4326): launch/impact names and coordinates,
        length_km, azimuth_deg, final_azimuth_deg, geometry."""
        import geopandas as gpd

        row = {
            "launch": self.launch.label, "launch_lon": self.launch.lon,
            "launch_lat": self.launch.lat, "impact": self.impact.label,
            "impact_lon": self.impact.lon, "impact_lat": self.impact.lat,
            "length_km": self.length_km, "azimuth_deg": self.azimuth_deg,
            "final_azimuth_deg": self.final_azimuth_deg,
        }
        return gpd.GeoDataFrame([row], geometry=[self.geometry], crs="EPSG:4326")


def _sample(lon0: float, lat0: float, az: float, length_km: float,
            spacing_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not spacing_km > 0:
        raise InvalidOptionError(f"spacing must be > 0 km, got {spacing_km!r}")
    n = max(int(math.ceil(length_km / spacing_km)), 1) + 1
    s = np.linspace(0.0, length_km, n)
    lon, lat, _ = GEOD.fwd(np.full(n, lon0), np.full(n, lat0), np.full(n, az), s * KM)
    lon = np.degrees(np.unwrap(np.radians(np.asarray(lon, float))))
    lon += lon0 - lon[0]  # start in [-180, 180)
    return s, lon, np.asarray(lat, float)


def _with_meridian_crossings(lon0: float, lat0: float, az: float, km: np.ndarray,
                             lon: np.ndarray, lat: np.ndarray):
    """Insert the exact points where the geodesic crosses +/-180 (found by bisection on
    the direct problem), so that cutting the line there adds no interpolation error."""
    band = np.floor((lon + 180.0) / 360.0)
    ks = np.flatnonzero(np.diff(band) != 0)
    if ks.size == 0:
        return km, lon, lat
    edge = 360.0 * np.maximum(band[ks], band[ks + 1]) - 180.0  # unwrapped meridian
    lo, hi = km[ks].copy(), km[ks + 1].copy()
    rising = lon[ks + 1] > lon[ks]
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        x, _, _ = GEOD.fwd(np.full(mid.shape, lon0), np.full(mid.shape, lat0),
                           np.full(mid.shape, az), mid * KM)
        x = np.asarray(x, float)
        # unwrap the mid longitude next to the interval's start
        x = x + 360.0 * np.round((lon[ks] - x) / 360.0)
        before = np.where(rising, x < edge, x > edge)
        lo = np.where(before, mid, lo)
        hi = np.where(before, hi, mid)
    mid = 0.5 * (lo + hi)
    _, y, _ = GEOD.fwd(np.full(mid.shape, lon0), np.full(mid.shape, lat0),
                       np.full(mid.shape, az), mid * KM)
    km = np.insert(km, ks + 1, mid)
    lon = np.insert(lon, ks + 1, edge)
    lat = np.insert(lat, ks + 1, np.asarray(y, float))
    return km, lon, lat


def track(launch: PointLike, impact: PointLike, *, max_segment_km: float = 20.0) -> Track:
    """The ground track from ``launch`` to ``impact`` as a :class:`Track`.

    ``launch``/``impact``: any :data:`~geo.types.PointLike` (``(lon, lat)`` in WGS84
    degrees, a gazetteer Place, a shapely Point, a place name, ``"lat,lon"`` text or a
    statement). ``max_segment_km``: the longest
    straight (lon/lat) piece of the drawn line; 20 km keeps the drawn line within a few
    tens of metres of the true geodesic at these latitudes.

    Raises :class:`~geo.errors.InvalidCoordinateError` when the points are invalid or
    coincide, :class:`~geo.errors.UnknownPlaceError` for an unknown place name.
    """
    a = resolve_point(launch, "launch")
    b = resolve_point(impact, "impact")
    if not max_segment_km > 0:
        raise InvalidOptionError(f"max_segment_km must be > 0, got {max_segment_km!r}")
    az1, az2, dist = GEOD.inv(a.lon, a.lat, b.lon, b.lat)
    length_km = float(dist) / KM
    if length_km < 1e-6:
        raise InvalidCoordinateError(
            f"launch {a.label} and impact {b.label} coincide: a track needs two distinct points"
        )
    az1 = float(az1) % 360.0
    km, lon, lat = _sample(a.lon, a.lat, az1, length_km, max_segment_km)
    # the exact end point, written in the unwrapped turn the sampled line reached: b.lon
    # plus whole turns, so an impact on +/-180 stays exactly on that meridian
    lon[-1] = b.lon + 360.0 * round((lon[-1] - b.lon) / 360.0)
    lat[-1] = b.lat
    km, lon, lat = _with_meridian_crossings(a.lon, a.lat, az1, km, lon, lat)
    coords = np.column_stack([lon, lat])
    return Track(a, b, length_km, az1, float(az2) % 360.0, float(max_segment_km),
                 line_geometry(coords), coords)
