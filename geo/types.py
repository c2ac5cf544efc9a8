"""Type aliases of launchmap's public API: what a point argument accepts, and the option
strings each function knows.

Importing this module is cheap (no NumPy, shapely or pandas): the geometry and result
classes are named as forward references and resolved only by type checkers.

``PointLike`` is every value a point argument accepts (``geo.track``, ``geo.overflight``,
``geo.range_ring``, ``geo.reach``, ``geo.flight.coverage`` ...), resolved by
:func:`geo.flight.points.resolve_point`:

* a ``(lon, lat)`` pair of numbers (WGS84 degrees, longitude first);
* a shapely ``Point`` (x = lon, y = lat);
* a :class:`geo.Place`, a :class:`geo.Location`, a :class:`geo.flight.FlightPoint` or any
  object with ``lon`` and ``lat`` attributes;
* text: a gazetteer name in any spelling, coordinates, or a statement such as
  ``"about 210 km west of Oshima-Oshima"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, Protocol, Union

if TYPE_CHECKING:  # pragma: no cover - names for type checkers only
    from shapely.geometry import Point

    from geo.gazetteer import Place
    from geo.location import Location


class HasLonLat(Protocol):
    """Anything with WGS84 ``lon`` and ``lat`` attributes in degrees."""

    @property
    def lon(self) -> float: ...

    @property
    def lat(self) -> float: ...


#: A point argument: ``(lon, lat)``, a shapely Point, a Place or Location (or anything
#: with ``lon`` and ``lat``, such as a FlightPoint), or text that names or describes a point.
PointLike = Union[
    tuple[float, float],
    Sequence[float],
    "Point",
    "Place",
    "Location",
    HasLonLat,
    str,
]

#: The maritime zone kinds, innermost first (UNCLOS arts. 3, 33, 57).
ZoneKind = Literal["territorial_sea", "contiguous_zone", "eez"]
#: How the boundary of a zone answer was drawn.
ZoneStatus = Literal["agreed", "median line", "disputed", "uncontested"]
#: Output format of ``launchmap map`` / :func:`layers.render_static`.
MapFormat = Literal["html", "png", "svg"]
#: Picture formats of :func:`layers.render_static`.
StaticFormat = Literal["png", "svg"]
#: Vector formats :mod:`geo.export` writes (picked from the file suffix by the CLI).
ExportFormat = Literal["geojson", "gpkg", "parquet"]
#: What ``launchmap export`` writes.
ExportWhat = Literal["events", "zones", "land", "places"]
#: Which published range figure of ``systems.csv`` a ring or footprint uses: the range
#: (``range_km``) or the lower end of the published estimates (``range_min_km``).
RangeFigure = Literal["range_km", "range_min_km"]
#: What :func:`geo.flight.estimate_range` fits besides the apogee: the reported ground
#: range or the reported flight time.
BallisticFit = Literal["range", "time"]

__all__ = [
    "BallisticFit",
    "ExportFormat",
    "ExportWhat",
    "HasLonLat",
    "MapFormat",
    "PointLike",
    "StaticFormat",
    "RangeFigure",
    "ZoneKind",
    "ZoneStatus",
]
