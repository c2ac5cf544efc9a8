"""Geodesy on the WGS84 ellipsoid: the one place that owns the Geod object and the units.

Every distance here is in metres and every angle in degrees; longitudes and latitudes are
WGS84 (EPSG:4326). Functions accept scalars or NumPy arrays and are vectorised through
:class:`pyproj.Geod`, never through a Python loop per point.
"""

from __future__ import annotations

import math

import numpy as np
from pyproj import Geod

from geo.errors import InvalidCoordinateError

#: The WGS84 ellipsoid used for every distance, azimuth and ring in launchmap.
GEOD = Geod(ellps="WGS84")

#: Metres in one international nautical mile.
NM = 1852.0
#: Metres in one kilometre.
KM = 1000.0
#: Metres in one statute mile.
MILE = 1609.344

#: The 16 compass points, clockwise from north, each 22.5 degrees wide.
COMPASS_16 = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)


def check_lonlat(lon: float, lat: float, what: str = "point") -> tuple[float, float]:
    """Return ``(lon, lat)`` as floats, longitude normalised to [-180, 180).

    Raises :class:`InvalidCoordinateError` naming ``what`` when a value is not finite,
    the latitude is outside [-90, 90] or the longitude outside [-180, 360].
    """
    try:
        lon_f, lat_f = float(lon), float(lat)
    except (TypeError, ValueError):
        raise InvalidCoordinateError(
            f"{what}: coordinates must be numbers, got lon={lon!r}, lat={lat!r}"
        ) from None
    if not (math.isfinite(lon_f) and math.isfinite(lat_f)):
        raise InvalidCoordinateError(f"{what}: coordinates must be finite, got ({lon!r}, {lat!r})")
    if not -90.0 <= lat_f <= 90.0:
        raise InvalidCoordinateError(f"{what}: latitude {lat_f} is outside [-90, 90] degrees")
    if not -180.0 <= lon_f <= 360.0:
        raise InvalidCoordinateError(f"{what}: longitude {lon_f} is outside [-180, 360] degrees")
    return float(normalize_lon(lon_f)), lat_f


def normalize_lon(lon: float | np.ndarray) -> float | np.ndarray:
    """Wrap longitudes (degrees) into [-180, 180)."""
    return (np.asarray(lon, dtype=float) + 180.0) % 360.0 - 180.0 if np.ndim(lon) else (
        (float(lon) + 180.0) % 360.0 - 180.0
    )


def destination(lon, lat, azimuth_deg, distance_m):
    """Solve the geodesic direct problem: the point ``distance_m`` metres from (lon, lat)
    along the initial azimuth ``azimuth_deg`` (degrees clockwise from true north).

    Returns ``(lon, lat)`` with longitude in [-180, 180); array inputs broadcast.
    """
    lon_a, lat_a, az_a, d_a = np.broadcast_arrays(
        np.asarray(lon, float), np.asarray(lat, float),
        np.asarray(azimuth_deg, float), np.asarray(distance_m, float),
    )
    lon2, lat2, _ = GEOD.fwd(lon_a, lat_a, az_a, d_a)
    lon2 = normalize_lon(np.asarray(lon2, float))
    if np.ndim(lon) == 0 and np.ndim(lat) == 0 and np.ndim(azimuth_deg) == 0 and np.ndim(distance_m) == 0:
        return float(lon2), float(lat2)
    return lon2, np.asarray(lat2, float)


def inverse(lon1, lat1, lon2, lat2):
    """Solve the geodesic inverse problem.

    Returns ``(azimuth_deg, distance_m)``: the initial azimuth at point 1 in [0, 360) and
    the geodesic distance in metres. Array inputs broadcast.
    """
    a = np.broadcast_arrays(*(np.asarray(v, float) for v in (lon1, lat1, lon2, lat2)))
    az, _, dist = GEOD.inv(*a)
    az = np.mod(np.asarray(az, float), 360.0)
    if all(np.ndim(v) == 0 for v in (lon1, lat1, lon2, lat2)):
        return float(az), float(dist)
    return az, np.asarray(dist, float)


def compass_point(azimuth_deg: float) -> str:
    """Name the 16-point compass direction of an azimuth in degrees (e.g. 281 -> 'W')."""
    return COMPASS_16[int(((float(azimuth_deg) % 360.0) + 11.25) // 22.5) % 16]


def geodesic_coords(lon1: float, lat1: float, lon2: float, lat2: float,
                    max_segment_m: float = 20_000.0) -> np.ndarray:
    """Points along the geodesic from (lon1, lat1) to (lon2, lat2), end points included.

    Consecutive points are at most ``max_segment_m`` metres apart. Longitudes are
    *unwrapped* (continuous, may leave [-180, 180)) so that a line crossing the
    antimeridian stays one piece; use :func:`split_antimeridian` before drawing.
    Returns an (n, 2) array of lon, lat.
    """
    _, dist = inverse(lon1, lat1, lon2, lat2)
    n_inner = max(int(math.ceil(dist / max_segment_m)) - 1, 0)
    pts = [(lon1, lat1)]
    if n_inner:
        pts.extend(GEOD.npts(lon1, lat1, lon2, lat2, n_inner))
    pts.append((lon2, lat2))
    arr = np.asarray(pts, float)
    arr[:, 0] = np.degrees(np.unwrap(np.radians(arr[:, 0])))
    return arr


def split_antimeridian(coords: np.ndarray) -> list[np.ndarray]:
    """Cut a line with unwrapped longitudes into pieces that each stay inside [-180, 180].

    Where the line crosses a meridian of +/-180 (in unwrapped longitude, any odd multiple
    of 180), the crossing latitude is interpolated and both pieces end on that meridian.
    """
    coords = np.asarray(coords, float)
    pieces: list[list[tuple[float, float]]] = []
    shift = lambda x: math.floor((x + 180.0) / 360.0)  # noqa: E731 - which 360-degree band
    current: list[tuple[float, float]] = []
    for i, (x, y) in enumerate(coords):
        if i:
            x0, y0 = coords[i - 1]
            b0, b1 = shift(x0), shift(x)
            while b0 != b1:
                edge = 360.0 * b0 + (180.0 if b1 > b0 else -180.0)
                t = (edge - x0) / (x - x0)
                yc = y0 + t * (y - y0)
                current.append((edge - 360.0 * b0, yc))
                pieces.append(current)
                b0 += 1 if b1 > b0 else -1
                current = [(edge - 360.0 * b0, yc)]
        current.append((x - 360.0 * shift(x), y))
    pieces.append(current)
    return [np.asarray(p, float) for p in pieces if len(p) >= 2]
