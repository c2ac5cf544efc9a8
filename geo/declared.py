"""Declared areas: the closure, danger and drop zones states publish before a launch.

``data/declared_areas.csv`` holds one row per area as its notice published it: the
declaring authority, the notice, the validity window (UTC), the purpose, the shape and
the vertices *in the notice's own coordinate format* (``25-15.26N 120-29.20E`` in a
Xinhua notice, ``北緯26°32′00〃、東經121°40′00〃`` in a Chinese-language one), the catalogue
events that fell in it and the source of every row. Each vertex is read by
:func:`geo.locate`'s coordinate grammar after a small translation of the notices'
notations (:func:`parse_vertex`), so a typo in a source (minutes >= 60, a missing
hemisphere, a latitude of 95) is a row error, not a wrong polygon.

Shapes (all WGS84, EPSG:4326, built geodesically with :data:`geo.geodesy.GEOD`):

``polygon``
    the published vertices joined by geodesics (densified every :data:`STEP_M` metres,
    so that the lon/lat polygon follows the geodesic edges); closed whether or not the
    notice repeats the first vertex.
``circle``
    one vertex (the centre) and ``dimensions`` ``radius=<n><unit>`` (``km``, ``nm``):
    the points at that geodesic distance, every :data:`CIRCLE_STEP_DEG` degrees of
    azimuth.
``box``
    one vertex (the centre) and ``dimensions`` ``length=<n><unit>;width=<n><unit>;
    bearing=<deg>``: a rectangle whose long axis runs along the bearing (degrees clockwise
    from true north) through the centre, corners found by the geodesic direct problem.

Areas that cross the antimeridian are split there into a MultiPolygon.
Overlaps with the maritime zones, distances and the events' verdicts are in
:mod:`geo.declared_overlaps`.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from geo._paths import data_path
from geo.errors import (
    DataValidationError,
    InvalidCoordinateError,
    LaunchmapError,
    LocationParseError,
    RowError,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import shapely

AREAS_FILE = "declared_areas.csv"

#: Columns of ``declared_areas.csv``, in order.
COLUMNS = ("id", "name", "authority", "notice", "notice_text", "valid_from", "valid_to",
           "purpose", "shape", "vertices", "dimensions", "events", "events_source", "source")
REQUIRED_COLUMNS = ("id", "authority", "notice", "valid_from", "valid_to", "purpose",
                    "shape", "vertices", "source")
#: What an area is declared for.
PURPOSES = ("live-fire", "drop zone", "exercise")
SHAPES = ("polygon", "circle", "box")
#: Separator of the vertices in the ``vertices`` column (not part of any coordinate).
VERTEX_SEP = "|"
#: Longest geodesic piece of a densified polygon edge (metres).
STEP_M = 2000.0
#: Azimuth step of a circle's ring (degrees).
CIRCLE_STEP_DEG = 2.0

_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z]+-\d+$")
_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z$")
_EVENT_ID = re.compile(r"^[0-9A-Za-z_.-]+$")

# --------------------------------------------------------------------------- vertices
#: Hemisphere words of Chinese- and Japanese-language notices.
_HEMI_WORDS = {"北緯": "N", "北纬": "N", "南緯": "S", "南纬": "S",
               "東經": "E", "东经": "E", "東経": "E", "西經": "W", "西经": "W", "西経": "W"}
#: ``DD-MM.mmX`` / ``DDD-MMX`` (NAVAREA and Chinese MSA notices): degrees, dash, minutes.
_DASHED = re.compile(r"(?<![\d.])(\d{1,3})-(\d{1,2}(?:\.\d+)?)\s*([NSEWnsew])(?![a-z])")


def to_grammar(text: str) -> str:
    """A notice's vertex written in :func:`geo.locate`'s coordinate grammar.

    Only notation is translated, never a value: ``25-15.26N`` (degrees-dash-minutes)
    becomes ``25°15.26′N``; ``北緯`` / ``東經`` (and the other hemisphere words) become
    hemisphere letters in front of their number; the ditto mark ``〃`` that Chinese
    notices use for seconds becomes ``″``; ideographic commas become spaces.
    """
    t = unicodedata.normalize("NFKC", text).replace("〃", "″")
    for word, letter in _HEMI_WORDS.items():
        t = t.replace(word, f" {letter}")
    t = re.sub(r"[、，]", " ", t)
    t = _DASHED.sub(lambda m: f"{m.group(1)}°{m.group(2)}′{m.group(3).upper()}", t)
    return " ".join(t.split())


def parse_vertex(text: str) -> tuple[float, float]:
    """``(lon, lat)`` degrees of one published vertex (see :func:`to_grammar`).

    Raises :class:`~geo.errors.LocationParseError` for text that is not one coordinate
    pair and :class:`~geo.errors.InvalidCoordinateError` for impossible values (minutes
    >= 60, latitude outside [-90, 90]), each naming the vertex as published.
    """
    from geo.location import locate

    if not isinstance(text, str) or not text.strip():
        raise LocationParseError(str(text), "empty vertex; expected e.g. '25-15.26N 120-29.20E'")
    grammar = to_grammar(text)
    try:
        loc = locate(grammar)
    except (LocationParseError, InvalidCoordinateError) as exc:
        raise type(exc)(*_error_args(exc, text)) from None
    except LaunchmapError:
        loc = None
    if loc is None or loc.method != "coordinates":
        raise LocationParseError(text, "not a coordinate pair; expected e.g. "
                                       "'25-15.26N 120-29.20E' or '26°32′00″N 121°40′00″E'")
    return float(loc.lon), float(loc.lat)


def _error_args(exc: LaunchmapError, text: str) -> tuple:
    if isinstance(exc, LocationParseError):
        return (text, getattr(exc, "reason", str(exc)))
    return (f"vertex {text!r}: {exc}",)


def parse_vertices(text: str) -> list[tuple[float, float]]:
    """Every vertex of a ``|``-separated list, in order (:func:`parse_vertex`)."""
    parts = [p.strip() for p in str(text).split(VERTEX_SEP)]
    if not any(parts):
        raise LocationParseError(str(text), "no vertex given")
    return [parse_vertex(p) for p in parts if p]


# --------------------------------------------------------------------------- shapes
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(km|nm|m)\s*$", re.IGNORECASE)
_UNIT_M = {"km": 1000.0, "nm": 1852.0, "m": 1.0}


def _length_m(value: str, what: str) -> float:
    m = _LENGTH.match(value)
    if not m:
        raise ValueError(f"{what} {value!r}: expected a length such as '20nm' or '35 km'")
    out = float(m.group(1)) * _UNIT_M[m.group(2).lower()]
    if not 0 < out <= 5_000_000:
        raise ValueError(f"{what} {value!r}: must be more than 0 and at most 5000 km")
    return out


def parse_dimensions(text: str) -> dict[str, str]:
    """``"radius=20nm"`` / ``"length=40km;width=10km;bearing=45"`` as a dict."""
    out: dict[str, str] = {}
    for item in (p.strip() for p in str(text).split(";")):
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"dimension {item!r}: expected key=value")
        out[key.strip().lower()] = value.strip()
    return out


def _densify(lon: list[float], lat: list[float], step_m: float = STEP_M):
    """The closed ring through the vertices with every edge a densified geodesic; (n, 2)
    with longitudes continuous (unwrapped) along the ring."""
    import numpy as np

    from geo.geodesy import GEOD

    pts = [[lon[0], lat[0]]]
    n = len(lon)
    for k in range(n):
        a, b = k, (k + 1) % n
        d = GEOD.inv(lon[a], lat[a], lon[b], lat[b])[2]
        m = int(math.ceil(d / step_m)) - 1
        if m > 0:
            pts.extend(GEOD.npts(lon[a], lat[a], lon[b], lat[b], m))
        pts.append([lon[b], lat[b]])
    xy = np.asarray(pts, float)
    xy[:, 0] = np.degrees(np.unwrap(np.radians(xy[:, 0])))
    return xy


def _polygon_from_ring(xy) -> shapely.Geometry:
    """A lon/lat (multi)polygon from a closed unwrapped ring; split at the antimeridian."""
    import numpy as np
    import shapely

    xy = np.asarray(xy, float)
    shift = 360.0 * math.floor((xy[:, 0].min() + 180.0) / 360.0)
    xy = xy - [shift, 0.0]  # westmost vertex in [-180, 180)
    poly = shapely.Polygon(xy)
    if xy[:, 0].max() <= 180.0:
        return shapely.geometry.polygon.orient(poly)
    west = shapely.intersection(poly, shapely.box(-180, -90, 180, 90))
    east = shapely.affinity.translate(shapely.intersection(poly, shapely.box(180, -90, 540, 90)),
                                      -360.0)
    parts = [p for g in (west, east) for p in shapely.get_parts(g) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon([shapely.geometry.polygon.orient(p) for p in parts])


def build_geometry(shape: str, vertices: list[tuple[float, float]],
                   dimensions: dict[str, str] | None = None) -> shapely.Geometry:
    """The area's (multi)polygon (WGS84 lon/lat) from its shape, vertices (lon, lat) and
    dimensions (see the module docstring). Raises ``ValueError`` naming what is wrong:
    too few vertices, a self-intersecting polygon, a missing or bad dimension."""
    import numpy as np
    import shapely

    from geo.geodesy import GEOD

    dims = dimensions or {}
    if shape == "polygon":
        pts = list(vertices)
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]  # the notice repeated the first vertex
        if len(set(pts)) < 3:
            raise ValueError(f"a polygon needs 3 distinct vertices, got {len(set(pts))}")
        ring = _densify([p[0] for p in pts], [p[1] for p in pts])
        plain = shapely.Polygon(ring)
        if not plain.is_valid:
            raise ValueError("the vertices, joined in order, cross themselves: "
                             + shapely.is_valid_reason(plain))
        return _polygon_from_ring(ring)
    if len(vertices) != 1:
        raise ValueError(f"a {shape} has one vertex (its centre), got {len(vertices)}")
    (clon, clat), = vertices
    if shape == "circle":
        if "radius" not in dims:
            raise ValueError("a circle needs dimensions 'radius=<length>'")
        r = _length_m(dims["radius"], "radius")
        az = np.arange(0.0, 360.0, CIRCLE_STEP_DEG)
        lon, lat, _ = GEOD.fwd(np.full(az.shape, clon), np.full(az.shape, clat), az,
                               np.full(az.shape, r))
    elif shape == "box":
        missing = [k for k in ("length", "width", "bearing") if k not in dims]
        if missing:
            raise ValueError(f"a box needs dimensions {', '.join(missing)} "
                             "(length=<length>;width=<length>;bearing=<degrees>)")
        half_l = _length_m(dims["length"], "length") / 2.0
        half_w = _length_m(dims["width"], "width") / 2.0
        try:
            bearing = float(dims["bearing"])
        except ValueError:
            raise ValueError(f"bearing {dims['bearing']!r}: expected degrees") from None
        # the ends of the long axis, then from each end half the width either side
        ends = [GEOD.fwd(clon, clat, bearing + s, half_l) for s in (0.0, 180.0)]
        corners = []
        for elon, elat, back in ends:
            heading = back + 180.0  # azimuth onward, away from the centre
            # right then left of the heading: the far end's left is the near end's right
            for s in (90.0, -90.0):
                x, y, _ = GEOD.fwd(elon, elat, heading + s, half_w)
                corners.append((x, y))
        lon = [c[0] for c in corners]
        lat = [c[1] for c in corners]
        ring = _densify(list(lon), list(lat))
        return _polygon_from_ring(ring)
    else:
        raise ValueError(f"unknown shape {shape!r}; expected one of {', '.join(SHAPES)}")
    xy = np.column_stack([lon, lat])
    xy = np.vstack([xy, xy[:1]])
    xy[:, 0] = np.degrees(np.unwrap(np.radians(xy[:, 0])))
    return _polygon_from_ring(xy)


# --------------------------------------------------------------------------- table
def _utc(value: str) -> dt.datetime:
    if not _UTC.match(value):
        raise ValueError(f"{value!r}: expected an ISO 8601 UTC instant YYYY-MM-DDTHH:MM[:SS]Z")
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{value!r}: {exc}") from None


def _columns() -> tuple:
    from geo._tables import Column, choice, listed, pattern, text

    parse = {"id": pattern(_ID, "YYYY-MM-DD-<authority>-<n>, e.g. 2022-08-04-pla-1"),
             "valid_from": _utc, "valid_to": _utc, "purpose": choice(PURPOSES),
             "shape": choice(SHAPES), "events": listed(pattern(_EVENT_ID, "an event id"), ";")}
    return tuple(Column(c, parse.get(c, text), required=c in REQUIRED_COLUMNS,
                        blank=c not in REQUIRED_COLUMNS,
                        default=() if c == "events" else "")
                 for c in COLUMNS)


@dataclass(frozen=True)
class _Area:
    row: dict
    geometry: object
    vertices: tuple[tuple[float, float], ...]


def _resolve(row) -> tuple[_Area | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    if row["valid_to"] <= row["valid_from"]:
        problems.append(("valid_to", f"{row.text['valid_to']} is not after valid_from "
                                     f"{row.text['valid_from']}"))
    try:
        verts = parse_vertices(row["vertices"])
    except LaunchmapError as exc:
        return None, [*problems, ("vertices", str(exc))]
    try:
        dims = parse_dimensions(row["dimensions"])
        geom = build_geometry(row["shape"], verts, dims)
    except ValueError as exc:
        field = "vertices" if row["shape"] == "polygon" else "dimensions"
        return None, [*problems, (field, str(exc))]
    if problems:
        return None, problems
    return _Area(row, geom, tuple(verts)), []


def read_declared_areas(path: str | Path, *, strict: bool = False
                        ) -> tuple[gpd.GeoDataFrame, list[RowError]]:
    """Read a declared-areas CSV: ``(areas, rejected)``.

    ``areas`` is a GeoDataFrame as :func:`declared_areas` returns; ``rejected`` has one
    :class:`~geo.errors.RowError` per problem of every row left out (a vertex that does
    not parse, a window that ends before it starts, a polygon that crosses itself...).
    With ``strict=True`` any rejected row raises :class:`~geo.errors.DataValidationError`.
    """
    from geo._tables import read_table, resolve_rows

    rows, errors = read_table(path, _columns(), id_column="id", what="declared areas")
    good, errors = resolve_rows(path, rows, errors, _resolve, strict=strict)
    return _frame(good), errors


def _frame(areas: list[_Area]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    from geo.geodesy import geodesic_area_km2

    recs = []
    for a in areas:
        rec = {c: a.row[c] for c in COLUMNS}
        rec["valid_from"] = pd.Timestamp(a.row["valid_from"])
        rec["valid_to"] = pd.Timestamp(a.row["valid_to"])
        rec["events"] = list(a.row["events"])
        rec["vertices_lonlat"] = [list(v) for v in a.vertices]
        rec["area_km2"] = geodesic_area_km2(a.geometry)
        rec["geometry"] = a.geometry
        recs.append(rec)
    cols = [*COLUMNS, "vertices_lonlat", "area_km2", "geometry"]
    frame = gpd.GeoDataFrame(recs, columns=cols, geometry="geometry", crs="EPSG:4326")
    for c in ("valid_from", "valid_to"):
        frame[c] = pd.to_datetime(frame[c], utc=True)
    return frame.sort_values(["valid_from", "id"], kind="stable").reset_index(drop=True)


@lru_cache(maxsize=4)
def _shipped(path: str) -> gpd.GeoDataFrame:
    frame, _ = read_declared_areas(path, strict=True)
    return frame


def declared_areas(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The declared areas (default: shipped ``data/declared_areas.csv``).

    GeoDataFrame in EPSG:4326, one row per area, sorted by ``valid_from``: the CSV's
    columns (``valid_from`` / ``valid_to`` as UTC timestamps, ``events`` as a list of
    catalogue event ids), ``vertices_lonlat`` (the parsed vertices, ``[lon, lat]``
    degrees, in the notice's order), ``area_km2`` (geodesic, WGS84) and the area's
    (multi)polygon as geometry. Any invalid row raises
    :class:`~geo.errors.DataValidationError` naming file, row and field.
    """
    p = str(Path(path) if path is not None else data_path(AREAS_FILE))
    return _shipped(p).copy()


def area_of_events(event_ids) -> list[str]:
    """For each event id, the id of the declared area the shipped table links it to
    (``""`` for none). Reads only the ``id`` and ``events`` columns (no geometry), so the
    catalogue can call it cheaply. An event listed by two areas raises
    :class:`~geo.errors.DataValidationError`."""
    link = _event_links(str(data_path(AREAS_FILE)))
    return [link.get(str(e), "") for e in event_ids]


@lru_cache(maxsize=4)
def _event_links(path: str) -> dict[str, str]:
    p = Path(path)
    if not p.is_file():
        return {}
    out: dict[str, str] = {}
    errors: list[RowError] = []
    with p.open(encoding="utf-8-sig", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=1):
            for ev in (e.strip() for e in (row.get("events") or "").split(";")):
                if not ev:
                    continue
                if ev in out and out[ev] != row["id"]:
                    errors.append(RowError(path, n, "events",
                                           f"event {ev!r} is already linked to {out[ev]!r}"))
                out[ev] = row["id"]
    if errors:
        raise DataValidationError(errors)
    return out
