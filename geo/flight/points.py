"""Turn what a user passes as a launch site, impact point or ring centre into one point.

Accepted everywhere in :mod:`geo.flight`:

* a ``(lon, lat)`` tuple or list of two numbers (WGS84 degrees, longitude first);
* a :class:`geo.gazetteer.Place` (or anything with ``lon`` and ``lat`` attributes);
* a shapely ``Point`` (x = lon, y = lat);
* a string: a gazetteer name in any spelling or id (``"Sunan"``, ``"seongju"``), or
  anything :func:`geo.location.locate` reads: coordinates (``"39.2,125.67"``, latitude
  first as people write them unless the first value cannot be a latitude; ``"41.5N
  137E"``; degrees-minutes-seconds) or a statement ("about 1,180 km east of Cape Erimo").
  Text is read exactly as ``launchmap where`` reads it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from geo.errors import InvalidCoordinateError
from geo.geodesy import check_lonlat
from geo.types import PointLike


@dataclass(frozen=True)
class FlightPoint:
    """A resolved point: WGS84 ``lon`` in [-180, 180) and ``lat`` (degrees), with the
    gazetteer ``id``, ``name`` and ``country`` (ISO3) when it came from a place."""

    lon: float
    lat: float
    name: str = ""
    id: str = ""
    country: str = ""

    @property
    def label(self) -> str:
        """The place name, or the coordinates written ``lat, lon``."""
        return self.name or f"{self.lat:.4f}, {self.lon:.4f}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict of the point."""
        return asdict(self)


def _lonlat(lon: Any, lat: Any, what: str) -> tuple[float, float]:
    """Checked (lon, lat); a longitude already in [-180, 180) is kept exactly as given
    (no float noise from re-normalising)."""
    lon_n, lat_n = check_lonlat(lon, lat, what)
    lon_f = float(lon)
    return (lon_f if -180.0 <= lon_f < 180.0 else lon_n), lat_n


def resolve_point(value: PointLike, what: str = "point") -> FlightPoint:
    """Resolve ``value`` (see the module docstring) to a :class:`FlightPoint`.

    Raises :class:`~geo.errors.UnknownPlaceError` for an unknown place name and
    :class:`~geo.errors.InvalidCoordinateError` (naming ``what``) for bad coordinates or
    a value of an unsupported type.
    """
    if isinstance(value, FlightPoint):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise InvalidCoordinateError(f"{what}: empty place name")
        from geo.gazetteer import load_gazetteer

        place = load_gazetteer().lookup(value.strip())
        if place is None:
            # a statement ("about 1,180 km east of Cape Erimo") or other coordinate forms
            from geo.location import locate

            loc = locate(value)
            lon, lat = _lonlat(loc.lon, loc.lat, what)
            if loc.method == "coordinates":
                return FlightPoint(lon, lat)
            return FlightPoint(lon, lat, value.strip() if loc.method != "place" else
                               (loc.place_name or ""), loc.place_id or "")
        lon, lat = _lonlat(place.lon, place.lat, what)
        return FlightPoint(lon, lat, place.name, place.id, place.country or "")
    if hasattr(value, "lon") and hasattr(value, "lat"):
        lon, lat = _lonlat(value.lon, value.lat, what)
        return FlightPoint(lon, lat, str(getattr(value, "name", "") or ""),
                           str(getattr(value, "id", "") or ""),
                           str(getattr(value, "country", "") or ""))
    if getattr(value, "geom_type", None) == "Point":
        lon, lat = _lonlat(value.x, value.y, what)
        return FlightPoint(lon, lat)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        lon, lat = _lonlat(value[0], value[1], what)
        return FlightPoint(lon, lat)
    try:
        import numpy as np

        arr = np.asarray(value, dtype=float)
        if arr.shape == (2,):
            lon, lat = _lonlat(arr[0], arr[1], what)
            return FlightPoint(lon, lat)
    except (TypeError, ValueError):
        pass
    raise InvalidCoordinateError(
        f"{what}: expected (lon, lat), a Place, a shapely Point, a place name, coordinates "
        f"or a statement as text, got {type(value).__name__} {value!r}"
    )
