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

#: WGS84 semi-major axis (metres), flattening and first eccentricity squared, taken from
#: :data:`GEOD` so that no second copy of the ellipsoid exists.
WGS84_A: float = float(GEOD.a)
WGS84_F: float = float(GEOD.f)
WGS84_E2: float = float(GEOD.es)

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
    """Wrap longitudes (degrees) into [-180, 180); a scalar stays a float.

    >>> normalize_lon(190.0), normalize_lon(-180.0), normalize_lon(180.0)
    (-170.0, -180.0, -180.0)
    """
    # values already in range are returned as given: (x + 180) % 360 - 180 would move some
    # by a rounding step (off the polygon vertex or edge a point lies on)
    if np.ndim(lon):
        a = np.asarray(lon, dtype=float)
        return np.where((a >= -180.0) & (a < 180.0), a, (a + 180.0) % 360.0 - 180.0)
    f = float(lon)
    return f if -180.0 <= f < 180.0 else (f + 180.0) % 360.0 - 180.0


def wrap_lon_from(lon: float | np.ndarray, west: float) -> float | np.ndarray:
    """Write longitudes (degrees) in the 360-degree band that starts at ``west``:
    the result lies in [west, west + 360). A frame that crosses the antimeridian
    (west = 105 reaches 190) uses this to keep its longitudes continuous.

    >>> float(wrap_lon_from(-170.0, 105.0))
    190.0
    """
    return (np.asarray(lon, dtype=float) - west) % 360.0 + west if np.ndim(lon) else (
        (float(lon) - west) % 360.0 + west
    )


def in_lonlat_box(lon, lat, box: tuple[float, float, float, float]):
    """True where (lon, lat) (degrees) lies in ``box`` = (west, south, east, north), edges
    included. ``east`` may exceed 180 (a box across the antimeridian, e.g. west 105, east
    190): longitudes are written in the band starting at ``west`` first. Scalars give a
    bool, arrays a bool array.

    >>> in_lonlat_box(-175.0, 30.0, (105.0, 15.0, 190.0, 62.0))
    True
    """
    w, s, e, n = box
    x = wrap_lon_from(lon, w)
    inside = (np.asarray(lat, float) >= s) & (np.asarray(lat, float) <= n) & (np.asarray(x) <= e)
    return bool(inside) if np.ndim(inside) == 0 else inside


def ecef(lon, lat, height_m=0.0) -> np.ndarray:
    """Earth-centred, Earth-fixed coordinates (metres) of WGS84 lon/lat (degrees) at
    ellipsoidal height ``height_m``.

    Arrays give an (n, 3) array; scalars give shape (3,).

    >>> [round(float(c)) for c in ecef(0.0, 0.0)]
    [6378137, 0, 0]
    """
    lam = np.radians(np.asarray(lon, float))
    phi = np.radians(np.asarray(lat, float))
    sphi = np.sin(phi)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * sphi * sphi)
    h = np.asarray(height_m, float)
    out = np.stack((
        (n + h) * np.cos(phi) * np.cos(lam),
        (n + h) * np.cos(phi) * np.sin(lam),
        (n * (1.0 - WGS84_E2) + h) * sphi,
    ), axis=-1)
    return out


def ecef_unit(lon, lat) -> np.ndarray:
    """Unit vectors of the geocentric directions of WGS84 surface points (degrees):
    (n, 3) for arrays, (3,) for scalars. Chord length between two such vectors is
    monotonic in their geocentric angle, which makes nearest-vertex searches exact on
    the sphere of directions."""
    v = ecef(lon, lat)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def geocentric_to_geodetic(v) -> tuple[np.ndarray, np.ndarray]:
    """Geodetic lon/lat (degrees) of the WGS84 surface points along geocentric directions
    ``v`` (shape (n, 3) or (3,); need not be unit length).

    Inverse of :func:`ecef_unit`: the surface point along ``v`` has geodetic latitude
    ``atan(tan(geocentric latitude) / (1 - e^2))``.
    """
    v = np.asarray(v, float)
    lon = np.degrees(np.arctan2(v[..., 1], v[..., 0]))
    p = np.hypot(v[..., 0], v[..., 1])
    lat = np.degrees(np.arctan2(v[..., 2], p * (1.0 - WGS84_E2)))
    return lon, lat


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


def _ring_area_m2(coords) -> float:
    xy = np.asarray(coords, float)
    area, _ = GEOD.polygon_area_perimeter(xy[:, 0], xy[:, 1])
    return abs(float(area))


def _polygon_area_m2(poly) -> float:
    """Exterior minus holes, each ring measured geodesically whatever its orientation."""
    return _ring_area_m2(poly.exterior.coords) - sum(_ring_area_m2(h.coords)
                                                     for h in poly.interiors)


#: Width (degrees) of the cells a wide polygon is cut into before its area is taken:
#: 60-degree longitude strips in each hemisphere. Their edges are meridians and the
#: equator, which are geodesics, so the cut changes nothing but keeps every edge
#: unambiguous (a lon/lat polygon spanning 360 degrees or reaching a pole has edges along
#: +/-180 or along a pole "line" that are not well defined as geodesics).
AREA_CELL_DEG = 60.0


def geodesic_area_km2(geom) -> float:
    """Area (km^2) of a shapely (multi)polygon with WGS84 lon/lat coordinates, measured on
    the ellipsoid (Karney's algorithm through :data:`GEOD`); 0 for empty, missing or
    non-polygonal geometries.

    Orientation does not matter and holes are subtracted. A polygon written across the
    antimeridian with continuous longitudes (170..190) is measured correctly, because each
    edge is a geodesic, not a planar segment. A polygon wider than
    :data:`AREA_CELL_DEG` or touching a pole (a range ring closed through a pole, the
    whole-globe box) is first cut into 60-degree cells per hemisphere, so that it gets its
    true area rather than the area enclosed by ambiguous edges along +/-180 and the poles.

    >>> round(geodesic_area_km2(__import__("shapely").box(-180, -90, 180, 90)) / 1e6, 3)
    510.066
    """
    if geom is None or geom.is_empty:
        return 0.0
    total = 0.0
    for part in getattr(geom, "geoms", [geom]):
        if part.geom_type in ("MultiPolygon", "GeometryCollection"):
            total += geodesic_area_km2(part)
            continue
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        minx, miny, maxx, maxy = part.bounds
        if (maxx - minx) <= AREA_CELL_DEG and (maxy - miny) <= AREA_CELL_DEG \
                and -90.0 < miny and maxy < 90.0:
            total += _polygon_area_m2(part) / 1e6
            continue
        import shapely

        west = AREA_CELL_DEG * math.floor(minx / AREA_CELL_DEG)
        for x in np.arange(west, maxx, AREA_CELL_DEG):
            for y0 in (-90.0, 0.0):
                cell = shapely.box(x, y0, x + AREA_CELL_DEG, y0 + 90.0)
                if shapely.intersects(cell, part):
                    for q in shapely.get_parts(shapely.intersection(part, cell)):
                        if q.geom_type == "Polygon" and not q.is_empty:
                            total += _polygon_area_m2(q) / 1e6
    return total


def geodesic_areas_km2(geoms) -> np.ndarray:
    """:func:`geodesic_area_km2` of every geometry of a sequence or array (km^2)."""
    return np.array([geodesic_area_km2(g) for g in geoms], dtype=float)


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
